"""Articles imported for reading (``tui-reader FILE.txt``, ``FILE.html``, ``URL``), kept in the
user cache directory under the digest of their source's bytes: opening the same text again
imports nothing, and reads a YAML file like any other (so the reading position, kept by the
article's id, comes back too). Pure: no Textual.

The directory is the user's own, 0700, and each file 0600 (``tui.private_files``); a cached
file is still loaded and checked like any content file. Without a usable cache directory (no
home, a planted symlink) the import goes to a private temporary directory, removed at exit.
"""

from __future__ import annotations

import os
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
]

#: Files the reader imports to open: plain text and web pages.
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
#: Hex digits of the digest that name a cached import.
NAME_DIGITS = 40


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
    return PendingImport(raw, path, _cached(path))


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
