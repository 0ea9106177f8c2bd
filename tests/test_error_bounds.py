"""Error output is bounded: at most a hundred problems kept per file (the rest counted and
said as ``… and N more problems``), bounded memory, and every place that shows the errors
gives the true total."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.app import ReaderApp
from tui.load_ahead import PendingArticle
from tui.model import DEFAULT_MAX_BYTES
from tui.model.errors import ContentError, ContentInvalid
from tui.model.loader import load_article, parse_article
from tui.model.problems import MAX_ERRORS, ErrorCollector

ROOT = Path(__file__).resolve().parent.parent
HEADER = "schema: 1\nid: many\nmeta:\n  title: Many problems\n"


def empty_blocks(count: int) -> str:
    """An article whose body is ``count`` empty mappings: two problems each."""
    return HEADER + "body: [" + "{}," * count + "]\n"


def problems_of(text: str) -> ContentInvalid:
    with pytest.raises(ContentInvalid) as raised:
        parse_article(text, "many.yaml")
    return raised.value


def test_a_file_keeps_its_first_hundred_problems_and_counts_the_rest() -> None:
    invalid = problems_of(empty_blocks(300))
    assert len(invalid.errors) == MAX_ERRORS == 100
    assert invalid.more == invalid.errors.more == 600 - 100
    assert invalid.errors.total == 600
    assert list(invalid.errors) == sorted(invalid.errors)
    assert invalid.errors[0].field == "body[0]" and invalid.errors[-1].field == "body[49].id"
    lines = str(invalid).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "many.yaml: … and 500 more problems"


def test_the_first_problems_in_the_file_are_kept_whatever_order_they_are_found_in() -> None:
    # The missing id (line 1) is found after the whole body has been read.
    invalid = problems_of(empty_blocks(300).replace("id: many\n", ""))
    assert invalid.errors[0].field == "id" and invalid.errors[0].line == 1
    assert invalid.more == 601 - 100


def test_a_few_problems_are_all_kept_with_no_count_line() -> None:
    invalid = problems_of(empty_blocks(3))
    assert len(invalid.errors) == 6 and invalid.more == 0
    assert "more problem" not in str(invalid)


errors = st.builds(
    ContentError,
    st.just("x.yaml"),
    st.integers(1, 50),
    st.integers(1, 9),
    st.sampled_from(["", "a", "b[0]"]),
    st.sampled_from(["p", "q"]),
)


@given(st.lists(errors, max_size=400), st.integers(1, 40))
def test_the_collector_keeps_the_first_in_order_and_counts_all(found, limit) -> None:
    collector = ErrorCollector(limit)
    other = ErrorCollector(limit)
    half = len(found) // 2
    for error in found[:half]:
        collector.append(error)
    other.extend(found[half:])
    collector.extend(other)
    problems = collector.problems()
    assert list(problems) == sorted(found)[:limit]
    assert problems.total == len(found) == collector.total
    assert bool(collector) == bool(found)


#: ``tui-reader ARGS`` that prints its own peak resident memory (VmHWM, in kB) last on stdout.
#: The child's own reading: ``ru_maxrss`` of a child counts the memory of the (v)forked test
#: process it started as, which grows with every test before it.
CHECK_WITH_PEAK = """
import sys
from tui.__main__ import main
try:
    status = main()
finally:
    with open("/proc/self/status") as status_file:
        peak = next(line for line in status_file if line.startswith("VmHWM:"))
    print(peak.split()[1], flush=True)
sys.exit(status)
"""


def test_check_on_600_000_problems_prints_a_hundred_lines_in_bounded_memory(
    tmp_path: Path,
) -> None:
    # 600,000 problems; the file the issue reports (1,900,000 blocks) is in
    # benchmarks/error_bound.py.
    path = tmp_path / "many.yaml"
    path.write_text(empty_blocks(300_000))
    child = subprocess.run(
        [sys.executable, "-c", CHECK_WITH_PEAK, "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    peak = int(child.stdout.split()[-1]) * 1024
    lines = child.stderr.splitlines()
    assert child.returncode == 2
    assert len(lines) == 101, lines[-3:]
    assert lines[-1] == f"{path}: … and 599,900 more problems"
    assert peak < 150 * 2**20, f"peak {peak / 2**20:.0f} MiB"  # 326 MiB before the bound


@pytest.mark.parametrize(
    "items",
    ["&a x,", "{},", "!t x,", "[],"],
    ids=["anchored-text", "empty-mappings", "tagged-text", "empty-lists"],
)
def test_a_long_body_of_bad_items_is_read_in_bounded_memory(items: str) -> None:
    """The body is read a batch at a time however wrong its items are (text too)."""
    text = HEADER + "body: [" + items * 20_000 + "]\n"
    tracemalloc.start()
    try:
        invalid = problems_of(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert invalid.errors.total >= 20_000
    # 0.3 MiB; 8.5 to 18 MiB when every problem was kept, and every text item.
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_the_count_comes_back_from_the_load_ahead_child(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(empty_blocks(300))
    with pytest.raises(ContentInvalid) as here:
        load_article(path)
    with pytest.raises(ContentInvalid) as ahead:
        PendingArticle(path, DEFAULT_MAX_BYTES).result()
    assert ahead.value.errors == here.value.errors
    assert ahead.value.more == here.value.more == 500


async def test_the_errors_panel_gives_the_true_total(tmp_path: Path) -> None:
    path = tmp_path / "article.yaml"
    good = HEADER + "body: [{id: p1, paragraph: Text.}]\n"
    path.write_text(good)
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        path.write_text(empty_blocks(300))
        screen.check_file()
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen.errors_panel.lines
        assert len(lines) == 9
        assert lines[-1] == "… and 592 more"


async def test_the_library_notice_gives_the_true_total(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "many.yaml").write_text(empty_blocks(300))
    app = ReaderApp(library=directory, animate=False, environ={})
    notices: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: notices.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Cannot open many.yaml: 600 problems" in app.screen.status_text
        (notice,) = notices
        lines = notice.splitlines()
        assert len(lines) == 9 and lines[-1] == "… and 592 more (tui-reader check)"


# --- Each problem quotes at most an excerpt of the file --------------------------------------

#: An error line is at most this long besides the file's name.
MAX_LINE = 300
LONG = "k" * 1_000_000
MINIMAL_BODY = "body: [{id: p1, paragraph: Text.}]\n"

#: A line of a megabyte in each place a problem could quote it.
LONG_LINES = {
    # A key on one line has at most 1,024 characters; a key after "? " has no limit.
    "unknown-key": f"{HEADER}? {LONG}\n: v\n{MINIMAL_BODY}",
    "unknown-simple-key": f"{HEADER}{LONG[:1000]}: v\n{MINIMAL_BODY}",
    "unknown-nested-key": f"{HEADER}  ? {LONG}\n  : {{a: &x b}}\n{MINIMAL_BODY}",
    "duplicate-key": f"{HEADER}{MINIMAL_BODY}? {LONG}\n: a\n? {LONG}\n: b\n",
    "anchor": f"{HEADER}  subtitle: &{LONG} x\n{MINIMAL_BODY}",
    "alias": f"{HEADER}  subtitle: *{LONG}\n{MINIMAL_BODY}",
    "tag": f"{HEADER}  subtitle: !{LONG} x\n{MINIMAL_BODY}",
    "tag-handle": f"{HEADER}  subtitle: !{LONG}!x x\n{MINIMAL_BODY}",
    "value": f"{HEADER}  language: {LONG}\n{MINIMAL_BODY}",
    "id": f"{HEADER}body: [{{id: {LONG}, paragraph: Text.}}]\n",
    "syntax": f"{HEADER}  subtitle: {LONG}: {LONG}\n{MINIMAL_BODY}",
    "quote": f"{HEADER}{MINIMAL_BODY}speakers: [{{id: s, name: S}}]\n"
    f"quotes: [{{id: q, speaker: s, text: {LONG}, at: p1}}]\n",
}


def assert_excerpts_only(lines: list[str], path: str, text: str) -> None:
    """Each line is short, and quotes no more than 60 characters of ``text`` in a row."""
    windows = set()
    for line in lines:
        assert line.startswith(path)
        message = line[len(path) :]
        assert len(message) <= MAX_LINE, f"{len(message):,} characters: {message[:200]}"
        windows.update(message[start : start + 61] for start in range(len(message) - 60))
    quoted = [window for window in windows if window in text]
    assert not quoted, quoted[:3]


@pytest.mark.parametrize("python_parser", [False, True], ids=["libyaml", "python"])
@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_a_megabyte_line_is_quoted_as_an_excerpt(
    name: str, python_parser: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if python_parser:
        import yaml

        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    text = LONG_LINES[name]
    invalid = problems_of(text)
    assert_excerpts_only(str(invalid).splitlines(), "many.yaml", text)


def test_check_on_a_colon_separated_file_shows_only_excerpts(tmp_path: Path) -> None:
    # Like /etc/passwd, with a long comment field holding ": " (a key, then a value).
    users = [
        f"user{n}:x:{1000 + n}:{1000 + n}:{'Some Person, Room 12, ' * 8}: /home/user{n}:/bin/sh"
        for n in range(50)
    ]
    system_file = tmp_path / "passwd"
    system_file.write_text("\n".join(users) + "\n")
    path = tmp_path / "x.yaml"
    path.symlink_to(system_file)
    child = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = child.stderr.splitlines()
    assert child.returncode == 2 and len(lines) > 50
    assert_excerpts_only(lines, str(path), system_file.read_text())
