"""``tui-reader export``: plain text, Markdown, JSON and HTML of the seed and a hostile article."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tui.cli import main
from tui.content_paths import default_article_path
from tui.model.article import Article, PartialDate, Span
from tui.model.loader import load_article
from tui.render import render
from tui.render.common import published_human
from tui.render.json_export import EXPORT_VERSION
from tui.render.markdown import escape

ROOT = Path(__file__).parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile" / "hostile.yaml"
ARTICLES = {"seed": default_article_path(), "hostile": HOSTILE}


@pytest.fixture(params=sorted(ARTICLES), scope="module")
def article(request: pytest.FixtureRequest) -> Article:
    return load_article(ARTICLES[request.param])


def test_plain_text_has_title_paragraphs_quotes_with_speakers_and_facts(article: Article) -> None:
    text = render(article, "txt")
    assert text.startswith(article.meta.title + "\n")
    for block in article.blocks:
        assert block.text in text
    for number, quote in enumerate(article.quotes, 1):
        marker = f"{number}. "
        indent = " " * len(marker)
        # Lines after the first stand under the number; a blank line stays blank.
        words = f"“{quote.text}”".replace("\n", "\n" + indent).replace(indent + "\n", "\n")
        assert f"\n{marker}{words}\n{indent}— {article.speaker_of(quote).attribution} (" in text
    for fact in article.facts:
        assert f"- {fact.label}: {fact.value} (" in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


def test_plain_text_names_the_paragraph_of_each_quote() -> None:
    article = load_article(default_article_path())
    text = render(article, "txt")
    quote = next(q for q in article.quotes if len(q.spans) == 1 and not q.context)
    number = article.paragraph_numbers[quote.spans[0].block_id]
    assert f"{article.speaker_of(quote).attribution} (paragraph {number})" in text


def test_json_round_trips_with_every_quote_and_fact(article: Article) -> None:
    data = json.loads(render(article, "json"))
    assert data["format"] == "tui-reader-article" and data["version"] == EXPORT_VERSION
    assert data["id"] == article.id and data["meta"]["title"] == article.meta.title
    assert [b["id"] for b in data["body"]] == [b.id for b in article.blocks]
    assert [q["id"] for q in data["quotes"]] == [q.id for q in article.quotes]
    for exported, quote in zip(data["quotes"], article.quotes, strict=True):
        assert exported["text"] == quote.text
        assert exported["speaker"]["name"] == article.speaker_of(quote).name
        assert [at["block"] for at in exported["at"]] == [s.block_id for s in quote.spans]
        for at in exported["at"]:
            assert at["paragraph"] == article.paragraph_numbers.get(at["block"])
    assert [f["id"] for f in data["facts"]] == [f.id for f in article.facts]
    for exported, fact in zip(data["facts"], article.facts, strict=True):
        assert (exported["label"], exported["value"]) == (fact.label, fact.value)
        assert exported["at"]["block"] == fact.block_id
        block = article.blocks[article.block_index[fact.block_id]]
        assert block.text[exported["at"]["start"] : exported["at"]["end"]]


def test_the_json_shape_matches_the_documentation() -> None:
    """Every key the export writes is named in docs/export-format.md."""
    doc = (ROOT / "docs" / "export-format.md").read_text()
    data = json.loads(render(load_article(ROOT / "tests/data/good/full.yaml"), "json"))

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    missing = sorted(key for key in keys(data) if f"`{key}`" not in doc)
    assert missing == []


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escapes_everything(article: Article) -> None:
    html = render(article, "html")
    assert "<script" not in html.lower()
    parser = _Collector()
    parser.feed(html)
    # Only the tags the renderer writes itself: content never adds one.
    allowed = {"html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "p"}
    allowed |= {"br", "blockquote", "ol", "ul", "li", "b", "span"}
    assert set(parser.tags) <= allowed
    assert "style" in parser.tags
    # No external resource and no link: nothing to fetch, nothing to click.
    assert {name for name, _ in parser.attributes} <= {
        "lang", "charset", "http-equiv", "content", "name", "id", "class",
    }  # fmt: skip
    assert not re.search(r"\b(src|href)\s*=", html)
    text = "".join(parser.text)
    assert article.meta.title in text
    for quote in article.quotes:
        assert quote.parts[0].split("\n")[0] in text


def test_markdown_escapes_links_and_markup() -> None:
    assert escape("[docs](file:///etc/passwd)") == r"\[docs\](`file:///etc/passwd`)"
    assert escape("<https://x>") == r"\<`https://x`\>"
    assert escape("# not a heading") == r"\# not a heading"
    assert escape("- not a list\n1. nor this") == "\\- not a list\n\\1. nor this"
    assert escape("*a* _b_ `c` [/] |t|") == r"\*a\* \_b\_ \`c\` \[/\] \|t\|"
    md = render(load_article(HOSTILE), "md")
    assert "](`file:" in md and "\\[docs\\](`file:///etc/passwd`)" in md
    assert not re.search(r"(?<!\\)\[[^\]\\]*(?<!\\)\]\(", md), "an unescaped link"


#: Addresses that GitHub (when it parses, and again on the rendered text), markdown-it's
#: linkify and other renderers make links of by themselves, in the places they appear in text.
ADDRESSES = [
    "https://example.com/a_(b)?q=1&r=2#x",
    "HTTPS://EXAMPLE.ORG/UPPER",
    "ftp://files.example.net/x",
    "file:///etc/passwd",
    "www.example.com/path",
    "WWW.EXAMPLE.COM",
    "press@example.com",
    "first_last+tag@mail.example.co.uk",
    "mailto:someone@example.com",
    "xmpp:someone@example.com",
    "//example.com/protocol-relative",
    "example.com",
    "Reuters.com/world",
    "nato.int",
]
CONTEXTS = ["{}", "see {}.", "(see {})", "<{}>", "“{}”", "*{}*", "_{}_", "~{}~", "a{}", "x_{}"]


def addresses_article() -> Article:
    from tui.model.loader import parse_article

    texts = [context.format(address) for address in ADDRESSES for context in CONTEXTS]
    paragraphs = "\n".join(
        f"  - {{id: p{n}, paragraph: {json.dumps(text)}}}" for n, text in enumerate(texts)
    )
    return parse_article(
        "schema: 1\nid: addresses\nmeta:\n"
        "  title: Write to press@example.com or www.example.com\n"
        "speakers:\n  - {id: s, name: someone@example.com, role: https://example.com/role}\n"
        f"body:\n{paragraphs}\n"
        "quotes:\n  - {id: q1, speaker: s, text: Ask www.example.com, not_in_body: true,"
        " context: on https://example.com/said}\n"
        "facts:\n  - {id: f1, label: Site, value: https://example.com/a_(b)?q=1&r=2#x, at: p0}\n"
    )


class _Text(HTMLParser):
    """The rendered text outside ``<code>`` and inside it, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.outside: list[str] = []
        self.code: list[str] = []
        self.links = 0
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_code += tag == "code"
        self.links += tag == "a"

    def handle_endtag(self, tag: str) -> None:
        self._in_code -= tag == "code"

    def handle_data(self, data: str) -> None:
        (self.code if self._in_code else self.outside).append(data)


#: What GitHub links a second time in the rendered text, where escapes are gone (its
#: ``www.``, ``http(s)://`` and e-mail autolink literals), anywhere but in code.
SECOND_PASS = re.compile(r"https?://|www\.|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.IGNORECASE)


def test_markdown_addresses_are_never_links_wherever_it_is_rendered() -> None:
    from markdown_it import MarkdownIt

    md = render(addresses_article(), "md")
    html = MarkdownIt("gfm-like").render(md)  # GFM's tables and strikethrough, and linkify
    text = _Text()
    text.feed(html)
    assert text.links == 0, html
    outside = "".join(text.outside)
    assert SECOND_PASS.search(outside) is None, outside
    # Still readable: each address is there, whole, as written.
    shown = "".join(text.code)
    for address in ADDRESSES:
        assert address in shown or address in outside, address


def test_markdown_escaping_takes_time_in_proportion_to_the_text() -> None:
    """Addresses are looked for where a run of their characters starts: tried at every letter
    of a long word, the search took time growing with the square of its length."""
    import time

    started = time.perf_counter()
    for text in ["a" * 200_000, "a." * 100_000, "a@" * 100_000, "x@y." * 50_000, "a+" * 100_000]:
        assert len(escape(text)) >= len(text)
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_the_export_command_writes_stdout_or_a_file(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = load_article(default_article_path())
    assert main(["export", str(default_article_path()), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out == render(article, fmt)
    target = tmp_path / f"article.{fmt}"
    assert main(["export", str(default_article_path()), "--format", fmt, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out
    assert capsys.readouterr().out == ""


def test_the_export_command_reports_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["export", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    unwritable = tmp_path / "file" / "out.txt"
    (tmp_path / "file").write_text("")
    assert main(["export", str(default_article_path()), "-o", str(unwritable)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{unwritable}: cannot write") and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["export", str(default_article_path()), "--format", "pdf"])


def test_the_piped_reader_prints_the_same_plain_text() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", str(HOSTILE)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == render(load_article(HOSTILE), "txt")


# --- The text exports carry the same things ----------------------------------------------

#: An article with every field of the content format, each value its own words (no value is
#: part of another by chance), so that where a value shows up can be counted.
EVERY_FIELD = """\
schema: 1
id: every-field
meta:
  title: Harbour lights over Kestrel Bay
  subtitle: Ferries resume after the long winter
  published: 2023-03-14T09:05:00+02:00
  dateline: Portavon
  source:
    outlet: The Coastal Ledger
    url: https://ledger.example.org/ferries
  authors: [Mira Okafor, Tomas Lindqvist]
  language: en-GB
  tags: [shipping, weather]
speakers:
  - id: harbourmaster
    name: Ines Duarte
    role: Harbourmaster of Portavon
  - id: captain
    name: Olek Brandt
body:
  - id: p1
    paragraph: "After four months ashore, the first boat left at dawn: “We waited for calm water.”"
  - id: h1
    subheading: Timetables for spring
  - id: p2
    paragraph: "“The engines are new."
  - id: p3
    paragraph: "“The crews are the same.”"
  - id: fig1
    figure:
      caption: Passengers boarding at sunrise
      credit: Ana Ruiz/Ledger
      alt: A crowd on a gangway
      image: https://ledger.example.org/boarding.jpg
  - id: pq1
    pullquote:
      text: Calm water is worth the wait
      speaker: captain
  - id: p4
    paragraph: It carried 212 passengers, up from 140 passengers, thanks to steady hands.
quotes:
  - id: q1
    speaker: harbourmaster
    text: We waited for calm water.
    at: p1
    context: speaking on the pier
  - id: q2
    speaker: harbourmaster
    text: [The engines are new., The crews are the same.]
    at: [p2, p3]
    context: at the ticket office
  - id: q3
    speaker: captain
    text: Nobody sails in a gale
    not_in_body: true
    context: in a radio interview
  - id: q4
    speaker: captain
    text: steady hands
    at: p4
    fragment: true
facts:
  - id: f1
    label: Time without service
    value: four months
    at: p1
    number: 4
    unit: monthcount
    as_of: 2023-03
  - id: f2
    label: Travellers on the first crossing
    value: 212 passengers
    at: p4
    unit: headcount
    as_of: 2023-03-14
    series:
      label: Spring crossings by year
      unit: persons-aboard
      points:
        - {label: Year before, value: 140 passengers, number: 140, as_of: 2021-04}
        - {label: This year, value: 212 passengers, number: 212, as_of: 2023-05}
"""

#: Fields only the JSON carries: a machine's (the language, units beside a value already
#: written with its unit, a point's date beside its label) or an image the text cannot show.
JSON_ONLY = {
    "meta.language",
    "blocks[].alt",
    "blocks[].image_url",
    "facts[].unit",
    "facts[].series.unit",
    "facts[].series.points[].as_of",
}


def field_values(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every value an export may show, as ``(field path, text)``: strings, and dates as the
    text exports write them. Ids and spans are where things stand, not what is said (the
    exports show them as paragraph numbers); numbers and flags are the JSON's."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, PartialDate):
        yield path, value.human()
    elif isinstance(value, dt.date):
        yield path, published_human(value) or ""
    elif isinstance(value, Span):
        return
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        for name in value._fields:
            if name != "id" and not name.endswith("_id"):
                yield from field_values(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from field_values(item, f"{path}[{index}]")


class _BodyText(HTMLParser):
    """The text a browser shows of a page: what is in its body (or in no head)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._head = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._head += tag == "head"

    def handle_endtag(self, tag: str) -> None:
        self._head -= tag == "head"

    def handle_data(self, data: str) -> None:
        if not self._head:
            self.text.append(data)


def shown_text(html: str) -> str:
    parser = _BodyText()
    parser.feed(html)
    return "".join(parser.text)


def text_exports(article: Article) -> dict[str, str]:
    """What a reader of each text export sees: the plain text, the Markdown as rendered
    (escapes gone), the HTML page's text."""
    from markdown_it import MarkdownIt

    return {
        "txt": render(article, "txt"),
        "md": shown_text(MarkdownIt("gfm-like").render(render(article, "md"))),
        "html": shown_text(render(article, "html")),
    }


def test_the_text_exports_show_every_field_the_same_number_of_times() -> None:
    """A field one text export shows and another leaves out (the facts' series were in the
    plain text only; a multipart quote's context in none) fails here."""
    from tui.model.loader import parse_article

    article = parse_article(EVERY_FIELD)
    exports = text_exports(article)
    top = {name: getattr(article, name) for name in ("meta", "speakers", "blocks", "quotes")}
    values = [
        (path, text)
        for name, value in {**top, "facts": article.facts}.items()
        for path, text in field_values(value, name)
    ]
    assert len(values) > 40
    differing, missing, unexpected = [], [], []
    for path, text in values:
        counts = {fmt: shown.count(text) for fmt, shown in exports.items()}
        if len(set(counts.values())) > 1:
            differing.append((path, text, counts))
        elif re.sub(r"\[\d+\]", "[]", path) in JSON_ONLY:
            if counts["txt"]:
                unexpected.append((path, text))
        elif not counts["txt"]:
            missing.append((path, text))
    assert differing == [] and missing == [] and unexpected == []
    # And the JSON has every one of them (its dates are ISO 8601: tested above).
    json_text = render(article, "json")
    words = [(p, t) for p, t in values if not p.endswith(("published", "as_of"))]
    assert [p for p, t in words if json.dumps(t, ensure_ascii=False) not in json_text] == []


def many_quotes_article(multipart_number: int) -> Article:
    """An article whose quote number ``multipart_number`` runs over two paragraphs."""
    from tui.model.loader import parse_article

    singles = [f"word{n}" for n in range(1, multipart_number)]
    body = "".join(f"  - {{id: p{n}, paragraph: said {w}}}\n" for n, w in enumerate(singles, 1))
    quotes = "".join(
        f"  - {{id: q{n}, speaker: s, text: {w}, at: p{n}}}\n" for n, w in enumerate(singles, 1)
    )
    return parse_article(
        "schema: 1\nid: many\nmeta: {title: Many quotes}\nspeakers: [{id: s, name: Someone}]\n"
        f"body:\n{body}  - {{id: a, paragraph: First part.}}\n"
        "  - {id: b, paragraph: '- Second.'}\n  - {id: c, paragraph: after}\n"
        f"quotes:\n{quotes}"
        "  - {id: qm, speaker: s, text: [First part., '- Second.'], at: [a, b]}\n"
        "  - {id: qz, speaker: s, text: after, at: c}\n"
    )


@pytest.mark.parametrize("number", [1, 10])
def test_a_quote_over_two_paragraphs_keeps_its_paragraph_break(number: int) -> None:
    from markdown_it import MarkdownIt

    article = many_quotes_article(number)
    marker = f"{number}. "
    indent = " " * len(marker)
    where = f"paragraphs {number}-{number + 1}"
    # Plain text: a blank line between the parts, both under the number.
    assert (
        f"\n\n{marker}“First part.\n\n{indent}- Second.”\n{indent}— Someone ({where})\n\n"
        in render(article, "txt")
    )
    # Markdown: one list item of two paragraphs, and the list goes on after it.
    html = MarkdownIt("gfm-like").render(render(article, "md"))
    assert html.count("<ol") == 1 and html.count("<li>") == number + 1
    item = f"<p>“First part.</p>\n<p>- Second.” — <strong>Someone</strong> ({where})</p>"
    assert f"<li>\n{item}\n</li>" in html
    # HTML: a blank line between the parts.
    assert "“First part.<br>\n<br>\n- Second.”" in render(article, "html")
