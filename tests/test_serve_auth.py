"""``--authorized-keys``: only those keys get in, their ``no-*`` options (and ``restrict``,
``from``, ``command``) honoured, and the log names the key; a bad file is one line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal
from serve_harness import (
    ROOT,
    Server,
    client_environment,
    make_client_key,
    needs_ssh,
    read_and_quit,
    wait_for_screen,
)

pytestmark = needs_ssh


def _fingerprint(key: Path) -> str:
    listed = subprocess.run(
        ["ssh-keygen", "-l", "-f", f"{key}.pub"], capture_output=True, text=True, check=True
    )
    return listed.stdout.split()[1]


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """Keys of clients, each with its line in an authorized_keys file, and the server."""
    directory = tmp_path_factory.mktemp("keys")
    options = {
        "plain": "",
        "no-pty": "no-pty ",
        "restrict": "restrict ",
        "restrict-pty": "restrict,pty ",
        "elsewhere": 'from="10.1.2.3" ',
        "command": 'command="/bin/sh" ',
    }
    made = {name: make_client_key(directory, name) for name in [*options, "stranger"]}
    lines = [options[name] + Path(f"{made[name]}.pub").read_text() for name in options]
    authorized = directory / "authorized_keys"
    authorized.write_text("# readers of the newsroom\n" + "".join(lines))
    server = Server("--authorized-keys", str(authorized), "--max-per-ip", "20")
    yield made, server
    server.close()


def _connect(server, key: Path):
    return server.connect("-i", str(key), "-o", "LogLevel=INFO")


def test_an_authorized_key_reads_and_the_log_names_it(keys) -> None:
    made, server = keys
    assert "open to the authorized keys only" in server.log
    read_and_quit(server, "-i", str(made["plain"]))
    fingerprint = _fingerprint(made["plain"])
    assert server.wait_for_log(
        rf"session \S+ ended: 127\.0\.0\.1 user 'reader' key {re.escape(fingerprint)}, .*, quit"
    ), server.log


@pytest.mark.parametrize("who", ["stranger", "anonymous", "elsewhere"])
def test_other_keys_and_no_key_are_refused(keys, who: str) -> None:
    made, server = keys
    arguments = ["-i", str(made[who])] if who != "anonymous" else ["-o", "PubkeyAuthentication=no"]
    result = server.run(*arguments, "-tt", timeout=30)
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr


@pytest.mark.parametrize("name", ["no-pty", "restrict"])
def test_a_key_without_a_pty_gets_no_reader(keys, name: str) -> None:
    made, server = keys
    # Neither ``-t`` nor ``-tt``: ssh asked for a pty gives up when it is refused one.
    argv = server.ssh_argv("-i", str(made[name]), "-o", "LogLevel=INFO")
    terminal = PtyTerminal(argv, env=client_environment())
    try:
        assert terminal.wait_exit(20) == 1
        said = terminal.written.decode(errors="replace")
        assert "PTY allocation request failed" in said
        assert "tui-reader: this server shows a reader and needs a terminal" in said
        assert "NATO" not in said
    finally:
        terminal.close()


def test_restrict_with_pty_reads(keys) -> None:
    made, server = keys
    terminal = _connect(server, made["restrict-pty"])
    try:
        assert wait_for_screen(terminal, "NATO activating"), terminal.text
    finally:
        terminal.close()


def test_a_key_with_a_forced_command_is_refused_a_session(keys) -> None:
    made, server = keys
    terminal = _connect(server, made["command"])
    try:
        assert terminal.wait_exit(20) == 255
        said = terminal.written.decode(errors="replace")
        assert "this key has a forced command; the server only shows the reader" in said
    finally:
        terminal.close()


def _serve(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "serve", "--listen", "127.0.0.1:0", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def test_an_authorized_keys_file_that_cannot_be_used_is_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage"
    garbage.write_text("ssh-ed25519 not-base64 someone\n")
    empty = tmp_path / "empty"
    empty.write_text("# nobody yet\n")
    for path, problem in (
        (tmp_path / "missing", "No such file or directory"),
        (garbage, ""),
        (empty, "No valid entries found"),
    ):
        result = _serve("--authorized-keys", str(path))
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"tui-reader serve: authorized keys: {path}: ")
        assert problem in line
