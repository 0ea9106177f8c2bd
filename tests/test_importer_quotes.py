"""Quotes found in paragraphs and attributed: one small invented article per rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.importer.draft import Document, Figure, Meta, Paragraph, Quote, Speaker
from tui.importer.quotes import attribute


def doc(*paragraphs: str, figures: tuple[str, ...] = ()) -> Document:
    blocks = [Figure(caption) for caption in figures] + [Paragraph(p) for p in paragraphs]
    return Document(Meta(), tuple(blocks))


def run(*paragraphs: str, figures: tuple[str, ...] = ()) -> tuple[dict[str, Speaker], list[Quote]]:
    speakers, quotes = attribute(doc(*paragraphs, figures=figures))
    return {s.id: s for s in speakers}, list(quotes)


def who(speakers: dict[str, Speaker], quote: Quote) -> str | None:
    return speakers[quote.speaker].name if quote.speaker else None


def assert_slices(document: Document, quotes: tuple[Quote, ...] | list[Quote]) -> None:
    for quote in quotes:
        for part in quote.parts:
            block = document.blocks[part.block]
            assert isinstance(block, Paragraph)
            assert block.text[part.start : part.start + len(part.text)] == part.text


# --- Finding ------------------------------------------------------------------------------------


def test_straight_marks_and_the_cue_after():
    text = '"We will rebuild the bridge by spring," Tom Ruiz said.'
    speakers, quotes = run(text)
    assert [q.parts[0].text for q in quotes] == ["We will rebuild the bridge by spring"]
    assert who(speakers, quotes[0]) == "Tom Ruiz"
    assert quotes[0].fragment is False
    assert_slices(doc(text), quotes)


def test_typographic_marks_keep_single_quotes_inside():
    text = "“She told me ‘never again,’ and then she left the room,” said Tom Ruiz."
    speakers, quotes = run(text)
    assert quotes[0].parts[0].text == "She told me ‘never again,’ and then she left the room"
    assert who(speakers, quotes[0]) == "Tom Ruiz"


def test_full_stop_inside_the_closing_mark_is_kept_and_a_trailing_comma_dropped():
    _, quotes = run("Tom Ruiz added: “We stand with the town.”", "“Not yet,” Ruiz said.")
    assert quotes[0].parts[0].text == "We stand with the town."
    assert quotes[1].parts[0].text == "Not yet"


def test_a_quote_over_two_paragraphs_is_one_quote():
    first = "“The river rose faster than anyone had planned for. We lost the lower road."
    second = "“And that is why the council will meet again on Friday,” Ana Mirel said."
    speakers, quotes = run(first, second)
    assert len(quotes) == 1
    assert [p.block for p in quotes[0].parts] == [0, 1]
    assert quotes[0].parts[1].text.startswith("And that is why")
    assert who(speakers, quotes[0]) == "Ana Mirel"


def test_an_unclosed_quote_not_reopened_ends_with_its_paragraph():
    _, quotes = run("“It was a long night for all of us, Ana Mirel said.", "The rain stopped.")
    assert len(quotes) == 1 and [p.block for p in quotes[0].parts] == [0]


def test_fragment_inside_reported_speech():
    speakers, quotes = run("Tom Ruiz said the new plan was “a bold step” for the town.")
    assert quotes[0].fragment is True
    assert who(speakers, quotes[0]) == "Tom Ruiz"


def test_title_of_a_work_and_a_scare_quote_are_left_out():
    _, quotes = run(
        "Ana Mirel appeared on “Morning Town Hour” on Sunday.",
        "The so-called “miracle” cure was sold online for years.",
    )
    assert quotes == []


# --- Speakers -----------------------------------------------------------------------------------


def test_title_before_the_name_is_the_role():
    speakers, quotes = run("“We are ready,” Freedonian Prime Minister Anna Kovac said.")
    speaker = speakers[quotes[0].speaker]
    assert (speaker.name, speaker.role, speaker.id) == (
        "Anna Kovac",
        "Freedonian Prime Minister",
        "kovac",
    )


def test_appositive_gives_the_role():
    speakers, quotes = run(
        "“Prices will fall,” said Marta Lind, a senior analyst at Northbank, on Tuesday."
    )
    assert who(speakers, quotes[0]) == "Marta Lind"
    assert speakers[quotes[0].speaker].role == "senior analyst at Northbank"


def test_appositive_between_the_name_and_the_verb():
    speakers, quotes = run("Marta Lind, a senior analyst at Northbank, said: “Prices will fall.”")
    assert who(speakers, quotes[0]) == "Marta Lind"


def test_according_to():
    speakers, quotes = run("The vote was “a turning point for the valley,” according to Ana Mirel.")
    assert who(speakers, quotes[0]) == "Ana Mirel"


def test_pronoun_goes_to_the_subject_not_the_last_name_seen():
    speakers, quotes = run(
        "Tom Ruiz met Karl Weber at the harbour on Monday.",
        "“We agreed on nothing at all today,” he said.",
    )
    assert who(speakers, quotes[0]) == "Tom Ruiz"


def test_pronoun_agrees_in_gender():
    speakers, quotes = run(
        "Tom Ruiz met Ana Mirel at the harbour on Monday.",
        "“We agreed on nothing at all today,” she said.",
    )
    assert who(speakers, quotes[0]) == "Ana Mirel"


def test_gender_learned_from_a_pronoun_used_for_the_person():
    speakers, quotes = run(
        "Dr. Quill Varno said she would stay on.",
        "Bexa Toller, who runs the ferry, disagreed with the plan.",
        "Varno met Toller later. “The ferry will run,” she said.",
    )
    assert who(speakers, quotes[0]) == "Quill Varno"


def test_surname_only_mentions_merge_into_one_speaker():
    speakers, quotes = run(
        "“The dam held,” said Tom Ruiz, the county engineer.",
        "“It will hold again next spring,” Ruiz said.",
    )
    assert len(speakers) == 1
    assert {q.speaker for q in quotes} == {"ruiz"}
    assert speakers["ruiz"].name == "Tom Ruiz" and speakers["ruiz"].role == "county engineer"


def test_two_people_with_one_surname_get_two_ids():
    speakers, quotes = run(
        "“The dam held,” said Tom Ruiz.",
        "“It leaked all night,” said Ana Ruiz, his sister.",
    )
    assert len({q.speaker for q in quotes}) == 2
    assert sorted(s.name for s in speakers.values()) == ["Ana Ruiz", "Tom Ruiz"]


def test_quote_with_no_cue_goes_on_from_the_one_before():
    speakers, quotes = run(
        "“The road is closed until Friday,” Ana Mirel said.",
        "“After that we will see how much of it the water took.”",
    )
    assert [who(speakers, q) for q in quotes] == ["Ana Mirel", "Ana Mirel"]


def test_quote_with_no_cue_after_reported_speech():
    speakers, quotes = run(
        "“The road is closed,” Ana Mirel said.",
        "But Karl Weber says the road will open on Monday.",
        "“The crews are already there and working through the night.”",
    )
    assert who(speakers, quotes[1]) == "Karl Weber"


def test_organisation_speaks_and_the_company_resolves_to_it():
    speakers, quotes = run(
        "Northbank Corporation reported a loss on Monday.",
        "“We regret the delay to our customers,” the company said in a statement.",
    )
    speaker = speakers[quotes[0].speaker]
    assert speaker.name == "Northbank Corporation" and speaker.kind == "organisation"
    assert quotes[0].context == "in a statement"


def test_context_goes_on_over_the_next_paragraph_of_the_same_statement():
    _, quotes = run(
        "“The bridge is safe,” Ana Mirel said in a statement.",
        "“Inspections will continue every week,” she said.",
    )
    assert [q.context for q in quotes] == ["in a statement", "in a statement"]


def test_role_from_a_figure_caption():
    speakers, quotes = run(
        "“We will act,” harbour chief Ana Mirel told a news conference.",
        figures=("Harbour Master Ana Mirel speaks in Portvale, March 3.",),
    )
    speaker = speakers[quotes[0].speaker]
    assert speaker.role == "Harbour Master"
    assert quotes[0].context == "at a news conference"


def test_names_in_a_photo_credit_are_no_one():
    speakers, quotes = run(
        "Ana Mirel spoke to the crowd.",
        "The ferry at dawn. (Karla Brun / Portvale Daily)",
        "“We will keep the ferry,” she said.",
    )
    assert who(speakers, quotes[0]) == "Ana Mirel"


def test_no_paragraphs_no_quotes():
    assert attribute(Document(Meta(), ())) == ((), ())


# --- Any text -----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "‘’",
        ",",
        ".",
        ":",
        " ",
        "\x00",
        "he said",
        "said Ana Mirel",
        "Tom Ruiz",
        "She",
        "according to",
        "the company",
        "(",
        ")",
        "/",
        "Mr.",
        "a",
        "\n",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=5))
def test_any_text_never_raises_and_parts_slice_their_paragraph(paragraphs):
    document = doc(*paragraphs)
    speakers, quotes = attribute(document)
    assert_slices(document, quotes)
    ids = {s.id for s in speakers}
    assert len(ids) == len(speakers)
    assert all(q.speaker is None or q.speaker in ids for q in quotes)
    assert all(part.text for q in quotes for part in q.parts)


def test_a_month_after_a_title_is_a_surname():
    speakers, quotes = run(
        "Mayor Clara May opened the new bridge.",
        "Later, Ms. May admitted the bridge was “a little late” for the town.",
    )
    assert who(speakers, quotes[0]) == "Clara May"
