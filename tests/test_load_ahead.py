"""The article loaded by a forked child while Textual is imported: the same article, the same
errors, and the file loaded here whenever the child does not deliver."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui import load_ahead
from tui.content_paths import default_article_path
from tui.load_ahead import PendingArticle, can_load_ahead
from tui.model import DEFAULT_MAX_BYTES
from tui.model.errors import ContentInvalid
from tui.model.loader import load_article

DATA = Path(__file__).parent / "data"
SEED = default_article_path()

needs_fork = pytest.mark.skipif(not can_load_ahead(), reason="no fork, or one core")


def errors_of(path: Path, loader) -> tuple:
    with pytest.raises(ContentInvalid) as raised:
        loader(path)
    return raised.value.errors


def test_the_article_is_the_one_the_loader_gives() -> None:
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@pytest.mark.parametrize(
    "path",
    [DATA / "bad" / "dangling_speaker.yaml", DATA / "bad" / "latin1.yaml", DATA / "nope.yaml"],
    ids=["invalid", "not-utf8", "missing"],
)
def test_a_bad_file_gives_the_loaders_errors(path: Path) -> None:
    expected = errors_of(path, load_article)
    assert errors_of(path, lambda p: PendingArticle(p, DEFAULT_MAX_BYTES).result()) == expected
    assert all(error.path == str(path) for error in expected)


def test_the_size_limit_holds_in_the_child() -> None:
    expected = errors_of(SEED, lambda p: load_article(p, max_bytes=100))
    assert errors_of(SEED, lambda p: PendingArticle(p, 100).result()) == expected


@needs_fork
def test_the_parent_never_imports_the_yaml_parser() -> None:
    code = (
        "import sys; from tui.load_ahead import PendingArticle; "
        f"article = PendingArticle({str(SEED)!r}, 1 << 20).result(); "
        "print('yaml' in sys.modules, article.meta.title[:4])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "NATO"]


def _exit_silently(writing: int, path: object, max_bytes: int) -> None:
    os._exit(0)


def _send_half(writing: int, path: object, max_bytes: int) -> None:
    data = pickle.dumps(("article", load_article(SEED)))
    os.write(writing, data[: len(data) // 2])
    os._exit(0)


@needs_fork
@pytest.mark.parametrize("child", [_exit_silently, _send_half], ids=["nothing", "half"])
def test_a_child_that_does_not_deliver_leaves_the_load_to_the_parent(monkeypatch, child) -> None:
    monkeypatch.setattr(load_ahead, "_load_and_send", child)
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@needs_fork
def test_a_child_that_does_not_deliver_still_reports_the_errors(monkeypatch) -> None:
    monkeypatch.setattr(load_ahead, "_load_and_send", _exit_silently)
    path = DATA / "bad" / "dangling_speaker.yaml"
    pending = PendingArticle(path, DEFAULT_MAX_BYTES)
    assert errors_of(path, lambda _: pending.result()) == errors_of(path, load_article)


def test_without_a_second_core_the_file_loads_here(monkeypatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked with one core")

    monkeypatch.setattr(load_ahead, "can_load_ahead", lambda: False)
    monkeypatch.setattr(os, "fork", no_fork)
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        (
            str(DATA / "bad" / "three_problems.yaml"),
            [":5:14: meta.published:", ":9:5: body[0].captoin:", ":12:14: quotes[0].speaker:"],
        ),
        (f"{SEED}#q99", ["no quote, fact or block with id 'q99'"]),
    ],
    ids=["invalid", "missing-target"],
)
def test_in_a_terminal_a_bad_file_ends_with_its_errors(argument: str, expected: list[str]) -> None:
    # The path a terminal takes: the file loaded in the child while Textual is imported.
    terminal = PtyTerminal.reader(argument, columns=200, rows=20)
    try:
        assert terminal.wait_exit(30) == 2, terminal.text
        shown = terminal.text
        assert all(part in shown for part in expected), shown
        assert "Traceback" not in shown
    finally:
        terminal.close()


# --- The child never outlives the parent -----------------------------------------------------


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(status.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie has ended: only its parent has not looked yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(predicate, timeout: float = 10.0) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(
    ("signal_number", "status"),
    [(2, 130), (15, 143), (1, 129), (9, 137)],
    ids=["INT", "TERM", "HUP", "KILL"],
)
def test_a_signal_to_the_waiting_reader_ends_its_child_too(
    open_pipe: Path, signal_number: int, status: int
) -> None:
    # Under a shell that stays, as in tmux or over SSH: the reader is not the session leader,
    # so nothing hangs its child up when it ends.
    command = f"'{sys.executable}' -m tui '{open_pipe}'; echo status=$?; sleep 30"
    terminal = PtyTerminal(["sh", "-c", command], columns=100, rows=10)
    try:
        readers: list[int] = []
        assert _wait(lambda: bool(readers.extend(_children(terminal.process.pid)) or readers))
        (reader,) = readers
        loaders: list[int] = []
        assert _wait(lambda: bool(loaders.extend(_children(reader)) or loaders))
        (loader,) = loaders
        # Signalled once it waits on the pipe (where the kernel says so; else within 5 s).
        _wait(lambda: "pipe" in Path(f"/proc/{reader}/wchan").read_text(), 5)
        os.kill(reader, signal_number)  # waiting for the child: the pipe is 5 s from its end
        assert terminal.wait_for(lambda text: "status=" in text, 3), terminal.text
        assert f"status={status}" in terminal.text
        assert "Traceback" not in terminal.text
        assert _wait(lambda: not _alive(loader), 1), "the loading child outlived the reader"
    finally:
        terminal.close()
