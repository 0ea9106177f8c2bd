"""The library's quick reading of ``meta`` from a file's start agrees with YAML's parser.

``simple_meta`` reads the common shape of a file's head without a YAML parser; wherever it
gives an answer, that answer must be the one the loader's own route (``yaml_meta``: libyaml,
then the loader's rules) gives, and it must give one for the shapes real files have, or the
library's first listing is as slow as before.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.loader import _may_hold_forbidden, load_article
from tui.model.peek import _head, peek_article_meta, yaml_meta
from tui.model.simple_head import simple_meta

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import article_yaml  # noqa: E402

SIMPLE_HEADS = [
    article_yaml(3),
    "schema: 1\nid: a\nmeta:\n  title: A minimal article\nbody:\n",
    # As ``tui-reader import`` writes them: comments, a blank line, a nested ``source``.
    "# A draft made by tui-reader import from story.txt: review it.\n"
    "# Comments say what was inferred rather than read in the source.\n"
    "schema: 1\nid: harbour-council\n\nmeta:\n"
    "  # the first line of the story\n"
    "  title: Harbour council approves floating garden for Port Velna\n"
    "  subtitle: 'The \"garden\" will open next spring'\n"
    "  published: 2022-02-24\n"
    "  source:\n    outlet: Example Times\n    url: https://example.com/a?b=1#c\n"
    "  authors: [A. Reporter, B. Editor]\n  language: en-GB\n\nspeakers:\n",
    'schema: 1\nid: x\nmeta:\n    title: "Quoted \\"inside\\" and a\\\\ back\\nslash"\n'
    "    published: 2022-02-24T13:30:00Z  # in UTC\n    tags: []\n    dateline: Kyiv #1\n"
    "body:\n",
    "schema: 1\nid: x\nmeta:\n  title: NATO’s plan [live] 2, “it's on”\n"
    "  published: 2022-02-24T14:30:00-05:00\nbody:\n",
]

#: Heads that look nearly simple; each is either read as YAML reads it or left to YAML.
AWKWARD_HEADS = [
    "schema: 1\nmeta:\n  title: A long\n    title continued\nbody:\n",
    'schema: 1\nmeta:\n  title: "A quote\n  dateline: inside"\nbody:\n',
    "schema: 1\nmeta:\n  title: a: b\nbody:\n",
    "schema: 1\nmeta:\n  title: a:\nbody:\n",
    "schema: 1\nmeta:\n  title: a #b\n  title: again\nbody:\n",
    "schema: 1\nmeta:\n  title: &anchor a\nbody:\n",
    "schema: 1\nmeta:\n  title: !!str a\nbody:\n",
    "schema: 1\nmeta:\n  title: |\n    block\nbody:\n",
    "schema: 1\nmeta:\n  title: 'it''s'\nbody:\n",
    "schema: 1\nmeta:\n  title: 'it's'\nbody:\n",
    'schema: 1\nmeta:\n  title: "a"b\nbody:\n',
    'schema: 1\nmeta:\n  title: "a\\u00e9"\nbody:\n',
    'schema: 1\nmeta:\n  title: ""\nbody:\n',
    "schema: 1\nmeta:\n  title:\nbody:\n",
    "schema: 1\nmeta:\n  title: # nothing\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  subtitle:\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  authors: a\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  authors: [a, , b]\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  authors: [a: b]\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  tags: [a, [b]]\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  tags:\n    - a\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  source: Example\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  source:\n  outlet: Example\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  source:\n    outlet: Example\n      url: u\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  source:\n    outlet: Example\n   url: u\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  source:\n    outlet: Example\n  dateline: D\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n   subtitle: y\nbody:\n",
    "schema: 1\nmeta:\n   title: x\n  subtitle: y\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  language: english!\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  colour: red\nbody:\n",
    "schema: 2\nmeta:\n  title: x\nbody:\n",
    "schema: 01\nmeta:\n  title: x\nbody:\n",
    "schema: one\nmeta:\n  title: x\nbody:\n",
    "schema: 1\nid: a b\nmeta:\n  title: x\nbody:\n",
    "schema: 1\nid:\nmeta:\n  title: x\nbody:\n",
    "schema: 1\nid: a\n  b\nmeta:\n  title: x\nbody:\n",
    "schema: 1\nmeta: x\n  title: x\nbody:\n",
    "schema: 1\nmeta:\n  title: x\nmeta:\n  title: y\nbody:\n",
    "%YAML 1.1\n---\nschema: 1\nmeta:\n  title: x\nbody:\n",
    "schema: 1\nmeta:\n\ttitle: x\nbody:\n",
    "schema: 1\r\nmeta:\r\n  title: x\r\nbody:\n",
    "schema: 1\nmeta:\n  title: x\u2028y\nbody:\n",
    "schema: 1\nmeta:\n  title: x\x85y\nbody:\n",
    "schema: 1\nmeta:\n  title: x\ufeffy\nbody:\n",
    "schema: 1\nmeta:\n  title: \u202ex\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-30\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24T25:00:00\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24T12:00:00+05:99\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24T12:00:00+0100\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24 12:00\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24T12:00:00.5Z\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: '2022-02-24'\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 24 Feb 2022\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  published: 2022\nbody:\n",
    "schema: 1\nmeta:\n  title: ~\n  subtitle: null\n  dateline: 'yes'\nbody:\n",
    "schema: 1\nmeta:\n  title: -x\nbody:\n",
    "schema: 1\nmeta:\n  title: - x\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n- y\nbody:\n",
    "schema: 1\nmeta:\n  ? title\n  : x\nbody:\n",
    "schema: 1\nmeta:\n  title : x\nbody:\n",
    'schema: 1\nmeta:\n  "title": x\nbody:\n',
    "schema: 1\nmeta:\n  title: {a: b}\nbody:\n",
    "schema: 1\nmeta:\n  title: x,y]z{\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  tags: [a b,  c ]  # two\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  tags: [a]#two\nbody:\n",
    "schema: 1\nmeta:\n  title: x\n  tags: [\u202e]\nbody:\n",
    'schema: 1\nmeta:\n  title: "   "\nbody:\n',
    "schema: 1\nmeta:\n  title: ' spaced '\nbody:\n",
]


def by_yaml(text: str) -> object:
    head = _head(text.encode("utf-8"))
    if head is None or _may_hold_forbidden(head):
        return None
    return yaml_meta(head)


def simple(text: str) -> object:
    head = _head(text.encode("utf-8"))
    if head is None or _may_hold_forbidden(head):
        return None
    return simple_meta(head.decode("utf-8"))


@pytest.mark.parametrize("text", SIMPLE_HEADS)
def test_the_shapes_files_have_are_read_without_yaml_and_as_yaml_reads_them(text: str) -> None:
    quick = simple(text)
    assert quick is not None
    assert quick == by_yaml(text)


@pytest.mark.parametrize("text", AWKWARD_HEADS)
def test_a_head_of_another_shape_is_read_as_yaml_reads_it_or_left_to_yaml(text: str) -> None:
    quick = simple(text)
    assert quick is None or quick == by_yaml(text), quick


def test_some_of_the_awkward_heads_are_read_without_yaml_too() -> None:
    # The cases above must not pass only because the quick reader gives up on everything.
    read = [text for text in AWKWARD_HEADS if simple(text) is not None]
    assert len(read) >= 8


def test_a_valid_file_peeks_as_it_loads(tmp_path: Path) -> None:
    for number, text in enumerate(SIMPLE_HEADS[:1]):
        path = tmp_path / f"{number}.yaml"
        path.write_text(text, encoding="utf-8")
        assert peek_article_meta(path) == load_article(path).meta


def test_meta_past_the_first_read_is_still_peeked(tmp_path: Path) -> None:
    # ``meta`` that ends past the first 4 KB read: the rest of the peek's limit is read too.
    path = tmp_path / "long.yaml"
    text = article_yaml(3).replace("meta:\n", "meta:\n" + "  # a comment line\n" * 400, 1)
    path.write_text(text, encoding="utf-8")
    assert len(text.split("speakers:")[0]) > 4096
    assert peek_article_meta(path) == load_article(path).meta


_LINE_PARTS = st.sampled_from(
    [
        "schema", "id", "meta", "title", "subtitle", "published", "dateline", "source",
        "outlet", "url", "authors", "tags", "language", ":", ": ", " ", "  ", "    ", "#",
        " #", "'", "''", '"', "\\", "\\n", "\\x", "[", "]", ",", "{", "-", "- ", "?", "&a",
        "*a", "!", "|", ">", "1", "x", "2022-02-24", "T12:00:00", "+01:00", "Z", "é", "\u202e",
        "\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_PARTS, max_size=30))
def test_any_head_is_read_as_yaml_reads_it_or_left_to_yaml(parts: list[str]) -> None:
    text = "schema: 1\nmeta:\n  title: " + "".join(parts) + "\nbody:\n"
    quick = simple(text)
    assert quick is None or quick == by_yaml(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["title", "subtitle", "dateline", "tags", "source"]), max_size=4),
    st.lists(st.text(alphabet="ab :#'\"[],-\n", max_size=8), min_size=4, max_size=4),
)
def test_any_meta_of_few_keys_is_read_as_yaml_reads_it_or_left_to_yaml(
    keys: list[str], values: list[str]
) -> None:
    lines = [f"  {key}: {value}" for key, value in zip(keys, values, strict=False)]
    text = "schema: 1\nmeta:\n  title: t\n" + "\n".join(lines) + "\nbody:\n"
    quick = simple(text)
    assert quick is None or quick == by_yaml(text)


def test_the_quick_reading_keeps_the_zone_of_a_time() -> None:
    text = "schema: 1\nmeta:\n  title: x\n  published: 2022-02-24T14:30:00+01:00\nbody:\n"
    meta = simple(text)
    assert meta is not None and meta.published == dt.datetime(
        2022, 2, 24, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert meta.published.utcoffset() == dt.timedelta(hours=1)
