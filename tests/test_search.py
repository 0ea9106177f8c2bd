"""Search: smart case, scopes, match counts and stepping; the bar, n/N and Escape in the reader."""

from __future__ import annotations

import pytest
from list_marks import assert_quote_shown_everywhere, reader

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.reader import ReaderScreen
from tui.search import Corpus, compile_query, search
from tui.widgets.prompt import MATCH_STYLE, Line


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


@pytest.fixture(scope="module")
def corpus(seed: Article) -> Corpus:
    return Corpus(seed)


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


def test_query_is_literal_not_a_regex(corpus: Corpus) -> None:
    assert search(corpus, ".*").count == 0
    assert compile_query("[bold]").search("x [bold] y")


def test_body_counts_every_occurrence_in_reading_order(seed: Article, corpus: Corpus) -> None:
    result = search(corpus, "stoltenberg", "body")
    assert len(result.body) == body_occurrences(seed, "stoltenberg", fold=True) > 5
    assert list(result.body) == sorted(result.body)
    for number in range(result.count):
        match = result.match(number, seed)
        block = seed.blocks[match.index]
        assert block.text[match.span.start : match.span.end].lower() == "stoltenberg"


def test_capital_means_case_sensitive(seed: Article, corpus: Corpus) -> None:
    assert len(search(corpus, "NATO", "body").body) == body_occurrences(seed, "NATO", fold=False)
    assert search(corpus, "Nato", "body").count == 0


def test_case_insensitive_where_lower_changes_length() -> None:
    from tui.model.loader import parse_article

    article = parse_article(
        "schema: 1\nid: a\nmeta: {title: T}\nbody:\n"
        "  - {id: p1, paragraph: İstanbul and istanbul}\n  - {id: p2, paragraph: ISTANBUL}\n",
        "a.yaml",
    )
    result = search(Corpus(article), "stanbul", "body")
    assert [(block, start) for block, start, _ in result.body] == [(0, 1), (0, 14), (1, 1)]


def test_scopes(seed: Article, corpus: Corpus) -> None:
    quotes = search(corpus, "Putin", "quotes")
    assert len(quotes.body) == 0 and quotes.facts == []
    assert len(quotes.quotes) == sum(q.speaker_id == "putin" for q in seed.quotes)
    facts = search(corpus, "summit", "facts")
    assert len(facts.body) == 0 and facts.quotes == [] and facts.facts
    everything = search(corpus, "summit", "all")
    body = search(corpus, "summit", "body")
    quoted = search(corpus, "summit", "quotes")
    assert everything.count == body.count + facts.count + quoted.count


def test_step_starts_at_the_view_and_wraps(corpus: Corpus) -> None:
    result = search(corpus, "Russia", "body")
    top = result.body[len(result.body) // 2][0]
    landed = result.step(1, top)
    assert landed is not None and not landed.wrapped
    first = landed.index
    assert result.body[first][0] >= top
    assert first == 0 or result.body[first - 1][0] < top
    wraps = [result.step(1, top).wrapped for _ in range(result.count)]
    assert result.current == first  # wrapped all the way round
    assert wraps.count(True) == 1 and wraps.index(True) == result.count - first - 1
    assert result.step(-1, top).wrapped is (first == 0)


def test_a_step_from_the_view_past_every_match_wraps(corpus: Corpus) -> None:
    after = search(corpus, "Russia", "body")
    below = after.step(1, len(corpus.starts))  # the view is past the last match
    assert below is not None and below.index == 0 and below.wrapped
    before = search(corpus, "Russia", "body")
    above = before.step(-1, 0)
    assert above is not None and above.index == before.count - 1 and above.wrapped


def test_no_match(corpus: Corpus) -> None:
    result = search(corpus, "zzzzqqq")
    assert result.count == 0 and result.step(1, 0) is None


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
        assert result is not None and result.count >= 2
        total = result.count
        assert not screen.search_bar.is_open
        assert app.focused is screen.body
        assert f"match 1/{total}" in screen.status_line.text
        first = result.match(0, seed)
        assert screen.body.highlighted_spans == (first.span,)
        assert screen.body.matches == result.body
        await pilot.press("n")
        assert f"match 2/{total}" in screen.status_line.text
        await pilot.press("N", "N")
        assert f"match {total}/{total}" in screen.status_line.text
        # Escape ends the search: n goes back to quotes.
        await pilot.press("escape")
        assert screen.search_result is None
        assert not screen.body.matches
        await pilot.press("n")
        assert "Quote " in screen.status_line.text and "match" not in screen.status_line.text


async def test_typing_marks_matches_in_lists_and_scope_toggle(seed: Article) -> None:
    app = app_for(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("slash", *"plans")
        await pilot.pause(0.3)  # the search runs once typing pauses
        result = screen.search_result
        assert result is not None and result.quotes
        assert screen.quote_list.search_pattern is not None
        index = min(result.quotes)
        prompt = screen.quote_list.get_option_at_index(index).prompt
        words = prompt.lines[1]
        assert isinstance(words, Line)
        assert any(span.style == MATCH_STYLE for span in words.content.spans)
        await pilot.press("ctrl+t", "ctrl+t")  # all -> body -> quotes
        await pilot.pause(0.3)
        assert screen.search_result.scope == "quotes"
        assert len(screen.search_result.body) == 0 and screen.search_result.quotes
        await pilot.press("enter")
        first = screen.search_result.quotes[0]
        assert screen.quote_list.current_quote is seed.quotes[first]
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


async def test_after_a_search_the_list_marks_the_quote_n_goes_to(seed: Article) -> None:
    # A search rebuilds the lists' items, and the cursor's move while they were empty left the
    # list's row count empty: the rows of the quote the cursor then left and landed on were
    # not repainted, and the list kept marking an older quote until the filter was cycled.
    app = app_for(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n")
        await pilot.press("slash", *"xyz")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 2)
        await pilot.press("slash", *"plans", "enter")  # a search with matches
        await pilot.press("escape", "n")
        await pilot.pause()
        index = reader(app).quote_list.highlighted
        assert index is not None
        assert_quote_shown_everywhere(app, index)


# --- Many matches: all counted, kept compactly --------------------------------------------


@pytest.fixture(scope="module")
def long_article() -> Article:
    """4,000 paragraphs (1.5 MB): a one-letter search finds 124,000 matches."""
    import importlib.util
    from pathlib import Path

    from tui.model.loader import parse_article

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("benchmarks_generate_search", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return parse_article(module.article_yaml(4_000), "long.yaml")


def every_occurrence(article: Article, needle: str) -> list[tuple[int, int, int]]:
    found = []
    for index, block in enumerate(article.blocks):
        text = block.text.lower()
        at = text.find(needle)
        while at >= 0:
            found.append((index, at, at + len(needle)))
            at = text.find(needle, at + len(needle))
    return found


def test_a_one_letter_search_counts_every_match_in_a_few_bytes_each(long_article: Article) -> None:
    import tracemalloc

    corpus = Corpus(long_article)
    tracemalloc.start()
    try:
        result = search(corpus, "e", "body")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = every_occurrence(long_article, "e")
    assert result.count == len(expected) > 100_000
    assert peak < 16 * len(expected)  # a list of tuples took about 150 bytes a match
    assert list(result.body) == expected
    assert result.body[-1] == expected[-1] and result.body[5:8] == expected[5:8]
    blocks = {block for block, _, _ in expected[:50]}
    for block in blocks:
        assert result.body.in_block(block) == [(s, e) for b, s, e in expected if b == block]
    assert result.body.first_from(2) == next(n for n, m in enumerate(expected) if m[0] >= 2)
    assert result.body.first_from(len(long_article.blocks)) == len(expected)


def test_building_the_index_takes_little_more_than_it_keeps(long_article: Article) -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        corpus = Corpus(long_article)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert corpus.lowered is not None
    # Lowering the whole body as one string took 12 bytes a character while it ran.
    assert peak < 2 * kept


async def test_the_body_marks_only_the_blocks_it_draws(long_article: Article) -> None:
    import tracemalloc

    app = app_for(long_article)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.run_search("zzqq", "body")  # the index is built by the first search
        tracemalloc.start()
        try:
            result = screen.run_search("e", "body")
            await pilot.pause()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert result.count > 100_000
        assert peak < 8_000_000  # marks for every match took 90 bytes each, 11 MB here
        assert f"{result.count} matches for “e” in body" in screen.status_line.text
        await pilot.press("n", "n", "n", "N")
        assert f"match 2/{result.count} " in screen.status_line.text
        assert screen.body.highlighted_spans == (result.match(1, long_article).span,)
        await pilot.press("N", "N")  # wraps to the last of them
        assert f"match {result.count}/{result.count} " in screen.status_line.text
        first_block = result.body[0][0]
        marked = screen.body._matches.get(first_block)  # what was drawn for that block
        assert [(start, end) for start, end, _ in marked] == result.body.in_block(first_block)
