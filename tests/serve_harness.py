"""``tui-reader serve`` on loopback, and the real OpenSSH client connecting to it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

ROOT = Path(__file__).resolve().parent.parent
SSH = shutil.which("ssh")
needs_ssh = pytest.mark.skipif(SSH is None, reason="the OpenSSH client (ssh) is not installed")
#: Options for a client that knows nothing of this server and asks nothing of the person.
CLIENT_OPTIONS = (
    "-F",
    "/dev/null",  # no ~/.ssh/config, no /etc/ssh/ssh_config (Debian's SendEnv LANG LC_*)
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ConnectTimeout=10",
    "-o",
    "IdentitiesOnly=yes",
)


def client_environment(**extra: str) -> dict[str, str]:
    """The client's environment: no agent of the tester's, nothing else that could leak in."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SSH_", "TMUX")) and key not in ("TERM", "COLORTERM", "LANG")
    }
    environment.update(extra)
    return environment


class Server:
    """``python -m tui serve`` on 127.0.0.1 and a free port, its log in a file."""

    def __init__(
        self,
        *arguments: str,
        home: Path | None = None,
        env: dict | None = None,
        ignore_hangups: bool = False,
    ):
        self._temporary = tempfile.TemporaryDirectory(prefix="tui-serve-test-")
        self.home = home or Path(self._temporary.name)
        self.log_path = Path(self._temporary.name) / "server.log"
        #: The log as it was when the server was closed (its directory is gone then).
        self._final_log: str | None = None
        environment = {**os.environ, "XDG_DATA_HOME": str(self.home / "data")}
        environment["TMPDIR"] = str(self.home)
        environment.update(env or {})
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - held for the process's life
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--listen", "127.0.0.1:0", *arguments],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            cwd=ROOT,
            env=environment,
            # As ``nohup`` starts it: SIGHUP ignored, which a child would inherit.
            preexec_fn=(lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
            if ignore_hangups
            else None,
        )
        found = self.wait_for_log(r"listening on 127\.0\.0\.1:(\d+)", 30)
        if found is None:
            self.stop()
            raise RuntimeError(f"the server did not start:\n{self.log}")
        self.port = int(found.group(1))
        # Sessions are forked from the warm reader once it is up: tests wait for it, so that
        # each takes the usual way (tests/test_serve_zygote.py takes the other).
        if self.wait_for_log(r"warm reader ready", 30) is None:
            self.stop()
            raise RuntimeError(f"the warm reader did not start:\n{self.log}")

    @property
    def log(self) -> str:
        if self._final_log is not None:
            return self._final_log
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 10.0) -> re.Match[str] | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log)
            if found is not None:
                return found
            if self.process.poll() is not None:
                return re.search(pattern, self.log)
            time.sleep(0.05)
        return None

    def ssh_argv(self, *arguments: str, user: str = "reader") -> list[str]:
        assert SSH is not None
        # The caller's options first: for each option, ssh takes the first value it is given.
        return [SSH, "-p", str(self.port), *arguments, *CLIENT_OPTIONS, f"{user}@127.0.0.1"]

    def connect(
        self, *arguments: str, columns: int = 100, rows: int = 30, env: dict | None = None
    ) -> PtyTerminal:
        """``ssh -tt`` in a pseudo-terminal, as a person would connect."""
        return PtyTerminal(
            self.ssh_argv("-tt", *arguments),
            columns=columns,
            rows=rows,
            env=env if env is not None else client_environment(),
        )

    def run(
        self, *arguments: str, after: tuple[str, ...] = (), timeout: float = 30, **kwargs
    ) -> subprocess.CompletedProcess[str]:
        """``ssh ... reader@127.0.0.1 AFTER...`` with no terminal; its output and status."""
        return subprocess.run(
            [*self.ssh_argv(*arguments), *after],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=kwargs.pop("stdin", subprocess.DEVNULL),
            env=kwargs.pop("env", client_environment()),
            **kwargs,
        )

    def readers(self) -> list[int]:
        """Every process below the server but its warm reader: the readers and theirs."""
        warm = self.warm_reader()
        return [pid for pid in descendants(self.process.pid) if pid != warm]

    def sessions(self) -> list[int]:
        """One reader per session: below the server, each leads its own session on its pty."""
        found = []
        for pid in self.readers():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) == pid and int(fields[4]) != 0:  # session leader, a tty
                    found.append(pid)
        return found

    def warm_reader(self) -> int | None:
        """The process the server forks readers from (``tui.serve.zygote``), if it is up."""
        for pid in children(self.process.pid):
            with contextlib.suppress(OSError):
                if b"tui.serve.zygote" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
        return None

    def wait_for_warm_reader(self, timeout: float = 30) -> int:
        """The warm reader, once it has imported the reader and waits for sessions."""
        assert self.wait_for_log(r"warm reader ready", timeout), self.log
        pid = self.warm_reader()
        assert pid is not None
        return pid

    def wait_for_readers(self, predicate: Callable[[list[int]], bool], timeout=10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.readers()):
                return True
            time.sleep(0.05)
        return predicate(self.readers())

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode

    def close(self) -> None:
        self.stop()
        self._final_log = self.log
        self._temporary.cleanup()


def children(pid: int) -> list[int]:
    return [child for child, parent in _parents().items() if parent == pid]


def descendants(pid: int) -> list[int]:
    """The processes whose parent, or parent's parent and so on, is ``pid`` (from /proc)."""
    parents = _parents()
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop(0)
        below = [child for child, of in parents.items() if of == parent]
        found += below
        frontier += below
    return found


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # ``pid (command) state ppid ...``: the command may hold spaces and parentheses.
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}


def wait_for_screen(terminal: PtyTerminal, text: str, timeout: float = 30) -> bool:
    return terminal.wait_for(lambda screen: text in screen, timeout)


def read_and_quit(server: Server, *arguments: str, env: dict | None = None) -> None:
    """A session that shows the bundled article and ends with ``q``, status 0."""
    terminal = server.connect(*arguments, env=env)
    try:
        assert wait_for_screen(terminal, "NATO activating"), terminal.text
        terminal.send("q")
        assert terminal.wait_exit(20) == 0
    finally:
        terminal.close()


def make_client_key(directory: Path, name: str = "id_ed25519") -> Path:
    """A new ed25519 key pair for a client (``ssh-keygen``), with no passphrase."""
    path = directory / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    return path
