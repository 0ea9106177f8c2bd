"""Bytes from the terminal as key names, however they are split: ``KeyDecoder`` (pure).

A slow link, a serial line or a braille display's keyboard may send one byte at a time, and a
paste sends many at once: the decoder keeps what it has not finished (half of a UTF-8
character, an escape sequence) for the next bytes. A lone Escape cannot be told from the start
of a sequence until the terminal has been quiet a moment: the reader then calls ``flush``.
"""

from __future__ import annotations

import codecs

#: Seconds of quiet after an Escape that make it a key of its own, not a sequence's start.
ESCAPE_DELAY = 0.05

ESC = "\x1b"
#: The last character of a CSI (``ESC [ ... X``) or SS3 (``ESC O X``) sequence, by name.
FINALS = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
#: ``ESC [ N ~`` keys.
TILDES = {"1": "home", "7": "home", "4": "end", "8": "end", "5": "page-up", "6": "page-down"}
#: Keys that are control characters.
CONTROLS = {"\r": "enter", "\n": "enter", " ": "space", "\x04": "ctrl-d", "\x7f": "backspace"}


class KeyDecoder:
    """Turns the bytes a terminal sends into key names: ``n``, ``enter``, ``escape``, ``up``."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        #: An escape sequence begun and not finished.
        self._sequence = ""
        #: The last character was a carriage return: a line feed or NUL after it is the same
        #: Enter (telnet sends CR LF or CR NUL for one key).
        self._after_return = False

    @property
    def pending(self) -> bool:
        """True while an Escape waits to be told from a sequence (see ``flush``)."""
        return bool(self._sequence)

    def feed(self, data: bytes) -> list[str]:
        keys: list[str] = []
        for char in self._text.decode(data):
            after_return, self._after_return = self._after_return, char == "\r"
            if after_return and char in "\n\x00":
                continue
            if char == "\x00":
                continue  # what some terminals send for Ctrl+Space or a break: no key
            if self._sequence == ESC and char == ESC:
                keys.append("escape")  # Escape twice: the second may still begin a sequence
            elif self._sequence:
                self._sequence += char
                key = _finished(self._sequence)
                if key is not None:
                    self._sequence = ""
                    if key:
                        keys.append(key)
            elif char == ESC:
                self._sequence = char
            else:
                keys.append(_key(char))
        return keys

    def flush(self) -> list[str]:
        """After a quiet moment: what was begun is a key (a lone Escape), not a sequence."""
        sequence, self._sequence = self._sequence, ""
        return ["escape"] if sequence else []


def _key(char: str) -> str:
    if char in CONTROLS:
        return CONTROLS[char]
    if char < " ":
        return f"ctrl-{chr(ord(char) + 0x60)}"
    return char


def _finished(sequence: str) -> str | None:
    """The key of a complete sequence, ``""`` for one with no name here, None if unfinished."""
    if len(sequence) < 2:
        return None
    kind = sequence[1]
    if kind not in "[O":
        return f"alt-{_key(kind)}"
    if len(sequence) < 3:
        return None
    last = sequence[-1]
    if kind == "O":
        return FINALS.get(last, "")
    if "\x40" <= last <= "\x7e" and len(sequence) > 2:
        if last == "~":
            return TILDES.get(sequence[2:-1], "")
        return FINALS.get(last, "") if len(sequence) == 3 or sequence[2:-1].isdigit() else ""
    if len(sequence) > 32:  # not a sequence any terminal sends: drop it
        return ""
    return None
