"""The reader app: app-wide keys, theme, SSH-aware settings; it pushes the reader screen."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.clipboard import multiplexer_wrapped, osc52
from tui.model.article import Article
from tui.screens.reader import ReaderScreen


def over_ssh(environ: Mapping[str, str]) -> bool:
    """True when the session runs over SSH, where every animation frame costs bytes."""
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


class ReaderApp(App[int]):
    """Holds the app-wide bindings; everything about the article lives in ``ReaderScreen``."""

    CSS_PATH = "reader.tcss"
    TITLE = "tui-reader"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        article: Article,
        *,
        theme: str | None = None,
        animate: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self._environ = os.environ if environ is None else environ
        if theme:
            self.theme = theme
        if not animate or over_ssh(self._environ):
            # One key, one repaint: no smooth scrolling or fading over a slow link.
            self.animation_level = "none"

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.article))

    @property
    def reader(self) -> ReaderScreen:
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

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        reader = self.reader
        sections = [
            ("Everywhere", self),
            ("Reader", reader),
            ("Article body", reader.body),
            ("Quote list", reader.quote_list),
            ("Facts", reader.facts_panel),
        ]
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        yield SystemCommand("Next quote", "Jump to the next quote (n)", screen.action_next_quote)
        yield SystemCommand(
            "Previous quote", "Jump to the previous quote (N)", screen.action_previous_quote
        )
        yield SystemCommand("Next fact", "Jump to the next fact (f)", screen.action_next_fact)
        yield SystemCommand(
            "Previous fact", "Jump to the previous fact (F)", screen.action_previous_fact
        )
        yield SystemCommand(
            "Copy quote",
            "Copy the current quote with its attribution (c)",
            screen.action_copy_quote,
        )
        yield SystemCommand(
            "Filter by speaker", "Pick whose quotes to list (S)", screen.action_pick_speaker
        )
        yield SystemCommand(
            "Show all speakers", "Clear the speaker filter", lambda: screen.set_speaker_filter(None)
        )
        yield SystemCommand("About this article", "All the metadata (i)", screen.action_about)
        yield SystemCommand("Keys", "Every key, from the live bindings (?)", self.action_help)


def run(
    article: Article, *, theme: str | None = None, animate: bool = True, mouse: bool = True
) -> int:
    """Run the reader full-screen; the exit status."""
    app = ReaderApp(article, theme=theme, animate=animate)
    app.run(mouse=mouse and not over_ssh(os.environ))
    return app.return_code or 0
