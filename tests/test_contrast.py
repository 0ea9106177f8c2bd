"""Every text of the reader in the default theme reaches a WCAG contrast of 3:1 against its
background, as drawn: unfocused pane titles and counts, the current item's mark, search marks;
and the current item is marked in every theme, with colours or without."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from list_marks import marked_text, reader
from textual.widget import Widget

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article

#: The least contrast a text may have (WCAG's for large text and for parts of an interface).
LEAST = 3.0

Colour = tuple[int, int, int]


def luminance(colour: Colour) -> float:
    def channel(value: int) -> float:
        value_1 = value / 255
        return value_1 / 12.92 if value_1 <= 0.03928 else ((value_1 + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: Colour, other: Colour) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_text(char: str) -> bool:
    """A character that is read: not a space, not a box, block or bar (borders, scrollbars,
    charts, the body's position mark)."""
    return not char.isspace() and not 0x2500 <= ord(char) <= 0x259F


def drawn_text(app: ReaderApp) -> Iterator[tuple[int, int, str, float]]:
    """``(x, y, character, contrast)`` of every text cell of the screen as drawn."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            style = segment.style
            for char in segment.text:
                if style is not None and is_text(char):
                    assert style.color is not None and style.bgcolor is not None, (x, y, char)
                    fg = tuple(style.color.get_truecolor())
                    bg = tuple(style.bgcolor.get_truecolor())
                    yield x, y, char, contrast(fg, bg)  # reverse swaps them: the same ratio
                x += 1


def least_in(app: ReaderApp, widget: Widget, rows: range | None = None) -> float:
    """The least contrast of a text cell inside ``widget`` (in ``rows`` of the screen)."""
    region = widget.region
    rows = rows or range(region.y, region.bottom)
    return min(
        ratio for x, y, _, ratio in drawn_text(app) if region.x <= x < region.right and y in rows
    )


STATES = {
    "fresh": [],
    "a quote, lists unfocused": ["n", "n"],
    "the quote list focused": ["n", "n", "2"],
    "a fact, the facts panel focused": ["f", "3", "down"],
    "a fact, lists unfocused": ["n", "f", "f"],
    "search marks": ["slash", *"nato", "enter", "n"],
    "search marks, quote list focused": ["slash", *"plans", "enter", "2"],
}


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 20)])
@pytest.mark.parametrize("state", STATES)
async def test_every_text_reaches_3_to_1_in_the_default_theme(size, state: str) -> None:
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=size) as pilot:
        await pilot.press(*STATES[state])
        await pilot.pause(0.3)
        low = [(x, y, char, round(ratio, 2)) for x, y, char, ratio in drawn_text(app)]
        low = [cell for cell in low if cell[3] < LEAST]
        assert not low, low[:20]


async def test_unfocused_titles_counts_and_marks_reach_3_to_1() -> None:
    # The titles and counts of unfocused lists were drawn in the blurred border's colour,
    # #191919 on #1e1e1e (1.05:1).
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "f")
        await pilot.pause(0.3)
        screen = reader(app)
        for items in (screen.quote_list, screen.facts_panel):
            region = items.region
            borders = range(region.y, region.y + 1), range(region.bottom - 1, region.bottom)
            for rows in borders:  # the title on top, the count at the bottom
                assert least_in(app, items, rows) >= LEAST
            assert least_in(app, items) >= LEAST  # the current item's mark with the rest


# --- Visible in every theme, focused or not ------------------------------------------------


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark", "ansi-light"])
@pytest.mark.parametrize("focused", [False, True])
async def test_the_current_item_is_marked_in_every_theme(theme, focused) -> None:
    # With ansi-dark and ansi-light a list that had not the focus drew its current item as all
    # the others: the blurred cursor of those themes is the terminal's default colours.
    seed = load_article(default_article_path())
    app = ReaderApp(seed, animate=False, environ={}, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n", "f")
        if focused:
            await pilot.press("2")
        await pilot.pause()
        assert marked_text(app, screen.quote_list).startswith("Jens Stoltenberg  ¶ 3 “plans”")
        assert marked_text(app, screen.facts_panel).startswith(seed.facts[0].label)


@pytest.mark.parametrize("theme", [None, "ansi-dark"])
def test_with_no_colour_the_current_item_is_in_reverse_video(theme: str | None) -> None:
    # NO_COLOR drew an unfocused list's current item faint grey on grey (the default theme)
    # or as all the others (ansi themes): reverse video marks it in either, focused or not.
    from pty_terminal import PtyTerminal

    terminal = PtyTerminal.reader(
        "--no-animation", *(["--theme", theme] if theme else []), env={"NO_COLOR": "1"}
    )
    try:
        assert terminal.wait_for(lambda text: "¶ 1/" in text), terminal.text
        for keys, status in (("nn", "Quote 2/"), ("\t", "Quote 2/")):
            terminal.send(keys)
            assert terminal.wait_for(lambda text, status=status: status in text), terminal.text
            terminal.pump(0.5)
            rows = [
                y
                for y, line in enumerate(terminal.screen.display)
                if "“plans”" in line[76:] or "Stoltenberg  ¶ 3" in line[76:]
            ]
            assert len(rows) == 2, terminal.text
            for y in rows:
                cells = [terminal.screen.buffer[y][x] for x in range(78, 100)]
                assert all(cell.reverse for cell in cells), (keys, y)
    finally:
        terminal.close()


async def test_the_focused_list_marks_its_current_item_as_the_focused_cursor() -> None:
    # The reader's CSS, which outranks OptionList's, drew the focused list's cursor in the
    # blurred colours too: the mark no longer told which list the keys go to.
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n")
        await pilot.pause()
        quotes = screen.quote_list
        blurred = quotes.get_visual_style("option-list--option-highlighted").background
        await pilot.press("2")
        await pilot.pause()
        focused = quotes.get_visual_style("option-list--option-highlighted").background
        assert focused != blurred
        variables = app.current_theme.to_color_system().generate()
        assert focused is not None and focused.hex == variables["block-cursor-background"]


async def test_with_no_colour_an_ansi_theme_draws_no_text_black_on_black(monkeypatch) -> None:
    # Textual chose Monochrome for NO_COLOR at start-up, for the default theme; with
    # --theme ansi-dark it turned the terminal's own colours to black: black text on black.
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(
        load_article(default_article_path()), theme="ansi-dark", animate=False, environ={}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        texts = [
            segment.style
            for strip in app.screen._compositor.render_strips()
            for segment in strip
            if segment.style is not None and any(is_text(char) for char in segment.text)
        ]
        assert texts and all(style.color is None or style.color.is_default for style in texts)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_feed_items_screen_reaches_3_to_1(tmp_path, size) -> None:
    from feed_store import sample_store

    from tui.screens.feed_items import FeedItemsScreen

    path = tmp_path / "feeds.sqlite3"
    screen = FeedItemsScreen(path, sample_store(path))
    app = ReaderApp(None, screen=screen, animate=False, environ={})
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        low = [(x, y, char, round(ratio, 2)) for x, y, char, ratio in drawn_text(app)]
        low = [cell for cell in low if cell[3] < LEAST]
        assert not low, low[:20]
