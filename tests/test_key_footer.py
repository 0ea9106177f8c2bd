"""Small windows: the footer shows whole keys only (those that do not fit are left out from the
end), and the one-line header keeps the article's date beside its title."""

from __future__ import annotations

import pytest
from pty_terminal import PtyTerminal

from tui.app import ReaderApp
from tui.bindings import class_bindings
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.reader import ReaderScreen
from tui.widgets.article_header import ArticleHeader, compact_line
from tui.widgets.key_footer import FooterKey, fitted

SIZES = [(40, 12), (50, 20), (80, 24), (120, 40)]


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def footer_labels(article: Article) -> list[str]:
    """``key description`` of each key the reader's footer may show, from its bindings."""
    app = ReaderApp(article, environ={})
    bindings = class_bindings(ReaderScreen) + class_bindings(app)
    return [
        f"{app.get_key_display(b)} {b.description}"
        for b in bindings
        if b.show or b.action == "command_palette"
    ]


def test_the_footer_never_cuts_a_key_at_any_size(seed: Article) -> None:
    """In a real terminal at 40x12, 50x20, 80x24 and 120x40: the last row is whole keys only
    (Textual's footer drew ``f Ne`` at 40 columns), q and ? always among them; the one-line
    header has the title and the date."""
    labels = sorted(set(footer_labels(seed)), key=len, reverse=True)
    title_head = " ".join(seed.meta.title.split()[:2])
    terminal = PtyTerminal.reader("--no-animation", "--fresh", columns=40, rows=12)
    try:
        for columns, rows in SIZES:
            terminal.process.setwinsize(rows, columns)
            terminal.screen.resize(rows, columns)

            def settled(text: str, columns: int = columns) -> bool:
                lines = text.splitlines()
                return len(lines[0]) == columns and "q Quit" in lines[-1] and title_head in text

            assert terminal.wait_for(settled), terminal.text
            terminal.pump(0.3)
            lines = terminal.text.splitlines()
            footer = lines[-1]
            rest = footer
            for label in labels:
                rest = rest.replace(label, "")
            assert rest.strip() == "", (columns, footer)
            assert "q Quit" in footer and "? Help" in footer, footer
            if rows < 30:  # the one-line header
                assert title_head in lines[0] and "24 Feb 2022" in lines[0], lines[0]
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


KEYS = (
    FooterKey("q", "q", "Quit"),
    FooterKey("question_mark", "?", "Help"),
    FooterKey("n", "n", "Next quote"),
    FooterKey("f", "f", "Next fact"),
)
PALETTE = FooterKey("ctrl+p", "^p", "Commands")


@pytest.mark.parametrize("width", range(0, 70))
def test_fitted_keys_are_whole_in_order_and_within_the_width(width: int) -> None:
    placed, palette_at = fitted(KEYS, PALETTE, width)
    keys = [key for _, key in placed]
    assert keys == list(KEYS[: len(keys)])  # left out from the end only
    ends = [start + key.width for start, key in placed]
    assert all(end <= width for end in ends)
    if len(keys) < len(KEYS):  # the next one would not have fitted
        assert (ends[-1] if ends else 0) + 1 + KEYS[len(keys)].width > width
        assert palette_at is None  # the palette's key goes first
    if palette_at is not None:
        assert (ends[-1] if ends else 0) + 2 <= palette_at
        assert palette_at + PALETTE.width <= width


@pytest.mark.parametrize("width", [20, 30, 38, 60, 78, 118])
def test_the_compact_header_keeps_the_date_and_fits(seed: Article, width: int) -> None:
    line = compact_line(seed.meta, width)
    assert line.cell_length <= width
    assert line.plain.rstrip().endswith("24 Feb 2022")
    assert line.plain.startswith(seed.meta.title[:5])


async def test_the_header_at_80x24_shows_the_title_and_the_date(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        header = app.screen.query_one(ArticleHeader)
        assert header.has_class("-compact")
        text = str(header.render())
        assert text.startswith(seed.meta.title[:30]) and text.endswith("24 Feb 2022")
        assert len(text) == 80 - 2  # the whole line, less the padding
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert len(str(header.render())) == 60 - 2
        assert str(header.render()).endswith("24 Feb 2022")


async def test_the_footer_names_what_an_input_leaves_of_q(seed: Article) -> None:
    """In the search bar q and ? are typed: the footer says ^q quits, and the bar's keys."""
    from tui.widgets.key_footer import KeyFooter

    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        footer = app.screen.query_one(KeyFooter)
        assert [key.display for key in footer.shown][:3] == ["q", "?", "tab"]
        await pilot.press("slash")
        await pilot.pause()
        shown = {f"{key.display} {key.description}" for key in footer.shown}
        assert {"⏎ Go", "esc Cancel", "^t Scope", "^q Quit"} <= shown
        assert "q Quit" not in shown and "? Help" not in shown


async def test_a_maximised_pane_keeps_the_footer(seed: Article) -> None:
    """The palette's "Maximize": the footer stays below the pane, as Textual's own did."""
    from tui.widgets.key_footer import KeyFooter

    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.maximize(screen.body)
        await pilot.pause()
        assert screen.query_one(KeyFooter).region.height == 1
        assert screen.body.region.height == 39


async def test_a_click_on_a_key_in_the_footer_presses_it(seed: Article) -> None:
    from tui.widgets.key_footer import KeyFooter, footer_keys

    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        placed, _ = fitted(*footer_keys(screen), screen.query_one(KeyFooter).size.width)
        start = next(x for x, key in placed if key.key == "n")
        await pilot.click(KeyFooter, offset=(start + 2, 0))  # on "Next quote"
        await pilot.pause()
        assert screen.quote_list.current_quote is not None and screen.body.highlighted_spans
