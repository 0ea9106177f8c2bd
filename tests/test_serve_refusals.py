"""Everything but the reader is refused, and the real OpenSSH client says so: a command, no pty,
sftp, scp both ways (SFTP and the old protocol), ``-L``, ``-R``, ``-D``, ``-W``, agent and X11
forwarding, a second session on one connection."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal
from serve_harness import (
    CLIENT_OPTIONS,
    SSH,
    Server,
    client_environment,
    environment_of,
    needs_ssh,
    wait_for_screen,
)

pytestmark = needs_ssh


@pytest.fixture(scope="module")
def server():
    server = Server("--login-timeout", "20", "--max-per-ip", "20")
    yield server
    server.close()


def test_a_command_is_refused(server) -> None:
    result = server.run(after=("id",))
    assert result.returncode == 255
    assert "exec request failed on channel 0" in result.stderr
    assert "uid=" not in result.stdout
    assert server.wait_for_log(r"connection .* refused a command")


def test_a_session_without_a_terminal_is_told_why(server) -> None:
    result = server.run("-T")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "tui-reader: this server shows a reader and needs a terminal: connect with ssh -t"
    ]
    assert result.stdout == ""


def _copy(program: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [program, *CLIENT_OPTIONS, *arguments],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        env=client_environment(),
    )


def test_sftp_is_refused(server) -> None:
    result = subprocess.run(
        ["sftp", "-P", str(server.port), *CLIENT_OPTIONS, "reader@127.0.0.1"],
        input="ls /\nget /etc/passwd\n",
        capture_output=True,
        text=True,
        timeout=30,
        env=client_environment(),
    )
    assert result.returncode != 0
    assert "subsystem request failed on channel 0" in result.stderr
    assert "root" not in result.stdout


@pytest.mark.parametrize("protocol", [[], ["-O"]], ids=["sftp protocol", "scp protocol"])
@pytest.mark.parametrize("way", ["upload", "download"])
def test_scp_is_refused_both_ways(server, tmp_path: Path, protocol, way) -> None:
    local = tmp_path / "file.txt"
    local.write_text("from the client\n")
    remote_target = tmp_path / "uploaded.txt"
    if way == "upload":
        ends = [str(local), f"reader@127.0.0.1:{remote_target}"]
    else:
        ends = [f"reader@127.0.0.1:{local}", str(tmp_path / "downloaded.txt")]
    result = _copy("scp", *protocol, "-P", str(server.port), *ends)
    assert result.returncode != 0
    failure = "exec request failed" if protocol else "subsystem request failed"
    assert f"{failure} on channel 0" in result.stderr
    assert not remote_target.exists() and not (tmp_path / "downloaded.txt").exists()


class Target:
    """A listener that counts the connections it gets: forwarding must bring none."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]

    def accepted(self) -> int:
        count = 0
        with contextlib.suppress(BlockingIOError):
            while True:
                self.socket.accept()[0].close()
                count += 1
        return count


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _forwarding_client(server, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        server.ssh_argv("-N", *arguments),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=client_environment(),
    )


def _connect_when_listening(port: int, timeout: float = 15) -> socket.socket:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _closed_without_data(connection: socket.socket) -> bool:
    connection.settimeout(10)
    try:
        return connection.recv(100) == b""
    except ConnectionResetError:
        return True


def test_local_forwarding_is_refused(server) -> None:
    target = Target()
    local = free_port()
    client = _forwarding_client(
        server, "-o", "LogLevel=INFO", "-L", f"{local}:127.0.0.1:{target.port}"
    )
    try:
        with _connect_when_listening(local) as connection:
            connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert _closed_without_data(connection)
        assert target.accepted() == 0
    finally:
        client.kill()
        _, errors = client.communicate()
    assert b"administratively prohibited: port forwarding is not offered" in errors
    assert server.wait_for_log(r"refused port forwarding")


def test_dynamic_forwarding_is_refused(server) -> None:
    target = Target()
    local = free_port()
    client = _forwarding_client(server, "-D", str(local))
    try:
        with _connect_when_listening(local) as connection:
            # SOCKS5: no authentication, then CONNECT 127.0.0.1:port.
            connection.sendall(b"\x05\x01\x00")
            assert connection.recv(2) == b"\x05\x00"
            request = b"\x05\x01\x00\x01" + socket.inet_aton("127.0.0.1")
            connection.sendall(request + target.port.to_bytes(2, "big"))
            assert _closed_without_data(connection)
        assert target.accepted() == 0
    finally:
        client.kill()
        client.communicate()


def test_remote_forwarding_is_refused(server) -> None:
    result = server.run("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9")
    assert result.returncode == 255
    assert "remote port forwarding failed" in result.stderr


def test_stdio_forwarding_is_refused(server) -> None:
    target = Target()
    result = server.run("-W", f"127.0.0.1:{target.port}")
    assert result.returncode == 255
    assert "stdio forwarding failed" in result.stderr
    assert target.accepted() == 0


def test_x11_forwarding_is_refused(server) -> None:
    terminal = server.connect(
        "-X",
        "-o",
        "ForwardX11Trusted=yes",
        "-o",
        "LogLevel=INFO",
        env=client_environment(DISPLAY="127.0.0.1:55"),
    )
    try:
        assert wait_for_screen(terminal, "NATO activating"), terminal.text
        assert "X11 forwarding request failed on channel 0" in terminal.written.decode(
            errors="replace"
        )
    finally:
        terminal.close()


def test_agent_forwarding_is_refused(server, tmp_path: Path) -> None:
    agent_socket = tmp_path / "agent.sock"
    agent = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(agent_socket)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not agent_socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        terminal = server.connect(
            "-A", "-v", env=client_environment(SSH_AUTH_SOCK=str(agent_socket))
        )
        try:
            assert wait_for_screen(terminal, "NATO activating"), terminal.text
            said = terminal.written.decode(errors="replace")
            assert "Requesting authentication agent forwarding" in said  # the client asked
            (reader,) = server.sessions()
            assert not any(key.startswith("SSH_") for key in environment_of(reader))
            # Had asyncssh taken the request, it would have made its agent socket here.
            assert not list(server.home.glob("asyncssh-*"))
        finally:
            terminal.close()
    finally:
        agent.kill()
        agent.wait()


def test_a_second_session_on_one_connection_is_refused(server, tmp_path: Path) -> None:
    control = tmp_path / "control"
    first = server.connect("-o", "ControlMaster=yes", "-o", f"ControlPath={control}")
    try:
        assert wait_for_screen(first, "NATO activating"), first.text
        # Through the first one's connection; its fallback, a connection of its own, goes to a
        # port where nothing listens.
        assert SSH is not None
        mux = ["-o", f"ControlPath={control}", *CLIENT_OPTIONS]
        second = PtyTerminal(
            [SSH, "-p", str(free_port()), "-tt", *mux, "reader@127.0.0.1"],
            env=client_environment(),
        )
        try:
            assert second.wait_exit(20) == 255
            said = second.written.decode(errors="replace")
            assert "session request failed: Session open refused by peer" in said, said
            assert "NATO" not in second.text
        finally:
            second.close()
        assert len(server.sessions()) == 1  # the first session's reader, still there
        assert "NATO activating" in first.text
    finally:
        first.close()
    assert server.wait_for_log(r"connection .*, closed by the client; refused a second session")
