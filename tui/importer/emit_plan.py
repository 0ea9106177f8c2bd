"""What ``emit`` writes, planned from a ``Draft``: every text sanitised as the loader does
it, every block numbered, every quote's and fact's words found in their block (and left out
when they are not), every number, date and id one the loader reads.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from tui.importer.draft import Draft, Figure, Meta, Paragraph, Quote, Speaker
from tui.importer.emit_facts import PlannedFact, plan_facts
from tui.importer.emit_values import clean, nearest, occurrences, published
from tui.importer.yaml_out import scalar
from tui.model.fields import ID_PATTERN, LANGUAGE_PATTERN

UNATTRIBUTED_ID = "unattributed"
UNATTRIBUTED_NAME = "Unattributed"
#: A title made from the body's first words is cut to about this many characters.
FALLBACK_TITLE_CHARACTERS = 80
#: The article id holds the title's first words, up to this many characters.
ID_TITLE_CHARACTERS = 40
_SLUG_GAPS = re.compile(r"[^a-z0-9]+")
#: What stands between a dateline and the first words of the story.
_DASHES = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:—|–|--|-)\s*")
#: What a speaker's comment says of a speaker who is not a person.
_KINDS = {"organisation": "an organisation", "group": "a group"}


# --- The plan: what is written, every text clean and every reference checked -------------


@dataclass
class PlannedBlock:
    """A body block as it is written: its id, kind and (sanitised) text."""

    source: int  # its index in the draft's document
    id: str
    kind: str  # paragraph, subheading, figure
    text: str  # the text quotes and facts stand in (a figure's caption)
    figure: dict[str, str] = field(default_factory=dict)


@dataclass
class PlannedQuote:
    """A quote as it is written: its speaker's id, its parts as (block id, words)."""

    source: int
    where: tuple[int, int]  # position of its first block, offset there: reading order
    speaker: str
    parts: list[tuple[str, str]]  # (block id, words)
    occurrence: int | None
    fragment: bool
    context: str
    note: str


@dataclass
class Plan:
    """Everything ``emit`` writes, in order."""

    id: str
    meta: list[tuple[str, str, str]]  # key, formatted value, note
    speakers: list[tuple[str, str, str, str]]  # id, name, role, note
    blocks: list[PlannedBlock]
    quotes: list[PlannedQuote]
    facts: list[PlannedFact]


@dataclass
class Left:
    """What the loader refused in an earlier attempt, left out of the next. ``*`` in
    ``meta``: everything but the title; ``everything``: no quotes or facts at all."""

    meta: set[str] = field(default_factory=set)
    blocks: set[int] = field(default_factory=set)
    quotes: set[int] = field(default_factory=set)
    facts: set[int] = field(default_factory=set)
    everything: bool = False


def plan(draft: Draft, left: Left) -> Plan:
    blocks = _blocks(draft, left)
    if not blocks:
        blocks = [
            PlannedBlock(-1, "p1", "paragraph", "The source has no text the importer could read.")
        ]
    meta, title = _meta(draft.document.meta, blocks, left.meta)
    speakers, ids = _speakers(draft.speakers)
    quotes = [] if left.everything else _quotes(draft.quotes, blocks, ids, left.quotes)
    facts = [] if left.everything else plan_facts(draft.facts, blocks, left.facts)
    used = {quote.speaker for quote in quotes}
    written = [speaker for speaker in speakers if speaker[0] in used]
    if UNATTRIBUTED_ID in used:
        note = "no speaker found in the text for these quotes: attribute them or leave them out"
        written.append((UNATTRIBUTED_ID, UNATTRIBUTED_NAME, "", note))
    published = next((value for key, value, _note in meta if key == "published"), None)
    return Plan(_article_id(title, published), meta, written, blocks, quotes, facts)


# --- Meta --------------------------------------------------------------------------------


def _meta(
    meta: Meta, blocks: list[PlannedBlock], left: set[str]
) -> tuple[list[tuple[str, str, str]], str]:
    """The fields of ``meta:`` (key, value as written, note) and the title."""
    notes = meta.notes if isinstance(meta.notes, dict) else {}

    def note(key: str) -> str:
        return clean(notes.get(key))

    title = clean(meta.title)
    title_note = note("title")
    if not title:
        title, title_note = _fallback_title(blocks, clean(meta.dateline))
    fields = [("title", scalar(title), title_note)]
    if "*" in left:
        return fields, title
    subtitle, dateline = clean(meta.subtitle), clean(meta.dateline)
    texts = [
        ("subtitle", scalar(subtitle) if subtitle else ""),
        ("published", published(meta.published)),  # a date: read as one, never quoted
        ("dateline", scalar(dateline) if dateline else ""),
    ]
    fields += [(key, value, note(key)) for key, value in texts if value and key not in left]
    source = [(key, clean(getattr(meta, key))) for key in ("outlet", "url")]
    source = [(key, value) for key, value in source if value]
    if source and "source" not in left:
        lines = "".join(f"\n    {key}: {scalar(value)}" for key, value in source)
        fields.append(("source", lines, note("outlet") or note("url")))
    authors = [clean(author) for author in meta.authors if clean(author)]
    if authors and "authors" not in left:
        fields.append(("authors", _flow_list(authors), note("authors")))
    language = clean(meta.language)
    if language and LANGUAGE_PATTERN.fullmatch(language) and "language" not in left:
        fields.append(("language", scalar(language), note("language")))
    return fields, title


def _fallback_title(blocks: list[PlannedBlock], dateline: str) -> tuple[str, str]:
    """A title from the first words of the body (after its dateline, ``TORONTO --``), for a
    source that states none."""
    text = next((b.text for b in blocks if b.kind == "paragraph"), blocks[0].text)
    if dateline and text.startswith(dateline):
        text = _DASHES.sub("", text[len(dateline) :], count=1) or text
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) > FALLBACK_TITLE_CHARACTERS:
        cut = first.rfind(" ", 0, FALLBACK_TITLE_CHARACTERS)
        first = first[: cut if cut > 0 else FALLBACK_TITLE_CHARACTERS].rstrip(" ,;:") + "…"
    return first, "no title in the source: the first words of the body"


def _flow_list(texts: list[str]) -> str:
    return "[" + ", ".join(scalar(text, flow=True) for text in texts) + "]"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_GAPS.sub("-", ascii_text.casefold()).strip("-")


def _article_id(title: str, published: str | None) -> str:
    """``nato-activating-defense-plans-2022-02-24``: the title's first words and the date."""
    words = _slug(title).split("-")
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > ID_TITLE_CHARACTERS:
            break
        kept.append(word[:ID_TITLE_CHARACTERS])
    name = "-".join(word for word in kept if word) or "article"
    ident = f"{name}-{published[:10]}" if published else name
    return ident if ID_PATTERN.fullmatch(ident) else "article"


# --- Speakers ----------------------------------------------------------------------------


def _speakers(
    speakers: tuple[Speaker, ...],
) -> tuple[list[tuple[str, str, str, str]], dict[str, str]]:
    """Each speaker with a name, under an id of its own; and the draft's id -> that id."""
    written: list[tuple[str, str, str, str]] = []
    ids: dict[str, str] = {}
    taken = {UNATTRIBUTED_ID}
    for speaker in speakers:
        name = clean(speaker.name)
        if not name or not isinstance(speaker.id, str) or speaker.id in ids:
            continue
        given = speaker.id if ID_PATTERN.fullmatch(speaker.id) else ""
        ident = _unique(given or _slug(name)[:56] or "speaker", taken)
        ids[speaker.id] = ident
        kind = _KINDS.get(speaker.kind, "")
        note = "; ".join(part for part in (kind, clean(speaker.note)) if part)
        written.append((ident, name, clean(speaker.role), note))
    return written, ids


def _unique(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 1
    while candidate in taken:
        number += 1
        candidate = f"{ident[:56]}-{number}"
    taken.add(candidate)
    return candidate


# --- Body --------------------------------------------------------------------------------


def _blocks(draft: Draft, left: Left) -> list[PlannedBlock]:
    blocks: list[PlannedBlock] = []
    counts = {"paragraph": 0, "subheading": 0, "figure": 0}
    for index, block in enumerate(draft.document.blocks):
        if index in left.blocks:
            continue
        if isinstance(block, Figure):
            kind, text = "figure", clean(block.caption)
        elif isinstance(block, Paragraph):
            kind, text = "paragraph", clean(block.text)
        else:
            kind, text = "subheading", clean(getattr(block, "text", None))
        if not text:
            continue
        counts[kind] += 1
        prefix = {"paragraph": "p", "subheading": "h", "figure": "fig"}[kind]
        written = PlannedBlock(index, f"{prefix}{counts[kind]}", kind, text)
        if isinstance(block, Figure):
            written.figure = {"caption": text}
            for key in ("credit", "alt", "image"):
                if value := clean(getattr(block, key)):
                    written.figure[key] = value
        blocks.append(written)
    return blocks


# --- Quotes ------------------------------------------------------------------------------


def _quotes(
    quotes: tuple[Quote, ...], blocks: list[PlannedBlock], ids: dict[str, str], left: set[int]
) -> list[PlannedQuote]:
    by_source = {block.source: (position, block) for position, block in enumerate(blocks)}
    written: list[PlannedQuote] = []
    for index, quote in enumerate(quotes):
        if index in left:
            continue
        speaker = ids.get(quote.speaker, UNATTRIBUTED_ID) if quote.speaker else UNATTRIBUTED_ID
        parts = []  # (position, block, words, occurrence, offset, count)
        for part in quote.parts:
            position, block = by_source.get(part.block, (-1, None))
            words = clean(part.text)
            starts = occurrences(block.text, words) if block is not None else []
            if block is None or not starts:
                continue
            occurrence = nearest(starts, part.start)
            parts.append((position, block, words, occurrence, starts[occurrence - 1], len(starts)))
        for run in _runs(parts, blocks):
            first = run[0]
            several = any(count > 1 for *_rest, count in run)
            written.append(
                PlannedQuote(
                    source=index,
                    where=(first[0], first[4]),
                    speaker=speaker,
                    parts=[(block.id, words) for _p, block, words, *_rest in run],
                    occurrence=first[3] if several else None,
                    fragment=quote.fragment is True,
                    context=clean(quote.context),
                    note=clean(quote.note),
                )
            )
    written.sort(key=lambda quote: quote.where)
    return written


def _runs(parts: list[tuple], blocks: list[PlannedBlock]) -> list[list[tuple]]:
    """The parts as quotes: one, when they stand in consecutive blocks (figures between them
    allowed) and at the same occurrence, as the format reads a quote in several parts; else
    one quote a part."""
    if len(parts) < 2:
        return [parts] if parts else []
    positions = [part[0] for part in parts]
    consecutive = all(
        after > before and all(b.kind == "figure" for b in blocks[before + 1 : after])
        for before, after in itertools.pairwise(positions)
    )
    if consecutive and len({part[3] for part in parts}) == 1:
        return [parts]
    return [[part] for part in parts]
