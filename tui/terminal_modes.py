"""The terminal modes a full-screen reader sets, and the sequence that turns them all off."""

from __future__ import annotations

#: Bracketed paste off, line wrap on, mouse off (all four modes, and pixels), kitty keys
#: popped, main screen, cursor shown, focus reports off. Textual-free: ``tui-reader serve``
#: writes it too, to give a client's terminal back when it ends a session.
RESTORE_SEQUENCES = (
    "\x1b[?2004l\x1b[?7h\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
)
