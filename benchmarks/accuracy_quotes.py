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

How well it holds on other outlets and another country's style (the held-back articles):
``--british`` runs the importer again on the same articles rewritten with single marks outside
and double ones inside (``‘We will,’ she said``), as British, Australian and Indian outlets
print them, apostrophes left as they are; ``--folds`` prints the figures outlet by outlet
(leave-outlet-out: each outlet as the unseen one) and on two folds of whole outlets.
``--errors british`` lists the errors of the British run.
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
    outlet: str = ""


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
        articles.append(EvalArticle(entry["file"], document_of(text), gold, entry["outlet"]))
    return articles


def quote_text(quote: Quote) -> str:
    return " ".join(part.text for part in quote.parts)


# --- The British transform ---------------------------------------------------------------------
#
# British, Australian and Indian outlets print single marks outside and double ones inside
# (‘We will,’ she said. / 'He told me "no"', said Ms Roe). The transform rewrites a dev article
# that way: every double mark becomes the single one of its side, and every single mark that is
# a quotation mark becomes the double one. A single mark counts as a quotation mark only when it
# pairs: an opening one (after a space, a bracket, a dash or a double mark, before a letter that
# is no '90s year) with the next closing one before the next double mark (before a space, a
# punctuation mark or a double mark, and not a plural possessive: players' union). Everything
# else (it's, rock 'n' roll, the '90s, 'til) stays an apostrophe, as in the real thing. The full
# stop after Mr, Mrs, Ms and Dr goes, as British style has it.

_ANY_MARK = re.compile(r"‘’|’’|‘‘|''|[\"“”‘’']")
_TO_SINGLE = {'"': "'", "“": "‘", "”": "’", "‘’": "‘", "‘‘": "‘", "’’": "’", "''": "'"}
_TO_DOUBLE = {"'": '"', "‘": "“", "’": "”"}
_OPEN_BEFORE = set(" \t([{—–-/") | set('"“”')
_CLOSE_AFTER = set(" \t.,;:!?)]}—–-…") | set('"“”')


_HONORIFIC_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr)\.(?= [A-Z])")


def _single_opens(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end : end + 3]
    if before not in _OPEN_BEFORE or not after[:1] or after[:1].isspace():
        return False
    return not re.match(r"\d\ds|\d0|n\b", after)  # the '90s, rock 'n' roll


def _single_closes(text: str, start: int, end: int) -> str | None:
    """``close``, ``weak`` (perhaps a plural possessive: "the players' union") or None."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() or after not in _CLOSE_AFTER:
        return None
    return "weak" if before == "s" and re.match(r" [a-z]", text[end : end + 2]) else "close"


def _single_pairs(text: str) -> set[int]:
    """Where the single marks that are quotation marks stand: each opening one with the first
    closing one of its kind after it, or the last possessive-like one when there is no other,
    before the next opening one or double mark."""
    paired: set[int] = set()
    opening: re.Match[str] | None = None
    weak: re.Match[str] | None = None

    def settle() -> None:
        if opening is not None and weak is not None:
            paired.update((opening.start(), weak.start()))

    for match in _ANY_MARK.finditer(text):
        mark = match.group()
        closes = _single_closes(text, *match.span()) if mark in "’'" else None
        if opening is not None and closes and (mark == "'") == (opening.group() == "'"):
            if closes == "close":
                paired.update((opening.start(), match.start()))
                opening = weak = None
                continue
            weak = match
            continue
        if mark in _TO_SINGLE or (mark in "‘'" and _single_opens(text, *match.span())):
            settle()
            opening = match if mark not in _TO_SINGLE else None
            weak = None
    settle()
    return paired


def british(text: str) -> tuple[str, int]:
    """``text`` with single marks outside and double inside; and how many singles it swapped."""
    paired = _single_pairs(text)

    def swap(match: re.Match[str]) -> str:
        mark = match.group()
        if mark in _TO_SINGLE:
            return _TO_SINGLE[mark]
        return _TO_DOUBLE[mark] if match.start() in paired else mark

    # "Mr Smith", "Dr Shah": British style drops the full stop after an honorific too.
    return _HONORIFIC_STOP.sub(r"\1", _ANY_MARK.sub(swap, text)), len(paired)


def british_articles(articles: Sequence[EvalArticle]) -> tuple[list[EvalArticle], int]:
    """The articles rewritten in the British style, the gold unchanged (words match the same)."""
    result, swapped = [], 0
    for article in articles:
        blocks = []
        for block in article.document.blocks:
            if isinstance(block, Paragraph):
                text, n = british(block.text)
                swapped += n
                blocks.append(Paragraph(text))
            else:
                blocks.append(block)
        document = Document(article.document.meta, tuple(blocks))
        result.append(EvalArticle(article.name, document, article.gold, article.outlet))
    return result, swapped


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


def summary(label: str, result: Score, width: int = 9) -> str:
    return (
        f"{label:<{width}} precision {result.precision:.3f} ({result.long_matching}/"
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


def error_lines(label: str, result: Score) -> list[str]:
    lines = [f"speaker errors ({label}):"]
    for e in result.errors or []:
        lines.append(
            f"  [{e.kind}] {e.article}: {e.got!r}, not {e.gold.reference!r} "
            f"(cue {e.gold.cue!r}): {e.quote[:70]!r}"
        )
    lines.append(f"imported quotes of 5+ words matching no gold quote ({label}):")
    lines.extend(f"  {name}: {text[:90]!r}" for name, text in result.false_positives or [])
    lines.append(f"gold quotes not found ({label}):")
    lines.extend(f"  {name}: {text[:90]!r}" for name, text in result.missed or [])
    return lines


def kind_line(result: Score, base: Score | None = None) -> str:
    assert result.errors is not None and result.kinds is not None
    by_kind = Counter(e.kind for e in result.errors)
    base_kind = Counter(e.kind for e in base.errors or []) if base is not None else None
    kinds = ("pronoun", "floating", "organisation", "appositive", "other")
    if base_kind is None:
        return "  errors by kind: " + ", ".join(
            f"{k} {by_kind[k]} of {result.kinds[k]}" for k in kinds
        )
    return "speaker errors by kind (importer / baseline, of found quotes of that kind): " + (
        ", ".join(f"{k} {by_kind[k]}/{base_kind[k]} of {result.kinds[k]}" for k in kinds)
    )


def fold_lines(label: str, articles: Sequence[EvalArticle]) -> list[str]:
    """Leave-outlet-out: the figures on each outlet as if it were the new one, the worst of
    them, and two folds of whole outlets (alternate outlets by name), so that a rule that only
    helps where it was written shows as a gap between the folds."""
    outlets = sorted({a.outlet for a in articles})
    lines = [f"folds ({label}): leave-outlet-out"]
    scores = {}
    for outlet in outlets:
        mine = [a for a in articles if a.outlet == outlet]
        scores[outlet] = score(mine, importer_quotes.attribute)
        lines.append("  " + summary(f"{outlet[:18]} ({len(mine)})", scores[outlet], width=24))
    rated = [o for o in outlets if scores[o].named] or outlets
    worst = min(rated, key=lambda o: scores[o].speaker_accuracy)
    lines.append(
        f"  worst speaker accuracy: {worst} {scores[worst].speaker_accuracy:.3f}; spread "
        f"{max(scores[o].speaker_accuracy for o in rated) - scores[worst].speaker_accuracy:.3f}"
    )
    for fold in (0, 1):
        names = outlets[fold::2]
        result = score([a for a in articles if a.outlet in names], importer_quotes.attribute)
        lines.append("  " + summary(f"fold {fold + 1}", result, width=24) + f"  {', '.join(names)}")
    return lines


def report(errors: str | None = None, british_run: bool = False, folds: bool = False) -> list[str]:
    articles = eval_articles()
    ours = score(articles, importer_quotes.attribute)
    base = score(articles, baseline)
    lines = [
        f"quotes: {len(articles)} articles, {ours.gold} gold quotes ({EVAL})",
        summary("importer", ours),
        summary("baseline", base),
        f"ratio     precision {_ratio(ours.precision, base.precision):.2f}  "
        f"recall {_ratio(ours.recall, base.recall):.2f}  "
        f"speaker {_ratio(ours.speaker_accuracy, base.speaker_accuracy):.2f}",
        kind_line(ours, base),
        f"speed: {speed(articles):.1f} ms per 1,000 words (median over the articles)",
        *seed_lines(),
    ]
    styled: list[EvalArticle] = []
    if british_run or errors == "british":
        styled, swapped = british_articles(articles)
        mine = score(styled, importer_quotes.attribute)
        lines += [
            f"british style: the same articles, single marks outside ({swapped} inner single "
            "marks made double), no full stop after Mr, Mrs, Ms, Dr",
            summary("importer", ours) + "  (as published)",
            summary("british", mine),
            kind_line(mine),
        ]
        if errors == "british":
            lines += error_lines("british", mine)
    if folds:
        lines += fold_lines("dev", articles)
        if styled:
            lines += fold_lines("british", styled)
    if errors == "dev":
        lines += error_lines("dev", ours)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors",
        nargs="?",
        const="dev",
        choices=("dev", "british"),
        help="list each speaker error, missed quote and false quote (of the dev run, or of the "
        "british one)",
    )
    parser.add_argument(
        "--british",
        action="store_true",
        help="also run on the articles rewritten with single marks outside, double inside",
    )
    parser.add_argument(
        "--folds", action="store_true", help="figures by outlet (leave-outlet-out) and two folds"
    )
    args = parser.parse_args(argv)
    for line in report(errors=args.errors, british_run=args.british, folds=args.folds):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
