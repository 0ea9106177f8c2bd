"""Facts found in articles no one annotated: one small invented article per rule, and
arbitrary text that must give well-formed facts or none."""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.importer.draft import Document, Fact, Figure, Meta, Paragraph
from tui.importer.fact_words import fact_words, lexicon_lines
from tui.importer.facts import classified_facts, find_facts

#: A Thursday.
PUBLISHED = "2022-02-24"
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def article(*paragraphs: str, published: str | None = PUBLISHED) -> Document:
    return Document(Meta(published=published), tuple(Paragraph(text) for text in paragraphs))


def facts_of(*paragraphs: str, published: str | None = PUBLISHED) -> list[Fact]:
    return list(find_facts(article(*paragraphs, published=published)))


def only(*paragraphs: str, published: str | None = PUBLISHED) -> Fact:
    facts = facts_of(*paragraphs, published=published)
    assert len(facts) == 1, facts
    return facts[0]


def labels_of(*paragraphs: str) -> list[str]:
    return [fact.label for fact in facts_of(*paragraphs)]


def values(*paragraphs: str, published: str | None = PUBLISHED) -> list[str]:
    return [fact.value for fact in facts_of(*paragraphs, published=published)]


# --- Counts ------------------------------------------------------------------------------


def test_a_count_is_its_number_and_noun_dated_the_published_day() -> None:
    fact = only("The Freedonian army moved 12,500 soldiers to the northern border.")
    assert (fact.value, fact.match, fact.number, fact.unit) == (
        "12,500 soldiers",
        "12,500 soldiers",
        12500,
        "soldiers",
    )
    assert fact.as_of == PUBLISHED
    assert fact.note == "date from the published date"
    assert fact.label == "Soldiers to the northern border"


def test_a_count_is_labelled_by_the_phrase_it_is_of() -> None:
    fact = only("Admiral Vera Holm commands Ruritania’s coastal fleet of 3,400 sailors.")
    assert fact.label == "Ruritania’s coastal fleet"
    assert fact.number == 3400


def test_counts_in_words_and_with_scales() -> None:
    facts = facts_of(
        "Health officials reported three new cases on the island.",
        "About 7.5 million people live in the valley, and a dozen villages are cut off.",
    )
    assert [(f.value, f.number, f.unit) for f in facts] == [
        ("three new cases", 3, "cases"),
        ("About 7.5 million people", 7500000, "people"),
        ("a dozen villages", 12, "villages"),
    ]


def test_a_small_count_in_words_is_news_only_beside_a_casualty_charge_case_or_seat() -> None:
    assert facts_of("She carried two boxes up three flights of stairs.") == []
    assert values("Two people were killed and three were hurt.") == ["Two people"]
    assert values("He faces two counts of fraud.") == ["two counts"]
    assert values("She carried 2 boxes up 3 flights of stairs.") == ["2 boxes", "3 flights"]


@pytest.mark.parametrize(
    "text",
    [
        "The talks lasted 12 hours over three days, two years ago.",
        "One of the ministers resigned.",
        "A number of residents complained.",
        "The two ministers met two weeks ago.",
        "Call 555-0142 or visit 12 Elm Road before 10:30 a.m.",
        "COVID-19 cases fell on Highway 17 near the F-35 hangar.",
        "She finished 10th, and the shop is open 24/7.",
        "The home side won 3-2.",
        "Mira Lasko, 52, and her son (19) were unhurt.",
        "He was 45 years old.",
        "Here are two things to know.",
    ],
)
def test_noise_is_no_fact(text: str) -> None:
    assert facts_of(text) == []


# --- Percentages, money, measures --------------------------------------------------------


def test_percentages_in_every_spelling() -> None:
    facts = facts_of(
        "Turnout reached 41 percent in the capital.",
        "Prices in the port rose 12.5% while wages in the port gained 7 per cent.",
        "The ruling party lost 3 percentage points.",
    )
    assert [(f.value, f.number, f.unit) for f in facts] == [
        ("41 percent", 41, "%"),
        ("12.5%", 12.5, "%"),
        ("7 per cent", 7, "%"),
        ("3 percentage points", 3, "percentage points"),
    ]


def test_a_share_in_words_is_a_percentage() -> None:
    fact = only("Two-thirds of the delegates backed the motion.")
    assert (fact.value, fact.number, fact.unit) == ("Two-thirds", 66.7, "%")


@pytest.mark.parametrize(
    ("text", "value", "number", "unit"),
    [
        ("The council approved $4.2 million for the bridge.", "$4.2 million", 4200000, "$"),
        ("The fund lent US$2 billion to the port.", "US$2 billion", 2000000000, "USD"),
        ("The club paid £5bn for the stadium.", "£5bn", 5000000000, "£"),
        ("A C$1.5-million grant went to the mill.", "C$1.5-million", 1500000, "CAD"),
        ("The tunnel cost 20 million euros to dig.", "20 million euros", 20000000, "€"),
        ("Tickets cost €300 at the door.", "€300", 300, "€"),
        ("The state set aside Rs. 5 crore for the dam.", "Rs. 5 crore", 50000000, "INR"),
        ("Farmers were paid Rs 1,50,000 for the land.", "Rs 1,50,000", 150000, "INR"),
    ],
)
def test_money_with_its_currency_and_scale(text: str, value: str, number: int, unit: str) -> None:
    fact = only(text)
    assert (fact.value, fact.number, fact.unit) == (value, number, unit)


def test_money_is_labelled_by_the_noun_it_qualifies_or_what_it_is_of() -> None:
    facts = facts_of("A $3 million grant covered $2 billion of the $9 billion in promised aid.")
    assert [(f.value, f.label) for f in facts] == [
        ("$3 million", "Grant"),
        ("$2 billion", "Promised aid"),
        ("$9 billion", "Promised aid"),
    ]


def test_a_measure_needs_no_plural() -> None:
    fact = only("The new road runs 42 km through the hills.")
    assert (fact.value, fact.number, fact.unit) == ("42 km", 42, "km")


# --- Sizes -------------------------------------------------------------------------------


def test_a_size_highlights_the_thing_it_measures() -> None:
    fact = only("Envoys of the 27-member council met in Tarsk.")
    assert (fact.value, fact.match, fact.number, fact.unit) == (
        "27-member",
        "27-member council",
        27,
        "members",
    )
    assert fact.label == "Council members"


@pytest.mark.parametrize(
    "text", ["A 40,000-strong crowd rallied.", "A 20-something founder spoke.", "A 10-fold rise."]
)
def test_a_number_joined_to_an_adjective_is_no_size(text: str) -> None:
    assert facts_of(text) == []


def test_a_size_in_a_measure() -> None:
    fact = only("Her 12-foot putt won the cup.")
    assert (fact.match, fact.number, fact.unit, fact.label) == (
        "12-foot putt",
        12,
        "feet",
        "Putt, in feet",
    )


def test_a_size_of_time_is_a_length_and_an_age_is_no_size() -> None:
    fact = only("The minister unveiled a five-year plan for a 9-year-old girl's school.")
    assert (fact.match, fact.number, fact.unit, fact.label) == (
        "five-year plan",
        5,
        "years",
        "Length of the plan",
    )


# --- Years and dates ---------------------------------------------------------------------


def test_a_year_that_names_an_event_is_a_fact() -> None:
    fact = only("Tensions date back to Ruritania’s 1998 referendum on independence.")
    assert (fact.value, fact.match, fact.as_of) == (
        "1998",
        "Ruritania’s 1998 referendum on independence",
        "1998",
    )
    assert fact.label == "Ruritania’s referendum on independence"


def test_a_bare_year_dates_the_figure_beside_it_and_is_no_fact_itself() -> None:
    fact = only("The mill employed 800 workers in 1998.", "Little changed in 2004.")
    assert (fact.value, fact.as_of) == ("800 workers", "1998")
    assert fact.note is None


def test_full_dates_day_first_and_month_first() -> None:
    facts = facts_of(
        "Voters rejected the plan in a referendum on March 3, 2021.",
        "A second referendum on 14 November 2021 was called off.",
    )
    assert [(f.value, f.as_of) for f in facts] == [
        ("March 3, 2021", "2021-03-03"),
        ("14 November 2021", "2021-11-14"),
    ]
    assert facts[0].match == "a referendum on March 3, 2021"


def test_a_month_and_year_date_a_percentage() -> None:
    fact = only("A poll from February 2021 shows 56 percent of voters back the treaty.")
    assert (fact.value, fact.as_of) == ("56 percent", "2021-02")
    assert fact.label == "Voters backing the treaty"


def test_a_date_without_its_year_takes_the_nearest_year() -> None:
    fact = only("Dockers staged a strike on Dec. 28 at the port.", published="2023-01-04")
    assert (fact.as_of, fact.note) == ("2022-12-28", "year from the published date")


def test_a_date_with_no_event_is_no_fact() -> None:
    assert (
        facts_of("The mayor said on Friday that she would stay.", "It rained on May 2, 2020.") == []
    )


# --- Weekdays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "as_of", "note"),
    [
        (
            "Leaders held a summit on Thursday.",
            "2022-02-24",
            'date from "on Thursday" and the published date',
        ),
        (
            "Leaders held a summit on Monday.",
            "2022-02-21",
            'date from "on Monday" and the published date',
        ),
        (
            "Leaders will hold a summit on Friday.",
            "2022-02-25",
            'date from "on Friday" and the published date',
        ),
        (
            "Leaders will hold a summit on Monday.",
            "2022-02-28",
            'date from "on Monday" and the published date',
        ),
        (
            "Leaders met at a summit last Thursday.",
            "2022-02-17",
            'date from "last Thursday" and the published date',
        ),
        (
            "Leaders held a summit early Tuesday.",
            "2022-02-22",
            'date from "early Tuesday" and the published date',
        ),
    ],
)
def test_a_weekday_is_resolved_against_the_published_day(text: str, as_of: str, note: str) -> None:
    fact = only(text)
    assert (fact.as_of, fact.note) == (as_of, note)
    assert fact.match.startswith("a summit")
    assert fact.label in {"Leaders' summit", "Summit"}


def test_a_weekday_owner_and_label() -> None:
    fact = only("The Tarsk parliament will hold a budget debate on Friday to settle it.")
    assert (fact.value, fact.match, fact.label) == (
        "Friday",
        "a budget debate on Friday",
        "Tarsk parliament's budget debate",
    )


def test_a_weekday_in_a_name_is_no_date() -> None:
    facts = facts_of("Stores held a sale on Black Friday, taking $300 off the 12-inch laptop.")
    assert [f.value for f in facts] == ["$300", "12-inch"]


def test_a_weekday_without_a_published_date_has_no_date() -> None:
    fact = only("Leaders held a summit on Thursday.", published=None)
    assert (fact.value, fact.as_of, fact.note) == ("Thursday", None, None)


def test_a_published_date_time_dates_like_its_day() -> None:
    fact = only("Leaders held a summit on Thursday.", published="2022-02-24T22:15:00+01:00")
    assert fact.as_of == "2022-02-24"


def test_each_fact_once_at_its_first_mention() -> None:
    facts = facts_of(
        "The council will hold a vote on Friday about the 27-member council.",
        "Friday’s vote may be close; the 27-member council is split.",
        "In all, 1,200 farmers signed; 1,200 farmers marched.",
    )
    assert [(f.block, f.value) for f in facts] == [
        (0, "Friday"),
        (0, "27-member"),
        (2, "1,200 farmers"),
    ]


def test_figure_captions_are_not_read() -> None:
    document = Document(
        Meta(published=PUBLISHED),
        (
            Figure("Protesters in Tarsk, Feb 22, 2022, with 500 banners.", "Ana Lind/Wire"),
            Paragraph("Police counted 4,000 protesters."),
        ),
    )
    assert [(f.block, f.value) for f in find_facts(document)] == [(1, "4,000 protesters")]


def test_a_date_in_parentheses_dates_only_the_figure_beside_it() -> None:
    facts = facts_of(
        "In November, unemployment fell to 5.6 per cent (from 5.8 per cent in October).",
        published="2018-12-07",
    )
    assert [(f.value, f.as_of) for f in facts] == [
        ("5.6 per cent", "2018-11"),
        ("5.8 per cent", "2018-10"),
    ]


def test_relative_dates_date_figures_from_the_published_day() -> None:
    facts = facts_of(
        "Exports fell 4 per cent last year.",
        "The mine hired 300 workers yesterday.",
        "Output rose 2 per cent last month.",
        "Rents were $700 a year ago.",
    )
    assert [(f.as_of, f.note) for f in facts] == [
        ("2021", 'date from "last year" and the published date'),
        ("2022-02-23", 'date from "yesterday" and the published date'),
        ("2022-01", 'date from "last month" and the published date'),
        ("2021", 'date from "a year ago" and the published date'),
    ]


def test_a_lone_verb_label_takes_the_noun_its_clause_speaks_of() -> None:
    fact = only("Residents face a levy on top of land taxes that are rising by 6 per cent.")
    assert fact.label == "Land taxes that are rising"


def test_a_date_after_since_is_a_point_of_comparison() -> None:
    fact = only("Shares in Tarsk Mills jumped 9 per cent, the largest gain since March 2009.")
    assert fact.as_of == PUBLISHED


# --- Series ------------------------------------------------------------------------------


def test_comparable_figures_make_a_series() -> None:
    facts = facts_of("Turnout in Tarsk was 61% in 2019, up from 48% in 2015.")
    assert [f.value for f in facts] == ["61%", "48%"]
    series = facts[0].series
    assert series is not None and facts[1].series == series
    assert series.unit == "%"
    assert [(p.label, p.value, p.number, p.as_of) for p in series.points] == [
        ("2015", "48%", 48, "2015"),
        ("2019", "61%", 61, "2019"),
    ]
    assert facts[0].label == series.label == "Turnout in Tarsk"
    assert facts[1].label == "Turnout in Tarsk, 2015"


def test_a_series_over_neighbouring_sentences_with_month_labels() -> None:
    facts = facts_of(
        "A survey from March 2020 found 30 percent of farmers own a tractor. "
        "The figure was 45 percent in April 2022.",
    )
    assert facts[0].series is not None
    assert [p.label for p in facts[0].series.points] == ["Mar 2020", "Apr 2022"]


def test_figures_with_no_comparison_make_no_series() -> None:
    facts = facts_of("Turnout was 61% in 2019. Inflation hit 9% in 2015.")
    assert [f.series for f in facts] == [None, None]


def test_a_series_links_neighbours_in_one_paragraph() -> None:
    facts = facts_of(
        "Rent in Tarsk was $1,400 in 2021, up from $1,100 in 2019; parking is $90 a month.",
        "It rose from $900 in 2015, the Tarsk housing board said.",
    )
    assert [f.value for f in facts][:2] == ["$1,400", "$1,100"]
    series = facts[0].series
    assert series is not None
    assert [p.value for p in series.points] == ["$1,100", "$1,400"]
    assert all(f.series is None for f in facts[2:])


def test_the_kinds_of_facts() -> None:
    document = article(
        "Leaders held a summit on Monday. The 27-member council spent $4 million, 12% of its "
        "budget, on 300 tractors; the 1998 referendum on independence was cited."
    )
    assert [kind for kind, _ in classified_facts(document)] == [
        "event",
        "size",
        "money",
        "percent",
        "count",
        "year",
    ]


# --- Word lists and arbitrary text -------------------------------------------------------


def test_finding_facts_imports_no_textual_and_no_yaml() -> None:
    code = "import sys, tui.importer.facts; print(sorted({'textual', 'yaml'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_every_word_list_reads() -> None:
    words = fact_words()
    assert words.months["feb."] == 2 and words.weekdays["thursday"] == 3
    assert words.number_words["twenty"] == 20 and words.scales["million"] == 1_000_000
    assert all(not line.startswith("#") for line in lexicon_lines("units.txt"))


def _check(document: Document, fact: Fact) -> None:
    text = document.blocks[fact.block]
    assert isinstance(text, Paragraph)
    assert text.text[fact.start : fact.start + len(fact.match)] == fact.match
    assert fact.value and fact.value in fact.match
    assert fact.label
    for number in [fact.number, *(p.number for p in (fact.series.points if fact.series else ()))]:
        assert number is None or (isinstance(number, int | float) and math.isfinite(number))
        # As the content format writes a number: digits, a point, no exponent.
        assert number is None or DECIMAL.fullmatch(str(number))
    for as_of in [fact.as_of, *(p.as_of for p in (fact.series.points if fact.series else ()))]:
        if as_of is not None:
            assert PARTIAL_DATE.fullmatch(as_of)
            parts = [int(part) for part in as_of.split("-")]
            dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    if fact.series is not None:
        assert len(fact.series.points) >= 2


@pytest.mark.parametrize(
    "phrase", ["a summit on Monday", "5% in 2014 from 6% in 2015", "two killed"]
)
def test_a_long_paragraph_is_read_in_time_that_grows_with_its_length(phrase: str) -> None:
    # 20,000 words in one paragraph with no full stop: a figure's sentence, tense and date
    # are read near it, so this takes about a second, not the minutes of reading it whole.
    paragraph = " ".join([phrase] * 5000)
    start = time.process_time()
    find_facts(article(paragraph))
    assert time.process_time() - start < 20


NEWSY = st.sampled_from(
    "40,000 soldiers | 7.5 million | $3bn | US$ | 56 percent | per cent | 30% | 30-nation "
    "| five-year | on Thursday | early Friday | Friday’s | Feb. 29, 2021 | 31 April 2020 "
    "| February 2021 | in 2014 | Russia’s 2014 invasion | a summit on | two-thirds of | half of "
    "| the | a | of | from | against | , | . | ( | ) | — | 9999 | 0000 | 1e400 "
    "| 99999999999999999999 | 999,999,999,999 billion | $0.0000001 | 0.00001% "
    "| will | last | next | May | March | Highway 401 | 10:30 a.m. | -5 | 3-2 | ’s".split(" | ")
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=30).map(" ".join),
        min_size=1,
        max_size=4,
    ),
    st.one_of(
        st.none(),
        st.sampled_from([PUBLISHED, "2020-02-29", "bad", "0001-01-01", "9999-12-31T23:59:00Z"]),
    ),
)
def test_arbitrary_text_gives_well_formed_facts(
    paragraphs: list[str], published: str | None
) -> None:
    document = article(*paragraphs, published=published)
    for fact in find_facts(document):
        _check(document, fact)


# --- Labels: noun phrases, not clauses ---------------------------------------------------------


def test_a_figure_after_a_verb_is_labelled_by_the_verbs_subject() -> None:
    assert labels_of(
        "The Velmar stock jumped 4.1 per cent to $18.20 on Tuesday.",
        "Ostland’s KRX 40 sank 0.7 per cent. The national jobless rate fell to 6.2 per cent.",
    ) == [
        "Velmar stock",
        "Velmar stock",
        "Ostland’s KRX 40",
        "National jobless rate",
    ]


def test_an_adverb_or_a_verb_after_a_figure_is_no_label() -> None:
    labels = labels_of("The Tarsk composite index closed 0.4% higher, a gain of $12 following it.")
    assert labels[0] == "Tarsk composite index"
    assert "Higher" not in labels and "Following" not in labels


def test_an_acronyms_possessive_is_an_adjective_a_persons_stays() -> None:
    assert labels_of(
        "The OSTA’s naval reserve of 9,000 sailors will hold a drill on Friday.",
        "Mara Velk’s campaign of 300 volunteers went door to door.",
    ) == ["OSTA naval reserve", "Mara Velk’s campaign"]


def test_a_share_of_people_is_labelled_by_who_does_what() -> None:
    assert labels_of(
        "A poll shows that 61 percent of voters in Ostland back the council’s plan for a tram.",
        "About 40% of exports from Tarsk are timber.",
    ) == ["Voters in Ostland backing a tram", "Exports from Tarsk"]


def test_a_size_that_counts_members_is_labelled_by_its_members() -> None:
    assert labels_of("The 12-nation pact will meet in Tarsk; the 18-hole course is nearby.") == [
        "Pact member nations",
        "Holes in the course",
    ]
