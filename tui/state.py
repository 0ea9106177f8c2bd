"""What the reader remembers between runs (reading position, settings), written atomically.

Pure: no Textual. Each key (an article's path or id) has one JSON file, named by the SHA-256
of the key, in the user state directory. A write goes to a temporary file in the same
directory, is flushed and fsynced, then renamed over the old file, and the directory is
fsynced: a crash or a kill at any moment leaves either the old version or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

APP_NAME = "tui-reader"


def default_state_directory() -> Path:
    """``$XDG_STATE_HOME/tui-reader`` on Linux (``~/.local/state/tui-reader``), and the
    platform's own place elsewhere."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME))


def write_atomically(path: Path, data: bytes) -> None:
    """Replaces ``path`` with ``data`` so that readers see the old file or the new one, never a
    part. Raises ``OSError``; the temporary file never outlives a failure."""
    directory = path.parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Makes the rename itself durable. Some systems cannot open a directory: that is fine."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # e.g. a file system that does not sync directories; the rename has happened
    finally:
        os.close(descriptor)


class StateStore:
    """One JSON object per key. Never raises ``OSError``: problems become ``warnings``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_state_directory()
        #: One line per problem met (a corrupt file, a directory that cannot be written).
        self.warnings: list[str] = []
        self._write_failed = False

    def path_for(self, key: str) -> Path:
        """The file of ``key``: its SHA-256, so any key makes a safe, fixed-length name."""
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def load(self, key: str) -> dict[str, Any]:
        """What was saved for ``key``; ``{}`` when nothing was, or the file cannot be used."""
        path = self.path_for(key)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return {}  # nothing saved yet (or no directory to save in: ``save`` says so)
        except OSError as error:
            self._warn(f"cannot read saved state {path}: {error.strerror or error}; using defaults")
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._warn(f"saved state {path} is damaged; using defaults")
            return {}
        if not isinstance(data, dict):
            self._warn(f"saved state {path} is not a JSON object; using defaults")
            return {}
        return data

    def save(self, key: str, data: dict[str, Any]) -> bool:
        """Saves ``data`` for ``key``; False (and one warning per store) when it cannot."""
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path_for(key), encoded)
        except OSError as error:
            if not self._write_failed:
                self._write_failed = True
                self._warn(
                    f"cannot save state in {self.directory}: {error.strerror or error};"
                    " running without saving"
                )
            return False
        return True

    def _warn(self, message: str) -> None:
        # The same file read twice is still one problem to tell the user about.
        if message not in self.warnings:
            self.warnings.append(message)
