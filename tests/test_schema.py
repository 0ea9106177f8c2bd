"""The JSON Schema for editors agrees with the documented format and with the strict loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tui.model.errors import ContentInvalid
from tui.model.fields import Report, read_partial_date, read_published
from tui.model.loader import load_article
from tui.model.yaml_tree import ScalarNode

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "tui" / "schema" / "article.schema.json"
EXAMPLES = ROOT / "tests" / "data" / "schema"
VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
CONTENT = sorted((ROOT / "content").glob("*.yaml"))
SEED = ROOT / "content" / "nato-defence-plans-2022-02-24.yaml"


class EditorLoader(yaml.SafeLoader):
    """Types scalars roughly as a YAML 1.2 editor does: like SafeLoader, but dates stay text.

    YAML 1.2 has no timestamp type, so yaml-language-server sees ``2022-02-24`` as a string.
    """


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_load(path: Path) -> Any:
    """The document as an editor's language server validates it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


def text_load(path: Path) -> Any:
    """The document as the loader reads it: every scalar is text."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def schema_errors(validator: Draft202012Validator, document: Any) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=str)
    ]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["title"]
    assert schema["description"]


def test_every_object_in_the_schema_forbids_unknown_keys() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    objects = [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]
    nested = [schema["$defs"]["meta"]["properties"]["source"]]
    for definition in objects + nested:
        assert definition["additionalProperties"] is False, definition.get("description")


def test_the_editor_loader_keeps_dates_as_text() -> None:
    document = yaml.load("published: 2022-02-24\nschema: 1\n", Loader=EditorLoader)
    assert document == {"published": "2022-02-24", "schema": 1}


def test_there_are_examples() -> None:
    assert len(VALID) >= 6
    assert len(INVALID) >= 10


def declared_field(path: Path) -> str:
    """The field an invalid example breaks, from its header comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# breaks: "), path.name
    prefix = "# loader error field: "
    assert lines[1].startswith(prefix), path.name
    return lines[1].removeprefix(prefix)


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_a_valid_example_matches_the_schema(validator: Draft202012Validator, path: Path) -> None:
    assert schema_errors(validator, editor_load(path)) == []
    # The loader reads every scalar as text; the schema accepts that form too.
    assert schema_errors(validator, text_load(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_an_invalid_example_breaks_the_schema(validator: Draft202012Validator, path: Path) -> None:
    field = declared_field(path)
    for document in (editor_load(path), text_load(path)):
        errors = list(validator.iter_errors(document))
        # One error, at the loader's field or at the mapping that lacks it.
        assert len(errors) == 1, schema_errors(validator, document)
        assert field.startswith(errors[0].json_path.removeprefix("$").removeprefix("."))


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_the_loader_accepts_every_valid_example(path: Path) -> None:
    try:
        article = load_article(path)
    except ContentInvalid as invalid:  # pragma: no cover - shows every error on failure
        pytest.fail(f"{path.name} should load:\n{invalid}")
    assert article.blocks


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_the_loader_rejects_every_invalid_example_for_its_one_reason(path: Path) -> None:
    with pytest.raises(ContentInvalid) as raised:
        load_article(path)
    # Each example breaks exactly one rule, so the schema and the loader fail for the same thing.
    assert [error.field for error in raised.value.errors] == [declared_field(path)]
    assert all(error.line > 0 for error in raised.value.errors)


def test_the_valid_examples_cover_every_feature() -> None:
    documents = [text_load(path) for path in VALID]
    blocks = [block for document in documents for block in document["body"]]
    quotes = [quote for document in documents for quote in document.get("quotes", [])]
    facts = [fact for document in documents for fact in document.get("facts", [])]
    metas = [document["meta"] for document in documents]
    for kind in ("paragraph", "subheading", "figure", "pullquote"):
        assert any(kind in block for block in blocks), kind
    full_figure = {"caption", "credit", "alt", "image"}
    assert any(set(block.get("figure", {})) == full_figure for block in blocks)
    assert any(isinstance(quote["text"], list) and len(quote["text"]) > 1 for quote in quotes)
    assert any(quote.get("not_in_body") == "true" and "context" in quote for quote in quotes)
    assert any(quote.get("fragment") == "true" for quote in quotes)
    assert any("occurrence" in quote for quote in quotes)
    assert any(len(fact.get("series", {}).get("points", [])) >= 2 for fact in facts)
    assert any("T" in meta.get("published", "") and "+" in meta["published"] for meta in metas)
    assert any(meta.get("published", "").endswith("Z") for meta in metas)
    assert any({"source", "authors", "language", "tags", "dateline"} <= set(meta) for meta in metas)


@pytest.mark.parametrize("path", CONTENT, ids=lambda path: path.stem)
def test_every_content_file_matches_the_schema(validator: Draft202012Validator, path: Path) -> None:
    assert schema_errors(validator, editor_load(path)) == []
    assert schema_errors(validator, text_load(path)) == []


def test_the_seed_article_matches_the_schema(validator: Draft202012Validator) -> None:
    assert schema_errors(validator, editor_load(SEED)) == []


def test_the_seed_article_names_the_schema_for_editors() -> None:
    first_line = SEED.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../tui/schema/article.schema.json"
    assert (SEED.parent / "../tui/schema/article.schema.json").resolve() == SCHEMA_PATH


def _loader_verdict(read, value: str) -> bool:
    """Whether the loader's reader ``read`` (of ``tui.model.fields``) accepts ``value``."""
    report = Report("x.yaml")
    read(report, ScalarNode(value, None, yaml.Mark("x.yaml", 0, 0, 0, None, None)), "when")
    return not report.errors


def _calendar(years: list[str]) -> list[str]:
    """Every YYYY-MM-DD with months 00 to 13 and days 00 to 32 in ``years``, and the shorter
    forms."""
    values = []
    for year in years:
        values.append(year)
        for month in range(14):
            values.append(f"{year}-{month:02d}")
            values.extend(f"{year}-{month:02d}-{day:02d}" for day in range(33))
    return values


#: Leap years and not (by 4, 100 and 400), the first and last years, and year 0000.
YEARS = ["0000", "0001", "0004", "0100", "0400", "1900", "1999", "2000", "2023", "2024", "9999"]


def test_the_schema_and_the_loader_agree_on_every_date() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    partial = Draft202012Validator(schema["$defs"]["partialDate"])
    published = Draft202012Validator(schema["$defs"]["published"])
    dates = _calendar(YEARS)
    zones = ("Z", "+23:59", "-0000", "+24:00", "+05:99", "-1260")
    clock = ("T00:00", " 23:59:59.999999", "T24:00", "T12:60", "T12:00:60")
    times = [
        f"{date}{time}"
        for date in ("2024-02-29", "2023-02-29", "9999-12-31", "0001-01-01")
        for time in (*clock, *(f"T12:00{zone}" for zone in zones))
    ]
    for value in dates:
        assert partial.is_valid(value) == _loader_verdict(read_partial_date, value), value
    for value in dates + times:
        assert published.is_valid(value) == _loader_verdict(read_published, value), value
    # Ten years that exist (four of them leap years): each year, its months and its days.
    assert sum(map(partial.is_valid, dates)) == 10 * (1 + 12 + 365) + 4
