"""A real pseudo-terminal with a pyte screen: run the program as a person or SSH client would."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping

import ptyprocess
import pyte


class PtyTerminal:
    """Spawns a command in a pty of ``columns`` x ``rows`` and keeps a pyte screen of its output."""

    def __init__(
        self,
        argv: list[str],
        *,
        columns: int = 120,
        rows: int = 40,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        environ.pop("TMUX", None)
        # Saved reading positions and caches must not leak between runs (or into $HOME).
        self._home = tempfile.TemporaryDirectory(prefix="tui-reader-pty-")
        environ["XDG_STATE_HOME"] = os.path.join(self._home.name, "state")
        environ["XDG_CACHE_HOME"] = os.path.join(self._home.name, "cache")
        environ.update(env or {})
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.written = bytearray()
        #: The terminal has closed: everything the program wrote has been read.
        self._ended = False
        self.process = ptyprocess.PtyProcess.spawn(
            argv, dimensions=(rows, columns), env=environ, cwd=cwd
        )

    @classmethod
    def reader(cls, *args: str, **kwargs) -> PtyTerminal:
        return cls([sys.executable, "-m", "tui", *args], **kwargs)

    def pump(self, timeout: float = 0.05) -> int:
        """Read whatever the program wrote within ``timeout``; the number of bytes read."""
        total = 0
        deadline = time.monotonic() + timeout
        while (data := self._read_before(deadline)) is not None:
            total += len(data)
        return total

    def read_to_end(self, timeout: float = 10.0) -> bool:
        """Read everything the program wrote, once nothing holds the other end of the terminal
        (the program and its children have ended, a descriptor the test opened on it is closed):
        Linux then hands over what the pty still buffers, and only then fails with EIO. A time
        to read in (``pump``) is not enough: a loaded machine may not have read 20 kB of the
        last frames yet when the program ends. False if the end has not come within ``timeout``
        (something still holds the terminal)."""
        deadline = time.monotonic() + timeout
        while self._read_before(deadline) is not None:
            pass
        return self._ended

    def _read_before(self, deadline: float) -> bytes | None:
        """One read of what the program wrote, if it comes before ``deadline``; None once the
        deadline has passed or the terminal has closed (then ``_ended`` is set)."""
        import select

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([self.process.fd], [], [], remaining)
        if not ready:
            return None
        try:
            data = os.read(self.process.fd, 65536)
        except OSError:  # EIO: no one holds the other end and nothing is left in the pty
            data = b""
        if not data:
            self._ended = True
            return None
        self.written.extend(data)
        self.stream.feed(data)
        return data

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if predicate(self.text):
                return True
            if not self.process.isalive():
                self.read_to_end(5)
                return predicate(self.text)
        return False

    def send(self, keys: str) -> None:
        self.process.write(keys.encode("utf-8"))

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if not self.process.isalive():
                self.process.wait()
                self.read_to_end(5)
                return self.process.exitstatus
        return None

    def close(self) -> None:
        if self.process.isalive():
            self.process.terminate(force=True)
        self._home.cleanup()
