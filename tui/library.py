"""A directory of articles as a list of entries, cached so that a warm start reads no YAML.

Pure: the standard library, platformdirs and the loader; no Textual.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import tui
from tui.model.errors import ContentError, ContentInvalid
from tui.model.loader import DEFAULT_MAX_BYTES, load_article

__all__ = [
    "CONTENT_SUFFIXES",
    "LibraryEntry",
    "content_files",
    "default_cache_path",
    "scan_library",
]

CONTENT_SUFFIXES = (".yaml", ".yml")
#: Bumped whenever what the cache holds changes; a cache of another version is rebuilt.
CACHE_FORMAT = 1
#: From this many files to parse, a cold scan spreads them over worker processes.
PARALLEL_FROM = 400

#: ``progress(done, total)`` while files are parsed.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One file of the library: what the list shows, or why the file cannot be read."""

    path: Path
    title: str
    published: dt.date | dt.datetime | None = None
    source: str | None = None
    quotes: int = 0
    facts: int = 0
    #: The file's first problem as ``path:line:column: field: problem``; None when it is valid.
    error: str | None = None

    @property
    def valid(self) -> bool:
        return self.error is None


def default_cache_path(directory: str | os.PathLike[str]) -> Path:
    """The cache file for one library directory: one per directory, named by its path's hash."""
    from platformdirs import user_cache_dir

    absolute = os.path.abspath(os.fspath(directory))
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(user_cache_dir("tui-reader")) / "library" / f"{digest}.json"


def content_files(directory: str | os.PathLike[str]) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of every content file under ``directory``, skipping hidden names
    (``.git``) and anything that is not a regular file; in no particular order."""
    pending = [""]
    root = os.fspath(directory)
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(root, relative) if relative else root) as entries:
                children = list(entries)
        except OSError:
            continue  # an unreadable subdirectory holds nothing we can list
        for child in children:
            if child.name.startswith("."):
                continue
            name = f"{relative}/{child.name}" if relative else child.name
            try:
                if child.is_dir():
                    pending.append(name)
                elif child.name.lower().endswith(CONTENT_SUFFIXES) and child.is_file():
                    yield name, child.stat()
            except OSError:
                continue  # gone between listing and stat: not part of the library any more


def scan_library(
    directory: str | os.PathLike[str],
    *,
    cache_path: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[LibraryEntry]:
    """Every content file under ``directory``, newest first (undated last, then by title).

    Metadata comes from the cache at ``cache_path`` (default: ``default_cache_path``) for files
    whose size and modification time are unchanged; only new or changed files are parsed, and
    the cache is then rewritten atomically. ``workers`` caps the processes a big cold scan uses
    (default: one per CPU; 1 parses here, one file after another).
    """
    root = Path(directory)
    cache_file = Path(cache_path) if cache_path is not None else default_cache_path(root)
    cached = _read_cache(cache_file, max_bytes)
    records: dict[str, dict[str, Any]] = {}
    to_parse: list[tuple[str, int, int]] = []
    for relative, stat in content_files(root):
        record = cached.get(relative)
        unchanged = (record["mtime_ns"], record["size"]) if record is not None else None
        if unchanged == (stat.st_mtime_ns, stat.st_size):
            records[relative] = record
            continue
        to_parse.append((relative, stat.st_mtime_ns, stat.st_size))
    if to_parse:
        parsed = _parse_all(root, to_parse, max_bytes, progress, workers)
        records.update(parsed)
    if to_parse or records.keys() != cached.keys():
        _write_cache(cache_file, root, max_bytes, records)
    entries = [_entry(root, relative, record) for relative, record in records.items()]
    entries.sort(key=_order)
    return entries


# --- Parsing ------------------------------------------------------------------------------


def _parse_all(
    root: Path,
    files: Sequence[tuple[str, int, int]],
    max_bytes: int,
    progress: Progress | None,
    workers: int | None,
) -> dict[str, dict[str, Any]]:
    count = min(workers or os.cpu_count() or 1, 8)
    jobs = [(os.fspath(root / relative), max_bytes) for relative, _, _ in files]
    results: list[dict[str, Any]] | None = None
    if count > 1 and len(files) >= PARALLEL_FROM:
        results = _parse_in_processes(jobs, count, progress)
    if results is None:
        results = _counted(map(_metadata_job, jobs), len(jobs), progress)
    return {
        relative: {"mtime_ns": mtime_ns, "size": size, **metadata}
        for (relative, mtime_ns, size), metadata in zip(files, results, strict=True)
    }


def _parse_in_processes(
    jobs: list[tuple[str, int]], count: int, progress: Progress | None
) -> list[dict[str, Any]] | None:
    """The jobs' results from ``count`` worker processes; None when no pool can run here."""
    try:
        # Spawned, not forked: the scan may run in a thread of a running app.
        with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as pool:
            return _counted(pool.map(_metadata_job, jobs, chunksize=64), len(jobs), progress)
    except (BrokenProcessPool, OSError):
        # No processes here (a sandbox, or a __main__ that cannot be imported again):
        # the caller parses the files itself.
        return None


def _counted(
    results: Iterator[dict[str, Any]], total: int, progress: Progress | None
) -> list[dict[str, Any]]:
    done: list[dict[str, Any]] = []
    for result in results:
        done.append(result)
        if progress is not None and (len(done) % 100 == 0 or len(done) == total):
            progress(len(done), total)
    return done


def _metadata_job(job: tuple[str, int]) -> dict[str, Any]:
    path, max_bytes = job
    return file_metadata(path, max_bytes=max_bytes)


def file_metadata(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """What the library keeps of one file, as JSON-ready data: its metadata, or its first
    error (without the path, which the entry adds back)."""
    try:
        article = load_article(path, max_bytes=max_bytes)
    except ContentInvalid as invalid:
        first = invalid.errors[0]
        return {"error": [first.line, first.column, first.field, first.problem]}
    meta = article.meta
    published = meta.published
    return {
        "title": meta.title,
        "published": published.isoformat() if published is not None else None,
        "source": meta.source.outlet,
        "quotes": len(article.quotes),
        "facts": len(article.facts),
    }


# --- Entries and their order ---------------------------------------------------------------


def _entry(root: Path, relative: str, record: dict[str, Any]) -> LibraryEntry:
    path = root / relative
    error = record.get("error")
    if error is not None:
        line, column, field, problem = error
        text = str(ContentError(os.fspath(path), line, column, field, problem))
        return LibraryEntry(path=path, title=path.name, error=text)
    return LibraryEntry(
        path=path,
        title=record["title"],
        published=_published(record["published"]),
        source=record["source"],
        quotes=record["quotes"],
        facts=record["facts"],
    )


def _published(text: str | None) -> dt.date | dt.datetime | None:
    if text is None:
        return None
    # A date's isoformat has no time part; a datetime's always has a "T".
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


def _order(entry: LibraryEntry) -> tuple[bool, float, str, str]:
    published = entry.published
    if published is None:
        return (True, 0.0, entry.title.casefold(), os.fspath(entry.path))
    if not isinstance(published, dt.datetime):
        published = dt.datetime(published.year, published.month, published.day)
    if published.tzinfo is None:
        # Naive times (and bare dates) are taken as UTC: they have to sort somewhere.
        published = published.replace(tzinfo=dt.UTC)
    return (False, -published.timestamp(), entry.title.casefold(), os.fspath(entry.path))


# --- The cache -----------------------------------------------------------------------------


def _read_cache(path: Path, max_bytes: int) -> dict[str, dict[str, Any]]:
    """The usable records of the cache file; empty when it is missing, corrupt or stale."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON: rebuild it
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != CACHE_FORMAT
        or data.get("version") != tui.__version__
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    cached_limit = data.get("max_bytes")
    # A record made under another size limit holds only for files within both limits.
    limit = max_bytes if cached_limit == max_bytes else min(max_bytes, _int(cached_limit))
    records: dict[str, dict[str, Any]] = {}
    for relative, record in data["files"].items():
        if _valid_record(record) and record["size"] <= limit:
            records[relative] = record
    return records


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _valid_record(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    if not (isinstance(record.get("mtime_ns"), int) and isinstance(record.get("size"), int)):
        return False
    error = record.get("error")
    if error is not None:
        return (
            isinstance(error, list)
            and len(error) == 4
            and all(isinstance(part, int) for part in error[:2])
            and all(isinstance(part, str) for part in error[2:])
        )
    published = record.get("published")
    if published is not None:
        if not isinstance(published, str):
            return False
        try:
            _published(published)
        except ValueError:
            return False
    return (
        isinstance(record.get("title"), str)
        and (record.get("source") is None or isinstance(record.get("source"), str))
        and isinstance(record.get("quotes"), int)
        and isinstance(record.get("facts"), int)
    )


def _write_cache(
    path: Path, root: Path, max_bytes: int, records: dict[str, dict[str, Any]]
) -> None:
    """Writes the cache whole or not at all: a temporary file beside it, synced, then renamed
    over it. A cache that cannot be written only makes the next start slower."""
    data = {
        "format": CACHE_FORMAT,
        "version": tui.__version__,
        "directory": os.path.abspath(root),
        "max_bytes": max_bytes,
        "files": records,
    }
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(encoded)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
