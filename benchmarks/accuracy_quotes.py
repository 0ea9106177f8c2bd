"""How well the importer finds and attributes quotes, on news no one here wrote: prints figures.

``python benchmarks/accuracy_quotes.py`` reads ``../shared/eval/quotes/`` (37 plain-text articles
with annotated quotes and speakers) at run time, never a copy, and counts exactly as that folder's
README says:

- gold quotes are the parts of each direct quote inside quotation marks;
- a gold quote is found when an imported quote's words match it (word sequence similarity >= 0.5,
  or one contains the other);
- recall = found / gold quotes; precision = imported quotes of 5 words or more that match a gold
  quote / all imported quotes of 5 words or more;
- speaker accuracy = found quotes whose imported speaker's surname equals the surname of the gold
  reference, over found quotes whose reference is a name (starts with a capital).

A regex baseline (quotation marks, "X said" / "said X", "he said" = the last named person) is
scored in the same run, as the reference the figures are a ratio to. Speaker errors are counted
by kind: pronoun (the gold cue is he/she/they), floating (no cue: the quote goes on from the one
before), organisation (the speaker is a body, not a person), appositive (the speaker is named with
a description: "X, a professor at Y, said", "the company's founder said") and other. The seed
article (content/nato-defence-plans-2022-02-24.yaml, annotated by a careful person, fragments
included) is compared quote by quote. ``--errors`` lists each speaker error with its kind.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.importer import quotes as importer_quotes  # noqa: E402
from tui.importer.draft import (  # noqa: E402
    Document,
    Figure,
    Meta,
    Paragraph,
    Quote,
    QuotePart,
    Speaker,
)

EVAL = ROOT.parent.parent / "shared" / "eval" / "quotes"
if not EVAL.is_dir():  # a worktree under /work/wt, or the main checkout under /work
    EVAL = ROOT.parent / "shared" / "eval" / "quotes"
SEED = ROOT / "content" / "nato-defence-plans-2022-02-24.yaml"

Attribute = Callable[[Document], tuple[tuple[Speaker, ...], tuple[Quote, ...]]]
PRONOUNS = {"he", "she", "they", "it", "his", "her", "him", "them", "their"}
ORGANISATION_WORDS = {
    "agency", "association", "board", "bureau", "church", "city", "commission", "committee",
    "company", "corp", "corporation", "council", "court", "department", "federation",
    "foundation", "government", "group", "inc", "institute", "league", "ltd", "ministry",
    "office", "organization", "organisation", "party", "police", "service", "society",
    "university", "union", "report", "lawsuit", "claim", "post", "statement",
}  # fmt: skip
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
DOUBLE_MARKS = re.compile(r"[\"“”]|‘’|’’|‘‘|,,")


# --- Counting, as the eval README says ----------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:'\w+)*", text.lower().replace("’", "'").replace("‘", "'"))


def gold_parts(text: str) -> list[str]:
    """The parts of an annotated direct quote that stand inside quotation marks."""
    marks = [m.span() for m in DOUBLE_MARKS.finditer(text)]
    if not marks:
        return [text.strip()]
    parts: list[str] = []
    if len(marks) % 2 == 1:  # one mark without its pair: the part runs to the far end
        if text[: marks[0][0]].strip():
            parts.append(text[: marks[0][0]])
            marks = marks[1:]
        else:
            parts.append(text[marks[-1][1] :])
            marks = marks[:-1]
    for (_, open_end), (close_start, _) in zip(marks[::2], marks[1::2], strict=True):
        parts.append(text[open_end:close_start])
    return [p.strip() for p in parts if words(p)]


def similarity(a: list[str], b: list[str]) -> tuple[bool, float]:
    """(one contains the other, word sequence similarity) of two word lists."""
    if not a or not b:
        return False, 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    contained = f" {' '.join(short)} " in f" {' '.join(long)} "
    return contained, SequenceMatcher(None, a, b, autojunk=False).ratio()


def matches(a: list[str], b: list[str]) -> bool:
    contained, ratio = similarity(a, b)
    return contained or ratio >= 0.5


def surname(name: str) -> str:
    tokens = [t for t in words(name) if t not in SUFFIXES]
    return tokens[-1] if tokens else ""


# --- The articles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldQuote:
    text: str
    words: list[str]
    cue: str  # the words the text uses for the speaker ("she", "Mirel", "")
    reference: str  # who that is ("Ana Mirel")


@dataclass(frozen=True)
class EvalArticle:
    name: str
    document: Document
    gold: list[GoldQuote]


def document_of(text: str) -> Document:
    """Paragraphs split on blank lines, as text copied from a web page comes."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Document(Meta(), tuple(Paragraph(p) for p in paragraphs))


def eval_articles() -> list[EvalArticle]:
    entries = json.loads((EVAL / "gold.json").read_text(encoding="utf-8"))
    articles = []
    for entry in entries:
        text = (EVAL / entry["file"]).read_text(encoding="utf-8")
        gold = [
            GoldQuote(part, words(part), q["speaker"], q["reference"])
            for q in entry["quotes"]
            if q["direct"]
            for part in gold_parts(q["text"])
        ]
        articles.append(EvalArticle(entry["file"], document_of(text), gold))
    return articles


def quote_text(quote: Quote) -> str:
    return " ".join(part.text for part in quote.parts)


# --- Scoring ------------------------------------------------------------------------------------


@dataclass
class SpeakerError:
    article: str
    kind: str
    gold: GoldQuote
    got: str  # the imported speaker's name, or "(none)"
    quote: str


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    long_imported: int = 0
    long_matching: int = 0
    named: int = 0
    right: int = 0
    errors: list[SpeakerError] | None = None
    kinds: Counter[str] | None = None  # found named quotes by kind
    false_positives: list[tuple[str, str]] | None = None
    missed: list[tuple[str, str]] | None = None

    @property
    def precision(self) -> float:
        return self.long_matching / self.long_imported if self.long_imported else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.right / self.named if self.named else 1.0


def error_kind(gold: GoldQuote, got: Speaker | None) -> str:
    cue = gold.cue.strip().lower()
    if not cue:
        return "floating"
    if cue in PRONOUNS:
        return "pronoun"
    ref_words = set(words(gold.reference))
    if (got is not None and got.kind != "person") or ref_words & ORGANISATION_WORDS:
        return "organisation"
    if not gold.cue[:1].isupper() or "," in gold.cue:
        return "appositive"
    return "other"


def score(articles: Sequence[EvalArticle], attribute: Attribute) -> Score:
    result = Score(errors=[], kinds=Counter(), false_positives=[], missed=[])
    for article in articles:
        speakers, quotes = attribute(article.document)
        by_id = {s.id: s for s in speakers}
        imported = [(q, words(quote_text(q))) for q in quotes]
        for quote, quote_words in imported:
            if len(quote_words) >= 5:
                result.long_imported += 1
                if any(matches(quote_words, g.words) for g in article.gold):
                    result.long_matching += 1
                else:
                    result.false_positives.append((article.name, quote_text(quote)))
        for gold in article.gold:
            result.gold += 1
            candidates = [
                (similarity(gold.words, qw)[::-1], q)
                for q, qw in imported
                if matches(gold.words, qw)
            ]
            if not candidates:
                result.missed.append((article.name, gold.text))
                continue
            result.found += 1
            if not gold.reference[:1].isupper():
                continue
            result.named += 1
            best = max(candidates, key=lambda c: c[0])[1]
            got = by_id.get(best.speaker) if best.speaker else None
            kind = error_kind(gold, got)
            result.kinds[kind] += 1
            if got is not None and surname(got.name) == surname(gold.reference):
                result.right += 1
            else:
                name = got.name if got else "(none)"
                result.errors.append(SpeakerError(article.name, kind, gold, name, quote_text(best)))
    return result


# --- The regex baseline -------------------------------------------------------------------------

_BASE_QUOTE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_BASE_NAME = r"((?:[A-Z][\w'’.-]+ ){0,3}[A-Z][\w'’-]+)"
_BASE_VERBS = r"(?:said|says|told|added|wrote|according to)"
_BASE_SAID_BEFORE = re.compile(_BASE_NAME + r" " + _BASE_VERBS + r"\b")
_BASE_SAID_AFTER = re.compile(r"\b(?:said|says|according to) " + _BASE_NAME)
_BASE_PRONOUN = re.compile(r"\b(?:he|she|they) (?:said|says|told|added)\b", re.IGNORECASE)
_BASE_PERSON = re.compile(r"\b[A-Z][a-z]+ [A-Z][\w'’-]+")


def baseline(document: Document) -> tuple[tuple[Speaker, ...], tuple[Quote, ...]]:
    """Quotation marks; "X said" / "said X"; "he said" = the last named person."""
    speakers: dict[str, Speaker] = {}
    quotes: list[Quote] = []
    last: str | None = None
    for block, text in document.paragraphs():
        outside = _BASE_QUOTE.sub(" ", text)
        named = _BASE_SAID_BEFORE.search(outside) or _BASE_SAID_AFTER.search(outside)
        pronoun = _BASE_PRONOUN.search(outside)
        speaker = None
        if named:
            speaker = surname(named.group(1)) or None
            if speaker:
                speakers.setdefault(speaker, Speaker(speaker, named.group(1)))
        elif pronoun and last:
            speaker = last
        for match in _BASE_QUOTE.finditer(text):
            part = QuotePart(block, match.start(1), match.group(1))
            quotes.append(Quote((part,), speaker))
        people = _BASE_PERSON.findall(outside)
        if people:
            last = surname(people[-1]) or last
            if last:
                speakers.setdefault(last, Speaker(last, people[-1]))
        if speaker:
            last = speaker
    return tuple(speakers.values()), tuple(quotes)


# --- The seed -----------------------------------------------------------------------------------


def seed_lines() -> list[str]:
    """The seed's 16 quotes against what the importer finds in its paragraphs."""
    from tui.model.article import Figure as ModelFigure
    from tui.model.article import Paragraph as ModelParagraph
    from tui.model.loader import load_article

    article = load_article(SEED)
    blocks: list[Paragraph | Figure] = []
    block_of: dict[str, int] = {}
    for block in article.blocks:
        if isinstance(block, ModelParagraph):
            block_of[block.id] = len(blocks)
            blocks.append(Paragraph(block.text))
        elif isinstance(block, ModelFigure):
            blocks.append(Figure(block.caption, block.credit))
    speakers, quotes = importer_quotes.attribute(Document(Meta(), tuple(blocks)))
    by_id = {s.id: s for s in speakers}
    gold_speakers = {s.id: s for s in article.speakers}
    found = {(tuple(p.block for p in q.parts), tuple(p.text for p in q.parts)): q for q in quotes}
    lines, right, fragments, contexts = [], 0, 0, 0
    for gold in article.quotes:
        key = (tuple(block_of[s.block_id] for s in gold.spans), gold.parts)
        got = found.pop(key, None)
        want = gold_speakers[gold.speaker_id]
        if got is None:
            lines.append(f"  {gold.id}: not found: {gold.text[:60]!r}")
            continue
        who = by_id.get(got.speaker) if got.speaker else None
        ok = who is not None and surname(who.name) == surname(want.name)
        right += ok
        fragments += got.fragment == gold.fragment
        contexts += got.context == gold.context
        if not ok:
            lines.append(f"  {gold.id}: speaker {who.name if who else None}, not {want.name}")
        if got.fragment != gold.fragment:
            lines.append(f"  {gold.id}: fragment {got.fragment}, not {gold.fragment}")
        if got.context != gold.context:
            lines.append(f"  {gold.id}: context {got.context!r}, not {gold.context!r}")
    for got in found.values():
        lines.append(f"  extra: {quote_text(got)[:60]!r}")
    for gold_speaker in article.speakers:
        mine = [s for s in speakers if surname(s.name) == surname(gold_speaker.name)]
        if not mine or (mine[0].name, mine[0].role) != (gold_speaker.name, gold_speaker.role):
            got_s = f"{mine[0].name!r}, {mine[0].role!r}" if mine else "missing"
            lines.append(f"  speaker {gold_speaker.id}: {got_s}")
    total = len(article.quotes)
    head = (
        f"seed: {right}/{total} quotes with the right speaker, {fragments}/{total} fragment "
        f"flags, {contexts}/{total} contexts, {len(speakers)} speakers"
    )
    return [head, *lines]


# --- Report -------------------------------------------------------------------------------------


def summary(label: str, result: Score) -> str:
    return (
        f"{label:<9} precision {result.precision:.3f} ({result.long_matching}/"
        f"{result.long_imported})  recall {result.recall:.3f} ({result.found}/{result.gold})  "
        f"speaker {result.speaker_accuracy:.3f} ({result.right}/{result.named})"
    )


def speed(articles: Sequence[EvalArticle]) -> float:
    """Median milliseconds ``attribute`` takes per 1,000 words of an article."""
    rates = []
    for article in articles:
        count = sum(len(text.split()) for _, text in article.document.paragraphs())
        start = time.perf_counter()
        importer_quotes.attribute(article.document)
        rates.append((time.perf_counter() - start) * 1e6 / max(count, 1))
    return statistics.median(rates)


def _ratio(ours: float, base: float) -> float:
    return ours / base if base else 0.0


def report(errors: bool = False) -> list[str]:
    articles = eval_articles()
    ours = score(articles, importer_quotes.attribute)
    base = score(articles, baseline)
    assert ours.errors is not None and base.errors is not None and ours.kinds is not None
    lines = [
        f"quotes: {len(articles)} articles, {ours.gold} gold quotes ({EVAL})",
        summary("importer", ours),
        summary("baseline", base),
        f"ratio     precision {_ratio(ours.precision, base.precision):.2f}  "
        f"recall {_ratio(ours.recall, base.recall):.2f}  "
        f"speaker {_ratio(ours.speaker_accuracy, base.speaker_accuracy):.2f}",
    ]
    by_kind = Counter(e.kind for e in ours.errors)
    base_kind = Counter(e.kind for e in base.errors)
    kinds = ("pronoun", "floating", "organisation", "appositive", "other")
    lines.append(
        "speaker errors by kind (importer / baseline, of found quotes of that kind): "
        + ", ".join(f"{k} {by_kind[k]}/{base_kind[k]} of {ours.kinds[k]}" for k in kinds)
    )
    lines.append(f"speed: {speed(articles):.1f} ms per 1,000 words (median over the articles)")
    lines.extend(seed_lines())
    if errors:
        lines.append("speaker errors:")
        for e in ours.errors:
            lines.append(
                f"  [{e.kind}] {e.article}: {e.got!r}, not {e.gold.reference!r} "
                f"(cue {e.gold.cue!r}): {e.quote[:70]!r}"
            )
        lines.append("imported quotes of 5+ words matching no gold quote:")
        lines.extend(f"  {name}: {text[:90]!r}" for name, text in ours.false_positives or [])
        lines.append("gold quotes not found:")
        lines.extend(f"  {name}: {text[:90]!r}" for name, text in ours.missed or [])
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each speaker error")
    args = parser.parse_args(argv)
    for line in report(errors=args.errors):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
