"""The strict loader: one bad file per failure mode, the good fixtures, and the sanitiser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import yaml_tree
from tui.model.article import Article, Figure, Paragraph, PartialDate, PullQuote
from tui.model.errors import ContentInvalid
from tui.model.fields import number_in_text
from tui.model.loader import DEFAULT_MAX_BYTES, load_article, parse_article
from tui.model.sanitize import MAX_MARKS, clean_text, is_clean

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"

MINIMAL = """\
schema: 1
id: minimal
meta:
  title: A title
body:
  - id: p1
    paragraph: Text.
"""

# file, line, field, a fragment of the problem. The field is "" for file-level problems.
BAD_FILES = [
    ("alias.yaml", 5, "meta.subtitle", "aliases (*title) are not allowed"),
    ("alias_bomb.yaml", 5, "b[0]", "aliases (*a) are not allowed"),
    ("anchor.yaml", 4, "meta.title", "anchors (&title) are not allowed"),
    ("block_two_kinds.yaml", 6, "body[0]", "found paragraph and subheading"),
    ("dangling_speaker.yaml", 13, "quotes[0].speaker", "did you mean 'stoltenberg'?"),
    ("deep_nesting.yaml", 9, "facts" + "[0]" * 31, "nested deeper than 32 levels"),
    ("duplicate_block_id.yaml", 10, "body[2].id", "duplicate id 'p1' (first at line 6)"),
    ("duplicate_key.yaml", 6, "meta.title", "duplicate key 'title' (first at line 4)"),
    ("duplicate_quote_id.yaml", 16, "quotes[1].id", "duplicate id 'q1' (first at line 12)"),
    ("empty_body.yaml", 5, "body", "at least one block"),
    ("fact_block_missing.yaml", 12, "facts[0].at", "no block with id 'p7'"),
    ("fragment_yes.yaml", 16, "quotes[0].fragment", "expected true or false, got 'yes'"),
    ("invalid_as_of.yaml", 13, "facts[0].as_of", "invalid date '2021-13'"),
    ("invalid_date.yaml", 5, "meta.published", "invalid date '2024-02-30'"),
    ("invalid_id.yaml", 6, "body[0].id", "invalid id 'para 1'"),
    ("latin1.yaml", 4, "", "not UTF-8 (byte 0xE9"),
    ("list_for_text.yaml", 8, "body[0].paragraph", "expected text, got a list"),
    ("merge_key.yaml", 8, "body[1].<<", "merge keys (<<) are not allowed"),
    ("missing_title.yaml", 4, "meta.title", "missing required field"),
    ("multipart_mismatch.yaml", 19, "quotes[0].at", "the text has 2 parts but at names 1 block"),
    ("multipart_not_consecutive.yaml", 21, "quotes[0].at", "p1 and p3 are not consecutive"),
    ("not_in_body_without_context.yaml", 12, "quotes[0].context", "required when not_in_body"),
    (
        "quote_not_found.yaml",
        14,
        "quotes[0].text",
        "not found in block p1; nearest text there: 'So Russia has shut the door to a",
    ),
    ("raw_control.yaml", 4, "", "raw control character U+001B"),
    ("schema_word.yaml", 1, "schema", "expected a whole number such as 1, got 'one'"),
    ("series_one_point.yaml", 16, "facts[0].series.points", "at least two points, got 1"),
    ("tabs.yaml", 4, "", "indent with spaces, never tabs"),
    ("tag_python.yaml", 4, "meta.title", "tags (!!python/object/apply:os.system) are not"),
    ("tag_str.yaml", 5, "meta.subtitle", "tags (!!str) are not allowed"),
    ("three_problems.yaml", 9, "body[0].captoin", "unknown key 'captoin'"),
    ("two_documents.yaml", 8, "", "only one YAML document"),
    ("unknown_key.yaml", 8, "body[0].figure.captoin", "(did you mean 'caption'?)"),
    ("utf16.yaml", 1, "", "the file is UTF-16; save it as UTF-8"),
]


def errors_of(path: Path | str, **kwargs: int) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        load_article(path, **kwargs)
    return [str(error) for error in raised.value.errors]


def parse_errors(text: str, **kwargs: int) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        parse_article(text, "test.yaml", **kwargs)
    return [str(error) for error in raised.value.errors]


# --- Bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "line", "field", "problem"), BAD_FILES, ids=lambda v: str(v))
def test_a_bad_file_is_rejected_naming_file_line_and_field(
    name: str, line: int, field: str, problem: str
) -> None:
    errors = errors_of(BAD / name)
    where = f"{BAD / name}:{line}:"
    matching = [e for e in errors if e.startswith(where) and problem in e]
    assert matching, "\n".join(errors)
    assert all(name in error for error in errors)
    if field:
        assert any(f": {field}: " in error for error in matching), "\n".join(errors)


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(path.name for path in BAD.glob("*.yaml")) == sorted(f[0] for f in BAD_FILES)


def test_every_problem_in_a_file_is_reported_sorted_by_line() -> None:
    with pytest.raises(ContentInvalid) as raised:
        load_article(BAD / "three_problems.yaml")
    errors = raised.value.errors
    assert [(error.line, error.field) for error in errors] == [
        (5, "meta.published"),
        (9, "body[0].captoin"),
        (12, "quotes[0].speaker"),
    ]
    assert str(raised.value).count("three_problems.yaml") == 3


def test_an_oversize_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(MINIMAL.encode() + b"#" * DEFAULT_MAX_BYTES)
    (error,) = errors_of(path)
    assert error.startswith(f"{path}:0:0: the file is ")
    assert "over the limit of 8,388,608" in error and "--max-bytes" in error
    (error,) = errors_of(BAD / "alias.yaml", max_bytes=10)
    assert "over the limit of 10 " in error
    assert load_article(path, max_bytes=DEFAULT_MAX_BYTES * 2).meta.title == "A title"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp / "missing.yaml", "no such file"),
        (lambda tmp: tmp, "is a directory, not a file"),
    ],
    ids=["missing", "directory"],
)
def test_an_unreadable_path_is_one_error_naming_it(make, problem: str, tmp_path: Path) -> None:
    path = make(tmp_path)
    assert errors_of(path) == [f"{path}:0:0: {problem}"]


def test_the_alias_bomb_is_rejected_at_once() -> None:
    start = time.perf_counter()
    errors = errors_of(BAD / "alias_bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert any("aliases (*a) are not allowed" in error for error in errors)


def test_ten_thousand_levels_of_nesting_are_rejected_without_recursion() -> None:
    deep = MINIMAL + "facts: " + "[" * 10_000 + "]" * 10_000 + "\n"
    (error,) = parse_errors(deep)
    # libyaml's scanner reads ahead through flow brackets, and has a limit of its own.
    assert "nested deeper than 32 levels" in error or "maximum nesting depth" in error
    block = MINIMAL + "facts:\n" + "".join(f"{' ' * i}- \n" for i in range(0, 2000, 2))
    assert any("nested deeper" in error for error in parse_errors(block))


def test_the_node_limit_stops_the_build() -> None:
    (error,) = parse_errors(MINIMAL, max_nodes=5)
    assert "more than 5 YAML nodes" in error


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ":1:1: the file is empty"),
        ("# only a comment\n", ":1:1: the file is empty"),
        ("---\n", ":2:1: the file is empty"),
        ("- a list\n", ":1:1: expected a mapping of schema, id, meta, body ..., got a list"),
        ("[a]: b\n", "a key must be text"),
        ("? [a]\n: b\n", "a key must be text"),
        ("title: &a x\nother: *a\n", "aliases (*a) are not allowed"),
        ("a: !custom x\n", "tags (!custom) are not allowed"),
        ("a: ! x\n", "tags (!) are not allowed"),
        ("a: 'unterminated\n", "found unexpected end of stream"),
        ("a: b: c\n", "mapping values are not allowed in this context"),
    ],
)
def test_yaml_level_problems(text: str, problem: str) -> None:
    assert any(problem in error for error in parse_errors(text)), parse_errors(text)


def test_the_pure_python_parser_is_just_as_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert parse_article(MINIMAL).meta.title == "A title"
    assert "nested deeper" in parse_errors(MINIMAL + "facts: " + "[" * 5000 + "]" * 5000)[0]
    assert "aliases" in parse_errors((BAD / "alias_bomb.yaml").read_text())[-1]
    assert "tags (!!str)" in parse_errors((BAD / "tag_str.yaml").read_text())[0]
    assert "tab" in parse_errors((BAD / "tabs.yaml").read_text())[0]
    assert isinstance(yaml_tree._make_parser(""), yaml_tree._PythonParser)


def test_raw_c1_and_nul_characters_are_located() -> None:
    errors = parse_errors(MINIMAL.replace("Text.", "Te\x85xt and \x00"))
    assert errors == [
        "test.yaml:7:18: raw control character U+0085 is not allowed in a YAML file",
        "test.yaml:7:26: raw control character U+0000 is not allowed in a YAML file",
    ]


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ud800"])
def test_characters_yaml_forbids_are_located(char: str) -> None:
    errors = parse_errors(MINIMAL.replace("Text.", f"Te{char}xt"))
    assert errors == [f"test.yaml:7:18: character U+{ord(char):04X} is not allowed in a YAML file"]


def test_a_file_with_a_forbidden_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "nonchar.yaml"
    path.write_text(MINIMAL.replace("title: A title", "title: \u201cA\u201d \uffff"), "utf-8")
    assert errors_of(path) == [f"{path}:4:14: character U+FFFF is not allowed in a YAML file"]


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "le.yaml"
    path.write_bytes(MINIMAL.encode("utf-16-le"))
    assert errors_of(path) == [f"{path}:1:1: the file looks like UTF-16; save it as UTF-8"]


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_article(path).path == str(path)


# --- Scalars stay text ---------------------------------------------------------------------


def test_plain_scalars_stay_the_words_written() -> None:
    meta = (
        "title: no\n  subtitle: 0777\n  dateline: 2022-02-24\n"
        "  tags: [on, 1_000, 2024-02-30, null, ~, 1e3, .inf]\n  authors: [yes]"
    )
    text = MINIMAL.replace("title: A title", meta) + "  - id: p2\n    paragraph: ~\n"
    article = parse_article(text)
    assert article.meta.title == "no"
    assert article.meta.subtitle == "0777"
    assert article.meta.dateline == "2022-02-24"
    assert article.meta.tags == ("on", "1_000", "2024-02-30", "null", "~", "1e3", ".inf")
    assert article.meta.authors == ("yes",)
    assert article.blocks[1] == Paragraph("p2", "~")


def test_an_empty_value_is_a_left_out_key() -> None:
    article = parse_article(MINIMAL.replace("title: A title", "title: A title\n  subtitle:"))
    assert article.meta.subtitle is None
    errors = parse_errors(MINIMAL.replace("title: A title", "title:"))
    assert errors == ["test.yaml:4:3: meta.title: has no value"]
    errors = parse_errors(MINIMAL.replace("title: A title", 'title: "\\u200b"'))
    assert errors == ["test.yaml:4:10: meta.title: must not be empty"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("40,000 soldiers", 40000.0),
        ("56 percent", 56.0),
        ("30%", 30.0),
        ("-1.5 degrees", -1.5),
        ("\u22123 points", -3.0),
        ("$4.5 billion", 4.5),
        ("1,234,567.89", 1234567.89),
        ("COVID-19 cases", 19.0),
        ("Thirty", None),
        ("", None),
    ],
)
def test_a_number_is_read_from_the_value_as_written(value: str, expected: float | None) -> None:
    assert number_in_text(value) == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2022-02-24", dt.date(2022, 2, 24)),
        ("2022-02-24T14:30", dt.datetime(2022, 2, 24, 14, 30)),
        (
            "2022-02-24T14:30:00+01:00",
            dt.datetime(2022, 2, 24, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("2022-02-24T13:30:00Z", dt.datetime(2022, 2, 24, 13, 30, tzinfo=dt.UTC)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2000-02-29 23:59:59.5", dt.datetime(2000, 2, 29, 23, 59, 59, 500000)),
        (
            "0001-01-01T00:00+0130",
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1.5))),
        ),
        (
            "9999-12-31T23:59:59.999999-23:59",
            dt.datetime(
                9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone(-dt.timedelta(minutes=1439))
            ),
        ),
        ("2022-02-24T14:30-00:00", dt.datetime(2022, 2, 24, 14, 30, tzinfo=dt.UTC)),
    ],
)
def test_published_is_a_date_or_a_date_and_time(published: str, expected: dt.date) -> None:
    meta = parse_article(MINIMAL.replace("title: A title", f"title: T\n  published: {published}"))
    assert meta.meta.published == expected
    assert type(meta.meta.published) is type(expected)


@pytest.mark.parametrize("published", ["2022-02-24T25:00", "24.02.2022", "2022-2-24", "2022"])
def test_published_rejects_anything_else(published: str) -> None:
    text = MINIMAL.replace("title: A title", f"title: T\n  published: {published}")
    (error,) = parse_errors(text)
    assert ":5:14: meta.published: " in error


NO_SUCH_DATES = ["2022-00-10", "2022-02-00", "2023-02-29", "1900-02-29", "2022-04-31", "0000-01-01"]
NO_SUCH_TIMES = [
    *("2022-02-24T24:00", "2022-02-24T14:60", "2022-02-24T14:30:60", "0000-01-01T00:00Z"),
    *("2022-02-24T14:30+05:99", "2022-02-24T14:30+24:00", "2022-02-24T14:30-0060"),
    *("2022-00-24T14:30", "2023-02-29 14:30"),
]


@pytest.mark.parametrize("published", NO_SUCH_DATES + NO_SUCH_TIMES)
def test_published_must_exist(published: str) -> None:
    text = MINIMAL.replace("title: A title", f"title: T\n  published: {published}")
    (error,) = parse_errors(text)
    what = "date and time" if len(published) > 10 else "date"
    assert f":5:14: meta.published: invalid {what} '{published}' (" in error


@pytest.mark.parametrize("as_of", [*NO_SUCH_DATES, "2022-00", "2022-13", "0000"])
def test_a_fact_or_series_date_must_exist(as_of: str) -> None:
    text = (GOOD / "full.yaml").read_text(encoding="utf-8")
    assert "as_of: 2021-02\n" in text and "as_of: 2014}" in text
    for damaged, field in [
        (text.replace("as_of: 2021-02\n", f"as_of: {as_of}\n", 1), "facts[2].as_of"),
        (text.replace("as_of: 2014}", f"as_of: {as_of}}}", 1), "facts[2].series.points[0].as_of"),
    ]:
        (error,) = parse_errors(damaged)
        assert f": {field}: invalid date '{as_of}' (" in error


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2024-02-29", PartialDate(2024, 2, 29)),
        ("2000-02-29", PartialDate(2000, 2, 29)),
        ("0001", PartialDate(1)),
        ("9999-12-31", PartialDate(9999, 12, 31)),
        ("2022-12", PartialDate(2022, 12)),
    ],
)
def test_a_fact_date_that_exists_loads(as_of: str, expected: PartialDate) -> None:
    text = (GOOD / "full.yaml").read_text(encoding="utf-8")
    article = parse_article(text.replace("as_of: 2021-02\n", f"as_of: {as_of}\n", 1))
    assert article.facts[2].as_of == expected
    assert article.facts[2].as_of.human()


# --- Good files ----------------------------------------------------------------------------


def block_text(article: Article, block_id: str) -> str:
    return article.blocks[article.block_index[block_id]].text


def test_the_minimal_article_loads() -> None:
    article = load_article(GOOD / "minimal.yaml")
    assert article.id == "minimal"
    assert article.meta.title == "A minimal article"
    assert article.meta.language == "en"
    assert article.blocks == (Paragraph("p1", "The only paragraph."),)
    assert article.path == str(GOOD / "minimal.yaml")
    assert parse_article(MINIMAL).path is None


def test_the_full_article_loads_every_feature() -> None:
    article = load_article(GOOD / "full.yaml")
    meta = article.meta
    assert meta.published == dt.datetime(
        2022, 2, 24, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert meta.published.tzinfo is not None  # type: ignore[union-attr]
    assert (meta.dateline, meta.source.outlet, meta.language) == (
        "Brussels",
        "Example Times",
        "en-GB",
    )
    assert meta.authors == ("A. Reporter", "B. Writer")
    assert [block.kind for block in article.blocks] == [
        *("paragraph", "subheading", "paragraph", "figure", "paragraph", "pullquote"),
        *("paragraph", "paragraph"),
    ]
    figure = article.blocks[3]
    assert isinstance(figure, Figure) and figure.image_url == "https://example.com/photo.jpg"
    pullquote = article.blocks[5]
    assert isinstance(pullquote, PullQuote) and pullquote.speaker_id == "stoltenberg"
    assert article.speakers_by_id["biden"].role is None
    assert article.blocks[7].text == (
        "A poll found 56 percent of Ukrainians supported joining NATO,\nup from 30% in 2014."
    )


def test_quote_spans_point_at_their_words() -> None:
    article = load_article(GOOD / "full.yaml")
    for quote in article.quotes:
        for part, span in zip(quote.parts, quote.spans, strict=False):
            assert block_text(article, span.block_id)[span.start : span.end] == part
    q1, q2, q3, q4 = article.quotes
    # The second "defense plans" in p1: occurrence 2.
    assert q1.spans[0].start == block_text(article, "p1").rindex("defense plans")
    assert q1.fragment
    assert [span.block_id for span in q2.spans] == ["p2", "p3"]
    assert q2.context == "at a press conference in Brussels"
    assert (q3.spans, q3.in_body, q3.context) == ((), False, "in a written statement")
    assert q4.spans[0].block_id == "pq1"


def test_facts_are_anchored_and_numbered() -> None:
    article = load_article(GOOD / "full.yaml")
    f1, f2, f3 = article.facts
    assert block_text(article, "p4")[f1.span.start : f1.span.end] == "40,000"
    assert (f1.number, f1.unit, f1.as_of) == (40000.0, "soldiers", PartialDate(2022, 2, 24))
    assert block_text(article, "p4")[f2.span.start : f2.span.end] == "30"
    assert f2.number == 30.0
    assert block_text(article, "p5")[f3.span.start : f3.span.end] == "56 percent"
    assert f3.as_of == PartialDate(2021, 2)
    assert f3.series is not None
    assert [(p.label, p.number, p.as_of) for p in f3.series.points] == [
        ("2014", 30.0, PartialDate(2014)),
        ("Feb 2021", 56.0, PartialDate(2021, 2)),
    ]


def all_text(value: object) -> list[str]:
    """Every string anywhere in the model: the ``Article`` is a dataclass, the value types in
    it are NamedTuples, walked like the tuples that hold them."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in all_text(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [s for item in value for s in all_text(item)]
    return []


def test_escaped_control_characters_are_sanitised_everywhere() -> None:
    article = load_article(GOOD / "escaped_controls.yaml")
    texts = all_text(article)
    assert len(texts) > 30
    assert all(is_clean(text) for text in texts), [t for t in texts if not is_clean(t)]
    assert article.meta.dateline == "Line\nseparator"
    assert article.speakers[0].role == "Chief\nof staff"
    (quote,) = article.quotes
    assert quote.parts == ("we [1mstand[0m together",)
    span = quote.spans[0]
    assert block_text(article, "p1")[span.start : span.end] == quote.parts[0]


# --- The sanitiser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x1b[31mb", "a[31mb"),
        ("a\x9b31mb", "a31mb"),
        ("a\x00b", "ab"),
        ("a\x7fb", "ab"),
        ("a\u202eb", "ab"),
        ("a\u200bb", "ab"),
        ("a\u2066b\u2069", "ab"),
        ("\ufeffab", "ab"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("  a\tb\n ", "a\tb"),
        ("a\u00a0b \u201cc\u201d \U0001f600", "a\u00a0b \u201cc\u201d \U0001f600"),
        ("a\U000e0041b", "ab"),
    ],
)
def test_clean_text(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_clean_text_covers_the_whole_unicode_range() -> None:
    everything = "".join(map(chr, range(0x110000)))
    expected = "".join(
        "\n"
        if char in "\r\u2028\u2029"
        else char
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf")
        else ""
        for char in everything
    )
    # And of each run of combining marks (U+0300 to U+036F are 112 in a row) the first 8.
    kept, run = [], 0
    for char in expected:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        if run <= MAX_MARKS:
            kept.append(char)
    assert MAX_MARKS == 8
    assert clean_text("a" + everything + "a") == "a" + "".join(kept) + "a"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_loads_or_is_content_invalid(text: str) -> None:
    try:
        parse_article(text)
    except ContentInvalid as invalid:
        assert invalid.errors


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_damage_to_a_good_file_loads_or_is_content_invalid(data: st.DataObject) -> None:
    text = (GOOD / "full.yaml").read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    text = text[:start] + data.draw(st.text(max_size=10)) + text[end:]
    try:
        parse_article(text)
    except ContentInvalid as invalid:
        assert invalid.errors
        assert all(error.line >= 0 and error.problem for error in invalid.errors)


@given(st.text())
def test_clean_text_is_clean_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert is_clean(cleaned)
    assert clean_text(cleaned) == cleaned
