"""The collector is paused from the program's first line to its first frame, then resumed."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import cli, collector
from tui.__main__ import main as program
from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article


@pytest.fixture
def paused() -> Iterator[None]:
    """The collector paused as the program pauses it; left on and unfrozen afterwards."""
    collector.pause_for_start_up()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def test_resume_freezes_what_is_alive_and_turns_collection_back_on(paused: None) -> None:
    assert not gc.isenabled()
    collector.resume_after_start_up()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_leaves_a_running_collector_alone() -> None:
    assert gc.isenabled()
    collector.resume_after_start_up()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing frozen behind the tests' back


async def test_the_apps_first_frame_resumes_collection(paused: None) -> None:
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


async def test_a_library_first_screen_resumes_collection_too(paused: None, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(default_article_path().read_bytes())
    app = ReaderApp(library=tmp_path, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


def test_check_and_export_run_with_collection_on(paused: None, capsys) -> None:
    assert cli.main(["check", str(default_article_path())]) == 0
    assert gc.isenabled()
    gc.disable()
    assert cli.main(["export", str(default_article_path()), "--format", "txt"]) == 0
    assert gc.isenabled()
    capsys.readouterr()


def test_the_program_pauses_before_the_command_line_and_resumes_after(monkeypatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()) or 0)
    try:
        assert program() == 0
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_the_program_resumes_collection_when_the_command_fails(monkeypatch) -> None:
    def fail() -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "main", fail)
    try:
        with pytest.raises(RuntimeError):
            program()
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_the_pause_comes_before_the_command_lines_imports() -> None:
    # ``tui.__main__`` itself imports only the collector: everything heavy comes after the pause.
    code = "import sys, tui.__main__; print(sorted(m for m in sys.modules if m.startswith('tui')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "['tui', 'tui.__main__', 'tui.collector']"


# --- Collections moved out of keys ---------------------------------------------------------


class FakeCollector:
    """``gc`` as ``collect_while_idle`` sees it: counts and thresholds set, collections kept."""

    def __init__(self, counts: tuple[int, int, int], enabled: bool = True) -> None:
        self.counts = counts
        self.enabled = enabled
        self.collected: list[int] = []

    def isenabled(self) -> bool:
        return self.enabled

    def get_count(self) -> tuple[int, int, int]:
        return self.counts

    def get_threshold(self) -> tuple[int, int, int]:
        return (700, 10, 10)

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        return 0


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # The next key's young collections cannot reach the middle threshold: nothing.
        ((650, 0, 9), []),
        ((650, 6, 9), []),
        # They could: the middle generation now...
        ((0, 7, 0), [1]),
        ((0, 10, 8), [1]),
        # ... or the full collection, when that middle one would make the oldest due.
        ((0, 7, 10), [2]),
        ((0, 11, 12), [2]),
    ],
)
def test_idle_time_makes_the_collection_the_next_key_would_come_to(
    monkeypatch, counts: tuple[int, int, int], expected: list[int]
) -> None:
    fake = FakeCollector(counts)
    monkeypatch.setattr(collector, "gc", fake)
    collector.collect_while_idle()
    assert fake.collected == expected


def test_idle_time_collects_nothing_while_start_up_has_collection_paused(monkeypatch) -> None:
    fake = FakeCollector((0, 10, 10), enabled=False)
    monkeypatch.setattr(collector, "gc", fake)
    collector.collect_while_idle()
    assert fake.collected == []


async def test_the_app_collects_once_input_pauses(monkeypatch) -> None:
    import tui.app

    calls: list[float] = []
    monkeypatch.setattr(tui.app, "collect_while_idle", lambda: calls.append(1.0))
    # A terminal app, not a headless test app (which never collects this way); its first
    # frame's settling would freeze the test process's objects.
    monkeypatch.setattr(ReaderApp, "is_headless", property(lambda self: False))
    monkeypatch.setattr(collector, "settle", lambda: None)
    monkeypatch.setattr(tui.app, "IDLE_DELAY", 0.5)  # longer than keys take on a slow machine
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in "jjjj":
            await pilot.press(key)
        assert calls == []  # each key moved the collection on
        await pilot.pause(1.5)
        assert calls == [1.0]  # once, after the last key


async def test_a_headless_app_never_collects_on_a_timer(monkeypatch) -> None:
    import tui.app

    calls: list[float] = []
    monkeypatch.setattr(tui.app, "collect_while_idle", lambda: calls.append(1.0))
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await pilot.pause(collector.IDLE_DELAY * 3)
        assert calls == []
