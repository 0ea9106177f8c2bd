"""``tui-reader serve`` over loopback with the real OpenSSH client: the first frame a client sees,
against a direct local start of the reader in the same run; each session's memory; the server's
memory with 20 sessions.

``.venv/bin/python benchmarks/serve.py`` (``--runs N``, ``--sessions N``) starts the server on a
free port of 127.0.0.1, then, in turn, ``ssh -tt`` in a pseudo-terminal at 120x40 and the reader
itself (``--no-mouse --no-animation``, as the server starts it), and times each from spawn to the
frame with the article's title (the terminal answers Textual's queries as xterm would:
``run.Terminal``). Then it opens ``--sessions`` sessions at once and reads, from /proc, each
reader's resident and proportional memory (PSS: shared pages counted once among the sessions)
and the server's own. Goal (issue #15): the first frame over ssh in 0.45 s or less.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run
from run import ROOT, Terminal

TITLE = "NATO activating"
FIRST_FRAME_GOAL = 0.45
CLIENT = (
    "-F",
    "/dev/null",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    "LogLevel=ERROR",
)


class Served:
    """``python -m tui serve`` on a free port of 127.0.0.1, its log in a file."""

    def __init__(self, *arguments: str) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="tui-serve-bench-"))
        self.log = self.directory / "log"
        environment = {**os.environ, "XDG_DATA_HOME": str(self.directory / "data")}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tui", "serve", "--listen", "127.0.0.1:0", *arguments],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=ROOT,
                env=environment,
            )
        deadline = time.monotonic() + 30
        while not re.search("warm reader ready", self.log.read_text()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log.read_text())
        assert found is not None
        self.port = int(found.group(1))

    def ssh(self) -> list[str]:
        ssh = shutil.which("ssh")
        if ssh is None:
            raise SystemExit("benchmarks/serve.py needs the OpenSSH client (ssh)")
        return [ssh, "-tt", "-p", str(self.port), *CLIENT, "reader@127.0.0.1"]

    def processes(self) -> tuple[int | None, list[int]]:
        """The warm reader (the server's child that forks readers) and the readers (below
        the server, each leading a session on its pty)."""
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stats[int(entry)] = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)
                except OSError:
                    continue
        fields = {pid: stat[1].split() for pid, stat in stats.items()}
        below, frontier = [], [self.process.pid]
        while frontier:
            parent = frontier.pop()
            found = [pid for pid, field in fields.items() if int(field[1]) == parent]
            below += found
            frontier += found
        readers = [pid for pid in below if int(fields[pid][3]) == pid and int(fields[pid][4])]
        warm = [pid for pid in below if int(fields[pid][1]) == self.process.pid]
        warm = [pid for pid in warm if pid not in readers]
        return (warm[0] if warm else None), readers

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        shutil.rmtree(self.directory, ignore_errors=True)


def memory_kib(pid: int, field: str) -> int:
    """``VmRSS`` from status, or ``Pss`` from smaps_rollup, in KiB."""
    source = "smaps_rollup" if field == "Pss" else "status"
    text = Path(f"/proc/{pid}/{source}").read_text()
    return int(re.search(rf"^{field}:\s+(\d+)", text, re.MULTILINE).group(1))


def first_frame(argv: list[str], env: dict) -> float:
    terminal = Terminal(argv, env)
    try:
        seconds = terminal.wait_for_text(TITLE, 60)
        if seconds is None:
            raise RuntimeError(f"no frame with the title from {argv[0]}")
        return seconds
    finally:
        terminal.close()


def first_frames(served: Served, runs: int) -> dict[str, list[float]]:
    reader = [sys.executable, "-m", "tui", "--no-mouse", "--no-animation"]
    times: dict[str, list[float]] = {"over ssh": [], "direct": []}
    for _ in range(runs):  # in turn: a slow moment of the machine hits both
        times["over ssh"].append(first_frame(served.ssh(), {}))
        times["direct"].append(first_frame(reader, {"COLORTERM": None}))
    return times


def many_sessions(served: Served, count: int) -> dict[str, float]:
    before = memory_kib(served.process.pid, "VmRSS")
    terminals = []
    try:
        for _ in range(count):
            terminal = Terminal(served.ssh(), {})
            terminals.append(terminal)
            if terminal.wait_for_text(TITLE, 60) is None:
                raise RuntimeError("a session did not show the article")
        for terminal in terminals:
            terminal.drain(0.3)
        warm, readers = served.processes()
        if len(readers) != count or warm is None:
            raise RuntimeError(f"{len(readers)} readers for {count} sessions")
        return {
            "server before, MB": before / 1024,
            "server with sessions, MB": memory_kib(served.process.pid, "VmRSS") / 1024,
            "warm reader RSS, MB": memory_kib(warm, "VmRSS") / 1024,
            "reader RSS median, MB": statistics.median(memory_kib(p, "VmRSS") for p in readers)
            / 1024,
            "reader PSS median, MB": statistics.median(memory_kib(p, "Pss") for p in readers)
            / 1024,
            "all readers PSS, MB": sum(memory_kib(p, "Pss") for p in readers) / 1024,
        }
    finally:
        for terminal in terminals:
            terminal.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="first frames of each (default 5)")
    parser.add_argument("--sessions", type=int, default=20, help="sessions at once (default 20)")
    args = parser.parse_args(argv)
    served = Served("--max-sessions", str(args.sessions), "--max-per-ip", str(args.sessions))
    try:
        times = first_frames(served, args.runs)
        figures = many_sessions(served, args.sessions)
    finally:
        served.stop()
    ssh, direct = (statistics.median(times[name]) for name in ("over ssh", "direct"))
    met = "met" if ssh <= FIRST_FRAME_GOAL else "**not met**"
    print(f"\n### tui-reader serve, 120x40, {args.runs} runs, {os.cpu_count()} cores\n")
    print("| measure | figure |")
    print("|---|---|")
    print(f"| first frame over loopback ssh, median | {ssh * 1000:.0f} ms |")
    print(f"| first frame, the reader started directly, median | {direct * 1000:.0f} ms |")
    print(f"| over ssh / direct | {ssh / direct:.2f} |")
    for name, value in figures.items():
        print(f"| {name.replace('sessions', f'{args.sessions} sessions')} | {value:.1f} |")
    print(f"\nGoal: first frame over ssh <= {FIRST_FRAME_GOAL} s: {met}.")
    print(
        "Every first frame (s): "
        + "; ".join(
            f"{name} " + ", ".join(f"{t:.2f}" for t in values) for name, values in times.items()
        )
    )
    return 0


if __name__ == "__main__":
    run.ROOT = ROOT
    raise SystemExit(main())
