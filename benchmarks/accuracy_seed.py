"""The seed, imported, against the article a person made of it: what differs, line by line.

``python benchmarks/accuracy_seed.py`` imports ``../shared/seeds/000_a32324591cb4ed5e.txt`` as
``tui-reader import`` does (text -> quotes and facts -> YAML -> the loader) and compares the
result with ``content/nato-defence-plans-2022-02-24.yaml``: the metadata, every body block
(paragraphs word for word, figures with their credits), every quote (its words, speaker,
fragment flag and context), every fact (found by its paragraph and figure: value, number,
unit, date and series) and the page's trailing prompts, which must not be there. ``report()``
gives the lines for ``import_accuracy.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.importer.pipeline import ImportFailure, import_source  # noqa: E402
from tui.model.article import Article, Fact, Figure, Paragraph, Quote  # noqa: E402
from tui.model.loader import load_article, parse_article  # noqa: E402

#: ``../shared`` beside the main checkout (/work/main), two levels up from a worktree.
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
SEED = SHARED / "seeds" / "000_a32324591cb4ed5e.txt"
SHIPPED = ROOT / "content" / "nato-defence-plans-2022-02-24.yaml"
#: The page's trailing prompts, none of which is part of the article.
PROMPTS = ("read more", "never miss breaking news", "get notifications", "you're subscribed")
#: Metadata the seed's text does not state, which the shipped article adds from its reading.
NOT_IN_THE_TEXT = {"tags", "language"}


def _shown(text: object, limit: int = 70) -> str:
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _meta_lines(ours: Article, theirs: Article) -> list[str]:
    lines = []
    fields = ("title", "subtitle", "published", "dateline", "authors", "language", "tags")
    for name in fields:
        mine, wanted = getattr(ours.meta, name), getattr(theirs.meta, name)
        if mine != wanted:
            why = " (the text does not state it)" if name in NOT_IN_THE_TEXT else ""
            lines.append(f"  meta.{name}: {_shown(mine)}, shipped {_shown(wanted)}{why}")
    return lines


def _block_text(block: object) -> str:
    return block.caption if isinstance(block, Figure) else getattr(block, "text", "")


def _body_lines(ours: Article, theirs: Article) -> tuple[list[str], dict[str, int]]:
    """The differences in the body, and its counts: paragraphs word for word, figures."""
    lines: list[str] = []
    counts = {"paragraphs": 0, "figures": 0, "credits": 0}
    if len(ours.blocks) != len(theirs.blocks):
        lines.append(f"  body: {len(ours.blocks)} blocks, shipped {len(theirs.blocks)}")
    for mine, wanted in zip(ours.blocks, theirs.blocks, strict=False):
        if type(mine) is not type(wanted):
            kinds = f"{type(mine).__name__}, shipped {type(wanted).__name__}"
            lines.append(f"  {wanted.id}: a {kinds}: {_shown(_block_text(mine))}")
            continue
        if _block_text(mine).split() != _block_text(wanted).split():
            lines.append(f"  {wanted.id}: {_shown(_block_text(mine))}")
            lines.append(f"  {' ' * len(wanted.id)}  shipped {_shown(_block_text(wanted))}")
        elif isinstance(mine, Paragraph):
            counts["paragraphs"] += 1
        if isinstance(mine, Figure) and isinstance(wanted, Figure):
            counts["figures"] += _block_text(mine).split() == _block_text(wanted).split()
            counts["credits"] += mine.credit == wanted.credit
            if mine.credit != wanted.credit:
                lines.append(
                    f"  {wanted.id}.credit: {_shown(mine.credit)}, shipped {_shown(wanted.credit)}"
                )
            if mine.alt != wanted.alt:
                lines.append(
                    f"  {wanted.id}.alt: {_shown(mine.alt)}, shipped {_shown(wanted.alt)}"
                    " (a description the text does not give)"
                )
    return lines, counts


def _quote_key(article: Article, quote: Quote) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(span.block_id for span in quote.spans), quote.parts


def _quote_lines(ours: Article, theirs: Article) -> tuple[list[str], int]:
    lines: list[str] = []
    found = {_quote_key(ours, quote): quote for quote in ours.quotes}
    speakers, wanted_speakers = ours.speakers_by_id, theirs.speakers_by_id
    right = 0
    for wanted in theirs.quotes:
        mine = found.pop(_quote_key(theirs, wanted), None)
        if mine is None:
            lines.append(
                f"  {wanted.id} ({wanted.spans[0].block_id}): not found: {_shown(wanted.text)}"
            )
            continue
        who, want = speakers.get(mine.speaker_id), wanted_speakers[wanted.speaker_id]
        same = who is not None and who.name == want.name
        flags = mine.fragment == wanted.fragment and mine.context == wanted.context
        right += same and flags
        if not same:
            name = _shown(who.name if who else None)
            lines.append(f"  {wanted.id}: speaker {name}, shipped {_shown(want.name)}")
        if mine.fragment != wanted.fragment:
            lines.append(f"  {wanted.id}: fragment {mine.fragment}, shipped {wanted.fragment}")
        if mine.context != wanted.context:
            lines.append(
                f"  {wanted.id}: context {_shown(mine.context)}, shipped {_shown(wanted.context)}"
            )
    for mine in found.values():
        lines.append(f"  extra quote ({mine.spans[0].block_id}): {_shown(mine.text)}")
    for wanted in theirs.speakers:
        mine = next((s for s in ours.speakers if s.name == wanted.name), None)
        if mine is None or mine.role != wanted.role:
            got = f"role {_shown(mine.role)}" if mine else "missing"
            lines.append(f"  speaker {wanted.name}: {got}, shipped role {_shown(wanted.role)}")
    return lines, right


def _fact_match(ours: Article, wanted: Fact) -> Fact | None:
    """Our fact for ``wanted``: in the same block, with the same value or overlapping words."""
    same_block = [f for f in ours.facts if f.span.block_id == wanted.span.block_id]
    by_value = [f for f in same_block if f.value == wanted.value]
    overlapping = [
        f for f in same_block if f.span.start < wanted.span.end and wanted.span.start < f.span.end
    ]
    return (by_value or overlapping or [None])[0]


def _fact_lines(ours: Article, theirs: Article) -> tuple[list[str], int]:
    lines: list[str] = []
    used: set[str] = set()
    right = 0
    for wanted in theirs.facts:
        mine = _fact_match(ours, wanted)
        if mine is None or mine.id in used:
            where = f"{wanted.id} ({wanted.span.block_id})"
            lines.append(f"  {where}: not found: {wanted.value!r}, {wanted.label!r}")
            continue
        used.add(mine.id)
        problems = []
        for name in ("value", "number", "unit", "as_of"):
            if getattr(mine, name) != getattr(wanted, name):
                problems.append(
                    f"{name} {getattr(mine, name)!r}, shipped {getattr(wanted, name)!r}"
                )
        if (mine.series is None) != (wanted.series is None):
            problems.append(
                f"series {'none' if mine.series is None else 'given'}, shipped otherwise"
            )
        elif mine.series and wanted.series:
            values = [p.value for p in mine.series.points]
            if values != [p.value for p in wanted.series.points]:
                problems.append(f"series points {values}")
        right += not problems
        if mine.label != wanted.label:
            lines.append(f"  {wanted.id}: label {mine.label!r}, shipped {wanted.label!r}")
        lines += [f"  {wanted.id}: {problem}" for problem in problems]
    for mine in ours.facts:
        if mine.id not in used:
            lines.append(
                f"  extra fact {mine.id} ({mine.span.block_id}): {mine.value!r}, {mine.label!r}"
            )
    return lines, right


def report() -> list[str]:
    imported = import_source(str(SEED))
    if isinstance(imported, ImportFailure):
        return [f"seed: not imported: {imported}"]
    ours = parse_article(imported.yaml, "<seed import>")
    theirs = load_article(SHIPPED)
    meta = _meta_lines(ours, theirs)
    body, counts = _body_lines(ours, theirs)
    quotes, quotes_right = _quote_lines(ours, theirs)
    facts, facts_right = _fact_lines(ours, theirs)
    texts = [_block_text(block).casefold().replace("’", "'") for block in ours.blocks]
    prompts = [p for p in PROMPTS if any(p in text for text in texts)]
    wanted_paragraphs = sum(isinstance(b, Paragraph) for b in theirs.blocks)
    wanted_figures = sum(isinstance(b, Figure) for b in theirs.blocks)
    title = "same" if ours.meta.title == theirs.meta.title else "differs"
    subtitle = "same" if ours.meta.subtitle == theirs.meta.subtitle else "differs"
    left_in = f"{len(prompts)}{' ' + str(prompts) if prompts else ''}"
    return [
        f"seed ({SEED.name}) against {SHIPPED.name}:",
        f"  title {title}, subtitle {subtitle};"
        f" paragraphs word for word {counts['paragraphs']}/{wanted_paragraphs};"
        f" figures {counts['figures']}/{wanted_figures},"
        f" credits {counts['credits']}/{wanted_figures}; trailing prompts left in: {left_in}",
        "  quotes with speaker, fragment flag and context as shipped"
        f" {quotes_right}/{len(theirs.quotes)} ({len(ours.quotes)} imported);"
        " facts as shipped (value, number, unit, date, series)"
        f" {facts_right}/{len(theirs.facts)} ({len(ours.facts)} imported)",
        "what differs:" if meta or body or quotes or facts else "nothing differs",
        *meta,
        *body,
        *quotes,
        *facts,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    for line in report():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
