"""The status line: where the reader is in the article, the current quote, filter and notices."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size
from textual.content import Content
from textual.widget import Widget

from tui.model.inert import inert

#: Between two parts of the line.
SEPARATOR = "   "
#: A part other than the first kept would say too little shortened below this: it is left out.
MIN_PART = 12


class Status(NamedTuple):
    """Everything the status line shows; the screen builds one and the line renders it."""

    paragraph: int = 0
    paragraphs: int = 0
    percent: int = 0
    quote: str = ""
    filter: str = ""
    notice: str = ""

    def parts(self) -> list[str]:
        """What the line shows, in order, made inert: a notice may quote a file name (``Copied
        link PATH#q3``) and the filter a pasted query."""
        return [part for part in self._parts() if part]

    def line(self, width: int) -> str:
        """The parts that fit in ``width`` cells, in order, on one line.

        The notice (what the last key did) is kept first, then the filter and search, then the
        position, then the quote; each takes what room the ones before it leave. A notice too
        long for the line loses its middle (``Copied link ~/a…/x.yaml#q3`` keeps the id), the
        others their end; the position is whole or left out, as is a part that would keep fewer
        than ``MIN_PART`` cells.
        """
        position, quote, search, notice = self._parts()
        kept: dict[int, str] = {}
        room = width
        for order, part, middle in (
            (3, notice, True),
            (2, search, False),
            (0, position, False),
            (1, quote, False),
        ):
            if not part:
                continue
            space = room - (len(SEPARATOR) if kept else 0)
            if cell_len(part) > space:
                if kept and (order == 0 or space < MIN_PART):
                    continue
                part = shorten(part, space, middle=middle)
            kept[order] = part
            room = space - cell_len(part)
        return SEPARATOR.join(kept[order] for order in sorted(kept))

    def _parts(self) -> tuple[str, str, str, str]:
        position = f"¶ {self.paragraph}/{self.paragraphs} · {self.percent}%"
        return position, inert(self.quote), inert(self.filter), inert(self.notice)


def shorten(text: str, width: int, *, middle: bool = False) -> str:
    """``text`` in at most ``width`` cells: its end (or its middle) cut and replaced by ``…``."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if not middle:
        return _head(text, width - 1).rstrip() + "…"
    tail_width = (width - 1) // 2
    head = _head(text, width - 1 - tail_width)
    tail = _head(text[::-1], width - 1 - cell_len(head))[::-1]
    return head + "…" + tail


def _head(text: str, width: int) -> str:
    """The longest start of ``text`` in at most ``width`` cells."""
    used = 0
    for index, character in enumerate(text):
        used += get_character_cell_size(character)
        if used > width:
            return text[:index]
    return text


class StatusLine(Widget):
    """Always one line: what does not fit is shortened or left out (see ``Status.line``).

    Its height never changes, so a new status repaints the line alone, with no layout pass
    (which would cost a second repaint burst over SSH, and move the body)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._status = Status()

    @property
    def status(self) -> Status:
        return self._status

    @property
    def text(self) -> str:
        """Everything the line says, as plain text, however much of it fits."""
        return SEPARATOR.join(self._status.parts())

    @property
    def shown(self) -> str:
        """What the line shows at its width."""
        return self._status.line(self.size.width)

    def show(self, status: Status) -> None:
        if status != self._status:
            self._status = status
            self.refresh()

    def render(self) -> Content:
        # Fitted at each paint: a resize repaints the line at its new width.
        return Content(self.shown)
