"""How fast import is: plain text and HTML in one process, and the first frame of
``tui-reader seed.txt`` against the YAML's.

``.venv/bin/python benchmarks/import_speed.py`` (``--runs N``, ``--startups N``) prints:

- plain text: the median time to import a text of 1,000 words (source -> Document -> Draft ->
  YAML, checked by the loader), over texts made of the dev set's articles
  (``../shared/eval/quotes/``: each article's paragraphs, then the next article's, up to 1,000
  words), each imported ``--runs`` times after a first import that pays for start-up;
  budget 100 ms;
- HTML: the same for each dev page (``../shared/eval/html/``); budget 300 ms;
- first frame: the real program in a pseudo-terminal at 120x40 (as ``benchmarks/run.py``
  measures it) on the seed's text with an empty import cache (the first opening), with the
  import cached (reopening), and on the shipped YAML, spawned in turn ``--startups`` times;
  budget 1.2x the YAML's median.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import Terminal  # noqa: E402

from tui.importer.pipeline import Raw, import_raw  # noqa: E402

#: ``../shared`` beside the main checkout (/work/main), two levels up from a worktree.
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
EVAL = SHARED / "eval"
SEED = SHARED / "seeds" / "000_a32324591cb4ed5e.txt"
SEED_YAML = ROOT / "content" / "nato-defence-plans-2022-02-24.yaml"
TITLE = "NATO activating"
WORDS = 1_000
TEXT_BUDGET_MS, HTML_BUDGET_MS, FIRST_FRAME_BUDGET = 100, 300, 1.2


def thousand_word_texts() -> list[str]:
    """The dev articles' paragraphs in order, cut into texts of about ``WORDS`` words."""
    paragraphs = []
    for path in sorted((EVAL / "quotes").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    texts, current, words = [], [], 0
    for paragraph in paragraphs:
        current.append(paragraph)
        words += len(paragraph.split())
        if words >= WORDS:
            texts.append("\n\n".join(current))
            current, words = [], 0
    return texts


def median_ms(raw: Raw, runs: int) -> tuple[float, float]:
    """The median wall and CPU milliseconds of importing ``raw`` (CPU time is what the code
    costs; wall time is also what the other programs on a shared machine take from it)."""
    import_raw(raw)  # start-up: the modules, lexicons and regular expressions, once
    walls, cpus = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        import_raw(raw)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def _line(name: str, figures: list[tuple[float, float]], budget: int) -> str:
    wall, cpu = [w for w, _c in figures], [c for _w, c in figures]
    return (
        f"{name}: median {statistics.median(wall):.1f} ms wall, {statistics.median(cpu):.1f} ms"
        f" CPU; slowest {max(wall):.1f} ms wall, {max(cpu):.1f} ms CPU; over {len(figures)}"
        f" (budget {budget} ms, median)"
    )


def import_figures(runs: int) -> list[str]:
    texts = thousand_word_texts()
    text_ms = [median_ms(Raw("text.txt", t.encode(), "text"), runs) for t in texts]
    seed_wall, seed_cpu = median_ms(Raw("seed.txt", SEED.read_bytes(), "text"), runs)
    words = len(SEED.read_text(encoding="utf-8").split())
    pages = sorted((EVAL / "html").glob("*.html.gz"))
    html_ms = [median_ms(Raw(p.name, gzip.decompress(p.read_bytes()), "html"), runs) for p in pages]
    return [
        _line("plain text of 1,000 words, texts", text_ms, TEXT_BUDGET_MS),
        f"the seed ({words:,} words): median {seed_wall:.1f} ms wall, {seed_cpu:.1f} ms CPU",
        _line("HTML, pages", html_ms, HTML_BUDGET_MS),
    ]


def first_frame(argv: list[str], env: dict[str, str | None]) -> float:
    terminal = Terminal(argv, env)
    try:
        first = terminal.wait_for_text(TITLE, 30)
    finally:
        terminal.close()
    if first is None:
        raise RuntimeError(f"{argv}: no frame with {TITLE!r}")
    return first


def first_frame_figures(startups: int) -> list[str]:
    compileall.compile_dir(ROOT / "tui", quiet=1)  # bytecode, as an installed copy has it
    program = [sys.executable, "-m", "tui"]
    with tempfile.TemporaryDirectory(prefix="tui-reader-import-speed-") as directory:
        seed_txt = Path(directory, "seed.txt")
        seed_txt.write_bytes(SEED.read_bytes())
        warm = {"XDG_CACHE_HOME": str(Path(directory, "cache"))}
        first_frame([*program, str(seed_txt)], warm)  # fills the warm cache
        times: dict[str, list[float]] = {"yaml": [], "txt, first opening": [], "txt, reopened": []}
        for _ in range(startups):
            times["yaml"].append(first_frame([*program, str(SEED_YAML)], {}))
            times["txt, first opening"].append(first_frame([*program, str(seed_txt)], {}))
            times["txt, reopened"].append(first_frame([*program, str(seed_txt)], warm))
    base = statistics.median(times["yaml"])
    lines = [f"first frame, the seed's YAML: median {base * 1000:.0f} ms ({startups} spawns)"]
    for name in ("txt, first opening", "txt, reopened"):
        median = statistics.median(times[name])
        lines.append(
            f"first frame, seed.{name}: median {median * 1000:.0f} ms,"
            f" {median / base:.2f}x the YAML's (budget {FIRST_FRAME_BUDGET}x)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="imports of each text or page")
    parser.add_argument("--startups", type=int, default=7, help="spawns of each program")
    parser.add_argument("--no-frames", action="store_true", help="skip the first frames")
    args = parser.parse_args()
    for line in import_figures(args.runs):
        print(line, flush=True)
    if not args.no_frames:
        for line in first_frame_figures(args.startups):
            print(line, flush=True)


if __name__ == "__main__":
    main()
