"""Start-up over a slow link: what the reader writes at 120x40 before it is quiet, against the
minimal Textual app and ``less``, spawned in turn in the same run.

``.venv/bin/python benchmarks/startup.py`` (``--runs N``, ``--modes ssh,default``) prints, per
mode, the median first frame and the bytes written from spawn until the output has been quiet
for a second after the first frame, with the number of bursts (output quiet for 30 ms ends one).
``--bursts`` also prints each burst of the last run of each program: when it came and its size,
to find what set off a paint after the first; ``--root DIR`` runs the reader of another checkout
(the one before a change, say) against the same baselines. SSH mode is ``SSH_CONNECTION`` set
and ``COLORTERM`` unset, as ssh leaves them (256 colours); default is a local terminal with
``COLORTERM=truecolor``.
The pseudo-terminal answers the queries Textual sends at start as xterm would (``run.Terminal``).
``benchmarks/run.py`` measures the same in its first-frame spawns, with a budget for SSH mode.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run
from run import (
    MODES,
    START_UP_BYTES_SSH,
    StartUp,
    Subject,
    baseline_argv,
    less_argv,
    make_subjects,
    reader_argv,
    start_up,
)


def programs(seed: Subject, mode: str) -> dict[str, tuple[list[str], dict]]:
    flags, env = MODES[mode]
    return {
        "reader": (reader_argv(seed, flags), env),
        "minimal app": (baseline_argv(seed), {**env, "TEXTUAL_ANIMATIONS": "none"}),
        "less": (less_argv(seed), env),
    }


def measure(seed: Subject, mode: str, runs: int) -> dict[str, list[StartUp]]:
    """``runs`` spawns of each program, in turn (a slow moment of the machine hits all three)."""
    spawns: dict[str, list[StartUp]] = {name: [] for name in programs(seed, mode)}
    for _ in range(runs):
        for name, (argv, env) in programs(seed, mode).items():
            spawns[name].append(start_up(argv, env, seed.title, 30))
    return spawns


def table(mode: str, spawns: dict[str, list[StartUp]]) -> list[str]:
    base = statistics.median(run.bytes for run in spawns["minimal app"])
    base_first = statistics.median(run.first_frame for run in spawns["minimal app"])
    lines = [
        f"\n### {mode}\n",
        "| program | start-up bytes (x min. app) | bursts | first frame ms (x min. app) |",
        "|---|---|---|---|",
    ]
    for name, runs in spawns.items():
        size = statistics.median(run.bytes for run in runs)
        first = statistics.median(run.first_frame for run in runs)
        lines.append(
            f"| {name} | {size:,.0f} ({size / base:.2f}) | {max(len(r.bursts) for r in runs)} | "
            f"{first * 1000:,.0f} ({first / base_first:.2f}) |"
        )
    if mode == "ssh":
        size = statistics.median(run.bytes for run in spawns["reader"])
        met = "met" if size <= START_UP_BYTES_SSH else "**not met**"
        lines.append(f"\nBudget: reader start-up bytes <= {START_UP_BYTES_SSH:,}: {met}.")
    return lines


def bursts(spawns: dict[str, list[StartUp]]) -> list[str]:
    lines = []
    for name, runs in spawns.items():
        last = runs[-1]
        lines.append(f"\n{name}, last run (first frame at {last.first_frame * 1000:.0f} ms):")
        lines += [f"  {at * 1000:7.0f} ms  {size:7,} B" for at, size in last.bursts]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="spawns of each program (default 5)")
    parser.add_argument("--modes", default="ssh,default", help="comma-separated: default,ssh")
    parser.add_argument("--bursts", action="store_true", help="list the bursts of the last run")
    parser.add_argument("--root", type=Path, help="the checkout whose reader runs (default: this)")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "tui-reader-bench",
        help="where the plain text of the article is kept",
    )
    args = parser.parse_args(argv)
    seed = make_subjects([], args.data)[0]
    if args.root is not None:
        run.ROOT = args.root.resolve()  # the programs start there: ``-m tui`` imports its tui/
    compileall.compile_dir(run.ROOT / "tui", quiet=1)  # as an installed copy has it
    for mode in args.modes.split(","):
        spawns = measure(seed, mode, args.runs)
        print("\n".join(table(mode, spawns)))
        if args.bursts:
            print("\n".join(bursts(spawns)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
