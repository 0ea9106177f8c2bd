"""What linear mode says, as lines: the opening, each block, quotes, facts and the keys (pure).

A line here is logical: a paragraph is one ``Line``, wrapped at the terminal's width only when
it is printed (``wrapped``), so that a resize between two keys is followed. Each line says where
it stands (``Paragraph 5 of 24``, ``Quote 3 of 16``), once, before the text it names: a listener
who missed a line can carry on from the next.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.model.article import Article, Block, Fact, Figure, Paragraph, PullQuote, Quote
from tui.model.inert import inert
from tui.render.common import byline, fact_reference, quote_reference, series_line
from tui.widgets.body_layout import wrap

#: How a line may be shown with ``--color`` (see ``tui.linear.output``); None: as it is.
Style = str | None


class Line(NamedTuple):
    """One logical line: a label, a paragraph, an announcement or a notice."""

    text: str
    style: Style = None


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``16 quotes``, ``1 quote``, ``no quotes``."""
    many = plural or f"{noun}s"
    if count == 0:
        return f"no {many}"
    return f"{count} {noun}" if count == 1 else f"{count} {many}"


def summary(article: Article) -> str:
    """``16 quotes from 2 speakers, 10 facts.``"""
    quotes = counted(len(article.quotes), "quote")
    if article.quotes:
        speakers = len(article.quote_count_by_speaker())
        quotes += f" from {counted(speakers, 'speaker')}"
    text = f"{quotes}, {counted(len(article.facts), 'fact')}."
    return text[0].upper() + text[1:]


def opening(article: Article, *, keys: bool = True) -> list[Line]:
    """The title, subtitle, date and source, then what the article holds (and, where keys are
    read, how to go on)."""
    meta = article.meta
    lines = [Line(meta.title, "title")]
    if meta.subtitle:
        lines.append(Line(meta.subtitle))
    lines += [Line(line) for line in byline(article, tags=False)]
    hint = " Press h for keys." if keys else ""
    lines.append(Line(f"{summary(article)}{hint}", "notice"))
    return lines


class BlockLines:
    """Each block of one article as lines; figures numbered once, not at every figure shown."""

    def __init__(self, article: Article) -> None:
        self.article = article
        figures = (block.id for block in article.blocks if isinstance(block, Figure))
        self._figure_numbers = {block_id: number for number, block_id in enumerate(figures, 1)}

    def label(self, index: int) -> str:
        """``Paragraph 5 of 24``, ``Figure 2 of 3``, ``Heading``, ``Pull quote``."""
        block = self.article.blocks[index]
        if isinstance(block, Paragraph):
            numbers = self.article.paragraph_numbers
            return f"Paragraph {numbers[block.id]} of {len(numbers)}"
        if isinstance(block, Figure):
            figures = self._figure_numbers
            return f"Figure {figures[block.id]} of {len(figures)}"
        return "Pull quote" if isinstance(block, PullQuote) else "Heading"

    def lines(self, index: int) -> list[Line]:
        """Block ``index``: its label, then its text (a figure's caption, description, credit)."""
        block: Block = self.article.blocks[index]
        label = self.label(index)
        if isinstance(block, Paragraph):
            return [Line(label, "label"), Line(block.text)]
        if isinstance(block, Figure):
            lines = [Line(f"{label}: {block.caption}", "label")]
            if block.alt:
                lines.append(Line(f"Description: {block.alt}"))
            if block.credit:
                lines.append(Line(f"Credit: {block.credit}"))
            return lines
        if isinstance(block, PullQuote):
            speaker = self.article.speakers_by_id.get(block.speaker_id or "")
            who = f" — {speaker.name}" if speaker else ""
            return [Line(f"{label}: “{block.text}”{who}", "label")]
        return [Line(f"{label}: {block.text}", "heading")]


def quote_announcement(article: Article, quote: Quote, number: int, count: int) -> Line:
    """``Quote 3 of 16, Jens Stoltenberg, NATO Secretary General, paragraph 6: “…”``."""
    speaker = article.speaker_of(quote)
    where = quote_reference(article, quote)
    # A quote over two paragraphs: its parts on lines of their own, as they were written.
    words = "\n".join(quote.parts)
    return Line(f"Quote {number} of {count}, {speaker.attribution}, {where}: “{words}”", "quote")


def fact_announcement(article: Article, fact: Fact, number: int, count: int) -> list[Line]:
    """``Fact 6 of 10, NATO rapid reaction force: 40,000 soldiers, paragraph 7``, and the
    fact's series on a line of its own when it has one."""
    where = fact_reference(article, fact)
    lines = [Line(f"Fact {number} of {count}, {fact.label}: {fact.value}, {where}", "fact")]
    if series := series_line(fact):
        lines.append(Line(f"Series: {series}"))
    return lines


#: What ``h`` prints: one key (or pair) a line, so a screen reader can step through them.
KEYS = (
    "Keys, one at a time, no Enter needed:",
    "Enter or Space: the next paragraph. b: the previous one.",
    "n, N: the next, the previous quote.",
    "f, F: the next, the previous fact.",
    "p: the paragraph of the last quote or fact.",
    "/: search, then n and N step the matches and Escape ends the search.",
    "s: only the next speaker's quotes; after the last speaker, all quotes again.",
    "c: copy the current quote with its attribution.",
    "g: the start. h: these keys. q: quit.",
)


def key_lines() -> list[Line]:
    return [Line(text, "notice") for text in KEYS]


def wrapped(text: str, width: int | None) -> list[str]:
    """``text`` as the lines a terminal ``width`` cells wide shows: broken at spaces, a word
    broken only when it is longer than a line; ``\\n`` starts a new line, a tab is a space.
    ``None``: unwrapped. Anything else a terminal would obey shows as its escape (``\\x1b``:
    ``tui.model.inert``), before the wrapping, so that the width counts what is shown."""
    parts = [inert(part.replace("\t", " ")) for part in text.split("\n")]
    if width is None:
        return parts
    return [part[start:end] for part in parts for start, end in wrap(part, width)]
