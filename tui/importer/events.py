"""Dates that are facts of their own because they date an event: "a video summit on Friday",
"Friday’s summit", "Russia’s 2014 invasion". The event nouns are ``lexicon/events.txt``."""

from __future__ import annotations

from tui.importer.dates import DateMention
from tui.importer.draft import Fact
from tui.importer.fact_words import is_event
from tui.importer.labels import (
    as_label,
    noun_phrase_after,
    noun_phrase_before,
    owner_before,
    possessive,
    words,
)
from tui.importer.tokens import Token, possessor

#: Words between an event and its date: "a summit on Friday", "a meeting early Thursday".
DATE_LEADS = frozenset({"on", "in", "at", "by", "since", "until", "during", "from", "this", "last"})
#: Words that carry a year's event on ("Russia’s 2014 invasion and annexation of Crimea").
EVENT_LINKS = frozenset({"of", "on", "against", "and"})


def event_fact(
    block: int, text: str, tokens: list[Token], date: DateMention
) -> tuple[Fact, str] | None:
    """A date and the event it dates: "a video summit on Friday", "Friday’s summit", "an
    emergency meeting early Thursday". A date with no event before it ("said on Friday") is
    no fact."""
    if date.kind == "year":
        return None
    if date.possessive:
        end = noun_phrase_after(tokens, date.last)
        if end == date.last or not is_event(tokens[end - 1].text):
            return None
        phrase = words(tokens, text, date.last, end)
        first, label = date.first, as_label(phrase)
        head = tokens[end - 1].lower
    else:
        lead = (
            date.first - 1
            if date.first > 0 and tokens[date.first - 1].lower in DATE_LEADS
            else date.first
        )
        found = noun_phrase_before(tokens, lead)
        if found is None or not is_event(tokens[found[1] - 1].text):
            return None
        first = found[0]
        phrase = as_label(words(tokens, text, *found))
        owner = owner_before(tokens, text, first)
        owner = as_label(owner) if owner else None
        label = possessive(owner, phrase[:1].lower() + phrase[1:], text) if owner else phrase
        head = tokens[found[1] - 1].lower
    value = words(tokens, text, date.first, date.last)
    if date.possessive:
        value = possessor(value) or value
    fact = Fact(
        label=label,
        value=value,
        block=block,
        start=tokens[first].start,
        match=words(tokens, text, first, date.last if not date.possessive else end),
        as_of=date.as_of,
        note=date.note,
    )
    return fact, head


def year_fact(
    block: int, text: str, tokens: list[Token], date: DateMention
) -> tuple[Fact, str] | None:
    """A year that names an event: "Russia’s 2014 invasion and annexation of Ukraine’s Crimea
    peninsula", "the 2016 federal budget". A bare "in 2014" is a date for the figures near
    it, not a fact of its own."""
    if date.first == 0:
        return None
    before = tokens[date.first - 1]
    owner = possessor(before.text)
    if owner is None and before.lower not in {"the", "a", "an", "its", "their"}:
        return None
    end = noun_phrase_after(tokens, date.last)
    if end == date.last:
        return None
    head = tokens[end - 1].lower
    named = before.lower == "the" and tokens[date.last].is_capitalised  # "the 2004 Open"
    if not (is_event(head) or named):
        return None
    while end + 1 < len(tokens) and tokens[end].lower in EVENT_LINKS:
        further = noun_phrase_after(tokens, end + 1)
        if further == end + 1:
            break
        end = further
    first = date.first - 1
    if owner is not None and first > 0 and tokens[first - 1].lower == "the":
        first -= 1
    event = words(tokens, text, date.last, end)
    label = possessive(owner, event, text) if owner else as_label(event)
    fact = Fact(
        label=label,
        value=words(tokens, text, date.first, date.last),
        block=block,
        start=tokens[first].start,
        match=words(tokens, text, first, end),
        # As the loader reads a value of "2014" when the number is left out.
        number=int(date.as_of) if date.as_of else None,
        as_of=date.as_of,
        note=date.note,
    )
    return fact, head
