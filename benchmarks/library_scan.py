"""Figures for the library: cold and warm scans of 10,000 small articles, and the screen ready.

Run: ``.venv/bin/python benchmarks/library_scan.py [COUNT]`` (prints figures; nothing is asserted).
The target: a warm second start (scan and screen ready) under 1 s at 10,000 articles.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter, time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import article_yaml

from tui.library import default_cache_path, scan_library

PARAGRAPHS = 20


def write_articles(directory: Path, count: int) -> None:
    """``count`` articles of ~20 paragraphs, a day apart, in folders of 1,000."""
    start = dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)
    for number in range(count):
        text = article_yaml(PARAGRAPHS, seed=number)
        published = (start + dt.timedelta(days=number)).isoformat()
        text = text.replace("2022-02-24T12:00:00+01:00", published, 1)
        text = text.replace(
            f"Synthetic article of {PARAGRAPHS} paragraphs", f"Article {number:05d}", 1
        )
        folder = directory / f"{number // 1000:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{number:05d}.yaml").write_text(text, encoding="utf-8")


async def screen_ready(directory: Path, since: float | None = None) -> tuple[float, float, int]:
    """Seconds from a new app (or from ``since``, a ``time()``) to the library listing every
    entry; then the seconds one filter key takes."""
    from tui.app import ReaderApp
    from tui.screens.library import LibraryScreen

    started = perf_counter()
    app = ReaderApp(library=directory, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        while screen.entries is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        ready = perf_counter() - started if since is None else time() - since
        count = screen.entry_list.option_count
        before = perf_counter()
        await pilot.press("9")
        key = perf_counter() - before
    return ready, key, count


def main() -> int:
    if sys.argv[1:2] == ["--second-start"]:
        # A new interpreter, as ``tui-reader DIRECTORY`` would be: imports, app, warm scan.
        ready, _, _ = asyncio.run(screen_ready(Path(sys.argv[2]), since=float(sys.argv[3])))
        print(f"second start, new process to entries listed: {ready:6.3f} s")
        return 0
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        os.environ["XDG_CACHE_HOME"] = os.fspath(root / "cache")
        directory = root / "library"
        directory.mkdir()
        before = perf_counter()
        write_articles(directory, count)
        size = sum(path.stat().st_size for path in directory.rglob("*.yaml"))
        print(f"{count:,} articles of {PARAGRAPHS} paragraphs, {size / 1e6:.1f} MB,")
        print(f"  written in {perf_counter() - before:.1f} s")
        cache = default_cache_path(directory)

        before = perf_counter()
        entries = scan_library(directory, cache_path=cache)
        print(f"cold scan (every file parsed):          {perf_counter() - before:6.2f} s")
        assert len(entries) == count and all(entry.error is None for entry in entries)

        print(f"cache file:                             {cache.stat().st_size / 1e6:6.2f} MB")

        before = perf_counter()
        scan_library(directory, cache_path=cache)
        print(f"warm scan (no YAML read):               {perf_counter() - before:6.3f} s")

        ready, key, shown = asyncio.run(screen_ready(directory))
        print(f"warm start, app to {shown:,} entries listed:  {ready:6.3f} s")
        print(f"one filter key at {shown:,} entries:          {key:6.3f} s")
        command = [sys.executable, __file__, "--second-start", os.fspath(directory)]
        subprocess.run([*command, repr(time())], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
