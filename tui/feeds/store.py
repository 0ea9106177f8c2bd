"""The feeds' items and their state, in one SQLite database in the user data directory:
``FeedStore``, ``Feed``, ``Item``, ``StoreError``. Pure: the standard library only.

Feeds by address (the name they give themselves, their ``ETag`` and ``Last-Modified`` for the
next conditional request, the last fetch error), items by their feed's guid (title, link,
summary, date, read or not, the cached import of their page once fetched). The database is in
WAL mode and every change is one ``BEGIN IMMEDIATE`` transaction, so one writer at a time
(others wait up to ``BUSY_SECONDS``), readers never block, and a process killed mid-update
leaves the last committed state. ``PRAGMA user_version`` is the schema's version: an older
database is migrated in one transaction; a newer one (a later tui-reader's) is refused, never
changed. The directory is the user's own (0700), the file 0600, never through a symlink.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.private_files import (
    PRIVATE_FILE,
    RefusedPath,
    private_directory,
    replaceable,
    user_directory,
)

APP_NAME = "tui-reader"
FILE_NAME = "feeds.sqlite3"
#: How long a writer waits for another to finish (two ``update`` runs at once).
BUSY_SECONDS = 60.0
#: Each migration takes the schema from version N to N + 1; ``user_version`` is how many ran.
MIGRATIONS = (
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        checked_at REAL,
        error TEXT
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        link TEXT,
        summary TEXT NOT NULL DEFAULT '',
        published REAL NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX items_newest ON items (published DESC, id DESC);
    """,
    # The import of an item's page, once fetched: it opens from the cache with no network.
    """
    ALTER TABLE items ADD COLUMN article TEXT;
    ALTER TABLE items ADD COLUMN page_error TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """Why the feed store cannot be used, in one line that names it."""


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str
    etag: str | None
    last_modified: str | None
    checked_at: float | None
    error: str | None

    @property
    def name(self) -> str:
        """What the feed is called where its items are listed: its title, else its address."""
        return self.title or self.url


@dataclass(frozen=True)
class Item:
    id: int
    feed_id: int
    feed_name: str
    guid: str
    title: str
    link: str | None
    summary: str
    published: float
    read: bool
    article: str | None = None
    page_error: str | None = None


@dataclass(frozen=True)
class NewItem:
    """An item as a feed gives it, before it is stored."""

    guid: str
    title: str
    link: str | None
    summary: str
    published: float


def _while_busy(step: Callable[[], object]) -> None:
    """``step``, again while another connection holds the lock it needs, for up to
    ``BUSY_SECONDS``. SQLite waits out a busy database by itself, but not where waiting could
    deadlock: two updates that open a new store at once both ask for the lock that turns WAL
    on, and one of them was told ``database is locked`` at once (15 of 60 tries)."""
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", None)
            busy = code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not (busy or "locked" in str(error)) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def default_store_path() -> Path:
    """``$XDG_DATA_HOME/tui-reader/feeds.sqlite3`` (``~/.local/share/...`` on Linux)."""
    import platformdirs

    return user_directory(lambda: platformdirs.user_data_dir(APP_NAME)) / FILE_NAME


class FeedStore:
    """An open feed store; a context manager that closes it."""

    def __init__(self, path: Path | None = None) -> None:
        """Opens (making it if need be) and migrates the store; ``StoreError`` if it cannot."""
        try:
            self.path = path if path is not None else default_store_path()
            private_directory(self.path.parent)
            _make_private_file(self.path)
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            where = getattr(self, "path", "the feed store")
            raise StoreError(f"{where}: cannot open the feed store: {_reason(error)}") from None
        try:
            _while_busy(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
            self._db.execute("PRAGMA foreign_keys = ON")
            _while_busy(self._migrate)
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError(f"{self.path}: not a feed store that can be read: {error}") from None

    def __enter__(self) -> FeedStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taking the write lock at once: committed whole or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self.writing() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"schema version {version} is a later tui-reader's (this one knows"
                    f" {SCHEMA_VERSION}); it is left as it is"
                )
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
            if version != SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def integrity(self) -> str:
        """``ok``, or what SQLite's integrity check found."""
        return "; ".join(row[0] for row in self._db.execute("PRAGMA integrity_check"))

    # Feeds

    def feed(self, url: str) -> Feed:
        """The feed of this address, added if it is not there yet."""
        row = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,))
        found = row.fetchone()
        if found is None:
            with self.writing() as db:
                db.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))
            return self.feed(url)
        return Feed(*found)

    def feeds(self) -> list[Feed]:
        rows = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id")
        return [Feed(*row) for row in rows]

    def record_error(self, feed: Feed, error: str) -> None:
        with self.writing() as db:
            db.execute(
                "UPDATE feeds SET error = ?, checked_at = ? WHERE id = ?",
                (error, time.time(), feed.id),
            )

    def record_unchanged(self, feed: Feed) -> None:
        """A 304: nothing new, and no error."""
        with self.writing() as db:
            db.execute(
                "UPDATE feeds SET error = NULL, checked_at = ? WHERE id = ?", (time.time(), feed.id)
            )

    def record_items(
        self,
        feed: Feed,
        items: Iterable[NewItem],
        *,
        title: str,
        etag: str | None,
        last_modified: str | None,
    ) -> int:
        """Stores a feed's read: its name, validators and the items not seen before (an item
        seen already keeps its read state). How many were new; all in one transaction."""
        new = 0
        with self.writing() as db:
            for item in items:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO items (feed_id, guid, title, link, summary, published)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (feed.id, item.guid, item.title, item.link, item.summary, item.published),
                )
                new += cursor.rowcount
            db.execute(
                "UPDATE feeds SET title = ?, etag = ?, last_modified = ?, error = NULL,"
                " checked_at = ? WHERE id = ?",
                (title or feed.title, etag, last_modified, time.time(), feed.id),
            )
        return new

    # Items

    def items(self, *, feed_urls: Iterable[str] | None = None) -> list[Item]:
        """Every item, newest first (of the feeds named, when ``feed_urls`` is given)."""
        query = f"SELECT {_ITEM_COLUMNS} FROM items JOIN feeds ON feeds.id = items.feed_id"
        arguments: tuple[str, ...] = ()
        if feed_urls is not None:
            arguments = tuple(feed_urls)
            query += f" WHERE feeds.url IN ({', '.join('?' * len(arguments))})"
        query += " ORDER BY items.published DESC, items.id DESC"
        return [_item(row) for row in self._db.execute(query, arguments)]

    def item(self, item_id: int) -> Item | None:
        row = self._db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items JOIN feeds ON feeds.id = items.feed_id"
            " WHERE items.id = ?",
            (item_id,),
        ).fetchone()
        return None if row is None else _item(row)

    def set_read(self, item_ids: Iterable[int], read: bool = True) -> None:
        ids = list(item_ids)
        with self.writing() as db:
            db.executemany("UPDATE items SET read = ? WHERE id = ?", [(int(read), i) for i in ids])

    def record_page(self, item_id: int, article: str | None, error: str | None = None) -> None:
        """Where the import of the item's page is cached, or why there is none."""
        with self.writing() as db:
            db.execute(
                "UPDATE items SET article = COALESCE(?, article), page_error = ? WHERE id = ?",
                (article, error, item_id),
            )


_FEED_COLUMNS = "id, url, title, etag, last_modified, checked_at, error"
_ITEM_COLUMNS = (
    "items.id, items.feed_id, CASE feeds.title WHEN '' THEN feeds.url ELSE feeds.title END,"
    " items.guid, items.title, items.link, items.summary, items.published, items.read,"
    " items.article, items.page_error"
)


def _item(row: tuple) -> Item:
    values = list(row)
    values[8] = bool(values[8])
    return Item(*values)


def open_existing_store(path: Path | None = None) -> FeedStore | None:
    """The store if one was made already (``update`` makes it), else None; None too when it
    cannot be opened (nothing to list is what that means to the caller)."""
    try:
        place = path if path is not None else default_store_path()
        if replaceable(place) is None:
            return None
        return FeedStore(place)
    except (OSError, StoreError):
        return None


def _make_private_file(path: Path) -> None:
    """Makes the database file 0600 before SQLite opens it (its journal files take its mode);
    ``RefusedPath`` for a symlink or anything but the user's own regular file there."""
    if replaceable(path) is not None:
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE))
    except FileExistsError:
        replaceable(path)  # made meanwhile by another update: checked like any other


def _reason(error: BaseException) -> str:
    if isinstance(error, RefusedPath):
        return error.problem
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
