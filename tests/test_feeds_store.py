"""The feed store: items by guid keep their read state, newest first; the schema has a version
and migrations; a later version's store is refused, not changed; the file is private."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tui.feeds.store import MIGRATIONS, SCHEMA_VERSION, FeedStore, NewItem, StoreError


def item(guid: str, published: float, title: str = "") -> NewItem:
    return NewItem(guid, title or guid, f"http://x.example/{guid}", f"about {guid}", published)


def test_items_by_guid_newest_first_keeping_their_read_state(tmp_path: Path) -> None:
    with FeedStore(tmp_path / "store" / "feeds.sqlite3") as store:
        feed = store.feed("http://x.example/rss")
        assert store.feed("http://x.example/rss") == feed
        new = store.record_items(
            feed,
            [item("a", 1), item("b", 3), item("c", 2)],
            title="X",
            etag='"1"',
            last_modified=None,
        )
        assert new == 3
        first = store.items()
        assert [(i.guid, i.feed_name, i.read) for i in first] == [
            ("b", "X", False),
            ("c", "X", False),
            ("a", "X", False),
        ]
        store.set_read([first[0].id])
        again = store.record_items(
            feed,
            [item("b", 3, "changed"), item("d", 4)],
            title="X",
            etag='"2"',
            last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
        )
        assert again == 1
        assert [(i.guid, i.read) for i in store.items()][:2] == [("d", False), ("b", True)]
        assert store.feed("http://x.example/rss").etag == '"2"'
        assert store.integrity() == "ok"
    directory = tmp_path / "store"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / "feeds.sqlite3").stat().st_mode) == 0o600


def test_an_older_store_is_migrated_and_keeps_its_items(tmp_path: Path) -> None:
    path = tmp_path / "feeds.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("INSERT INTO feeds (url, title) VALUES ('http://x.example/rss', 'X')")
    old.execute(
        "INSERT INTO items (feed_id, guid, title, published, read) VALUES (1, 'g', 'T', 5, 1)"
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    path.chmod(0o600)
    with FeedStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 2
        [kept] = store.items()
        assert (kept.guid, kept.read, kept.article) == ("g", True, None)
        store.record_page(kept.id, "/cache/x.yaml")
        assert store.item(kept.id).article == "/cache/x.yaml"


def test_a_later_version_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "feeds.sqlite3"
    FeedStore(path).close()
    later = sqlite3.connect(path)
    later.execute("PRAGMA user_version = 99")
    later.close()
    with pytest.raises(StoreError, match="schema version 99 is a later tui-reader's"):
        FeedStore(path)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 99


@pytest.mark.parametrize("planted", ["symlink", "garbage"])
def test_a_store_that_is_not_ours_is_refused_in_one_line(tmp_path: Path, planted: str) -> None:
    path = tmp_path / "feeds.sqlite3"
    if planted == "symlink":
        os.symlink(tmp_path / "elsewhere", path)
        problem = "is a symbolic link"
    else:
        path.write_bytes(b"not a database at all " * 100)
        path.chmod(0o600)
        problem = "not a feed store that can be read"
    with pytest.raises(StoreError, match=problem):
        FeedStore(path)
    assert not (tmp_path / "elsewhere").exists()


def _open_at_once(path: str, barrier, results) -> None:  # in a child process
    barrier.wait()
    try:
        with FeedStore(Path(path)) as store:
            store.feed("https://harbour.example/rss.xml")
        results.put("ok")
    except StoreError as error:
        results.put(str(error))


def test_two_updates_opening_a_new_store_at_once_both_open_it(tmp_path: Path) -> None:
    """Turning WAL on is a lock SQLite does not wait for: one of two processes that made the
    store at the same moment was told 'database is locked' (about one try in four)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(20):
        path = tmp_path / f"store-{attempt}.sqlite3"
        barrier, results = context.Barrier(2), context.Queue()
        children = [
            context.Process(target=_open_at_once, args=(str(path), barrier, results))
            for _ in range(2)
        ]
        for child in children:
            child.start()
        for child in children:
            child.join(60)
        assert [results.get(timeout=5), results.get(timeout=5)] == ["ok", "ok"], attempt
        with FeedStore(path) as store:
            assert store.integrity() == "ok" and len(store.feeds()) == 1
