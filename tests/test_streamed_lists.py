"""The top-level lists are read as the parser goes, in batches, not from a whole tree: the
result must be the same as reading the tree, whatever the order of the file's sections."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from benchmarks.generate import article_yaml
from tui.model.article import Paragraph, ParagraphNumbers
from tui.model.errors import ContentInvalid
from tui.model.fields import Report
from tui.model.loader import load_article, parse_article
from tui.model.validate import Lists, build_article
from tui.model.yaml_tree import HAND_OVER_BATCH, SeqNode, build_tree

FULL = (Path(__file__).parent / "data" / "good" / "full.yaml").read_text(encoding="utf-8")


LISTS = ("speakers", "body", "quotes", "facts")


def reordered(text: str, order: tuple[int, ...]) -> str:
    """``text`` with its top-level lists (which follow everything else) in ``order``."""
    parts = re.split(r"\n(?=\S)", text.strip("\n"))
    start = next(i for i, part in enumerate(parts) if part.startswith("speakers:"))
    head, lists = parts[:start], parts[start:]
    assert [part.split(":")[0] for part in lists] == list(LISTS)
    return "\n".join(head + [lists[index] for index in order]) + "\n"


def errors(text: str) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        parse_article(text, "test.yaml")
    return [str(error) for error in raised.value.errors]


def from_whole_tree(text: str) -> tuple[object, list[str]]:
    """The article (or errors) read from a whole tree, with no list handed over."""
    report = Report("test.yaml")
    root, tree_errors = build_tree(text, "test.yaml")
    report.errors.extend(tree_errors)
    article = build_article(root, report, None)
    return article, [str(error) for error in sorted(report.errors)]


def from_stream(text: str) -> tuple[object, list[str]]:
    try:
        return parse_article(text, "test.yaml"), []
    except ContentInvalid as invalid:
        return None, [str(error) for error in invalid.errors]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_lists_in_any_order_give_the_same_article(order: tuple[int, ...]) -> None:
    assert parse_article(reordered(FULL, order)) == parse_article(FULL)


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_problems_are_the_same_in_any_order(order: tuple[int, ...]) -> None:
    # A pull quote by an unknown speaker, a quote anchored in it, a duplicate block id, and a
    # fact in a block that is missing: each reported once, whatever comes first.
    damaged = (
        FULL.replace("speaker: stoltenberg\n", "speaker: nobody\n", 1)
        .replace("id: p3\n", "id: p2\n", 1)
        .replace("at: p4", "at: p404", 1)
    )
    text = reordered(damaged, order)
    assert from_stream(text) == from_whole_tree(text)
    assert from_stream(text)[1]


def test_a_long_body_is_handed_over_in_batches_and_not_kept() -> None:
    text = article_yaml(3 * HAND_OVER_BATCH)
    lists = Lists("test.yaml")
    taken: list[int] = []
    body = lists.body_list
    add = body.add
    body.add = lambda items, start: (taken.append(len(items)), add(items, start))  # type: ignore[method-assign]
    root, tree_errors = build_tree(text, "test.yaml", consumers=lists.consumers())
    assert not tree_errors and root is not None
    node = root.entries["body"]  # type: ignore[union-attr]
    assert isinstance(node, SeqNode) and not node.items
    assert node.handed_over == node.length == sum(taken) > 3 * HAND_OVER_BATCH
    assert max(taken) == HAND_OVER_BATCH
    article = build_article(root, Report("test.yaml"), None, lists)
    assert article is not None and article == parse_article(text)
    assert from_stream(text) == from_whole_tree(text)


def test_problems_deep_in_a_long_body_name_their_place() -> None:
    lines = article_yaml(2 * HAND_OVER_BATCH).splitlines()
    at = next(i for i, line in enumerate(lines) if "{id: p401," in line)
    first = next(i for i, line in enumerate(lines) if "{id: p3," in line)
    lines[at] = lines[at].replace("{id: p401,", "{id: p3,")
    later = next(i for i, line in enumerate(lines) if "{id: p451," in line)
    lines[later] = lines[later].replace("{id: p451,", "{id: p451, id: p452,")
    text = "\n".join(lines) + "\n"
    found = errors(text)
    body = lines.index("body:")
    assert found == [
        f"test.yaml:{at + 1}:10: body[{at - body - 1}].id: duplicate id 'p3'"
        f" (first at line {first + 1})",
        f"test.yaml:{later + 1}:16: body[{later - body - 1}].id: duplicate key 'id'"
        f" (first at line {later + 1})",
    ]
    assert from_stream(text) == from_whole_tree(text)


def test_an_abandoned_file_reports_no_problem_of_the_lists_read_before() -> None:
    text = FULL.replace("id: p3\n", "id: p2\n", 1) + "extra: *alias\n"
    assert errors(text) == [error for error in errors(text) if "alias" in error]
    assert len(errors(text)) == 1


def test_an_unknown_schema_at_the_end_reports_nothing_else() -> None:
    text = FULL.replace("schema: 1\n", "", 1).replace("id: p3\n", "id: p2\n", 1) + "schema: 2\n"
    assert len(errors(text)) == 1 and "unsupported schema version 2" in errors(text)[0]


def test_the_bytes_of_a_file_read_as_its_text(tmp_path: Path) -> None:
    text = article_yaml(HAND_OVER_BATCH + 10)
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_article(path) == dataclasses.replace(parse_article(text), path=str(path))


def test_paragraph_numbers_count_paragraphs_only() -> None:
    article = parse_article(FULL)
    numbers = article.paragraph_numbers
    assert isinstance(numbers, ParagraphNumbers)
    expected = {block_id: n for n, block_id in enumerate(article.paragraph_ids, 1)}
    assert dict(numbers) == expected and numbers == expected and len(numbers) == len(expected)
    others = [block.id for block in article.blocks if not isinstance(block, Paragraph)]
    assert others and all(numbers.get(block_id) is None for block_id in others)
    assert all(block_id not in numbers for block_id in [*others, "nope"])
    with pytest.raises(KeyError):
        numbers[others[0]]


@pytest.mark.parametrize("marks", [1, 2, 3])
def test_byte_order_marks_are_read_as_in_text(tmp_path: Path, marks: int) -> None:
    text = "\ufeff" * marks + "a: b: c\n"
    path = tmp_path / "marks.yaml"
    path.write_bytes(text.encode())
    with pytest.raises(ContentInvalid) as from_file:
        load_article(path)
    with pytest.raises(ContentInvalid) as from_text:
        parse_article(text, str(path))
    assert from_file.value.errors == from_text.value.errors
