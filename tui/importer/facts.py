"""The facts of an article: figures that carry news, each anchored to the words it highlights,
with its number, unit, the date it holds for and a label; comparable figures as a series.

Each rule is a small function below: a figure's label (``_figure_label``), its date
(``_date_for``), an event a date dates (``tui.importer.events``), first mentions only
(``_first_mentions``) and series (``tui.importer.series``). The word lists are
``lexicon/*.txt``; ``benchmarks/accuracy_facts.py`` measures them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from tui.importer.dates import DateMention, find_dates, published_day
from tui.importer.draft import Document, Fact
from tui.importer.events import event_fact, year_fact
from tui.importer.fact_words import fact_words
from tui.importer.labels import (
    as_label,
    clause_after,
    clause_before,
    is_content,
    noun_phrase_after,
    noun_phrase_before,
    post_modifier,
    subject_before,
    who_does,
    words,
)
from tui.importer.quantities import Quantity, find_quantities
from tui.importer.series import Placed, with_series
from tui.importer.tokens import REACH, Token, asides, tokenize

#: A date after these is a point of comparison, not when a figure holds: "its largest gain
#: since January 2009", "the lowest before 2010".
REFERENCE_LEADS = frozenset({"since", "until", "till", "before", "after"})
CLAUSE_BREAKS = frozenset({";", ":", "—", "–"})
PUBLISHED_NOTE = "date from the published date"


def find_facts(document: Document) -> tuple[Fact, ...]:
    """The facts of ``document``'s paragraphs, in reading order, each at its first mention."""
    return tuple(fact for _, fact in classified_facts(document))


def classified_facts(document: Document) -> tuple[tuple[str, Fact], ...]:
    """The facts with their kind: ``count``, ``percent``, ``money``, ``measure``,
    ``size``, ``share``, ``event`` (a date and what happened then) or
    ``year``."""
    published = published_day(document.meta.published)
    weekdays: dict[int, str] = {}
    placed: list[Placed] = []
    sentence_base = 0
    for block, text in document.paragraphs():
        tokens = tokenize(text)
        placed.extend(_paragraph_facts(block, text, tokens, published, weekdays, sentence_base))
        sentence_base += (tokens[-1].sentence + 1) if tokens else 0
    first = _first_mentions(placed)
    facts = with_series(first)
    kinds = [str(item.key[1] if item.key[0] == "figure" else item.key[0]) for item in first]
    return tuple((kind, fact) for kind, fact in zip(kinds, facts, strict=True) if fact.label)


def _paragraph_facts(
    block: int,
    text: str,
    tokens: list[Token],
    published: dt.date | None,
    weekdays: dict[int, str],
    sentence_base: int,
) -> list[Placed]:
    dates = find_dates(tokens, published, weekdays)
    taken = {index for date in dates for index in range(date.first, date.last)}
    quantities = find_quantities(text, tokens, taken)
    layout = Layout.of(tokens, dates)
    placed: list[Placed] = []
    used: set[int] = set()
    for quantity in quantities:
        # A size describes a thing ("the 30-nation alliance"), not a measure taken on a day.
        date = None if quantity.kind == "size" else _date_for(tokens, quantity, dates, layout)
        if date is not None:
            used.add(date.first)
        fact = _figure_fact(block, text, tokens, quantity, date, published)
        key = ("figure", quantity.kind, fact.number, fact.unit, fact.as_of)
        sentence = sentence_base + tokens[quantity.first].sentence
        placed.append(Placed(fact, key, sentence, date is not None, text))
    # A date that dates a figure is part of that fact ("Survey data from February 2021 shows
    # that 56 percent"), not one of its own.
    for date in dates:
        if date.kind == "relative" or date.first in used:
            continue
        event = year_fact(block, text, tokens, date) if date.kind == "year" else None
        event = event or event_fact(block, text, tokens, date)
        if event is not None:
            fact, head = event
            key = ("year", date.as_of) if date.kind == "year" else ("event", date.as_of, head)
            placed.append(
                Placed(fact, key, sentence_base + tokens[date.first].sentence, True, text)
            )
    placed.sort(key=lambda p: p.fact.start)
    return placed


def _first_mentions(placed: list[Placed]) -> list[Placed]:
    """Each fact once, where the article first gives it: the "30-nation alliance" named again,
    "Friday’s summit" after "a summit on Friday"."""
    seen: set[tuple[object, ...]] = set()
    first: list[Placed] = []
    for item in placed:
        if item.key in seen:
            continue
        seen.add(item.key)
        first.append(item)
    return first


# --- Figures ----------------------------------------------------------------------------


class Layout(NamedTuple):
    """Where a paragraph's asides, clause breaks and dates are, to date its figures quickly."""

    #: For each token, the parenthesis it stands inside, or -1 (see ``tokens.asides``).
    aside: list[int]
    #: For each token, how many semicolons, colons and dashes stand before it.
    breaks: list[int]
    #: The first token of each date, in order.
    starts: list[int]

    @classmethod
    def of(cls, tokens: list[Token], dates: list[DateMention]) -> Layout:
        breaks = [0]
        for token in tokens:
            breaks.append(breaks[-1] + (token.text in CLAUSE_BREAKS))
        return cls(asides(tokens), breaks, [date.first for date in dates])


def _date_for(
    tokens: list[Token], quantity: Quantity, dates: list[DateMention], layout: Layout
) -> DateMention | None:
    """The date written nearest a figure in its sentence ("56 percent" after "from February
    2021", "30% in 2014"). A date inside parentheses dates only the figures beside it there:
    "fell to 5.6 per cent (from 5.8 per cent in October)"; one after "since" dates none; a
    semicolon, a colon or a dash parts a figure from a date ("spent $4 million; the 1998
    referendum was cited")."""
    sentence = tokens[quantity.first].sentence
    own = layout.aside[quantity.first]
    best: tuple[tuple[bool, int], DateMention] | None = None
    low = bisect_left(layout.starts, quantity.first - REACH)
    high = bisect_right(layout.starts, quantity.last + REACH)
    for date in dates[low:high]:
        if date.as_of is None or tokens[date.first].sentence != sentence:
            continue
        where = layout.aside[date.first]
        if where not in (own, -1):
            continue
        if date.first > 0 and tokens[date.first - 1].lower in REFERENCE_LEADS:
            continue
        if date.first >= quantity.last:
            first, last = quantity.last, date.first
        else:
            first, last = date.last, quantity.first
        if layout.breaks[last] - layout.breaks[first]:
            continue
        rank = (where != own, last - first)
        if best is None or rank < best[0]:
            best = (rank, date)
    return best[1] if best else None


def _figure_fact(
    block: int,
    text: str,
    tokens: list[Token],
    quantity: Quantity,
    date: DateMention | None,
    published: dt.date | None,
) -> Fact:
    value = words(tokens, text, quantity.first, quantity.last)
    end = quantity.head[1] if quantity.kind == "size" else quantity.last
    if date is not None:
        as_of, note = date.as_of, date.note
    else:
        as_of = published.isoformat() if published else None
        note = PUBLISHED_NOTE if published else None
    return Fact(
        label=_figure_label(text, tokens, quantity),
        value=value,
        block=block,
        start=tokens[quantity.first].start,
        match=words(tokens, text, quantity.first, end),
        number=quantity.number,
        unit=quantity.unit,
        as_of=as_of,
        note=note,
    )


def _figure_label(text: str, tokens: list[Token], quantity: Quantity) -> str:
    """What a figure measures, by the first rule that gives words: the thing a size measures;
    the noun phrase it is "of" ("a highly prepared unit of 7,000 personnel"); a count's noun
    and what follows it ("participants in the GTA"); the noun a share, a sum or a measure
    qualifies ("a 31 per cent drop in earning power", "40 per cent of cardiac arrests"); the
    subject of the verb before it ("South Korea’s Kospi" in "South Korea’s Kospi added 0.3
    per cent"); else the clause before it."""
    if quantity.kind == "size":
        head = words(tokens, text, *quantity.head)
        if quantity.unit in fact_words().duration_units:
            return f"Length of the {head}"
        if quantity.unit in fact_words().measure_units:
            return f"{as_label(head)}, in {quantity.unit}"  # "Putt, in feet"
        if quantity.unit in fact_words().member_units:
            kind = "" if quantity.unit == "members" else " member"
            return f"{as_label(head)}{kind} {quantity.unit}"  # "Alliance member nations"
        return f"{as_label(quantity.unit or '')} in the {head}"  # "Games in the road swing"
    first, last = quantity.first, quantity.last
    if first > 1 and tokens[first - 1].lower == "of":
        phrase = noun_phrase_before(tokens, first - 1)
        if phrase is not None:
            return as_label(words(tokens, text, *phrase))
    if quantity.kind == "count":
        end = post_modifier(tokens, last)
        return as_label(words(tokens, text, quantity.figure[1], end))
    following = tokens[last] if last < len(tokens) else None
    label = ""
    if following is not None and following.lower == "of":
        label = who_does(tokens, text, last + 1) or clause_after(tokens, text, last + 1)
    elif following is not None and following.lower == "in" and quantity.kind == "money":
        label = as_label(words(tokens, text, last + 1, noun_phrase_after(tokens, last + 1)))
    elif following is not None and is_content(following) and following.text.islower():
        end = noun_phrase_after(tokens, last)
        label = as_label(words(tokens, text, last, post_modifier(tokens, end)))
    if label:
        return label
    before = clause_before(tokens, text, first)
    return (
        (subject_before(tokens, text, first) or before)
        if before
        else clause_after(tokens, text, last)
    )
