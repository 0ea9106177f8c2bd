"""Figures for the library: cold and warm scans of 10,000 small articles, and the screen ready.

Run: ``.venv/bin/python benchmarks/library_scan.py [COUNT]`` (prints figures; nothing is asserted).
Targets (issue #16): 10,000 articles listed in at most 2 s cold (no cache) and 0.3 s warm;
a filter key at most 30 ms p95 at 10,000. The cold baseline, in the same run, is the old scan:
every file loaded whole, one after another.
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

from tui.library import default_cache_path, file_metadata, scan_library

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


#: Typed into the filter, one key at a time, then erased: 20 keys.
FILTER_KEYS = [*"article 09", *["backspace"] * 10]


async def screen_ready(
    directory: Path, since: float | None = None
) -> tuple[float, list[float], int]:
    """Seconds from a new app (or from ``since``, a ``time()``) to the library listing every
    entry; then the seconds each filter key takes, to its repaint."""
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
        keys = []
        for key in FILTER_KEYS:
            before = perf_counter()
            await pilot.press(key)
            await pilot.pause()
            keys.append(perf_counter() - before)
    return ready, keys, count


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


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
        for path in sorted(directory.rglob("*.yaml")):
            file_metadata(os.fspath(path))
        print(f"baseline: every file loaded whole:      {perf_counter() - before:6.2f} s")

        before = perf_counter()
        listed: list[float] = []
        entries = scan_library(
            directory, cache_path=cache, listed=lambda _: listed.append(perf_counter() - before)
        )
        print(f"cold: listed from each file's start:    {listed[0]:6.2f} s")
        print(f"cold: every file checked whole:         {perf_counter() - before:6.2f} s")
        assert len(entries) == count and all(entry.valid for entry in entries)

        print(f"cache file:                             {cache.stat().st_size / 1e6:6.2f} MB")

        before = perf_counter()
        scan_library(directory, cache_path=cache)
        print(f"warm scan (no YAML read):               {perf_counter() - before:6.3f} s")

        ready, keys, shown = asyncio.run(screen_ready(directory))
        print(f"warm start, app to {shown:,} entries listed:  {ready:6.3f} s")
        print(
            f"filter keys at {shown:,} entries (Pilot, {len(keys)} keys): "
            f"p50 {sorted(keys)[len(keys) // 2] * 1e3:.0f} ms, p95 {p95(keys) * 1e3:.0f} ms"
        )
        command = [sys.executable, __file__, "--second-start", os.fspath(directory)]
        subprocess.run([*command, repr(time())], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
