"""A served reader's crash report, from its log pipe into the server's log, line by line."""

from __future__ import annotations

import os
from collections.abc import Callable

from tui.kiosk import MAX_REPORT_BYTES

READ_SIZE = 64 * 1024


class ReportRelay:
    """Reads the pipe a reader writes its crash details to (``tui.kiosk``) and logs each line
    with ``prefix``; at most ``MAX_REPORT_BYTES`` of it, however much the reader writes."""

    def __init__(self, descriptor: int, log: Callable[[str], None], prefix: str) -> None:
        self.descriptor = descriptor
        self._log = log
        self._prefix = prefix
        self._pending = bytearray()
        self._taken = 0
        #: The reader has closed its end: nothing more will come.
        self.ended = False

    def read(self, *, to_the_end: bool = False) -> None:
        """What the pipe holds now (``to_the_end``: until it would wait, then the last line)."""
        while not self.ended:
            try:
                data = os.read(self.descriptor, READ_SIZE)
            except BlockingIOError:
                break
            except OSError:
                data = b""
            if not data:
                self.ended = True
                break
            self._pending += data[: max(0, MAX_REPORT_BYTES - self._taken)]
            self._taken += len(data)
            *lines, rest = self._pending.split(b"\n")
            self._pending = bytearray(rest)
            for line in lines:
                self._say(line)
            if not to_the_end:
                return
        if self._pending and (self.ended or to_the_end):
            self._say(self._pending)
            self._pending.clear()

    def _say(self, line: bytes) -> None:
        self._log(f"{self._prefix}{line.decode('utf-8', 'replace')}")
