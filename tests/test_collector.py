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
