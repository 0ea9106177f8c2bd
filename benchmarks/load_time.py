"""The best of N load + validate times of one file, as ``run.py`` measures them.

``python benchmarks/load_time.py /tmp/tui-reader-bench/synthetic-20000.yaml -n 7``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.model.loader import load_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=7, help="runs (the best is reported)")
    args = parser.parse_args()
    times = []
    for _ in range(args.n):
        started = time.perf_counter()
        article = load_article(args.path, max_bytes=1 << 30)
        times.append(time.perf_counter() - started)
        del article
    ordered = sorted(times)
    print(f"best {ordered[0]:.3f} s  median {ordered[len(ordered) // 2]:.3f} s  ({args.n} runs)")


if __name__ == "__main__":
    main()
