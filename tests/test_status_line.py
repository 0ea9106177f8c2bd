"""The status line: always one row, each message once, the notice of the last key always seen;
n and N say when they go past an end; the search count while typing."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.reader import ReaderScreen
from tui.widgets.status_line import MIN_PART, Status, shorten

LONG_NOTICE = "Copied link /srv/articles/2022/02/nato-defence-plans-2022-02-24.yaml#q12"


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def reader(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def shown(screen: ReaderScreen) -> str:
    """The status line as drawn: its one row of cells."""
    line = screen.status_line
    assert line.region.height == 1
    return line.render_line(0).text.strip()


# --- Fitting one row ----------------------------------------------------------------------

STATUS = Status(3, 24, 12, "Quote 1/16 · Jens Stoltenberg", "match 2/9 for “nato”", LONG_NOTICE)


@pytest.mark.parametrize("width", [1, 5, 11, 20, 38, 48, 78, 118, 200])
def test_the_line_fits_its_width_and_keeps_the_notice(width: int) -> None:
    line = STATUS.line(width)
    assert cell_len(line) <= width and "\n" not in line
    # The notice is what the last key did: always there, whole or shortened in the middle.
    if width >= len(LONG_NOTICE):
        assert LONG_NOTICE in line
    elif width > 1:
        assert line.startswith("Copied"[: width // 2]) and line.endswith("#q12"[-(width // 4) :])
        assert "…" in line


def test_parts_give_way_in_order() -> None:
    everything = STATUS.line(200)
    assert everything == "   ".join(["¶ 3/24 · 12%", STATUS.quote, STATUS.filter, STATUS.notice])
    # The quote shortens first, then goes; then the position, then the search.
    position, search = "¶ 3/24 · 12%", STATUS.filter
    three = len(LONG_NOTICE) + len(search) + len(position) + 2 * 3
    quote = 3 + MIN_PART
    assert STATUS.line(three + quote) == f"{position}   Quote 1/16…   {search}   {LONG_NOTICE}"
    assert STATUS.line(three + quote - 1) == f"{position}   {search}   {LONG_NOTICE}"
    assert STATUS.line(three) == f"{position}   {search}   {LONG_NOTICE}"
    assert STATUS.line(three - 1) == f"{search}   {LONG_NOTICE}"
    assert STATUS.line(len(LONG_NOTICE)) == LONG_NOTICE
    quiet = STATUS._replace(notice="", filter="")
    assert quiet.line(38) == "¶ 3/24 · 12%   Quote 1/16 · Jens Stol…"  # 38 cells


def test_shorten_counts_cells() -> None:
    assert shorten("abcdef", 6) == "abcdef"
    assert shorten("abcdef", 4) == "abc…"
    assert shorten("abcdefgh", 5, middle=True) == "ab…gh"
    assert shorten("日本語日本語", 5) == "日本…"
    assert cell_len(shorten("日本語日本語", 6, middle=True)) <= 6
    assert shorten("abc", 0) == ""


def test_outside_text_in_the_line_is_inert() -> None:
    status = Status(notice="Copied link a\x1b]0;X\x07.yaml#q1")
    assert "\x1b" not in status.line(100) and "\\x1b" in status.line(100)


# --- In the reader ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_the_status_line_is_one_row_whatever_it_says(seed: Article, size) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = reader(app)
        body = screen.body.region
        assert screen.status_line.region.height == 1
        await pilot.press("n")
        await pilot.pause()
        assert "Quote 1/" in shown(screen)
        screen._notice = LONG_NOTICE * 3
        screen._update_status()
        await pilot.pause()
        assert shown(screen).startswith("Copied link") and shown(screen).endswith("#q12")
        assert screen.body.region == body  # nothing pushed up
        await pilot.press("y")
        await pilot.pause()
        assert "Copied link" in shown(screen) and shown(screen).endswith("#q1")
        assert screen.body.region == body


async def test_y_always_says_so_at_120_columns(
    seed: Article, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A path long enough to fill the line: the notice used to wrap it to two rows, the body
    # shrank, and the re-layout cleared the notice before it was seen.
    deep = tmp_path / ("d" * 60) / ("e" * 40)
    deep.mkdir(parents=True)
    path = deep / "article.yaml"
    path.write_bytes(default_article_path().read_bytes())
    monkeypatch.setenv("HOME", "/nonexistent")
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "y")
        await pilot.pause()
        assert app.clipboard == f"{path.resolve()}#q1"
        assert shown(screen).startswith("Copied link") and shown(screen).endswith(".yaml#q1")


async def test_no_match_is_said_once(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"zzzz", "ctrl+t", "enter", "n")
        await pilot.pause()
        assert screen.search_result is not None and screen.search_result.scope == "body"
        assert shown(screen).lower().count("no match") == 1
        assert "no match for “zzzz” in body" in shown(screen)


async def test_while_typing_the_search_counts_its_matches(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"nato")
        await pilot.pause(0.3)
        result = screen.search_result
        assert result is not None and result.count > 1
        assert f"{result.count} matches for “nato”" in shown(screen)
        assert "match -/" not in shown(screen)
        await pilot.press(*["backspace"] * 4, *"confirmed")
        await pilot.pause(0.3)
        assert screen.search_result.count == 1 and "1 match for “confirmed”" in shown(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert "match 1/1 for “confirmed”" in shown(screen)


# --- Past an end --------------------------------------------------------------------------


@pytest.mark.parametrize(("forward", "back", "kind"), [("n", "N", "quotes"), ("f", "F", "facts")])
async def test_stepping_past_an_end_says_so(seed: Article, forward, back, kind) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        items = screen.quote_list if kind == "quotes" else screen.facts_panel
        count = len(seed.quotes if kind == "quotes" else seed.facts)
        await pilot.press(*[forward] * count)
        assert items.highlighted == count - 1
        assert "back to" not in shown(screen)
        await pilot.press(forward)
        assert items.highlighted == 0
        assert f"End of {kind}: back to the first" in shown(screen)
        await pilot.press(forward)
        assert "back to" not in shown(screen)  # said once, for the step that wrapped
        await pilot.press(back, back)
        assert items.highlighted == count - 1
        assert f"Start of {kind}: back to the last" in shown(screen)


async def test_n_and_N_say_when_search_matches_wrap(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"crimea", "enter")
        result = screen.search_result
        assert result is not None and result.current == 0 and result.count >= 2
        assert "back to" not in shown(screen)
        await pilot.press("N")
        assert result.current == result.count - 1
        assert "Start of matches: back to the last" in shown(screen)
        await pilot.press("n")
        assert result.current == 0
        assert "End of matches: back to the first" in shown(screen)


async def test_enter_goes_to_the_first_match_from_the_view_on(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("G")
        await pilot.pause()
        top = screen.body.top_block_index
        await pilot.press("slash", *"nato", "enter")
        result = screen.search_result
        assert result is not None and result.current is not None
        block = result.body[result.current][0]
        assert block >= top
        assert result.current == 0 or result.body[result.current - 1][0] < top
