"""The status line: where the reader is in the article, the current quote, filter and notices."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from tui.model.inert import inert


class Status(NamedTuple):
    """Everything the status line shows; the screen builds one and the line renders it."""

    paragraph: int = 0
    paragraphs: int = 0
    percent: int = 0
    quote: str = ""
    filter: str = ""
    notice: str = ""

    def parts(self) -> list[str]:
        """What the line shows, made inert: a notice may quote a file name (``Copied link
        PATH#q3``) and the filter a pasted query."""
        parts = [f"¶ {self.paragraph}/{self.paragraphs} · {self.percent}%"]
        parts.extend(inert(part) for part in (self.quote, self.filter, self.notice) if part)
        return parts


class StatusLine(Static):
    """One line (two when the window is narrow); repaints only when what it says changes."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 3;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._status = Status()

    @property
    def status(self) -> Status:
        return self._status

    @property
    def text(self) -> str:
        """What the line says, as plain text (for tests and the pty driver)."""
        return "   ".join(self._status.parts())

    def show(self, status: Status) -> None:
        if status == self._status:
            return
        old_width = cell_len(self.text)
        self._status = status
        # A layout pass costs a second repaint burst over SSH: only when the line count may
        # change (the text fills the line, or did).
        fits = self.content_region.width
        layout = not fits or max(old_width, cell_len(self.text)) >= fits
        content = Content("   ").join(Content(part) for part in status.parts())
        self.update(content, layout=layout)
