"""``tui-reader serve`` as a person meets it: ``ssh -tt`` on loopback opens the reader, ``n``
works, a resize re-lays it out, ``q`` ends the session and leaves no process; the host key, the
log and the command line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from serve_harness import ROOT, Server, needs_ssh, wait_for_screen

pytestmark = needs_ssh
GOOD = ROOT / "tests" / "data" / "good"
TITLE = "NATO activating"


@pytest.fixture(scope="module")
def article_server():
    server = Server()
    yield server
    server.close()


def test_a_person_reads_the_article_steps_quotes_resizes_and_quits(article_server) -> None:
    terminal = article_server.connect(columns=100, rows=30)
    try:
        assert wait_for_screen(terminal, TITLE), terminal.text
        assert wait_for_screen(terminal, "16 quotes"), terminal.text  # none current yet
        terminal.send("n")  # the first quote
        assert wait_for_screen(terminal, "Quote 1/16"), terminal.text
        terminal.send("n")
        assert wait_for_screen(terminal, "Quote 2/16"), terminal.text
        # The client's window shrinks: ssh sends a window change, the reader lays out again
        # (the footer moves to the new last row; the header is one line below 30 rows).
        terminal.screen.resize(24, 70)
        terminal.process.setwinsize(24, 70)
        assert terminal.wait_for(lambda _: "Quit" in terminal.screen.display[23], 20), terminal.text
        assert terminal.wait_for(lambda _: "24 Feb 2022" in terminal.screen.display[0], 20)
        terminal.send("q")
        assert terminal.wait_exit(20) == 0
    finally:
        terminal.close()
    # Nothing of the session is left: no reader, no load-ahead child, no session directory.
    assert article_server.wait_for_readers(lambda pids: not pids, 10)
    assert article_server.wait_for_log(
        r"session \S+ ended: 127\.0\.0\.1 user 'reader' anonymous,"
        r" xterm-256color 70x24, [\d.]+ s, quit"
    )
    assert not list(article_server.home.glob("tui-reader-serve-*/session-*"))


def test_the_library_shows_and_opens_an_article(tmp_path: Path) -> None:
    server = Server(str(GOOD))
    try:
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, "A minimal article"), terminal.text
            assert TITLE in terminal.text
        finally:
            terminal.close()
    finally:
        server.close()


def test_the_host_key_is_made_once_private_and_its_fingerprint_printed(tmp_path: Path) -> None:
    first = Server(home=tmp_path)
    first.close()
    key = tmp_path / "data" / "tui-reader" / "serve" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert key.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    public = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(key)], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert f"host key {public} (made {key})" in first.log
    second = Server(home=tmp_path)
    try:
        assert f"host key {public} (from {key})" in second.log
        # The client sees the same key.
        scan = subprocess.run(
            ["ssh-keyscan", "-p", str(second.port), "-t", "ed25519", "127.0.0.1"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        (line,) = [line for line in scan.stdout.splitlines() if "ssh-ed25519" in line]
        listed = subprocess.run(
            ["ssh-keygen", "-l", "-f", "-"], input=line, capture_output=True, text=True
        )
        assert listed.stdout.split()[1] == public
    finally:
        second.close()


def test_a_host_key_that_others_can_read_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    os.chmod(key, 0o644)
    result = serve("--host-key", str(key), "--listen", "127.0.0.1:0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tui-reader serve: host key: {key} can be read by others (-rw-r--r--): chmod 600 it"
    ]


def serve(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "serve", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def test_help_names_the_command_and_every_option_with_its_default() -> None:
    result = serve("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: tui-reader serve ")
    for option, default in (
        ("--listen HOST:PORT", "default 127.0.0.1:2222"),
        ("--host-key FILE", "data directory"),
        ("--authorized-keys FILE", "default: anyone"),
        ("--max-sessions N", "(default 20)"),
        ("--max-per-ip N", "(default 3)"),
        ("--idle-timeout SECONDS", "(default 900)"),
        ("--max-time SECONDS", "(default 14400)"),
        ("--login-timeout SECONDS", "(default 30)"),
    ):
        assert option in result.stdout and default in " ".join(result.stdout.split()), option


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--listen", "2222"], "argument --listen: expected HOST:PORT"),
        (["--max-sessions", "0"], "argument --max-sessions: expected a whole number"),
        (["--idle-timeout", "soon"], "argument --idle-timeout: expected a number of seconds"),
    ],
)
def test_a_bad_option_is_one_line_and_status_2(arguments: list[str], error: str) -> None:
    result = serve(*arguments)
    assert result.returncode == 2
    assert f"tui-reader serve: error: {error}" in result.stderr
    assert "Traceback" not in result.stderr


def test_content_that_cannot_be_served_is_said_before_listening(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\n")
    result = serve(str(bad), "--listen", "127.0.0.1:0")
    assert result.returncode == 2
    assert str(bad) in result.stderr and "listening" not in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = serve(str(empty), "--listen", "127.0.0.1:0")
    assert result.returncode == 2
    assert "no .yaml or .yml files in this directory" in result.stderr
