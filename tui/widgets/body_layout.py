"""Word wrap and line layout for the article body: pure Python and Rich, no Textual.

Every wrapped line is a pair of ``str`` offsets into the block's text, so quote, fact and
highlight spans (also ``str`` offsets) can be styled on exactly their characters.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size

from tui.model.article import Article, Block, Figure, Paragraph, PullQuote, Span, Subheading

#: Row kinds: a blank line, a slice of the block's text, the figure label, a slice of ``aux``
#: (a figure's credit line or a pull quote's speaker line).
ROW_BLANK, ROW_TEXT, ROW_LABEL, ROW_AUX = range(4)
Row = tuple[int, int, int]

#: Flags of the styled spans of a block: quoted words, a fact's figure, the current highlight.
QUOTE, FACT, HIGHLIGHT, MATCH = 1, 2, 4, 8
#: ``(start, end, flag)`` spans by block index.
Marks = dict[int, list[tuple[int, int, int]]]

FIGURE_PREFIX = "▍ "
FIGURE_LABEL = "▣ Figure"
PULLQUOTE_PREFIX = "    "

# Control characters would corrupt the terminal; each becomes one printable character so that
# offsets still match the model's text. Newlines stay: they are hard line breaks.
_CONTROL_TABLE = {code: "\ufffd" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL_TABLE[0x09] = " "
del _CONTROL_TABLE[0x0A]

# Characters known to be one cell wide (checked against Rich's table by the tests). Text made
# only of these takes the fast path where ``len == cell width``.
_NOT_SINGLE_CELL = re.compile(
    "[^\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2100-\u214f\u2190-\u21ff\u2500-\u25fc\ufffd]"
)
_ZWJ, _VS16 = "\u200d", "\ufe0f"


def display_text(text: str) -> str:
    """``text`` with control characters made visible, one character for one."""
    return text if text.isprintable() else text.translate(_CONTROL_TABLE)


def is_single_cell(text: str) -> bool:
    """True when every character of ``text`` is exactly one cell wide."""
    return text.isascii() or _NOT_SINGLE_CELL.search(text) is None


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of display text into ``(start, end)`` offsets, each line <= ``width`` cells.

    Breaks at spaces (dropping them) and around wide (CJK) characters; a word longer than the
    width (a URL) is broken hard. ``\\n`` forces a break. Empty text is one empty line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    wrap_range = _wrap_single if is_single_cell(text) else _wrap_cells
    if "\n" not in text:
        wrap_range(text, 0, len(text), width, lines)
        return lines
    start = 0
    for part in text.split("\n"):
        wrap_range(text, start, start + len(part), width, lines)
        start += len(part) + 1
    return lines


@lru_cache(maxsize=16)
def _line_pattern(width: int) -> re.Pattern[str]:
    # One match per wrapped line of single-cell text, the same greedy choice as _wrap_single:
    # the longest run of <= width characters followed by a space or the end, else a hard
    # break of exactly width characters; then the spaces after it.
    return re.compile(rf"(?:.{{1,{width}}}(?= |$)|.{{{width}}}) *")


def line_count(text: str, width: int) -> int:
    """``len(wrap(text, width))``, counted in C for single-cell text (the layout's hot path)."""
    width = max(1, width)
    if "\n" in text or not is_single_cell(text):
        return len(wrap(text, width))
    return len(_line_pattern(width).findall(text)) or 1


def _wrap_single(text: str, lo: int, hi: int, width: int, out: list[tuple[int, int]]) -> None:
    """Wrap ``text[lo:hi]`` where every character is one cell."""
    start = lo
    while hi - start > width:
        limit = start + width
        brk = limit if text[limit] == " " else text.rfind(" ", start + 1, limit)
        if brk <= start:  # no space to break at: break the word hard
            out.append((start, limit))
            start = limit
            continue
        out.append((start, brk))
        start = brk + 1
        while start < hi and text[start] == " ":
            start += 1
        if start >= hi:
            return
    out.append((start, hi))


class _CharWidths(dict[str, int]):
    """Cell width by character, filled from Rich's table on first sight."""

    def __missing__(self, char: str) -> int:
        width = self[char] = get_character_cell_size(char)
        return width


_char_width = _CharWidths().__getitem__


def _clusters(text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Start offsets and cell widths of the clusters of ``text[lo:hi]``.

    Zero-width marks, ZWJ sequences and VS16 stay with the character before them (unless that
    is a space), and each cluster is measured with ``cell_len`` so widths agree with Rich.
    """
    starts: list[int] = []
    joined = False
    for index in range(lo, hi):
        char = text[index]
        if (
            starts
            and text[starts[-1]] != " "  # a space stays alone: it is where lines break
            and (joined or char in (_ZWJ, _VS16) or _char_width(char) == 0)
        ):
            joined = char == _ZWJ
            continue
        joined = char == _ZWJ
        starts.append(index)
    ends = [*starts[1:], hi]
    return starts, [cell_len(text[a:b]) for a, b in zip(starts, ends, strict=True)]


def _wrap_cells(text: str, lo: int, hi: int, width: int, out: list[tuple[int, int]]) -> None:
    """Wrap ``text[lo:hi]`` that has wide or zero-width characters, by cell widths."""
    part = text[lo:hi]
    widths = list(map(_char_width, part))
    starts: Sequence[int]
    if 0 in widths or _ZWJ in part or _VS16 in part:
        starts, widths = _clusters(text, lo, hi)
    else:
        starts = range(lo, hi)  # one character, one cluster
    count = len(starts)
    if not count:
        out.append((lo, hi))
        return
    cells_before = list(accumulate(widths, initial=0))
    first = 0
    while first < count:
        # Clusters first .. fit - 1 fit on the line.
        fit = bisect_right(cells_before, cells_before[first] + width, first) - 1
        if fit >= count:
            out.append((starts[first], hi))
            return
        # Break at the last space, or next to a wide (CJK) character, else hard.
        brk = fit
        while brk > first and not (
            text[starts[brk]] == " " or widths[brk] == 2 or widths[brk - 1] == 2
        ):
            brk -= 1
        stop = brk if brk > first else max(fit, first + 1)
        out.append((starts[first], starts[stop] if stop < count else hi))
        first = stop
        while first < count and text[starts[first]] == " ":
            first += 1


def _lead(block: Block, index: int) -> int:
    """Blank lines above a block: one between blocks, two above a subheading."""
    if index == 0:
        return 0
    return 2 if isinstance(block, Subheading) else 1


class WrappedBlock:
    """One block wrapped at one width: its display text, auxiliary line and rows."""

    __slots__ = ("aux", "rows", "text")

    def __init__(self, text: str, aux: str, rows: list[Row]) -> None:
        self.text = text
        self.aux = aux
        self.rows = rows


class BodyLayout:
    """Line positions of an article's blocks at one text width, with a cache of wrapped blocks.

    ``relayout(width)`` counts every block's lines (the only O(n) step); everything else is a
    bisection plus wrapping the one block asked for, cached by ``(block index, width)``.
    """

    def __init__(self, article: Article, cache_size: int = 512) -> None:
        self.article = article
        self.blocks = article.blocks
        self.width = 0
        #: First line of each block (its blank lines above included); 8 bytes a block.
        self.starts: array[int] = array("q")
        self.total = 0
        #: Indexes of the paragraphs among the blocks, for "¶ 7/31".
        self.paragraph_indexes = array(
            "q", (index for index, block in enumerate(self.blocks) if type(block) is Paragraph)
        )
        self._cache: OrderedDict[tuple[int, int], WrappedBlock] = OrderedDict()
        self._cache_size = cache_size
        self._simple: bytearray | None = None

    @property
    def ready(self) -> bool:
        """True once laid out at a real width."""
        return self.width > 0

    def aux_text(self, block: Block) -> str:
        """A figure's credit line or a pull quote's speaker line ("" when there is none)."""
        if isinstance(block, Figure) and block.credit:
            return display_text(f"— {block.credit}")
        if isinstance(block, PullQuote) and block.speaker_id:
            speaker = self.article.speakers_by_id.get(block.speaker_id)
            if speaker is not None:
                return display_text(f"— {speaker.name}")
        return ""

    def relayout(self, width: int) -> None:
        """Count the lines of every block at text ``width`` (>= 1) and keep running totals."""
        if width < 1:
            raise ValueError(f"text width must be at least 1, not {width}")
        simple = self._simple_paragraphs()
        count_lines = _line_pattern(width).findall
        counts = [
            (index > 0) + (len(count_lines(block.text)) or 1)
            if simple[index]
            else len(self._rows(index, block, width))
            for index, block in enumerate(self.blocks)
        ]
        starts = array("q", accumulate(counts, initial=0))
        self.total = starts.pop()
        self.starts = starts
        self.width = width

    def _simple_paragraphs(self) -> bytearray:
        """1 for each paragraph whose text has no line break, tab or wide character.

        Other ASCII control characters are drawn as one-cell U+FFFD, so they count the same.
        """
        if self._simple is None:
            needs_cells = _NOT_SINGLE_CELL.search
            self._simple = bytearray(
                type(block) is Paragraph
                and (
                    ("\n" not in text and "\t" not in text)
                    if text.isascii()
                    else needs_cells(text) is None
                )
                for block in self.blocks
                for text in (block.text,)
            )
        return self._simple

    def _rows(self, index: int, block: Block, width: int) -> list[Row]:
        rows: list[Row] = [(ROW_BLANK, 0, 0)] * _lead(block, index)
        text = display_text(block.text)
        if isinstance(block, Figure):
            rows.append((ROW_LABEL, 0, 0))
            inner = width - len(FIGURE_PREFIX)
        elif isinstance(block, PullQuote):
            inner = width - len(PULLQUOTE_PREFIX)
        else:
            inner = width
        rows.extend((ROW_TEXT, start, end) for start, end in wrap(text, inner))
        aux = self.aux_text(block)
        if aux:
            rows.extend((ROW_AUX, start, end) for start, end in wrap(aux, inner))
        return rows

    def wrapped(self, index: int) -> WrappedBlock:
        """Block ``index`` wrapped at the current width (LRU-cached)."""
        key = (index, self.width)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        block = self.blocks[index]
        result = WrappedBlock(
            display_text(block.text), self.aux_text(block), self._rows(index, block, self.width)
        )
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result

    def block_at_line(self, y: int) -> int:
        """Index of the block that line ``y`` belongs to (blank lines above belong to it)."""
        if not self.starts:
            return 0
        return max(0, bisect_right(self.starts, y) - 1)

    def line_of_block(self, index: int) -> int:
        """The first line of block ``index``'s content (after its blank lines)."""
        if not self.starts:
            return 0
        index = min(max(index, 0), len(self.starts) - 1)
        return self.starts[index] + _lead(self.blocks[index], index)

    def block_end(self, index: int) -> int:
        """One past the last line of block ``index``."""
        return self.starts[index + 1] if index + 1 < len(self.starts) else self.total

    def row_at(self, y: int) -> tuple[int, WrappedBlock, Row]:
        """The block index, wrapped block and row drawn at line ``y`` (0 <= y < total)."""
        index = self.block_at_line(y)
        wrapped = self.wrapped(index)
        rows = wrapped.rows
        return index, wrapped, rows[min(y - self.starts[index], len(rows) - 1)]

    def line_of_offset(self, index: int, offset: int) -> int:
        """The line showing text offset ``offset`` of block ``index`` (clamped to its text)."""
        rows = self.wrapped(index).rows
        found = None
        for number, (kind, start, end) in enumerate(rows):
            if kind == ROW_TEXT:
                if found is not None and start > offset:
                    break
                found = number
                if offset < end:
                    break
        return self.starts[index] + (found if found is not None else 0)

    def anchor_at(self, y: int) -> tuple[str, int, int] | None:
        """What line ``y`` shows, as ``(block id, row kind, text offset or row)``, to restore."""
        if not self.ready or not self.total:
            return None
        index, _wrapped, (kind, start, _end) = self.row_at(y)
        position = start if kind == ROW_TEXT else y - self.starts[index]
        return self.blocks[index].id, kind, position

    def line_of_anchor(self, anchor: tuple[str, int, int]) -> int | None:
        """The line that now shows ``anchor`` (None when its block is gone)."""
        block_id, kind, position = anchor
        index = self.article.block_index.get(block_id)
        if index is None or not self.ready:
            return None
        if kind == ROW_TEXT:
            return self.line_of_offset(index, position)
        return min(self.starts[index] + position, self.block_end(index) - 1)


def span_marks(article: Article, spans: Iterable[Span], flag: int) -> Marks:
    """``spans`` of ``article`` by block index, each with ``flag``; unknown blocks are skipped."""
    marks: Marks = {}
    block_index = article.block_index
    for span in spans:
        index = block_index.get(span.block_id)
        if index is not None and span.end > span.start:
            marks.setdefault(index, []).append((span.start, span.end, flag))
    return marks


def article_marks(article: Article) -> Marks:
    """Every quote span (QUOTE) and fact span (FACT) of ``article``, by block index."""
    marks = span_marks(article, (span for quote in article.quotes for span in quote.spans), QUOTE)
    for index, spans in span_marks(article, (fact.span for fact in article.facts), FACT).items():
        marks.setdefault(index, []).extend(spans)
    return marks
