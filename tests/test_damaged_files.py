"""A state or library cache file with anything in it means defaults and at most one warning.

Deeply nested, wrongly shaped, huge or not JSON at all: whatever another program (or a disk)
left in the files the reader keeps, ``StateStore.load`` returns an object or ``{}``, the library
scan lists what it would list without a cache, and the reader restores what it can of a saved
position and ignores the rest.
"""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.library import MAX_CACHE_BYTES, scan_library
from tui.model.loader import load_article
from tui.state import MAX_STATE_BYTES, StateStore

ARTICLE = load_article(default_article_path())

#: Files that crashed every start, or that the reader must not take as written by it.
HAZARDS = {
    "deep list": b"[" * 100_000,
    "deep object": b'{"a":' * 100_000,
    "deep closed": b"[" * 5_000 + b"]" * 5_000,
    "5000 digits": b'{"anchor": ' + b"9" * 5_000 + b"}",
    "NaN": b'{"anchor": NaN}',
    "Infinity": b'{"quote": -Infinity}',
    "1e999": b'{"anchor": 1e999}',
    "list": b"[1, 2]",
    "not UTF-8": b'{"quote": "\xff"}',
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
#: A saved position: the keys the reader reads, with values of any shape and some near-misses.
saved_positions = st.fixed_dictionaries(
    {},
    optional={
        "anchor": json_values
        | st.tuples(
            st.sampled_from([b.id for b in ARTICLE.blocks] + ["gone", ""]),
            st.integers(min_value=-(10**20), max_value=10**20) | st.booleans(),
            st.integers(min_value=-(10**20), max_value=10**20) | st.booleans(),
        ).map(list),
        "quote": json_values | st.sampled_from([q.id for q in ARTICLE.quotes] + ["q999"]),
        "speaker": json_values | st.sampled_from([s.id for s in ARTICLE.speakers] + ["nobody"]),
    },
)
any_file = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
    saved_positions.map(lambda value: json.dumps(value).encode()),
    st.sampled_from(sorted(HAZARDS.values())),
)


def load_once(directory: Path, content: bytes) -> tuple[object, list[str]]:
    store = StateStore(directory)
    directory.mkdir(exist_ok=True)
    store.path_for("a").write_bytes(content)
    return store.load("a"), store.warnings


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_a_hazardous_state_file_means_defaults_and_one_warning(tmp_path: Path, name: str) -> None:
    loaded, warnings = load_once(tmp_path / "state", HAZARDS[name])
    assert loaded == {} and len(warnings) == 1
    assert str(StateStore(tmp_path / "state").path_for("a")) in warnings[0]


def test_a_state_file_too_large_to_be_the_readers_is_not_read(tmp_path: Path) -> None:
    loaded, warnings = load_once(tmp_path / "state", b" " * MAX_STATE_BYTES + b"{}")
    assert loaded == {} and len(warnings) == 1 and "larger than" in warnings[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_file)
def test_any_state_file_loads_as_an_object_or_defaults(content: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        loaded, warnings = load_once(Path(directory) / "state", content)
    assert isinstance(loaded, dict) and len(warnings) <= 1
    assert (loaded == {}) or warnings == []
    for value in _leaves(loaded):
        assert not (isinstance(value, float) and not math.isfinite(value))


def _leaves(value: object):
    if isinstance(value, dict):
        for child in value.values():
            yield from _leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child)
    else:
        yield value


# --- The library cache --------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    directory = tmp_path_factory.mktemp("library")
    (directory / "a.yaml").write_bytes(default_article_path().read_bytes())
    (directory / "b.yaml").write_text("schema: 1\nid: broken\n")
    return directory, scan_library(directory, cache_path=directory.parent / "fresh.json")


def cache_contents() -> st.SearchStrategy[bytes]:
    """Anything, and the right header with files of any shape."""
    import tui
    import tui.library

    names = st.sampled_from(["a.yaml", "b.yaml", "gone.yaml"])
    # Near misses too: a record's fields, each of its own type or of any.
    field = st.sampled_from([0, 7, "t", None, 1.5, True, "2022-02-24", "x", []]) | json_values
    records = st.lists(
        st.builds(lambda name, fields: [name, *fields], names, st.lists(field, max_size=10))
    )
    headed = st.builds(
        lambda files, limit: {
            "format": tui.library.CACHE_FORMAT,
            "version": tui.__version__,
            "max_bytes": limit,
            "files": files,
        },
        records | json_values,
        st.sampled_from([8 * 1024 * 1024, 100, "x", None, 2**70]),
    )
    return any_file | headed.map(lambda data: json.dumps(data).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cache_contents())
def test_any_cache_file_lists_what_a_fresh_scan_lists(
    library: tuple[Path, list], content: bytes
) -> None:
    import tempfile

    directory, fresh = library
    with tempfile.TemporaryDirectory() as home:
        cache = Path(home) / "cache.json"
        cache.write_bytes(content)
        warnings: list[str] = []
        assert scan_library(directory, cache_path=cache, warn=warnings.append) == fresh
        assert len(warnings) <= 1
        # The cache is good again: the next scan uses it and says nothing.
        warnings.clear()
        assert scan_library(directory, cache_path=cache, warn=warnings.append) == fresh
        assert warnings == []


@pytest.mark.parametrize("name", ["deep list", "deep object", "5000 digits", "NaN", "1e999"])
def test_a_hazardous_cache_means_a_fresh_scan_and_one_warning(
    library: tuple[Path, list], tmp_path: Path, name: str
) -> None:
    directory, fresh = library
    cache = tmp_path / "cache.json"
    cache.write_bytes(HAZARDS[name])
    warnings: list[str] = []
    assert scan_library(directory, cache_path=cache, warn=warnings.append) == fresh
    assert len(warnings) == 1 and str(cache) in warnings[0]


def test_a_cache_too_large_to_be_the_readers_is_not_read(
    library: tuple[Path, list], tmp_path: Path
) -> None:
    directory, fresh = library
    cache = tmp_path / "cache.json"
    with cache.open("wb") as file:
        file.truncate(MAX_CACHE_BYTES + 1)  # sparse: no 64 MB written
    warnings: list[str] = []
    assert scan_library(directory, cache_path=cache, warn=warnings.append) == fresh
    assert len(warnings) == 1 and "larger than" in warnings[0]


# --- The reader restoring a saved position ------------------------------------------------


async def restore_all(saved: list[dict], directory: Path) -> None:
    """Opens the article on each saved position in turn (through the state file), then
    restores the others on the open reader, and checks the keys still work."""
    store = StateStore(directory)
    assert store.save(ARTICLE.id, saved[0])
    app = ReaderApp(ARTICLE, animate=False, environ={}, state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reader = app.reader
        for position in saved[1:]:
            reader.restore_position(position)
            await pilot.pause()
        await pilot.press("n", "f", "j", "G", "g")
        quotes = app.reader.quote_list
        assert quotes.option_count == 0 or quotes.highlighted is not None
    assert store.warnings == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(saved_positions, min_size=10, max_size=10))
def test_any_saved_position_is_restored_or_ignored(saved: list[dict]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(restore_all(saved, Path(directory) / "state"))
