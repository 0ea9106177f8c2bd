"""Who is said to speak in a paragraph: its sentences and the speech cues in them.

A paragraph is read with its quoted passages masked out (``mask``), so that nothing inside
quotation marks is taken for a cue or a name. A cue is a reporting verb (``cue_verbs.txt``) with
its subject (``mentions.py``): the name, pronoun or noun phrase before it ("Ruiz said", "the
company said", "Marta Lind, a senior analyst at Northbank, said") or, after a quote, the one
after it ("said Jane Doe", "according to the report"). Each cue also carries how it was said
("in a statement", "at a news conference", ``contexts.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tui.importer.mentions import (
    MASK,
    Mention,
    adverb,
    appositive_subject,
    noun_phrase_back,
    sentence_subject,
    subject_after,
    tokens,
)
from tui.importer.people import lexicon

_COLON = re.compile(":\\s*(?=" + MASK + ")")
PRONOUN_SUBJECTS = frozenset("he she they it we i".split())


#: Words that end a noun phrase read backwards from a verb: it starts after them.
@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    """A reporting verb with its speaker."""

    start: int
    end: int
    verb: str
    speaker: Mention
    context: str | None


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` region (a quote with its marks) replaced by MASK."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


# --- Sentences ----------------------------------------------------------------------------------

_BOUNDARY = re.compile(
    r"([.!?])[)\]’”\"']*\s+(?=[A-Z" + MASK + r"“\"‘(])|" + MASK + r"\s+(?=[A-Z])"
)


def sentences(masked: str, quote_ends: dict[int, str]) -> list[Sentence]:
    """The sentences of a masked paragraph. ``quote_ends`` maps a quote's end (after its closing
    mark) to its words, so that a quote ending in ``.`` ends its sentence too."""
    result, start = [], 0
    abbreviations = lexicon("abbreviations")
    for match in _BOUNDARY.finditer(masked):
        if match.group(1):
            before = (
                masked[: match.start(1)].rsplit(None, 1)[-1]
                if masked[: match.start(1)].strip()
                else ""
            )
            word = before.lower().lstrip('("“‘')
            if word in abbreviations or (len(word) == 1 and word.isalpha()):
                continue
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
        else:
            words = quote_ends.get(match.start() + 1)
            if words is None or not words.rstrip(" ,").endswith((".", "?", "!", "…")):
                continue
        result.append(Sentence(start, match.end()))
        start = match.end()
    result.append(Sentence(start, len(masked)))
    return result


# --- Cues ---------------------------------------------------------------------------------------


@cache
def _cue_pattern() -> re.Pattern[str]:
    verbs = sorted(lexicon("cue_verbs"), key=len, reverse=True)
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@cache
def _context_pattern() -> re.Pattern[str]:
    nouns = sorted(lexicon("contexts"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    return re.compile(
        rf"\b(?:in|at|on|during|via|through)\s+(?:a|an|the|his|her|their|its)\s+"
        rf"(?:[\w.’'-]+\s+){{0,3}}?(?:{alternatives})\b|\bon\s+(?:Twitter|Facebook|Instagram|X)\b"
        rf"|\b(?:told|addressed)\s+(?:a|an|the)\s+((?:[\w-]+\s+){{0,2}}?(?:conference|briefing))\b"
    )


def find_cues(masked: str, sentence: Sentence) -> list[Cue]:
    """The speech cues in one sentence of a masked paragraph, each with its speaker."""
    cues = []
    for match in _cue_pattern().finditer(masked, sentence.start, sentence.end):
        verb = re.sub(r"\s+", " ", match.group().lower())
        if match.start() > 0 and masked[match.start() - 1] in "-‑":
            continue  # "so-called", "well-said": part of another word
        if (
            match.group()[:1].isupper()
            and verb != "according to"
            and match.start() > sentence.start
        ):
            continue  # "Says" inside a name or title
        if verb == "according to":
            speaker = subject_after(masked, match.end(), sentence.end, nominal_ok=True)
        elif verb.endswith("ing") or _coordinated(masked, sentence.start, match.start()):
            # "..., saying ...", "X did Y and added ...": the subject of the sentence speaks, the
            # subject of its first cue when it has one.
            speaker = cues[0].speaker if cues else None
            speaker = speaker or sentence_subject(masked, sentence.start, match.start())
        else:
            speaker = subject_before(masked, sentence.start, match.start())
            if speaker is None and verb not in lexicon("cue_verbs_object"):
                speaker = subject_after(masked, match.end(), sentence.end, nominal_ok=True)
        if speaker is not None:
            cues.append(Cue(match.start(), match.end(), verb, speaker, context(masked, sentence)))
    for match in _COLON.finditer(masked, sentence.start, sentence.end):
        if any(c.start < match.start() for c in cues):
            continue
        # "Ruiz is more blunt: “...”": the sentence introducing the quote names its speaker.
        speaker = sentence_subject(masked, sentence.start, match.start())
        if speaker is not None:
            cues.append(Cue(match.start(), match.end(), ":", speaker, context(masked, sentence)))
    return cues


def _coordinated(masked: str, start: int, verb: int) -> bool:
    toks = tokens(masked, start, verb)
    while toks and adverb(toks[-1]):
        toks.pop()
    return bool(toks) and toks[-1].low in ("and", "but") and len(toks) > 1


def context(masked: str, sentence: Sentence) -> str | None:
    match = _context_pattern().search(masked, sentence.start, sentence.end)
    if match is None:
        return None
    if match.group(1):
        return f"at a {match.group(1)}"
    return re.sub(r"\s+", " ", match.group())


def subject_before(masked: str, start: int, verb: int) -> Mention | None:
    """The speaker written before a cue verb ("Stoltenberg also said", "X, a ..., said")."""
    toks = tokens(masked, start, verb)
    while toks and adverb(toks[-1]):
        toks.pop()
    if not toks:
        return None
    last = toks[-1]
    if last.low in PRONOUN_SUBJECTS:
        return Mention(last.start, last.end, last.text, "pronoun")
    if last.text == ",":
        return appositive_subject(masked, toks[:-1])
    if last.text[0] == MASK or not any(c.isalpha() for c in last.text):
        return None
    return noun_phrase_back(masked, toks, len(toks) - 1)
