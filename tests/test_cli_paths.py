"""Bad paths and crashes: one line naming the path (status 2), or a crash report (status 70).

Never a traceback. The tests run as root in CI, where ``chmod 000`` does not stop a read, so
"unreadable" is made real by dropping to ``nobody`` with ``setpriv`` where that is possible,
and by the other ways a path cannot be read (a path through a file, a symlink loop, a FIFO
with no writer, which used to hang the loader for ever).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.content_paths import default_article_path
from tui.model.loader import load_article

ROOT = Path(__file__).parent.parent


def reader(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        check=False,
        **kwargs,
    )


def assert_one_line_naming(result: subprocess.CompletedProcess[str], path: Path) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert result.stdout == ""
    return lines[0]


def test_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"
    assert "no such file" in assert_one_line_naming(reader(str(missing)), missing)


def test_a_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    path = tmp_path / "file" / "article.yaml"
    assert "Not a directory" in assert_one_line_naming(reader(str(path)), path)


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert_one_line_naming(reader(str(loop)), loop)


def test_a_fifo_without_a_writer_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui import cli
    from tui.model import loader

    monkeypatch.setattr(loader, "PIPE_SECONDS", 0.2)
    fifo = tmp_path / "article.yaml"
    os.mkfifo(fifo)
    assert cli.main([str(fifo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"{fifo}:") and "nothing was written to this pipe" in err


def test_a_fifo_whose_writer_comes_late_is_read(tmp_path: Path) -> None:
    import threading
    import time

    fifo = tmp_path / "article.yaml"
    os.mkfifo(fifo)
    text = (ROOT / "tests" / "data" / "good" / "minimal.yaml").read_bytes()

    def write_late() -> None:
        time.sleep(0.3)
        with fifo.open("wb") as file:
            file.write(text)

    threading.Thread(target=write_late, daemon=True).start()
    assert load_article(fifo).meta.title == "A minimal article"


def test_an_empty_directory(tmp_path: Path) -> None:
    assert_one_line_naming(reader(str(tmp_path)), tmp_path)


def test_an_unreadable_file(tmp_path: Path) -> None:
    article = tmp_path / "secret.yaml"
    shutil.copy(ROOT / "tests" / "data" / "good" / "minimal.yaml", article)
    article.chmod(0)
    tmp_path.chmod(0o755)
    if os.geteuid() != 0:
        result = reader(str(article))
    elif shutil.which("setpriv"):
        # Root reads anything: run the reader as nobody, for whom mode 000 means no.
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        result = subprocess.run(
            [*drop, sys.executable, "-m", "tui", str(article)],
            capture_output=True,
            text=True,
            timeout=30,
            cwd=ROOT,
            check=False,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        if "Permission denied" in result.stderr and "secret.yaml" not in result.stderr:
            pytest.skip(f"nobody cannot run the interpreter here: {result.stderr}")
    else:
        pytest.skip("running as root without setpriv: no way to make a file unreadable")
    assert "permission denied" in assert_one_line_naming(result, article)


@pytest.fixture
def vanishing(tmp_path: Path) -> Path:
    copy = tmp_path / "article.yaml"
    shutil.copy(default_article_path(), copy)
    return copy


def test_the_file_vanishing_while_open_changes_nothing(vanishing: Path) -> None:
    title = load_article(vanishing).meta.title
    head = " ".join(title.split()[:4])
    terminal = PtyTerminal.reader("--no-animation", str(vanishing), columns=120, rows=40)
    try:
        assert terminal.wait_for(lambda text: head in text), terminal.text
        vanishing.unlink()
        vanishing.parent.rmdir()
        for key in "nnjjf":
            terminal.send(key)
        has_fact = re.compile(r"Fact \d+/\d+")
        assert terminal.wait_for(lambda text: has_fact.search(text) is not None), terminal.text
        terminal.send("i")  # the about dialog names the file that is gone
        terminal.pump(0.3)
        terminal.send("\x1b")
        terminal.pump(0.3)
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text
        assert b"Traceback" not in terminal.written
    finally:
        terminal.close()


def test_an_unexpected_error_restores_the_terminal_and_writes_a_report(tmp_path: Path) -> None:
    terminal = PtyTerminal.reader(
        "--no-animation",
        columns=100,
        rows=30,
        env={"TUI_READER_CRASH_TEST": "1", "XDG_STATE_HOME": str(tmp_path)},
    )
    try:
        status = terminal.wait_exit(30)
    finally:
        terminal.close()
    assert status == 70
    written = bytes(terminal.written)
    assert b"Traceback" not in written
    # The message comes after the terminal has left the alternate screen.
    restored = written.rfind(b"\x1b[?1049l")
    assert restored >= 0
    message = written[restored:].decode()
    assert "tui-reader: unexpected error (ValueError: crash test" in message
    report = Path(message.split("Full report: ")[1].split()[0])
    assert report.is_file()
    assert report.is_relative_to(tmp_path / "tui-reader" / "reports")
    details = report.read_text()
    assert "Traceback" in details and "ValueError: crash test" in details
    assert "_crash_for_test" in details


def test_a_crash_outside_the_app_is_reported_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui import cli

    def broken(*args: object) -> int:
        raise RuntimeError("broken on purpose")

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(cli, "_check", broken)
    assert cli.main(["check", "x.yaml"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("tui-reader: unexpected error (RuntimeError: broken on purpose).")
    assert "Traceback" not in err
    (report,) = (tmp_path / "tui-reader" / "reports").iterdir()
    assert "RuntimeError: broken on purpose" in report.read_text()


@pytest.mark.parametrize("delay", [0.1, 0.15, 0.2, 0.3, 0.6])
def test_ctrl_c_at_any_moment_of_check_ends_with_130_and_no_traceback(
    tmp_path: Path, delay: float
) -> None:
    import signal
    import time

    text = default_article_path().read_bytes()
    for number in range(300):
        (tmp_path / f"a{number:03}.yaml").write_bytes(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "check", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    time.sleep(delay)  # while Python starts, while our modules are imported, while checking
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    if err.startswith(b"Could not import runpy module"):
        pytest.skip("the signal came while Python itself started, before any of our code")
    # Killed by the signal itself (-2) only before Python has set up its handler.
    assert process.returncode in (130, -signal.SIGINT), err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
