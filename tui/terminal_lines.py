"""Lines for the user's terminal, outside the full-screen app: nothing in them is obeyed."""

from __future__ import annotations

from typing import TextIO


def print_line(stream: TextIO, line: str) -> None:
    """Prints ``line``, with anything a terminal would obey (from a file name, say) escaped."""
    if not line.isprintable():
        line = "".join(char if char.isprintable() else repr(char)[1:-1] for char in line)
    print(line, file=stream)
