"""Plain text copied from a web page becomes a Document: title, dek, paragraphs, figures and
subheadings, with page furniture, bylines and date lines left out (tui.importer.text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.importer.draft import Figure, Paragraph, Subheading
from tui.importer.furniture import is_boilerplate
from tui.importer.text import parse_text
from tui.importer.text_meta import parse_date
from tui.model.sanitize import is_clean

ARTICLE = """\
Harbour council approves ‘floating garden’ plan for Port Velna

Mayor Ilse Maren says the project will open next spring, despite objections from fishermen

Mayor Ilse Maren at the harbour office in Port Velna, March 3, 2023. (Tomas Brell/Velna Gazette)
Mayor Ilse Maren at the harbour office in Port Velna, March 3, 2023. (Tomas Brell/Velna Gazette)

The harbour council voted 7-2 on Friday to build a “floating garden” on the old ferry pier.

“It is the greenest thing this town has done in forty years,” Maren told reporters.

Fishermen protest outside the harbour office in Port Velna, March 2, 2023. (Ana Kov/Velna Gazette)

Fishermen said the garden would block the slipway their boats use every morning.

read more:
Velna ferry to stop running in winter
Get notifications to stay updated
You're subscribed
"""


def blocks_of(text: str) -> list[tuple[str, str]]:
    return [(type(block).__name__, _text(block)) for block in parse_text(text).blocks]


def _text(block: Paragraph | Subheading | Figure) -> str:
    return block.caption if isinstance(block, Figure) else block.text


def test_title_dek_paragraphs_and_figures_in_order() -> None:
    document = parse_text(ARTICLE)
    assert document.meta.title == "Harbour council approves ‘floating garden’ plan for Port Velna"
    assert document.meta.subtitle == (
        "Mayor Ilse Maren says the project will open next spring, despite objections from fishermen"
    )
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Figure", "Paragraph", "Paragraph", "Figure", "Paragraph"]
    first, second = (block for block in document.blocks if isinstance(block, Figure))
    assert first.caption == "Mayor Ilse Maren at the harbour office in Port Velna, March 3, 2023."
    assert first.credit == "Tomas Brell/Velna Gazette"
    assert second.credit == "Ana Kov/Velna Gazette"


def test_paragraphs_are_word_for_word_with_typographic_quotes() -> None:
    paragraphs = [text for _index, text in parse_text(ARTICLE).paragraphs()]
    assert (
        paragraphs[1]
        == "“It is the greenest thing this town has done in forty years,” Maren told reporters."
    )


def test_trailing_prompts_and_the_list_of_links_are_left_out() -> None:
    texts = " ".join(text for _kind, text in blocks_of(ARTICLE))
    for prompt in ("read more", "ferry to stop", "notifications", "subscribed"):
        assert prompt not in texts.casefold()


def test_a_caption_printed_twice_is_one_figure() -> None:
    figures = [b for b in parse_text(ARTICLE).blocks if isinstance(b, Figure)]
    assert len(figures) == 2


def test_a_caption_repeated_without_its_credit_is_one_figure() -> None:
    text = (
        "A heron on the pier in Port Velna. (Ana Kov/AP)\n"
        "A heron on the pier in Port Velna.\n\nThe birds came back in May."
    )
    assert blocks_of(text) == [
        ("Figure", "A heron on the pier in Port Velna."),
        ("Paragraph", "The birds came back in May."),
    ]


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Ana Kov at the pier. (CBC)", "Ana Kov at the pier.", "CBC"),
        (
            "Ana Kov at the pier. ( Jon Brell / Velna Record File Photo )",
            "Ana Kov at the pier.",
            "Jon Brell / Velna Record File Photo",
        ),
        (
            "Ana Kov, left, at the pier. (Submitted by Mira Kov)",
            "Ana Kov, left, at the pier.",
            "Submitted by Mira Kov",
        ),
        (
            "Ana Kov at the pier in 2019. (AP Photo/Jon Brell, File)",
            "Ana Kov at the pier in 2019.",
            "AP Photo/Jon Brell, File",
        ),
        (
            "Open this photo in gallery Ana Kov on the pier on May 2, 2021. Jon Brell/Velna Press",
            "Ana Kov on the pier on May 2, 2021.",
            "Jon Brell/Velna Press",
        ),
        (
            "Open this photo in gallery Ana Kov walks on the pier.",
            "Ana Kov walks on the pier.",
            None,
        ),
    ],
)
def test_caption_lines_and_their_credits(line: str, caption: str, credit: str | None) -> None:
    document = parse_text(
        f"{line}\n\nThe pier was rebuilt after the storm of last winter, the council said."
    )
    figure = document.blocks[0]
    assert isinstance(figure, Figure)
    assert (figure.caption, figure.credit) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Monday to vote on it (Jan. 6, 2019)",
        "(Note: This column appears in the spring issue of the Velna Review.)",
        "The plan was approved by the council (the mayor voted against it).",
        "Fishermen were not asked, said Ana Kov (Velna Fishing Union)",
    ],
)
def test_parentheses_that_are_no_credit_stay_in_the_paragraph(line: str) -> None:
    text = f"The pier was rebuilt after the storm of last winter, the council said.\n\n{line}"
    assert blocks_of(text)[-1] == ("Paragraph", line)


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "Article Continued Below",
        "READ MORE: Velna ferry to stop running in winter",
        "WATCH: Council votes on the floating garden",
        "WATCH | Fishermen protest at the pier",
        "Sign up for the Velna Morning newsletter",
        "Share this article",
        "Never miss breaking news on Velna",
        "You’re subscribed",
        "Email: reporter@example.com | Twitter: velna_news",
        "***",
        "------",
    ],
)
def test_furniture_lines_are_left_out(line: str) -> None:
    text = (
        "The pier was rebuilt after the storm of last winter, the council said.\n\n"
        f"{line}\n\n"
        "The work will cost 2 million crowns and take a year to finish, officials said."
    )
    assert [kind for kind, _text in blocks_of(text)] == ["Paragraph", "Paragraph"]


def test_furniture_is_matched_as_a_whole_line_only() -> None:
    assert is_boilerplate("Read more: the council's plan")
    assert not is_boilerplate("Read more carefully, the council said, and you find the catch.")
    assert not is_boilerplate("She shared the photo on Facebook with her friends and family.")


def test_a_list_of_links_ends_at_the_next_paragraph() -> None:
    text = (
        "The pier was rebuilt after the storm of last winter, the council said.\n\n"
        "Also on the Velna Gazette:\n"
        "Ferry to stop running in winter\n"
        "Mayor opens new library\n\n"
        "The work will cost 2 million crowns and take a year to finish, officials said."
    )
    assert [text for _kind, text in blocks_of(text)] == [
        "The pier was rebuilt after the storm of last winter, the council said.",
        "The work will cost 2 million crowns and take a year to finish, officials said.",
    ]


def test_bylines_become_authors_and_leave_the_body() -> None:
    text = (
        "Ana Kov and Jon Brell, The Velna Press\n\n"
        "PORT VELNA — The pier was rebuilt after the storm of last winter, the council said.\n\n"
        "By Ana Kov\n\n"
        "The work will cost 2 million crowns, officials said."
    )
    document = parse_text(text)
    assert document.meta.authors == ("Ana Kov", "Jon Brell")
    assert document.meta.dateline == "PORT VELNA"
    assert [kind for kind, _text in blocks_of(text)] == ["Paragraph", "Paragraph"]


def test_a_date_line_states_the_published_date() -> None:
    text = (
        "Harbour council approves garden\n\n"
        "Ana Kov · Velna News · Posted: Mar 03, 2023 4:00 AM ET\n\n"
        "The pier was rebuilt after the storm of last winter, the council said."
    )
    document = parse_text(text)
    assert document.meta.published == "2023-03-03"
    assert document.meta.authors == ("Ana Kov",)
    assert document.meta.notes == {}
    assert blocks_of(text) == [
        ("Paragraph", "The pier was rebuilt after the storm of last winter, the council said.")
    ]


def test_the_published_date_is_read_from_a_caption_only_when_the_text_names_its_weekday() -> None:
    text = (
        "The mayor at the pier in Port Velna, March 3, 2023. (Ana Kov/AP)\n\n"
        "The harbour council voted on Friday to build a floating garden on the old pier."
    )
    document = parse_text(text)
    assert document.meta.published == "2023-03-03"  # a Friday
    assert "March 3, 2023" in document.meta.notes["published"]
    assert parse_text(text.replace("Friday", "Monday")).meta.published is None


def test_subheadings_stand_between_paragraphs() -> None:
    text = (
        "The pier was rebuilt after the storm of last winter, the council said.\n\n"
        "A long wait for the fishermen\n\n"
        "The fishermen have waited three years for a new slipway, and they say it is not over."
    )
    assert blocks_of(text)[1] == ("Subheading", "A long wait for the fishermen")


def test_a_short_line_at_the_end_is_a_paragraph_not_a_subheading() -> None:
    text = "The pier was rebuilt after the storm, the council said.\n\nWith files from Ana Kov"
    assert blocks_of(text)[-1] == ("Paragraph", "With files from Ana Kov")


def test_single_line_breaks_separate_paragraphs() -> None:
    text = "First paragraph of the story, in one line.\nSecond paragraph of the story, in one line."
    assert [kind for kind, _text in blocks_of(text)] == ["Paragraph", "Paragraph"]


def test_hard_wrapped_text_is_unwrapped() -> None:
    line = "the council said that the pier would be rebuilt over the coming months and"
    wrapped = "\n".join(
        ["The harbour " + line, line, line, "that was all.", "", line, line, line, "the end."]
    )
    paragraphs = [text for _index, text in parse_text(wrapped).paragraphs()]
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith(f"{line} that was all.")


def test_controls_and_no_break_spaces_are_cleaned() -> None:
    text = (
        "The pier\u00a0was rebuilt \x1b[31mafter\u202e the storm.\r\n\r\nA second\tparagraph  here."
    )
    paragraphs = [text for _index, text in parse_text(text).paragraphs()]
    assert paragraphs == ["The pier was rebuilt [31mafter the storm.", "A second paragraph here."]


def test_a_text_of_one_line_has_a_body() -> None:
    document = parse_text("Harbour council approves garden")
    assert document.meta.title == "Harbour council approves garden"
    assert blocks_of("Harbour council approves garden") == [
        ("Paragraph", "Harbour council approves garden")
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Feb 24, 2022", "2022-02-24"),
        ("Feb. 24, 2022", "2022-02-24"),
        ("on Tuesday, February 22, 2022", "2022-02-22"),
        ("24 February 2022", "2022-02-24"),
        ("2022-02-24", "2022-02-24"),
        ("Feb 30, 2022", None),
        ("in 2022", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    date = parse_date(text)
    assert (date.isoformat() if date else None) == iso


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_clean_non_empty_blocks(text: str) -> None:
    document = parse_text(text)
    for block in document.blocks:
        for value in (_text(block), getattr(block, "credit", None)):
            if value is not None:
                assert value and value == value.strip() and is_clean(value)
    for value in (document.meta.title, document.meta.subtitle, document.meta.dateline):
        assert value is None or (value and is_clean(value))
