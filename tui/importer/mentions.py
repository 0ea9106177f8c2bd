"""Who a stretch of a sentence names: its tokens, its capitalised name runs, its subject.

Works on a masked paragraph (quotes replaced by ``MASK``, offsets kept), tokenised once: a run
of capitalised words is a name unless it starts a sentence with a function word or a
contraction, is a modifier ("Portvale-based") or sits in a photo credit. ``phrases.py`` reads
the noun phrases and appositives around a cue verb from these tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from tui.importer.people import (
    NAME_PARTICLES,
    is_common_capitalised,
    is_organisation_word,
    is_title_word,
    lexicon,
    parse_name,
)

MASK = "\x00"
WORD = re.compile(r"[\w'’.&-]*\w[\w'’&-]*\.?|[\w]|" + MASK + r"+|[,;:()—–]")
#: A capitalised word that describes the name after it: "Portvale-based", "Westland-born".
_MODIFIER = re.compile(r"\w-[a-z]+$")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today".split())


def speaker_noun(word: str) -> bool:
    """A common noun that can head a speaker: a person ("spokeswoman"), a body ("company")."""
    low = word.lower()
    return (
        is_title_word(low)
        or low in lexicon("person_nouns")
        or low in lexicon("group_nouns")
        or is_organisation_word(low)
    )


@dataclass(frozen=True)
class Mention:
    """Words in a paragraph that name, or stand for, someone."""

    start: int
    end: int
    text: str
    #: ``name`` (capitalised run), ``pronoun``, ``nominal`` ("the company", "officials") or
    #: ``names`` (two joined by "and": "Tom Ruiz and Ana Mirel").
    form: str
    #: A role the text gives beside it: an appositive or lower-case words in front.
    role: str | None = None
    #: For a nominal, its head noun ("company", "spokeswoman").
    head: str | None = None


class Token(NamedTuple):
    """A word or a punctuation mark of a masked paragraph (a tuple: made by the thousand)."""

    start: int
    end: int
    text: str
    low: str
    capital: bool


def tokens(masked: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``masked[start:end]``, from one tokenisation of the whole paragraph (its
    sentences are read many times over, by names, cues and appositives)."""
    end = len(masked) if end is None else end
    toks, starts, ends = _paragraph_tokens(masked)
    first = bisect_left(starts, start)
    last = max(bisect_right(ends, end), first)
    if last < len(toks) and toks[last].start < end:
        # A token that runs past ``end``: read the stretch on its own, cut where it ends.
        return toks[first:last] + _tokenise(masked, toks[last].start, end)
    return toks[first:last]


@lru_cache(maxsize=16)
def _paragraph_tokens(masked: str) -> tuple[list[Token], list[int], list[int]]:
    toks = _tokenise(masked, 0, len(masked))
    return toks, [t.start for t in toks], [t.end for t in toks]


def _tokenise(masked: str, start: int, end: int) -> list[Token]:
    return [
        Token(m.start(), m.end(), w, w.lower(), w[:1].isupper())
        for m in WORD.finditer(masked, start, end)
        for w in (m.group(),)
    ]


def bare(word: str) -> str:
    """A token without a possessive or a closing full stop ("Mirel's" -> "Mirel")."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def is_name_word(token: Token) -> bool:
    return token.capital and token.text[0] != MASK and any(c.isalpha() for c in token.text)


def person_name(text: str) -> bool:
    parsed = parse_name(text)
    return parsed.kind == "person" and (
        len(parsed.name.split()) >= 2 or bool(parsed.gender) or bool(parsed.role)
    )


def _in_credit(masked: str, position: int, end: int) -> bool:
    """Inside a photo credit such as "(Jane Roe / The Daily)" or "Jane Roe / The Daily" before
    a caption: a name that says nothing."""
    if masked.startswith(("/", " /"), end) or masked[max(0, position - 2) : position] == "/ ":
        return True
    opening = masked.rfind("(", 0, position)
    if opening < 0 or masked.rfind(")", opening, position) >= 0:
        return False
    closing = masked.find(")", position)
    inside = masked[opening : closing if closing >= 0 else len(masked)]
    return " / " in inside or "/" in inside.split()[-1:]


def name_runs(masked: str, start: int, end: int) -> list[Mention]:
    """Runs of capitalised words in ``masked[start:end]``: the names a sentence mentions."""
    toks = tokens(masked, start, end)
    runs: list[Mention] = []
    i = 0
    while i < len(toks):
        if not is_name_word(toks[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            nxt = toks[j + 1]
            if masked[toks[j].end : nxt.start] != " " or toks[j].text.endswith(("'s", "’s")):
                break
            if is_name_word(nxt):
                j += 1
                continue
            after = toks[j + 2] if j + 2 < len(toks) else None
            joins = nxt.low in NAME_PARTICLES or (
                nxt.low in ("of", "for")
                and (is_title_word(toks[j].text) or is_organisation_word(toks[j].text))
            )
            if joins and after is not None and is_name_word(after):
                j += 2
                continue
            break
        run = toks[i : j + 1]
        if _in_credit(masked, toks[i].start, toks[j].end):
            i = j + 1
            continue
        while run and (is_common_capitalised(run[0].text) or _MODIFIER.search(run[0].text)):
            run = run[1:]  # "The", "Portvale-based": no part of the name
        while len(run) > 1 and run[-1].low.rstrip(".") in _WEEKDAYS:
            run = run[:-1]
        if run:
            text = " ".join([*(t.text for t in run[:-1]), bare(run[-1].text)])
            runs.append(Mention(run[0].start, run[-1].end, text.rstrip("."), "name"))
        i = j + 1
    return runs


def adverb(token: Token) -> bool:
    """A word that may stand between a speaker and the verb: "also", "has", "quickly"."""
    return token.low in lexicon("cue_adverbs") or (
        token.low.endswith("ly") and token.text.isalpha() and token.text.islower()
    )


def sentence_subject(masked: str, start: int, end: int) -> Mention | None:
    """The first name or pronoun of a sentence, before ``end``: what it is about."""
    toks = tokens(masked, start, end)
    for tok in toks:
        if tok.low in ("he", "she", "they"):
            return Mention(tok.start, tok.end, tok.text, "pronoun")
        if is_name_word(tok) and not is_common_capitalised(tok.text):
            runs = name_runs(masked, tok.start, end)
            if runs:
                run = runs[0]
                return Mention(run.start, run.end, run.text, "name")
    return None
