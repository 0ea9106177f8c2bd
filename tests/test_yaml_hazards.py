"""YAML hazards: each a clear error naming the file, in under 100 ms and bounded memory.

The files are in ``tests/data/hazards/``; the 50 MB file is made at run time in a temporary
directory. Time is the median of several loads (one slow run on a busy CI machine is noise, a
slow median is not); memory is the peak of Python allocations during one load.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

import pytest

from tui.model.errors import ContentInvalid
from tui.model.loader import load_article

HAZARDS = Path(__file__).parent / "data" / "hazards"
MAX_SECONDS = 0.100
MAX_PEAK_BYTES = 50 * 1024 * 1024
RUNS = 5

#: Each hazard file and words its first error must contain.
EXPECTED = {
    "alias_bomb.yaml": "are not allowed",
    "self_alias.yaml": "are not allowed",
    "nesting_10000.yaml": "nesting depth",
    "nesting_10000_block.yaml": "nested deeper than 32 levels",
    "two_documents.yaml": "only one YAML document",
    "tabs.yaml": "tab",
    "utf16.yaml": "UTF-16",
    "latin1.yaml": "not UTF-8",
    "number_5000_digits.yaml": "at most 18 digits",
}


def measure(path: Path) -> tuple[ContentInvalid, float, int]:
    """The error, the median time of ``RUNS`` loads, and the peak memory of one."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with pytest.raises(ContentInvalid) as caught:
            load_article(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        with pytest.raises(ContentInvalid):
            load_article(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, statistics.median(times), peak


def test_every_hazard_file_has_an_expectation() -> None:
    assert sorted(p.name for p in HAZARDS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hazard_is_a_quick_clear_error(name: str) -> None:
    path = HAZARDS / name
    error, seconds, peak = measure(path)
    first = error.errors[0]
    assert first.path == str(path)
    assert EXPECTED[name] in first.problem, str(error)
    assert "\n" not in str(first)
    assert seconds < MAX_SECONDS, f"{name}: median {seconds * 1000:.1f} ms"
    assert peak < MAX_PEAK_BYTES, f"{name}: peak {peak / 1e6:.1f} MB"


def test_a_50_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    chunk = ("word " * 200 + "\n").encode()
    with path.open("wb") as file:
        file.write(b"schema: 1\nid: huge\nmeta:\n  title: Huge\n")
        file.write(b"body:\n  - id: p1\n    paragraph: >\n")
        while file.tell() < 50 * 1024 * 1024:
            file.write(b"      " + chunk)
    error, seconds, peak = measure(path)
    assert "over the limit" in error.errors[0].problem and error.errors[0].path == str(path)
    assert seconds < MAX_SECONDS and peak < MAX_PEAK_BYTES


def test_a_50_megabyte_stream_is_cut_at_the_limit(tmp_path: Path) -> None:
    """Where the size cannot be known in advance (a pipe), reading stops past the limit."""
    import os
    import threading

    fifo = tmp_path / "stream.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with fifo.open("wb") as file:
                for _ in range(50):
                    file.write(b"#" * (1024 * 1024))
        except BrokenPipeError:
            pass  # the loader stopped reading: as it should

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    tracemalloc.start()
    try:
        with pytest.raises(ContentInvalid) as caught:
            load_article(fifo, max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    writer.join(10)
    assert "over the limit" in caught.value.errors[0].problem
    assert peak < 10 * 1024 * 1024


BASE = "schema: 1\nid: a\nmeta: {title: T}\nspeakers: [{id: s, name: S}]\n"


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        (
            "schema: " + "1" * 19 + "\nid: a\nmeta: {title: T}\nbody: [{id: p1, paragraph: x}]\n",
            "schema",
            "at most 18 digits",
        ),
        (
            BASE + "body: [{id: p1, paragraph: x}]\n"
            "quotes: [{id: q, speaker: s, text: x, at: p1, occurrence: " + "9" * 5000 + "}]\n",
            "quotes[0].occurrence",
            "at most 18 digits",
        ),
        (
            BASE + "body: [{id: p1, paragraph: x 5}]\n"
            "facts: [{id: f, label: L, value: '5', at: p1, number: " + "9" * 400 + "}]\n",
            "facts[0].number",
            "too large a number",
        ),
    ],
    ids=["schema-19-digits", "occurrence-5000-digits", "number-400-digits"],
)
def test_huge_numbers_are_field_errors(text: str, field: str, problem: str) -> None:
    from tui.model.loader import parse_article

    with pytest.raises(ContentInvalid) as caught:
        parse_article(text)
    (error,) = caught.value.errors
    assert (error.field, problem in error.problem) == (field, True)


def test_a_huge_number_written_in_a_value_is_no_number() -> None:
    from tui.model.loader import parse_article

    digits = "9" * 400
    article = parse_article(
        BASE + f"body: [{{id: p1, paragraph: x {digits}}}]\n"
        f"facts: [{{id: f, label: L, value: '{digits}', at: p1}}]\n"
    )
    assert article.facts[0].number is None
