"""What the importer found in an article, before it is written out as YAML.

These are the types the importer's stages hand each other: ``text.py`` and ``html.py`` make a
``Document``; ``quotes.py`` (with ``people.py``) and ``facts.py`` read its paragraphs and give
``Speaker``, ``Quote`` and ``Fact`` values; ``emit.py`` writes a ``Draft`` as the content file.
Offsets are character offsets into a paragraph's ``text`` (the text after sanitising), and
blocks are named by their index in ``Document.blocks``; ``emit.py`` gives them their ids.

``note`` fields carry what was inferred rather than read, for the YAML comment a person
reviewing the draft sees (``speaker from "he said"``, ``date from "on Thursday" and the
published date``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Meta:
    """Only what the source states; every field may be missing."""

    title: str | None = None
    subtitle: str | None = None
    #: ISO 8601: ``2022-02-24`` or ``2022-02-24T10:30:00+00:00``.
    published: str | None = None
    dateline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    #: Field name -> how it was inferred (only for fields not read verbatim).
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str | None = None
    alt: str | None = None
    #: The image's address, when the source gives one.
    image: str | None = None


Block = Paragraph | Subheading | Figure


@dataclass(frozen=True)
class Document:
    """An article's metadata and its body, in reading order."""

    meta: Meta
    blocks: tuple[Block, ...]

    def paragraphs(self) -> list[tuple[int, str]]:
        """``(block index, text)`` of each paragraph, in order: what quotes and facts read."""
        return [(i, b.text) for i, b in enumerate(self.blocks) if isinstance(b, Paragraph)]


SpeakerKind = Literal["person", "organisation", "group"]


@dataclass(frozen=True)
class Speaker:
    #: A short slug, unique in the draft (``stoltenberg``, ``nato``).
    id: str
    #: The fullest name the text gives (``Jens Stoltenberg``).
    name: str
    #: The role the text gives (``NATO Secretary General``), if any.
    role: str | None = None
    kind: SpeakerKind = "person"
    note: str | None = None


@dataclass(frozen=True)
class QuotePart:
    """The words of one paragraph inside the quotation marks, without the marks."""

    #: Index into ``Document.blocks`` (always a ``Paragraph``).
    block: int
    #: Offset of ``text`` in that paragraph's text; ``text == paragraph[start:start+len(text)]``.
    start: int
    text: str


@dataclass(frozen=True)
class Quote:
    #: One part, or one per paragraph for a quote that runs over consecutive paragraphs.
    parts: tuple[QuotePart, ...]
    #: A ``Speaker.id``, or None when the text names no one (emit decides how to write it).
    speaker: str | None
    fragment: bool = False
    #: How it was said: ``in a statement``, ``in a televised address``.
    context: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SeriesPoint:
    label: str
    value: str
    number: int | float | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[SeriesPoint, ...]
    unit: str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    #: The figure as the text writes it (``40,000 soldiers``, ``56 percent``, ``Thursday``).
    value: str
    #: Index into ``Document.blocks`` (a ``Paragraph``).
    block: int
    #: Offset of ``match`` in that paragraph's text.
    start: int
    #: The words in the paragraph the fact highlights (contains the figure).
    match: str
    number: int | float | None = None
    unit: str | None = None
    #: ISO date or partial date (``2022-02-24``, ``2021-02``, ``2014``).
    as_of: str | None = None
    series: Series | None = None
    note: str | None = None


@dataclass(frozen=True)
class Draft:
    document: Document
    speakers: tuple[Speaker, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
