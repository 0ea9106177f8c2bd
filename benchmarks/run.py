"""The benchmark suite: the real reader in a pseudo-terminal at 120x40, against two baselines.

``.venv/bin/python benchmarks/run.py`` (``--quick`` for fewer presses and sizes) generates the
synthetic articles, then for each mode (default, ``--no-animation``, SSH) and article records:
time to the first frame showing the title, the bytes written from spawn until the output is quiet
(start-up: one paint of the screen or several), time until the reader is up (a large article is
loaded behind a first frame with its title), median and p95 latency of ``n``, ``f``, page-down and
``G`` (key sent to the last byte of its repaint), bytes and repaint bursts per key, resident
memory after load and the load + validate time of the file alone. The baselines, measured in the
same run: a minimal Textual app (one ``Static`` per paragraph in a ``VerticalScroll``, animations
off) and ``less`` on the plain text. Prints a table with ratios and the budgets; writes JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import select
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ptyprocess
import pyte

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import article_yaml  # noqa: E402
from plain_text import plain_text  # noqa: E402

from tui.content_paths import default_article_path  # noqa: E402
from tui.model.loader import load_article  # noqa: E402

COLUMNS, ROWS = 120, 40
#: Output quiet for this long ends a repaint burst.
QUIET = 0.030
#: Watch this long after each key for a second burst.
WINDOW = 0.150
#: Start-up has ended when the output is quiet this long after the first frame.
START_UP_QUIET = 1.0
#: Issue #13: what the reader writes at 120x40 over SSH until it is quiet (one paint is ~15 KB).
START_UP_BYTES_SSH = 24_000
#: What Textual brackets each frame with where the terminal knows synchronized output.
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
KEYS = {"n": b"n", "f": b"f", "pagedown": b"\x1b[6~", "G": b"G"}
#: Unlimited for the benchmark files (the 100k one is ~38 MB).
MAX_BYTES = str(1 << 30)
MODES = {
    "default": ([], {}),
    "no-animation": (["--no-animation"], {}),
    # ssh forwards neither COLORTERM nor the local environment.
    "ssh": ([], {"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22", "COLORTERM": None}),
}
DEFAULT_ENV = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}

# --- A terminal that answers like xterm ---------------------------------------------------------

_QUERIES = re.compile(
    rb"\x1b\[\?(\d+)\$p|\x1b\[0?c|\x1b\[>0?c|\x1b\[6n|\x1b\](1[01]);\?(\x07|\x1b\\)"
)


class Terminal:
    """A program in a pty with a pyte screen; answers DECRQM, DA1, DA2, DSR and colour queries.

    With ``sync``, it says it knows synchronized output (mode 2026, as kitty, foot or WezTerm
    do): Textual then brackets each frame, and frames can be counted.
    """

    def __init__(self, argv: list[str], env: dict[str, str | None], *, sync: bool = False) -> None:
        self.sync = sync
        environ = {**os.environ, **DEFAULT_ENV}
        for name in ("TMUX", "SSH_CONNECTION", "SSH_TTY", "TEXTUAL_ANIMATIONS", "NO_COLOR"):
            environ.pop(name, None)
        # Each run starts fresh: no saved reading position, no library cache from an earlier run.
        self._home = tempfile.TemporaryDirectory(prefix="tui-reader-bench-")
        environ["XDG_STATE_HOME"] = os.path.join(self._home.name, "state")
        environ["XDG_CACHE_HOME"] = os.path.join(self._home.name, "cache")
        for name, value in env.items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.process = ptyprocess.PtyProcess.spawn(
            argv, dimensions=(ROWS, COLUMNS), env=environ, cwd=str(ROOT)
        )
        self._tail = b""

    def read(self, timeout: float) -> tuple[bytes, float] | None:
        """One chunk of output and when it arrived, or None after ``timeout`` of quiet."""
        ready, _, _ = select.select([self.process.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.process.fd, 1 << 16)
        except OSError:
            return None
        if not data:
            return None
        now = time.perf_counter()
        self._answer(data)
        return data, now

    def _answer(self, data: bytes) -> None:
        text = self._tail + data
        for match in _QUERIES.finditer(text):
            query = match.group(0)
            if match.group(1):  # DECRQM: xterm knows neither 2026 nor 2048
                known = self.sync and match.group(1) == b"2026"
                reply = b"\x1b[?" + match.group(1) + (b";2$y" if known else b";0$y")
            elif query.startswith(b"\x1b[>"):
                reply = b"\x1b[>41;390;0c"
            elif query.endswith(b"c"):
                reply = b"\x1b[?64;1;2;6;9;15;18;21;22c"
            elif query == b"\x1b[6n":
                reply = f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R".encode()
            else:
                colour = b"0000/0000/0000" if match.group(2) == b"11" else b"ffff/ffff/ffff"
                reply = b"\x1b]" + match.group(2) + b";rgb:" + colour + b"\x1b\\"
            self.process.write(reply)
        self._tail = data[-16:] if b"\x1b" in data[-16:] else b""

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def wait_for_text(self, needle: str, timeout: float) -> float | None:
        """Seconds from spawn to the output that put ``needle`` on the screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self.read(0.1)
            if chunk is None:
                if not self.process.isalive():
                    return None
                continue
            self.feed(chunk[0])
            if any(needle in line for line in self.screen.display):
                return chunk[1] - self.started
        return None

    def drain(self, quiet: float = 0.2, limit: float = 30.0) -> int:
        """Read until the output is quiet for ``quiet`` seconds; bytes read."""
        total = 0
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            chunk = self.read(quiet)
            if chunk is None:
                return total
            total += len(chunk[0])
            self.feed(chunk[0])
        return total

    def settle(self, key: bytes, timeout: float = 2.0) -> None:
        """Send an untimed ``key`` and wait for its repaint to start and end, so that a late
        frame of it cannot be counted against the timed key that follows."""
        self.process.write(key)
        chunk = self.read(timeout)
        if chunk is not None:
            self.feed(chunk[0])
            self.drain(0.1)

    def press(self, key: bytes, timeout: float = 5.0) -> Press:
        """Send ``key``; collect its output in bursts until quiet past the watch window."""
        sent = time.perf_counter()
        self.process.write(key)
        chunks: list[tuple[bytes, float]] = []
        while True:
            now = time.perf_counter()
            last = chunks[-1][1] if chunks else sent
            if chunks and now - sent >= WINDOW and now - last >= QUIET:
                break
            if not chunks and now - sent >= timeout:
                break
            wait = QUIET - (now - last) if now - sent >= WINDOW else WINDOW - (now - sent)
            chunk = self.read(max(wait, 0.001) if chunks else min(timeout, 0.05))
            if chunk is not None:
                chunks.append(chunk)
        bursts = 0
        previous = None
        for _data, at in chunks:
            if previous is None or at - previous > QUIET:
                bursts += 1
            previous = at
        for data, _at in chunks:
            self.feed(data)
        size = sum(len(data) for data, _at in chunks)
        latency = chunks[-1][1] - sent if chunks else None
        return Press(latency, size, bursts)

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return kilobytes / 1024

    def close(self, quit_key: bytes = b"q") -> None:
        if self.process.isalive():
            self.process.write(quit_key)
            deadline = time.perf_counter() + 5
            while self.process.isalive() and time.perf_counter() < deadline:
                self.read(0.05)
        if self.process.isalive():
            self.process.terminate(force=True)
        self._home.cleanup()


@dataclass
class Press:
    latency: float | None
    bytes: int
    bursts: int


# --- Programs ----------------------------------------------------------------------------------


@dataclass
class Subject:
    """One article: its YAML file, its plain text and the title that marks the first frame."""

    name: str
    paragraphs: int
    yaml_path: Path
    text_path: Path
    title: str


def reader_argv(subject: Subject, flags: list[str]) -> list[str]:
    return [sys.executable, "-m", "tui", str(subject.yaml_path), "--max-bytes", MAX_BYTES, *flags]


def baseline_argv(subject: Subject) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "baseline_app.py"), str(subject.text_path)]


def less_argv(subject: Subject) -> list[str]:
    return [shutil.which("less") or "less", str(subject.text_path)]


def start(argv: list[str], env: dict, title: str, timeout: float) -> tuple[Terminal, float]:
    terminal = Terminal(argv, env)
    first = terminal.wait_for_text(title, timeout)
    if first is None:
        text = "\n".join(terminal.screen.display)
        terminal.close()
        raise RuntimeError(f"{argv}: no frame with {title!r} in {timeout} s:\n{text}")
    return terminal, first


def first_frames(argv: list[str], env: dict, title: str, runs: int, timeout: float) -> list[float]:
    times = []
    for _ in range(runs):
        terminal, first = start(argv, env, title, timeout)
        terminal.close()
        times.append(first)
    return times


@dataclass
class StartUp:
    """One spawn: when the title showed, and every burst written until the output was quiet."""

    first_frame: float
    #: ``(seconds from spawn, bytes)`` per burst (output quiet for ``QUIET`` ends one).
    bursts: list[tuple[float, int]]
    #: The screen as the first frame left it: the end of the burst that brought the title, or
    #: with synchronized output the end of the first frame.
    first_screen: list[str]
    #: Synchronized frames written (0 without ``sync``).
    frames: int = 0

    @property
    def bytes(self) -> int:
        return sum(size for _at, size in self.bursts)


def start_up(
    argv: list[str], env: dict, title: str, timeout: float, *, sync: bool = False
) -> StartUp:
    """Spawn ``argv``; record its output until ``START_UP_QUIET`` of quiet after the frame that
    shows ``title`` (the terminal's replies to its queries are sent as they are asked for)."""
    terminal = Terminal(argv, env, sync=sync)
    written = bytearray()
    try:
        first: float | None = None
        first_screen: list[str] | None = None
        bursts: list[list[float]] = []
        previous: float | None = None
        deadline = time.perf_counter() + timeout
        while True:
            wait = START_UP_QUIET if first is not None else deadline - time.perf_counter()
            chunk = terminal.read(wait)
            if chunk is None:
                if first is None and terminal.process.isalive() and wait > 0:
                    continue  # quiet before the first frame: still starting
                break
            data, at = chunk
            if previous is None or at - previous > QUIET:
                if first is not None and first_screen is None and not sync:
                    first_screen = list(terminal.screen.display)
                bursts.append([at - terminal.started, 0])
            end = len(written)
            written += data
            frame_end = written.find(SYNC_END, max(0, end - len(SYNC_END)))
            if sync and first_screen is None and frame_end >= 0:
                head = frame_end + len(SYNC_END) - end
                terminal.feed(data[:head])
                first_screen = list(terminal.screen.display)
                data = data[head:]
            terminal.feed(data)
            bursts[-1][1] += len(chunk[0])
            previous = at
            if first is None and any(title in line for line in terminal.screen.display):
                first = at - terminal.started
        if first is None:
            text = "\n".join(terminal.screen.display)
            raise RuntimeError(f"{argv}: no frame with {title!r} in {timeout} s:\n{text}")
        if first_screen is None:
            first_screen = list(terminal.screen.display)
    finally:
        terminal.close()
    frames = written.count(SYNC_START)
    return StartUp(first, [(at, int(size)) for at, size in bursts], first_screen, frames)


def start_up_figures(runs: list[StartUp]) -> dict:
    """The median first frame and start-up bytes of several spawns, and the most bursts."""
    return {
        "first_frame_ms": round(statistics.median(run.first_frame for run in runs) * 1000),
        "start_up_bytes": round(statistics.median(run.bytes for run in runs)),
        "start_up_bursts": max(len(run.bursts) for run in runs),
    }


def key_figures(
    terminal: Terminal, key: str, presses: int, reset: bytes, before: bytes | None = None
) -> dict:
    """``presses`` timed presses of ``key``; a press that changed nothing is retried after
    ``reset`` (the end of the article, say), and ``before`` is sent untimed before each."""
    results: list[Press] = []
    retries = 0
    while len(results) < presses and retries < presses:
        if before is not None:
            terminal.settle(before)
        press = terminal.press(KEYS[key])
        if press.bytes == 0:
            retries += 1
            terminal.settle(reset)
            continue
        results.append(press)
    latencies = sorted(p.latency for p in results if p.latency is not None)
    if not latencies:
        return {"presses": 0}
    return {
        "presses": len(results),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "bytes": round(statistics.median(p.bytes for p in results)),
        "bursts_max": max(p.bursts for p in results),
        "multi_burst_presses": sum(p.bursts > 1 for p in results),
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def session(
    argv: list[str],
    env: dict,
    title: str,
    keys: dict[str, tuple[bytes, bytes | None]],
    presses: int,
    timeout: float,
    quit_key: bytes = b"q",
    ready_text: str | None = None,
) -> dict:
    """One run of a program: first frame, the time until it is ready for keys (``ready_text``
    on screen: a large article shows its title first and loads behind it), memory after load,
    then the keys."""
    terminal, first = start(argv, env, title, timeout)
    try:
        ready = first
        if ready_text is not None:
            ready = terminal.wait_for_text(ready_text, timeout)
            if ready is None:
                text = "\n".join(terminal.screen.display)
                raise RuntimeError(f"{argv}: not ready ({ready_text!r}) in {timeout} s:\n{text}")
        terminal.drain(0.5)
        figures: dict = {
            "first_frame_ms": round(first * 1000),
            "ready_ms": round(ready * 1000),
            "rss_mb": round(terminal.rss_mb()),
        }
        for key, (reset, before) in keys.items():
            figures[key] = key_figures(terminal, key, presses, reset, before)
    finally:
        terminal.close(quit_key)
    return figures


#: The reader's status line: on screen once the article is loaded and the reader is up.
READER_READY = "¶ "
READER_KEYS = {"n": (b"g", None), "f": (b"g", None), "pagedown": (b"g", None), "G": (b"g", b"g")}
BASELINE_KEYS = {"pagedown": (b"\x1b[H", None)}
LESS_KEYS = {"pagedown": (b"g", None)}


# --- The run -----------------------------------------------------------------------------------


def make_subjects(sizes: list[int], directory: Path) -> list[Subject]:
    directory.mkdir(parents=True, exist_ok=True)
    seed = default_article_path()
    subjects = [("seed", 0, seed)]
    for size in sizes:
        path = directory / f"synthetic-{size}.yaml"
        if not path.exists():
            path.write_text(article_yaml(size), encoding="utf-8")
        subjects.append((f"{size // 1000}k", size, path))
    result = []
    for name, size, path in subjects:
        article = load_article(path, max_bytes=int(MAX_BYTES))
        text_path = directory / f"{path.stem}.txt"
        text_path.write_text(plain_text(article), encoding="utf-8")
        title = article.meta.title[:40]
        result.append(Subject(name, size, path, text_path, title))
    return result


def load_seconds(subject: Subject, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_article(subject.yaml_path, max_bytes=int(MAX_BYTES))
        best = min(best, time.perf_counter() - started)
    return best


def run(args: argparse.Namespace) -> dict:
    sizes = [1_000, 20_000] if args.quick else [1_000, 20_000, 100_000]
    if args.sizes:
        sizes = [int(size) for size in args.sizes.split(",")]
    presses = args.presses or (20 if args.quick else 50)
    # First frames move by 10-20% from spawn to spawn on a shared machine: the budget's ratio
    # is the median of this many spawns of each program, in turn.
    startups = args.startups or (5 if args.quick else 15)
    modes = args.modes.split(",") if args.modes else list(MODES)
    # Bytecode as an installed copy has it (pip compiles at install): a checkout run with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile every module at every start (~60 ms).
    compileall.compile_dir(ROOT / "tui", quiet=1)
    subjects = make_subjects(sizes, args.data)
    seed = subjects[0]
    small = [s for s in subjects if s.paragraphs <= 1_000]
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "textual": _version("textual"),
            "size": f"{COLUMNS}x{ROWS}",
        },
        "presses": presses,
        "load_s": {},
        "modes": {},
    }
    for subject in subjects:
        runs = 5 if subject.paragraphs <= 20_000 else 1  # the best of 5: noise only adds
        results["load_s"][subject.name] = round(load_seconds(subject, runs), 3)
        log(f"load {subject.name}: {results['load_s'][subject.name]} s")
    for mode in modes:
        flags, env = MODES[mode]
        baseline_env = {**env, "TEXTUAL_ANIMATIONS": "none"}
        out: dict = {"reader": {}, "baseline": {}, "less": {}}
        # First frames and start-up bytes side by side: seed reader and baseline in turn.
        reader_start: list[StartUp] = []
        baseline_start: list[StartUp] = []
        for _ in range(startups):
            reader_start.append(start_up(reader_argv(seed, flags), env, seed.title, 30))
            baseline_start.append(start_up(baseline_argv(seed), baseline_env, seed.title, 30))
        less_start = start_up_figures(
            [start_up(less_argv(seed), env, seed.title, 30) for _ in range(3)]
        )
        for subject in subjects:
            timeout = 60 + subject.paragraphs / 200
            log(f"{mode}: reader {subject.name}")
            figures = session(
                reader_argv(subject, flags),
                env,
                subject.title,
                READER_KEYS,
                presses,
                timeout,
                ready_text=READER_READY,
            )
            if subject is seed:
                figures.update(start_up_figures(reader_start))
            elif subject.paragraphs <= 20_000:
                more = first_frames(reader_argv(subject, flags), env, subject.title, 2, timeout)
                figures["first_frame_ms"] = round(
                    statistics.median([figures["first_frame_ms"] / 1000, *more]) * 1000
                )
            out["reader"][subject.name] = figures
            log(f"  {figures}")
            less = session(
                less_argv(subject), env, subject.title, LESS_KEYS, presses, 30, quit_key=b"q"
            )
            if subject is seed:
                less.update(less_start)
            out["less"][subject.name] = less
        for subject in small:
            log(f"{mode}: baseline {subject.name}")
            figures = session(
                baseline_argv(subject), baseline_env, subject.title, BASELINE_KEYS, presses, 120
            )
            if subject is seed:
                figures.update(start_up_figures(baseline_start))
            out["baseline"][subject.name] = figures
            log(f"  {figures}")
        out["budgets"] = budgets(out, results["load_s"], mode)
        results["modes"][mode] = out
    return results


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Budgets and the table ---------------------------------------------------------------------


def budgets(out: dict, load_s: dict, mode: str = "ssh") -> list[dict]:
    reader, baseline = out["reader"], out["baseline"]
    seed, base = reader["seed"], baseline.get("seed", {})
    checks: list[dict] = []

    def check(name: str, value: float | None, limit: float, unit: str = "") -> None:
        met = value is not None and value <= limit
        figure = None if value is None else round(value, 2)
        checks.append({"budget": name, "value": figure, "limit": limit, "unit": unit, "met": met})

    if base:
        check(
            "first frame seed / minimal app", seed["first_frame_ms"] / base["first_frame_ms"], 1.15
        )
        check("memory seed / minimal app", seed["rss_mb"] / base["rss_mb"], 1.5)
    if mode == "ssh" and "start_up_bytes" in seed:
        check("start-up bytes seed, 120x40", seed["start_up_bytes"], START_UP_BYTES_SSH, " B")
    for name, limit in (("20k", 2.0), ("100k", 4.0)):
        if name in reader:
            check(
                f"first frame {name} / seed",
                reader[name]["first_frame_ms"] / seed["first_frame_ms"],
                limit,
            )
    for name, limit in (("20k", 50.0), ("100k", 100.0)):
        for key in ("n", "f", "pagedown"):
            if name in reader:
                check(f"{key} p95 at {name}", reader[name][key].get("p95_ms"), limit, "ms")
    base_bytes = base.get("pagedown", {}).get("bytes")
    for name, figures in reader.items():
        for key in ("n", "f", "pagedown", "G"):
            check(f"bursts per {key} at {name}", figures[key].get("bursts_max"), 1)
        if base_bytes:
            for key in ("n", "pagedown"):
                check(
                    f"bytes {key} at {name} / minimal app page-down",
                    figures[key]["bytes"] / base_bytes,
                    1.5,
                )
    if "100k" in reader:
        check("memory at 100k", reader["100k"]["rss_mb"], 300, "MB")
    if "20k" in load_s:
        check("load + validate 20k", load_s["20k"], 1.0, "s")
    return checks


def table(results: dict) -> str:
    lines = []
    for mode, out in results["modes"].items():
        base = out["baseline"].get("seed", {})
        lines.append(f"\n### {mode}\n")
        lines.append(
            "| program | first frame ms (x min. app) | start-up bytes (x), bursts | ready ms | "
            "RSS MB (x) | "
            + " | ".join(f"`{k}` p50/p95 ms, bytes, bursts" for k in KEYS)
            + " | load s |"
        )
        lines.append("|---" * (6 + len(KEYS)) + "|")
        rows = [("reader", name, figures) for name, figures in out["reader"].items()]
        rows += [("minimal app", name, figures) for name, figures in out["baseline"].items()]
        rows += [("less", name, figures) for name, figures in out["less"].items()]
        for program, name, figures in rows:
            cells = [f"{program} {name}"]
            cells.append(_with_ratio(figures["first_frame_ms"], base.get("first_frame_ms")))
            if "start_up_bytes" in figures:
                cells.append(
                    _with_ratio(figures["start_up_bytes"], base.get("start_up_bytes"))
                    + f", {figures['start_up_bursts']}"
                )
            else:
                cells.append("")
            cells.append(f"{figures.get('ready_ms', figures['first_frame_ms']):,}")
            cells.append(_with_ratio(figures["rss_mb"], base.get("rss_mb")))
            for key in KEYS:
                k = figures.get(key)
                if not k or not k.get("presses"):
                    cells.append("")
                    continue
                cells.append(
                    f"{k['median_ms']:.0f}/{k['p95_ms']:.0f}, {k['bytes']:,}, {k['bursts_max']}"
                )
            load = results["load_s"].get(name) if program == "reader" else None
            cells.append("" if load is None else f"{load:.2f}")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines.append("| budget | value | limit | met |")
        lines.append("|---|---|---|---|")
        for item in out["budgets"]:
            if item["budget"].startswith("bursts") and item["met"]:
                continue  # listed only when broken, to keep the table short
            mark = "yes" if item["met"] else "**no**"
            lines.append(
                f"| {item['budget']} | {item['value']}{item['unit']} | "
                f"{item['limit']}{item['unit']} | {mark} |"
            )
        bursts = [b for b in out["budgets"] if b["budget"].startswith("bursts")]
        lines.append(
            f"| one repaint burst per key ({len(bursts)} key/article pairs) | "
            f"{sum(b['met'] for b in bursts)}/{len(bursts)} | all | "
            f"{'yes' if all(b['met'] for b in bursts) else '**no**'} |"
        )
    return "\n".join(lines)


def _with_ratio(value: float, base: float | None) -> str:
    if not base:
        return f"{value:,}"
    return f"{value:,} ({value / base:.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 presses; 1k and 20k only")
    parser.add_argument(
        "--sizes", help="comma-separated paragraph counts (default 1000,20000,100000)"
    )
    parser.add_argument("--modes", help="comma-separated: default,no-animation,ssh")
    parser.add_argument("--presses", type=int, help="timed presses per key (default 50)")
    parser.add_argument("--startups", type=int, help="spawns for the first-frame median")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "tui-reader-bench",
        help="where generated articles are kept",
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args(argv)
    results = run(args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
