"""Saves state as it changes, off the event loop: the latest per key, at most a few times a second.

A save is a write, an fsync of the file and one of its directory (``tui.state``): 1 ms at the
median on ext4 here, but 3-10 ms at the 95th percentile and up to 25 ms on a shared disk (more
on a slow one), too much to add to a key. So a change is handed to a thread that writes it at
once, then waits ``INTERVAL`` and writes only the last of the changes made meanwhile (a held key
does not fsync 30 times a second). ``flush`` writes what is pending in the caller: on leaving,
on a hang-up, on SIGTERM. Pure: no Textual.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from tui.state import StateStore

#: Seconds between two writes; changes made in between are written once, when it has passed.
INTERVAL = 0.25


class StateWriter:
    """Writes ``submit``-ted states to ``store`` in a thread that runs while there is any."""

    def __init__(self, store: StateStore, interval: float = INTERVAL) -> None:
        self.store = store
        self.interval = interval
        #: Guards ``_pending`` and ``_thread``: the thread ends when a pause finds nothing new.
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}
        self._thread: threading.Thread | None = None
        #: Held while the pending states are taken and written: a flush waits for a write in
        #: flight, so an older state never lands after a newer one.
        self._writing = threading.Lock()

    def submit(self, key: str, data: dict[str, Any]) -> None:
        """Saves ``data`` for ``key`` soon (at once, unless a write happened in the last
        ``interval``); a later ``submit`` for the same key replaces it if it is not written yet."""
        with self._lock:
            self._pending[key] = data
            if self._thread is None:
                # A daemon: a write in flight when the process is killed leaves the old file
                # (writes are atomic); anything that must be kept is flushed before the end.
                self._thread = threading.Thread(
                    target=self._run, name="tui-state-writer", daemon=True
                )
                self._thread.start()

    def flush(self) -> None:
        """Writes everything pending now, in the caller (after a write in flight, if any)."""
        with self._writing:
            with self._lock:
                pending, self._pending = self._pending, {}
            for key, data in pending.items():
                self.store.save(key, data)

    def _run(self) -> None:
        while True:
            self.flush()
            # What changes in the next ``interval`` waits for it, and is written once.
            time.sleep(self.interval)
            with self._lock:
                if not self._pending:
                    self._thread = None  # the next change starts another
                    return
