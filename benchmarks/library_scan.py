"""Figures for the library: cold and warm scans of 10,000 articles, and the reader listing them.

Run: ``.venv/bin/python benchmarks/library_scan.py`` (prints figures; nothing is asserted).
``--count N`` lists N articles of 20 paragraphs instead of 10,000; ``--runs R`` repeats each
timing R times (the median is printed, then every run); ``--warm-only N`` writes N small
articles (3 paragraphs) and prints the warm figures at N (``--warm-only 100000``).

Targets (issue #16): 10,000 articles listed in at most 2 s cold (no cache) and 0.3 s warm,
100,000 warm in at most 2 s; a filter key at most 30 ms p95 at 10,000. In-process figures time
``scan_library``; end-to-end ones time ``python -m tui DIRECTORY`` in a pseudo-terminal at
120x40 (``run.py``'s ``Terminal``), from spawn to the count (``10,000 articles``) on the
screen, and each filter key from its byte sent to the last byte of its repaint. The cold
baseline, in the same run, is the old scan: every file loaded whole, one after another.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import article_yaml
from run import Terminal

from tui.content_walk import LIBRARY_SUFFIXES, ContentWalk, WalkCancelled
from tui.library import default_cache_path, file_metadata, scan_library

PARAGRAPHS = 20
#: The articles of ``--warm-only``: a few paragraphs, so that 100,000 are written in a minute.
SMALL_PARAGRAPHS = 3
#: Typed into the filter, one key at a time, then erased. Newest first, the view of
#: ``article 09`` is the view of ``article 0`` (09999 on top): only the count changes. From
#: ``article 05`` on, each key of the second changes the entries in view.
FILTER_QUERIES = ("article 09", "article 0512")
#: Quits from the filter, where ``q`` is typed.
QUIT = b"\x11"
START_TIMEOUT = 120.0


def write_articles(directory: Path, count: int, paragraphs: int = PARAGRAPHS) -> None:
    """``count`` articles of ``paragraphs`` paragraphs, an hour apart, in folders of 1,000."""
    start = dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)
    for number in range(count):
        text = article_yaml(paragraphs, seed=number)
        published = (start + dt.timedelta(hours=number)).isoformat()
        text = text.replace("2022-02-24T12:00:00+01:00", published, 1)
        text = text.replace(
            f"Synthetic article of {paragraphs} paragraphs", f"Article {number:05d}", 1
        )
        folder = directory / f"{number // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{number:05d}.yaml").write_text(text, encoding="utf-8")


def figure(label: str, values: list[float], target: str, unit: str = "s") -> None:
    """One line: the median, the target, and every run."""
    scale, digits = (1e3, 0) if unit == "ms" else (1.0, 3)
    runs = ", ".join(f"{value * scale:.{digits}f}" for value in values)
    median = statistics.median(values) * scale
    print(f"{label:<52} {median:8.{digits}f} {unit:<2}  (target {target}; runs: {runs})")


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[max(0, round(share * len(values)) - 1)]


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        before = perf_counter()
        function()
        times.append(perf_counter() - before)
    return times


def pty_start(directory: Path, cache_home: Path, count: int) -> tuple[Terminal, float | None]:
    """``python -m tui DIRECTORY`` in a pty with ``cache_home`` as its cache: seconds from
    spawn to ``N articles`` on the screen (None when it never shows)."""
    argv = [sys.executable, "-m", "tui", os.fspath(directory)]
    terminal = Terminal(argv, {"XDG_CACHE_HOME": os.fspath(cache_home)})
    return terminal, terminal.wait_for_text(f"{count:,} articles", START_TIMEOUT)


def pty_starts(
    directory: Path, cache_homes: list[Path], count: int, settled: list[float] | None = None
) -> list[float]:
    """Seconds from spawn to ``N articles`` shown, per start; with ``settled``, also (into
    it) to the status line saying only that: the scan has looked for what changed since
    the listing it remembered, and checked it."""
    times = []
    for cache_home in cache_homes:
        terminal, ready = pty_start(directory, cache_home, count)
        if ready is not None and settled is not None:
            done = wait_for_line(terminal, f"{count:,} articles")
            if done is not None:
                settled.append(done)
        terminal.close(QUIT)
        if ready is None:
            print(f"  (no '{count:,} articles' on the screen in {START_TIMEOUT:.0f} s)")
        else:
            times.append(ready)
    return times


def wait_for_line(terminal: Terminal, line: str) -> float | None:
    """Seconds from spawn to a row of the screen reading ``line`` and nothing else."""
    deadline = perf_counter() + START_TIMEOUT
    while perf_counter() < deadline:
        if any(row.strip() == line for row in terminal.screen.display):
            return perf_counter() - terminal.started
        chunk = terminal.read(0.05)
        if chunk is not None:
            terminal.feed(chunk[0])
    return None


def pty_filter_keys(directory: Path, cache_home: Path, count: int, query: str) -> list[float]:
    """Seconds each key of ``query`` typed and erased takes to its repaint, in a warm reader
    at ``count`` articles."""
    terminal, ready = pty_start(directory, cache_home, count)
    try:
        # Once the scan is over: keys typed while it walks share the interpreter with it.
        if ready is None or wait_for_line(terminal, f"{count:,} articles") is None:
            return []
        terminal.drain(0.5)
        latencies = []
        for key in [*query.encode(), *[0x7F] * len(query)]:
            press = terminal.press(bytes([key]))
            if press.latency is not None:
                latencies.append(press.latency)
        return latencies
    finally:
        terminal.close(QUIT)


def full(count: int, runs: int, root: Path) -> None:
    directory = root / "library"
    directory.mkdir()
    before = perf_counter()
    write_articles(directory, count)
    size = sum(path.stat().st_size for path in directory.rglob("*.yaml"))
    print(f"{count:,} articles of {PARAGRAPHS} paragraphs, {size / 1e6:.1f} MB,")
    print(f"  written in {perf_counter() - before:.1f} s; {runs} runs of each figure")
    cache = default_cache_path(directory)

    before = perf_counter()
    for path in sorted(directory.rglob("*.yaml")):
        file_metadata(os.fspath(path))
    figure("baseline: every file loaded whole", [perf_counter() - before], "-")

    listed: list[float] = []
    checked = 0.0
    for run in range(runs):
        # The first run checks every file, and its cache is the warm one; the others stop
        # once the files are listed.
        walk = ContentWalk(
            directory,
            suffixes=LIBRARY_SUFFIXES,
            cancelled=lambda run=run: run > 0 and len(listed) > run,
        )
        before = perf_counter()
        try:
            entries = scan_library(
                directory,
                cache_path=cache if run == 0 else root / f"cold-{run}.json",
                walk=walk,
                listed=lambda _, since=before: listed.append(perf_counter() - since),
            )
        except WalkCancelled:
            continue
        checked = perf_counter() - before
        assert len(entries) == count and all(entry.valid for entry in entries)
    figure(f"cold: {count:,} listed from each file's start", listed, "<= 2 s")
    figure("cold: every file checked whole (in the background)", [checked], "-")
    print(f"{'cache file':<52} {cache.stat().st_size / 1e6:8.2f} MB")
    warm = timed(lambda: scan_library(directory, cache_path=cache), runs)
    figure(f"warm: {count:,} scanned (no YAML read)", warm, "<= 0.3 s")

    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    colds = [root / f"pty-cold-{run}" for run in range(runs)]
    figure(
        f"pty cold: spawn to '{count:,} articles' shown", pty_starts(directory, colds, count), "-"
    )
    warm_pty_figures(directory, cache_home, count, runs, "-")


def warm_pty_figures(directory: Path, cache_home: Path, count: int, runs: int, target: str) -> None:
    """The reader started on a warm cache, to the list and to every file looked at; then
    the filter keys."""
    settled: list[float] = []
    starts = pty_starts(directory, [cache_home] * runs, count, settled)
    figure(f"pty warm: spawn to '{count:,} articles' shown", starts, target)
    figure("pty warm: ... and every file looked at", settled, "-")
    for query in FILTER_QUERIES:
        keys: list[float] = []
        for _ in range(runs):
            keys += pty_filter_keys(directory, cache_home, count, query)
        if keys:
            print(
                f"{f'pty filter keys at {count:,} ({query!r} typed, erased)':<52} "
                f"p50 {statistics.median(keys) * 1e3:5.0f} ms, "
                f"p95 {percentile(keys, 0.95) * 1e3:5.0f} ms  (target p95 <= 30 ms; "
                f"{len(keys)} keys)"
            )


def warm_only(count: int, runs: int, root: Path) -> None:
    directory = root / "library"
    directory.mkdir()
    before = perf_counter()
    write_articles(directory, count, SMALL_PARAGRAPHS)
    print(f"{count:,} articles of {SMALL_PARAGRAPHS} paragraphs,")
    print(f"  written in {perf_counter() - before:.1f} s; {runs} runs of each warm figure")
    cache = default_cache_path(directory)
    listed: list[float] = []
    before = perf_counter()
    scan_library(
        directory, cache_path=cache, listed=lambda _: listed.append(perf_counter() - before)
    )
    figure(f"cold: {count:,} listed from each file's start", listed, "-")
    figure("cold: every file checked whole (in the background)", [perf_counter() - before], "-")
    print(f"{'cache file':<52} {cache.stat().st_size / 1e6:8.2f} MB")
    warm = timed(lambda: scan_library(directory, cache_path=cache), runs)
    figure(f"warm: {count:,} scanned (no YAML read)", warm, "<= 2 s")
    warm_pty_figures(directory, Path(os.environ["XDG_CACHE_HOME"]), count, runs, "<= 2 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm-only", type=int, metavar="N")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="library-scan-") as temporary:
        root = Path(temporary)
        os.environ["XDG_CACHE_HOME"] = os.fspath(root / "cache")
        if arguments.warm_only:
            warm_only(arguments.warm_only, arguments.runs, root)
        else:
            full(arguments.count, arguments.runs, root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
