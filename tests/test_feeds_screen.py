"""``tui-reader feeds`` in a pty, as a person uses it: the items newest first with the unread
marked; Enter fetches the page, imports it and reads it; with the server stopped the same item
opens from the cache, and an item whose page cannot be fetched opens on the feed's summary."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_server import FeedServer
from pty_terminal import PtyTerminal

from tui.feeds.store import FeedStore
from tui.feeds.summary import summary_article

DOWN = "\x1b[B"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer().start()
    yield running
    running.stop()


def tui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def feeds_terminal(env: dict[str, str]) -> PtyTerminal:
    return PtyTerminal.reader("feeds", env=env)


def test_an_item_opens_in_the_reader_then_from_the_cache_with_the_server_stopped(
    server: FeedServer, home: dict[str, str]
) -> None:
    assert (
        tui(home, "feeds", "add", server.url("/rss.xml"), server.url("/atom.xml")).returncode == 0
    )
    assert tui(home, "update", "--feeds-only").returncode == 0
    terminal = feeds_terminal(home)
    try:
        shown = ("● Bridge to close", "4 items · 4 unread")
        assert terminal.wait_for(lambda text: all(s in text for s in shown)), terminal.text
        text = terminal.text
        order = [text.index(t) for t in ("Bridge to close", "Corrosion found", "Shops fear")]
        assert order == sorted(order)  # newest first
        assert "The Harbour Times" in text and "Science Weekly" in text
        terminal.send("\r")
        assert terminal.wait_for(lambda text: "Lindqvist" in text), terminal.text
        assert server.seen("/pages/bridge.html")
        terminal.send("\x1b")  # back to the list: read now
        assert terminal.wait_for(lambda text: "4 items · 3 unread" in text), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()
    server.stop()
    requests = len(server.requests)
    again = feeds_terminal(home)
    try:
        assert again.wait_for(lambda text: "  Bridge to close" in text), again.text
        again.send("\r")
        assert again.wait_for(lambda text: "Lindqvist" in text), again.text
        again.send("\x1b")
        # The gone page: the server is stopped, so it opens on the feed's summary, saying so.
        again.send(DOWN * 3)
        again.send("\r")
        assert again.wait_for(lambda text: "this is the feed's own summary" in text), again.text
        assert "cannot be fetched: it is all there is to" in again.text, again.text
        again.send("q")
        again.wait_exit()
    finally:
        again.close()
    assert len(server.requests) == requests
    with FeedStore(Path(home["XDG_DATA_HOME"]) / "tui-reader" / "feeds.sqlite3") as store:
        gone = next(item for item in store.items() if item.title == "A page that is gone")
        assert gone.page_error and "could not connect" in gone.page_error


def test_in_a_pipe_the_items_are_lines_with_the_unread_marked(
    server: FeedServer, home: dict[str, str]
) -> None:
    tui(home, "feeds", "add", server.url("/atom.xml"))
    tui(home, "update", "--feeds-only")
    listed = tui(home, "feeds")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "* 2024-03-04 Science Weekly: Corrosion found in bridge piers"
        f" {server.url('/pages/piers.html')}",
        f"* 2024-03-01 Science Weekly: A page that is gone {server.url('/pages/gone.html')}",
    ]


def test_the_summary_article_says_the_page_could_not_be_fetched() -> None:
    from tui.feeds.store import Item

    item = Item(
        1, 1, "Feed", "g", "Title", "http://x.example/a", '"We go," said Ann Lee.', 0, False
    )
    article = summary_article(item, "HTTP error 404 (Not Found)")
    text = " ".join(str(block) for block in article.blocks)
    assert "could not be fetched (HTTP error 404 (Not Found))" in text
    assert article.source == "http://x.example/a"


async def test_r_marks_an_item_a_marks_all_and_u_updates_in_the_background(
    server: FeedServer, tmp_path: Path
) -> None:
    from tui.app import ReaderApp
    from tui.feeds.update import update_feeds
    from tui.screens.feed_items import FeedItemsScreen

    path = tmp_path / "feeds.sqlite3"
    urls = [server.url("/rss.xml"), server.url("/changing.xml")]
    with FeedStore(path) as store:
        update_feeds(store, urls[:1])
    screen = FeedItemsScreen(path, urls)
    app = ReaderApp(None, screen=screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [item.read for item in screen.items] == [False, False]
        await pilot.press("r")
        assert [item.read for item in screen.items] == [True, False]
        assert screen.status_text == "2 items · 1 unread"
        await pilot.press("r")
        assert screen.items[0].read is False
        await pilot.press("A")
        assert screen.status_text == "2 items · 0 unread"
        server.changing[:] = [("n1", "Newest", "/pages/n1.html", "Fri, 08 Mar 2024 08:00:00 GMT")]
        await pilot.press("u")
        for _ in range(100):
            await pilot.pause(0.05)
            if "Updated" in screen.status_text:
                break
        assert screen.status_text == "Updated: 1 new · 3 items · 1 unread"
        assert screen.items[0].title == "Newest"


async def test_the_list_fills_the_screen_above_its_status_line(tmp_path: Path) -> None:
    from textual.widgets import OptionList, Static

    from tui.app import ReaderApp
    from tui.screens.feed_items import FeedItemsScreen

    screen = FeedItemsScreen(tmp_path / "feeds.sqlite3", [])
    async with ReaderApp(None, screen=screen).run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        assert screen.query_one("#items", OptionList).size.height == 16  # 20 less border rows
        assert screen.query_one("#items-status", Static).region.y == 18  # above the footer


def test_a_hostile_feed_title_reaches_no_terminal_raw(
    server: FeedServer, home: dict[str, str]
) -> None:
    # A bidi override and a C1 CSI are valid XML, so a feed can carry them to the terminal.
    hostile = "Bridge \u202e\u009b2J closes"
    server.changing[:] = [("h1", hostile, "/pages/h1.html", "Sun, 03 Mar 2024 08:00:00 GMT")]
    tui(home, "feeds", "add", server.url("/changing.xml"))
    updated = tui(home, "update", "--feeds-only")
    assert updated.returncode == 0, updated.stderr
    listed = tui(home, "feeds")
    assert listed.returncode == 0
    assert "Bridge" in listed.stdout and "closes" in listed.stdout
    assert "\u202e" not in listed.stdout and "\u009b" not in listed.stdout


def test_the_screen_shows_a_title_with_controls_inert() -> None:
    from tui.feeds.store import Item
    from tui.screens.feed_items import item_prompt

    item = Item(
        1,
        1,
        "Feed \x1b[2J",
        "g",
        "Bridge \u202e\u009b2J closes",
        "http://x.example/a",
        "",
        0,
        False,
    )
    shown = "\n".join(str(line.content) for line in item_prompt(item).lines)
    assert not any(c in shown for c in "\u202e\u009b\x1b")
    assert "Bridge \\u202e\\x9b2J closes" in shown and "Feed \\x1b[2J" in shown


# --- As a person sees it, at every size -------------------------------------------------------


def feed_items_app(tmp_path: Path, theme: str = "textual-dark"):
    from feed_store import sample_store

    from tui.app import ReaderApp
    from tui.screens.feed_items import FeedItemsScreen

    path = tmp_path / "feeds.sqlite3"
    screen = FeedItemsScreen(path, sample_store(path))
    return ReaderApp(None, screen=screen, theme=theme, animate=False, environ={}), screen


def test_feeds_takes_the_options_of_the_full_screen_reader(home: dict[str, str]) -> None:
    from tui.commands.feeds import parser

    args = parser().parse_args(["--theme", "ansi-dark", "--no-animation", "--no-mouse"])
    assert (args.theme, args.no_animation, args.no_mouse) == ("ansi-dark", True, True)
    tui(home, "feeds", "add", "https://harbour.example/rss.xml")
    wrong = tui(home, "feeds", "--theme", "no-such-theme")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("tui-reader: unknown theme 'no-such-theme'; choose one of:")
    # Before the command too, as for the reader: ``tui-reader --theme X feeds``.
    before = tui(home, "--theme", "no-such-theme", "feeds")
    assert before.returncode == 2
    assert before.stderr.startswith("tui-reader: unknown theme 'no-such-theme'; choose one of:")


def test_screen_options_before_feeds_go_to_it_unless_a_file_is_named_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.cli import _command_first

    monkeypatch.chdir(tmp_path)
    assert _command_first(["--theme", "ansi-dark", "--no-mouse", "feeds"]) == [
        "feeds",
        "--theme",
        "ansi-dark",
        "--no-mouse",
    ]
    assert _command_first(["--theme=ansi-dark", "feeds"]) == ["feeds", "--theme=ansi-dark"]
    assert _command_first(["--theme", "ansi-dark", "article.yaml"]) == [
        "--theme",
        "ansi-dark",
        "article.yaml",
    ]
    assert _command_first(["--theme", "feeds"]) == ["--theme", "feeds"]  # a theme named feeds
    (tmp_path / "feeds").mkdir()
    assert _command_first(["--no-mouse", "feeds"]) == ["--no-mouse", "feeds"]


def test_an_item_whose_page_failed_says_so() -> None:
    from tui.feeds.store import Item
    from tui.screens.feed_items import item_prompt

    item = Item(1, 1, "Feed", "g", "Gone", "http://x.example/a", "", 0, False, None, "HTTP 404")
    assert "· page not fetched: HTTP 404 · http://x.example/a" in item_prompt(item).plain


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 20), (40, 12)])
async def test_the_footer_names_enter_and_esc_only_while_a_page_is_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    import threading

    from tui.feeds import update
    from tui.widgets.key_footer import KeyFooter

    release = threading.Event()

    def slow_import(item, *, max_bytes):
        release.wait(10)
        return None, "cancelled by the test"

    monkeypatch.setattr(update, "import_page", slow_import)
    app, screen = feed_items_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = screen.query_one(KeyFooter)
        shown = [key.description for key in footer.shown]
        assert shown[:2] == ["Open", "Update"] and "Cancel" not in shown
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert [key.description for key in footer.shown][:2] == ["Open", "Cancel"]
        # What is going on comes first, the link last: a narrow line cuts the link.
        status = screen.status_text
        assert status.startswith("Fetching the page, 0 s · Esc cancels · https://harbour.example")
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert "Cancel" not in [key.description for key in footer.shown]
        assert screen.status_text == "Cancelled · 5 items · 3 unread"
        release.set()


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_status_line_is_one_row_cut_with_an_ellipsis(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from textual.widgets import Static

    app, screen = feed_items_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen._notice = "Cannot open " + "a very long title of an item, " * 5
        screen._update_status()
        await pilot.pause()
        status = screen.query_one("#items-status", Static)
        assert status.region.height == 1
        row = app.screen._compositor.render_strips()[status.region.y]
        drawn = "".join(segment.text for segment in row).rstrip()
        assert drawn.endswith("…") and drawn.startswith(" Cannot open a very long title")


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
async def test_with_no_colour_the_current_item_is_in_reverse_video_and_no_text_is_black(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    # With NO_COLOR and an ANSI theme every text was black on black (Textual's Monochrome
    # filter on the terminal's default colours); the cursor was bold, as the unread items are.
    monkeypatch.setenv("NO_COLOR", "1")
    app, screen = feed_items_app(tmp_path, theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        y = screen.item_list.region.y + 1  # the first item's title, the current one
        title = [segment for segment in strips[y] if "Council" in segment.text]
        assert title and all(segment.style.reverse for segment in title)
        unread = [segment for segment in strips[y + 2] if "Corrosion" in segment.text]
        assert unread and not unread[0].style.reverse and unread[0].style.bold
        for strip in strips:
            for segment in strip:
                style = segment.style
                if style is not None and segment.text.strip() and style.color is not None:
                    # The terminal's default colours both are fine; one colour both is not.
                    assert style.color.is_default or style.color != style.bgcolor, segment


async def test_the_help_over_the_feed_items_lists_their_keys(tmp_path: Path) -> None:
    # It listed q, ? and Ctrl+P only: none of Enter, u, r, A.
    from tui.screens.help import help_for

    app, _ = feed_items_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sections = dict(help_for(app)[0])
        described = {
            binding.key: binding.tooltip or binding.description
            for binding in sections["Feed items"]
        }
        assert described["enter"] == "Fetch the page and read it"
        assert {"u", "r", "A", "escape", "j"} <= set(described)


async def test_u_is_dim_in_the_footer_while_an_update_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from tui.feeds import update
    from tui.widgets.key_footer import KeyFooter

    release = threading.Event()

    def slow_update(store, urls, *, each):
        release.wait(10)
        return []

    monkeypatch.setattr(update, "update_feeds", slow_update)
    app, screen = feed_items_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen.query_one(KeyFooter)

        def update_key() -> list[bool]:
            return [key.enabled for key in footer.shown if key.description == "Update"]

        assert update_key() == [True]
        await pilot.press("u")
        await pilot.pause(0.1)
        assert update_key() == [False]
        assert screen.status_text == "Updating 0 of 2 feeds… · 5 items · 3 unread"
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if "Updated" in screen.status_text:
                break
        assert screen.status_text == "Updated: 0 new · 5 items · 3 unread"
        assert update_key() == [True]
