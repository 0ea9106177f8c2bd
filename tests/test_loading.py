"""Large articles: the title at once from a peek at the file, the reader once it has loaded.

Covers the peek (pure), the loading screen in Pilot (keys typed while loading reach the reader,
an invalid file or a missing deep-link target ends the app with the message), and the real
command in a pty on a file above the background-load threshold.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal
from test_library import ready

from tui.app import ReaderApp
from tui.content_paths import BACKGROUND_LOAD_BYTES, default_article_path
from tui.links import ArticleRequest, Wanted
from tui.model.loader import load_article
from tui.model.peek import PEEK_BYTES, MetaPeek, peek_meta, peek_meta_text
from tui.screens import loading
from tui.screens.library import LibraryScreen
from tui.screens.loading import LoadingScreen
from tui.screens.reader import ReaderScreen

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _generate(paragraphs: int) -> str:
    spec = importlib.util.spec_from_file_location("benchmarks_generate", BENCHMARKS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.article_yaml(paragraphs)


# --- The peek -------------------------------------------------------------------------------


def test_peek_reads_the_seed_articles_title_and_subtitle() -> None:
    article = load_article(default_article_path())
    peek = peek_meta(default_article_path())
    assert peek.title == article.meta.title
    assert peek.subtitle == article.meta.subtitle
    assert peek.dateline == ""  # the seed gives none


def test_peek_finds_meta_after_other_keys_and_skips_nested_values() -> None:
    text = (
        "schema: 1\nid: x\nspeakers:\n  - {id: a, name: A}\n"
        "meta:\n  tags: [title, subtitle]\n  source: {title: not this}\n"
        "  title: The title\n  dateline: Kyiv\nbody: []\n"
    )
    assert peek_meta_text(text) == MetaPeek(title="The title", dateline="Kyiv")


def test_peek_keeps_what_came_before_a_cut_or_a_broken_file() -> None:
    assert peek_meta_text('meta:\n  title: "Cut here\n  subtitle: x') == MetaPeek()
    assert peek_meta_text("meta:\n  title: Whole\n  subtitle: [unclosed\n") == MetaPeek(
        title="Whole"
    )
    assert peek_meta_text("- a list\n- not an article\n") == MetaPeek()
    assert peek_meta_text("meta: &m\n  title: T\nother: *m\n") == MetaPeek(title="T")
    assert peek_meta_text("") == MetaPeek()


def test_peek_text_is_sanitised_and_short() -> None:
    hostile = 'meta:\n  title: "\\e]0;PWNED\\a[bold]x[/bold]\\u202e"\n  subtitle: "' + "w " * 600
    peek = peek_meta_text(hostile + '"\n')
    assert "\x1b" not in peek.title and "\x07" not in peek.title and "\u202e" not in peek.title
    assert "[bold]x[/bold]" in peek.title  # shown as text, never as markup
    assert len(peek.subtitle) <= 500 and peek.subtitle.endswith("…")


def test_peek_reads_only_the_start_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "late.yaml"
    path.write_text("body: [" + "x, " * PEEK_BYTES + "]\nmeta:\n  title: Too late\n")
    assert peek_meta(path) == MetaPeek()
    assert peek_meta(tmp_path / "missing.yaml") == MetaPeek()


# --- The loading screen in Pilot -------------------------------------------------------------


@pytest.fixture(scope="module")
def medium_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("loading") / "medium.yaml"
    path.write_text(_generate(400), encoding="utf-8")
    return path


@pytest.fixture
def held_loader(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The loader waits for the returned event: the test decides when loading ends."""
    release = threading.Event()
    real = loading.load_article

    def held(path, *, max_bytes):
        assert release.wait(30), "the test never released the loader"
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr(loading, "load_article", held)
    return release


async def _wait_for(predicate, pilot, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError("timed out")


async def test_the_title_shows_while_loading_and_keys_typed_meanwhile_reach_the_reader(
    medium_file: Path, held_loader: threading.Event
) -> None:
    app = ReaderApp(ArticleRequest(str(medium_file), 1 << 30), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        header = str(screen.query_one("#loading-header").render())
        assert "Synthetic article of 400 paragraphs" in header
        assert "Loading" in str(screen.query_one("#loading-note").render())
        await pilot.press("n", "n", "f")
        assert screen.kept_keys == [("n", "n"), ("n", "n"), ("f", "f")]
        held_loader.set()
        await _wait_for(lambda: isinstance(app.screen, ReaderScreen), pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await _wait_for(lambda: "Fact 1/" in reader.status_line.text, pilot)
        replayed = (reader.status_line.text, reader.quote_list.highlighted, reader.body.scroll_y)
    # The same keys typed into the reader opened on the loaded article.
    direct = ReaderApp(load_article(medium_file), animate=False, environ={}, fresh=True)
    async with direct.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "f")
        await pilot.pause()
        reader = direct.screen
        assert isinstance(reader, ReaderScreen)
        assert replayed == (
            reader.status_line.text,
            reader.quote_list.highlighted,
            reader.body.scroll_y,
        )


async def test_the_file_name_shows_inert_while_loading(
    tmp_path: Path, held_loader: threading.Event
) -> None:
    # No title to peek: the header falls back to the file's name, which is no content.
    name = "x\x1b]0;PWNED\x1b\\\u202e.yaml"
    path = tmp_path / name
    path.write_text("schema: 1\n", encoding="utf-8")
    app = ReaderApp(ArticleRequest(str(path), 1 << 30), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        header = str(screen.query_one("#loading-header").render())
        note = str(screen.query_one("#loading-note").render())
        held_loader.set()
        await pilot.pause()
    shown = "x\\x1b]0;PWNED\\x1b\\\\u202e.yaml"
    assert header == shown and note.startswith(f"Loading {shown} (10 bytes)…"), (header, note)


async def test_q_quits_while_loading(medium_file: Path, held_loader: threading.Event) -> None:
    app = ReaderApp(ArticleRequest(str(medium_file), 1 << 30), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    held_loader.set()
    assert app.return_code == 0


async def test_a_crash_while_loading_is_the_apps_crash(
    medium_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str, *, max_bytes: int) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(loading, "load_article", broken)
    app = ReaderApp(ArticleRequest(str(medium_file), 1 << 30), animate=False, environ={})
    with pytest.raises(RuntimeError, match="broken on purpose"):  # what run_test re-raises
        async with app.run_test(size=(120, 40)) as pilot:
            await _wait_for(lambda: not app.is_running, pilot)


async def test_an_invalid_file_ends_the_app_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema: 1\nid: broken\nmeta:\n  title: Broken\nbody: 12\n", encoding="utf-8")
    app = ReaderApp(ArticleRequest(str(path), 1 << 30), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_for(lambda: app.return_code is not None, pilot)
    assert app.return_code == 2
    assert app.exit_lines, "no message"
    assert all(line.startswith(f"{path}:") for line in app.exit_lines)
    assert any(":5:" in line and "body" in line for line in app.exit_lines), app.exit_lines


async def test_a_missing_deep_link_target_ends_the_app_with_its_message(
    medium_file: Path,
) -> None:
    request = ArticleRequest(str(medium_file), 1 << 30, Wanted("quote", "nope"))
    app = ReaderApp(request, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_for(lambda: app.return_code is not None, pilot)
    assert app.return_code == 2
    assert app.exit_lines == [f"tui-reader: {medium_file}: no quote with id 'nope'"]


async def test_a_deep_link_into_a_loading_article_opens_at_its_target(medium_file: Path) -> None:
    article = load_article(medium_file)
    quote = article.quotes[40]
    request = ArticleRequest(str(medium_file), 1 << 30, Wanted(None, quote.id))
    app = ReaderApp(request, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_for(lambda: isinstance(app.screen, ReaderScreen), pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await _wait_for(lambda: reader.quote_list.current_quote is not None, pilot)
        assert reader.quote_list.current_quote.id == quote.id


# --- The real command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    paragraphs = 4_000
    text = _generate(paragraphs)
    assert len(text.encode()) > BACKGROUND_LOAD_BYTES
    path.write_text(text, encoding="utf-8")
    return path


def test_a_large_file_shows_its_title_first_then_the_reader_in_a_pty(large_file: Path) -> None:
    terminal = PtyTerminal.reader("--no-animation", str(large_file))
    try:
        assert terminal.wait_for(lambda text: "Synthetic article of 4,000" in text), terminal.text
        terminal.send("n")  # typed at once: kept while loading if the reader is not up yet
        assert terminal.wait_for(lambda text: "¶ " in text and "Quote 1/1000" in text), (
            terminal.text
        )
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


@pytest.fixture(scope="module")
def slow_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50,000 paragraphs (19 MB): a few seconds to load and check."""
    path = tmp_path_factory.mktemp("slow") / "slow.yaml"
    path.write_text(_generate(50_000), encoding="utf-8")
    return path


def test_q_quits_at_once_while_a_large_file_is_still_loading(slow_file: Path) -> None:
    import time

    terminal = PtyTerminal.reader("--no-animation", "--max-bytes", "30000000", str(slow_file))
    try:
        assert terminal.wait_for(lambda text: "Loading slow.yaml" in text), terminal.text
        terminal.send("q")
        sent = time.monotonic()
        assert terminal.wait_exit(30) == 0
        # The load takes seconds more; the app used to wait for its thread to finish.
        assert time.monotonic() - sent < 1.0
        assert "Quote 1/" not in terminal.text
    finally:
        terminal.close()


def test_a_large_invalid_file_exits_2_with_its_errors(tmp_path: Path, large_file: Path) -> None:
    path = tmp_path / "large-broken.yaml"
    path.write_text(large_file.read_text(encoding="utf-8") + "body: again\n", encoding="utf-8")
    terminal = PtyTerminal.reader("--no-animation", str(path))
    try:
        assert terminal.wait_exit(60) == 2
        terminal.pump(0.5)
        assert "duplicate" in terminal.text.lower() and "body" in terminal.text, terminal.text
    finally:
        terminal.close()


# --- From the library ------------------------------------------------------------------------


@pytest.fixture
def large_library(tmp_path: Path, large_file: Path) -> Path:
    directory = tmp_path / "library"
    directory.mkdir()
    text = large_file.read_text(encoding="utf-8")
    (directory / "large.yaml").write_text(text, encoding="utf-8")
    (directory / "large-broken.yaml").write_text(
        text.replace("Synthetic article of 4,000", "Broken article of 4,000") + "body: again\n",
        encoding="utf-8",
    )
    return directory


async def _open_from_library(app: ReaderApp, pilot, words: str) -> LibraryScreen:
    """Type ``words`` in the library's filter and press Enter; the library screen."""
    library = await ready(app, pilot)
    await pilot.press(*words, "enter")
    return library


async def test_a_large_article_opens_from_the_library_behind_its_title(
    large_library: Path, held_loader: threading.Event
) -> None:
    app = ReaderApp(library=large_library, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        library = await _open_from_library(app, pilot, "synthetic")
        loading_screen = app.screen
        assert isinstance(loading_screen, LoadingScreen)
        assert "Esc: back to the library" in str(loading_screen.query_one("#loading-note").render())
        await pilot.press("n")
        held_loader.set()
        await _wait_for(lambda: isinstance(app.screen, ReaderScreen), pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await _wait_for(lambda: "Quote 1/" in reader.status_line.text, pilot)
        assert app.screen_stack == [library, reader]  # the loading screen is gone
        await pilot.press("escape", "escape")
        assert app.screen is library


async def test_escape_while_loading_goes_back_to_the_library(
    large_library: Path, held_loader: threading.Event
) -> None:
    app = ReaderApp(library=large_library, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        library = await _open_from_library(app, pilot, "synthetic")
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        await pilot.press("escape")
        assert app.screen is library
        held_loader.set()
        screen.load_thread.join(30)
        await pilot.pause(0.2)
        assert app.screen is library  # what the thread loaded is dropped


async def test_a_large_invalid_article_from_the_library_says_why_and_stays(
    large_library: Path,
) -> None:
    app = ReaderApp(library=large_library, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        library = await _open_from_library(app, pilot, "broken")
        await _wait_for(
            lambda: app.screen is library and "Cannot open" in library.status_text, pilot
        )
        assert "large-broken.yaml" in library.status_text
        assert "duplicate" in library.status_text.lower()


async def test_a_large_import_loads_named_and_linked_by_its_source(
    medium_file: Path, tmp_path: Path, held_loader: threading.Event
) -> None:
    # ``medium_file`` stands for the import in the cache of a large text.
    source = str(tmp_path / "story.txt")
    app = ReaderApp(ArticleRequest(str(medium_file), 1 << 30, None, source), environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        note = str(app.screen.query_one("#loading-note").render())
        assert note.startswith("Loading story.txt ("), note
        held_loader.set()
        await _wait_for(lambda: isinstance(app.screen, ReaderScreen), pilot)
        assert app.screen.article.origin == source
        await pilot.press("n", "y")
        assert app.clipboard.startswith(f"{Path(source).resolve()}#")
