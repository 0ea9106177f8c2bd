"""The people and bodies an article quotes: names, roles, gender, and one entity per person.

A name in the text is a run of capitalised words (``NATO Secretary General Jens Stoltenberg``);
the title words at its front are the role (``titles.txt``), the rest the name. Later mentions by
surname only (``Stoltenberg``) or by first name merge into the same person, and the fullest form
seen is kept. Gender comes from honorifics and role words (``gender_words.txt``), first names
(``given_names_*.txt``) and the pronouns the text goes on to use for the person; it is what
``pronouns.py`` checks agreement with. Word lists are data files under ``lexicon/``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from tui.importer.draft import Speaker, SpeakerKind

#: A capitalised word: a name, an initial ("J."), an acronym ("NATO"), O'Brien, Jean-Luc.
NAME_WORD = r"(?:[A-Z][\w'’.-]*|Mc[A-Z]\w*)"
#: Lower-case words that may stand inside a name ("Ursula von der Leyen", "Minister of Finance").
NAME_PARTICLES = frozenset(
    "de del della der di da du van von la le bin al el dos das ter den st.".split()
)
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


@cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of ``lexicon/NAME.txt``, lower case: one a line, ``#`` starts a comment."""
    text = resources.files("tui.importer").joinpath("lexicon", f"{name}.txt").read_text("utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)


@cache
def lexicon_table(name: str) -> dict[str, tuple[str, ...]]:
    """``lexicon/NAME.txt`` as a table: the first word of each line -> the words after it."""
    table: dict[str, tuple[str, ...]] = {}
    for entry in lexicon(name):
        key, *values = entry.split()
        table[key] = tuple(values)
    return table


def is_title_word(word: str) -> bool:
    return word.lower() in lexicon("titles") or word.lower().rstrip(".") in lexicon("titles")


def is_organisation_word(word: str) -> bool:
    return word.lower().strip(".,") in lexicon("organisation_words")


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_common_capitalised(word: str) -> bool:
    """A word that is capitalised at a sentence's start but names no one ("The", "Monday")."""
    return word.lower().rstrip(".") in lexicon("capitalised_words")


def given_name_gender(word: str) -> str | None:
    low = word.lower()
    male, female = low in lexicon("given_names_male"), low in lexicon("given_names_female")
    if male != female:
        return "male" if male else "female"
    return None


def slug(text: str) -> str:
    """``Jens Stoltenberg`` -> ``jens-stoltenberg``: ASCII letters and digits, hyphens between."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- Names and roles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedName:
    """A run of capitalised words split into the role in front and the name."""

    name: str
    role: str | None
    kind: SpeakerKind
    gender: str | None


def split_role(words: list[str]) -> tuple[list[str], list[str]]:
    """``[Russian, President, Vladimir, Putin]`` -> ``([Russian, President], [Vladimir, Putin])``.

    The role runs to the last title word that has a name after it; a title's ``of ...``
    complement ("Minister of Crown-Indigenous Relations Carolyn Bennett") goes with the role up
    to a known first name, or else up to the last two words.
    """
    last_title = -1
    for i, word in enumerate(words[:-1]):
        if is_title_word(word):
            last_title = i
    if last_title < 0:
        return [], words
    role, rest = words[: last_title + 1], words[last_title + 1 :]
    if rest and rest[0].lower() in ("of", "for"):
        first = next((i for i, w in enumerate(rest) if given_name_gender(w)), None)
        cut = first if first is not None and first > 1 else max(len(rest) - 2, 1)
        role, rest = role + rest[:cut], rest[cut:]
    return role, rest


def parse_name(text: str) -> ParsedName:
    """What a run of capitalised words (possibly with a role in front) names."""
    words = text.split()
    role_words, name_words = split_role(words)
    while name_words and name_words[0].lower() in NAME_PARTICLES:
        role_words.append(name_words.pop(0))
    if not name_words:
        name_words, role_words = words, []
    name = " ".join(name_words).rstrip(",")
    role = " ".join(role_words) or None
    return ParsedName(name, role, name_kind(name_words), name_gender(role_words, name_words))


def name_kind(words: list[str]) -> SpeakerKind:
    if not words:
        return "person"
    if given_name_gender(words[0]) and len(words) >= 2:
        return "person"
    if is_organisation_word(words[-1]) or all(is_acronym(w) for w in words):
        return "organisation"
    if words[0].lower() == "the":
        return "organisation"
    return "person"


def name_gender(role_words: list[str], name_words: list[str]) -> str | None:
    gendered = lexicon_table("gender_words")
    for word in reversed(role_words):
        gender = gendered.get(word.lower())
        if gender:
            return gender[0]
    if len(name_words) >= 2 or not role_words:
        return given_name_gender(name_words[0]) if name_words else None
    return None


def surname(name: str) -> str:
    words = [w for w in name.split() if w.lower() not in SUFFIXES]
    return words[-1].strip(".,").lower() if words else ""


# --- Entities -----------------------------------------------------------------------------------


@dataclass
class Entity:
    """One person or body, however many ways the text names it."""

    name: str
    role: str | None = None
    kind: SpeakerKind = "person"
    gender: str | None = None
    #: Gender evidence from pronouns resolved to this entity: gender -> count.
    pronoun_votes: dict[str, int] = field(default_factory=dict)
    #: Nouns the text uses for it ("company", "chief"): what "the company said" resolves to.
    nouns: set[str] = field(default_factory=set)
    #: Named as the subject of a speech cue ("Smith said"): a person or body that speaks.
    cue_subject: bool = False
    spoke: bool = False

    @property
    def surname(self) -> str:
        return surname(self.name) if self.kind == "person" else self.name.lower()

    @property
    def agreed_gender(self) -> str | None:
        if self.gender:
            return self.gender
        if self.pronoun_votes:
            return max(self.pronoun_votes, key=lambda g: self.pronoun_votes[g])
        return None


class Registry:
    """Every entity the article names, with surname-only and first-name mentions merged."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []

    def named(self, text: str, role: str | None = None) -> Entity:
        """The entity a name (with or without its role in front) refers to; new if unseen."""
        parsed = parse_name(text)
        role = parsed.role or role
        entity = self.find(parsed.name, parsed.kind)
        if entity is None:
            entity = Entity(parsed.name, role, parsed.kind, parsed.gender)
            self.entities.append(entity)
            return entity
        if len(parsed.name.split()) > len(entity.name.split()) and parsed.kind == entity.kind:
            entity.name = parsed.name
        entity.role = better_role(entity.role, role)
        entity.gender = entity.gender or parsed.gender
        return entity

    def group(self, text: str) -> Entity:
        """A body or a group named by a common noun ("officials", "the company")."""
        low = text.lower()
        for entity in reversed(self.entities):
            if entity.kind != "person" and entity.name.lower() == low:
                return entity
        entity = Entity(text, None, "group")
        self.entities.append(entity)
        return entity

    def find(self, name: str, kind: SpeakerKind) -> Entity | None:
        words = name.split()
        if not words:
            return None
        low = name.lower()
        for entity in reversed(self.entities):
            if entity.name.lower() == low:
                return entity
        if kind != "person":
            return None
        last = surname(name)
        for entity in reversed(self.entities):
            if entity.kind != "person":
                continue
            theirs = entity.name.lower().split()
            if surname(entity.name) == last:
                # "Stoltenberg" or "Jens Stoltenberg" after "Jens Stoltenberg"; not "Anna Smith"
                # after "John Smith".
                if len(words) == 1 or len(theirs) == 1 or theirs[0] == words[0].lower():
                    return entity
            elif len(words) == 1 and theirs and theirs[0] == last and len(theirs) > 1:
                return entity  # a first name alone ("Darian said") after the full name
        return None

    def speakers(self) -> tuple[dict[int, str], tuple[Speaker, ...]]:
        """Ids (by ``id(entity)``) and ``Speaker`` values for the entities that spoke."""
        ids: dict[int, str] = {}
        speakers: list[Speaker] = []
        taken: set[str] = set()
        for entity in self.entities:
            if not entity.spoke:
                continue
            base = slug(entity.surname) or "speaker"
            if base in taken:
                base = slug(entity.name) or base
            sid, n = base, 2
            while sid in taken:
                sid, n = f"{base}-{n}", n + 1
            taken.add(sid)
            ids[id(entity)] = sid
            speakers.append(Speaker(sid, entity.name, entity.role, entity.kind))
        return ids, tuple(speakers)


def better_role(old: str | None, new: str | None) -> str | None:
    """The role to keep: a capitalised title ("NATO Secretary General") over "alliance chief"."""
    if not new:
        return old
    if not old:
        return new
    old_title, new_title = old[:1].isupper(), new[:1].isupper()
    if new_title and not old_title:
        return new
    if new_title == old_title and len(new) > len(old):
        return new
    return old
