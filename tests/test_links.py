"""Deep links: splitting ``path#id``, resolving ids, and opening the reader at the item."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.links import Target, link, resolve, split_link
from tui.model.article import Article
from tui.model.loader import load_article


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def test_split_link(tmp_path: Path) -> None:
    assert split_link("content/x.yaml#q3") == ("content/x.yaml", "q3")
    assert split_link("content/x.yaml") == ("content/x.yaml", None)
    assert split_link("a#b/x.yaml#f2") == ("a#b/x.yaml", "f2")
    odd = tmp_path / "odd#name.yaml"
    odd.write_text("x")
    assert split_link(str(odd)) == (str(odd), None)


def test_resolve_kinds(seed: Article) -> None:
    assert resolve(seed, "q3") == Target("quote", "q3")
    assert resolve(seed, "f2") == Target("fact", "f2")
    assert resolve(seed, "p7") == Target("block", "p7")
    assert resolve(seed, "fig2") == Target("block", "fig2")
    assert resolve(seed, "q3", "fact") is None
    assert resolve(seed, "nope") is None


def test_link_format() -> None:
    assert link("content/x.yaml", "q3") == "content/x.yaml#q3"


@pytest.mark.parametrize(
    ("target", "check"),
    [
        (Target("quote", "q14"), "quote"),
        (Target("fact", "f9"), "fact"),
        (Target("block", "p20"), "block"),
    ],
)
async def test_reader_opens_at_the_target(seed: Article, target: Target, check: str) -> None:
    app = ReaderApp(seed, animate=False, environ={}, start=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        body = screen.body
        first, stop = body.visible_block_range()
        if check == "quote":
            quote = next(q for q in seed.quotes if q.id == target.id)
            assert screen.quote_list.current_quote is quote
            assert body.highlighted_spans == quote.spans
            block = quote.spans[0].block_id
        elif check == "fact":
            fact = next(f for f in seed.facts if f.id == target.id)
            assert screen.facts_panel.current_fact is fact
            block = fact.block_id
        else:
            block = target.id
        assert first <= seed.block_index[block] < stop


async def test_y_copies_the_link_of_the_current_quote_and_help_shows_it(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "y")
        quote = seed.quotes[1]
        assert app.clipboard == link(seed.path, quote.id)
        assert "Copied link" in app.screen.status_line.text
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").render())
        assert f"#{quote.id}" in text
