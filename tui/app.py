"""The reader app: app-wide keys, theme, SSH-aware settings; it pushes the reader screen."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer

from tui.clipboard import multiplexer_wrapped, osc52
from tui.collector import IDLE_DELAY, collect_while_idle, resume_after_start_up
from tui.kiosk import kiosk_session
from tui.links import ArticleRequest, Target
from tui.model import DEFAULT_MAX_BYTES
from tui.model.article import Article
from tui.model.inert import inert
from tui.state import StateStore
from tui.state_writer import StateWriter
from tui.terminal_lines import print_line

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


def over_ssh(environ: Mapping[str, str]) -> bool:
    """True when the session runs over SSH, where every animation frame costs bytes."""
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


#: Set to make the running app raise, for the test of crash reports.
CRASH_TEST_VARIABLE = "TUI_READER_CRASH_TEST"


def driver_class() -> type[Driver] | None:
    """The reader's own driver in a POSIX terminal (``tui.terminal_driver``: hang-ups, hostile
    input); None (Textual's choice) on Windows or when ``TEXTUAL_DRIVER`` names one."""
    if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
        return None
    from tui.terminal_driver import ReaderDriver

    return ReaderDriver


class ReaderApp(App[int]):
    """Holds the app-wide bindings; everything about the article lives in ``ReaderScreen``."""

    # The library's rules too: Textual reads a screen's own CSS_PATH when the screen is pushed,
    # not when it is the default screen (``get_default_screen``), as the library is.
    CSS_PATH = ["reader.tcss", "screens/library.tcss"]
    TITLE = "tui-reader"
    #: What stays on screen beside a maximised pane (Textual's default names its own footer).
    ALLOW_IN_MAXIMIZED_VIEW = "KeyFooter"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        # Textual's own, shown: where q types (in a filter or the search), the footer names it.
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # Declared, so that the help lists it (Textual adds its own only when none is).
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            tooltip="Command palette: type what to do",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        article: Article | ArticleRequest | None = None,
        *,
        library: str | os.PathLike[str] | None = None,
        screen: Screen | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        theme: str | None = None,
        animate: bool = True,
        environ: Mapping[str, str] | None = None,
        start: Target | None = None,
        state: StateStore | None = None,
        fresh: bool = False,
    ) -> None:
        super().__init__(driver_class=driver_class())
        #: Where the article opens (a deep link), and where reading positions are kept.
        self.start = start
        self.state = state
        #: Saves each change of a reading position as it is made, off the event loop.
        self.state_writer = StateWriter(state) if state is not None else None
        #: 128 + the signal when the session hung up (SIGHUP, SIGTERM, the terminal closed).
        self.hang_up_status: int | None = None
        #: Open articles at the top, not at the saved position (``--fresh``).
        self.fresh = fresh
        #: The first screen, when it is neither an article nor a library (``tui-reader feeds``).
        self.first_screen = screen
        if (article is None) == (library is None) and screen is None:
            raise TypeError("ReaderApp reads an article or a library directory: give one")
        self.article = article
        #: The directory the app starts on, listing its articles (None: it reads ``article``).
        self.library = library
        #: The largest content file loaded (also on live reload).
        self.max_bytes = max_bytes
        self._environ = os.environ if environ is None else environ
        self._no_color: NoColor | None = None
        self._idle_timer: Timer | None = None
        #: The last size passed on to the screens.
        self._resized_to: Size | None = None
        #: Printed after the app has left full screen: why an article could not be opened.
        self.exit_lines: list[str] = []
        #: Run by ``tui-reader serve`` for a client (``tui.kiosk``): nothing acts on the server.
        self.kiosk = kiosk_session(self._environ) is not None
        if theme:
            self.theme = theme
        if not animate or self.kiosk or over_ssh(self._environ):
            # One key, one repaint: no smooth scrolling or fading over a slow link.
            self.animation_level = "none"

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's, but under NO_COLOR with an ANSI theme, ``NoColor`` for ``Monochrome``.

        Textual picks the filter once, in ``App.__init__``, for the theme of then
        (textual-dark): ``Monochrome``, which makes greys of RGB colours. An ANSI theme set
        after it (``--theme ansi-dark``) went through it too, and it turns the terminal's own
        colours to black: black text on black, in the reader and every list. ``NoColor`` (the
        terminal's default colours) is Textual's own choice for an ANSI theme."""
        filters = super().get_line_filters()
        if not self.no_color or not self.native_ansi_color:
            return filters
        return [self._no_color_filter if isinstance(f, Monochrome) else f for f in filters]

    @property
    def _no_color_filter(self) -> NoColor:
        if self._no_color is None:
            self._no_color = NoColor()
        return self._no_color

    def get_default_screen(self) -> Screen:
        """The library or the reader is the first screen itself: pushing it over a blank one
        cost a whole frame, rendered and then thrown away, before the first that is shown."""
        if self.first_screen is not None:
            return self.first_screen
        if self.library is not None:
            from tui.screens.library import LibraryScreen

            return LibraryScreen(self.library, max_bytes=self.max_bytes)
        if isinstance(self.article, ArticleRequest):
            from tui.screens.loading import LoadingScreen

            return LoadingScreen(self.article, resume=not self.fresh)
        from tui.screens.reader import ReaderScreen  # not needed by the library's first frame

        assert self.article is not None
        return ReaderScreen(self.article, start=self.start, resume=not self.fresh)

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._resized_to:
            # The same size again: the driver reports the size Textual started with, and an
            # in-band resize report (mode 2048) or a SIGWINCH may repeat it. Textual would keep
            # it and send it to the screen, which lays out and repaints the whole screen.
            event.prevent_default()
            return
        self._resized_to = event.size

    def on_ready(self) -> None:
        # The first frame is out: start-up is over, whichever screen came first.
        resume_after_start_up()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._collect_when_idle()
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # A paste lands in an input that shows it: an escape sequence in it (copied from
            # a web page, say) would reach the terminal live. Each line is made inert.
            event.text = "\n".join(map(inert, event.text.splitlines()))
        if isinstance(event, events.Key) and not event.is_forwarded:
            keep = getattr(self.screen, "keep_typed_ahead", None)
            if keep is not None and keep(event):
                return  # before the reader is up: it replays the key once it is
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """Collect garbage once input has paused (``tui.collector.collect_while_idle``):
        each key moves the collection on. Not in tests (headless): nothing repaints against a
        clock there, and each app would pay full collections of the test process."""
        if self.is_headless:
            return
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(IDLE_DELAY, collect_while_idle, name="collect")

    def on_mount(self) -> None:
        if self._environ.get(CRASH_TEST_VARIABLE):
            # A hidden hook for the crash-report test: fail the way a bug would, once running.
            self.set_timer(0.3, self._crash_for_test)

    def _crash_for_test(self) -> None:
        raise ValueError(f"crash test: {CRASH_TEST_VARIABLE} is set")

    def hang_up(self, status: int) -> None:
        """The session has ended under us (``tui.terminal_driver``): save the reading position
        now, then leave the way ``q`` does, with ``status``."""
        self.hang_up_status = status
        from tui.screens.reading_position import ReadingPosition

        for screen in self.screen_stack:
            if isinstance(screen, ReadingPosition):
                screen.save_position()
        self.flush_state()
        self.exit(return_code=status)

    def flush_state(self) -> None:
        """Write what is pending (from any thread: the hang-up watchdog calls it too)."""
        if self.state_writer is not None:
            self.state_writer.flush()

    @property
    def reader(self) -> ReaderScreen:
        from tui.screens.reader import ReaderScreen

        screen = self.screen
        if isinstance(screen, ReaderScreen):
            return screen
        return next(s for s in self.screen_stack if isinstance(s, ReaderScreen))

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52, also wrapped for tmux or screen so it reaches the outer terminal (and SSH).

        Raises ``ValueError`` when the text is too long for terminals to accept.
        """
        wrapped = multiplexer_wrapped(osc52(text), self._environ)
        super().copy_to_clipboard(text)  # the bare sequence, and ``App.clipboard`` for tests
        # Textual writes only the bare sequence; the wrapped one goes through the same driver.
        driver = getattr(self, "_driver", None)
        if wrapped is not None and driver is not None:
            driver.write(wrapped)

    # --- Serve mode: what would act on the server's side ---------------------------------

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Served, a browser would open on the server: the link is copied to the client's
        clipboard instead."""
        if not self.kiosk:
            super().open_url(url, new_tab=new_tab)
            return
        try:
            self.copy_to_clipboard(url)
        except ValueError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify("Link copied: this reader runs on a server, which opens no browser for you")

    def deliver_text(self, *args, **kwargs) -> str | None:  # type: ignore[override]
        return self._kept_on_server() if self.kiosk else super().deliver_text(*args, **kwargs)

    def deliver_binary(self, *args, **kwargs) -> str | None:  # type: ignore[override]
        return self._kept_on_server() if self.kiosk else super().deliver_binary(*args, **kwargs)

    def _kept_on_server(self) -> None:
        self.notify("Nothing can be saved from a reader on a server", severity="warning")

    def suspend(self):  # type: ignore[override]
        if self.kiosk:
            from textual.app import SuspendNotSupported

            raise SuspendNotSupported("the reader runs on a server: no shell to suspend to")
        return super().suspend()

    def action_suspend_process(self) -> None:
        if not self.kiosk:
            super().action_suspend_process()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, help_for

        self.push_screen(HelpScreen(*help_for(self)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.screens.commands import help_command, reader_commands
        from tui.screens.reader import ReaderScreen

        # Textual's own but its key panel ("Keys"): it squeezes the body, Escape does not close
        # it, and the help (``?``, and the palette's "Help") lists every key already.
        panel = (self.action_show_help_panel, self.action_hide_help_panel)
        for command in super().get_system_commands(screen):
            # Served, a screenshot would be saved on the server (``deliver_text`` refuses too).
            kept = self.kiosk and command.title == "Screenshot"
            if command.callback not in panel and not kept:
                yield command
        yield help_command(self)
        if isinstance(screen, ReaderScreen):
            yield from reader_commands(screen)


def run(
    article: Article | ArticleRequest | None,
    *,
    library: str | os.PathLike[str] | None = None,
    screen: Screen | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    theme: str | None = None,
    animate: bool = True,
    mouse: bool = True,
    start: Target | None = None,
    fresh: bool = False,
    state: StateStore | None = None,
) -> int:
    """Run the reader full-screen on ``article`` or a ``library`` directory; the exit status.

    An ``ArticleRequest`` is loaded in a thread behind a first frame with its title.

    Reading positions are kept in ``state`` (the user's state directory by default); ``fresh``
    opens at the top instead of where the reader left off.
    """
    from rich.console import Console

    store = state if state is not None else StateStore()
    app = ReaderApp(
        article,
        library=library,
        screen=screen,
        max_bytes=max_bytes,
        theme=theme,
        animate=animate,
        start=start,
        state=store,
        fresh=fresh,
    )
    # Textual prints an unhandled exception's traceback to ``error_console`` after it has
    # restored the terminal. Sent to a buffer instead, it becomes a report file and one line.
    details = io.StringIO()
    app.error_console = Console(
        file=details, width=120, color_system=None, markup=False, highlight=False
    )
    app.run(mouse=mouse and not over_ssh(os.environ))
    if app.hang_up_status is not None:
        _leave_after_hang_up(app, store, details.getvalue())
    for line in _lines_after(app, store):
        print_line(sys.stderr, line)
    if details.getvalue().strip():
        from tui.crash import report_crash

        return report_crash(details.getvalue())
    return app.return_code or 0


def _lines_after(app: ReaderApp, store: StateStore) -> list[str]:
    """What is said once the app has left full screen: why an article could not be opened, and
    a damaged or unwritable state file (once each)."""
    return [*app.exit_lines, *(f"tui-reader: {warning}" for warning in store.warnings)]


def _leave_after_hang_up(app: ReaderApp, store: StateStore, details: str) -> NoReturn:
    """Ends the process with the hang-up's status once the app has saved and given the terminal
    back. At once: a thread still waiting (on a file, a load-ahead child) or a flush to a terminal
    that has gone must not keep a process of a closed session alive."""
    status = app.hang_up_status or 0
    with contextlib.suppress(OSError, ValueError):  # stderr may be the terminal that has gone
        for line in _lines_after(app, store):
            print_line(sys.stderr, line)
        if details.strip():
            from tui.crash import report_crash

            status = report_crash(details)
        sys.stderr.flush()
    os._exit(status)
