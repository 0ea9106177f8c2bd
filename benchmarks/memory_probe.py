"""Where the loader's memory goes: RSS after import, after load and at peak, and the article.

``python benchmarks/memory_probe.py /tmp/tui-reader-bench/synthetic-100000.yaml`` prints the
process's resident memory (VmRSS) right after import, after loading, its peak (VmHWM), and
the load time. ``--trace`` also runs tracemalloc: the article's retained size and the lines
that held the most memory at the peak of the load (slower: tracemalloc costs time).
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.model.loader import load_article


def status_mb(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    match = re.search(rf"{field}:\s+(\d+)", status)
    assert match is not None
    return int(match.group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--trace", action="store_true", help="run tracemalloc too")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    gc.collect()
    imported = status_mb("VmRSS")
    if args.trace:
        tracemalloc.start()
    started = time.perf_counter()
    article = load_article(args.path, max_bytes=1 << 30)
    elapsed = time.perf_counter() - started
    if args.trace:
        peak_snapshot_size = tracemalloc.get_traced_memory()[1]
    gc.collect()
    loaded = status_mb("VmRSS")
    peak = status_mb("VmHWM")
    print(f"blocks          {len(article.blocks):>10,}")
    print(f"load            {elapsed:>10.3f} s")
    print(f"RSS imported    {imported:>10.1f} MB")
    print(f"RSS loaded      {loaded:>10.1f} MB  (+{loaded - imported:.1f})")
    print(f"VmHWM           {peak:>10.1f} MB  (+{peak - imported:.1f})")
    if args.trace:
        current = tracemalloc.get_traced_memory()[0]
        print(f"traced peak     {peak_snapshot_size / 2**20:>10.1f} MB")
        print(f"traced retained {current / 2**20:>10.1f} MB")
        snapshot = tracemalloc.take_snapshot()
        for stat in snapshot.statistics("lineno")[: args.top]:
            print(f"  {stat.size / 2**20:8.1f} MB {stat.count:>9,}  {stat.traceback}")


if __name__ == "__main__":
    main()
