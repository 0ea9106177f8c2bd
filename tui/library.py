"""A directory of articles as a list of entries, cached so that a warm start reads no YAML.

Pure: the standard library, platformdirs and the loader; no Textual.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import tui
from tui.content_walk import CONTENT_SUFFIXES, LIBRARY_SUFFIXES, ContentWalk, content_files
from tui.model.article import Meta
from tui.model.errors import ContentError, ContentInvalid
from tui.model.inert import inert
from tui.model.loader import DEFAULT_MAX_BYTES, collector_paused, load_article
from tui.model.peek import peek_article_meta
from tui.private_files import (
    RefusedPath,
    load_json,
    private_directory,
    read_own_file,
    user_directory,
)
from tui.state import write_atomically

__all__ = [
    "CONTENT_SUFFIXES",
    "LibraryEntry",
    "content_files",
    "default_cache_path",
    "natural_key",
    "scan_library",
]

#: Bumped whenever what the cache holds changes; a cache of another version is rebuilt.
CACHE_FORMAT = 4

#: A record is one to three hundred bytes: this holds 200,000 files or more. A larger cache
#: is not one the reader wrote, and a library whose cache would be larger is read without one.
MAX_CACHE_BYTES = 64 * 1024 * 1024

#: ``progress(done, total)`` while files are parsed.
Progress = Callable[[int, int], None]
#: ``listed(entries)`` once every file is listed, before the unchecked ones are checked.
Listed = Callable[[list["LibraryEntry"]], None]
#: ``warn(line)`` for a cache that is damaged or refused: one line, naming the file.
Warn = Callable[[str], None]


class LibraryEntry(NamedTuple):
    """One file of the library: what the list shows, or why the file cannot be read.

    A named tuple, not a frozen dataclass: a warm start makes 100,000 of them, each in a
    quarter of a frozen dataclass's time."""

    #: The library directory, as given, and the file's path within it (``/`` between folders).
    directory: str
    relative: str
    #: The article's title; the file's name when it is invalid.
    title: str
    published: dt.date | dt.datetime | None = None
    source: str | None = None
    quotes: int = 0
    facts: int = 0
    #: The file's first problem as ``path:line:column: field: problem``; None when it is valid
    #: or not checked yet.
    error: str | None = None
    #: False while only the start of the file has been read (its title, date and source):
    #: whether it is valid, and its quotes and facts, are known once the whole file is.
    checked: bool = True

    @property
    def path(self) -> Path:
        return Path(self.directory, self.relative)

    @property
    def valid(self) -> bool:
        """True only for a file read whole and found valid."""
        return self.error is None and self.checked


def default_cache_path(directory: str | os.PathLike[str]) -> Path:
    """The cache file for one library directory: one per directory, named by its path's hash.
    ``RefusedPath`` when there is no home directory to keep it in."""
    from platformdirs import user_cache_dir

    absolute = os.path.abspath(os.fspath(directory))
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return user_directory(lambda: user_cache_dir("tui-reader")) / "library" / f"{digest}.json"


def scan_library(
    directory: str | os.PathLike[str],
    *,
    cache_path: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    warn: Warn | None = None,
    walk: ContentWalk | None = None,
    listed: Listed | None = None,
    remembered: Listed | None = None,
) -> list[LibraryEntry]:
    """Every article under ``directory`` (content files, and the plain texts and web pages
    the reader imports as it opens them), newest first (then the undated, then the invalid;
    each by title).

    Metadata comes from the cache at ``cache_path`` (default: ``default_cache_path``) for files
    whose size and modification time are unchanged. New or changed files are listed from the
    start of each (``peek_article_meta``: its title, date and source), and the cache is then
    rewritten atomically; ``listed(entries)`` is given that list, where those files are not
    ``checked`` yet. Each is then read whole (to know that it is valid, and its quotes and
    facts), in worker processes where there are enough, and the cache rewritten again.
    ``progress(done, total)`` follows that check. ``remembered(entries)`` is given the
    cache's listing, as the last scan left it, before the walk looks for what changed since;
    ``warn(line)`` is told, once, of a cache that is damaged or refused (then not used).
    ``walk`` (default: a ``ContentWalk`` of ``directory``) finds the files; its ``notice``
    then says what its bounds left out, and its ``cancelled`` stops the scan between two
    entries or files with ``WalkCancelled``.
    """
    root = Path(directory)
    walk = walk if walk is not None else ContentWalk(root, suffixes=LIBRARY_SUFFIXES)
    said: list[str] = []

    def once(line: str) -> None:  # a refused cache is refused by its reading and its writing
        if line not in said:
            said.append(line)
            if warn is not None:
                warn(line)

    try:
        cache_file = Path(cache_path) if cache_path is not None else default_cache_path(root)
    except RefusedPath as refused:
        once(f"library cache not used: {refused}")
        cache_file = None
    # Tens of thousands of small objects and no cycles: the collector would only slow this.
    with collector_paused():
        cached = _read_cache(cache_file, max_bytes, once)
        try:
            known = None
            if cached and remembered is not None:
                # The walk takes each file's ``lstat``: two thirds of a warm scan, 0.5 s of 1.6
                # at 100,000 files. What it finds changed comes in the scan's own listing.
                known = _entries(os.fspath(directory), cached)
                remembered(known)
            return _scan(
                walk,
                os.fspath(directory),
                cache_file,
                cached,
                max_bytes,
                progress,
                listed,
                once,
                known=known,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            # A record that ``_read_cache`` let through but cannot be listed (a date that is
            # no date): distrust the whole cache and parse every file again.
            once(f"library cache {cache_file} is damaged; reading every file again")
            return _scan(
                walk, os.fspath(directory), cache_file, {}, max_bytes, progress, listed, once
            )


#: A file's record, in the cache and in a scan: ``[relative, mtime_ns, size, title,
#: published, when, source, quotes, facts, checked]``, or ``[relative, mtime_ns, size, [line,
#: column, field, problem]]`` for an invalid file. Lists, not mappings: a cache of 100,000 of
#: them reads twice as fast.
Record = list[Any]
NAME, MTIME, SIZE, TITLE, PUBLISHED, WHEN, SOURCE, QUOTES, FACTS, CHECKED = range(10)
ERROR = 3


def _scan(
    walk: ContentWalk,
    directory: str,
    cache_file: Path | None,
    cached: dict[str, Record],
    max_bytes: int,
    progress: Progress | None,
    listed: Listed | None,
    warn: Warn,
    known: list[LibraryEntry] | None = None,
) -> list[LibraryEntry]:
    """``known``: the entries of ``cached``, made already; returned as they are when the
    walk finds nothing changed."""
    records: dict[str, Record] = {}
    to_peek: list[tuple[str, int, int]] = []
    root = Path(walk.directory)
    for relative, stat in walk:
        record = cached.get(relative)
        if (
            record is not None
            and record[MTIME] == stat.st_mtime_ns
            and record[SIZE] == stat.st_size
        ):
            records[relative] = record
            continue
        to_peek.append((relative, stat.st_mtime_ns, stat.st_size))
    for relative, mtime_ns, size in to_peek:
        walk.stop_if_cancelled()
        path = os.path.join(walk.directory, relative)
        records[relative] = _record(relative, mtime_ns, size, _peeked(path, max_bytes))
    if len(to_peek) > MERGED_AT_MOST or not cached:
        records = _in_order(records)
    elif to_peek or len(records) != len(cached):
        records = _merged(cached, records, [relative for relative, _, _ in to_peek])
    else:  # the files of the cache, unchanged: in the cache's order, which is the list's
        records = cached
    unchecked = [
        (relative, record[MTIME], record[SIZE])
        for relative, record in records.items()
        if len(record) > CHECKED and not record[CHECKED]
    ]
    if unchecked and listed is not None:
        listed(_entries(directory, records))
    # Written before the check too where that is long, so that what was listed is kept if
    # the reader quits first; a check of a few files ends soon, and the cache with it.
    early = not unchecked or len(unchecked) > CHECKED_BEFORE_WRITING
    if cache_file is not None and records is not cached and early:
        _write_cache(cache_file, root, max_bytes, records, warn)
    if unchecked:
        records = _in_order({**records, **_parse_all(walk, unchecked, max_bytes, progress)})
        if cache_file is not None:
            _write_cache(cache_file, root, max_bytes, records, warn)
    if records is cached and known is not None:
        return known
    return _entries(directory, records)


def _entries(directory: str, records: dict[str, Record]) -> list[LibraryEntry]:
    """The entries of ``records``, which are in the list's order."""
    return [_entry(directory, relative, record) for relative, record in records.items()]


def _in_order(records: dict[str, Record]) -> dict[str, Record]:
    return dict(sorted(records.items(), key=_order))


#: Up to this many files listed from their start are checked before the cache is written:
#: a cache of 100,000 files takes a fifth of a second to write.
CHECKED_BEFORE_WRITING = 100
#: Up to this many new or changed files are put in their places in the cache's order, each
#: by a binary search; more, and the whole list is sorted again.
MERGED_AT_MOST = 1000


def _merged(
    cached: dict[str, Record], records: dict[str, Record], new: list[str]
) -> dict[str, Record]:
    """``records`` in the list's order: those kept from ``cached`` in its order (which is the
    list's), and each of ``new`` put in its place. A file touched in a library of 100,000
    costs some twenty sort keys, not 100,000."""
    changed = set(new)
    order = [
        (relative, record)
        for relative, record in cached.items()
        if relative in records and relative not in changed
    ]
    for relative in new:
        bisect.insort(order, (relative, records[relative]), key=_order)
    return dict(order)


def _record(relative: str, mtime_ns: int, size: int, metadata: dict[str, Any]) -> Record:
    """The record of a file's ``file_metadata`` (or ``_peeked``)."""
    error = metadata.get("error")
    if error is not None:
        return [relative, mtime_ns, size, error]
    return [
        relative,
        mtime_ns,
        size,
        metadata["title"],
        metadata["published"],
        metadata["when"],
        metadata["source"],
        metadata["quotes"],
        metadata["facts"],
        metadata.get("checked", True),
    ]


def _peeked(path: str, max_bytes: int) -> dict[str, Any]:
    """The record of a file from its start, not yet ``checked``; the whole file's record
    (``file_metadata``) when its start cannot say. A text or web page is listed by its name
    until it is imported, which the check does."""
    from tui.import_cache import is_importable

    if is_importable(path):
        named = {"title": os.path.basename(path), "published": None, "when": None, "source": None}
        return {**named, "checked": False, **_UNKNOWN}
    meta = peek_article_meta(path)
    if meta is None:
        return file_metadata(path, max_bytes=max_bytes)
    return {**_meta_record(meta), "checked": False, **_UNKNOWN}


#: What a record that is not ``checked`` does not know yet.
_UNKNOWN = {"quotes": 0, "facts": 0}


# --- Parsing ------------------------------------------------------------------------------


def _parse_all(
    walk: ContentWalk,
    files: Sequence[tuple[str, int, int]],
    max_bytes: int,
    progress: Progress | None,
) -> dict[str, Record]:
    # One process, one file after another: worker processes measured no faster on two
    # shared cores, and spawning them re-imports the caller's __main__.
    paths = [os.path.join(walk.directory, relative) for relative, _, _ in files]

    def parsed(path: str) -> dict[str, Any]:
        walk.stop_if_cancelled()
        return file_metadata(path, max_bytes=max_bytes)

    results = _counted((parsed(path) for path in paths), len(paths), progress)
    return {
        relative: _record(relative, mtime_ns, size, metadata)
        for (relative, mtime_ns, size), metadata in zip(files, results, strict=True)
    }


def _counted(
    results: Iterable[dict[str, Any]], total: int, progress: Progress | None
) -> list[dict[str, Any]]:
    done: list[dict[str, Any]] = []
    for result in results:
        done.append(result)
        if progress is not None and (len(done) % 100 == 0 or len(done) == total):
            progress(len(done), total)
    return done


def file_metadata(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """What the library keeps of one file, as JSON-ready data: its metadata, or its first
    error (without the path, which the entry adds back). A text or web page is imported (into
    the import cache, so that opening it is then instant) and its import read."""
    from tui.import_cache import imported_path, is_importable

    if is_importable(path):
        made = imported_path(path, max_bytes=max_bytes)
        if not isinstance(made, Path):
            return {"error": [0, 0, "", made.problem]}
        path = os.fspath(made)
    try:
        article = load_article(path, max_bytes=max_bytes)
    except ContentInvalid as invalid:
        first = invalid.errors[0]
        return {"error": [first.line, first.column, first.field, first.problem]}
    return {
        **_meta_record(article.meta),
        "quotes": len(article.quotes),
        "facts": len(article.facts),
    }


def _meta_record(meta: Meta) -> dict[str, Any]:
    published = meta.published
    return {
        "title": meta.title,
        "published": published.isoformat() if published is not None else None,
        "when": _timestamp(published),
        "source": meta.source.outlet,
    }


# --- Entries and their order ---------------------------------------------------------------


def _entry(directory: str, relative: str, record: Record) -> LibraryEntry:
    """The entry for a record (of a shape ``_read_cache`` checked); ValueError for a date
    that is no date, which only a damaged cache holds."""
    if len(record) == ERROR + 1:
        line, column, field, problem = record[ERROR]
        path = os.path.join(directory, relative)
        text = str(ContentError(path, line, column, field, problem))
        if (line, column, field) == (0, 0, ""):  # a text that could not be imported
            text = f"{inert(path)}: {inert(problem)}"
        return LibraryEntry(directory, relative, title=os.path.basename(relative), error=text)
    return LibraryEntry(
        directory,
        relative,
        record[TITLE],
        _published(record[PUBLISHED]),
        record[SOURCE],
        record[QUOTES],
        record[FACTS],
        None,
        record[CHECKED],
    )


def _published(text: str | None) -> dt.date | dt.datetime | None:
    if text is None:
        return None
    # A date's isoformat has no time part; a datetime's always has a "T".
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


def _timestamp(published: dt.date | dt.datetime | None) -> int | None:
    """Microseconds since the epoch, to sort by: kept in the cache, so a warm scan parses no
    date. A whole number, exact, and read back from JSON without a float's checks."""
    if published is None:
        return None
    if not isinstance(published, dt.datetime):
        published = dt.datetime(published.year, published.month, published.day)
    if published.tzinfo is None:
        # Naive times (and bare dates) are taken as UTC: they have to sort somewhere.
        published = published.replace(tzinfo=dt.UTC)
    return (published - _EPOCH) // _MICROSECOND


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def _order(item: tuple[str, Record]) -> tuple[bool, bool, int, tuple[Any, ...], str]:
    """Newest first, then the undated; invalid files after every valid one; then by title
    (an invalid file's name), naturally, and path."""
    relative, record = item
    if len(record) == ERROR + 1:
        return (True, True, 0, natural_key(os.path.basename(relative)), relative)
    when = record[WHEN]
    title = record[TITLE] or os.path.basename(relative)
    return (False, when is None, -(when or 0), natural_key(title), relative)


_NUMBERS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sorts ``text`` as a person would: ignoring case, and numbers by value (``Part 2``
    before ``Part 10``). Text and numbers alternate, text first, so that two keys compare
    text with text and numbers with numbers; the text itself then breaks a tie (``02``, ``2``).
    """
    parts = _NUMBERS.split(text.casefold())
    return (*(int(part) if index % 2 else part for index, part in enumerate(parts)), text)


# --- The cache -----------------------------------------------------------------------------


def _read_cache(path: Path | None, max_bytes: int, warn: Warn) -> dict[str, Record]:
    """The usable records of the cache file, in its order; empty when it is missing, stale,
    damaged (one warning) or refused (a symlink, another user's file, too large: one
    warning)."""
    if path is None:
        return {}
    try:
        private_directory(path.parent, create=False)
        data = load_json(read_own_file(path, MAX_CACHE_BYTES))
    except RefusedPath as refused:
        warn(f"library cache not used: {refused}")
        return {}
    except OSError:  # missing or unreadable: rebuilt, which only costs time
        return {}
    except ValueError:  # not UTF-8, not JSON, nested too deep, NaN
        warn(f"library cache {path} is damaged; reading every file again")
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != CACHE_FORMAT
        or data.get("version") != tui.__version__
    ):
        return {}  # another program's file, or an older reader's: rebuilt without a word
    files = data.get("files")
    cached_limit = data.get("max_bytes")
    records = _valid_records(files) if type(cached_limit) is int else None
    if records is None:
        warn(f"library cache {path} is damaged; reading every file again")
        return {}
    if cached_limit == max_bytes:
        return records
    # A record made under another size limit holds only for files within both limits.
    limit = min(max_bytes, cached_limit)
    return {relative: record for relative, record in records.items() if record[SIZE] <= limit}


def _shapes() -> frozenset[tuple[type, ...]]:
    """The types, field by field, of every record ``_record`` makes (with its name first)."""
    texts, times = (str, type(None)), (int, type(None))
    valid = {
        (str, int, int, str, published, when, source, int, int, bool)
        for published in texts
        for when in times
        for source in texts
    }
    return frozenset({*valid, (str, int, int, list)})


#: Checked as one tuple of types a record: 100,000 records in some 50 ms.
_SHAPES = _shapes()


def _valid_records(files: object) -> dict[str, Record] | None:
    """The records of the cache's ``files``, by name, in the list's order; None when any is
    not of a shape ``_record`` makes."""
    if type(files) is not list:
        return None
    shapes = _SHAPES
    records: dict[str, Record] = {}
    for item in files:
        if type(item) is not list or tuple(map(type, item)) not in shapes:
            return None
        if len(item) == ERROR + 1 and not _valid_error(item[ERROR]):
            return None
        records[item[NAME]] = item
    return records if len(records) == len(files) else None


def _valid_error(error: list[Any]) -> bool:
    return (
        len(error) == 4
        and type(error[0]) is int
        and type(error[1]) is int
        and type(error[2]) is str
        and type(error[3]) is str
    )


def _write_cache(
    path: Path, root: Path, max_bytes: int, records: dict[str, Record], warn: Warn
) -> None:
    """Writes the cache whole or not at all: a temporary file beside it, synced, then renamed
    over it. A cache that cannot be written only makes the next start slower; one that is
    refused (a symlink or another user's file in its place) is said once."""
    data = {
        "format": CACHE_FORMAT,
        "version": tui.__version__,
        "directory": os.path.abspath(root),
        "max_bytes": max_bytes,
        "files": list(records.values()),
    }
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(encoded) > MAX_CACHE_BYTES:
        return  # it would not be read back
    try:
        private_directory(path.parent)
        write_atomically(path, encoded)
    except RefusedPath as refused:
        warn(f"library cache not used: {refused}")
    except OSError:
        pass
