"""Plain text copied from a web page as a ``Document``: ``parse_text``.

The text's lines become the title, the dek, paragraphs, subheadings and figures (caption lines
such as ``... in Brussels, Feb 24, 2022. (Virginia Mayo/AP)``, the credit split off, a caption
printed twice kept once). Page furniture (prompts, share and newsletter lines, lists of links to
other articles: ``lexicon/boilerplate.txt``), bylines and date lines are left out of the body;
what they state becomes metadata. Nothing else is invented: a date read from a caption rather
than stated as the article's is said so in ``Meta.notes``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from tui.importer.draft import Block, Document, Figure, Meta, Paragraph, Subheading
from tui.model.sanitize import clean_text

__all__ = ["is_boilerplate", "lexicon", "parse_date", "parse_text"]

#: A line of more words than this is running text, never furniture, a title or a subheading.
MAX_FURNITURE_WORDS = 25
MAX_TITLE_WORDS = 30
MAX_DEK_WORDS = 60
MAX_SUBHEADING_WORDS = 12
MAX_CREDIT_WORDS = 10
#: A text is hard-wrapped when its longest line is at most this long and many lines come near it.
MAX_WRAP_WIDTH = 100

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
#: ``Published: ...``, ``Posted Jan 6, 2019``, ``Last updated on ...``.
_DATE_LINE = re.compile(
    r"(?:first\s+)?(?:published|posted|updated|last\s+updated|modified)(?:\s+on)?\s*:?\s+(.+)",
    re.IGNORECASE,
)
#: The separators between the parts of one line of metadata (``Jane Doe · CBC News · Posted``).
_META_PARTS = re.compile(r"\s+[·•|]\s+")
_SPACES = re.compile(r"\s+")
#: Line ends, Unicode's line and paragraph separators included; a no-break space is a space.
_LINE_ENDS = re.compile("\r\n|[\r\n\u2028\u2029]")
_CLOSING = "\"'”’»)]"
_TERMINAL = ".!?…"
_CREDIT_AT_END = re.compile(r"\(\s*([^()]{1,120}?)\s*\)$")
#: ``WASHINGTON —``, ``KAPALUA, Hawaii –``, ``OTTAWA (Reuters) -`` at the start of a paragraph.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?)"
    r"(?: \([A-Za-z .]+\))? ?(?:—|–|--|-) "
)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")


def lexicon(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/NAME``: one a line, without blank lines and ``#`` comments."""
    return _lexicon(name)


@functools.cache
def _lexicon(name: str) -> tuple[str, ...]:
    text = resources.files("tui.importer").joinpath("lexicon", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def fold(line: str) -> str:
    """``line`` as furniture is matched: lower case, straight apostrophes, single spaces."""
    return " ".join(line.casefold().replace("’", "'").replace("‘", "'").split())


@dataclass(frozen=True)
class _Furniture:
    lines: re.Pattern[str]
    lists: re.Pattern[str]


def _glob(pattern: str) -> str:
    return ".*".join(re.escape(part) for part in fold(pattern).split("*"))


@functools.cache
def _furniture() -> _Furniture:
    lines, lists = [], []
    for entry in lexicon("boilerplate.txt"):
        if entry.startswith("[list] "):
            lists.append(_glob(entry.removeprefix("[list] ")))
        else:
            lines.append(_glob(entry))
    return _Furniture(re.compile("|".join(lines)), re.compile("|".join(lists)))


def is_boilerplate(line: str) -> bool:
    """True for a line of page furniture (``lexicon/boilerplate.txt``), list headers included."""
    words = fold(line)
    if not words or len(words.split()) > MAX_FURNITURE_WORDS:
        return False
    furniture = _furniture()
    return bool(furniture.lines.fullmatch(words) or furniture.lists.fullmatch(words))


def _opens_list(line: str) -> bool:
    words = fold(line)
    return len(words.split()) <= MAX_FURNITURE_WORDS and bool(_furniture().lists.fullmatch(words))


@functools.cache
def _credit_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that mark a credit, and the lower-case words one may hold."""
    entries = lexicon("caption_credits.txt")
    small = {e.removeprefix("[small] ").casefold() for e in entries if e.startswith("[small] ")}
    marks = {e.casefold() for e in entries if not e.startswith("[small] ")}
    return frozenset(marks), frozenset(small)


# --- Lines -------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    #: A blank line (or the start of the text) comes before it.
    opens_chunk: bool


def _lines(text: str) -> list[_Line]:
    """The text's non-blank lines, sanitised, spaces collapsed, hard wrapping undone."""
    # Line by line: a line without controls is cleaned at once (``clean_text``'s fast path),
    # where the whole text, line ends and all, would take its slow one.
    raw = [_SPACES.sub(" ", clean_text(line)) for line in _LINE_ENDS.split(text)]
    width = _wrap_width(raw)
    lines: list[_Line] = []
    blank, previous = True, 0
    for line in raw:
        if not line:
            blank = True
            continue
        if not blank and width and previous >= width * 0.6:
            lines[-1].text += " " + line  # a wrapped line goes on
        else:
            lines.append(_Line(line, blank))
        blank, previous = False, len(line)
    return lines


def _wrap_width(raw: list[str]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when it is not: no line is longer
    than ``MAX_WRAP_WIDTH``, and lines often break in the middle of a sentence (a line that
    ends without punctuation, and the next one goes on in lower case)."""
    lines = [line for line in raw if line]
    if len(lines) < 3 or max(len(line) for line in lines) > MAX_WRAP_WIDTH:
        return 0
    breaks = mid_sentence = 0
    for line, after in itertools.pairwise(raw):
        if line and after:
            breaks += 1
            mid_sentence += line[-1] not in _TERMINAL + _CLOSING + ":;" and after[0].islower()
    enough = mid_sentence >= 2 and mid_sentence >= breaks * 0.2
    return max(len(line) for line in lines) if enough else 0


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _running_text(line: str) -> bool:
    """A sentence or more: what a list of links or a heading is not."""
    return (_words(line) >= 8 and _ends_sentence(line)) or _words(line) > MAX_FURNITURE_WORDS


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines without page furniture, separators (``***``) and lists of links."""
    kept: list[_Line] = []
    in_list = False
    for line in lines:
        if in_list and not _running_text(line.text):
            continue
        in_list = False
        if not any(char.isalnum() for char in line.text):
            continue  # a separator: *** or ------
        if _opens_list(line.text):
            in_list = True
        elif not is_boilerplate(line.text):
            kept.append(line)
    return kept


# --- Metadata lines: bylines and dates ---------------------------------------------------


@dataclass
class _Found:
    """What metadata lines stated."""

    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None


def parse_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text`` (``Feb 24, 2022``, ``24 February 2022``,
    ``2022-02-24``), or None."""
    for date, _match in _dates(text):
        return date
    return None


def _dates(text: str) -> Iterator[tuple[dt.date, re.Match[str]]]:
    for pattern in _DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else MONTHS[month.casefold()]
            try:
                yield dt.date(int(match.group("year")), number, int(match.group("day"))), match
            except ValueError:
                continue


def _byline_names(part: str, *, bare: bool = False) -> list[str] | None:
    """The names in a byline part (``By Jane Doe and John Roe``, ``Jane Doe, The Canadian
    Press``; with ``bare``, in a line of several parts, ``Jane Doe``), or None when the part
    is no byline."""
    by = re.fullmatch(r"by\s+(.+)", part, re.IGNORECASE)
    names, _, outlet = (by.group(1) if by else part).partition(", ")
    if not by and not (bare and not outlet):
        last = outlet.split()[-1].casefold() if outlet.split() else ""
        if last not in lexicon("byline_outlets.txt"):
            return None
    people = [name.strip() for name in re.split(r",\s*|\s+and\s+|\s+&\s+", names)]
    if not people or not all(_is_name(person) for person in people):
        return None
    return people


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.fullmatch(word) for word in words)


def _metadata_line(line: str, found: _Found) -> bool:
    """True when ``line`` is a byline or a date line (its names and date added to ``found``)."""
    if _words(line) > MAX_FURNITURE_WORDS:
        return False
    parts = _META_PARTS.split(line)
    names: list[str] = []
    dates: list[dt.date] = []
    for part in parts:
        stated = _DATE_LINE.fullmatch(part)
        date = parse_date(stated.group(1)) if stated else None
        if date is not None:
            dates.append(date)
        elif len(parts) > 1 and _is_outlet(part):
            continue
        elif (people := _byline_names(part, bare=len(parts) > 1)) is not None:
            names.extend(people)
        else:
            return False
    found.authors.extend(name for name in names if name not in found.authors)
    if dates and found.published is None:
        found.published = dates[0]
    return True


def _is_outlet(part: str) -> bool:
    words = part.split()
    last = words[-1].casefold() if words else ""
    return len(words) <= 4 and last in lexicon("byline_outlets.txt")


# --- Figures -----------------------------------------------------------------------------


def _is_credit(text: str, *, strong_only: bool = False) -> bool:
    """True for a photo credit: a few capitalised words (``Virginia Mayo/AP``, ``CBC``,
    ``Submitted by Wendy Golden``), no digits, no sentence."""
    if any(char.isdigit() for char in text) or any(mark in text for mark in ':;!?"“”'):
        return False
    words = [word.strip(",.") for word in text.replace("/", " ").split()]
    words = [word for word in words if word and word not in ("-", "&", "—", "–")]
    if not 1 <= len(words) <= MAX_CREDIT_WORDS:
        return False
    marks, small = _credit_words()
    if not all(word[0].isupper() or word.casefold() in small for word in words):
        return False
    strong = "/" in text or any(word.casefold() in marks for word in words)
    return strong or (not strong_only and len(words) <= 4)


def _caption_prompt(line: str) -> str | None:
    """The caption after a prompt such as ``Open this photo in gallery``, or None."""
    folded = line.casefold()
    for prompt in lexicon("caption_prompts.txt"):
        if folded.startswith(prompt) and len(line) > len(prompt):
            rest = line[len(prompt) :].strip()
            return rest or None
    return None


def _figure(line: str) -> Figure | None:
    """The figure for a caption line, or None when ``line`` is none."""
    prompted = _caption_prompt(line)
    text = prompted if prompted is not None else line
    match = _CREDIT_AT_END.search(text)
    if match is not None:
        caption = text[: match.start()].rstrip()
        credit = match.group(1)
        strong = _is_credit(credit, strong_only=True)
        if caption and _is_credit(credit) and (strong or _ends_sentence(caption)):
            return Figure(caption=caption, credit=credit)
    if prompted is None:
        return None
    # After a prompt the credit has no parentheses: the words after the last sentence.
    end = max(prompted.rfind(". "), prompted.rfind(".” "), prompted.rfind('." '))
    if end > 0:
        cut = prompted.index(" ", end) + 1
        caption, credit = prompted[:cut].rstrip(), prompted[cut:].strip()
        if credit and not _ends_sentence(credit) and _is_credit(credit):
            return Figure(caption=caption, credit=credit)
    return Figure(caption=prompted)


def _repeats(line: str, figure: Figure) -> bool:
    """True for a line that prints the caption of ``figure`` again (with its credit or not)."""
    again = fold(line)
    return again == fold(figure.caption) or (
        figure.credit is not None and again == fold(f"{figure.caption} ({figure.credit})")
    )


# --- Headings ----------------------------------------------------------------------------


def _headline_like(line: str, max_words: int) -> bool:
    """Short, and not a sentence: a title or a subheading (which may end with ? or !)."""
    if _words(line) > max_words or len(line) > max_words * 12:
        return False
    stripped = line.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] not in ".,;:…" and not line[0].islower()


def _subheading(lines: list[_Line], index: int) -> bool:
    """A short line between running text: it heads the paragraphs that follow."""
    if index == 0 or index + 1 >= len(lines):
        return False
    line = lines[index].text
    return _headline_like(line, MAX_SUBHEADING_WORDS) and _running_text(lines[index + 1].text)


# --- The document ------------------------------------------------------------------------


def parse_text(text: str) -> Document:
    """The article in ``text``, plain text copied from a web page (paragraphs separated by
    blank lines or single lines)."""
    found = _Found()
    lines = [
        line for line in _without_furniture(_lines(text)) if not _metadata_line(line.text, found)
    ]
    title = subtitle = None
    if lines and _figure(lines[0].text) is None and _headline_like(lines[0].text, MAX_TITLE_WORDS):
        title = lines.pop(0).text
        if (
            len(lines) > 1
            and _figure(lines[0].text) is None
            and _headline_like(lines[0].text, MAX_DEK_WORDS)
        ):
            subtitle = lines.pop(0).text
    blocks = _blocks(lines)
    if not blocks and title is not None:
        blocks = [Paragraph(title)]  # a text of one line: the body needs a block
    meta = _meta(title, subtitle, found, blocks)
    return Document(meta=meta, blocks=tuple(blocks))


def _blocks(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    last_figure: Figure | None = None
    for index, line in enumerate(lines):
        if last_figure is not None and _repeats(line.text, last_figure):
            continue  # the same caption again: one photo
        figure = _figure(line.text)
        last_figure = figure
        if figure is not None:
            blocks.append(figure)
        elif _subheading(lines, index):
            blocks.append(Subheading(line.text))
        else:
            blocks.append(Paragraph(line.text))
    return blocks


def _meta(title: str | None, subtitle: str | None, found: _Found, blocks: list[Block]) -> Meta:
    notes: dict[str, str] = {}
    published = found.published.isoformat() if found.published else None
    if published is None:
        inferred = _published_from_captions(blocks)
        if inferred is not None:
            date, written, weekday = inferred
            published = date.isoformat()
            notes["published"] = (
                f'date from the caption "{written}" and "{weekday}" in the text:'
                " the source states none"
            )
    dateline = None
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    if first is not None and (match := _DATELINE.match(first.text)):
        dateline = match.group("place")
    return Meta(
        title=title,
        subtitle=subtitle,
        published=published,
        dateline=dateline,
        authors=tuple(found.authors),
        notes=notes,
    )


def _published_from_captions(blocks: list[Block]) -> tuple[dt.date, str, str] | None:
    """The latest date in a caption when the paragraphs name its weekday (the photo of the
    event the text tells of, ``on Thursday``): the date, as written, and the weekday."""
    dated = [
        (date, match.group())
        for block in blocks
        if isinstance(block, Figure)
        for date, match in _dates(block.caption)
    ]
    if not dated:
        return None
    latest = max(date for date, _written in dated)
    date, written = next(item for item in dated if item[0] == latest)
    weekday = WEEKDAYS[date.weekday()]
    said = re.compile(rf"\b{weekday}\b")
    if any(isinstance(b, Paragraph) and said.search(b.text) for b in blocks):
        return date, written, weekday
    return None
