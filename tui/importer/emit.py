"""A ``Draft`` written as the content file, in the shipped article's field order and style:
``to_yaml``. What it writes always passes ``tui-reader check``.

Blocks are numbered by kind (``p1``, ``h1``, ``fig1``), quotes ``q1`` and facts ``f1`` in
reading order; a quote's or fact's words that stand more than once in their block get an
``occurrence``. A quote whose speaker the importer could not name goes to one speaker,
``unattributed`` (named "Unattributed"), so that it is kept for a person to attribute rather
than lost. The ``note`` of each part of the draft (what was inferred rather than read) becomes a
YAML comment above it.

Every text is sanitised as the loader does it before it is written, and a quote or fact whose
words are not then in their block is left out. The YAML is then read back with the loader:
whatever it still refuses (which no stage of the importer is known to make) is left out too,
until the file loads; at worst the body alone is written.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, field

from tui.importer.draft import (
    Document,
    Draft,
    Fact,
    Figure,
    Meta,
    Paragraph,
    Quote,
    Series,
    Speaker,
)
from tui.importer.yaml_out import comment, scalar
from tui.model.errors import ContentError, ContentInvalid
from tui.model.fields import (
    DECIMAL_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    Report,
    read_partial_date,
    read_published,
)
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import ScalarNode

__all__ = ["UNATTRIBUTED_ID", "UNATTRIBUTED_NAME", "clean", "to_yaml"]

UNATTRIBUTED_ID = "unattributed"
UNATTRIBUTED_NAME = "Unattributed"
#: A title made from the body's first words is cut to about this many characters.
FALLBACK_TITLE_CHARACTERS = 80
#: The article id holds the title's first words, up to this many characters.
ID_TITLE_CHARACTERS = 40
#: A YAML comment from a note is cut to this many characters.
MAX_NOTE_CHARACTERS = 300
#: Reading the YAML back and leaving out what the loader refuses, at most this many times.
MAX_ATTEMPTS = 4
#: What the loader's YAML reader refuses even after sanitising: lone surrogates and the two
#: non-characters.
_UNWRITABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")
_SLUG_GAPS = re.compile(r"[^a-z0-9]+")
_ITEM = re.compile(r"(body|quotes|facts)\[(\d+)\]")
#: What a speaker's comment says of a speaker who is not a person.
_KINDS = {"organisation": "an organisation", "group": "a group"}


def clean(text: object) -> str:
    """``text`` as the loader reads it back: sanitised and trimmed; empty for anything that
    is not a string."""
    if not isinstance(text, str) or not text:
        return ""
    return clean_text(_UNWRITABLE.sub("", text))


# --- The plan: what is written, every text clean and every reference checked -------------


@dataclass
class _Block:
    source: int  # its index in the draft's document
    id: str
    kind: str  # paragraph, subheading, figure
    text: str  # the text quotes and facts stand in (a figure's caption)
    figure: dict[str, str] = field(default_factory=dict)


@dataclass
class _Quote:
    source: int
    where: tuple[int, int]  # position of its first block, offset there: reading order
    speaker: str
    parts: list[tuple[str, str]]  # (block id, words)
    occurrence: int | None
    fragment: bool
    context: str
    note: str


@dataclass
class _Fact:
    source: int
    where: tuple[int, int]
    fields: list[tuple[str, str]]  # key, value written (a YAML scalar, already formatted)
    series: list[str]  # the lines of its series, if any
    note: str


@dataclass
class _Plan:
    id: str
    meta: list[tuple[str, str, str]]  # key, formatted value, note
    speakers: list[tuple[str, str, str, str]]  # id, name, role, note
    blocks: list[_Block]
    quotes: list[_Quote]
    facts: list[_Fact]


@dataclass
class _Left:
    """What the loader refused in an earlier attempt, left out of the next. ``*`` in
    ``meta``: everything but the title; ``everything``: no quotes or facts at all."""

    meta: set[str] = field(default_factory=set)
    blocks: set[int] = field(default_factory=set)
    quotes: set[int] = field(default_factory=set)
    facts: set[int] = field(default_factory=set)
    everything: bool = False


def to_yaml(draft: Draft, *, source: str | None = None) -> str:
    """The content file of ``draft``; ``source`` (its file name or URL) is named in the first
    comment. It always loads: see the module's docstring."""
    left = _Left()
    for _attempt in range(MAX_ATTEMPTS):
        text = _write(plan := _plan(draft, left), source)
        problems = _problems(text)
        if not problems:
            return text
        if not _leave_out(problems, plan, left):
            break
    text = _write(_plan(draft, _Left(meta={"*"}, blocks=left.blocks, everything=True)), source)
    if not _problems(text):
        return text
    return _write(_plan(Draft(_EMPTY), _Left()), source)  # not known to happen


def _problems(text: str) -> list[ContentError]:
    from tui.model.loader import parse_article

    try:
        parse_article(text, "<import>")
    except ContentInvalid as invalid:
        return list(invalid.errors) or [ContentError("<import>", 0, 0, "", "not valid")]
    return []


def _leave_out(problems: list[ContentError], plan: _Plan, left: _Left) -> bool:
    """Adds what ``problems`` name to ``left``; False when it names nothing new to leave out."""
    before = (set(left.meta), set(left.blocks), set(left.quotes), set(left.facts))
    for problem in problems:
        item = _ITEM.match(problem.field)
        if item is not None:
            index = int(item.group(2))
            if item.group(1) == "body" and index < len(plan.blocks):
                left.blocks.add(plan.blocks[index].source)
            elif item.group(1) == "quotes" and index < len(plan.quotes):
                left.quotes.add(plan.quotes[index].source)
            elif item.group(1) == "facts" and index < len(plan.facts):
                left.facts.add(plan.facts[index].source)
        elif problem.field.startswith("meta.") and not problem.field.startswith("meta.title"):
            left.meta.add(problem.field.split(".")[1].split("[")[0])
        else:
            left.meta.add("*")
    return before != (left.meta, left.blocks, left.quotes, left.facts)


def _plan(draft: Draft, left: _Left) -> _Plan:
    blocks = _blocks(draft, left)
    if not blocks:
        blocks = [_Block(-1, "p1", "paragraph", "The source has no text the importer could read.")]
    meta, title = _meta(draft.document.meta, blocks, left.meta)
    speakers, ids = _speakers(draft.speakers)
    quotes = [] if left.everything else _quotes(draft.quotes, blocks, ids, left.quotes)
    facts = [] if left.everything else _facts(draft.facts, blocks, left.facts)
    used = {quote.speaker for quote in quotes}
    written = [speaker for speaker in speakers if speaker[0] in used]
    if UNATTRIBUTED_ID in used:
        note = "no speaker found in the text for these quotes: attribute them or leave them out"
        written.append((UNATTRIBUTED_ID, UNATTRIBUTED_NAME, "", note))
    published = next((value for key, value, _note in meta if key == "published"), None)
    return _Plan(_article_id(title, published), meta, written, blocks, quotes, facts)


# --- Meta --------------------------------------------------------------------------------


def _meta(
    meta: Meta, blocks: list[_Block], left: set[str]
) -> tuple[list[tuple[str, str, str]], str]:
    """The fields of ``meta:`` (key, value as written, note) and the title."""
    notes = meta.notes if isinstance(meta.notes, dict) else {}

    def note(key: str) -> str:
        return clean(notes.get(key))

    title = clean(meta.title)
    title_note = note("title")
    if not title:
        title, title_note = _fallback_title(blocks)
    fields = [("title", scalar(title), title_note)]
    if "*" in left:
        return fields, title
    subtitle, dateline = clean(meta.subtitle), clean(meta.dateline)
    texts = [
        ("subtitle", scalar(subtitle) if subtitle else ""),
        ("published", _published(meta.published)),  # a date: read as one, never quoted
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


def _fallback_title(blocks: list[_Block]) -> tuple[str, str]:
    """A title from the first words of the body, for a source that states none."""
    text = next((b.text for b in blocks if b.kind == "paragraph"), blocks[0].text)
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) > FALLBACK_TITLE_CHARACTERS:
        cut = first.rfind(" ", 0, FALLBACK_TITLE_CHARACTERS)
        first = first[: cut if cut > 0 else FALLBACK_TITLE_CHARACTERS].rstrip(" ,;:") + "…"
    return first, "no title in the source: the first words of the body"


def _flow_list(texts: list[str]) -> str:
    return "[" + ", ".join(scalar(text, flow=True) for text in texts) + "]"


class _Nowhere:
    """The place of a value that comes from no file, for the loader's readers."""

    line = column = 0


def _published(value: object) -> str:
    """``value`` when the loader reads it as a date or date and time, else empty."""
    value = clean(value)
    if not value:
        return ""
    node = ScalarNode(value, None, _Nowhere())
    return value if read_published(Report("<import>"), node, "published") is not None else ""


def _partial_date(value: object) -> str:
    value = clean(value)
    if not value:
        return ""
    node = ScalarNode(value, None, _Nowhere())
    return value if read_partial_date(Report("<import>"), node, "as_of") is not None else ""


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


def _blocks(draft: Draft, left: _Left) -> list[_Block]:
    blocks: list[_Block] = []
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
        written = _Block(index, f"{prefix}{counts[kind]}", kind, text)
        if isinstance(block, Figure):
            written.figure = {"caption": text}
            for key in ("credit", "alt", "image"):
                if value := clean(getattr(block, key)):
                    written.figure[key] = value
        blocks.append(written)
    return blocks


def _occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` stand in ``text``, not overlapping, as the loader counts them."""
    starts: list[int] = []
    position = 0
    while words and (found := text.find(words, position)) >= 0:
        starts.append(found)
        position = found + len(words)
    return starts


def _nearest(starts: list[int], start: object) -> int:
    """Which of ``starts`` (from 1) is nearest to ``start``, the offset the draft gives."""
    if not isinstance(start, int) or isinstance(start, bool):
        return 1
    return min(range(len(starts)), key=lambda i: abs(starts[i] - start)) + 1


# --- Quotes ------------------------------------------------------------------------------


def _quotes(
    quotes: tuple[Quote, ...], blocks: list[_Block], ids: dict[str, str], left: set[int]
) -> list[_Quote]:
    by_source = {block.source: (position, block) for position, block in enumerate(blocks)}
    written: list[_Quote] = []
    for index, quote in enumerate(quotes):
        if index in left:
            continue
        speaker = ids.get(quote.speaker, UNATTRIBUTED_ID) if quote.speaker else UNATTRIBUTED_ID
        parts = []  # (position, block, words, occurrence, offset, count)
        for part in quote.parts:
            position, block = by_source.get(part.block, (-1, None))
            words = clean(part.text)
            starts = _occurrences(block.text, words) if block is not None else []
            if block is None or not starts:
                continue
            occurrence = _nearest(starts, part.start)
            parts.append((position, block, words, occurrence, starts[occurrence - 1], len(starts)))
        for run in _runs(parts, blocks):
            first = run[0]
            several = any(count > 1 for *_rest, count in run)
            written.append(
                _Quote(
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


def _runs(parts: list[tuple], blocks: list[_Block]) -> list[list[tuple]]:
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


# --- Facts -------------------------------------------------------------------------------


def _facts(facts: tuple[Fact, ...], blocks: list[_Block], left: set[int]) -> list[_Fact]:
    by_source = {block.source: (position, block) for position, block in enumerate(blocks)}
    written: list[_Fact] = []
    for index, fact in enumerate(facts):
        position, block = by_source.get(fact.block, (-1, None))
        if index in left or block is None:
            continue
        value, match = clean(fact.value), clean(fact.match)
        value = value or match
        match = match if match and _occurrences(block.text, match) else value
        starts = _occurrences(block.text, match)
        if not starts:
            continue
        occurrence = _nearest(starts, fact.start)
        fields = [
            ("label", scalar(clean(fact.label) or value)),
            ("value", scalar(value)),
            ("at", block.id),
        ]
        if match != value:
            fields.append(("match", scalar(match)))
        if len(starts) > 1:
            fields.append(("occurrence", str(occurrence)))
        if number := _number(fact.number):
            fields.append(("number", number))
        if unit := clean(fact.unit):
            fields.append(("unit", scalar(unit)))
        if as_of := _partial_date(fact.as_of):
            fields.append(("as_of", as_of))
        series = _series(fact.series, clean(fact.label) or value)
        note = clean(fact.note)
        written.append(_Fact(index, (position, starts[occurrence - 1]), fields, series, note))
    written.sort(key=lambda fact: fact.where)
    return written


def _number(number: object) -> str:
    """``number`` as the format writes one (``40000``, ``-1.5``), or empty."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return ""
    if isinstance(number, float):
        if not math.isfinite(number) or abs(number) >= 1e15:
            return ""
        text = str(int(number)) if number.is_integer() else f"{number:.6f}".rstrip("0")
    else:
        text = str(number) if abs(number) < 10**15 else ""
    return text if DECIMAL_PATTERN.fullmatch(text) else ""


def _series(series: Series | None, fallback: str) -> list[str]:
    """The lines of a fact's series (label, unit, two points or more), or none."""
    if not isinstance(series, Series):
        return []
    points = []
    for point in series.points:
        value = clean(point.value)
        label = clean(point.label) or value
        if not value:
            continue
        fields = [f"label: {scalar(label, flow=True)}", f"value: {scalar(value, flow=True)}"]
        if number := _number(point.number):
            fields.append(f"number: {number}")
        if as_of := _partial_date(point.as_of):
            fields.append(f"as_of: {as_of}")
        points.append("        - {" + ", ".join(fields) + "}")
    if len(points) < 2:
        return []
    lines = [f"      label: {scalar(clean(series.label) or fallback)}"]
    if unit := clean(series.unit):
        lines.append(f"      unit: {scalar(unit)}")
    return ["    series:", *lines, "      points:", *points]


# --- Writing -----------------------------------------------------------------------------


def _comment(indent: str, note: str) -> list[str]:
    words = comment(note)
    if len(words) > MAX_NOTE_CHARACTERS:
        words = words[: MAX_NOTE_CHARACTERS - 1].rstrip() + "…"
    return [f"{indent}# {words}"] if words else []


def _write(plan: _Plan, source: str | None) -> str:
    origin = comment(clean(source)) if source else ""
    lines = [
        f"# A draft made by tui-reader import{f' from {origin}' if origin else ''}: review it.",
        "# Comments say what was inferred rather than read in the source.",
        "schema: 1",
        f"id: {plan.id}",
        "",
        "meta:",
    ]
    for key, value, note in plan.meta:
        lines += _comment("  ", note)
        lines.append(f"  {key}:{value}" if value.startswith("\n") else f"  {key}: {value}")
    if plan.speakers:
        lines += ["", "speakers:"]
        for ident, name, role, note in plan.speakers:
            lines += [*_comment("  ", note), f"  - id: {ident}", f"    name: {scalar(name)}"]
            lines += [f"    role: {scalar(role)}"] if role else []
    lines += ["", "body:"]
    for block in plan.blocks:
        lines.append(f"  - id: {block.id}")
        if block.kind != "figure":
            lines.append(f"    {block.kind}: {scalar(block.text)}")
            continue
        lines.append("    figure:")
        lines += [f"      {key}: {scalar(value)}" for key, value in block.figure.items()]
    if plan.quotes:
        lines += ["", "quotes:"]
        for number, quote in enumerate(plan.quotes, 1):
            lines += _quote_lines(number, quote)
    if plan.facts:
        lines += ["", "facts:"]
        for number, fact in enumerate(plan.facts, 1):
            lines += [*_comment("  ", fact.note), f"  - id: f{number}"]
            lines += [f"    {key}: {value}" for key, value in fact.fields]
            lines += fact.series
    return "\n".join(lines) + "\n"


def _quote_lines(number: int, quote: _Quote) -> list[str]:
    lines = [*_comment("  ", quote.note), f"  - id: q{number}", f"    speaker: {quote.speaker}"]
    if len(quote.parts) == 1:
        block_id, words = quote.parts[0]
        lines += [f"    text: {scalar(words)}", f"    at: {block_id}"]
    else:
        lines.append("    text:")
        lines += [f"      - {scalar(words)}" for _block, words in quote.parts]
        lines.append(f"    at: [{', '.join(block for block, _words in quote.parts)}]")
    if quote.occurrence is not None:
        lines.append(f"    occurrence: {quote.occurrence}")
    if quote.fragment:
        lines.append("    fragment: true")
    if quote.context:
        lines.append(f"    context: {scalar(quote.context)}")
    return lines


_EMPTY = Document(Meta(), ())
