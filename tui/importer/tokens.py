"""A paragraph as words, numbers and marks with their offsets, and the sentences they form."""

from __future__ import annotations

import re
from typing import NamedTuple

#: Numbers with their separators ("40,000", "7.5", "2.3.1"), single digits, abbreviations with
#: their stops ("U.S.", "a.m."), words with their inner apostrophes and hyphens ("Russia’s",
#: "COVID-19", "two-thirds"), then any other mark.
#: A word that starts with a letter keeps its digits, so "COVID-19" and "G7" hold no number.
TOKEN = re.compile(
    r"[0-9][0-9,.]*[0-9]|[0-9]|[^\W\d_](?:\.[^\W\d_])+\.|[^\W\d_]\w*(?:[’'\-.]\w+)*|\S"
)
#: Abbreviations whose full stop ends no sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gen col lt sgt capt gov sen rep rev vs inc ltd co corp"
    " jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx".split()
)
#: Marks that end a clause: where a label's words stop.
CLAUSE_MARKS = frozenset(',;:()[]—–“”"‘’!?')
#: Marks that may stand between a sentence's full stop and the next sentence.
CLOSING_MARKS = frozenset("”’\"')]")
APOSTROPHES = "’'"
DIGITS = "0123456789"
#: How far, in tokens, a figure's sentence is read around it for its date, tense and cues.
REACH = 60


class Token(NamedTuple):
    text: str
    start: int
    end: int
    #: The index of the sentence it belongs to, in its paragraph.
    sentence: int
    lower: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_number(self) -> bool:
        """Written in ASCII digits ("40,000", "2014"): the only digits figures are read in."""
        return self.text[0] in DIGITS

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def bare(self) -> str:
        """The word without a possessive ending: ``Friday’s`` -> ``Friday``."""
        return possessor(self.text) or self.text


def possessor(word: str) -> str | None:
    """``Russia`` for ``Russia’s`` (and ``allies`` for ``allies’``), None for other words."""
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    if len(word) > 1 and word[-1] in APOSTROPHES and word[-2] in "sS":
        return word[:-1]
    return None


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, each with the sentence it stands in."""
    matches = list(TOKEN.finditer(text))
    tokens: list[Token] = []
    sentence = 0
    stop = -1  # the index of a full stop, "!" or "?" that may end the sentence
    for index, match in enumerate(matches):
        if stop >= 0 and match.start() > matches[index - 1].end():
            if _starts_sentence(match.group()) and _is_sentence_stop(matches[stop], text):
                sentence += 1
            stop = -1
        if match.group() in ".!?":
            stop = index
        elif stop >= 0 and match.group() not in CLOSING_MARKS:
            stop = -1
        word = match.group()
        tokens.append(Token(word, match.start(), match.end(), sentence, word.lower()))
    return tokens


def _starts_sentence(word: str) -> bool:
    return word[0].isupper() or word[0] in DIGITS or word[0] in "“\"‘'("


def _is_sentence_stop(mark: re.Match[str], text: str) -> bool:
    if mark.group() != ".":
        return True
    last = re.search(r"(\w+)$", text[max(0, mark.start() - 8) : mark.start()])
    # "U.S." and "a.m." (one letter before the stop), "Mr." and "Feb.": no sentence end.
    return last is None or not (len(last.group(1)) == 1 or last.group(1).lower() in ABBREVIATIONS)


def sentence_bounds(tokens: list[Token], index: int, reach: int = REACH) -> tuple[int, int]:
    """The token range ``[first, last)`` of the sentence that token ``index`` stands in, at
    most ``reach`` tokens either side of it: a "sentence" of 50,000 words with no stop in it
    is no reason to read it whole for every figure."""
    sentence = tokens[index].sentence
    first = index
    while first > 0 and index - first < reach and tokens[first - 1].sentence == sentence:
        first -= 1
    last = index + 1
    while last < len(tokens) and last - index <= reach and tokens[last].sentence == sentence:
        last += 1
    return first, last


def adjacent(tokens: list[Token], left: int, right: int) -> bool:
    """Whether tokens ``left`` and ``right`` touch, with no space between them."""
    return (
        0 <= left < len(tokens)
        and 0 <= right < len(tokens)
        and (tokens[left].end == tokens[right].start)
    )


def asides(tokens: list[Token]) -> list[int]:
    """For each token, the index of the parenthesis it stands inside ("(from 5.8 per cent in
    October)"), or -1 outside any; a parenthesis left open ends with its sentence."""
    inside: list[int] = []
    opened: list[int] = []
    for index, token in enumerate(tokens):
        while opened and tokens[opened[-1]].sentence != token.sentence:
            opened.pop()
        if token.text in "([":
            opened.append(index)
        inside.append(opened[-1] if opened else -1)
        if token.text in ")]" and opened:
            opened.pop()
    return inside


def is_digits(text: str) -> bool:
    return bool(text) and all(char in DIGITS for char in text)
