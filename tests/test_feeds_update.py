"""``tui-reader update`` against a local server: new-item counts on two updates, conditional
requests answered 304, errors named per feed, exit statuses, pages imported into the cache;
two updates at once and a killed update leave the store valid."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_server import FeedServer

from tui.feeds.store import FeedStore


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer(slow_seconds=4.0).start()
    yield running
    running.stop()


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def tui(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def subscribe(env: dict[str, str], *urls: str) -> None:
    assert tui(env, "feeds", "add", *urls).returncode == 0


def store_of(env: dict[str, str]) -> FeedStore:
    return FeedStore(Path(env["XDG_DATA_HOME"]) / "tui-reader" / "feeds.sqlite3")


def test_two_updates_count_new_items_and_the_second_asks_only_for_changes(
    server: FeedServer, home: dict[str, str]
) -> None:
    feeds = [server.url(p) for p in ("/rss.xml", "/atom.xml", "/changing.xml")]
    broken = [server.url(p) for p in ("/bad.xml", "/missing.xml", "/slow.xml")]
    subscribe(home, *feeds, *broken)
    server.changing[:] = [("c1", "First", "/pages/c1.html", "Sun, 03 Mar 2024 08:00:00 GMT")]
    first = tui(home, "update", "--feeds-only", "--timeout", "1.5")
    assert first.returncode == 0, first.stderr
    assert sorted(first.stdout.splitlines()) == sorted(
        [
            f"{feeds[0]}: 2 new",
            f"{feeds[1]}: 2 new",
            f"{feeds[2]}: 1 new",
            f"{broken[0]}: error: not an RSS or Atom feed (<unknown>:2:33: mismatched tag)",
            f"{broken[1]}: error: HTTP error 404 (Not Found)",
            f"{broken[2]}: error: timed out after 1.5 s",
        ]
    )
    assert "Traceback" not in first.stderr
    server.changing.append(("c2", "Second", "/pages/c2.html", "Wed, 06 Mar 2024 08:00:00 GMT"))
    server.requests.clear()
    second = tui(home, "update", "--feeds-only", "--timeout", "1.5")
    assert second.returncode == 0
    lines = second.stdout.splitlines()
    assert f"{feeds[0]}: 0 new (not modified)" in lines
    assert f"{feeds[1]}: 0 new (not modified)" in lines
    assert f"{feeds[2]}: 1 new" in lines
    [(rss_headers, rss_status)] = server.seen("/rss.xml")
    assert (rss_headers["If-None-Match"], rss_status) == ('"rss-v1"', 304)
    [(atom_headers, atom_status)] = server.seen("/atom.xml")
    assert (atom_headers["If-Modified-Since"], atom_status) == (
        "Mon, 04 Mar 2024 10:00:00 GMT",
        304,
    )
    with store_of(home) as store:
        items = store.items()
        assert [item.title for item in items[:2]] == ["Second", "Bridge to close"]
        assert items[1].feed_name == "The Harbour Times"
        errors = {feed.url: feed.error for feed in store.feeds() if feed.error}
        assert errors[broken[1]] == "HTTP error 404 (Not Found)"


def test_exit_status_2_when_no_feed_could_be_read(server: FeedServer, home: dict[str, str]) -> None:
    subscribe(home, server.url("/missing.xml"), server.url("/bad.xml"))
    result = tui(home, "update")
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 2
    assert tui(home, "feeds", "remove", server.url("/missing.xml"), server.url("/bad.xml"))
    nothing = tui(home, "update")
    assert (nothing.returncode, nothing.stderr) == (
        2,
        "tui-reader update: no feeds to update: tui-reader feeds add URL subscribes to one\n",
    )


def test_update_imports_the_new_pages_into_the_cache(
    server: FeedServer, home: dict[str, str]
) -> None:
    subscribe(home, server.url("/atom.xml"))
    result = tui(home, "update")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 of 2 new pages imported"
    with store_of(home) as store:
        by_title = {item.title: item for item in store.items()}
    piers = by_title["Corrosion found in bridge piers"]
    assert piers.article is not None and Path(piers.article).is_file()
    assert "Lindqvist" in Path(piers.article).read_text()
    assert by_title["A page that is gone"].page_error == "HTTP error 404 (Not Found)"


def test_two_updates_at_once_do_not_corrupt_the_store(
    server: FeedServer, home: dict[str, str]
) -> None:
    server.changing[:] = [
        (f"g{n}", f"Item {n}", f"/pages/{n}.html", "Sun, 03 Mar 2024 08:00:00 GMT")
        for n in range(300)
    ]
    subscribe(home, server.url("/changing.xml"), server.url("/rss.xml"), server.url("/atom.xml"))
    command = [sys.executable, "-m", "tui", "update", "--feeds-only"]
    runs = [
        subprocess.Popen(
            command, env=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    counts = [line for out, _ in outputs for line in out.splitlines() if "changing.xml" in line]
    # Each item is stored once: one update found it new, the other found it there.
    assert sorted(counts) == sorted(
        [f"{server.url('/changing.xml')}: 0 new", f"{server.url('/changing.xml')}: 300 new"]
    )
    with store_of(home) as store:
        assert store.integrity() == "ok"
        assert len(store.items()) == 304


def test_a_killed_update_leaves_the_store_valid(server: FeedServer, home: dict[str, str]) -> None:
    server.changing[:] = [
        (f"g{n}", f"Item {n}", f"/pages/{n}.html", "Sun, 03 Mar 2024 08:00:00 GMT")
        for n in range(2000)
    ]
    subscribe(home, server.url("/rss.xml"), server.url("/changing.xml"))
    update = subprocess.Popen(
        [sys.executable, "-m", "tui", "update"],
        env=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    # Killed once it has stored a feed and is on with the next (or its pages).
    line = update.stdout.readline()
    assert line.endswith(b" new\n")
    time.sleep(0.2)
    update.send_signal(signal.SIGKILL)
    update.wait(timeout=10)
    database = Path(home["XDG_DATA_HOME"]) / "tui-reader" / "feeds.sqlite3"
    raw = sqlite3.connect(database)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    count = len(store_of(home).items())
    assert count in (2, 2000, 2002)  # each feed stored whole or not at all
    again = tui(home, "update", "--feeds-only")
    assert again.returncode == 0
    with store_of(home) as store:
        assert len(store.items()) == 2002 and store.integrity() == "ok"


def test_the_usage_line_names_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "update", "--help"], capture_output=True, text=True
    )
    assert result.stdout.startswith("usage: tui-reader update ")


def test_a_terminal_gets_a_progress_bar_a_pipe_only_the_lines(
    server: FeedServer, home: dict[str, str]
) -> None:
    from pty_terminal import PtyTerminal

    subscribe(home, server.url("/rss.xml"), server.url("/atom.xml"))
    terminal = PtyTerminal([sys.executable, "-m", "tui", "update", "--feeds-only"], env=home)
    try:
        assert terminal.wait_exit(30) == 0
        written = terminal.written.decode()
    finally:
        terminal.close()
    assert f"[{'-' * 30}] 0/2 feeds\r" in written
    assert f"[{'#' * 30}] 2/2 feeds\r" in written
    assert f"{server.url('/rss.xml')}: 2 new" in terminal.text
    assert "2/2 feeds" not in terminal.text  # the bar is cleared at the end


def test_a_parser_that_fails_on_one_feed_fails_only_that_feed(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.feeds import update

    real = update.parse_feed

    def parse(fetched, **kwargs):
        if fetched.url.endswith("/atom.xml"):
            raise RecursionError("deep")
        return real(fetched, **kwargs)

    monkeypatch.setattr(update, "parse_feed", parse)
    with FeedStore(tmp_path / "feeds.sqlite3") as store:
        results = update.update_feeds(store, [server.url("/atom.xml"), server.url("/rss.xml")])
    assert [result.line() for result in results] == [
        f"{server.url('/atom.xml')}: error: the feed could not be parsed (RecursionError)",
        f"{server.url('/rss.xml')}: 2 new",
    ]
