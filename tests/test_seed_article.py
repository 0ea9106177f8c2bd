"""The seed article loads cleanly and holds every paragraph, quote and fact of its source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from tui.model.article import Article, Figure, Paragraph, PartialDate
from tui.model.loader import load_article

SEED = Path(__file__).resolve().parent.parent / "content" / "nato-defence-plans-2022-02-24.yaml"

#: A passage in double quotation marks: up to the closing mark, or to the end of the paragraph
#: when a quote goes on into the next one (that paragraph opens a mark and never closes it).
QUOTED = re.compile(r"“([^“”]*)(?:”|$)")


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article(SEED)


def paragraphs(article: Article) -> list[Paragraph]:
    return [block for block in article.blocks if isinstance(block, Paragraph)]


def figures(article: Article) -> list[Figure]:
    return [block for block in article.blocks if isinstance(block, Figure)]


def block_text(article: Article, block_id: str) -> str:
    return article.blocks[article.block_index[block_id]].text


def test_counts(article: Article) -> None:
    assert len(paragraphs(article)) == 24
    assert len(figures(article)) == 3
    assert len(article.blocks) == 27
    assert len(article.quotes) == 16
    assert sum(quote.fragment for quote in article.quotes) == 10
    assert len(article.facts) == 10
    assert len(article.speakers) == 2


def test_ids_are_numbered_in_reading_order(article: Article) -> None:
    assert article.paragraph_ids == tuple(f"p{n}" for n in range(1, 25))
    assert [figure.id for figure in figures(article)] == ["fig1", "fig2", "fig3"]
    assert [quote.id for quote in article.quotes] == [f"q{n}" for n in range(1, 17)]
    assert [fact.id for fact in article.facts] == [f"f{n}" for n in range(1, 11)]
    ids = [block.id for block in article.blocks]
    assert ids.index("fig1") == 0
    assert ids.index("fig2") == ids.index("p13") + 1
    assert ids.index("fig3") == ids.index("p21") + 1


def test_meta_gives_only_what_the_seed_gives(article: Article) -> None:
    meta = article.meta
    assert article.id == "nato-defence-plans-2022-02-24"
    assert meta.title == (
        "NATO activating ‘defense plans’ for allies over Russian invasion of Ukraine"
    )
    assert meta.subtitle == (
        "Chief Jens Stoltenberg stresses military alliance has no plans to send troops to Ukraine,"
        " accuses Russia of not taking diplomacy ‘seriously’"
    )
    assert meta.published == dt.date(2022, 2, 24)
    assert meta.published.weekday() == 3  # a Thursday, as the text says
    assert meta.dateline is None
    assert meta.source.outlet is None
    assert meta.source.url is None
    assert meta.authors == ()
    assert meta.language == "en"
    assert {"NATO", "Russia", "Ukraine"} <= set(meta.tags)


def test_speakers(article: Article) -> None:
    assert [(s.id, s.name, s.role) for s in article.speakers] == [
        ("stoltenberg", "Jens Stoltenberg", "NATO Secretary General"),
        ("putin", "Vladimir Putin", "Russian President"),
    ]
    assert article.quote_count_by_speaker() == {"stoltenberg": 15, "putin": 1}


def test_first_and_last_paragraphs(article: Article) -> None:
    body = paragraphs(article)
    assert body[0].text == (
        "NATO is activating its “defense plans” for allied countries as Russia attacks non-NATO"
        " member Ukraine, alliance chief Jens Stoltenberg told a media conference on Thursday."
    )
    assert body[-1].text.startswith("Stoltenberg has previously said NATO has no plans")
    assert "—" in block_text(article, "p21")


def test_no_boilerplate_in_the_body(article: Article) -> None:
    for block in article.blocks:
        text = block.text.lower()
        for boilerplate in ("read more", "subscribed", "never miss", "get notifications"):
            assert boilerplate not in text, block.id


def test_figures_split_caption_and_credit(article: Article) -> None:
    assert [(figure.credit) for figure in figures(article)] == [
        "Virginia Mayo/AP",
        "Evgeniy Maloletka/AP",
        "AP Photo/Sergei Grits, File",
    ]
    first = figures(article)[0]
    assert first.caption == (
        "NATO Secretary General Jens Stoltenberg speaks during a media conference at NATO"
        " headquarters in Brussels, Feb 24, 2022."
    )
    for figure in figures(article):
        assert figure.alt
        assert "(" not in figure.caption
        assert figure.caption.endswith(".")


def test_the_two_paragraph_quote(article: Article) -> None:
    quote = next(q for q in article.quotes if len(q.parts) > 1)
    assert quote.id == "q9"
    assert quote.speaker_id == "stoltenberg"
    assert not quote.fragment
    assert quote.parts == (
        "So Russia has shut the door to a political solution. We regret that. But that’s, sadly,"
        " the reality, which has severe and very serious consequences for the people of Ukraine,"
        " but also actually impacts the security for all of us.",
        "And that’s the reason why we step up our presence in the eastern part of the alliance.",
    )
    assert [span.block_id for span in quote.spans] == ["p12", "p13"]


def test_putins_fragment(article: Article) -> None:
    (quote,) = [q for q in article.quotes if q.speaker_id == "putin"]
    assert quote.text == "demilitarize"
    assert quote.fragment
    assert [span.block_id for span in quote.spans] == ["p21"]
    assert article.speaker_of(quote).name == "Vladimir Putin"


def test_every_quote_span_holds_its_words(article: Article) -> None:
    for quote in article.quotes:
        assert quote.in_body, quote.id
        assert len(quote.spans) == len(quote.parts), quote.id
        for span, part in zip(quote.spans, quote.parts, strict=True):
            assert block_text(article, span.block_id)[span.start : span.end] == part, quote.id


def test_every_quoted_passage_is_a_quote(article: Article) -> None:
    """Each “...” passage in a paragraph is exactly one quote's span (a trailing comma aside)."""
    spans = {
        (span.block_id, span.start, span.end) for quote in article.quotes for span in quote.spans
    }
    passages = []
    for paragraph in paragraphs(article):
        for found in QUOTED.finditer(paragraph.text):
            words = found.group(1).removesuffix(",")
            start = found.start(1)
            passages.append((paragraph.id, start, start + len(words)))
    assert len(passages) == 17
    missed = [passage for passage in passages if passage not in spans]
    assert missed == []
    # ... and no quote stands outside quotation marks.
    assert spans == set(passages)


def test_the_caption_title_is_not_a_quote(article: Article) -> None:
    # ‘Mariupol is Ukraine’ names an event in the third caption; nobody is quoted there.
    assert "‘Mariupol is Ukraine,’" in figures(article)[2].caption
    assert all(span.block_id.startswith("p") for q in article.quotes for span in q.spans)


def test_statement_quotes_say_so(article: Article) -> None:
    by_id = {quote.id: quote for quote in article.quotes}
    for quote_id in ("q10", "q11", "q12", "q13", "q14", "q15"):
        assert by_id[quote_id].context == "in a statement", quote_id
    assert by_id["q16"].context == "in a televised address"
    full = [quote.id for quote in article.quotes if not quote.fragment]
    assert full == ["q7", "q9", "q12", "q13", "q14", "q15"]


def test_every_fact_span_holds_its_words(article: Article) -> None:
    raw = yaml.load(SEED.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    written = {fact["id"]: fact.get("match", fact["value"]) for fact in raw["facts"]}
    for fact in article.facts:
        text = block_text(article, fact.block_id)
        assert text[fact.span.start : fact.span.end] == written[fact.id], fact.id
        assert fact.value in text[fact.span.start : fact.span.end], fact.id


def test_numeric_facts(article: Article) -> None:
    by_value = {fact.value: fact for fact in article.facts}
    force = by_value["40,000 soldiers"]
    assert (force.number, force.unit, force.block_id) == (40000, "soldiers", "p7")
    unit = by_value["7,000 personnel"]
    assert (unit.number, unit.unit, unit.block_id) == (7000, "personnel", "p7")
    alliance = by_value["30-nation"]
    assert (alliance.number, alliance.unit, alliance.block_id) == (30, "nations", "p4")
    assert by_value["2014"].as_of == PartialDate(2014)
    block = block_text(article, "p7")
    assert block[force.span.start : force.span.end] == "40,000 soldiers"


def test_dated_events(article: Article) -> None:
    as_of = {fact.label: fact.as_of for fact in article.facts}
    thursday, friday = PartialDate(2022, 2, 24), PartialDate(2022, 2, 25)
    assert as_of["Stoltenberg's media conference"] == thursday
    assert as_of["Emergency meeting of NATO ambassadors"] == thursday
    assert as_of["NATO video summit"] == friday
    assert as_of["Putin announces military operation in Ukraine"] == thursday


def test_the_survey_series(article: Article) -> None:
    survey = [fact for fact in article.facts if fact.series is not None]
    assert [fact.value for fact in survey] == ["56 percent", "30%"]
    assert [fact.as_of for fact in survey] == [PartialDate(2021, 2), PartialDate(2014)]
    for fact in survey:
        assert fact.block_id == "p23"
        assert fact.unit == "%"
        series = fact.series
        assert series.label == "Support for NATO membership in Ukraine"
        assert series.unit == "%"
        assert [(p.label, p.value, p.number, p.as_of) for p in series.points] == [
            ("2014", "30%", 30, PartialDate(2014)),
            ("Feb 2021", "56 percent", 56, PartialDate(2021, 2)),
        ]
