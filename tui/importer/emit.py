"""A ``Draft`` written as the content file, in the shipped article's field order and style:
``to_yaml``. What it writes always passes ``tui-reader check``.

Blocks are numbered by kind (``p1``, ``h1``, ``fig1``), quotes ``q1`` and facts ``f1`` in
reading order; a quote's or fact's words that stand more than once in their block get an
``occurrence``. A quote whose speaker the importer could not name goes to one speaker,
``unattributed`` (named "Unattributed"), so that it is kept for a person to attribute rather
than lost. The ``note`` of each part of the draft (what was inferred rather than read) becomes a
YAML comment above it.

Every text is sanitised as the loader does it before it is written, and a quote or fact whose
words are not then in their block is left out. The YAML is then read back with the loader:
whatever it still refuses (which no stage of the importer is known to make) is left out too,
until the file loads; at worst the body alone is written.
"""

from __future__ import annotations

import re

from tui.importer.draft import Document, Draft, Meta
from tui.importer.emit_plan import (
    UNATTRIBUTED_ID,
    UNATTRIBUTED_NAME,
    Left,
    Plan,
    PlannedQuote,
    clean,
    plan,
)
from tui.importer.yaml_out import comment, scalar
from tui.model.errors import ContentError, ContentInvalid

__all__ = ["UNATTRIBUTED_ID", "UNATTRIBUTED_NAME", "clean", "to_yaml"]

#: A YAML comment from a note is cut to this many characters.
MAX_NOTE_CHARACTERS = 300
#: Reading the YAML back and leaving out what the loader refuses, at most this many times.
MAX_ATTEMPTS = 4
#: A document with nothing in it: what is written when nothing else loads.
_EMPTY = Document(Meta(), ())
_ITEM = re.compile(r"(body|quotes|facts)\[(\d+)\]")


def to_yaml(draft: Draft, *, source: str | None = None) -> str:
    """The content file of ``draft``; ``source`` (its file name or URL) is named in the first
    comment. It always loads: see the module's docstring."""
    left = Left()
    for _attempt in range(MAX_ATTEMPTS):
        text = _write(planned := plan(draft, left), source)
        problems = _problems(text)
        if not problems:
            return text
        if not _leave_out(problems, planned, left):
            break
    text = _write(plan(draft, Left(meta={"*"}, blocks=left.blocks, everything=True)), source)
    if not _problems(text):
        return text
    return _write(plan(Draft(_EMPTY), Left()), source)  # not known to happen


def _problems(text: str) -> list[ContentError]:
    from tui.model.loader import parse_article

    try:
        parse_article(text, "<import>")
    except ContentInvalid as invalid:
        return list(invalid.errors) or [ContentError("<import>", 0, 0, "", "not valid")]
    return []


def _leave_out(problems: list[ContentError], plan: Plan, left: Left) -> bool:
    """Adds what ``problems`` name to ``left``; False when it names nothing new to leave out."""
    before = (set(left.meta), set(left.blocks), set(left.quotes), set(left.facts))
    for problem in problems:
        item = _ITEM.match(problem.field)
        if item is not None:
            index = int(item.group(2))
            if item.group(1) == "body" and index < len(plan.blocks):
                left.blocks.add(plan.blocks[index].source)
            elif item.group(1) == "quotes" and index < len(plan.quotes):
                left.quotes.add(plan.quotes[index].source)
            elif item.group(1) == "facts" and index < len(plan.facts):
                left.facts.add(plan.facts[index].source)
        elif problem.field.startswith("meta.") and not problem.field.startswith("meta.title"):
            left.meta.add(problem.field.split(".")[1].split("[")[0])
        else:
            left.meta.add("*")
    return before != (left.meta, left.blocks, left.quotes, left.facts)


# --- Writing -----------------------------------------------------------------------------


def _comment(indent: str, note: str) -> list[str]:
    words = comment(note)
    if len(words) > MAX_NOTE_CHARACTERS:
        words = words[: MAX_NOTE_CHARACTERS - 1].rstrip() + "…"
    return [f"{indent}# {words}"] if words else []


def _write(plan: Plan, source: str | None) -> str:
    origin = comment(clean(source)) if source else ""
    lines = [
        f"# A draft made by tui-reader import{f' from {origin}' if origin else ''}: review it.",
        "# Comments say what was inferred rather than read in the source.",
        "schema: 1",
        f"id: {plan.id}",
        "",
        "meta:",
    ]
    for key, value, note in plan.meta:
        lines += _comment("  ", note)
        lines.append(f"  {key}:{value}" if value.startswith("\n") else f"  {key}: {value}")
    if plan.speakers:
        lines += ["", "speakers:"]
        for ident, name, role, note in plan.speakers:
            lines += [*_comment("  ", note), f"  - id: {ident}", f"    name: {scalar(name)}"]
            lines += [f"    role: {scalar(role)}"] if role else []
    lines += ["", "body:"]
    for block in plan.blocks:
        lines.append(f"  - id: {block.id}")
        if block.kind != "figure":
            lines.append(f"    {block.kind}: {scalar(block.text)}")
            continue
        lines.append("    figure:")
        lines += [f"      {key}: {scalar(value)}" for key, value in block.figure.items()]
    if plan.quotes:
        lines += ["", "quotes:"]
        for number, quote in enumerate(plan.quotes, 1):
            lines += _quote_lines(number, quote)
    if plan.facts:
        lines += ["", "facts:"]
        for number, fact in enumerate(plan.facts, 1):
            lines += [*_comment("  ", fact.note), f"  - id: f{number}"]
            lines += [f"    {key}: {value}" for key, value in fact.fields]
            lines += fact.series
    return "\n".join(lines) + "\n"


def _quote_lines(number: int, quote: PlannedQuote) -> list[str]:
    lines = [*_comment("  ", quote.note), f"  - id: q{number}", f"    speaker: {quote.speaker}"]
    if len(quote.parts) == 1:
        block_id, words = quote.parts[0]
        lines += [f"    text: {scalar(words)}", f"    at: {block_id}"]
    else:
        lines.append("    text:")
        lines += [f"      - {scalar(words)}" for _block, words in quote.parts]
        lines.append(f"    at: [{', '.join(block for block, _words in quote.parts)}]")
    if quote.occurrence is not None:
        lines.append(f"    occurrence: {quote.occurrence}")
    if quote.fragment:
        lines.append("    fragment: true")
    if quote.context:
        lines.append(f"    context: {scalar(quote.context)}")
    return lines
