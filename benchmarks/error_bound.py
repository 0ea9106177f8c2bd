"""Time, peak memory and stderr of ``tui-reader check`` on a file with millions of problems.

``python benchmarks/error_bound.py`` builds an article whose body is 1,900,000 empty mappings
(``body: [{},{},...]``: 5.7 MB, within the default 8 MiB limit, two problems a block) in a
temporary directory, runs ``python -m tui check`` on it in a child process and prints the wall
time, the child's peak resident memory and how many lines and bytes it wrote to stderr.
``--root DIR`` runs the ``tui`` package of another checkout (to compare with an older commit);
``--blocks N`` changes the size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = b"schema: 1\nid: many-problems\nmeta:\n  title: Many problems\nbody: ["


def write_file(path: Path, blocks: int) -> int:
    """Writes the article with ``blocks`` empty mappings as its body; returns its size."""
    with path.open("wb") as file:
        file.write(HEADER)
        # A flow list: three bytes a block, so 1.9 million of them fit in the default limit.
        file.write(b"{}," * blocks + b"]\n")
    return path.stat().st_size


#: ``tui-reader ARGS`` that prints its own peak resident memory (VmHWM, kB) last on stdout:
#: a child's ``ru_maxrss`` would count the memory of the process it was forked from.
CHECK_WITH_PEAK = """
import sys
from tui.__main__ import main
try:
    status = main()
finally:
    with open("/proc/self/status") as status_file:
        peak = next(line for line in status_file if line.startswith("VmHWM:"))
    print(peak.split()[1], flush=True)
sys.exit(status)
"""


def run_check(path: Path, root: Path) -> tuple[float, int, int, int, int]:
    """(seconds, peak RSS in bytes, exit status, stderr lines, stderr bytes) of one check."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", CHECK_WITH_PEAK, "check", str(path)],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
        seconds = time.perf_counter() - started
        peak = int(child.stdout.split()[-1]) * 1024
        size = stderr.tell()
        stderr.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stderr.read(1 << 20), b""))
    return seconds, peak, child.returncode, lines, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=1_900_000, help="empty mappings")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose tui/ runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "many-problems.yaml"
        size = write_file(path, args.blocks)
        print(f"{args.blocks:,} empty mappings: {size / 1e6:.1f} MB; check of {args.root}")
        seconds, peak, status, lines, stderr_bytes = run_check(path, args.root)
    print(f"time {seconds:.2f} s  peak memory {peak / 2**20:.0f} MiB  exit status {status}")
    print(f"stderr: {lines:,} lines, {stderr_bytes:,} bytes")


if __name__ == "__main__":
    main()
