"""How well ``tui.importer.facts`` finds facts: the seed against its annotated facts, the eval
articles for a person to judge, and the time it takes.

``.venv/bin/python benchmarks/accuracy_facts.py`` prints:
- the seed (``content/nato-defence-plans-2022-02-24.yaml``, its paragraphs read with the
  loader): how many of its 10 facts are found (same paragraph, overlapping words), then one line
  per fact that differs (missed, extra, another as_of, number or unit);
- ``../shared/eval/quotes/*.txt`` (paragraphs split on blank lines): facts per kind and a
  sample of 30 (value, label, match) to judge precision by eye; then the same, a sample of 15,
  for the gold body texts of ``../shared/eval/html/`` (55 pages of many outlets and countries,
  lines as paragraphs, dated 2019-06-01 for want of a date). There is no gold for facts, and
  the texts give no date: the published date is read from the file name, the GenderGapTracker
  record's id, whose first four bytes are the time it was stored (the day it was scraped);
- the labels: the seed's against the shipped ones (word overlap), the share of labels a
  reviewer's rules pass (``label_faults``) on the eval quotes and the html gold bodies, the
  faults by kind, and a random sample of 40 labels beside the words around their figure, for a
  person to judge (``--faults`` prints every label that fails, with its words);
- the median time of ``find_facts`` per article, and per 1,000 words.

Nothing is written: the articles belong to their publishers.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.importer.draft import Document, Fact, Meta, Paragraph  # noqa: E402
from tui.importer.draft import Figure as DraftFigure  # noqa: E402
from tui.importer.draft import Subheading as DraftSubheading  # noqa: E402
from tui.importer.fact_words import fact_words, lexicon_lines  # noqa: E402
from tui.importer.facts import classified_facts, find_facts  # noqa: E402
from tui.importer.labels import AUXILIARIES, CLAUSE_WORDS, PREPOSITIONS, is_verb  # noqa: E402
from tui.model import article as model  # noqa: E402
from tui.model.loader import load_article  # noqa: E402

SEED = ROOT / "content" / "nato-defence-plans-2022-02-24.yaml"
SHARED_EVAL = ROOT.parent.parent / "shared" / "eval"
if not SHARED_EVAL.is_dir():
    SHARED_EVAL = Path("/work/shared/eval")
EVAL = SHARED_EVAL / "quotes"
HTML_GOLD = SHARED_EVAL / "html" / "gold.json"
HTML_DATE = "2019-06-01"
SAMPLE = 30
LABEL_SAMPLE = 40
MAX_LABEL_WORDS = 7
REPEATS = 5


def seed_document() -> tuple[Document, model.Article]:
    article = load_article(SEED)
    blocks = []
    for block in article.blocks:
        if isinstance(block, model.Figure):
            blocks.append(DraftFigure(block.caption, block.credit, block.alt))
        elif isinstance(block, model.Subheading):
            blocks.append(DraftSubheading(block.text))
        else:
            blocks.append(Paragraph(block.text))
    published = article.meta.published
    meta = Meta(title=article.meta.title, published=published.isoformat() if published else None)
    return Document(meta, tuple(blocks)), article


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def seed_matches() -> tuple[model.Article, list[Fact], list[tuple[model.Fact, int | None]]]:
    """The seed's facts, each with the index of the fact of ours it matches (same paragraph,
    overlapping words), or None."""
    document, article = seed_document()
    ours = list(find_facts(document))
    matched: set[int] = set()
    pairs: list[tuple[model.Fact, int | None]] = []
    for gold in article.facts:
        index = article.block_index[gold.span.block_id]
        span = (gold.span.start, gold.span.end)
        hit = next(
            (
                i
                for i, fact in enumerate(ours)
                if i not in matched
                and fact.block == index
                and _overlap(span, (fact.start, fact.start + len(fact.match)))
            ),
            None,
        )
        if hit is not None:
            matched.add(hit)
        pairs.append((gold, hit))
    return article, ours, pairs


def seed_report() -> list[str]:
    article, ours, pairs = seed_matches()
    matched = {hit for _, hit in pairs if hit is not None}
    lines: list[str] = []
    found = 0
    for gold, hit in pairs:
        if hit is None:
            lines.append(f"  missed {gold.id} ({gold.block_id}): {gold.value!r}, {gold.label!r}")
            continue
        found += 1
        fact = ours[hit]
        gold_as_of = str(gold.as_of) if gold.as_of else None
        differences = []
        if fact.as_of != gold_as_of:
            differences.append(f"as_of {fact.as_of} (seed {gold_as_of})")
        if _number(fact.number) != _number(gold.number):
            differences.append(f"number {fact.number} (seed {gold.number})")
        if fact.unit != gold.unit:
            differences.append(f"unit {fact.unit!r} (seed {gold.unit!r})")
        if (fact.series is None) != (gold.series is None):
            ours_series, seed_series = fact.series is not None, gold.series is not None
            differences.append(f"series {ours_series} (seed {seed_series})")
        detail = "; ".join(differences) if differences else "same as_of, number, unit"
        where = f"{gold.id} ({gold.block_id})"
        lines.append(f"  found  {where} as {fact.match!r} [{fact.label}]: {detail}")
    for i, fact in enumerate(ours):
        if i not in matched:
            block = article.blocks[fact.block].id
            lines.append(f"  extra  ({block}) {fact.match!r} [{fact.label}] as_of {fact.as_of}")
    header = f"seed: {found} of {len(article.facts)} facts found, {len(ours) - len(matched)} extra"
    return [header, *lines]


def eval_documents() -> list[tuple[str, Document, int]]:
    documents = []
    for path in sorted(EVAL.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        try:
            stored = dt.datetime.fromtimestamp(int(path.stem[:8], 16), dt.UTC).date().isoformat()
        except ValueError:
            stored = None
        meta = Meta(published=stored)
        document = Document(meta, tuple(Paragraph(" ".join(p.split())) for p in paragraphs))
        documents.append((path.name, document, len(text.split())))
    return documents


def html_documents() -> list[tuple[str, Document, int]]:
    if not HTML_GOLD.is_file():
        return []
    gold = json.loads(HTML_GOLD.read_text(encoding="utf-8"))
    documents = []
    for name, page in sorted(gold.items()):
        lines = [" ".join(line.split()) for line in page.get("body", "").splitlines()]
        blocks = tuple(Paragraph(line) for line in lines if line)
        documents.append((name, Document(Meta(published=HTML_DATE), blocks), 0))
    return documents


def eval_report() -> list[str]:
    documents = eval_documents()
    if not documents:
        return [f"eval: no articles in {EVAL}"]
    undated = sum(
        len(find_facts(Document(Meta(), document.blocks))) for _, document, _ in documents
    )
    lines = _kinds_and_sample("eval quotes", documents, SAMPLE)
    lines[0] += f"; {undated} with no published date"
    return lines + _kinds_and_sample("eval html bodies", html_documents(), SAMPLE // 2)


def _kinds_and_sample(
    title: str, documents: list[tuple[str, Document, int]], size: int
) -> list[str]:
    if not documents:
        return [f"{title}: none found"]
    kinds: Counter[str] = Counter()
    everything: list[tuple[str, str, Fact]] = []
    series = 0
    for name, document, _ in documents:
        for kind, fact in classified_facts(document):
            kinds[kind] += 1
            everything.append((name, kind, fact))
            series += fact.series is not None
    total = sum(kinds.values())
    lines = [
        f"{title}: {len(documents)} articles, {total} facts ({total / len(documents):.1f} an"
        f" article), {series} in a series",
        "  by kind: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()),
        f"  a sample of {size} (value | label | match):",
    ]
    rng = random.Random(14)
    sample = sorted(rng.sample(everything, min(size, len(everything))), key=lambda x: x[0])
    for name, kind, fact in sample:
        shown = f"{fact.value!r} | {fact.label} | {fact.match!r}"
        lines.append(f"    {kind:8} {shown} ({fact.as_of}) {name[:8]}")
    return lines


# --- Labels --------------------------------------------------------------------------------

#: Finite verbs and pronouns: a label holding one is a clause ("Program would raise GDP").
FINITE = frozenset(AUXILIARIES - {"to", "also", "then", "later", "again", "first", "not"})
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "me", "him", "us", "them"})
DETERMINER_WORDS = frozenset({"a", "an", "the", "this", "that", "these", "those"})


def _plain(word: str) -> str:
    word = word.strip(".,;:()“”\"‘’'").lower()
    for ending in ("’s", "'s", "’", "'"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def _no_head_words() -> frozenset[str]:
    """Words a noun phrase neither starts nor ends with: verbs, adverbs, prepositions,
    conjunctions, function words, from the importer's lexicons."""
    words = fact_words()
    cues = frozenset(lexicon_lines("cue_verbs.txt")) | frozenset(lexicon_lines("cue_adverbs.txt"))
    return (
        words.verbs
        | words.clause_verbs
        | words.label_adverbs
        | words.non_nouns
        | cues
        | PREPOSITIONS
        | CLAUSE_WORDS
        | AUXILIARIES
    )


def _nounish(word: str) -> bool:
    words = fact_words()
    return (
        word.isalpha()
        and word not in _no_head_words()
        and word not in words.months
        and word not in words.weekdays
        and not word.endswith("ly")
        and not is_verb(word)
    )


def label_faults(label: str) -> list[str]:
    """What a reviewer would object to in a label: empty; more than seven words; a first or a
    last word that is a verb, an adverb, a preposition or a conjunction; a finite verb or a
    pronoun inside (a clause, not a name); a determiner straight after a content word ("Costs
    the health-care system"); no noun; a generic noun alone ("People", "Program")."""
    raw = label.replace("—", " ").split()
    plain = [_plain(word) for word in raw if _plain(word)]
    if not plain:
        return ["empty"]
    faults = []
    stop = _no_head_words()
    if len(plain) > MAX_LABEL_WORDS:
        faults.append("long")
    if plain[0] in stop or (is_verb(plain[0]) and len(plain) == 1):
        faults.append("starts badly")
    if plain[-1] in stop or is_verb(plain[-1]):
        faults.append("ends badly")
    finite = any(word in FINITE or word in PRONOUNS for word in plain[1:])
    if finite or any(
        word in DETERMINER_WORDS
        and plain[index - 1] not in stop
        and not plain[index - 1].endswith("ing")
        for index, word in enumerate(plain[1:], 1)
    ):
        faults.append("clause")
    if not any(_nounish(word) for word in plain):
        faults.append("no noun")
    if len(plain) == 1 and plain[0] in fact_words().generic_nouns | fact_words().vague_nouns:
        faults.append("generic alone")
    return faults


def checked_label(fact: Fact) -> str:
    """The label a reader sees for a fact, its series' name for a point of a series."""
    return fact.series.label if fact.series is not None else fact.label


def figure_phrase(document: Document, fact: Fact, reach: int = 70) -> str:
    """The words around a fact's match in its paragraph, cut at word ends."""
    block = document.blocks[fact.block]
    text = getattr(block, "text", "")
    start, end = fact.start, fact.start + len(fact.match)
    left = text[max(0, start - reach) : start].split(" ", 1)[-1] if start > reach else text[:start]
    right = text[end : end + reach].rsplit(" ", 1)[0] if len(text) - end > reach else text[end:]
    return f"{left}[{text[start:end]}]{right}"


def _word_overlap(a: str, b: str) -> float:
    """Shared words over all words (Jaccard) of two labels, possessives and case ignored."""
    left = {_plain(word) for word in a.split()} - {""}
    right = {_plain(word) for word in b.split()} - {""}
    return len(left & right) / len(left | right) if left | right else 1.0


def seed_label_report() -> list[str]:
    _, ours, pairs = seed_matches()
    lines, overlaps = [], []
    for gold, hit in pairs:
        label = ours[hit].label if hit is not None else ""
        overlaps.append(_word_overlap(label, gold.label))
        lines.append(f"  {gold.id}: {overlaps[-1]:.2f} {label!r} (shipped {gold.label!r})")
    mean = statistics.mean(overlaps) if overlaps else 0.0
    header = f"seed labels: word overlap with the shipped labels {mean:.3f} ({len(overlaps)} facts)"
    return [header, *lines]


def label_report(show_faults: bool = False) -> list[str]:
    lines = seed_label_report()
    pools = [("eval quotes", eval_documents()), ("eval html bodies", html_documents())]
    everything = []
    for title, documents in pools:
        faults: Counter[str] = Counter()
        passed = total = 0
        failing = []
        for name, document, _ in documents:
            for kind, fact in classified_facts(document):
                found = label_faults(checked_label(fact))
                total += 1
                passed += not found
                faults.update(found)
                everything.append((name, kind, fact, document, found))
                if found:
                    failing.append((kind, fact, document, found))
        share = passed / total if total else 0.0
        lines.append(
            f"labels, {title}: {passed} of {total} pass the label check ({share:.3f}); faults: "
            + ", ".join(f"{fault} {count}" for fault, count in faults.most_common())
        )
        if show_faults:
            for kind, fact, document, found in failing:
                lines.append(
                    f"    {kind:8} {checked_label(fact)!r} ({', '.join(found)}) <- "
                    f"{figure_phrase(document, fact)}"
                )
    rng = random.Random(40)
    sample = rng.sample(everything, min(LABEL_SAMPLE, len(everything)))
    lines.append(f"labels, a sample of {len(sample)} (label | faults | words around the figure):")
    for _name, kind, fact, document, found in sample:
        verdict = ", ".join(found) if found else "ok"
        lines.append(
            f"    {kind:8} {checked_label(fact)!r} | {verdict} | {figure_phrase(document, fact)}"
        )
    return lines


def speed_report() -> list[str]:
    """Wall time and CPU time (the machine may be shared: CPU time is what the code costs)."""
    documents = eval_documents()
    if not documents:
        return []
    find_facts(documents[0][1])  # word lists read, patterns compiled
    wall, cpu, cpu_per_thousand = [], [], []
    for _, document, count in documents:
        walls, cpus = [], []
        for _ in range(REPEATS):
            start, start_cpu = time.perf_counter(), time.process_time()
            find_facts(document)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - start_cpu)
        wall.append(statistics.median(walls))
        cpu.append(statistics.median(cpus))
        cpu_per_thousand.append(cpu[-1] * 1000 / max(count, 1))
    words = statistics.median(count for _, _, count in documents)
    return [
        f"speed: find_facts median {statistics.median(wall) * 1000:.2f} ms wall,"
        f" {statistics.median(cpu) * 1000:.2f} ms CPU an article (median {words:.0f} words;"
        f" slowest {max(cpu) * 1000:.2f} ms CPU), {statistics.median(cpu_per_thousand) * 1000:.2f}"
        " ms CPU per 1,000 words (the whole import's budget: 100 ms)"
    ]


def report(show_faults: bool = False) -> list[str]:
    return [*seed_report(), *eval_report(), *label_report(show_faults), *speed_report()]


if __name__ == "__main__":
    print("\n".join(report("--faults" in sys.argv[1:])))
