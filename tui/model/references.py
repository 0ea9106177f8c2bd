"""Quotes and facts: read, checked against the speakers, and anchored verbatim in the body."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence

from tui.model.anchors import find_occurrence, not_found_problem
from tui.model.article import Block, Fact, Quote, Series, SeriesPoint, Span, Speaker
from tui.model.fields import (
    ID_PATTERN,
    Record,
    Report,
    UniqueIds,
    as_record,
    kind_of,
    number_in_text,
    read_id,
    read_text,
    show,
)
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import Node, ScalarNode, SeqNode

QUOTE_KEYS = ("id", "speaker", "text", "at", "occurrence", "fragment", "not_in_body", "context")
FACT_KEYS = (
    *("id", "label", "value", "at", "match", "occurrence"),
    *("number", "unit", "as_of", "series"),
)
SERIES_KEYS = ("label", "unit", "points")
POINT_KEYS = ("label", "value", "number", "as_of")
#: Blocks that stand apart from the running text, so a quote may run on across them.
ASIDE_KINDS = ("figure", "pullquote")


class References:
    """What quotes and facts may refer to: the speakers and the body's blocks."""

    def __init__(
        self,
        report: Report,
        speakers: Mapping[str, Speaker],
        blocks: Mapping[str, Block],
        position: Mapping[str, int],
        kinds: Sequence[str | None],
    ) -> None:
        self.report = report
        self.speakers = speakers
        self.blocks = blocks
        self.position = position
        self.kinds = kinds
        self.quote_ids = UniqueIds()
        self.fact_ids = UniqueIds()

    def block(self, record: Record, key: str, block_id: str) -> Block | None:
        """The block ``block_id`` that ``key`` names; None (reported, unless the block has
        problems of its own) when there is none."""
        block = self.blocks.get(block_id)
        if block is None and block_id not in self.position:
            node = record.get(key) or record.node
            problem = f"no block with id {show(block_id)} in the body"
            self.report.add(node, record.name(key), problem)
        return block

    def span(
        self, record: Record, key: str, node: Node, block: Block, words: str, occurrence: int
    ) -> Span | None:
        """Where ``words`` (the value of ``key``, at ``node``) stand in ``block``; None
        (reported) when they are not there."""
        start = find_occurrence(block.text, words, occurrence)
        if start < 0:
            problem = not_found_problem(block.text, words, block.id, occurrence)
            self.report.add(node, record.name(key), problem)
            return None
        return Span(block.id, start, start + len(words))


def unknown_speaker(speaker: str, speakers: Mapping[str, Speaker]) -> str:
    # Guessing costs a comparison per speaker: skip it for lists no person would scan either.
    close = difflib.get_close_matches(speaker, list(speakers), n=1) if len(speakers) < 500 else []
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no speaker with id {show(speaker)}{hint}"


# --- Quotes ------------------------------------------------------------------------------


def read_quote(item: Node, index: int, refs: References) -> Quote | None:
    """The quote ``item`` at ``index`` in ``quotes``; None when it has problems (reported)."""
    required = ("id", "speaker", "text")
    record = as_record(refs.report, item, f"quotes[{index}]", QUOTE_KEYS, required)
    return _read_quote(record, refs) if record else None


def _read_quote(record: Record, refs: References) -> Quote | None:
    ident = refs.quote_ids.claim(record)
    speaker = _speaker(record, refs)
    parts = _parts(record)
    fragment = record.flag("fragment")
    context = record.text("context")
    occurrence = _occurrence(record)
    spans: tuple[Span, ...] | None = ()
    if record.flag("not_in_body"):
        _check_not_in_body(record, context)
    else:
        blocks = _blocks_at(record, refs)
        spans = _anchor_quote(record, refs, parts, blocks, occurrence) if blocks else None
    if ident is None or speaker is None or not parts or spans is None:
        return None
    return Quote(ident, speaker, tuple([text for _node, text in parts]), spans, fragment, context)


def _speaker(record: Record, refs: References) -> str | None:
    speaker = record.id("speaker")
    if speaker is None or speaker in refs.speakers:
        return speaker
    node = record.get("speaker")
    assert node is not None
    refs.report.add(node, record.name("speaker"), unknown_speaker(speaker, refs.speakers))
    return None


def _parts(record: Record) -> list[tuple[Node, str]]:
    """The quoted words with the node each stands on: one part, or one per list item."""
    node = record.get("text")
    if node is None:
        return []
    if type(node) is ScalarNode and (text := clean_text(node.value)):
        return [(node, text)]  # the common case, quickly
    field = record.name("text")
    items = [(node, field)]
    if isinstance(node, SeqNode):
        items = [(item, f"{field}[{index}]") for index, item in enumerate(node.items)]
        if not items:
            record.report.add(node, field, "a quote needs at least one part")
    parts = [(item, read_text(record.report, item, name)) for item, name in items]
    if any(text is None for _item, text in parts):
        return []
    return [(item, text) for item, text in parts if text is not None]


def _occurrence(record: Record) -> int:
    occurrence = record.whole("occurrence")
    if occurrence == 0:
        node = record.get("occurrence")
        assert node is not None
        record.report.add(node, record.name("occurrence"), "counts from 1 (the first)")
    return occurrence or 1


def _check_not_in_body(record: Record, context: str | None) -> None:
    at = record.key_node("at")
    if at is not None:
        record.report.add(at, record.name("at"), "not allowed when not_in_body is true")
    occurrence = record.key_node("occurrence")
    if occurrence is not None:
        problem = "not allowed when not_in_body is true"
        record.report.add(occurrence, record.name("occurrence"), problem)
    if context is None and not record.has("context"):
        problem = "required when not_in_body is true (say how or where it was said)"
        record.report.add(record.node, record.name("context"), problem)


def _anchor_quote(
    record: Record,
    refs: References,
    parts: list[tuple[Node, str]],
    blocks: list[Block],
    occurrence: int,
) -> tuple[Span, ...] | None:
    """Where each part stands in its block; None (reported) when one is not there."""
    if not parts:
        return None
    if len(blocks) != len(parts):
        parts_count, blocks_count = _count(len(parts), "part"), _count(len(blocks), "block")
        problem = f"the text has {parts_count} but at names {blocks_count}"
        refs.report.add(record.get("at") or record.node, record.name("at"), problem)
        return None
    spans = []
    for index, ((part_node, words), block) in enumerate(zip(parts, blocks, strict=True)):
        key = f"text[{index}]" if len(parts) > 1 else "text"
        span = refs.span(record, key, part_node, block, words, occurrence)
        if span is None:
            return None
        spans.append(span)
    return tuple(spans)


def _blocks_at(record: Record, refs: References) -> list[Block] | None:
    """The blocks that ``at`` names, in order; None when one is missing or they are not
    consecutive (reported, unless a named block has problems of its own)."""
    at = _block_ids(record)
    if at is None:
        return None
    at_node = record.get("at")
    assert at_node is not None
    blocks = [refs.block(record, "at", block_id) for block_id in at]
    if len(at) > 1 and not _consecutive(record, refs, at_node, at):
        return None
    found = [block for block in blocks if block is not None]
    return found if len(found) == len(blocks) else None


def _block_ids(record: Record) -> list[str] | None:
    """The block ids of ``at``: one id, or a list of them; None (reported) when absent or bad."""
    node = record.get("at")
    if type(node) is ScalarNode and ID_PATTERN.fullmatch(node.value):
        return [node.value]  # the common case, quickly
    if node is None:
        problem = "missing required field (unless not_in_body is true)"
        record.report.add(record.key_node("at") or record.node, record.name("at"), problem)
        return None
    field = record.name("at")
    items = [(node, field)]
    if isinstance(node, SeqNode):
        items = [(item, f"{field}[{index}]") for index, item in enumerate(node.items)]
    ids = []
    for item, name in items:
        if not isinstance(item, ScalarNode):
            record.report.add(item, name, f"expected a block id, got {kind_of(item)}")
            return None
        ident = read_id(record.report, item, name)
        if ident is None:
            return None
        ids.append(ident)
    if not ids:
        record.report.add(node, field, "expected at least one block id")
        return None
    return ids


def _consecutive(record: Record, refs: References, at_node: Node, at: list[str]) -> bool:
    """True when the blocks follow one another, with at most figures or pull quotes between."""
    for before, after in itertools.pairwise(at):
        if before not in refs.position or after not in refs.position:
            continue  # reported where the parts are anchored
        start, end = refs.position[before], refs.position[after]
        between = refs.kinds[start + 1 : end]
        if end <= start:
            problem = f"block {after} does not come after block {before} in the body"
        elif any(kind not in ASIDE_KINDS for kind in between if kind is not None):
            problem = f"blocks {before} and {after} are not consecutive in the body"
        else:
            continue
        refs.report.add(at_node, record.name("at"), problem)
        return False
    return True


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- Facts -------------------------------------------------------------------------------


def read_fact(item: Node, index: int, refs: References) -> Fact | None:
    """The fact ``item`` at ``index`` in ``facts``; None when it has problems (reported)."""
    required = ("id", "label", "value", "at")
    record = as_record(refs.report, item, f"facts[{index}]", FACT_KEYS, required)
    return _read_fact(record, refs) if record else None


def _read_fact(record: Record, refs: References) -> Fact | None:
    ident = refs.fact_ids.claim(record)
    label, value = record.text("label"), record.text("value")
    match = record.text("match") if record.has("match") else value
    occurrence = _occurrence(record)
    number = record.decimal("number") if record.has("number") else None
    unit, as_of = record.text("unit"), record.partial_date("as_of")
    series = _read_series(record)
    block_id = record.id("at")
    block = refs.block(record, "at", block_id) if block_id else None
    words_key = "match" if record.has("match") else "value"
    words_node = record.get(words_key)
    span = None
    if block is not None and match is not None and words_node is not None:
        span = refs.span(record, words_key, words_node, block, match, occurrence)
    if ident is None or label is None or value is None or span is None:
        return None
    if number is None and not record.has("number"):
        number = number_in_text(value)
    return Fact(ident, label, value, span, number, unit, as_of, series)


def _read_series(fact: Record) -> Series | None:
    series = fact.record("series", SERIES_KEYS, ("label", "points"))
    if series is None:
        return None
    label, unit = series.text("label"), series.text("unit")
    items = series.items("points")
    points = []
    for index, item in enumerate(items):
        point = as_record(
            series.report, item, f"{series.name('points')}[{index}]", POINT_KEYS, ("label", "value")
        )
        if point is not None:
            points.append(_read_point(point))
    node = series.get("points")
    if node is not None and isinstance(node, SeqNode) and len(items) < 2:
        problem = f"a series needs at least two points, got {len(items)}"
        series.report.add(node, series.name("points"), problem)
        return None
    if label is None or any(point is None for point in points):
        return None
    return Series(label, tuple(point for point in points if point is not None), unit)


def _read_point(point: Record) -> SeriesPoint | None:
    label, value = point.text("label"), point.text("value")
    number = point.decimal("number")
    as_of = point.partial_date("as_of")
    if label is None or value is None:
        return None
    if number is None and not point.has("number"):
        number = number_in_text(value)
    return SeriesPoint(label, value, number, as_of)
