"""Where the quotation marks in a paragraph open and close: the quoted passages.

Straight ``"``, typographic “ ” and the doubled ‘’ some sites print; a mark's side is told by
the characters around it, and single quotes inside double ones stay part of the words. A quote
whose paragraph ends with its opening mark unclosed goes on in the next paragraph when that one
reopens with a mark (the English convention). A passage's words are given without the marks,
surrounding spaces or a trailing comma (the comma belongs to the reporting sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.importer.people import is_common_capitalised

_MARKS = re.compile(r"‘’|’’|‘‘|''|[\"“”„]")
_OPENING = ("“", "„", "‘’", "‘‘")
_CLOSING = ("”", "’’")
_BEFORE_OPEN = set("([{—–-/") | set("“‘")
_AFTER_CLOSE = set(".,;:!?)]}—–-…") | set("”’")
#: The longest passage, in words, still taken for a fragment or a title.
SHORT = 4


@dataclass
class Passage:
    """Quoted words in one paragraph."""

    para: int  # index into document.paragraphs()
    block: int
    mark: int  # where the opening mark starts (the paragraph start for a continued quote)
    start: int  # the words, without the marks
    end: int
    close: int | None  # just after the closing mark; None when the paragraph ends unclosed
    region_end: int  # where the masked region ends (the closing mark, or the paragraph's end)


# --- Finding ------------------------------------------------------------------------------------


def _side(text: str, start: int, end: int, inside: bool) -> str:
    """Whether the mark at ``text[start:end]`` opens or closes a quote."""
    mark = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (before.isspace() or before in _BEFORE_OPEN)
    right = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
    if mark in _OPENING:
        return "close" if right and not left else "open"
    if mark in _CLOSING:
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "close" if inside else "open"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The words between two marks without surrounding spaces or a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def passages(para: int, block: int, text: str, continued: bool) -> list[Passage]:
    """The quoted passages of one paragraph. ``continued``: the paragraph before ended inside
    an unclosed quote, so a closing mark before any opening one ends that quote here."""
    found: list[Passage] = []
    open_at: tuple[int, int] | None = None  # (mark start, words start)
    first = True
    for match in _MARKS.finditer(text):
        side = _side(text, match.start(), match.end(), open_at is not None)
        if side == "open":
            if open_at is not None:  # an opening mark inside a quote: the first never closed
                _add(found, para, block, text, open_at, match.start(), match.start())
            open_at = (match.start(), match.end())
        elif open_at is not None:
            _add(found, para, block, text, open_at, match.start(), match.end())
            open_at = None
        elif first and continued:
            _add(found, para, block, text, (0, 0), match.start(), match.end())
        first = False
    if open_at is not None:
        _add(found, para, block, text, open_at, len(text), None)
    return found


def _add(
    found: list[Passage],
    para: int,
    block: int,
    text: str,
    open_at: tuple[int, int],
    words_end: int,
    close: int | None,
) -> None:
    start, end = _trim(text, open_at[1], words_end)
    if any(c.isalnum() for c in text[start:end]):
        region_end = close if close is not None else len(text)
        found.append(Passage(para, block, open_at[0], start, end, close, region_end))


def find_passages(paragraphs: list[tuple[int, str]]) -> list[list[Passage]]:
    """Every quoted passage, those running over paragraphs joined: one list a quote."""
    quotes: list[list[Passage]] = []
    open_quote: list[Passage] | None = None
    for para, (block, text) in enumerate(paragraphs):
        found = passages(para, block, text, continued=open_quote is not None)
        for i, passage in enumerate(found):
            goes_on = (
                i == 0
                and open_quote is not None
                and (passage.mark == 0 or not text[: passage.mark].strip())
            )
            if goes_on and open_quote is not None:
                open_quote.append(passage)
            else:
                quotes.append([passage])
        open_quote = None
        if found and found[-1].close is None:
            open_quote = next(q for q in reversed(quotes) if q[-1] is found[-1])
    return quotes


# --- Fragments and titles -----------------------------------------------------------------------


def is_fragment(text: str, passage: Passage) -> bool:
    """A few quoted words inside the reporter's sentence, not the speaker's own sentences."""
    before = text[: passage.mark].rstrip()
    words = text[passage.start : passage.end]
    if not before or before.endswith((".", "?", "!", ":", "…")) or before[-1] in '”"’':
        return False
    return not (before.endswith(",") and words[:1].isupper())


def is_title(words: str) -> bool:
    """Title Case words and no more than a few of them: the name of a work, an event, a show."""
    tokens = re.findall(r"[\w’'-]+", words)
    if not tokens or len(tokens) > 8:
        return False
    capitals = [t for t in tokens if t[:1].isupper()]
    small = [t for t in tokens if not t[:1].isupper() and is_common_capitalised(t)]
    return len(capitals) >= 2 and len(capitals) + len(small) == len(tokens)
