"""What the lines of a text copied from a web page state of the article: bylines and date
lines (``By Jane Doe``, ``Jane Doe, The Canadian Press``, ``Posted: Jan 6, 2019``), the
dateline that opens the first paragraph (``WASHINGTON —``), and a date in a caption when the
text names its weekday."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tui.importer.draft import Block, Figure, Paragraph
from tui.importer.furniture import MAX_FURNITURE_WORDS, lexicon, words

__all__ = ["Found", "dateline", "metadata_line", "parse_date", "published_from_captions"]

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
#: ``WASHINGTON —``, ``KAPALUA, Hawaii –``, ``OTTAWA (Reuters) -`` at the start of a paragraph.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?)"
    r"(?: \([A-Za-z .]+\))? ?(?:—|–|--|-) "
)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")


@dataclass
class Found:
    """What metadata lines stated."""

    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None


def parse_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text`` (``Feb 24, 2022``, ``24 February 2022``,
    ``2022-02-24``), or None."""
    for date, _match in dates(text):
        return date
    return None


def dates(text: str) -> Iterator[tuple[dt.date, re.Match[str]]]:
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


def metadata_line(line: str, found: Found) -> bool:
    """True when ``line`` is a byline or a date line (its names and date added to ``found``)."""
    if words(line) > MAX_FURNITURE_WORDS:
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


def dateline(paragraph: str) -> str | None:
    """The place a first paragraph opens with (``WASHINGTON — ...``), if any."""
    match = _DATELINE.match(paragraph)
    return match.group("place") if match else None


def published_from_captions(blocks: list[Block]) -> tuple[dt.date, str, str] | None:
    """The latest date in a caption when the paragraphs name its weekday (the photo of the
    event the text tells of, ``on Thursday``): the date, as written, and the weekday."""
    dated = [
        (date, match.group())
        for block in blocks
        if isinstance(block, Figure)
        for date, match in dates(block.caption)
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
