"""Cleans text from content files so nothing in it can drive a terminal: ``clean_text``."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

#: Control (Cc) and format (Cf) characters: terminal escapes, bidi overrides and isolates,
#: zero-width characters, the byte-order mark.
REMOVED_CATEGORIES = frozenset({"Cc", "Cf"})
#: Control characters that carry layout and stay.
KEPT_CONTROLS = frozenset("\n\t")
#: Unicode's own line and paragraph separators become plain newlines.
LINE_SEPARATORS = "\u2028\u2029"
#: Combining marks (categories Mn, Mc, Me) kept on one character; the rest of a longer run
#: is dropped. Writing in any script stacks at most four or five (Vietnamese two, Hebrew with
#: cantillation or a Tibetan stack four or five), and terminals keep few on a cell (xterm at
#: most 10, by default 2), but a pile of thousands on one cell is written out again at every
#: repaint: 512,000 on one letter made each repaint write 1 to 4 MB.
MAX_MARKS = 8


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


class _Marks(NamedTuple):
    """How ``clean_text`` finds long runs of combining marks (see ``_marks``)."""

    #: For ``bytes.translate``: each UTF-8 lead byte that starts a mark (or may: every one of
    #: a character beyond the basic plane) becomes ``M``, any other byte a dot.
    sketch: bytes
    #: A run of more than ``MAX_MARKS`` characters that may be marks.
    runs: re.Pattern[str]


#: The continuation bytes of UTF-8, deleted from a sketch: one byte is left per character.
CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


@functools.cache
def _marks() -> _Marks:
    """The basic plane's marks, found by asking ``unicodedata`` once per process (~15 ms), as
    in ``_suspects``; every character beyond it may be one, to be judged in ``_capped``.

    A regular expression looks at each character (~20 ns); the sketch, a text's UTF-8 with
    each character reduced to whether its first byte can start a mark, costs ~5 ns a
    character, and a text whose sketch has no long run of ``M`` (Latin, Cyrillic, Greek or
    Chinese text without marks) needs no more.
    """
    marks = [char for char in map(chr, range(0x10000)) if unicodedata.category(char)[0] == "M"]
    leads = {char.encode("utf-8")[0] for char in marks} | set(range(0xF0, 0x100))
    sketch = bytes(b"M"[0] if byte in leads else b"."[0] for byte in range(256))
    listed = "".join(re.escape(char) for char in marks)
    runs = re.compile(f"[{listed}\U00010000-\U0010ffff]{{{MAX_MARKS + 1},}}")
    return _Marks(sketch, runs)


def _capped(match: re.Match[str]) -> str:
    """The run without the marks past the first ``MAX_MARKS`` after each other character."""
    kept = []
    marks = 0
    for char in match.group():
        if unicodedata.category(char)[0] != "M":
            marks = 0
        elif marks == MAX_MARKS:
            continue
        else:
            marks += 1
        kept.append(char)
    return "".join(kept)


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char in LINE_SEPARATORS:
        return "\n"
    if unicodedata.category(char) in REMOVED_CATEGORIES:
        return ""
    return char


def clean_text(text: str) -> str:
    """``text`` without control or format characters, with ``\\n`` line ends, trimmed, and
    at most ``MAX_MARKS`` combining marks on any character.

    Removes C0 and C1 controls (except newline and tab), DEL and every Unicode format character
    (category Cf: bidi overrides and isolates, zero-width characters, the BOM); turns U+2028 and
    U+2029 into newlines; turns ``\\r\\n`` and ``\\r`` into ``\\n``; strips white space at both
    ends; drops the combining marks past the first ``MAX_MARKS`` in a row.
    """
    # Printable text has no Cc, Cf, Zl or Zp character at all; most paragraphs are, and this
    # check costs about a microsecond where a scan for the characters costs several.
    if not text.isprintable():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _suspects().sub(_replacement, text)  # first: a removed character may join runs
    text = text.strip()
    # Every mark is beyond Latin-1: text with no more such characters than a run may hold (all
    # ASCII, and most text in Latin script with its quotation marks and dashes) has no long
    # run. These checks cost ~50 and ~500 ns a paragraph.
    if text.isascii() or len(text) - len(text.encode("latin-1", "ignore")) <= MAX_MARKS:
        return text
    marks = _marks()
    sketch = text.encode("utf-8", "surrogatepass").translate(marks.sketch, CONTINUATION_BYTES)
    if b"M" * (MAX_MARKS + 1) not in sketch:
        return text
    return marks.runs.sub(_capped, text)


def is_clean(text: str) -> bool:
    """True when ``text`` holds no character that ``clean_text`` would remove or replace, and
    no more than ``MAX_MARKS`` combining marks on any character."""
    marks = 0
    for char in text:
        category = unicodedata.category(char)
        if char in LINE_SEPARATORS or (
            category in REMOVED_CATEGORIES and char not in KEPT_CONTROLS
        ):
            return False
        marks = marks + 1 if category[0] == "M" else 0
        if marks > MAX_MARKS:
            return False
    return True
