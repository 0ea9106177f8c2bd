"""How long a search takes on synthetic articles (1k, 20k, 100k paragraphs): prints figures.

``python benchmarks/search.py`` (``--sizes 20000`` for one size). Times the pure search over the
body, quotes and facts, for a rare word, a common word, one letter and a word with no match, and
gives the peak memory of one search (tracemalloc, in a run of its own: tracing slows it down).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import article_yaml
from tui.model.loader import parse_article
from tui.search import Corpus, search

QUERIES = {"rare": "Zelensky", "common": "troops", "letter": "e", "none": "zzqqxx"}


def timed(corpus: Corpus, query: str, scope: str, repeat: int = 5) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = search(corpus, query, scope).count
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def peak_megabytes(corpus: Corpus, query: str, scope: str) -> float:
    """The most memory one search had allocated at once, in MB (what it keeps included)."""
    tracemalloc.start()
    try:
        result = search(corpus, query, scope)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 20000, 100000])
    args = parser.parse_args(argv)
    print(
        f"{'paragraphs':>10} {'query':>8} {'scope':>6} {'matches':>8} {'median ms':>10}"
        f" {'peak MB':>8}"
    )
    for size in args.sizes:
        article = parse_article(article_yaml(size), f"synthetic-{size}.yaml")
        start = time.perf_counter()
        corpus = Corpus(article)
        index_ms = (time.perf_counter() - start) * 1000
        print(f"{size:>10} {'(index)':>8} {'':>6} {'':>8} {index_ms:>10.1f}")
        for name, query in QUERIES.items():
            for scope in ("all", "body", "quotes"):
                seconds, found = timed(corpus, query, scope)
                peak = peak_megabytes(corpus, query, scope)
                print(
                    f"{size:>10} {name:>8} {scope:>6} {found:>8} {seconds * 1000:>10.1f}"
                    f" {peak:>8.1f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
