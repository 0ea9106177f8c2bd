"""Dates a paragraph writes (``Feb 24, 2022``, ``February 2021``, ``2014``, ``on Thursday``),
each resolved to a partial date, weekdays and bare months against the published date."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal, NamedTuple

from tui.importer.fact_words import fact_words
from tui.importer.labels import is_name
from tui.importer.tokens import Token, adjacent, is_digits, possessor, sentence_bounds

DateKind = Literal["date", "month", "year", "weekday", "relative"]
Tense = Literal["past", "future"]

#: Years a four-digit number is read as: later or earlier ones are counts or codes.
FIRST_YEAR, LAST_YEAR = 1800, 2099
#: Words before a weekday that belong to its value ("early Thursday") or only to its phrase
#: ("on Thursday").
DAY_PARTS_BEFORE = frozenset({"early", "late"})
DAY_PARTS_AFTER = frozenset({"morning", "afternoon", "evening", "night"})
PREPOSITIONS = frozenset({"on", "in", "since", "until", "by", "from", "through", "of", "during"})
#: Words a bare month name follows when it is a month ("in May", not "Theresa May").
MONTH_LEADS = PREPOSITIONS | {"last", "next", "this", "early", "late", "mid", "mid-"}
SENTENCE_MARKS = frozenset({",", ".", ";", ":", ")", "”", "’", "!", "?"})
OPENING_MARKS = frozenset({"(", "“", '"', "‘"})
WEEKDAY_LEADS = PREPOSITIONS | {"last", "next", "this"}
ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
RELATIVE_PERIODS = frozenset({"year", "month"})


class DateMention(NamedTuple):
    #: Token range ``[first, last)`` of the value as written ("early Thursday", "Feb 24, 2022").
    first: int
    last: int
    kind: DateKind
    #: The partial date (``2022-02-24``, ``2021-02``, ``2014``), None when it cannot be known.
    as_of: str | None
    #: How the date was inferred, when it was.
    note: str | None = None
    #: "Friday’s summit": the weekday or month owns the noun after it.
    possessive: bool = False


def published_day(published: str | None) -> dt.date | None:
    """The day of an ISO date or date-time, None when there is none or it is no date. Days
    before 1001 or after 9998 are none either: a weekday or "last year" counted from them could
    fall outside the dates a content file may hold."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    return day if 1001 <= day.year <= 9998 else None


def find_dates(
    tokens: list[Token], published: dt.date | None, weekdays: dict[int, str] | None = None
) -> list[DateMention]:
    """Every date written in the paragraph's tokens, in order, none overlapping.

    ``weekdays``: the day each weekday was first resolved to in the article, kept up to date:
    a story that says "on Friday" twice means one Friday, whatever the tense of the second.
    """
    found: list[DateMention] = []
    openers = _openers()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not (token.is_number or token.lower in openers or token.bare.lower() in openers):
            index += 1
            continue
        mention = _date_at(tokens, index, published)
        if mention is not None and mention.kind == "weekday" and weekdays is not None:
            mention = _same_day(tokens, mention, weekdays)
        if mention is None:
            index += 1
            continue
        found.append(mention)
        index = mention.last
    return found


@cache
def _openers() -> frozenset[str]:
    """The words (lower-cased) a date not written in digits may start with."""
    words = fact_words()
    return frozenset(
        set(words.months)
        | set(words.weekdays)
        | DAY_PARTS_BEFORE
        | set(RELATIVE_DAYS)
        | {"last", "this", "next", "a"}
    )


def _date_at(tokens: list[Token], index: int, published: dt.date | None) -> DateMention | None:
    token = tokens[index]
    if token.is_word and token.is_capitalised:
        if _month(tokens, index) is not None:
            return _month_date(tokens, index, published)
        if token.bare.lower() in fact_words().weekdays:
            if index > 0 and is_name(tokens[index - 1]):
                return None  # "Black Friday", "Super Tuesday": a name, not a day
            return _weekday(tokens, index, published)
    if token.is_number:
        return _day_first(tokens, index) or _year(tokens, index)
    if token.lower in DAY_PARTS_BEFORE and index + 1 < len(tokens):
        following = tokens[index + 1]
        if following.is_capitalised and following.bare.lower() in fact_words().weekdays:
            return _weekday(tokens, index + 1, published, first=index)
    if token.is_word:
        return _relative(tokens, index, published)
    return None


# --- Calendar dates and months ---------------------------------------------------------


def _month(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The month named at ``index`` and the tokens it takes ("Feb" "." is two), or None."""
    token = tokens[index]
    if not token.is_capitalised:
        return None
    months = fact_words().months
    after = index + 1
    if after < len(tokens) and tokens[after].text == "." and adjacent(tokens, index, after):
        dotted = f"{token.lower}."
        if dotted in months:
            return months[dotted], 2
    if token.lower in months:
        return months[token.lower], 1
    return None


def _day(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """A day of the month at ``index`` ("24", "24th") and the tokens it takes."""
    if index >= len(tokens) or not is_digits(tokens[index].text) or len(tokens[index].text) > 2:
        return None
    day = int(tokens[index].text)
    if not 1 <= day <= 31:
        return None
    after = index + 1
    if (
        after < len(tokens)
        and adjacent(tokens, index, after)
        and (tokens[after].lower in ORDINAL_ENDINGS)
    ):
        return day, 2
    if after < len(tokens) and adjacent(tokens, index, after) and tokens[after].is_word:
        return None  # "24h", "5G"
    return day, 1


def _year_at(tokens: list[Token], index: int) -> int | None:
    if index >= len(tokens) or len(tokens[index].text) != 4 or not is_digits(tokens[index].text):
        return None
    year = int(tokens[index].text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _year_after(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """A year after a month or a day: ``2022``, ``, 2022`` or ``of 2022``; and its width."""
    year = _year_at(tokens, index)
    if year is not None:
        return year, 1
    if index < len(tokens) and tokens[index].text in {",", "of"}:
        year = _year_at(tokens, index + 1)
        if year is not None:
            return year, 2
    return None


def _full_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_date(tokens: list[Token], index: int, published: dt.date | None) -> DateMention | None:
    month, width = _month(tokens, index) or (0, 0)
    last = index + width
    day = _day(tokens, last)
    if day is not None:
        last += day[1]
        year = _year_after(tokens, last)
        if year is not None:
            as_of = _full_date(year[0], month, day[0])
            return DateMention(index, last + year[1], "date", as_of) if as_of else None
        return _without_year(tokens, index, last, published, month, day[0])
    year = _year_after(tokens, last)
    if year is not None:
        return DateMention(index, last + year[1], "month", f"{year[0]:04d}-{month:02d}")
    lead = tokens[index - 1].lower if index > 0 else ""
    if lead not in MONTH_LEADS and not (index > 0 and tokens[index - 1].text.endswith("-")):
        return None
    if published is None:
        return DateMention(index, last, "month", None)
    tense = _tense(tokens, index)
    year_of = published.year
    if tense == "past" and month > published.month:
        year_of -= 1
    elif tense == "future" and month < published.month:
        year_of += 1
    note = "year from the published date"
    return DateMention(index, last, "month", f"{year_of:04d}-{month:02d}", note)


def _without_year(
    tokens: list[Token], first: int, last: int, published: dt.date | None, month: int, day: int
) -> DateMention | None:
    """ "Dec. 12": the year that puts it nearest the published day, or on the side its tense
    says."""
    if published is None:
        return DateMention(first, last, "date", None)
    tense = _tense(tokens, first, default=None)
    candidates = [
        date
        for year in (published.year - 1, published.year, published.year + 1)
        if (date := _full_date(year, month, day)) is not None
    ]
    if tense == "past":
        candidates = [c for c in candidates if c <= published.isoformat()] or candidates
    elif tense == "future":
        candidates = [c for c in candidates if c >= published.isoformat()] or candidates
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((dt.date.fromisoformat(c) - published).days))
    return DateMention(first, last, "date", nearest, "year from the published date")


def _day_first(tokens: list[Token], index: int) -> DateMention | None:
    """``24 February 2022`` and ``24 February``."""
    day = _day(tokens, index)
    if day is None or index + day[1] >= len(tokens):
        return None
    month = _month(tokens, index + day[1])
    if month is None:
        return None
    last = index + day[1] + month[1]
    year = _year_after(tokens, last)
    if year is None:
        return None  # "5 March" without a year is rare enough to leave to the figures
    as_of = _full_date(year[0], month[0], day[0])
    return DateMention(index, last + year[1], "date", as_of) if as_of else None


def _year(tokens: list[Token], index: int) -> DateMention | None:
    """A four-digit year: not a count ("2000 people"), a decade ("1990s"), a season
    ("2017-18"), money ("$2014") or part of a name ("Russell 2000")."""
    year = _year_at(tokens, index)
    if year is None:
        return None
    after = index + 1
    if after < len(tokens):
        if adjacent(tokens, index, after) and tokens[after].text not in SENTENCE_MARKS:
            return None
        if _counts(tokens, index - 1, tokens[after]):
            return None
    if index > 0:
        previous = tokens[index - 1]
        if adjacent(tokens, index - 1, index) and previous.text not in OPENING_MARKS:
            return None
        if is_name(previous):
            return None
    return DateMention(index, after, "year", f"{year:04d}")


def _counts(tokens: list[Token], before: int, following: Token) -> bool:
    """Whether a four-digit number counts the noun after it: "2000 people", but "the 2019
    elections" and "Russia’s 2014 invasion" are years."""
    if following.text == "%" or not following.is_word or following.is_capitalised:
        return following.text == "%"
    lower = following.lower
    plural = lower in fact_words().plural_nouns or (
        lower.endswith("s") and lower not in fact_words().non_nouns
    )
    if not plural or possessor(following.text) is not None:
        return False
    owner = tokens[before] if before >= 0 else None
    return owner is None or not (
        owner.lower in {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}
        or possessor(owner.text) is not None
    )


# --- Weekdays and relative days ----------------------------------------------------------


def _same_day(tokens: list[Token], mention: DateMention, weekdays: dict[int, str]) -> DateMention:
    if mention.as_of is None:
        return mention
    weekday = dt.date.fromisoformat(mention.as_of).weekday()
    explicit = mention.first > 0 and tokens[mention.first - 1].lower in {"last", "next", "this"}
    if weekday in weekdays and not explicit:
        return mention._replace(as_of=weekdays[weekday])
    weekdays.setdefault(weekday, mention.as_of)
    return mention


def _weekday(
    tokens: list[Token], index: int, published: dt.date | None, first: int | None = None
) -> DateMention:
    """A weekday ("on Friday", "early Thursday", "Friday’s"), as the latest such day up to
    the published one, or the next from it when the sentence speaks of the future."""
    first = index if first is None else first
    token = tokens[index]
    weekday = fact_words().weekdays[token.bare.lower()]
    possessive = possessor(token.text) is not None
    last = index + 1
    if not possessive and last < len(tokens) and tokens[last].lower in DAY_PARTS_AFTER:
        last += 1
    if published is None:
        return DateMention(first, last, "weekday", None, None, possessive)
    tense = _tense(tokens, index)
    previous = tokens[index - 1].lower if index > 0 else ""
    if tense == "past":
        back = (published.weekday() - weekday) % 7 or (7 if previous == "last" else 0)
        day = published - dt.timedelta(days=back)
    else:
        ahead = (weekday - published.weekday()) % 7 or (7 if previous == "next" else 0)
        day = published + dt.timedelta(days=ahead)
    lead = first - 1 if first > 0 and tokens[first - 1].lower in WEEKDAY_LEADS else first
    phrase = " ".join(tokens[i].text for i in range(lead, index)) + f" {token.bare}"
    note = f'date from "{phrase.strip()}" and the published date'
    return DateMention(first, last, "weekday", day.isoformat(), note, possessive)


def _relative(tokens: list[Token], index: int, published: dt.date | None) -> DateMention | None:
    """``today``, ``yesterday``, ``last year``, ``this month``: dates for the figures near them,
    never facts of their own."""
    lower = tokens[index].lower
    if lower in RELATIVE_DAYS:
        if published is None:
            return DateMention(index, index + 1, "relative", None)
        day = published + dt.timedelta(days=RELATIVE_DAYS[lower])
        return DateMention(
            index,
            index + 1,
            "relative",
            day.isoformat(),
            f'date from "{lower}" and the published date',
        )
    if lower == "a" and index + 2 < len(tokens) and tokens[index + 1].lower in RELATIVE_PERIODS:
        # "a year ago", "a month earlier": one period before the published day (to the year
        # or month only: "a year ago" in a story of October may mean last October).
        if tokens[index + 2].lower not in {"ago", "earlier", "before"}:
            return None
        return _period(tokens, index, index + 3, -1, tokens[index + 1].lower, published)
    if lower not in {"last", "this", "next"} or index + 1 >= len(tokens):
        return None
    period = tokens[index + 1].lower
    if period not in RELATIVE_PERIODS:
        return None
    step = {"last": -1, "this": 0, "next": 1}[lower]
    return _period(tokens, index, index + 2, step, period, published)


def _period(
    tokens: list[Token], first: int, last: int, step: int, period: str, published: dt.date | None
) -> DateMention:
    """The year or month ``step`` periods from the published day's."""
    if published is None:
        return DateMention(first, last, "relative", None)
    phrase = " ".join(token.lower for token in tokens[first:last])
    note = f'date from "{phrase}" and the published date'
    if period == "year":
        return DateMention(first, last, "relative", f"{published.year + step:04d}", note)
    month_index = published.year * 12 + published.month - 1 + step
    as_of = f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return DateMention(first, last, "relative", as_of, note)


def _tense(tokens: list[Token], index: int, default: Tense | None = "past") -> Tense | None:
    """Whether the sentence places the date at ``index`` before or after the published day:
    the cue nearest before it ("will hold ... on Friday", "last Tuesday"), else the nearest
    after it, else ``default``."""
    previous = tokens[index - 1].lower if index > 0 else ""
    if previous in {"this", "coming"}:
        return "future"
    first, last = sentence_bounds(tokens, index)
    cues = fact_words().tense_cues
    openers = _cue_openers()
    best: tuple[int, Tense] | None = None
    for position in range(first, last):
        word = tokens[position].lower
        if word.endswith(("’ll", "'ll")):
            cue = "will"  # "it’ll": the future is in the ending
        elif word in openers:
            following = [token.lower for token in tokens[position : min(position + 3, last)]]
            widths = (" ".join(following[:width]) for width in (3, 2, 1))
            cue = next((words for words in widths if words in cues), "")
        else:
            continue
        if cue:
            distance = index - position if position < index else 1000 + position - index
            if best is None or distance < best[0]:
                best = (distance, "future" if cues[cue] == "future" else "past")
    return best[1] if best is not None else default


@cache
def _cue_openers() -> frozenset[str]:
    return frozenset(cue.split()[0] for cue in fact_words().tense_cues)
