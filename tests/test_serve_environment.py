"""A session's reader as the server starts it: an environment made from nothing (what the client
sends never reaches it but a sanitised TERM, COLORTERM and LANG), its own session with the pty as
controlling terminal, every signal at its default, resource limits, a private home."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from serve_harness import (
    Server,
    client_environment,
    environment_of,
    needs_ssh,
    read_and_quit,
    wait_for_screen,
)

pytestmark = needs_ssh
#: What a client may try to hand the reader: all sent with one ``-o SetEnv`` (ssh takes the
#: first value of each option given, so a second ``-o SetEnv`` would be ignored).
HOSTILE = {
    "LD_PRELOAD": "/tmp/evil.so",
    "PYTHONPATH": "/tmp/evil",
    "PYTHONSTARTUP": "/tmp/evil.py",
    "TEXTUAL_DRIVER": "evil:Driver",
    "TUI_READER_CRASH_TEST": "1",
    "COLUMNS": "20",
    "LINES": "5",
    "HOME": "/root",
    "PATH": "/tmp/evil",
}


@pytest.fixture(scope="module", params=["forked", "spawned"])
def session(request, tmp_path_factory):
    """One session of a server started as ``nohup`` would, by a client that sends everything
    above, a hostile ``TERM`` and good ``LANG`` and ``COLORTERM``; the reader's pid. Its reader
    is a fork of the warm reader, or (that one killed first) spawned afresh."""
    evil = tmp_path_factory.mktemp("evil")
    (evil / "sitecustomize.py").write_text(f"open({str(evil / 'ran')!r}, 'w').close()\n")
    server = Server(ignore_hangups=True)
    warm = server.wait_for_warm_reader()
    if request.param == "spawned":
        os.kill(warm, signal.SIGKILL)
        assert server.wait_for_log(r"warm reader: it has ended")
    sent = {**HOSTILE, "PYTHONPATH": str(evil)}
    terminal = server.connect(
        "-o",
        "SetEnv=" + " ".join(f"{name}={value}" for name, value in sent.items()),
        "-o",
        "SendEnv=LANG COLORTERM",
        "-v",
        env=client_environment(
            TERM="xterm\x1b]0;pwned\x07/../../../../etc/passwd",
            LANG="C.UTF-8",
            COLORTERM="truecolor",
        ),
    )
    assert wait_for_screen(terminal, "NATO activating"), terminal.text
    (reader,) = server.sessions()
    yield server, terminal, reader, evil, request.param
    terminal.close()
    server.close()


def test_the_client_sent_its_environment(session) -> None:
    _, terminal, _, _, _ = session
    said = terminal.written.decode(errors="replace")
    for name in HOSTILE:
        assert f"setting env {name} = " in said, name


def test_nothing_the_client_sends_reaches_the_reader_but_term_lang_colorterm(session) -> None:
    server, _, reader, evil, how = session
    assert not (evil / "ran").exists()  # no Python started with the client's PYTHONPATH
    if how == "forked":
        # /proc shows the environment a process was started with: the warm reader's (empty).
        # tests/test_serve_zygote.py reads a fork's own.
        assert environment_of(reader) == environment_of(server.warm_reader() or reader)
        return
    environment = environment_of(reader)
    assert environment["TERM"] == "xterm-256color"  # the hostile TERM replaced
    assert environment["LANG"] == "C.UTF-8"
    assert environment["COLORTERM"] == "truecolor"
    for name in ("LD_PRELOAD", "PYTHONPATH", "PYTHONSTARTUP", "TEXTUAL_DRIVER", "COLUMNS", "PATH"):
        assert name not in environment, name
    assert "TUI_READER_CRASH_TEST" not in environment
    # Nothing of the server's own environment either (its XDG_DATA_HOME, TMPDIR).
    assert "TMPDIR" not in environment and "XDG_DATA_HOME" not in environment
    home = Path(environment["HOME"])
    assert home.parent.parent == server.home and home.name.startswith("session-")
    assert not (evil / "ran").exists()


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def test_the_reader_has_its_own_session_with_the_pty_as_controlling_terminal(session) -> None:
    _, _, reader, _, _ = session
    _state, _ppid, group, leader, terminal, *_ = _stat(reader)
    assert int(group) == int(leader) == reader
    assert int(terminal) != 0
    assert Path(f"/proc/{reader}/fd/0").resolve() == Path(f"/proc/{reader}/fd/1").resolve()
    assert str(Path(f"/proc/{reader}/fd/0").resolve()).startswith("/dev/pts/")


def test_signals_are_reset_though_the_server_ignores_hangups(session) -> None:
    server, _, reader, _, _ = session
    assert int(_status(server.process.pid)["SigIgn"], 16) & (1 << (signal.SIGHUP - 1))
    assert not int(_status(reader)["SigIgn"], 16) & (1 << (signal.SIGHUP - 1))
    assert int(_status(reader)["SigBlk"], 16) == 0


def test_the_reader_runs_within_limits_in_a_private_home(session) -> None:
    server, _, reader, _, _ = session
    limits = Path(f"/proc/{reader}/limits").read_text()

    def limit(name: str) -> str:
        line = next(line for line in limits.splitlines() if line.startswith(name))
        return line[len(name) :].split()[0]

    assert limit("Max address space") == str(1024 * 1024 * 1024)
    assert limit("Max open files") == "256"
    assert limit("Max core file size") == "0"
    assert limit("Max file size") == str(64 * 1024 * 1024)
    assert limit("Max cpu time") == "900"
    assert _status(reader)["Umask"] == "0077"
    home = Path(f"/proc/{reader}/cwd").resolve()
    assert home.parent.parent == server.home and home.name.startswith("session-")
    # Only the pty and the log pipe are open of what the server had (none of its sockets).
    opened = [Path(f"/proc/{reader}/fd/{fd}").resolve() for fd in (0, 1, 2, 3)]
    assert str(opened[3]).startswith("pipe:") or "pipe" in str(opened[3])


@pytest.mark.parametrize(
    "term", ["xterm\x1b]0;pwned\x07", "../../../../etc/passwd", "x" * 300, ""], ids=repr
)
def test_a_hostile_term_is_replaced_and_logged(term: str) -> None:
    server = Server()
    try:
        read_and_quit(server, env=client_environment(TERM=term))
        line = server.wait_for_log(r"session \S+ ended: .*")
        assert line is not None
        assert "replaced by xterm-256color 100x30" in line.group(0)
        assert "\x1b" not in line.group(0)
    finally:
        server.close()
