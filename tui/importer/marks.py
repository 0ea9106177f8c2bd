"""Where the quotation marks in a paragraph open and close: the quoted passages.

Straight ``"``, typographic “ ” and the doubled ‘’ some sites print; a mark's side is told by
the characters around it. Single marks are quotation marks too when they pair outside double
ones (the British style: ‘We will,’ she said), and the kind inside the outer one stays part of
the words. A single mark with a word on both sides, or one before '90s, 'n' or 'em, is an
apostrophe; one after a plural ("the players' union") closes only when no plainer closing mark
follows; one left open at a paragraph's end opens a quote only when it opens the paragraph or the
next one goes on with it. A closing mark with none open, first in its paragraph and after a comma
or a full stop, closes a quote whose opening mark was lost. A quote whose paragraph ends with its
opening mark unclosed goes on in the next paragraph when that one reopens with a mark (the
English convention). A passage's words are given without the marks, surrounding spaces or a
trailing comma (the comma belongs to the reporting sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.importer.people import is_common_capitalised, lexicon

#: A mark: the doubled singles some sites print for a double mark first, then double, then single.
_MARKS = re.compile(r"‘’|’’|‘‘|''|[\"“”„]|[‘’']")
_OPENING = ("“", "„", "‘’", "‘‘")
_CLOSING = ("”", "’’")
_SINGLE = ("‘", "’", "'")
_BEFORE_OPEN = set("([{—–-/") | set("“‘\"'")
_AFTER_CLOSE = set(".,;:!?)]}—–-…") | set("”’\"'")
#: A word after an opening-looking single mark that makes it an apostrophe: 'em, 'n', 'til.
_ELIDED = re.compile(r"\d|(\w+)(?!\w)")
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
    single: bool = False  # between single marks (the British style), not double ones


@dataclass(frozen=True)
class _Open:
    start: int
    end: int
    single: bool
    straight: bool  # ' rather than ‘: a single closes only the single of its own kind


# --- Finding ------------------------------------------------------------------------------------


def _sides(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(may open, may close): a word after and a space or bracket before, or the other way."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (before.isspace() or before in _BEFORE_OPEN)
    right = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
    return left, right


def _side(text: str, start: int, end: int, inside: bool) -> str:
    """Whether the double mark at ``text[start:end]`` opens or closes a quote."""
    mark = text[start:end]
    left, right = _sides(text, start, end)
    if mark in _OPENING:
        return "close" if right and not left else "open"
    if mark in _CLOSING:
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "close" if inside else "open"


def single_side(text: str, start: int) -> str | None:
    """What the single mark at ``text[start]`` is: ``open``, ``close``, ``weak`` (a close that
    may be a plural possessive: "the players' union") or None, an apostrophe (it's, O'Neill,
    the '90s, rock 'n' roll, 'em; a ’ never opens)."""
    left, right = _sides(text, start, start + 1)
    if left == right:
        return None
    if left:
        elided = _ELIDED.match(text, start + 1)
        if text[start] == "’" or (
            elided and (elided.group(1) is None or elided.group(1).lower() in lexicon("elisions"))
        ):
            return None
        return "open"
    if text[start - 1] in "sS" and re.match(r" [a-z]", text[start + 1 : start + 3]):
        return "weak"
    return "close"


def _close_follows(
    text: str, marks: list[re.Match[str]], i: int, inner: bool, straight: bool
) -> bool:
    """Whether a plain closing single mark, straight or not, stands after ``marks[i]`` before
    the next opening single (or, for a quote inside a double one, any double mark)."""
    for match in marks[i + 1 :]:
        mark = match.group()
        if mark not in _SINGLE:
            if inner:
                return False
            continue
        side = single_side(text, match.start())
        if side == "open":
            return False
        if side == "close" and (mark == "'") == straight:
            return True
    return False


def _ends_speech(text: str, at: int) -> bool:
    """A closing mark after the punctuation that ends what someone said ("better,”")."""
    return at > 0 and text[at - 1] in ",.?!…"


def passages(
    para: int, block: int, text: str, continued: bool, ignore: frozenset[int] = frozenset()
) -> list[Passage]:
    """The quoted passages of one paragraph, double marks or single ones outside, the other kind
    inside staying part of the words. ``continued``: the paragraph before ended inside an
    unclosed quote, so a closing mark before any opening one ends that quote here. ``ignore``:
    where single marks the caller has found to be apostrophes stand."""
    found: list[Passage] = []
    stack: list[_Open] = []  # the marks open now, the outermost first
    first = True
    marks = [m for m in _MARKS.finditer(text) if m.start() not in ignore]
    for i, match in enumerate(marks):
        mark, at, end = match.group(), match.start(), match.end()
        single = mark in _SINGLE
        if single:
            side = single_side(text, at)
            inner = bool(stack) and not stack[0].single
            if side == "weak":
                # "the players' union": a possessive when a plain closing mark comes after it.
                side = None if _close_follows(text, marks, i, inner, mark == "'") else "close"
            if side is None:
                continue
        else:
            side = _side(text, at, end, any(not o.single for o in stack))
        if side == "open":
            same = next((k for k, o in enumerate(stack) if o.single == single), None)
            if same == 0:  # an opening mark inside a quote of its kind: the first never closed
                _add(found, para, block, text, stack[0], at, at)
                stack = []
            elif same is not None:
                del stack[same:]
            stack.append(_Open(at, end, single, mark == "'"))
        else:
            straight = mark == "'"
            kinds = [o.single == single and (not single or o.straight == straight) for o in stack]
            if single and not any(kinds):
                # ‘...' with the two kinds of single mark: when no mark of the opening one's
                # kind comes to close it.
                kinds = [o.single for o in stack]
                opener = next((o for o in reversed(stack) if o.single), None)
                if opener and _close_follows(text, marks, i, inner, opener.straight):
                    kinds = []
            if any(kinds):
                k = len(kinds) - 1 - kinds[::-1].index(True)
                if k == 0:
                    _add(found, para, block, text, stack[0], at, end)
                    stack = []
                else:
                    del stack[k:]  # an inner quote closes, with any inner mark left open
            elif first and not stack and (continued or _ends_speech(text, at)):
                # The paragraph before goes on here; or its opening mark was lost ("We will
                # do better,” she said.): the quote runs from the paragraph's start.
                _add(found, para, block, text, _Open(0, 0, single, straight), at, end)
        first = False
    if stack:
        _add(found, para, block, text, stack[0], len(text), None)
    return found


def _add(
    found: list[Passage],
    para: int,
    block: int,
    text: str,
    opening: _Open,
    words_end: int,
    close: int | None,
) -> None:
    start, end = _trim(text, opening.end, words_end)
    if any(c.isalnum() for c in text[start:end]):
        region_end = close if close is not None else len(text)
        found.append(
            Passage(para, block, opening.start, start, end, close, region_end, opening.single)
        )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The words between two marks without surrounding spaces or a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _opens_with_single(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in "‘'" and single_side(stripped, 0) == "open"


def _paragraph_passages(
    para: int, block: int, text: str, continued: bool, next_text: str
) -> list[Passage]:
    """A paragraph's passages; a single mark left open at its end is an apostrophe ("give 'em
    a chance") unless it opens the paragraph or a quote the next paragraph goes on with."""
    ignore: set[int] = set()
    while True:
        found = passages(para, block, text, continued, frozenset(ignore))
        last = found[-1] if found else None
        if (
            last is None
            or last.close is not None
            or not last.single
            or last.mark == 0
            or not text[: last.mark].strip()
            or _opens_with_single(next_text)
        ):
            return found
        ignore.add(last.mark)


def find_passages(paragraphs: list[tuple[int, str]]) -> list[list[Passage]]:
    """Every quoted passage, those running over paragraphs joined: one list a quote."""
    quotes: list[list[Passage]] = []
    open_quote: list[Passage] | None = None
    for para, (block, text) in enumerate(paragraphs):
        next_text = paragraphs[para + 1][1] if para + 1 < len(paragraphs) else ""
        found = _paragraph_passages(para, block, text, open_quote is not None, next_text)
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


#: A quote broken off at a comma, the cue, and a comma: the next passage goes on with it.
_SPLIT = re.compile(r"(?:,[”\"’']|[”\"’'],)\s+(?:[^\s.?!”\"“‘’']+\s+){0,7}[^\s.?!”\"“‘’']+,$")


def is_fragment(text: str, passage: Passage) -> bool:
    """A few quoted words inside the reporter's sentence, not the speaker's own sentences."""
    before = text[: passage.mark].rstrip()
    words = text[passage.start : passage.end]
    if not before or before.endswith((".", "?", "!", ":", "…")) or before[-1] in "”\"’'":
        return False
    if _SPLIT.search(before):
        return False  # "“We will stay,” Ruiz said, “whatever the polls say.”": it goes on
    return not (before.endswith(",") and words[:1].isupper())


def is_title(words: str) -> bool:
    """Title Case words and no more than a few of them: the name of a work, an event, a show."""
    tokens = re.findall(r"[\w’'-]+", words)
    if not tokens or len(tokens) > 8:
        return False
    capitals = [t for t in tokens if t[:1].isupper()]
    small = [t for t in tokens if not t[:1].isupper() and is_common_capitalised(t)]
    return len(capitals) >= 2 and len(capitals) + len(small) == len(tokens)


_SENTENCE_END = re.compile(r"[.?!…:;][\"'”’)\]]*\s*$|[\"'”’]\s*\([^()]*\)\s*$")


def is_heading(text: str) -> bool:
    """A paragraph that is no sentence: a subheading, a headline or a link to another article
    ("READ MORE: ‘Not on our watch’: council rejects the plan"); its end has no full stop."""
    return not _SENTENCE_END.search(text)
