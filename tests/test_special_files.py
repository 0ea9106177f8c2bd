"""Paths that are not files: terminals and other devices, sockets, pipes that never end.

``check``, the reader and the library used to wait for ever on a link to ``/dev/ptmx``,
``/dev/tty``, ``/dev/stdin`` or ``/proc/self/fd/0``, and on a FIFO whose writer sends a few
bytes and stays open. Devices and sockets are now refused before they are opened, with one
line naming the path (status 2); a pipe must deliver the whole file within ``PIPE_SECONDS``.
Each case runs in a pseudo-terminal, where ``/dev/tty`` and ``/dev/stdin`` are a terminal.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.model import loader
from tui.model.errors import ContentInvalid
from tui.model.loader import PIPE_SECONDS, load_article

ROOT = Path(__file__).parent.parent
MINIMAL = (ROOT / "tests" / "data" / "good" / "minimal.yaml").read_bytes()
DEVICES = {
    "ptmx": "/dev/ptmx",
    "tty": "/dev/tty",
    "stdin": "/dev/stdin",
    "fd0": "/proc/self/fd/0",
}
#: Well under the time the refusal would take if anything waited, and over a slow start.
PROMPT_SECONDS = 10.0


@pytest.fixture
def device_links(tmp_path: Path) -> dict[str, Path]:
    links = {}
    for name, target in DEVICES.items():
        links[name] = tmp_path / f"{name}.yaml"
        links[name].symlink_to(target)
    return links


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "socket.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(os.fspath(path))
        server.listen()
        yield path


def in_terminal(*args: str) -> tuple[int | None, float, list[str]]:
    """The program in a pty: its exit status, how long it took, the lines it left on screen."""
    started = time.monotonic()
    terminal = PtyTerminal.reader(*args, columns=200, rows=10)
    try:
        status = terminal.wait_exit(PROMPT_SECONDS + PIPE_SECONDS)
        elapsed = time.monotonic() - started
        terminal.pump(0.2)
        lines = [line.rstrip() for line in terminal.screen.display if line.strip()]
        assert b"Traceback" not in terminal.written
        return status, elapsed, lines
    finally:
        terminal.close()


def assert_refused(result: tuple[int | None, float, list[str]], path: Path, problem: str) -> None:
    status, elapsed, lines = result
    assert status == 2, lines
    assert elapsed < PROMPT_SECONDS
    assert lines == [f"{path}:0:0: {problem}"]


@pytest.mark.parametrize("name", list(DEVICES))
@pytest.mark.parametrize("command", [["check"], []], ids=["check", "reader"])
def test_a_link_to_a_device_is_refused_at_once(
    device_links: dict[str, Path], name: str, command: list[str]
) -> None:
    path = device_links[name]
    result = in_terminal(*command, str(path))
    assert_refused(result, path, "is a character device, not a file")


@pytest.mark.parametrize("command", [["check"], []], ids=["check", "reader"])
def test_a_socket_is_refused_at_once(unix_socket: Path, command: list[str]) -> None:
    assert_refused(in_terminal(*command, str(unix_socket)), unix_socket, "is a socket, not a file")


@pytest.mark.parametrize("command", [["check"], []], ids=["check", "reader"])
def test_a_pipe_that_stays_open_ends_after_its_deadline(
    open_pipe: Path, command: list[str]
) -> None:
    status, elapsed, lines = in_terminal(*command, str(open_pipe))
    assert status == 2, lines
    assert PIPE_SECONDS - 0.5 < elapsed < PIPE_SECONDS + PROMPT_SECONDS
    problem = (
        f"the pipe was still open after {PIPE_SECONDS:g} s (10 bytes read):"
        " its writer must close it"
    )
    assert lines == [f"{open_pipe}:0:0: {problem}"]


def test_the_library_lists_none_of_them(
    tmp_path: Path, device_links: dict[str, Path], unix_socket: Path, open_pipe: Path
) -> None:
    (tmp_path / "article.yaml").write_bytes(MINIMAL)
    terminal = PtyTerminal.reader("--no-animation", str(tmp_path), columns=100, rows=20)
    try:
        assert terminal.wait_for(lambda text: "1 article" in text, PROMPT_SECONDS), terminal.text
        assert "A minimal article" in terminal.text
        terminal.send("\t")  # to the list, where q quits
        terminal.pump(0.3)
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()
    listing = subprocess.run(
        [sys.executable, "-m", "tui", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=PROMPT_SECONDS,
        cwd=ROOT,
        check=False,
    )
    assert listing.stdout == f"{tmp_path / 'article.yaml'}: A minimal article\n"


# --- The loader's bounds on a pipe, with a short deadline -------------------------------------


def pipe_problem(path: Path, monkeypatch: pytest.MonkeyPatch, **options: int) -> tuple[str, float]:
    monkeypatch.setattr(loader, "PIPE_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(ContentInvalid) as raised:
        load_article(path, **options)
    (error,) = raised.value.errors
    return error.problem, time.monotonic() - started


def writing(path: Path, chunks: list[bytes], pause: float, then_wait: float) -> threading.Thread:
    def write() -> None:
        with contextlib.suppress(BrokenPipeError), path.open("wb", buffering=0) as pipe:
            for chunk in chunks:
                pipe.write(chunk)
                time.sleep(pause)
            time.sleep(then_wait)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_writer_that_trickles_is_cut_at_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    writer = writing(fifo, [b"x"] * 30, pause=0.05, then_wait=0)
    problem, elapsed = pipe_problem(fifo, monkeypatch)
    assert problem.startswith("the pipe was still open after 0.5 s (")
    assert elapsed < 1.5
    writer.join(5)


def test_a_pipe_over_the_size_limit_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    writer = writing(fifo, [b"# padding\n" * 500], pause=0, then_wait=1.0)
    problem, elapsed = pipe_problem(fifo, monkeypatch, max_bytes=1000)
    assert problem.startswith("the file is 1,001 bytes, over the limit of 1,000")
    assert elapsed < 0.4  # the writer is still open: the limit, not the deadline, ended it
    writer.join(5)


def test_a_pipe_is_read_whole(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", "/dev/stdin"],
        input=MINIMAL,
        capture_output=True,
        timeout=PROMPT_SECONDS,
        cwd=ROOT,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, b"/dev/stdin: ok\n")
