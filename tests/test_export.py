"""``tui-reader export``: plain text, Markdown, JSON and HTML of the seed and a hostile article."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tui.cli import main
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.render import render
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
        assert f"{number}. “{quote.text}”" in text
        assert f"— {article.speaker_of(quote).attribution} (" in text
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
