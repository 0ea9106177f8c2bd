"""One current quote and one current fact, shown the same everywhere: the list's cursor, its
mark on screen, the body's highlight, the status line, ``c`` and ``y``, across searches,
reloads, filters, pane switches, fact jumps, deep links and resizes."""

from __future__ import annotations

import pytest
from list_marks import (
    assert_nothing_current,
    assert_quote_shown_everywhere,
    marked_text,
    reader,
    screen_rows,
)

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.links import Target
from tui.model.article import Article
from tui.model.loader import load_article


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def make_app(article: Article, **options) -> ReaderApp:
    return ReaderApp(article, animate=False, environ={}, **options)


# --- One model: every move shows the same item everywhere --------------------------------


async def test_a_fresh_open_names_nothing_and_the_first_n_shows_the_first_quote(
    seed: Article,
) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.pause()
        assert_nothing_current(app)
        assert f"{len(seed.quotes)} quotes" in screen.status_line.text
        await pilot.press("n")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 0)


async def test_moving_the_list_cursor_shows_the_quote_everywhere(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("tab", "down", "down", "down")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 2)
        await pilot.press("c")
        quote = seed.quotes[2]
        assert app.clipboard.startswith(f"“{quote.text}”")
        await pilot.press("y")
        assert app.clipboard.endswith(f"#{quote.id}")
        # A quote far down: the body scrolls to it (only then).
        await pilot.press("end")
        await pilot.pause()
        last = len(seed.quotes) - 1
        assert_quote_shown_everywhere(app, last)
        assert screen.body.spans_in_view(seed.quotes[last].spans)


async def test_after_a_fact_jump_the_quote_list_cursor_takes_the_status_back(
    seed: Article,
) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "f", "f")
        fact = seed.facts[1]
        assert f"Fact 2/{len(seed.facts)} · {fact.label}" in screen.status_line.text
        assert screen.body.highlighted_spans == (fact.span,)
        await pilot.press("y")
        assert app.clipboard.endswith(f"#{fact.id}")  # y copies what the status names
        await pilot.press("c")  # and so does c: the fact, not the quote the list marks
        assert app.clipboard.startswith(f"{fact.label}: {fact.value}")
        assert seed.meta.title in app.clipboard
        assert "Copied fact 2" in screen.status_line.text
        await pilot.press("2", "down")
        await pilot.pause()
        assert "Fact " not in screen.status_line.text
        assert_quote_shown_everywhere(app, 1)
        await pilot.press("c")
        assert app.clipboard.startswith(f"“{seed.quotes[1].text}”")
        # The facts panel still marks its current fact, focused or not.
        assert marked_text(app, screen.facts_panel).startswith(fact.label)


@pytest.mark.parametrize(
    ("key", "moved"),
    [("end", "last"), ("home", "first"), ("pagedown", "on"), ("G", "last"), ("j", "next")],
)
async def test_every_cursor_key_in_the_facts_panel_shows_its_fact(
    seed: Article, key, moved
) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("f", "f", "3", key)
        await pilot.pause()
        facts = screen.facts_panel
        index = facts.highlighted
        wanted = {"last": len(seed.facts) - 1, "first": 0, "next": 2}.get(moved)
        assert index == wanted if wanted is not None else index is not None and index > 2
        fact = seed.facts[index]
        assert f"Fact {index + 1}/{len(seed.facts)} · {fact.label}" in screen.status_line.text
        assert screen.body.highlighted_spans == (fact.span,)
        assert screen.body.spans_in_view([fact.span])
        assert marked_text(app, facts).startswith(fact.label)


async def test_scrolling_the_body_keeps_the_current_quote_and_n_goes_on_from_the_view(
    seed: Article,
) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        body = screen.body
        await pilot.press("n")
        await pilot.press("space", "space")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 0)  # reading on is no move: q1 stays current
        assert not body.spans_in_view(seed.quotes[0].spans)
        first, _ = body.visible_block_range()
        await pilot.press("n")  # from the view, not from q1 far above it
        await pilot.pause()
        index = screen.quote_list.highlighted
        assert index is not None and index > 1
        assert seed.block_index[seed.quotes[index].spans[0].block_id] >= first
        assert seed.block_index[seed.quotes[index - 1].spans[0].block_id] < first
        assert_quote_shown_everywhere(app, index)
        await pilot.press("n")
        assert screen.quote_list.highlighted == index + 1  # in view: on from it


async def test_a_pane_switch_is_no_move_and_each_list_shows_its_own_moves(
    seed: Article,
) -> None:
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:  # the side shows one list at a time
        screen = reader(app)
        await pilot.press("n", "n")
        status = screen.status_line.text
        for key in ("tab", "tab", "tab", "3", "1"):
            await pilot.press(key)
            await pilot.pause()
            assert screen.status_line.text == status
            assert screen.body.highlighted_spans == seed.quotes[1].spans
        await pilot.press("3", "down")  # the facts panel's cursor starts in its view
        await pilot.pause()
        fact = seed.facts[0]
        assert f"Fact 1/{len(seed.facts)} · {fact.label}" in screen.status_line.text
        assert screen.body.highlighted_spans == (fact.span,)
        assert marked_text(app, screen.facts_panel).startswith(fact.label)
        await pilot.press("2")  # the quote list again: still the same quote marked
        await pilot.pause()
        assert "Fact 1/" in screen.status_line.text
        assert marked_text(app, screen.quote_list).startswith("Jens Stoltenberg  ¶ 3")
        await pilot.press("down")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 2)


async def test_escape_makes_nothing_current(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n", "f", "escape")
        await pilot.pause()
        assert_nothing_current(app)
        await pilot.press("c")
        assert "No quote selected" in screen.status_line.text


async def test_a_search_match_in_the_body_is_what_the_status_names(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n")
        await pilot.press("slash", *"crimea", "enter")
        match = screen.search_result.match(0, seed)
        assert screen.body.highlighted_spans == (match.span,)
        assert "Quote " not in screen.status_line.text  # the match count names it
        await pilot.press("escape")  # the search ends: the current quote shows again
        await pilot.pause()
        assert_quote_shown_everywhere(app, 1)


async def test_the_speaker_filter_keeps_or_drops_the_current_quote(seed: Article) -> None:
    app = make_app(seed)
    putin = [q for q in seed.quotes if q.speaker_id == "putin"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        screen.jump_to_quote(putin[0])
        await pilot.pause()
        screen.set_speaker_filter("putin")  # it stays: marked at its new place
        await pilot.pause()
        assert_quote_shown_everywhere(app, 0)
        screen.set_speaker_filter("stoltenberg")  # filtered out: nothing current
        await pilot.pause()
        assert screen.quote_list.current_quote is None
        assert not screen.body.highlighted_spans
        assert "Quote " not in screen.status_line.text
        assert marked_text(app, screen.quote_list) == ""


@pytest.mark.parametrize(
    ("target", "kind"), [(Target("quote", "q14"), "quote"), (Target("fact", "f9"), "fact")]
)
async def test_a_deep_link_opens_with_its_item_current(seed: Article, target, kind) -> None:
    app = make_app(seed, start=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = reader(app)
        # Both lists show whole items from their top row: a quote's speaker, a fact's label.
        quotes_top = screen_rows(app, screen.quote_list)[0][0].strip()
        assert quotes_top.startswith(f"{seed.speakers[0].name}  ¶"), quotes_top
        facts_top = screen_rows(app, screen.facts_panel)[0][0].strip()
        assert any(
            fact.label.startswith(facts_top) or facts_top.startswith(fact.label)
            for fact in seed.facts
        ), facts_top
        if kind == "quote":
            assert_quote_shown_everywhere(app, 13)
            await pilot.press("y")
            assert app.clipboard.endswith("#q14")
        else:
            fact = next(f for f in seed.facts if f.id == target.id)
            assert screen.facts_panel.current_fact == fact
            assert screen.body.highlighted_spans == (fact.span,)
            assert screen.body.spans_in_view([fact.span])
            assert marked_text(app, screen.facts_panel).startswith(fact.label)
            assert f"Fact 9/{len(seed.facts)}" in screen.status_line.text


@pytest.mark.parametrize("size", [(50, 20), (80, 24), (40, 12)])
async def test_a_resize_keeps_the_highlighted_quote_in_view(seed: Article, size) -> None:
    # A late quote, its words low in a 120x40 view: a smaller window scrolls as far as they
    # need to stay in view, and the quote stays current everywhere.
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        body = screen.body
        late = 12
        for _ in range(late + 1):
            await pilot.press("n")
        quote = seed.quotes[late]
        while body.spans_in_view(quote.spans):  # the words at the bottom of the view
            await pilot.press("k")
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.spans_in_view(quote.spans)
        y = body.scroll_offset.y
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert body.spans_in_view(quote.spans)
        assert body.scroll_offset.y > y  # it moved only as far as the words needed
        assert screen.quote_list.current_quote == quote
        assert body.highlighted_spans == quote.spans
        assert f"Quote {late + 1}/{len(seed.quotes)}" in screen.status_line.text
        if size == (80, 24):  # the quote list shows beside the body: it marks the quote
            assert_quote_shown_everywhere(app, late)
        await pilot.resize_terminal(120, 40)  # and back: still in view, n goes on from it
        await pilot.pause()
        assert body.spans_in_view(quote.spans)
        await pilot.press("n")
        assert screen.quote_list.highlighted == late + 1
