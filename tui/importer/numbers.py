"""Numbers as news writes them: ``40,000``, ``7.5 million``, ``twenty-five``, ``a dozen``."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from tui.importer.fact_words import fact_words
from tui.importer.tokens import Token, adjacent

#: Thousands separated by commas ("40,000"; in India lakhs too: "1,00,000"), or plain digits,
#: each with an optional decimal part.
NUMERAL = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}|[0-9]+)(?:\.[0-9]+)?"
)
#: Longer numerals are identifiers (account numbers, codes), not figures.
MAX_NUMERAL_LENGTH = 16
#: What the content format writes as a number: digits, and decimals with a point.
DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
#: Larger figures are no counts an article gives ("a trillion trillion" is a phrase).
MAX_NUMBER = 10**15
#: One-letter and short scales ("$5m", "3bn") count only written straight after the digits.
SHORT_SCALES = frozenset({"m", "k", "bn", "mln", "mn"})


class Number(NamedTuple):
    #: Token range ``[first, last)``.
    first: int
    last: int
    value: int | float
    #: Written in words ("two", "a dozen") rather than digits.
    in_words: bool
    #: Whether it ends with scale words ("million", "bn").
    scaled: bool


def as_number(value: float) -> int | float | None:
    """A whole value as an ``int`` (40000, not 40000.0), others rounded to six places; None for
    one a content file cannot write as a plain decimal (``1e+25``, ``1e-07``)."""
    rounded = round(value, 6)
    if abs(rounded) >= MAX_NUMBER:
        return None
    if rounded == int(rounded):
        return int(rounded)
    return rounded if DECIMAL.fullmatch(repr(rounded)) else None


def numeral_value(text: str) -> float | None:
    if len(text) > MAX_NUMERAL_LENGTH or NUMERAL.fullmatch(text) is None:
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


def word_value(word: str) -> int | None:
    """``two`` -> 2, ``twenty-five`` -> 25; None for any other word."""
    words = fact_words().number_words
    lower = word.lower()
    if lower in words:
        return words[lower]
    tens, _, ones = lower.partition("-")
    if tens in words and ones in words and words[tens] % 10 == 0 and 20 <= words[tens] <= 90:
        return words[tens] + words[ones] if words[ones] < 10 else None
    return None


def read_number(tokens: list[Token], index: int, *, money: bool = False) -> Number | None:
    """The number that starts at token ``index``, with the scale words after it, if any.

    ``money``: the number follows a currency sign, so "m" and "bn" after it are scales.
    """
    token = tokens[index]
    in_words = False
    first = index
    value: float | None
    scales = fact_words().scales
    if token.is_number:
        value = numeral_value(token.text)
    elif token.lower == "a" and index + 1 < len(tokens) and tokens[index + 1].lower in scales:
        # "a dozen", "a million": the scale word is the whole number.
        value, in_words = 1.0, True
    else:
        number = word_value(token.text)
        value, in_words = (float(number), True) if number is not None else (None, False)
    if value is None:
        return None
    last = index + 1
    scaled = False
    while last < len(tokens):
        step = _scale_step(tokens, last, money)
        if step is None:
            break
        factor, width = step
        value *= factor
        last += width
        scaled = True
    number = as_number(value) if math.isfinite(value) else None
    if number is None:
        return None
    return Number(first, last, number, in_words, scaled)


def _scale_step(tokens: list[Token], index: int, money: bool) -> tuple[int, int] | None:
    """The factor of the scale word at ``index`` (or after a hyphen there), and its width."""
    scales = fact_words().scales
    token = tokens[index]
    # "$1.5-million", the Canadian press style.
    hyphen = token.text == "-" and adjacent(tokens, index - 1, index)
    if hyphen and adjacent(tokens, index, index + 1):
        following = tokens[index + 1].lower
        if following in scales and following not in SHORT_SCALES:
            return scales[following], 2
        return None
    lower = token.lower
    if lower not in scales:
        return None
    if lower in SHORT_SCALES and not (money and adjacent(tokens, index - 1, index)):
        return None
    return scales[lower], 1
