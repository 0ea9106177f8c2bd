"""Who "he", "she", "they" and "the company" stand for: the discourse so far, and agreement.

Every name, pronoun and cue subject read so far is a ``Focus`` entry in reading order, marked
as the subject of its sentence or not. A pronoun resolves to the first entity that agrees with
it in gender and number, looking at the sentence it stands in (its subject first), then back
sentence by sentence (each sentence's subject before its other mentions): the current subject,
not just the last name seen. A resolved pronoun also tells the entity's gender, which later
pronouns then agree with.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.importer.people import Entity, is_title_word, lexicon, lexicon_table

#: How many sentences back a pronoun or a nominal may reach for its entity.
REACH = 8


@dataclass(frozen=True)
class Focus:
    entity: Entity
    sentence: int  # running sentence number in the article
    position: int  # running character position in the article
    subject: bool


def pronoun_agreement(word: str) -> tuple[str, str] | None:
    """(gender, number) of a subject pronoun: ``he`` -> ``(male, one)``."""
    row = lexicon_table("pronouns").get(word.lower())
    return (row[0], row[1]) if row and len(row) >= 2 else None


def person_like(entity: Entity, strong: bool = True) -> bool:
    """A person the text has shown to be one, not a capitalised word such as a place: a known
    first name, an honorific or a title, a cue it is the subject of, a pronoun used for it.
    Not ``strong``: two capitalised words are enough."""
    if entity.kind != "person":
        return False
    if entity.gender or entity.role or entity.cue_subject or entity.pronoun_votes:
        return True
    return not strong and len(entity.name.split()) >= 2


def agrees(entity: Entity, gender: str, number: str, strong: bool = True) -> bool:
    if number == "many":
        return entity.kind != "person"
    if gender == "neuter":
        return entity.kind == "organisation"
    if not person_like(entity, strong):
        return False
    known = entity.agreed_gender
    return known is None or gender == "any" or known == gender


def noun_gender(noun: str) -> str | None:
    row = lexicon_table("gender_words").get(noun.lower())
    return row[0] if row else None


def is_person_noun(noun: str) -> bool:
    low = noun.lower()
    return low in lexicon("person_nouns") or is_title_word(low)


class Discourse:
    """The mentions read so far, in order, and what a pronoun or a nominal refers to."""

    def __init__(self) -> None:
        self.focus: list[Focus] = []

    def add(self, entity: Entity, sentence: int, position: int, subject: bool) -> None:
        self.focus.append(Focus(entity, sentence, position, subject))

    def candidates(self, sentence: int, position: int, reach: int = REACH) -> list[Entity]:
        """Entities in the order a pronoun at ``position`` considers them."""
        by_sentence: dict[int, list[Focus]] = {}
        for f in self.focus:
            if f.position < position and sentence - f.sentence <= reach:
                by_sentence.setdefault(f.sentence, []).append(f)
        ordered: list[Entity] = []
        for number in sorted(by_sentence, reverse=True):
            entries = by_sentence[number]
            subjects = [f.entity for f in entries if f.subject]
            others = [f.entity for f in reversed(entries) if not f.subject]
            for entity in [*subjects, *others]:
                if entity not in ordered:
                    ordered.append(entity)
        return ordered

    def pronoun(self, word: str, sentence: int, position: int) -> Entity | None:
        agreement = pronoun_agreement(word)
        if agreement is None:
            return None
        gender, number = agreement
        near = self.candidates(sentence, position)
        # The current subject first; then anyone the text has shown to be a person, however far
        # back; only then a name that may be a place ("New Westland").
        tiers = (
            (lambda: near, True),
            (lambda: self.candidates(sentence, position, 10**9), True),
            (lambda: near, False),
        )
        for candidates, strong in tiers:
            for entity in candidates():
                if agrees(entity, gender, number, strong):
                    if gender in ("male", "female") and entity.kind == "person":
                        entity.pronoun_votes[gender] = entity.pronoun_votes.get(gender, 0) + 1
                    return entity
        return None

    def nominal(self, head: str, sentence: int, position: int) -> Entity | None:
        """What "the company", "the NATO chief" or "the spokeswoman" stands for, if named."""
        head = head.lower()
        organisation = head in lexicon("organisation_words")
        person = not organisation and is_person_noun(head)
        if not (organisation or person):
            return None
        gender = noun_gender(head)
        for entity in self.candidates(sentence, position):
            if organisation and entity.kind == "organisation":
                return entity
            if person and agrees(entity, gender or "any", "one"):
                return entity
        return None
