"""The word lists that facts are found with, read once from ``lexicon/*.txt``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import NamedTuple


def lexicon_lines(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/NAME``: one a line, ``#`` comments and blank lines left out."""
    text = resources.files("tui.importer").joinpath("lexicon", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def _pairs(name: str) -> dict[str, str]:
    """``WORDS VALUE`` lines as a mapping, the words lower-cased (the value is the last field)."""
    pairs: dict[str, str] = {}
    for line in lexicon_lines(name):
        words, _, value = line.rpartition(" ")
        pairs[words.lower()] = value
    return pairs


class Unit(NamedTuple):
    kind: str
    words: str
    unit: str


class FactWords(NamedTuple):
    months: dict[str, int]
    weekdays: dict[str, int]
    number_words: dict[str, int]
    scales: dict[str, int]
    fractions: dict[str, float]
    units: tuple[Unit, ...]
    duration_units: frozenset[str]
    measure_units: frozenset[str]
    plural_nouns: frozenset[str]
    irregular_plurals: dict[str, str]
    non_nouns: frozenset[str]
    vague_nouns: frozenset[str]
    verbs: frozenset[str]
    clause_verbs: frozenset[str]
    generic_nouns: frozenset[str]
    label_adverbs: frozenset[str]
    member_units: frozenset[str]
    small_count_cues: frozenset[str]
    not_sizes: frozenset[str]
    events: frozenset[str]
    qualifiers: tuple[str, ...]
    tense_cues: dict[str, str]
    series_cues: tuple[str, ...]


def _units() -> tuple[Unit, ...]:
    units = []
    for line in lexicon_lines("units.txt"):
        kind, _, rest = line.partition(" ")
        words, _, unit = rest.partition(" = ")
        units.append(Unit(kind, words.strip(), unit.strip()))
    # Longest first, so that "per cent" wins over nothing and "US$" over "$".
    return tuple(sorted(units, key=lambda unit: -len(unit.words)))


def _longest_first(entries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(entries, key=lambda entry: -len(entry)))


@cache
def fact_words() -> FactWords:
    return FactWords(
        months={word: int(n) for word, n in _pairs("months.txt").items()},
        weekdays={word: int(n) for word, n in _pairs("weekdays.txt").items()},
        number_words={word: int(n) for word, n in _pairs("number_words.txt").items()},
        scales={word: int(n) for word, n in _pairs("scales.txt").items()},
        fractions={word: float(n) for word, n in _pairs("fractions.txt").items()},
        units=_units(),
        duration_units=frozenset(u.unit for u in _units() if u.kind == "duration"),
        measure_units=frozenset(u.unit for u in _units() if u.kind == "measure"),
        plural_nouns=frozenset(lexicon_lines("plural_nouns.txt")),
        irregular_plurals=_pairs("irregular_plurals.txt"),
        non_nouns=frozenset(lexicon_lines("non_nouns.txt")),
        vague_nouns=frozenset(lexicon_lines("vague_nouns.txt")),
        verbs=frozenset(lexicon_lines("verbs.txt")),
        clause_verbs=frozenset(lexicon_lines("clause_verbs.txt")),
        generic_nouns=frozenset(lexicon_lines("generic_nouns.txt")),
        label_adverbs=frozenset(lexicon_lines("label_adverbs.txt")),
        member_units=frozenset(lexicon_lines("member_units.txt")),
        small_count_cues=frozenset(lexicon_lines("small_count_cues.txt")),
        not_sizes=frozenset(lexicon_lines("not_sizes.txt")),
        events=frozenset(lexicon_lines("events.txt")),
        qualifiers=_longest_first(lexicon_lines("qualifiers.txt")),
        tense_cues=_pairs("tense_cues.txt"),
        series_cues=_longest_first(lexicon_lines("series_cues.txt")),
    )


def is_event(noun: str) -> bool:
    """Whether ``noun`` names an event (``summit``, ``meetings``): see ``lexicon/events.txt``."""
    events = fact_words().events
    lower = noun.lower()
    return (
        lower in events
        or (lower.endswith("s") and lower[:-1] in events)
        or (lower.endswith("es") and lower[:-2] in events)
    )
