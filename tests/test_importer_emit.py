"""A Draft is written as a content file that always loads, in the shipped article's order and
style (tui.importer.emit, tui.importer.yaml_out)."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.importer.draft import (
    Document,
    Draft,
    Fact,
    Figure,
    Meta,
    Paragraph,
    Quote,
    QuotePart,
    Series,
    SeriesPoint,
    Speaker,
    Subheading,
)
from tui.importer.emit import UNATTRIBUTED_ID, clean, to_yaml
from tui.importer.yaml_out import plain_is_safe, scalar
from tui.model.article import Article
from tui.model.loader import parse_article

P1 = "The harbour council voted on Friday to build a “floating garden” on the old pier."
P2 = "“It is the greenest thing this town has done,” Mayor Ilse Maren said. “It is green.”"
P3 = "“We will keep fishing,” said Ana Kov, who leads the union. “The pier is ours.”"
P4 = "“And we will be back next year.”"


def document(*blocks: Paragraph | Subheading | Figure, meta: Meta | None = None) -> Document:
    return Document(meta or Meta(title="Harbour council approves garden"), tuple(blocks))


def part(doc: Document, block: int, words: str, occurrence: int = 1) -> QuotePart:
    text = doc.blocks[block].text  # type: ignore[union-attr]
    start = -1
    for _ in range(occurrence):
        start = text.index(words, start + 1)
    return QuotePart(block, start, words)


def load(draft: Draft) -> tuple[str, Article]:
    text = to_yaml(draft, source="harbour.txt")
    return text, parse_article(text, "<test>")


MAREN = Speaker("maren", "Ilse Maren", "Mayor of Port Velna")
KOV = Speaker(
    "kov", "Ana Kov", "union leader", kind="organisation", note="role from the appositive"
)


def test_the_shipped_field_order_and_block_ids() -> None:
    doc = document(
        Figure("The pier in Port Velna, March 3, 2023.", credit="Tomas Brell/AP"),
        Paragraph(P1),
        Subheading("The fishermen"),
        Paragraph(P2),
        meta=Meta(
            title="Harbour council approves garden",
            subtitle="The mayor says it opens in spring",
            published="2023-03-03",
            dateline="PORT VELNA",
            authors=("Ana Kov", "Jon Brell"),
            outlet="Velna Gazette",
            url="https://example.com/garden",
            language="en",
        ),
    )
    quote = Quote((part(doc, 3, "It is the greenest thing this town has done,"),), "maren")
    fact = Fact("Council vote", "Friday", 1, P1.index("on Friday"), "on Friday", as_of="2023-03-03")
    text, article = load(Draft(doc, (MAREN,), (quote,), (fact,)))
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0] not in " #"]
    assert keys == ["schema", "id", "meta", "speakers", "body", "quotes", "facts"]
    meta_keys = [line.split(":")[0].strip() for line in text.split("speakers:")[0].splitlines()]
    meta_keys = [key for key in meta_keys if key in Meta.__dataclass_fields__ or key == "source"]
    assert meta_keys == [
        *("title", "subtitle", "published", "dateline", "source"),
        *("outlet", "url", "authors", "language"),
    ]
    assert article.id == "harbour-council-approves-garden-2023-03-03"
    assert [block.id for block in article.blocks] == ["fig1", "p1", "h1", "p2"]
    assert article.meta.source.outlet == "Velna Gazette"
    assert article.meta.authors == ("Ana Kov", "Jon Brell")
    assert "\n  - id: p1\n    paragraph: The harbour council voted" in text
    assert "\n    figure:\n      caption: The pier in Port Velna, March 3, 2023.\n" in text
    assert "published: 2023-03-03\n" in text and "as_of: 2023-03-03\n" in text


def test_quotes_and_facts_in_reading_order_with_their_ids() -> None:
    doc = document(Paragraph(P1), Paragraph(P2))
    later = Quote((part(doc, 1, "It is green."),), "maren")
    earlier = Quote((part(doc, 1, "It is the greenest thing this town has done,"),), "maren")
    _text, article = load(Draft(doc, (MAREN,), (later, earlier)))
    assert [(q.id, q.parts[0]) for q in article.quotes] == [
        ("q1", "It is the greenest thing this town has done,"),
        ("q2", "It is green."),
    ]


def test_words_that_stand_twice_get_their_occurrence() -> None:
    doc = document(Paragraph(P2))
    second = Quote((part(doc, 0, "It is", occurrence=2),), "maren", fragment=True)
    first = Quote((part(doc, 0, "It is"),), "maren", fragment=True)
    text, article = load(Draft(doc, (MAREN,), (second, first)))
    assert "occurrence: 1" in text and "occurrence: 2" in text
    starts = [quote.spans[0].start for quote in article.quotes]
    assert starts == [P2.index("It is"), P2.index("It is", 2)]


def test_a_quote_over_two_paragraphs_is_one_quote_with_two_parts() -> None:
    doc = document(Paragraph(P3), Figure("The pier at dawn."), Paragraph(P4))
    words = "The pier is ours."
    quote = Quote((part(doc, 0, words), part(doc, 2, "And we will be back next year.")), "kov")
    text, article = load(Draft(doc, (KOV,), (quote,)))
    (loaded,) = article.quotes
    assert loaded.parts == (words, "And we will be back next year.")
    assert "at: [p1, p2]" in text


def test_parts_that_do_not_follow_each_other_become_quotes_of_their_own() -> None:
    doc = document(Paragraph(P3), Paragraph(P1), Paragraph(P4))
    quote = Quote((part(doc, 0, "The pier is ours."), part(doc, 2, "And we will")), "kov")
    _text, article = load(Draft(doc, (KOV,), (quote,)))
    assert [q.parts for q in article.quotes] == [("The pier is ours.",), ("And we will",)]


def test_a_quote_with_no_speaker_goes_to_the_unattributed_speaker() -> None:
    doc = document(Paragraph(P4))
    quote = Quote((part(doc, 0, "And we will be back next year."),), None)
    lost = Quote((part(doc, 0, "And we will"),), "nobody-by-that-id")
    text, article = load(Draft(doc, (MAREN,), (quote, lost)))
    assert [q.speaker_id for q in article.quotes] == [UNATTRIBUTED_ID, UNATTRIBUTED_ID]
    assert [s.name for s in article.speakers] == ["Unattributed"]  # Maren said none of them
    assert "# no speaker found in the text for these quotes" in text


def test_notes_become_comments_above_what_they_explain() -> None:
    doc = document(
        Paragraph(P3),
        meta=Meta(
            title="Garden", published="2023-03-03", notes={"published": 'date from "on Friday"'}
        ),
    )
    quote = Quote(
        (part(doc, 0, "We will keep fishing,"),), "kov", note='speaker from "said Ana Kov"'
    )
    text, _article = load(Draft(doc, (KOV,), (quote,)))
    assert '  # date from "on Friday"\n  published: 2023-03-03\n' in text
    assert '  # speaker from "said Ana Kov"\n  - id: q1\n' in text
    assert "  # an organisation; role from the appositive\n  - id: kov\n" in text


def test_a_note_cannot_break_out_of_its_comment() -> None:
    doc = document(
        Paragraph(P1), meta=Meta(title="Garden", notes={"title": "x\nschema: 2\rid: a\u2028b"})
    )
    text, article = load(Draft(doc))
    assert article.id == "garden"
    assert "  # x schema: 2 id: a b\n" in text


def test_no_title_is_made_from_the_first_words_and_said_so() -> None:
    doc = Document(Meta(), (Paragraph(P1 + " " + P2),))
    text, article = load(Draft(doc))
    assert (
        article.meta.title
        == "The harbour council voted on Friday to build a “floating garden” on the old…"
    )
    assert "# no title in the source: the first words of the body" in text


def test_an_empty_document_still_loads() -> None:
    _text, article = load(Draft(Document(Meta(), ())))
    assert article.meta.title and article.blocks


def test_values_the_loader_would_refuse_are_left_out() -> None:
    doc = document(
        Paragraph(P1),
        meta=Meta(title="Garden", published="2023-02-30", language="not a tag!", authors=("", " ")),
    )
    bad_dates = Fact("Vote", "Friday", 0, 0, "on Friday", number=float("nan"), as_of="2023-13")
    nowhere = Fact("Elsewhere", "40,000 soldiers", 0, 0, "40,000 soldiers")
    wrong_block = Fact("Vote", "Friday", 7, 0, "Friday")
    text, article = load(Draft(doc, (), (), (bad_dates, nowhere, wrong_block)))
    assert article.meta.published is None and "language" not in text
    (fact,) = article.facts
    assert (fact.value, fact.number, fact.as_of) == ("Friday", None, None)


def test_numbers_are_written_as_the_format_reads_them() -> None:
    doc = document(Paragraph("About 40,000 soldiers and 0.5 percent, or 1e-7 of it."))
    facts = tuple(
        Fact("Figure", "40,000 soldiers", 0, 6, "40,000 soldiers", number=number)
        for number in (40000, 40000.0, 0.5, 1e-7, -2.25, True, 10**30)
    )
    _text, article = load(Draft(doc, (), (), facts))
    assert [f.number for f in article.facts] == [40000, 40000, 0.5, 40000, -2.25, 40000, 40000]


def test_a_series_is_written_in_flow_points_and_needs_two() -> None:
    points = (
        SeriesPoint("2014", "30%", 30, "2014"),
        SeriesPoint("Feb 2021", "56 percent", 56, "2021-02"),
    )
    doc = document(Paragraph("In 2014 it was 30%; in February 2021, 56 percent."))
    with_series = Fact(
        "Support",
        "56 percent",
        0,
        40,
        "56 percent",
        56,
        "%",
        "2021-02",
        Series("Support for the pier", points, "%"),
    )
    one_point = Fact("Support", "30%", 0, 15, "30%", series=Series("Support", points[:1]))
    text, article = load(Draft(doc, (), (), (with_series, one_point)))
    assert '        - {label: "2014", value: 30%, number: 30, as_of: 2014}\n' in text
    assert article.facts[1].series is not None and article.facts[0].series is None


def test_plain_scalars_only_where_they_read_back_as_themselves() -> None:
    for text in ("Jens Stoltenberg", "30%", "40,000 soldiers", "Feb 2021", "we’ll see"):
        assert plain_is_safe(text)
    for text in (
        "2014",
        "no",
        "on",
        "null",
        "~",
        "1_000",
        "- x",
        "a: b",
        "a #b",
        "%",
        "@x",
        "'x'",
        '"x"',
        "&a",
        "*a",
        "!!str",
        "x:",
        "2022-02-24",
        "0x1F",
        ".inf",
        "[x]",
    ):
        assert not plain_is_safe(text)
        assert yaml.safe_load(f"key: {scalar(text)}")["key"] == text
    assert not plain_is_safe("a, b", flow=True) and plain_is_safe("a, b")
    said = '"It\'s ours," she said. "All of it."'
    assert scalar(said) == "'\"It''s ours,\" she said. \"All of it.\"'"  # no escapes
    assert yaml.safe_load(f"key: {scalar(said)}")["key"] == said
    assert scalar('say "no"\nor not') == '"say \\"no\\"\\nor not"'


def test_a_title_from_the_first_words_leaves_the_dateline_out() -> None:
    doc = Document(
        Meta(dateline="PORT VELNA"),
        (Paragraph("PORT VELNA -- The council voted on Friday. It was close."),),
    )
    _text, article = load(Draft(doc))
    assert article.meta.title == "The council voted on Friday."


# --- Any draft at all ------------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        "no",
        "2014",
        "- item",
        "key: value",
        "# comment",
        "&anchor",
        "*alias",
        "!!python/object",
        "'",
        '"',
        "\\",
        "%YAML",
        "@",
        "`",
        "{a: b}",
        "[x]",
        "|",
        ">",
        "---",
        "...",
        "\n",
        "\t",
        "\r\n",
        "\u2028",
        "\u2029",
        "\x85",
        "\x1b[31m",
        "\x9b",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\ufffe",
        "\uffff",
        "\ud800",
        "e\u0301" * 3 + "\u0301" * 30,
        "\x00",
        "\x7f",
        " ",
        "",
        "<script>alert(1)</script>",
        "{{x}}",
        "💥",
        "\U0010fffd",
    ]
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(HOSTILE, st.text(max_size=8)), max_size=6).map("".join),
)
OPTIONAL = st.one_of(st.none(), TEXT)
BLOCKS = st.one_of(
    st.builds(Paragraph, TEXT),
    st.builds(Subheading, TEXT),
    st.builds(Figure, TEXT, OPTIONAL, OPTIONAL, OPTIONAL),
)
DATES = st.one_of(
    OPTIONAL,
    st.dates().map(str),
    st.sampled_from(["2014", "2021-02", "2022-02-24T14:30:00+01:00", "2023-02-29", "2022-00"]),
)
NUMBERS = st.one_of(st.none(), st.integers(), st.floats(), st.booleans())


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    blocks = draw(st.lists(BLOCKS, max_size=6))
    meta = draw(
        st.builds(
            Meta,
            OPTIONAL,
            OPTIONAL,
            DATES,
            OPTIONAL,
            st.lists(TEXT, max_size=3).map(tuple),
            OPTIONAL,
            OPTIONAL,
            OPTIONAL,
            st.dictionaries(st.sampled_from(["title", "published"]), TEXT),
        )
    )
    speaker_ids = st.one_of(TEXT, st.sampled_from(["a", "b", UNATTRIBUTED_ID]))
    speakers = draw(
        st.lists(
            st.builds(
                Speaker,
                speaker_ids,
                TEXT,
                OPTIONAL,
                st.sampled_from(["person", "group", "organisation"]),
                OPTIONAL,
            ),
            max_size=4,
        )
    )

    def words_in(index: int) -> st.SearchStrategy[tuple[int, str]]:
        text = _block_text(blocks[index]) if 0 <= index < len(blocks) else ""
        if not text:
            return st.tuples(st.integers(-5, 50), TEXT)
        return st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(
            lambda ends: (min(ends), text[min(ends) : max(ends)])
        )

    def quote_parts() -> st.SearchStrategy[QuotePart]:
        return st.integers(-1, len(blocks)).flatmap(
            lambda index: words_in(index).map(lambda found: QuotePart(index, *found))
        )

    quotes = draw(
        st.lists(
            st.builds(
                Quote,
                st.lists(quote_parts(), max_size=3).map(tuple),
                st.one_of(st.none(), speaker_ids),
                st.booleans(),
                OPTIONAL,
                OPTIONAL,
            ),
            max_size=5,
        )
    )
    points = st.builds(SeriesPoint, TEXT, TEXT, NUMBERS, DATES)
    series = st.one_of(
        st.none(), st.builds(Series, TEXT, st.lists(points, max_size=3).map(tuple), OPTIONAL)
    )
    facts = []
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(-1, len(blocks)))
        start, match = draw(words_in(index))
        facts.append(
            Fact(
                draw(TEXT),
                draw(st.one_of(st.just(match), TEXT)),
                index,
                start,
                match,
                draw(NUMBERS),
                draw(OPTIONAL),
                draw(DATES),
                draw(series),
                draw(OPTIONAL),
            )
        )
    return Draft(Document(meta, tuple(blocks)), tuple(speakers), tuple(quotes), tuple(facts))


def _block_text(block: Paragraph | Subheading | Figure) -> str:
    return block.caption if isinstance(block, Figure) else block.text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), OPTIONAL)
def test_any_draft_is_written_as_a_file_that_loads(draft: Draft, source: str | None) -> None:
    text = to_yaml(draft, source=source)
    parse_article(text, "<hypothesis>")


@st.composite
def sound_drafts(draw: st.DrawFn) -> Draft:
    """Drafts as the importer's stages make them: clean texts, quotes that stand in them."""
    texts = draw(st.lists(TEXT.map(clean).filter(bool), min_size=1, max_size=5))
    doc = Document(Meta(title=draw(TEXT)), tuple(Paragraph(text) for text in texts))
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, len(texts) - 1))
        start = draw(st.integers(0, len(texts[index]) - 1))
        end = draw(st.integers(start + 1, len(texts[index])))
        words = texts[index][start:end]
        if clean(words):
            quotes.append(
                Quote((QuotePart(index, start, words),), draw(st.sampled_from(["a", None])))
            )
    return Draft(doc, (Speaker("a", "Ana Kov"),), tuple(quotes))


@settings(max_examples=200, deadline=None)
@given(sound_drafts())
def test_a_sound_draft_keeps_every_quote_and_speaker(draft: Draft) -> None:
    article = parse_article(to_yaml(draft), "<hypothesis>")
    assert len(article.quotes) == len(draft.quotes)
    names = {"a": "Ana Kov", None: "Unattributed"}
    for quote, loaded in zip(
        sorted(draft.quotes, key=lambda q: (q.parts[0].block, _start(draft, q))),
        article.quotes,
        strict=True,
    ):
        assert loaded.parts == (clean(quote.parts[0].text),)
        assert article.speakers_by_id[loaded.speaker_id].name == names[quote.speaker]


def _start(draft: Draft, quote: Quote) -> int:
    """Where the loader finds the quote's words: the occurrence nearest to the draft's offset."""
    part = quote.parts[0]
    text = draft.document.blocks[part.block].text  # type: ignore[union-attr]
    words = clean(part.text)
    starts, position = [], 0
    while (found := text.find(words, position)) >= 0:
        starts.append(found)
        position = found + len(words)
    return min(starts, key=lambda start: abs(start - part.start))


DOCUMENTED = """\
Harbour council approves floating garden for Port Velna

“Nobody asked us before the vote was held.”

The harbour council voted 7-2 on Thursday, Feb 23, 2023, to build a floating garden.

“It is the greenest thing this town has done in forty years,” Maren told reporters.

“We will keep it green,” she said. “And we will keep it open.”

The company said in a statement that it “welcomed the vote of the harbour council.”
"""


def test_the_drafts_conventions_are_those_docs_content_format_describes() -> None:
    import re
    from pathlib import Path

    from tui.importer.pipeline import Raw, import_raw

    imported = import_raw(Raw("story.txt", DOCUMENTED.encode(), "text"))
    text = imported.yaml  # type: ignore[union-attr]
    article = parse_article(text)
    assert UNATTRIBUTED_ID in article.speakers_by_id
    doc = (Path(__file__).parent.parent / "docs" / "content-format.md").read_text("utf-8")
    section = doc[doc.index("## Drafts made by `tui-reader import`") :]
    section = re.sub(r"\s+", " ", section[: section.index("\n## ", 3)])
    assert f"the id `{UNATTRIBUTED_ID}` and the name `Unattributed`" in section
    comments = {line.strip() for line in text.splitlines() if line.strip().startswith("#")}
    assert len(comments) >= 4  # the two lines at the top, and some inferred
    for line in comments:
        # Each comment's form is documented: the words it quotes from the source aside.
        form = re.sub(r'"[^"]*"', '"', line.replace("story.txt", "SOURCE"))
        documented = {re.sub(r'"[^"]*"', '"', c) for c in re.findall(r"`(#[^`]*)`", section)}
        assert form in documented, (line, sorted(documented))
