"""Reopening an article restores the scroll position, the current quote and the speaker filter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.state import StateStore


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def app_with(article: Article, store: StateStore, *, fresh: bool = False) -> ReaderApp:
    return ReaderApp(article, animate=False, environ={}, state=store, fresh=fresh)


async def read_somewhere(article: Article, store: StateStore) -> tuple:
    app = app_with(article, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")  # filter: the first speaker
        await pilot.press("n", "n", "n")
        await pilot.press("space", "space")
        await pilot.pause()
        screen = app.screen
        where = (
            screen.body.reading_anchor(),
            screen.quote_list.current_quote.id,
            screen.quote_list.speaker_filter,
            screen.body.scroll_offset.y,
        )
    return where


async def test_position_quote_and_filter_survive_a_restart(seed: Article, tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    anchor, quote_id, speaker, y = await read_somewhere(seed, store)
    assert y > 0 and speaker is not None
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.body.reading_anchor() == anchor
        assert screen.body.scroll_offset.y == y
        assert screen.quote_list.speaker_filter == speaker
        assert screen.quote_list.current_quote.id == quote_id


async def test_position_is_kept_at_another_width(seed: Article, tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    anchor, *_ = await read_somewhere(seed, store)
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        body = app.screen.body
        # The same words are at the top though the lines wrap differently.
        assert body.reading_anchor()[0] == anchor[0]


async def test_fresh_opens_at_the_top(seed: Article, tmp_path: Path) -> None:
    await read_somewhere(seed, StateStore(tmp_path))
    app = app_with(seed, StateStore(tmp_path), fresh=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.body.scroll_offset.y == 0
        assert app.screen.quote_list.speaker_filter is None


async def test_damaged_or_stale_state_falls_back_to_defaults(seed: Article, tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.path_for(seed.id).parent.mkdir(parents=True, exist_ok=True)
    store.path_for(seed.id).write_text("{not json")
    app = app_with(seed, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.body.scroll_offset.y == 0
    assert len(store.warnings) == 1 and "damaged" in store.warnings[0]
    # A saved position naming blocks, quotes and speakers that no longer exist is ignored.
    stale = {"anchor": ["gone", 1, 5], "quote": "q999", "speaker": "nobody"}
    store.path_for(seed.id).write_text(json.dumps(stale))
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.body.scroll_offset.y == 0
        assert app.screen.quote_list.speaker_filter is None


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_saved_quote_comes_back_at_any_size_and_stays_saved(
    seed: Article, tmp_path: Path, size
) -> None:
    # At 80x24 the quote list followed the body to the first quote in view (q1 is, q4 is not)
    # and the writer then saved q1 over q4 at once.
    store = StateStore(tmp_path)
    store.path_for(seed.id).parent.mkdir(parents=True, exist_ok=True)
    saved = {"anchor": None, "quote": "q4", "speaker": None}
    store.path_for(seed.id).write_text(json.dumps(saved))
    app = app_with(seed, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        quote = screen.quote_list.current_quote
        assert quote is not None and quote.id == "q4"
        assert f"Quote 4/{len(seed.quotes)}" in screen.status_line.text
        assert screen.body.highlighted_spans == quote.spans
        assert screen.body.spans_in_view(quote.spans)  # no place was saved: its words show
        await pilot.press("j")  # a move of the place, which is saved with the quote
        await pilot.pause()
    assert StateStore(tmp_path).load(seed.id)["quote"] == "q4"


async def test_the_saved_fact_comes_back_as_what_the_status_names(
    seed: Article, tmp_path: Path
) -> None:
    store = StateStore(tmp_path)
    app = app_with(seed, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "f", "f", "f")
        await pilot.pause()
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.quote_list.current_quote == seed.quotes[1]
        assert screen.facts_panel.current_fact == seed.facts[2]
        assert f"Fact 3/{len(seed.facts)}" in screen.status_line.text
        assert screen.body.highlighted_spans == (seed.facts[2].span,)


@pytest.mark.parametrize("size", [(80, 24), (50, 20)])
async def test_a_quote_saved_in_view_comes_back_in_view_in_a_smaller_window(
    seed: Article, tmp_path: Path, size
) -> None:
    # Saved at 120x40 with q4 in view below the top of the body, reopened at 80x24: the list
    # followed the body to the first quote in view (Quote 1/16) and the writer saved q1 over q4.
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nnnn")
        await pilot.pause()
        assert app.screen.body.scroll_offset.y == 0
    for _ in range(2):  # and once more: what the first reopening saved is q4 still
        app = app_with(seed, StateStore(tmp_path))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            quote = seed.quotes[3]
            assert screen.quote_list.current_quote == quote
            assert f"Quote 4/{len(seed.quotes)}" in screen.status_line.text
            assert screen.body.highlighted_spans == quote.spans
            assert screen.body.spans_in_view(quote.spans)
        assert StateStore(tmp_path).load(seed.id)["quote"] == "q4"
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")  # on from it
        await pilot.pause()
        assert app.screen.quote_list.current_quote == seed.quotes[4]


async def test_a_quote_read_away_from_leaves_the_place_where_it_was(
    seed: Article, tmp_path: Path
) -> None:
    # The reader paged on past the quote: reopening keeps the place, not the quote, in view.
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "space", "space")
        await pilot.pause()
        anchor = app.screen.body.reading_anchor()
        assert not app.screen.body.spans_in_view(seed.quotes[0].spans)
    app = app_with(seed, StateStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.body.reading_anchor() == anchor
        assert screen.quote_list.current_quote == seed.quotes[0]
        assert not screen.body.spans_in_view(seed.quotes[0].spans)


async def test_a_place_saved_by_an_older_reader_shows_its_quote(
    seed: Article, tmp_path: Path
) -> None:
    # An older reader saved the quote its list marked, one in view: it shows again.
    store = StateStore(tmp_path)
    store.path_for(seed.id).parent.mkdir(parents=True, exist_ok=True)
    saved = {"anchor": ["fig1", 2, 0], "quote": "q4", "speaker": None}
    store.path_for(seed.id).write_text(json.dumps(saved))
    app = app_with(seed, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.quote_list.current_quote == seed.quotes[3]
        assert screen.body.spans_in_view(seed.quotes[3].spans)
