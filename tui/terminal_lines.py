"""Lines for the user's terminal, outside the full-screen app: nothing in them is obeyed."""

from __future__ import annotations

from typing import TextIO

from tui.model.inert import inert


def print_line(stream: TextIO, line: str) -> None:
    """Prints ``line``, with anything a terminal would obey (from a file name, say) escaped
    (``tui.model.inert``). One call is one line: a newline in it shows as ``\\n``."""
    print(inert(line), file=stream)
