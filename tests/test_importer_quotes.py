"""Quotes found in paragraphs and attributed: one small invented article per rule."""

from __future__ import annotations

import pytest
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


def said_by(*paragraphs: str) -> list[str | None]:
    """The speaker's name of each quote in an article of these paragraphs."""
    speakers, quotes = run(*paragraphs)
    return [who(speakers, q) for q in quotes]


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


@pytest.mark.parametrize("opening, closing", [("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'")])
def test_a_quote_over_two_paragraphs_is_one_quote(opening, closing):
    first = f"{opening}The river rose faster than anyone had planned for. We lost the lower road."
    second = (
        f"{opening}And that is why the council will meet again on Friday,{closing} Ana Mirel said."
    )
    speakers, quotes = run(first, second)
    assert len(quotes) == 1
    assert [p.block for p in quotes[0].parts] == [0, 1]
    assert quotes[0].parts[1].text.startswith("And that is why")
    assert who(speakers, quotes[0]) == "Ana Mirel"


def test_an_unclosed_quote_not_reopened_ends_with_its_paragraph():
    _, quotes = run("“It was a long night for all of us, Ana Mirel said.", "The rain stopped.")
    assert len(quotes) == 1 and [p.block for p in quotes[0].parts] == [0]


@pytest.mark.parametrize("closing", ["”", '"', "’", "'"])
def test_a_closing_mark_whose_opening_one_was_lost(closing):
    speakers, quotes = run(
        "Chief Inspector Ruth Allard said the force would review its methods.",
        f"We have learned from this and we will do better,{closing} she said.",
        "The players’ union met on Monday. It was the Joneses’ turn to host.",
    )
    assert [q.parts[0].text for q in quotes] == ["We have learned from this and we will do better"]
    assert who(speakers, quotes[0]) == "Ruth Allard"


def test_fragment_inside_reported_speech():
    speakers, quotes = run("Tom Ruiz said the new plan was “a bold step” for the town.")
    assert quotes[0].fragment is True
    assert who(speakers, quotes[0]) == "Tom Ruiz"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("‘We will stay the course,’ Mr Vance added, ‘whatever the polls say.’", "Vance"),
        (
            "“We will stay”, said Rishi Vance, the chancellor, “whatever the polls say.”",
            "Rishi Vance",
        ),
    ],
)
def test_a_quote_broken_by_its_cue_goes_on_and_is_no_fragment(text, speaker):
    speakers, quotes = run(text)
    assert [q.fragment for q in quotes] == [False, False]
    assert [who(speakers, q) for q in quotes] == [speaker, speaker]


def test_title_of_a_work_and_a_scare_quote_are_left_out():
    _, quotes = run(
        "Ana Mirel appeared on “Morning Town Hour” on Sunday.",
        "The so-called “miracle” cure was sold online for years.",
        "Tom Ruiz, who starred in ‘The Night They Came to Portvale’ last year, said little.",
    )
    assert quotes == []


# --- Single marks outside (British, Australian, Indian style) --------------------------------


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (  # apostrophes inside: it's, a possessive, a plural possessive
            "‘It’s the town’s bridge and the players’ union wants it back,’ said Ms Lind.",
            "It’s the town’s bridge and the players’ union wants it back",
            "Lind",
        ),
        (  # straight single marks outside, double ones inside
            "'He told me \"never again\" and then he left the room,' Tom Ruiz said.",
            'He told me "never again" and then he left the room',
            "Tom Ruiz",
        ),
        (  # a plural possessive just before the closing mark's place is no close
            "‘The players’ wages come first,’ the club’s chairman Tom Ruiz said.",
            "The players’ wages come first",
            "Tom Ruiz",
        ),
        (  # opened typographic, closed straight
            "‘We have waited long enough for this road,' Ana Mirel said.",
            "We have waited long enough for this road",
            "Ana Mirel",
        ),
    ],
)
def test_single_marks_outside(text, words, speaker):
    speakers, quotes = run(text)
    assert [q.parts[0].text for q in quotes] == [words]
    assert who(speakers, quotes[0]) == speaker
    assert_slices(doc(text), quotes)


def test_honorifics_without_a_full_stop_give_gender_and_no_role():
    speakers, quotes = run(
        "Ms Okafor, who runs a cafe on the quay, argued with Mr Hargreaves for an hour.",
        "‘It will ruin the summer for all of us,’ she said.",
        "‘The wall is crumbling,’ said Mr Hargreaves, the harbour master.",
    )
    assert [who(speakers, q) for q in quotes] == ["Okafor", "Hargreaves"]
    assert [speakers[q.speaker].role for q in quotes] == [None, "harbour master"]


def test_apostrophes_are_no_quotation_marks():
    _, quotes = run(
        "The '90s were kind to rock 'n' roll, and the players' union agreed with the fans.",
        "Give 'em a chance, Tom Ruiz said of the new coaches at the club.",
        "The ‘70s hall reopened and the Ruizes’ shop stayed shut, the council said.",
    )
    assert quotes == []


def test_a_quote_in_a_heading_with_no_cue_is_left_out():
    _, quotes = run(
        "READ MORE: ‘Not on our watch this winter’: Portvale council rejects the ferry plan",
        "‘Hard to be in such close quarters with the same people’",
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


def test_a_description_after_the_verb_then_the_name():
    speakers, quotes = run(
        "Tom Ruiz draws comics in a shed behind his house.",
        "‘We print a hundred copies at most,’ says Ruiz’s publisher, Ana Mirel.",
        "‘Sales are up,’ said its chief executive, Marta Lind.",
    )
    assert [(who(speakers, q), speakers[q.speaker].role) for q in quotes] == [
        ("Ana Mirel", "Ruiz’s publisher"),
        ("Marta Lind", "chief executive"),
    ]


def test_a_party_and_state_after_the_name():
    speakers, quotes = run(
        'Senate Majority Leader Tom Kessler, R-Ky., called the vote "a disgrace."',
        '"They walked away," Kessler told reporters.',
    )
    assert [(who(speakers, q), q.fragment) for q in quotes] == [
        ("Tom Kessler", True),
        ("Tom Kessler", False),
    ]


def test_termed_and_branded_are_cues():
    assert said_by(
        "Council leader Ana Mirel termed the plan ‘an election gimmick’.",
        "Tom Ruiz branded it ‘a waste of money’.",
    ) == ["Ana Mirel", "Tom Ruiz"]


def test_a_title_then_the_name_between_commas_gives_the_role():
    speakers, quotes = run(
        "The Prime Minister, Anthony Carver, has ruled out an early election.",
        "‘I have no intention of going early,’ Mr Carver told reporters.",
    )
    assert speakers[quotes[0].speaker].role == "Prime Minister"


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


def test_a_name_written_after_in_twice_is_a_place_not_a_she():
    assert said_by(
        "Talia Brennan runs a shelter in Nova Westland.",
        "Overdose deaths in Nova Westland rose again, Nova Westland said in a report.",
        "‘Nobody listened to us,’ she said.",
    ) == ["Talia Brennan"]


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
    assert said_by(
        "“The road is closed until Friday,” Ana Mirel said.",
        "“After that we will see how much of it the water took.”",
    ) == ["Ana Mirel", "Ana Mirel"]


def test_a_cue_verb_after_a_determiner_or_a_number_is_a_noun():
    assert said_by(
        "Tom Ruiz with the Portvale Health Authority says there are many reasons for delays.",
        "“Crews wait hours at the door of the hospital.”",
        "Ana Mirel, 50, says his comments miss the point and two calls went unanswered.",
        "“Nobody came for us.”",
    ) == ["Tom Ruiz", "Ana Mirel"]


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


def test_the_company_is_a_body_named_by_one_word():
    speakers, quotes = run(
        "Brightwater said on Friday it would close two plants in the valley.",
        "‘The outlook remains uncertain,’ the company said in a statement.",
    )
    speaker = speakers[quotes[0].speaker]
    assert (speaker.name, speaker.kind) == ("Brightwater", "organisation")


def test_a_body_by_its_first_word_and_by_its_acronym():
    speakers, quotes = run(
        "Brightwater has drilled off the coast since 1990.",
        "Portvale-based Brightwater Energy is owed money by Coastal Export Finance (CEF).",
        "‘We will pay what we owe,’ CEF said. ‘Brightwater knows that,’ it added.",
        "‘We are owed $300-million,’ Brightwater said.",
    )
    assert [who(speakers, q) for q in quotes] == [
        "Coastal Export Finance",
        "Coastal Export Finance",
        "Brightwater Energy",
    ]
    assert {s.kind for s in speakers.values()} == {"organisation"}


def test_a_spokeswoman_for_a_body_is_someone_new():
    assert said_by(
        "Ana Mirel, who lives by the harbour, has waited a year for the road to reopen.",
        "A spokeswoman for the Portvale Harbour Authority said: ‘Work is under way.’",
        "‘We expect to finish by June,’ she said.",
        "‘Customers are moving online,’ a Northbank official said.",
    ) == [
        "spokeswoman for the Portvale Harbour Authority",
        "spokeswoman for the Portvale Harbour Authority",
        "Northbank official",
    ]


def test_a_body_named_in_front_of_a_spokesperson():
    assert said_by(
        "Dr Amira Shah told the Portvale Echo: ‘We are seeing patients wait for hours.’",
        "A Department of Coastal Affairs spokesperson said: ‘We are investing record sums.’",
    ) == ["Amira Shah", "Department of Coastal Affairs spokesperson"]


def test_a_noun_of_a_noun_is_the_first_one():
    assert said_by(
        "Ana Mirel wrote to the council about the ferry, Portvale officials said.",
        "Another member of the public, whose name was withheld, wrote: ‘Nobody asked us.’",
        "A senior official in the water department, who did not wish to be named, said: "
        "‘Work is on schedule.’",
    ) == ["member of the public", "senior official in the water department"]


def test_two_names_joined_by_and_speak_together_and_are_they():
    assert said_by(
        "The cafe on Quay Street reopened on Monday.",
        "Its owners, Talia Brennan and Ana Mirel, said they had waited a year. Tom Ruiz agreed.",
        "Later, Talia Brennan and Ana Mirel said: ‘We never gave up.’",
        "‘We will stay open all winter,’ they said.",
    ) == ["Talia Brennan and Ana Mirel", "Talia Brennan and Ana Mirel"]


def test_the_71_year_old_is_the_person_named_before():
    assert said_by(
        "Mavis Crane has lived on the estate since 1971.",
        "‘Nobody knocked on our door,’ the 71-year-old said.",
    ) == ["Mavis Crane"]


def test_a_group_noun_starting_a_sentence_is_no_person():
    speakers, quotes = run(
        "Tom Ruiz was arrested in March.",
        "Prosecutors said the case against him was strong.",
        "‘I never meant to hurt anyone,’ he said.",
    )
    assert who(speakers, quotes[0]) == "Tom Ruiz"


def test_the_minister_is_the_one_the_text_called_minister():
    assert said_by(
        "Health Minister Priya Raman announced new money for rural clinics on Monday.",
        "Opposition leader Tom Castell called it a stunt. ‘It is too late,’ Mr Castell said.",
        "‘We will keep our word,’ the minister told reporters in Canberra.",
    ) == ["Tom Castell", "Priya Raman"]


def test_the_prime_minister_is_the_one_given_that_title():
    assert said_by(
        "Prime Minister Anthony Carver has promised to fix the power grid.",
        "Opposition Leader Peta Dane said the plan was late.",
        "‘We will not let the lights go out,’ the Prime Minister said.",
    ) == ["Anthony Carver"]


def test_a_title_in_a_headline_gets_the_name_that_comes_with_it_later():
    speakers, quotes = run(
        "‘We will not back down’, says Home Secretary",
        "Home Secretary Lena Brookes has vowed to press ahead with the plan.",
    )
    speaker = speakers[quotes[0].speaker]
    assert (speaker.name, speaker.role) == ("Lena Brookes", "Home Secretary")


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


@pytest.mark.parametrize(
    "caption",
    [
        "The ferry at dawn. (Karla Brun / Portvale Daily)",
        "Karla Brun / Portvale Daily The ferry at dawn, with Tom Ruiz at the wheel.",
    ],
)
def test_names_in_a_photo_credit_are_no_one(caption):
    assert said_by(
        "Ana Mirel spoke to the crowd.",
        caption,
        "“We will keep the ferry,” she said.",
    ) == ["Ana Mirel"]


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
        "'",
        "s' ",
        " 'em",
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
