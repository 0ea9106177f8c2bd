"""The facts of a ``Draft`` as ``emit`` writes them: each found in its block (or left out),
its number, unit and date as the loader reads them, its series when it has two points or more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.importer.draft import Fact, Series
from tui.importer.emit_values import clean, decimal, nearest, occurrences, partial_date
from tui.importer.yaml_out import scalar

if TYPE_CHECKING:
    from tui.importer.emit_plan import PlannedBlock

__all__ = ["PlannedFact", "plan_facts"]


@dataclass
class PlannedFact:
    """A fact as it is written: its fields, formatted, and its series' lines."""

    source: int
    where: tuple[int, int]
    fields: list[tuple[str, str]]  # key, value written (a YAML scalar, already formatted)
    series: list[str]  # the lines of its series, if any
    note: str


def plan_facts(
    facts: tuple[Fact, ...], blocks: list[PlannedBlock], left: set[int]
) -> list[PlannedFact]:
    by_source = {block.source: (position, block) for position, block in enumerate(blocks)}
    written: list[PlannedFact] = []
    for index, fact in enumerate(facts):
        position, block = by_source.get(fact.block, (-1, None))
        if index in left or block is None:
            continue
        value, match = clean(fact.value), clean(fact.match)
        value = value or match
        match = match if match and occurrences(block.text, match) else value
        starts = occurrences(block.text, match)
        if not starts:
            continue
        occurrence = nearest(starts, fact.start)
        fields = [
            ("label", scalar(clean(fact.label) or value)),
            ("value", scalar(value)),
            ("at", block.id),
        ]
        if match != value:
            fields.append(("match", scalar(match)))
        if len(starts) > 1:
            fields.append(("occurrence", str(occurrence)))
        if number := decimal(fact.number):
            fields.append(("number", number))
        if unit := clean(fact.unit):
            fields.append(("unit", scalar(unit)))
        if as_of := partial_date(fact.as_of):
            fields.append(("as_of", as_of))
        series = _series(fact.series, clean(fact.label) or value)
        note = clean(fact.note)
        written.append(PlannedFact(index, (position, starts[occurrence - 1]), fields, series, note))
    written.sort(key=lambda fact: fact.where)
    return written


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
        if number := decimal(point.number):
            fields.append(f"number: {number}")
        if as_of := partial_date(point.as_of):
            fields.append(f"as_of: {as_of}")
        points.append("        - {" + ", ".join(fields) + "}")
    if len(points) < 2:
        return []
    lines = [f"      label: {scalar(clean(series.label) or fallback)}"]
    if unit := clean(series.unit):
        lines.append(f"      unit: {scalar(unit)}")
    return ["    series:", *lines, "      points:", *points]
