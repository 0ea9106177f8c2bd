"""Arbitrary Unicode in every text field of an otherwise valid article.

It loads, or fails with errors that each name a field; what loads renders in every export
format, and the app mounts, visits every quote and fact, and draws at 120x40 and 40x12.
"""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.app import ReaderApp
from tui.linear.document import render_plain
from tui.model.article import Article
from tui.model.errors import ContentInvalid
from tui.model.loader import parse_article
from tui.model.sanitize import clean_text
from tui.render.html import render_html
from tui.render.json_export import render_json
from tui.render.markdown import render_markdown

CJK = "中文字體新聞記者報道北約俄羅斯烏克蘭한국어日本語のテキスト"
EMOJI = ["👩‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇺🇦", "🧑🏿‍🚀", "❤️‍🔥", "😀"]
COMBINING = ["e\u0301", "a\u0308\u0323", "n\u0303", "\u0915\u094d\u0937", "Z\u0336\u0337\u0338"]

#: Hard cases first: CJK, emoji and ZWJ sequences, combining marks, long words and URLs with
#: no spaces, empty and blank strings; then anything at all.
field_text = st.one_of(
    st.text(alphabet=st.sampled_from(CJK), min_size=1, max_size=300),
    st.lists(st.sampled_from(EMOJI + COMBINING + [" ", "x"]), max_size=80).map("".join),
    st.integers(200, 3000).map(lambda n: "w" * n),
    st.integers(100, 2000).map(lambda n: "https://example.com/" + "a1/" * n),
    st.sampled_from(["", " ", "\u200b", "\n\n", "\t"]),
    st.text(max_size=200),
)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character outside plain printable text
    escaped (a raw control character is a file-level error, not the field error wanted)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char != "\u0085":
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def article_yaml(f: dict[str, str]) -> str:
    """A content file with ``f``'s text in every text field; quote and fact words stand in p1."""
    q = f["quote"]
    v = f["fact_value"]
    paragraph = f"{f['paragraph']} {q} and {v} end"
    s = yaml_string
    return f"""schema: 1
id: any
meta:
  title: {s(f["title"])}
  subtitle: {s(f["subtitle"])}
  dateline: {s(f["dateline"])}
  source: {{outlet: {s(f["outlet"])}, url: {s(f["url"])}}}
  authors: [{s(f["author"])}]
  tags: [{s(f["tag"])}]
speakers:
  - {{id: s1, name: {s(f["name"])}, role: {s(f["role"])}}}
body:
  - {{id: p1, paragraph: {s(paragraph)}}}
  - {{id: h1, subheading: {s(f["subheading"])}}}
  - id: fig1
    figure: {{caption: {s(f["caption"])}, credit: {s(f["credit"])}, alt: {s(f["alt"])}}}
  - id: pq1
    pullquote: {{text: {s(f["pullquote"])}, speaker: s1}}
quotes:
  - {{id: q1, speaker: s1, text: {s(q)}, at: p1}}
  - {{id: q2, speaker: s1, text: {s(f["said"])}, not_in_body: true, context: {s(f["context"])}}}
facts:
  - {{id: f1, label: {s(f["fact_label"])}, value: {s(v)}, at: p1, unit: {s(f["unit"])}}}
"""


def articles(text: st.SearchStrategy[str] = field_text) -> st.SearchStrategy[str]:
    return st.fixed_dictionaries({name: text for name in FIELDS}).map(article_yaml)


FIELDS = [
    "title", "subtitle", "dateline", "outlet", "url", "author", "tag", "name", "role",
    "paragraph", "subheading", "caption", "credit", "alt", "pullquote", "quote", "said",
    "context", "fact_label", "fact_value", "unit",
]  # fmt: skip


def load_or_field_errors(text: str) -> Article | None:
    try:
        return parse_article(text, "any.yaml")
    except ContentInvalid as invalid:
        for error in invalid.errors:
            assert error.field, f"an error that names no field: {error}"
            assert error.line > 0
        return None


#: Text that is not empty once sanitised: most articles made of it load.
present_text = field_text.filter(lambda text: clean_text(text) != "")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.one_of(articles(), articles(present_text)))
def test_any_text_loads_or_names_the_field_and_renders(text: str) -> None:
    article = load_or_field_errors(text)
    if article is None:
        return
    plain = render_plain(article)
    assert article.meta.title in plain
    assert "\x1b" not in plain
    data = json.loads(render_json(article))
    assert len(data["quotes"]) == len(article.quotes) and len(data["facts"]) == len(article.facts)
    assert data["meta"]["title"] == article.meta.title
    html = render_html(article)
    assert "<script" not in html.lower()
    render_markdown(article)


def test_the_template_is_a_valid_article() -> None:
    """Plain words everywhere load, so a failure to load comes from the drawn text."""
    article = parse_article(article_yaml({name: f"{name} words" for name in FIELDS}))
    assert len(article.quotes) == 2 and len(article.facts) == 1


async def visit_everything(article: Article) -> None:
    """Every quote and fact, back again, the about dialog; then the same at 40x12."""
    app = ReaderApp(article, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        keys = ["n"] * len(article.quotes) + ["f"] * len(article.facts) + ["N", "F"]
        await pilot.press(*keys, "i")
        app.export_screenshot()  # draws every line of the screen
        await pilot.press("escape")
        assert app.reader.quote_list.highlighted is not None
        await pilot.resize_terminal(40, 12)
        await pilot.press("n", "f", "tab")
        app.export_screenshot()


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(articles(present_text))
def test_the_app_mounts_and_visits_every_quote_and_fact(text: str) -> None:
    article = load_or_field_errors(text)
    if article is None:
        return
    asyncio.run(visit_everything(article))
