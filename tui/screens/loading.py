"""The loading screen: a large article's title at once, the reader when the file is loaded.

Loading and checking a file of 100,000 paragraphs takes seconds. Rather than a blank terminal,
the reader shows what the first bytes of the file say (title, subtitle, dateline), loads the
whole file in a thread, and then replaces this screen with the reader. Keys typed meanwhile
are kept and replayed to the reader in order. A file that turns out invalid ends the app with
the loader's messages, as it would have before the first frame.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.cli import EXIT_INVALID
from tui.links import ArticleRequest
from tui.model.article import Article
from tui.model.errors import ContentError, ContentInvalid, Problems
from tui.model.inert import inert
from tui.model.loader import load_article
from tui.model.peek import MetaPeek, peek_meta
from tui.screens.first_paint import FirstPaint

#: Keys kept while loading, at most; more are dropped (the reader would not catch up anyway).
MAX_KEPT_KEYS = 64
#: Keys that act at once, even while loading.
IMMEDIATE_KEYS = frozenset({"q", "ctrl+c", "ctrl+q"})


def human_size(size: int) -> str:
    """``38.2 MB``, ``512 KB``, ``900 bytes``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size // 1_000} KB"
    return f"{size} bytes"


class Loaded(Message):
    """From the loading thread: the article, or why it did not load."""

    def __init__(
        self,
        article: Article | None,
        errors: list[ContentError] | None = None,
        crash: Exception | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.errors = errors
        self.crash = crash


class LoadingScreen(FirstPaint, Screen[list[ContentError]]):
    """The peeked title and a line that says what is loading and for how long so far.

    As the first screen, a file that does not load ends the app with its errors. Opened from
    the library, the screen is dismissed with the errors instead, and the library says why.
    """

    DEFAULT_CSS = """
    LoadingScreen {
        layout: vertical;
        & > #loading-header {
            height: auto;
            background: $panel;
            padding: 0 1;
        }
        & > Vertical {
            height: 1fr;
            align: center middle;
        }
        #loading-note {
            width: 100%;
            padding: 0 1;
            text-align: center;
            color: $text-muted;
        }
    }
    """

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, request: ArticleRequest, *, resume: bool = True) -> None:
        super().__init__()
        self.request = request
        self._resume = resume
        self._meta_peek: MetaPeek = peek_meta(request.path)
        try:
            self._file_size = os.stat(request.path).st_size
        except OSError:
            self._file_size = 0
        self._load_started = time.monotonic()
        self._load_ticker: Timer | None = None
        #: Escape (from the library): what the load finds is no longer wanted.
        self._cancelled = False
        #: Keys typed while loading (key and character), for the reader.
        self.kept_keys: list[tuple[str, str | None]] = []
        #: The thread that loads the file (a daemon: see ``on_mount``).
        self.load_thread = threading.Thread(target=self._load, name="tui-reader load", daemon=True)

    def compose(self) -> ComposeResult:
        yield Static(self._header(), id="loading-header", markup=False)
        with Vertical():
            yield Static(self._note(), id="loading-note", markup=False)

    @property
    def _source_name(self) -> str:
        """The file as the user named it: an import's source, not its file in the cache."""
        return self.request.source or self.request.path

    def _header(self) -> Content:
        peek = self._meta_peek
        title = peek.title or inert(os.path.basename(self._source_name))
        parts: list[str | tuple[str, str]] = [(title, "bold")]
        if peek.subtitle:
            parts += ["\n", (peek.subtitle, "italic")]
        if peek.dateline:
            parts += ["\n", (peek.dateline, "dim")]
        return Content.assemble(*parts)

    def _note(self) -> str:
        seconds = int(time.monotonic() - self._load_started)
        name = inert(os.path.basename(self._source_name))
        elapsed = f" {seconds} s" if seconds else ""
        keys = "q quits" if self._is_first_screen else "Esc: back to the library"
        return f"Loading {name} ({human_size(self._file_size)})…{elapsed}   {keys}"

    def on_mount(self) -> None:
        # A line a second, no animation: over SSH each tick costs a few bytes, not a frame.
        self._load_ticker = self.set_interval(1.0, self._tick)
        # A thread of its own, not a Textual worker: the app waits for its workers' threads
        # when it ends, and a load cannot be stopped halfway, so q would wait for the whole
        # load (seconds for a large file). A daemon thread is left behind when the app ends.
        self.load_thread.start()

    def on_resize(self) -> None:
        # Its own first layout pass has sized the screen: the title and the note are all it
        # shows, drawn once (see ``FirstPaint``).
        self.first_paint_ready()

    def _tick(self) -> None:
        self.query_one("#loading-note", Static).update(self._note())

    def on_key(self, event: events.Key) -> None:
        if event.key in IMMEDIATE_KEYS:
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape" and not self._is_first_screen:
            # Back to the library; the thread finishes on its own and its result is dropped.
            self._cancelled = True
            self.dismiss(None)
            return
        if len(self.kept_keys) < MAX_KEPT_KEYS:
            self.kept_keys.append((event.key, event.character))

    def _load(self) -> None:
        request = self.request
        try:
            article = load_article(request.path, max_bytes=request.max_bytes)
            loaded = Loaded(article.imported_from(request.source))
        except ContentInvalid as invalid:
            loaded = Loaded(None, errors=invalid.errors)
        except Exception as crash:  # a bug: raised again in the app, which reports it
            loaded = Loaded(None, crash=crash)
        if not self._cancelled:
            # Posted, not called: ``call_from_thread`` would wait for an app that may have
            # ended. Once the app's loop is closed there is no one to tell.
            with contextlib.suppress(RuntimeError):
                self.post_message(loaded)

    def on_loaded(self, message: Loaded) -> None:
        if message.crash is not None:
            raise message.crash
        if message.errors is not None:
            self._failed(message.errors)
        elif message.article is not None:
            self._loaded(message.article)

    @property
    def _is_first_screen(self) -> bool:
        return self.app.screen_stack[:1] == [self]

    def _stop_ticking(self) -> None:
        if self._load_ticker is not None:
            self._load_ticker.stop()

    def _failed(self, errors: Problems) -> None:
        """The file does not load: back to the library with its errors, or end the app."""
        if self._cancelled or not self.is_attached:
            return
        self._stop_ticking()
        if self._is_first_screen:
            self._exit_with(errors.lines())
        else:
            self.dismiss(errors)

    def _exit_with(self, lines: list[str]) -> None:
        """End the app with exit status 2; ``lines`` are printed once it has left full screen."""
        self.app.exit_lines.extend(lines)  # type: ignore[attr-defined]
        self.app.exit(return_code=EXIT_INVALID)

    def _loaded(self, article: Article) -> None:
        from tui.screens.reader import ReaderScreen

        if self._cancelled or not self.is_attached:
            return
        wanted = self.request.wanted
        start = wanted.resolve(article) if wanted else None
        self._stop_ticking()
        if wanted and start is None:  # only asked for on the command line: the first screen
            self._exit_with([wanted.missing(self.request.source or self.request.path)])
            return
        app = self.app
        reader = ReaderScreen(article, start=start, resume=self._resume)
        reader.typed_ahead = list(self.kept_keys)  # replayed once the reader is mounted
        if self._is_first_screen:
            # Pushed over this screen: Textual 8.2.8 cannot switch away from the first screen.
            app.push_screen(reader)
        else:
            app.switch_screen(reader)
