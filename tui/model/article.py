"""The article model: plain immutable data that the loader builds and every view reads.

This module is part of the pure content layer: it imports only the standard library.
All text here has already been sanitised by the loader (see ``sanitize.py``), so views may
render it as-is, but must still treat it as data and never as markup.

The value types are ``NamedTuple``s, as Textual's own geometry types are: immutable, compared
by value, cheap to build by the hundred thousand, and cheap to define. A frozen dataclass
costs about 1.3 ms to create on Python 3.11 (it compiles six generated methods), and the
reader's start-up defined 25 of them; a NamedTuple costs 0.2 ms.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple

SCHEMA_VERSION = 1


class PartialDate(NamedTuple):
    """A calendar date that may be known only to the year or the month (``2014``, ``2021-02``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """As a reader would write it: ``2014``, ``February 2021``, ``24 February 2022``."""
        if self.month is None:
            return str(self.year)
        month = dt.date(2000, self.month, 1).strftime("%B")
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


class Span(NamedTuple):
    """A run of characters ``[start, end)`` inside the text of one body block."""

    block_id: str
    start: int
    end: int


class Source(NamedTuple):
    """Where the article was published, as far as the content file states it."""

    outlet: str | None = None
    url: str | None = None


class Meta(NamedTuple):
    """Everything about the article that is not its body."""

    title: str
    subtitle: str | None = None
    #: A ``datetime.date`` when only the day is known, a ``datetime.datetime`` (aware when the
    #: zone is known) when the time is known too.
    published: dt.date | dt.datetime | None = None
    dateline: str | None = None
    source: Source = Source()
    authors: tuple[str, ...] = ()
    language: str = "en"
    tags: tuple[str, ...] = ()


class Speaker(NamedTuple):
    """A person or body whose words the article quotes."""

    id: str
    name: str
    role: str | None = None

    @property
    def attribution(self) -> str:
        """``Jens Stoltenberg, NATO Secretary General`` (or just the name when no role)."""
        return f"{self.name}, {self.role}" if self.role else self.name


# --- Body blocks -------------------------------------------------------------------------


class Paragraph(NamedTuple):
    """A paragraph of running text."""

    id: str
    text: str

    @property
    def kind(self) -> str:
        return "paragraph"


class Subheading(NamedTuple):
    """A heading inside the body."""

    id: str
    text: str

    @property
    def kind(self) -> str:
        return "subheading"


class Figure(NamedTuple):
    """A photo or graphic: shown as a captioned block with its credit."""

    id: str
    caption: str
    credit: str | None = None
    alt: str | None = None
    image_url: str | None = None

    @property
    def kind(self) -> str:
        return "figure"

    @property
    def text(self) -> str:
        """The caption is the figure's searchable, highlightable text."""
        return self.caption


class PullQuote(NamedTuple):
    """Words set apart from the running text for emphasis."""

    id: str
    text: str
    speaker_id: str | None = None

    @property
    def kind(self) -> str:
        return "pullquote"


Block = Paragraph | Subheading | Figure | PullQuote


# --- Quotes and facts --------------------------------------------------------------------


class Quote(NamedTuple):
    """Someone's words. ``parts`` has one entry per body block the quote runs through."""

    id: str
    speaker_id: str
    parts: tuple[str, ...]
    #: Where each part stands in the body, in order; empty when the quote is not in the body.
    spans: tuple[Span, ...] = ()
    #: A few quoted words inside reported speech, rather than a full sentence.
    fragment: bool = False
    #: How or where it was said ("in a written statement"); required when not in the body.
    context: str | None = None

    @property
    def text(self) -> str:
        """The quoted words; parts from separate paragraphs joined by a blank line."""
        return "\n\n".join(self.parts)

    @property
    def in_body(self) -> bool:
        return bool(self.spans)


class SeriesPoint(NamedTuple):
    """One value of a series of comparable values (e.g. support for membership in 2014)."""

    label: str
    value: str
    number: float | None = None
    as_of: PartialDate | None = None


class Series(NamedTuple):
    """Comparable values that a reader can draw as a small chart."""

    label: str
    points: tuple[SeriesPoint, ...]
    unit: str | None = None


class Fact(NamedTuple):
    """A figure, count, percentage or date that carries news, anchored to its paragraph."""

    id: str
    label: str
    #: The value exactly as written in the article ("40,000 soldiers", "56 percent").
    value: str
    #: Where the figure stands in the body (the paragraph and the exact words).
    span: Span
    #: The value as a number, where there is one.
    number: float | None = None
    unit: str | None = None
    #: The date the value holds for.
    as_of: PartialDate | None = None
    series: Series | None = None

    @property
    def block_id(self) -> str:
        return self.span.block_id


# --- The article -------------------------------------------------------------------------


class ParagraphNumbers(Mapping[str, int]):
    """The 1-based number of each paragraph among the paragraphs, by block id (a block that is
    not a paragraph has none).

    A view over the article's ``block_index`` and one machine integer per block, rather than a
    dict of its own: that would take some 60 bytes more a paragraph (6 MB for 100,000).
    """

    __slots__ = ("_block_index", "_count", "_numbers")

    def __init__(self, blocks: Sequence[Block], block_index: Mapping[str, int]) -> None:
        self._block_index = block_index
        #: The number of the block at each position; 0 for one that is not a paragraph.
        self._numbers = array("q", bytes(8 * len(blocks)))
        count = 0
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                count += 1
                self._numbers[index] = count
        self._count = count

    def __getitem__(self, block_id: str) -> int:
        number = self._numbers[self._block_index[block_id]]
        if not number:
            raise KeyError(block_id)
        return number

    def __iter__(self) -> Iterator[str]:
        numbers = self._numbers
        return (block_id for block_id, index in self._block_index.items() if numbers[index])

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"ParagraphNumbers({dict(self)!r})"


@dataclass(frozen=True)
class Article:
    """One news article: metadata, body blocks, speakers, quotes and facts."""

    id: str
    meta: Meta
    blocks: tuple[Block, ...]
    speakers: tuple[Speaker, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    #: The file the article was loaded from, when it came from a file.
    path: str | None = None
    #: The text, web page or address it was imported from, when it was: ``path`` is then its
    #: import in the cache, which the reader loads, and this is what it names and links.
    source: str | None = None

    @property
    def origin(self) -> str | None:
        """What the article is read from, as the user named it: its source, else its file."""
        return self.source if self.source is not None else self.path

    def imported_from(self, source: str | None) -> Article:
        """This article, read from the import of ``source`` (itself when ``source`` is None)."""
        return self if source is None else replace(self, source=source)

    @cached_property
    def block_index(self) -> dict[str, int]:
        """Position of each block in ``blocks``, by block id."""
        return {block.id: index for index, block in enumerate(self.blocks)}

    @cached_property
    def speakers_by_id(self) -> dict[str, Speaker]:
        return {speaker.id: speaker for speaker in self.speakers}

    @cached_property
    def paragraph_ids(self) -> tuple[str, ...]:
        """Ids of the paragraphs (not figures or headings), in reading order."""
        return tuple(block.id for block in self.blocks if isinstance(block, Paragraph))

    @cached_property
    def paragraph_numbers(self) -> ParagraphNumbers:
        """1-based number of each paragraph among the paragraphs, by block id."""
        return ParagraphNumbers(self.blocks, self.block_index)

    def speaker_of(self, quote: Quote) -> Speaker:
        return self.speakers_by_id[quote.speaker_id]

    def quote_count_by_speaker(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for quote in self.quotes:
            counts[quote.speaker_id] = counts.get(quote.speaker_id, 0) + 1
        return counts
