"""Lines for the user's terminal, outside the full-screen app: nothing in them is obeyed."""

from __future__ import annotations

from typing import TextIO

from tui.model.inert import inert

#: What may go between ``ESC [`` and ``m`` in a line's style: SGR parameters, nothing else.
SGR_PARAMETERS = frozenset("0123456789;")


def print_line(stream: TextIO, line: str, sgr: str | None = None, *, end: str = "\n") -> None:
    """Prints ``line``, with anything a terminal would obey (from a file name, say) escaped
    (``tui.model.inert``). One call is one line: a newline in it shows as ``\\n``.

    ``sgr`` (``"1"``, ``"36"``: SGR parameters only) shows the line in that style, reset at
    its end, so that no style outlives its line. ``end=""``: a prompt, the line goes on."""
    text = inert(line)
    if sgr:
        if not set(sgr) <= SGR_PARAMETERS:
            raise ValueError(f"not SGR parameters: {sgr!r}")
        text = f"\x1b[{sgr}m{text}\x1b[0m"
    print(text, file=stream, end=end)
