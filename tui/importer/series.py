"""Comparable figures as a series: the same unit, in one sentence or the next of a paragraph,
at different dates, with words that compare them ("56% in February 2021 against 30% in
2014")."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from tui.importer.draft import Fact, Series, SeriesPoint
from tui.importer.fact_words import fact_words

#: Kinds of figure that can be compared over time (a size or an event date cannot).
COMPARABLE = frozenset({"count", "percent", "money", "measure", "share"})
#: At most this many sentences apart ("same sentence or the next").
MAX_SENTENCES_APART = 1
#: A figure is compared with at most this many before it: series are short.
MAX_PAIRED = 12


class Placed(NamedTuple):
    """A fact with what its series and first mention are judged by."""

    fact: Fact
    #: Facts with equal keys are one fact: the first mention stays.
    key: tuple[object, ...]
    #: The index of its sentence in the article.
    sentence: int
    #: Its date is written in its sentence (not the published day).
    dated: bool
    #: The text of its paragraph.
    text: str


def with_series(placed: list[Placed]) -> list[Fact]:
    """The facts, each figure that belongs to a series carrying it."""
    groups = _groups(placed)
    facts = [item.fact for item in placed]
    for members in groups:
        series = _series(placed, members)
        if series is None:
            continue
        for rank, index in enumerate(members):
            fact = facts[index]
            own = fact.label if rank == 0 and fact.label == series.label else ""
            label = own or f"{series.label}, {point_label(fact.as_of)}"
            facts[index] = replace(fact, label=label, series=series)
    return facts


def _groups(placed: list[Placed]) -> list[list[int]]:
    """Indices of comparable facts, joined pair by pair, each group in reading order with one
    fact a date."""
    parent = list(range(len(placed)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for later in range(len(placed)):
        earlier = _previous_like(placed, later)
        if earlier is not None and _compared(placed[earlier], placed[later]):
            parent[root(later)] = root(earlier)
    groups: dict[int, list[int]] = {}
    for index in range(len(placed)):
        groups.setdefault(root(index), []).append(index)
    result = []
    for members in groups.values():
        dates: set[str | None] = set()
        kept = []
        for index in members:
            if placed[index].fact.as_of not in dates:
                dates.add(placed[index].fact.as_of)
                kept.append(index)
        if len(kept) >= 2:
            result.append(kept)
    return result


def _dated_figure(item: Placed) -> bool:
    fact = item.fact
    return (
        item.key[0] == "figure"
        and item.key[1] in COMPARABLE
        and item.dated
        and fact.unit is not None
        and fact.number is not None
        and fact.as_of is not None
    )


def _previous_like(placed: list[Placed], later: int) -> int | None:
    """The dated figure of the same unit nearest before ``later`` in its paragraph, at most a
    sentence away: a comparison links neighbours ("$39,014, up from ... $34,410 in October
    2015"), not any two figures of a paragraph."""
    item = placed[later]
    if not _dated_figure(item):
        return None
    for earlier in range(later - 1, max(-1, later - 1 - MAX_PAIRED), -1):
        other = placed[earlier]
        if other.fact.block != item.fact.block:
            return None
        if item.sentence - other.sentence > MAX_SENTENCES_APART:
            return None
        if _dated_figure(other) and other.fact.unit == item.fact.unit:
            return earlier
    return None


def _compared(earlier: Placed, later: Placed) -> bool:
    """Whether words between two figures of one unit at different dates compare them."""
    a, b = earlier.fact, later.fact
    if a.as_of == b.as_of:
        return False
    between = earlier.text[a.start + len(a.match) : b.start].lower()
    return _cue_pattern().search(between) is not None


@cache
def _cue_pattern() -> re.Pattern[str]:
    cues = "|".join(re.escape(cue) for cue in fact_words().series_cues)
    return re.compile(rf"(?<!\w)(?:{cues})(?!\w)")


def _series(placed: list[Placed], members: list[int]) -> Series | None:
    facts = [placed[index].fact for index in members]
    label = next((fact.label for fact in facts if fact.label), "")
    if not label:
        return None
    points = tuple(
        SeriesPoint(point_label(fact.as_of), fact.value, fact.number, fact.as_of)
        for fact in sorted(facts, key=lambda fact: fact.as_of or "")
    )
    return Series(label=label, points=points, unit=facts[0].unit)


def point_label(as_of: str | None) -> str:
    """``2014``, ``Feb 2021``, ``24 Feb 2022``: a point's date as a reader writes it."""
    if not as_of:
        return ""
    year, _, rest = as_of.partition("-")
    if not rest:
        return year
    month, _, day = rest.partition("-")
    name = _month_names().get(int(month), month)
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


@cache
def _month_names() -> dict[int, str]:
    """Each month's name cut to three letters: ``Feb``, ``May``, ``Sep``."""
    names: dict[int, str] = {}
    for word, number in fact_words().months.items():
        if word.isalpha() and (number not in names or len(word) > len(names[number])):
            names[number] = word
    return {number: name[:3].capitalize() for number, name in names.items()}
