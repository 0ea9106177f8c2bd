"""What protects a small server, with the real OpenSSH client: the session caps refuse with a
reason, idle and maximum time end a session (the client's terminal given back first), a
connection that opens no session is dropped, a killed client or a stopped server leaves no
reader, and a client that stops reading does not grow the server's memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from serve_harness import Server, client_environment, needs_ssh, wait_for_screen

pytestmark = needs_ssh
TITLE = "NATO activating"
#: What the server writes to give a terminal back: main screen, cursor shown, paste mode off.
GIVEN_BACK = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?2004l", b"\x1b[?1000l")


def _refused_line(terminal) -> str:
    assert terminal.wait_exit(20) == 1
    lines = [line.strip() for line in terminal.text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (
            ["--max-sessions", "1", "--max-per-ip", "5"],
            "tui-reader: the server is full (1 session); try again later",
        ),
        (
            ["--max-per-ip", "1"],
            "tui-reader: too many sessions from your address (at most 1);"
            " close one or try again later",
        ),
    ],
    ids=["sessions in all", "per address"],
)
def test_a_session_over_a_cap_is_refused_with_the_reason(options, said) -> None:
    server = Server(*options)
    try:
        first = server.connect()
        try:
            assert wait_for_screen(first, TITLE), first.text
            second = server.connect()
            try:
                assert _refused_line(second) == said
            finally:
                second.close()
            assert len(server.sessions()) == 1
        finally:
            first.close()
        # Once the first has gone, there is room again.
        assert server.wait_for_readers(lambda pids: not pids, 10)
        third = server.connect()
        try:
            assert wait_for_screen(third, TITLE), third.text
        finally:
            third.close()
    finally:
        server.close()
    assert f"refused: {said.removeprefix('tui-reader: ')}" in server.log


def _ends_with(terminal, line: str, timeout: float = 20, echoed: bytes = b"") -> None:
    """The session ended with exit status 1 and ``line`` last, after the terminal was given
    back; ``echoed``: keys the test may still have sent as it ended, which the client's
    terminal, cooked again, echoes after the line."""
    assert terminal.wait_exit(timeout) == 1, terminal.text
    written = bytes(terminal.written)
    last_frame = written.rfind(b"\x1b[?2026l") if b"\x1b[?2026l" in written else 0
    for sequence in GIVEN_BACK:
        assert sequence in written[last_frame:], sequence
    assert written.rstrip().rstrip(echoed).rstrip().endswith(line.encode()), written[-300:]


def test_an_idle_session_ends_and_input_keeps_it_open() -> None:
    server = Server("--idle-timeout", "3")
    try:
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            started = time.monotonic()
            for _ in range(5):  # a key a second: 5 s, longer than the idle timeout
                terminal.send("j")
                terminal.pump(1.0)
            assert terminal.process.isalive(), terminal.text
            _ends_with(terminal, "tui-reader: no key pressed for 3 seconds; session ended")
            assert time.monotonic() - started >= 6.5  # the last key came at 4 s
        finally:
            terminal.close()
        assert server.wait_for_readers(lambda pids: not pids, 10)
    finally:
        server.close()
    assert ", idle" in server.log


def test_a_session_ends_at_its_maximum_time_however_busy() -> None:
    server = Server("--max-time", "4")
    try:
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            deadline = time.monotonic() + 15
            said = b"sessions last at most 4 seconds"
            # Keys until the session says it is over: one sent after that was echoed by the
            # client's terminal, given back to it, after the line (a flake, not the server's).
            while (
                terminal.process.isalive()
                and said not in bytes(terminal.written)
                and time.monotonic() < deadline
            ):
                terminal.send("j")
                terminal.pump(0.3)
            _ends_with(
                terminal, "tui-reader: sessions last at most 4 seconds; session ended", echoed=b"j"
            )
        finally:
            terminal.close()
    finally:
        server.close()
    assert ", maximum time" in server.log


def test_a_connection_that_never_asks_for_a_session_is_dropped() -> None:
    server = Server("--login-timeout", "2")
    try:
        started = time.monotonic()
        result = server.run("-N", "-o", "LogLevel=INFO", timeout=30)
        assert time.monotonic() - started < 15
        assert result.returncode == 255
        assert "tui-reader: no session opened within 2 seconds" in result.stderr
        # One that never even speaks SSH goes the same way.
        with socket.create_connection(("127.0.0.1", server.port), timeout=15) as silent:
            silent.settimeout(15)
            assert silent.recv(100).startswith(b"SSH-2.0-")
            started = time.monotonic()
            while silent.recv(100):
                pass
            assert time.monotonic() - started < 10
    finally:
        server.close()
    assert "no session opened within 2 seconds" in server.log


def test_a_killed_client_leaves_no_reader() -> None:
    server = Server()
    try:
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            readers = server.readers()
            assert readers
            os.kill(terminal.process.pid, signal.SIGKILL)
            assert server.wait_for_readers(lambda pids: not pids, 5), server.readers()
            assert not any(Path(f"/proc/{pid}").exists() for pid in readers)
        finally:
            terminal.close()
        assert server.wait_for_log(r"session \S+ ended: .*, the client went away")
    finally:
        server.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_server_tells_every_session_and_leaves_no_reader(stop) -> None:
    server = Server()
    terminals = []
    try:
        for _ in range(2):
            terminals.append(server.connect())
            assert wait_for_screen(terminals[-1], TITLE), terminals[-1].text
        readers = server.readers()
        assert len(server.sessions()) == 2
        assert server.stop(stop) == 0
        for terminal in terminals:
            _ends_with(terminal, "tui-reader: the server is stopping; goodbye")
        assert not any(Path(f"/proc/{pid}").exists() for pid in readers)
    finally:
        for terminal in terminals:
            terminal.close()
        server.close()
    assert server.log.rstrip().endswith("tui-reader serve: stopped")
    assert server.log.count(", server stopped") == 2


def _resident_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def _flood_without_reading(terminal, seconds: float, key: str = "", until=lambda: False) -> None:
    """The client's window changes ten times a second (each a full repaint of 500x200, about
    1 MB of output); its output is not read, so ssh's buffers fill and then the server's."""
    started = time.monotonic()
    flip = 0
    while time.monotonic() - started < seconds and not until():
        flip += 1
        terminal.process.setwinsize(200, 500 - flip % 2)
        if key and flip % 10 == 0:
            terminal.send(key)
        time.sleep(0.1)


def test_a_client_that_stops_reading_does_not_grow_the_server() -> None:
    server = Server("--idle-timeout", "60")
    try:
        terminal = server.connect(columns=500, rows=200)
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            terminal.pump(1.0)
            before = _resident_kib(server.process.pid)
            _flood_without_reading(terminal, 8)
            grown = _resident_kib(server.process.pid) - before
            # Holding the reader's output instead, it grew by ~1.3 MB a second (11 MB here).
            assert grown < 4 * 1024, f"the server grew by {grown} KiB"
            assert terminal.process.isalive()
        finally:
            terminal.close()
        assert server.wait_for_readers(lambda pids: not pids, 10)
    finally:
        server.close()


def test_a_client_that_types_but_stops_reading_is_dropped() -> None:
    server = Server("--idle-timeout", "3")
    try:
        terminal = server.connect(columns=500, rows=200)
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            started = time.monotonic()

            def dropped() -> bool:
                return "connection 127.0.0.1 port" in server.log

            _flood_without_reading(terminal, 30, key="j", until=dropped)  # never idle
            # Paused for the idle timeout (3 s), then its last words have 5 s to get through.
            assert dropped() and time.monotonic() - started < 20
        finally:
            terminal.close()
        assert server.wait_for_readers(lambda pids: not pids, 10)
    finally:
        server.close()
    assert ", the client stopped reading" in server.log


def test_connections_over_twice_the_sessions_per_address_are_refused_with_the_reason() -> None:
    server = Server("--max-per-ip", "1", "--login-timeout", "20")
    held = [
        subprocess.Popen(
            server.ssh_argv("-N"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=client_environment(),
        )
        for _ in range(2)
    ]
    try:
        assert server.wait_for_readers(lambda _: len(server.log.splitlines()) >= 2, 5)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # both held connections are counted
            result = server.run("-tt", "-o", "LogLevel=INFO")
            if "too many connections" in result.stderr:
                break
        assert result.returncode == 255
        assert (
            "tui-reader: too many connections from your address (at most 2); try again later"
            in result.stderr
        )
    finally:
        for client in held:
            client.kill()
            client.wait()
        server.close()


def test_input_the_reader_does_not_take_does_not_grow_the_server() -> None:
    server = Server("--idle-timeout", "60")
    try:
        terminal = server.connect()
        try:
            assert wait_for_screen(terminal, TITLE), terminal.text
            (reader,) = server.sessions()
            os.kill(reader, signal.SIGSTOP)  # it reads nothing more
            before = _resident_kib(server.process.pid)
            os.set_blocking(terminal.process.fd, False)
            sent = 0
            started = time.monotonic()
            while time.monotonic() - started < 8 and sent < 16 * 1024 * 1024:
                try:
                    sent += os.write(terminal.process.fd, b"j" * 65536)
                except BlockingIOError:
                    terminal.pump(0.05)
            grown = _resident_kib(server.process.pid) - before
            # It took the channel's window (128 KiB) and 64 KiB more, then stopped reading
            # (~210 KiB sent, no growth); holding it all, it took ~350 KiB a second.
            assert sent < 1024 * 1024, sent
            assert grown < 1024, f"the server grew by {grown} KiB"
            os.kill(reader, signal.SIGCONT)
        finally:
            terminal.close()
        assert server.wait_for_readers(lambda pids: not pids, 10)
    finally:
        server.close()
