"""Figures a paragraph writes: counts with their noun (``40,000 soldiers``), percentages,
money, measures and sizes (``30-nation alliance``), each with its number and unit."""

from __future__ import annotations

from functools import cache
from typing import Literal, NamedTuple

from tui.importer.fact_words import Unit, fact_words
from tui.importer.labels import is_name, noun_phrase_after
from tui.importer.numbers import Number, as_number, read_number, word_value
from tui.importer.tokens import Token, adjacent, sentence_bounds, tokenize

QuantityKind = Literal["count", "percent", "money", "measure", "size", "share"]

#: Words before a number written in words that make it a reference to people or things
#: already named ("the two leaders"), not news.
REFERRING = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "all", "both"})
#: Marks a number may touch on its left: "(40,000 soldiers)", "“56 percent".
OPENING = frozenset({"(", "“", '"', "‘", "["})
#: Modifiers a count may have between its number and its noun ("7,000 French soldiers").
MAX_MODIFIERS = 2
#: Words of the thing a size measures ("30-nation Western military alliance").
MAX_HEAD_WORDS = 4


class Quantity(NamedTuple):
    #: Token range ``[first, last)`` of the value as written, qualifier and unit included.
    first: int
    last: int
    kind: QuantityKind
    number: int | float
    unit: str | None
    #: For a size, the token range of the noun phrase it measures ("alliance"); else empty.
    head: tuple[int, int] = (0, 0)
    #: The token range of the number alone.
    figure: tuple[int, int] = (0, 0)


def find_quantities(text: str, tokens: list[Token], taken: set[int]) -> list[Quantity]:
    """The figures among ``tokens``, in order; tokens in ``taken`` (dates) are not read."""
    found: list[Quantity] = []
    index = 0
    while index < len(tokens):
        quantity = None if index in taken else _quantity_at(text, tokens, index)
        if quantity is None or any(i in taken for i in range(quantity.first, quantity.last)):
            index += 1
            continue
        if not _small_detail(tokens, quantity):
            found.append(_qualified(tokens, quantity, taken))
        index = max(quantity.last, quantity.head[1])
    return found


def _quantity_at(text: str, tokens: list[Token], index: int) -> Quantity | None:
    if not _may_open(tokens[index]):
        return None
    money = _money_before(text, tokens, index)
    if money is not None:
        return money
    share = _share(tokens, index)
    if share is not None:
        return share
    number = read_number(tokens, index)
    if number is None:
        return _size(tokens, index, None) if "-" in tokens[index].text else None
    if not _stands_alone(tokens, number):
        return None
    return (
        _percent_or_currency(text, tokens, number)
        or _size(tokens, index, number)
        or _count(text, tokens, number)
    )


def _small_detail(tokens: list[Token], quantity: Quantity) -> bool:
    """A count under ten written in words with nothing in its sentence that makes it news:
    "two boxes", but not "two people were killed" (``lexicon/small_count_cues.txt``)."""
    figure = tokens[quantity.figure[0]]
    if quantity.kind != "count" or figure.is_number or quantity.number >= 10:
        return False
    first, last = sentence_bounds(tokens, quantity.first)
    cues = fact_words().small_count_cues
    return not any(token.lower in cues for token in tokens[first:last])


def _stands_alone(tokens: list[Token], number: Number) -> bool:
    """Not part of a code, a time, a range, a score or a name: "Highway 401", "10:30",
    "555-1234", "3-2", "24/7", "5G", "10th", "the two leaders"."""
    first, last = number.first, number.last
    if first > 0:
        before = tokens[first - 1]
        if adjacent(tokens, first - 1, first) and before.text not in OPENING:
            return False
        if is_name(before) and not number.in_words:
            return False  # "Highway 401", "Boeing 737"
        if number.in_words and before.lower in REFERRING:
            return False
    if last < len(tokens) and adjacent(tokens, last - 1, last):
        following = tokens[last]
        if following.text in {":", "/", "."} or following.is_number:
            return False
        if following.text == "-" and last + 1 < len(tokens) and tokens[last + 1].is_number:
            return False
    if last < len(tokens) and tokens[last].lower in {"a.m.", "p.m.", "am", "pm"}:
        return False
    return not (number.value == 1 and not number.scaled)


def _qualified(tokens: list[Token], quantity: Quantity, taken: set[int]) -> Quantity:
    """The quantity with the words before it that say how exact it is ("more than 200")."""
    if quantity.first == 0 or tokens[quantity.first - 1].lower not in _qualifier_ends():
        return quantity
    for qualifier in fact_words().qualifiers:
        width = qualifier.count(" ") + 1
        start = quantity.first - width
        if (
            start >= 0
            and " ".join(token.lower for token in tokens[start : quantity.first]) == qualifier
            and not any(i in taken for i in range(start, quantity.first))
        ):
            return quantity._replace(first=start)
    return quantity


@cache
def _qualifier_ends() -> frozenset[str]:
    return frozenset(qualifier.split()[-1] for qualifier in fact_words().qualifiers)


def _may_open(token: Token) -> bool:
    """Whether a figure may start at ``token``: a quick test that most words fail."""
    if token.is_number or token.lower in _openers():
        return True
    return "-" in token.text and word_value(token.text.partition("-")[0]) is not None


@cache
def _openers() -> frozenset[str]:
    """The words and signs (lower-cased) a figure not written in digits may start with."""
    words = fact_words()
    symbols = {tokenize(unit.words)[0].lower for unit in words.units if unit.kind == "symbol"}
    fractions = {fraction.split()[0] for fraction in words.fractions}
    return frozenset(symbols | fractions | set(words.number_words) | {"a"})


# --- Units written beside the number -------------------------------------------------------


def _unit_after(
    text: str, tokens: list[Token], index: int, kinds: set[str]
) -> tuple[Unit, int] | None:
    """The unit of one of ``kinds`` written from token ``index`` on, and how many tokens it
    takes: words ignoring case ("Per cent"), signs and codes exactly ("%", "MW")."""
    if index >= len(tokens):
        return None
    start = tokens[index].start
    for unit in _units_by_initial().get(text[start].lower(), ()):
        if unit.kind not in kinds:
            continue
        end = start + len(unit.words)
        written = text[start:end]
        same = written.lower() == unit.words if unit.words.islower() else written == unit.words
        if not same:
            continue
        last = index
        while last < len(tokens) and tokens[last].end <= end:
            last += 1
        if tokens[last - 1].end == end:
            return unit, last - index
    return None


@cache
def _units_by_initial() -> dict[str, tuple[Unit, ...]]:
    """The units by their first character, lower-cased, longest first as in the word list."""
    units: dict[str, list[Unit]] = {}
    for unit in fact_words().units:
        units.setdefault(unit.words[0].lower(), []).append(unit)
    return {initial: tuple(group) for initial, group in units.items()}


def _percent_or_currency(text: str, tokens: list[Token], number: Number) -> Quantity | None:
    found = _unit_after(text, tokens, number.last, {"percent", "currency", "measure"})
    if found is None:
        return None
    unit, width = found
    kind: QuantityKind = {"percent": "percent", "currency": "money"}.get(unit.kind, "measure")
    last = number.last + width
    return Quantity(number.first, last, kind, number.value, unit.unit, figure=number[:2])


def _money_before(text: str, tokens: list[Token], index: int) -> Quantity | None:
    """``$40``, ``US$5 billion``, ``€1.2bn``, ``CAD 20``: a currency sign or code, then a
    number."""
    token = tokens[index]
    if index > 0 and adjacent(tokens, index - 1, index) and tokens[index - 1].is_word:
        return None
    for unit in fact_words().units:
        if unit.kind != "symbol" or not text.startswith(unit.words, token.start):
            continue
        end = token.start + len(unit.words)
        after = index
        while after < len(tokens) and tokens[after].end <= end:
            after += 1
        if after >= len(tokens) or tokens[after].start - end > 1:
            continue  # "$40", "CAD 20", "Rs. 5 crore", "€ 20": one space at most
        if after < len(tokens) and tokens[after].start < end:
            continue
        number = read_number(tokens, after, money=True)
        if number is None or number.in_words:
            continue
        last = number.last
        if last < len(tokens) and adjacent(tokens, last - 1, last) and tokens[last].is_word:
            return None  # "$5xyz"
        return Quantity(index, last, "money", number.value, unit.unit, figure=number[:2])
    return None


# --- Shares, sizes and counts --------------------------------------------------------------


def _share(tokens: list[Token], index: int) -> Quantity | None:
    """``two-thirds of``, ``half of``: a share, in percent."""
    words = [token.lower for token in tokens[index : index + 3]]
    for width in (2, 1):
        fraction = " ".join(words[:width])
        if fraction in fact_words().fractions and len(words) > width and words[width] == "of":
            if index > 0 and tokens[index - 1].lower in {"first", "second", "other", "the"}:
                return None
            percent = as_number(fact_words().fractions[fraction])
            if percent is None:
                return None
            last = index + width
            return Quantity(index, last, "share", percent, "%", figure=(index, last))
    return None


def _size(tokens: list[Token], index: int, number: Number | None) -> Quantity | None:
    """``30-nation alliance``, ``five-year plan``, ``12-foot putt``: a number joined by a
    hyphen to a singular noun, before the thing it measures. Ages ("10-year-old") are not."""
    if number is None:
        # "five-year": one token, a number word and the noun.
        number_word, _, noun = tokens[index].text.partition("-")
        value = word_value(number_word)
        if value is None:
            return None
        number = Number(index, index + 1, value, True, False)
        noun_token = index
    elif (
        number.last + 1 < len(tokens)
        and tokens[number.last].text == "-"
        and adjacent(tokens, number.last - 1, number.last)
        and adjacent(tokens, number.last, number.last + 1)
    ):
        noun = tokens[number.last + 1].text
        noun_token = number.last + 1
    else:
        return None
    words = fact_words()
    if not noun.isalpha() or not noun.islower() or noun in words.non_nouns | words.not_sizes:
        return None
    head_first = noun_token + 1
    head_last = noun_phrase_after(tokens, head_first, MAX_HEAD_WORDS)
    if head_last == head_first:
        return None
    return Quantity(
        number.first,
        noun_token + 1,
        "size",
        number.value,
        plural(noun),
        (head_first, head_last),
        number[:2],
    )


def _count(text: str, tokens: list[Token], number: Number) -> Quantity | None:
    """``40,000 soldiers``, ``three new cases``, ``7.5 million people``: a number and the
    plural noun it counts, with at most two words between."""
    if adjacent(tokens, number.last - 1, number.last):
        return None  # "256kps", "4x4": a code, not a count
    for offset in range(MAX_MODIFIERS + 1):
        position = number.last + offset
        if position >= len(tokens) or not tokens[position].is_word:
            return None
        word = tokens[position]
        if word.lower in fact_words().non_nouns:
            return None
        if _unit_after(text, tokens, position, {"duration"}) is not None:
            # "for 12 years", "two weeks ago", "45 years old": a time, an age, rarely news.
            return None
        if is_plural(word.text):
            if word.lower in fact_words().vague_nouns:
                return None  # "two things", "three ways"
            return Quantity(
                number.first,
                position + 1,
                "count",
                number.value,
                word.text.lower() if not word.is_capitalised else word.text,
                figure=number[:2],
            )
        if word.is_capitalised and offset == 0 and not word.text.isupper():
            continue  # "5 Toronto schools", "7,000 French soldiers"
        if not word.text.islower():
            return None
    return None


def is_plural(word: str) -> bool:
    """Whether ``word`` reads as a plural noun: ``soldiers``, ``people``, ``Canadians``; not
    ``this``, ``was``, ``serious``, ``crisis``, ``bus``."""
    lower = word.lower()
    if lower in fact_words().plural_nouns:
        return True
    if lower in fact_words().non_nouns or not lower.isalpha() or len(lower) < 3:
        return False
    if word[0].isupper():
        return lower.endswith("ans")  # "Canadians", "Ukrainians": people of a place
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous"))


def plural(noun: str) -> str:
    """``nation`` -> ``nations``, ``city`` -> ``cities``, ``foot`` -> ``feet``."""
    irregular = fact_words().irregular_plurals
    if noun in irregular:
        return irregular[noun]
    for unit in fact_words().units:
        if unit.kind == "measure" and unit.words == noun:
            return unit.unit
    if noun.endswith("y") and noun[-2:-1] not in set("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"
