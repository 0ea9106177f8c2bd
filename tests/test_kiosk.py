"""Serve mode ("kiosk"): nothing acts on the server's side. A link is copied, not opened; no file
is saved from the palette; no suspend; and a crash shows the client one apologetic line with the
session's id while the details go to the server's log, never a traceback through the pty."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pyte
import pytest
from textual.app import SuspendNotSupported

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.kiosk import KIOSK_VARIABLE, apology, kiosk_session
from tui.model.loader import load_article
from tui.serve.child import Child, child_environment, reader_arguments
from tui.serve.report import ReportRelay

KIOSK = {KIOSK_VARIABLE: "7-a1b2c3"}


def test_the_variable_is_read_in_one_place_and_any_value_means_serve_mode() -> None:
    assert kiosk_session({}) is None
    assert kiosk_session(KIOSK) == "7-a1b2c3"
    assert kiosk_session({KIOSK_VARIABLE: "\x1b]0;x\x07"}) == "unknown"
    assert kiosk_session({KIOSK_VARIABLE: ""}) == "unknown"


async def test_a_link_is_copied_to_the_client_not_opened_on_the_server(monkeypatch) -> None:
    opened: list[str] = []
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    app = ReaderApp(load_article(default_article_path()), environ=KIOSK)
    async with app.run_test() as pilot:
        app.open_url("https://example.org/story")
        await pilot.pause()
        assert app.clipboard == "https://example.org/story"
        assert any("Link copied" in str(n.message) for n in app._notifications)
    assert opened == []


def _palette_titles(app: ReaderApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_offers_no_screenshot_and_nothing_is_saved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = load_article(default_article_path())
    local = ReaderApp(article, environ={})
    async with local.run_test():
        # Textual's command is there locally: the name the kiosk leaves out still exists.
        assert "Screenshot" in _palette_titles(local)
    app = ReaderApp(article, environ=KIOSK)
    async with app.run_test() as pilot:
        titles = _palette_titles(app)
        assert "Screenshot" not in titles and "Jump to the next quote" in titles
        assert app.deliver_screenshot() is None  # a key bound to it elsewhere saves nothing
        app.action_screenshot()
        await pilot.pause()
    assert list(tmp_path.iterdir()) == []


async def test_no_suspend_in_serve_mode(monkeypatch) -> None:
    import signal

    sent: list[int] = []
    monkeypatch.setattr(os, "kill", lambda pid, number: sent.append(number))
    app = ReaderApp(load_article(default_article_path()), environ=KIOSK)
    async with app.run_test():
        with pytest.raises(SuspendNotSupported), app.suspend():
            pass
        app.action_suspend_process()
    assert signal.SIGTSTP not in sent


def _read_all(child: Child, screen: pyte.Screen, timeout: float) -> bytes:
    stream = pyte.ByteStream(screen)
    written = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.master, child.pidfd], [], [], 0.1)
        if child.master in ready:
            try:
                data = os.read(child.master, 65536)
            except OSError:
                data = b""
            written += data
            stream.feed(data)
        if child.pidfd in ready:
            child.reap(lambda status: None)
            while True:  # what it wrote last
                try:
                    data = os.read(child.master, 65536)
                except OSError:
                    break
                if not data:
                    break
                written += data
                stream.feed(data)
            break
    return bytes(written)


def test_a_crash_of_a_served_reader_is_one_line_and_its_details_go_to_the_log(tmp_path) -> None:
    """Started as the server starts it (``tui.serve.child``), with the crash hook set."""
    environment = child_environment("xterm-256color", {}, tmp_path, "7-a1b2c3")
    environment["TUI_READER_CRASH_TEST"] = "1"
    child = Child(reader_arguments(default_article_path()), environment, 100, 30)
    logged: list[str] = []
    relay = ReportRelay(child.log, logged.append, "session 7-a1b2c3: ")
    try:
        screen = pyte.Screen(100, 30)
        written = _read_all(child, screen, 60)
        relay.read(to_the_end=True)
    finally:
        child.kill()
        child.close()
    assert child.status == 70
    # After the reader left the alternate screen: that one line, and nothing else but modes.
    after = written[written.rfind(b"\x1b[?1049l") :].decode()
    text = re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]", "", after)
    assert text.split() == apology("7-a1b2c3").split(), repr(after)
    assert b"Traceback" not in written and b"crash test" not in written
    assert b"File " not in written and str(tmp_path).encode() not in written
    assert any("Traceback (most recent call last)" in line for line in logged)
    assert any("ValueError: crash test: TUI_READER_CRASH_TEST is set" in line for line in logged)
    assert all(line.startswith("session 7-a1b2c3: ") for line in logged)
    assert not (tmp_path / "state" / "tui-reader" / "reports").exists()  # no report file


def test_an_uncaught_error_anywhere_in_serve_mode_goes_to_the_log(tmp_path: Path) -> None:
    code = (
        "import threading\n"
        "from tui.kiosk import install_crash_hooks\n"
        "install_crash_hooks('7-a1b2c3')\n"
        "thread = threading.Thread(target=lambda: 1 / 0); thread.start(); thread.join()\n"
        "raise RuntimeError('secret /srv/path')\n"
    )
    read, write = os.pipe()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        close_fds=False,  # the pipe's end is dup'ed to 3, where the kiosk writes
        preexec_fn=lambda: os.dup2(write, 3),
        cwd=Path(__file__).resolve().parent.parent,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        details = pipe.read()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [apology("7-a1b2c3")] * 2
    assert "ZeroDivisionError" in details and "RuntimeError: secret /srv/path" in details


def test_the_relay_logs_whole_lines_and_at_most_the_report_limit() -> None:
    from tui.kiosk import MAX_REPORT_BYTES

    read, write = os.pipe()
    os.set_blocking(read, False)
    logged: list[str] = []
    relay = ReportRelay(read, logged.append, "s: ")
    os.write(write, b"first li")
    relay.read()
    assert logged == []
    os.write(write, b"ne\nsecond\n")
    relay.read()
    assert logged == ["s: first line", "s: second"]
    writer = os.fdopen(write, "wb")
    for _ in range(4):  # four times the limit, in pieces
        writer.write(b"x" * 1000 + b"\n")
        writer.flush()
        relay.read(to_the_end=True)
        for _ in range(MAX_REPORT_BYTES // 1001):
            writer.write(b"y" * 1000 + b"\n")
            writer.flush()
            relay.read(to_the_end=True)
    writer.close()
    relay.read(to_the_end=True)
    assert relay.ended
    assert sum(len(line) - 3 + 1 for line in logged) <= MAX_REPORT_BYTES + len("first line\n")
    os.close(read)
