"""Search: smart case, scopes, match counts and stepping; the bar, n/N and Escape in the reader."""

from __future__ import annotations

import pytest

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.reader import ReaderScreen
from tui.search import compile_query, search
from tui.widgets.prompt import MATCH_STYLE, Line


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def body_occurrences(article: Article, needle: str, *, fold: bool) -> int:
    count = 0
    for block in article.blocks:
        text = block.text.lower() if fold else block.text
        count += text.count(needle.lower() if fold else needle)
    return count


def test_smart_case() -> None:
    assert compile_query("nato").search("NATO chief")
    assert compile_query("Nato").search("NATO chief") is None
    assert compile_query("NATO").search("NATO chief")
    assert compile_query("") is None


def test_query_is_literal_not_a_regex(seed: Article) -> None:
    assert search(seed, ".*").matches == []
    assert compile_query("[bold]").search("x [bold] y")


def test_body_counts_every_occurrence_in_reading_order(seed: Article) -> None:
    result = search(seed, "stoltenberg", "body")
    assert len(result.matches) == body_occurrences(seed, "stoltenberg", fold=True) > 5
    positions = [(m.index, m.span.start) for m in result.matches]
    assert positions == sorted(positions)
    for match in result.matches:
        block = seed.blocks[match.index]
        assert block.text[match.span.start : match.span.end].lower() == "stoltenberg"


def test_scopes(seed: Article) -> None:
    quotes = search(seed, "Putin", "quotes")
    assert {m.kind for m in quotes.matches} == {"quote"}
    assert len(quotes.matches) == sum(q.speaker_id == "putin" for q in seed.quotes)
    facts = search(seed, "summit", "facts")
    assert {m.kind for m in facts.matches} == {"fact"}
    assert facts.matches
    everything = search(seed, "summit", "all")
    body = search(seed, "summit", "body")
    assert len(everything.matches) == len(body.matches) + len(facts.matches) + len(
        search(seed, "summit", "quotes").matches
    )


def test_step_starts_at_the_view_and_wraps(seed: Article) -> None:
    result = search(seed, "Russia", "body")
    top = result.matches[len(result.matches) // 2].index
    first = result.step(1, top)
    assert first.index >= top
    count = len(result.matches)
    for _ in range(count):
        result.step(1, top)
    assert result.matches[result.current] == first  # wrapped all the way round


def test_no_match(seed: Article) -> None:
    result = search(seed, "zzzzqqq")
    assert result.matches == [] and result.step(1, 0) is None


def app_for(article: Article) -> ReaderApp:
    return ReaderApp(article, animate=False, environ={})


async def test_slash_type_enter_then_n_steps_matches(seed: Article) -> None:
    app = app_for(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash")
        assert screen.search_bar.is_open
        await pilot.press(*"crimea", "enter")
        result = screen.search_result
        assert result is not None and len(result.matches) >= 2
        total = len(result.matches)
        assert not screen.search_bar.is_open
        assert app.focused is screen.body
        assert f"match 1/{total}" in screen.status_line.text
        first = result.matches[0]
        assert screen.body.highlighted_spans == (first.span,)
        assert set(screen.body.match_spans) == set(result.body_spans)
        await pilot.press("n")
        assert f"match 2/{total}" in screen.status_line.text
        await pilot.press("N", "N")
        assert f"match {total}/{total}" in screen.status_line.text
        # Escape ends the search: n goes back to quotes.
        await pilot.press("escape")
        assert screen.search_result is None
        assert screen.body.match_spans == ()
        await pilot.press("n")
        assert "Quote " in screen.status_line.text and "match" not in screen.status_line.text


async def test_typing_marks_matches_in_lists_and_scope_toggle(seed: Article) -> None:
    app = app_for(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("slash", *"plans")
        await pilot.pause(0.3)  # the search runs once typing pauses
        result = screen.search_result
        assert result is not None and result.quote_indices
        assert screen.quote_list.search_pattern is not None
        index = min(result.quote_indices)
        prompt = screen.quote_list.get_option_at_index(index).prompt
        words = prompt.lines[1]
        assert isinstance(words, Line)
        assert any(span.style == MATCH_STYLE for span in words.content.spans)
        await pilot.press("ctrl+t", "ctrl+t")  # all -> body -> quotes
        await pilot.pause(0.3)
        assert screen.search_result.scope == "quotes"
        assert {m.kind for m in screen.search_result.matches} == {"quote"}
        await pilot.press("enter")
        first = screen.search_result.matches[0]
        assert screen.quote_list.current_quote is seed.quotes[first.index]
        # Escape in the bar cancels and clears everything.
        await pilot.press("slash", "escape")
        assert screen.search_result is None
        assert screen.quote_list.search_pattern is None
        assert not screen.search_bar.is_open


async def test_no_match_says_so(seed: Article) -> None:
    app = app_for(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzqq", "enter")
        assert "no match for “zzqq”" in app.screen.status_line.text
