"""Cleans text from content files so nothing in it can drive a terminal: ``clean_text``."""

from __future__ import annotations

import functools
import re
import unicodedata

#: Control (Cc) and format (Cf) characters: terminal escapes, bidi overrides and isolates,
#: zero-width characters, the byte-order mark.
REMOVED_CATEGORIES = frozenset({"Cc", "Cf"})
#: Control characters that carry layout and stay.
KEPT_CONTROLS = frozenset("\n\t")
#: Unicode's own line and paragraph separators become plain newlines.
LINE_SEPARATORS = "\u2028\u2029"


@functools.cache
def _suspects() -> re.Pattern[str]:
    """Matches every character that ``clean_text`` may have to change.

    Every basic-plane character of a removed category is listed, found by asking
    ``unicodedata`` once per process (~20 ms). Every character beyond the basic plane matches
    too and is judged one by one in ``_replacement``, so the whole Unicode range is covered
    without scanning its 1.1 million code points (~300 ms) at start-up.
    """
    removed = [
        char
        for char in map(chr, range(0x10000))
        if unicodedata.category(char) in REMOVED_CATEGORIES and char not in KEPT_CONTROLS
    ]
    basic = "".join(re.escape(char) for char in [*removed, *LINE_SEPARATORS])
    return re.compile(f"[{basic}\U00010000-\U0010ffff]")


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char in LINE_SEPARATORS:
        return "\n"
    if unicodedata.category(char) in REMOVED_CATEGORIES:
        return ""
    return char


def clean_text(text: str) -> str:
    """``text`` without control or format characters, with ``\\n`` line ends, trimmed.

    Removes C0 and C1 controls (except newline and tab), DEL and every Unicode format character
    (category Cf: bidi overrides and isolates, zero-width characters, the BOM); turns U+2028 and
    U+2029 into newlines; turns ``\\r\\n`` and ``\\r`` into ``\\n``; strips white space at both
    ends.
    """
    # Printable text has no Cc, Cf, Zl or Zp character at all; most paragraphs are, and this
    # check costs about a microsecond where a scan for the characters costs several.
    if text.isprintable():
        return text.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _suspects().sub(_replacement, text).strip()


def is_clean(text: str) -> bool:
    """True when ``text`` holds no character that ``clean_text`` would remove or replace."""
    return not any(
        char in LINE_SEPARATORS
        or (unicodedata.category(char) in REMOVED_CATEGORIES and char not in KEPT_CONTROLS)
        for char in text
    )
