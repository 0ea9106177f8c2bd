"""Linear mode's output: plain lines, wrapped at the terminal's width, inert, and OSC 52 copies.

Nothing else is written: no cursor movement or addressing, no clearing, no alternate screen, no
mouse or bracketed-paste modes, and no colour unless ``--color`` asks for it (then one SGR
style a line, reset at its end). Every line goes through ``tui.terminal_lines.print_line``, so
text from the file or typed by the user is shown inert even if the loader missed something.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterable, Mapping
from typing import TextIO

from tui.clipboard import multiplexer_wrapped, osc52
from tui.linear.lines import Line, wrapped
from tui.terminal_lines import print_line

#: The width when the terminal does not say (a serial line, ``COLUMNS`` unset).
DEFAULT_WIDTH = 80
#: SGR parameters of each style with ``--color``: 16-colour ones that every terminal has.
COLOURS = {"title": "1", "heading": "1", "label": "1", "quote": "36", "fact": "33", "match": "35"}


class LinearOutput:
    """Writes ``Line``s to ``stream`` (a terminal), each wrapped at its width when written."""

    def __init__(self, stream: TextIO, *, color: bool = False, environ: Mapping[str, str]) -> None:
        if isinstance(stream, io.TextIOWrapper):
            # A character the terminal's encoding lacks (``LANG=C``) shows as ``?``.
            stream.reconfigure(errors="replace", line_buffering=False)
        self.stream = stream
        self.color = color
        self.environ = environ

    def width(self) -> int:
        """The terminal's width now (it may have been resized since the last key)."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            columns = 0
        if columns <= 0:
            columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
        return columns if columns > 0 else DEFAULT_WIDTH

    def say(self, lines: Iterable[Line]) -> None:
        width = self.width()
        for line in lines:
            sgr = COLOURS.get(line.style or "") if self.color else None
            for piece in wrapped(line.text, width):
                print_line(self.stream, piece, sgr)
        self.stream.flush()

    def prompt(self, text: str) -> None:
        """``text`` with no line end: what is typed next follows it on the same line."""
        print_line(self.stream, text, end="")
        self.stream.flush()

    def copy(self, text: str) -> None:
        """Sets the terminal's clipboard (OSC 52), also wrapped for tmux or screen so that it
        reaches the outer terminal. ``ValueError`` when too long for terminals to take."""
        sequence = osc52(text)  # base64: nothing in it a terminal could obey but the copy
        wrapped_sequence = multiplexer_wrapped(sequence, self.environ)
        self.stream.write(sequence + (wrapped_sequence or ""))
        self.stream.flush()
