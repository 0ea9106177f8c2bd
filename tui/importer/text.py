"""Plain text copied from a web page as a ``Document``: ``parse_text``.

The text's lines become the title, the dek, paragraphs, subheadings and figures (caption lines
such as ``... in Brussels, Feb 24, 2022. (Virginia Mayo/AP)``, the credit split off, a caption
printed twice kept once). Page furniture (prompts, share and newsletter lines, lists of links to
other articles: ``lexicon/boilerplate.txt``), bylines and date lines are left out of the body;
what they state becomes metadata. Nothing else is invented: a date read from a caption rather
than stated as the article's is said so in ``Meta.notes``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from tui.importer.captions import caption_figure, repeats
from tui.importer.draft import Block, Document, Figure, Meta, Paragraph, Subheading
from tui.importer.furniture import (
    CLOSING,
    TERMINAL,
    is_boilerplate,
    opens_list,
    running_text,
    words,
)
from tui.importer.text_meta import Found, dateline, metadata_line, published_from_captions
from tui.model.sanitize import clean_text

__all__ = ["parse_text"]

MAX_TITLE_WORDS = 30
MAX_DEK_WORDS = 60
MAX_SUBHEADING_WORDS = 12
#: A text is hard-wrapped when no line is longer than this and lines break mid-sentence.
MAX_WRAP_WIDTH = 100
_SPACES = re.compile(r"\s+")
#: Line ends, Unicode's line and paragraph separators included; a no-break space is a space.
_LINE_ENDS = re.compile("\r\n|[\r\n\u2028\u2029]")


# --- Lines -------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    #: A blank line (or the start of the text) comes before it.
    opens_chunk: bool


def _lines(text: str) -> list[_Line]:
    """The text's non-blank lines, sanitised, spaces collapsed, hard wrapping undone."""
    # Line by line: a line without controls is cleaned at once (``clean_text``'s fast path),
    # where the whole text, line ends and all, would take its slow one.
    raw = [_SPACES.sub(" ", clean_text(line)) for line in _LINE_ENDS.split(text)]
    width = _wrap_width(raw)
    lines: list[_Line] = []
    blank, previous = True, 0
    for line in raw:
        if not line:
            blank = True
            continue
        if not blank and width and previous >= width * 0.6:
            lines[-1].text += " " + line  # a wrapped line goes on
        else:
            lines.append(_Line(line, blank))
        blank, previous = False, len(line)
    return lines


def _wrap_width(raw: list[str]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when it is not: no line is longer
    than ``MAX_WRAP_WIDTH``, and lines often break in the middle of a sentence (a line that
    ends without punctuation, and the next one goes on in lower case)."""
    lines = [line for line in raw if line]
    if len(lines) < 3 or max(len(line) for line in lines) > MAX_WRAP_WIDTH:
        return 0
    breaks = mid_sentence = 0
    for line, after in itertools.pairwise(raw):
        if line and after:
            breaks += 1
            mid_sentence += line[-1] not in TERMINAL + CLOSING + ":;" and after[0].islower()
    enough = mid_sentence >= 2 and mid_sentence >= breaks * 0.2
    return max(len(line) for line in lines) if enough else 0


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines without page furniture, separators (``***``) and lists of links."""
    kept: list[_Line] = []
    in_list = False
    for line in lines:
        if in_list and not running_text(line.text):
            continue
        in_list = False
        if not any(char.isalnum() for char in line.text):
            continue  # a separator: *** or ------
        if opens_list(line.text):
            in_list = True
        elif not is_boilerplate(line.text):
            kept.append(line)
    return kept


# --- Headings ----------------------------------------------------------------------------


def _headline_like(line: str, max_words: int) -> bool:
    """Short, and not a sentence: a title or a subheading (which may end with ? or !)."""
    if words(line) > max_words or len(line) > max_words * 12:
        return False
    stripped = line.rstrip(CLOSING)
    return bool(stripped) and stripped[-1] not in ".,;:…" and not line[0].islower()


def _heading_first(lines: list[_Line], max_words: int) -> bool:
    """True when the first line is a title (or, after the title, a dek): not a caption."""
    first = lines[0].text
    return caption_figure(first) is None and _headline_like(first, max_words)


def _subheading(lines: list[_Line], index: int) -> bool:
    """A short line between running text: it heads the paragraphs that follow."""
    if index == 0 or index + 1 >= len(lines):
        return False
    line = lines[index].text
    return _headline_like(line, MAX_SUBHEADING_WORDS) and running_text(lines[index + 1].text)


# --- The document ------------------------------------------------------------------------


def parse_text(text: str) -> Document:
    """The article in ``text``, plain text copied from a web page (paragraphs separated by
    blank lines or single lines)."""
    found = Found()
    lines = [
        line for line in _without_furniture(_lines(text)) if not metadata_line(line.text, found)
    ]
    title = subtitle = None
    if lines and _heading_first(lines, MAX_TITLE_WORDS):
        title = lines.pop(0).text
        if len(lines) > 1 and _heading_first(lines, MAX_DEK_WORDS):
            subtitle = lines.pop(0).text
    blocks = _blocks(lines)
    if not blocks and title is not None:
        blocks = [Paragraph(title)]  # a text of one line: the body needs a block
    meta = _meta(title, subtitle, found, blocks)
    return Document(meta=meta, blocks=tuple(blocks))


def _blocks(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    last_figure: Figure | None = None
    for index, line in enumerate(lines):
        if last_figure is not None and repeats(line.text, last_figure):
            continue  # the same caption again: one photo
        figure = caption_figure(line.text)
        last_figure = figure
        if figure is not None:
            blocks.append(figure)
        elif _subheading(lines, index):
            blocks.append(Subheading(line.text))
        else:
            blocks.append(Paragraph(line.text))
    return blocks


def _meta(title: str | None, subtitle: str | None, found: Found, blocks: list[Block]) -> Meta:
    notes: dict[str, str] = {}
    published = found.published.isoformat() if found.published else None
    if published is None:
        inferred = published_from_captions(blocks)
        if inferred is not None:
            date, written, weekday = inferred
            published = date.isoformat()
            notes["published"] = (
                f'date from the caption "{written}" and "{weekday}" in the text:'
                " the source states none"
            )
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    return Meta(
        title=title,
        subtitle=subtitle,
        published=published,
        dateline=dateline(first.text) if first is not None else None,
        authors=tuple(found.authors),
        notes=notes,
    )
