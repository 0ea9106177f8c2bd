"""Articles imported for reading (``tui-reader FILE.txt``, ``FILE.html``, ``URL``), kept in the
user cache directory under the digest of their source's bytes: opening the same text again
imports nothing, and reads a YAML file like any other (so the reading position, kept by the
article's id, comes back too). Pure: no Textual.

The directory is the user's own, 0700, and each file 0600 (``tui.private_files``); a cached
file is still loaded and checked like any content file. Without a usable cache directory (no
home, a planted symlink) the import goes to a private temporary directory, removed at exit.

The cache is bounded: each use of an import marks it used (its modification time), and once a
start the imports used least recently beyond ``MAX_IMPORTS`` files or ``MAX_CACHE_BYTES`` are
removed, never the one being opened. A removed import is only made again when next opened.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from tui.importer.pipeline import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    ImportFailure,
    Raw,
    import_raw,
    is_url,
    read_source,
)
from tui.model import DEFAULT_MAX_BYTES
from tui.private_files import RefusedPath, private_directory, replaceable, user_directory

__all__ = [
    "IMPORTABLE_SUFFIXES",
    "PendingImport",
    "find_import",
    "imported_path",
    "is_importable",
    "prune",
]

#: Files the reader imports to open: plain text and web pages.
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
#: Hex digits of the digest that name a cached import.
NAME_DIGITS = 40
#: What the cache keeps at most: the imports used most recently, this many and this many bytes.
MAX_IMPORTS = 500
MAX_CACHE_BYTES = 200 * 1024 * 1024
#: The name of a cached import: nothing else in the directory is ever removed.
_IMPORT_NAME = re.compile(f"[0-9a-f]{{{NAME_DIGITS}}}\\.yaml")


def is_importable(path: str | os.PathLike[str]) -> bool:
    """True for an ``http(s)://`` address or a file named like plain text or a web page."""
    name = os.fspath(path)
    return is_url(name) or name.casefold().endswith(IMPORTABLE_SUFFIXES)


def default_cache_directory() -> Path:
    """``$XDG_CACHE_HOME/tui-reader/imports`` (``~/.cache/...`` on Linux); ``RefusedPath``
    without a home."""
    from platformdirs import user_cache_dir

    return user_directory(lambda: user_cache_dir("tui-reader")) / "imports"


@dataclass(frozen=True)
class PendingImport:
    """A source read, and where its import is cached (``ready``: it is there already)."""

    raw: Raw
    path: Path
    ready: bool

    def make(self) -> Path | ImportFailure:
        """Where the import is, made unless it is there already; or why there is none."""
        if self.ready or _cached(self.path):
            return self.path
        imported = import_raw(self.raw)
        if isinstance(imported, ImportFailure):
            return imported
        from tui.state import write_atomically

        data = imported.yaml.encode("utf-8")
        for path in (self.path, _temporary_directory() / self.path.name):
            try:
                write_atomically(path, data, private=True)
            except OSError as error:  # RefusedPath too: something planted at the name
                problem = f"cannot keep the import in {path.parent}: {error.strerror or error}"
                continue
            return path
        return ImportFailure(self.raw.source, problem)


def find_import(
    source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, directory: Path | None = None
) -> PendingImport | ImportFailure:
    """Reads ``source`` (a file or an address) and finds where its import is cached; the
    import itself is ``make``'s, which a caller may run in another process."""
    raw = read_source(source, max_bytes=max_bytes)
    if isinstance(raw, ImportFailure):
        return raw
    place = _directory(directory)
    path = place / f"{raw.digest[:NAME_DIGITS]}.yaml"
    ready = _cached(path)
    if ready:
        with contextlib.suppress(OSError):  # used now: the last to go (a read-only cache: fine)
            os.utime(path)
    if place not in _PRUNED:
        _PRUNED.add(place)
        prune(place, keep=path, max_imports=MAX_IMPORTS, max_bytes=MAX_CACHE_BYTES)
    return PendingImport(raw, path, ready)


#: The cache directories this process has pruned already: each at most once a start.
_PRUNED: set[Path] = set()


def prune(
    directory: Path,
    *,
    keep: Path,
    max_imports: int = MAX_IMPORTS,
    max_bytes: int = MAX_CACHE_BYTES,
) -> int:
    """Removes the imports in ``directory`` used least recently, beyond ``max_imports`` files
    or ``max_bytes`` in all, whichever comes first; ``keep`` (the one being opened) counts as
    the most recent and is never removed. Only the user's own regular files named as imports
    are counted or removed (never a symlink, nor what it points to). The number removed."""
    found: list[tuple[int, str, int]] = []
    try:
        with os.scandir(directory) as listing:
            for entry in listing:
                if entry.name == keep.name or not _IMPORT_NAME.fullmatch(entry.name):
                    continue
                try:
                    status = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid():
                    found.append((status.st_mtime_ns, entry.name, status.st_size))
    except OSError:
        return 0
    try:
        total = os.lstat(keep).st_size
    except OSError:
        total = 0  # not made yet
    count, removed = 1, 0
    for _, name, size in sorted(found, reverse=True):  # the most recently used first
        count += 1
        total += size
        if count > max_imports or total > max_bytes:
            with contextlib.suppress(OSError):  # gone already, or a read-only directory
                os.unlink(directory / name)
                removed += 1
    return removed


def imported_path(
    source: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Path | ImportFailure:
    """The cached import of ``source``, made here if need be (the library's way in)."""
    found = find_import(os.fspath(source), max_bytes=max_bytes)
    return found if isinstance(found, ImportFailure) else found.make()


def _cached(path: Path) -> bool:
    """True when ``path`` is an import this user's reader kept (their own regular file)."""
    try:
        return replaceable(path) is not None
    except RefusedPath:  # a symlink or another user's file planted there: not ours
        return False


def _directory(directory: Path | None) -> Path:
    """The cache directory, made private if need be; a temporary one when it cannot be used."""
    try:
        place = directory if directory is not None else default_cache_directory()
        private_directory(place)
        return place
    except OSError:  # RefusedPath too: no home, a symlink or another user's directory
        return _temporary_directory()


_TEMPORARY: list[Path] = []


def _temporary_directory() -> Path:
    import atexit
    import shutil
    import tempfile

    if not _TEMPORARY:
        place = Path(tempfile.mkdtemp(prefix="tui-reader-imports-"))
        _TEMPORARY.append(place)
        atexit.register(shutil.rmtree, place, ignore_errors=True)
    return _TEMPORARY[0]
