"""What the reader remembers between runs (reading position, settings), written atomically.

Pure: no Textual. Each key (an article's path or id) has one JSON file, named by the SHA-256
of the key, in the user state directory. A write goes to a temporary file in the same
directory, is flushed and fsynced, then renamed over the old file, and the directory is
fsynced: a crash or a kill at any moment leaves either the old version or the new one.
The directory is the user's own with mode 0700 and the files are 0600 (``tui.private_files``):
a symlink or another user's file found there is refused, never followed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from tui.private_files import (
    PRIVATE_FILE,
    RefusedPath,
    create_new,
    load_json,
    private_directory,
    read_own_file,
    replaceable,
    user_directory,
)

APP_NAME = "tui-reader"
#: A saved position is a few hundred bytes: a larger file is not one the reader wrote.
MAX_STATE_BYTES = 1024 * 1024


def default_state_directory() -> Path:
    """``$XDG_STATE_HOME/tui-reader`` on Linux (``~/.local/state/tui-reader``), and the
    platform's own place elsewhere. ``RefusedPath`` when there is no home directory."""
    import platformdirs

    return user_directory(lambda: platformdirs.user_state_dir(APP_NAME))


def write_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Replaces ``path`` with ``data`` so that readers see the old file or the new one, never a
    part. The new file is 0600 when ``private``; otherwise it keeps the mode of the file it
    replaces, or follows the umask like any new file. Only a regular file of the user's own is
    replaced: ``RefusedPath`` for a symlink, device, FIFO, socket, directory or another user's
    file at ``path``, and (unless ``private``) for a file its owner may not write, before
    anything is written. Raises ``OSError``; the temporary file never outlives a failure."""
    directory = path.parent
    existing = replaceable(path)
    if private:
        mode = PRIVATE_FILE
    elif existing is not None:
        if not existing.st_mode & stat.S_IWUSR:
            # ``chmod a-w``: its owner said it is not to be changed, as ``>`` and ``cp`` obey.
            raise RefusedPath(path, "is read-only (chmod u+w to replace it)")
        mode = stat.S_IMODE(existing.st_mode) & 0o777
    else:
        mode = 0o666  # less the umask, as for any new file
    # Made with at most its final mode (the umask only takes bits away): nobody may open the
    # temporary file who may not open the file it becomes, not even before the chmod below.
    descriptor, temporary = _new_temporary(directory, path.name, mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            if private or existing is not None:
                os.fchmod(descriptor, mode)  # exactly, whatever the umask took away
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        replaceable(path)  # again: what appeared there meanwhile is not replaced either
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _new_temporary(directory: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new file beside ``name`` (``O_EXCL``, no symlink followed) and its path."""
    for _ in range(100):
        # Short enough that a name of 255 bytes still leaves room for the suffix.
        temporary = directory / f".{name[:200]}.{secrets.token_hex(4)}.tmp"
        try:
            return create_new(temporary, mode), temporary
        except FileExistsError:
            continue  # a name already taken (or planted): draw another
    raise FileExistsError(f"no free temporary name in {directory}")


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
        #: One line per problem met (a corrupt file, a directory that cannot be written).
        self.warnings: list[str] = []
        #: Why nothing is read or saved at all (no home, a planted directory), once known.
        self._refused: str | None = None
        self._directory_checked = False
        self._write_failed = False
        if directory is None:
            try:
                directory = default_state_directory()
            except RefusedPath as refused:
                directory = Path(refused.path)
                self._refuse(refused)
        self.directory = directory

    def path_for(self, key: str) -> Path:
        """The file of ``key``: its SHA-256, so any key makes a safe, fixed-length name."""
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def load(self, key: str) -> dict[str, Any]:
        """What was saved for ``key``; ``{}`` when nothing was, or the file cannot be used."""
        path = self.path_for(key)
        try:
            if not self._usable(create=False):
                return {}
            raw = read_own_file(path, MAX_STATE_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            return {}  # nothing saved yet (or no directory to save in: ``save`` says so)
        except RefusedPath as refused:
            self._warn(_not_used(refused))
            return {}
        except OSError as error:
            self._warn(f"cannot read saved state {path}: {error.strerror or error}; using defaults")
            return {}
        try:
            data = load_json(raw)
        except ValueError:
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
            if not self._usable(create=True):
                return False
            write_atomically(self.path_for(key), encoded)
        except RefusedPath as refused:
            self._warn(_not_used(refused))  # that one file: the others are still saved
            return False
        except OSError as error:
            if not self._write_failed:
                self._write_failed = True
                self._warn(
                    f"cannot save state in {self.directory}: {error.strerror or error};"
                    " running without saving"
                )
            return False
        return True

    def _usable(self, *, create: bool) -> bool:
        """True once the directory is known to be the user's own and private (made, with
        ``create``); False for good when it is refused. Raises ``OSError`` otherwise."""
        if self._refused is not None:
            return False
        if not self._directory_checked:
            try:
                private_directory(self.directory, create=create)
            except RefusedPath as refused:
                self._refuse(refused)
                return False
            self._directory_checked = True
        return True

    def _refuse(self, refused: RefusedPath) -> None:
        self._refused = f"cannot save state: {refused}; running without saving"
        self._warn(self._refused)

    def _warn(self, message: str) -> None:
        # The same file read twice is still one problem to tell the user about.
        if message not in self.warnings:
            self.warnings.append(message)


def _not_used(refused: RefusedPath) -> str:
    """One line for a state file that is neither read nor replaced: load and save agree."""
    return f"saved state not used: {refused}; using defaults and not saving over it"
