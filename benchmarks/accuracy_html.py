"""How well ``parse_html`` reads real pages: body word F1, metadata and speed, against
trafilatura's plain ``extract()`` as the baseline.

Reads ``../shared/eval/html/`` (55 pages with their gold body text) and
``../shared/eval/html-meta/`` (9 pages with gold title, author, date and snippets the body must
and must not contain) at run time; prints figures, copies nothing. Counted as the eval README
says: the body score is the F1 of the bags of lower-case words of the imported paragraphs and
subheadings against the gold text, averaged over pages.

    python benchmarks/accuracy_html.py [--pages] [--eval DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from tui.importer.draft import Document, Figure, Paragraph, Subheading  # noqa: E402
from tui.importer.html import parse_html  # noqa: E402

#: Where the eval set lives beside the project (``../shared/eval`` from the repository).
EVAL_CANDIDATES = (REPO.parent / "shared" / "eval", REPO.parent.parent / "shared" / "eval")
WORD = re.compile(r"\w+")
#: Runs of parse_html before the timed ones (imports, caches, the sanitiser's tables).
WARM_UP = 3


def eval_dir(given: str | None = None) -> Path | None:
    for candidate in (Path(given),) if given else EVAL_CANDIDATES:
        if (candidate / "html" / "gold.json").is_file():
            return candidate
    return None


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def word_f1(found: str, gold: str) -> float:
    """F1 of the bags of lower-case words of ``found`` against ``gold``."""
    ours, theirs = words(found), words(gold)
    common = sum((ours & theirs).values())
    if not common:
        return 0.0
    precision = common / sum(ours.values())
    recall = common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def body_text(document: Document) -> str:
    """The paragraphs and subheadings, one a line: what the body score counts."""
    return "\n".join(b.text for b in document.blocks if isinstance(b, Paragraph | Subheading))


def _folded(text: str) -> str:
    return " ".join(text.lower().split())


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def body_scores(root: Path, show_pages: bool) -> tuple[list[str], list[float]]:
    gold = json.loads((root / "html" / "gold.json").read_text("utf-8"))
    ours_scores, base_scores, times, figures = [], [], [], 0
    lines = []
    pages = [(name, entry, _read(root / "html" / name)) for name, entry in sorted(gold.items())]
    for _name, entry, data in pages[:WARM_UP]:
        parse_html(data, url=entry["url"])
    for name, entry, data in pages:
        start = time.perf_counter()
        document = parse_html(data, url=entry["url"])
        times.append(time.perf_counter() - start)
        figures += sum(isinstance(b, Figure) for b in document.blocks)
        ours = word_f1(body_text(document), entry["body"])
        base = word_f1(trafilatura.extract(data, url=entry["url"]) or "", entry["body"])
        ours_scores.append(ours)
        base_scores.append(base)
        if show_pages:
            lines.append(f"  {name[:12]}  ours {ours:.3f}  trafilatura {base:.3f}")
    mean, base_mean = statistics.mean(ours_scores), statistics.mean(base_scores)
    lines += [
        f"html body word F1 ({len(pages)} pages): {mean:.4f}"
        f"  (trafilatura extract() {base_mean:.4f}; ratio {mean / base_mean:.3f}; target 0.96)",
        f"  pages at or above 0.90: {sum(s >= 0.9 for s in ours_scores)}/{len(pages)}"
        f" (trafilatura {sum(s >= 0.9 for s in base_scores)}); figures placed: {figures}",
        f"parse_html speed: median {statistics.median(times) * 1000:.0f} ms a page,"
        f" slowest {max(times) * 1000:.0f} ms (target: median <= 300 ms)",
    ]
    return lines, times


def _surname(name: str) -> str:
    parts = name.lower().split()
    return parts[-1] if parts else ""


def meta_scores(root: Path, show_pages: bool) -> list[str]:
    gold = json.loads((root / "html-meta" / "gold.json").read_text("utf-8"))
    title = date = author = authors_gold = 0
    base_title = base_date = base_author = 0
    with_found = with_total = without_kept = without_total = 0
    lines = []
    for url, entry in gold.items():
        data = _read(root / "html-meta" / entry["file"])
        document = parse_html(data, url=url)
        meta = document.meta
        base = trafilatura.bare_extraction(data, url=url, with_metadata=True)
        title_ok = _folded(meta.title or "") == _folded(entry["title"])
        date_ok = (meta.published or "")[:10] == entry["date"]
        title += title_ok
        date += date_ok
        base_title += base is not None and _folded(base.title or "") == _folded(entry["title"])
        base_date += base is not None and (base.date or "") == entry["date"]
        if entry.get("author"):
            authors_gold += 1
            gold_names = {_surname(n) for n in re.split(r";|,| and ", entry["author"])}
            author += bool(gold_names & {_surname(a) for a in meta.authors})
            base_names = {_surname(a) for a in (base.author or "").split(";")} if base else set()
            base_author += bool(gold_names & base_names)
        body = _folded(body_text(document))
        found_with = sum(_folded(s) in body for s in entry.get("with", []))
        kept_without = sum(_folded(s) in body for s in entry.get("without", []))
        with_found += found_with
        with_total += len(entry.get("with", []))
        without_kept += kept_without
        without_total += len(entry.get("without", []))
        if show_pages:
            lines.append(
                f"  {entry['file'][:28]:28} title {'ok' if title_ok else 'NO'}"
                f"  date {'ok' if date_ok else 'NO'} ({meta.published})"
                f"  authors {meta.authors}  with {found_with}/{len(entry.get('with', []))}"
                f"  without kept {kept_without}"
            )
    n = len(gold)
    lines += [
        f"html-meta ({n} pages): title {title}/{n}, date {date}/{n},"
        f" author {author}/{authors_gold}  (trafilatura: title {base_title}/{n},"
        f" date {base_date}/{n}, author {base_author}/{authors_gold})",
        f"  'with' snippets found {with_found}/{with_total};"
        f" 'without' snippets kept {without_kept}/{without_total} (0 is best)",
    ]
    return lines


def report(eval_root: str | None = None, show_pages: bool = False) -> list[str]:
    """The figures, one a line."""
    root = eval_dir(eval_root)
    if root is None:
        return ["accuracy_html: no eval set found (../shared/eval/html/gold.json)"]
    body_lines, _ = body_scores(root, show_pages)
    return body_lines + meta_scores(root, show_pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="a line for every page")
    parser.add_argument("--eval", help="the eval directory (default ../shared/eval)")
    arguments = parser.parse_args()
    print("\n".join(report(arguments.eval, arguments.pages)))


if __name__ == "__main__":
    main()
