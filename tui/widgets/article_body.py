"""The article body: a Line API scroll view that draws every block, quote and fact span."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import collector
from tui.model.article import Article, Figure, PullQuote, Span, Subheading
from tui.navigation import JUMP_CONTEXT
from tui.widgets.body_layout import (
    FACT,
    FIGURE_LABEL,
    FIGURE_PREFIX,
    HIGHLIGHT,
    MATCH,
    PULLQUOTE_PREFIX,
    QUOTE,
    ROW_AUX,
    ROW_BLANK,
    ROW_LABEL,
    BodyLayout,
    Marks,
    article_marks,
    span_marks,
)

if TYPE_CHECKING:
    from tui.search import BodyMatches  # imported by the first search, not by the first frame

#: Columns left of the text, and kept free on its right: a space, then the position mark.
GUTTER = 2
RIGHT_PAD = 2
#: The position mark: where the view is in the article, in the body's last column.
THUMB = "▐"


# Span styles, combined in this order so the highlight wins.
_MARK_CLASSES = (
    (QUOTE, "article-body--quote"),
    (FACT, "article-body--fact"),
    (MATCH, "article-body--match"),
    (HIGHLIGHT, "article-body--highlight"),
)
_BLOCK_CLASS = {
    Subheading: "article-body--subheading",
    Figure: "article-body--caption",
    PullQuote: "article-body--pullquote",
}
_AUX_CLASS = {Figure: "article-body--credit", PullQuote: "article-body--speaker"}


# Not ScrollView's keys: left, right and Ctrl+PgUp/PgDn scroll sideways, and a wrapped body
# never does. Every key the body answers is declared here.
class ArticleBody(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrollable, wrapped article text drawn line by line; never one widget per block."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-body--quote",
        "article-body--fact",
        "article-body--highlight",
        "article-body--match",
        "article-body--subheading",
        "article-body--caption",
        "article-body--figure-bar",
        "article-body--figure-label",
        "article-body--credit",
        "article-body--pullquote",
        "article-body--speaker",
        "article-body--thumb",
    }

    DEFAULT_CSS = """
    ArticleBody {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        /* Textual's scrollbar draws its whole height again through Rich on every scroll (4 ms
           of a 30 ms page-down at 20k paragraphs, 1.3 KB a key over SSH); the body marks its
           place in its last column instead, on lines it repaints anyway. The wheel still
           scrolls. */
        scrollbar-size-vertical: 0;
        &:focus { background-tint: $foreground 4%; }
        & > .article-body--quote { color: $text-accent; text-style: italic; }
        & > .article-body--fact { text-style: bold; }
        & > .article-body--highlight { text-style: reverse bold; }
        /* Pre-blended: a component style drops the alpha of "$warning 40%" (it was solid
           $warning, 1.5:1 under the text). */
        & > .article-body--match { background: $warning-muted; text-style: underline; }
        & > .article-body--subheading { color: $text-primary; text-style: bold; }
        & > .article-body--caption { color: $foreground; }
        & > .article-body--figure-bar { color: $primary; }
        & > .article-body--figure-label { color: $text-muted; text-style: bold; }
        & > .article-body--credit { color: $text-muted; text-style: italic; }
        & > .article-body--pullquote { color: $text-primary; text-style: italic; }
        & > .article-body--speaker { color: $text-muted; }
        & > .article-body--thumb { color: $scrollbar; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_lines(1)", "Line down", show=False),
        Binding("down", "scroll_lines(1)", "Line down", show=False),
        Binding("k", "scroll_lines(-1)", "Line up", show=False),
        Binding("up", "scroll_lines(-1)", "Line up", show=False),
        Binding("space", "scroll_pages(1)", "Page down", show=False),
        Binding("pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("b", "scroll_pages(-1)", "Page up", show=False),
        Binding("pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("g", "scroll_top", "Top of the article", show=False),
        Binding("home", "scroll_top", "Top of the article", show=False),
        Binding("G", "scroll_bottom", "End of the article", show=False),
        Binding("shift+g", "scroll_bottom", "End of the article", show=False),
        Binding("end", "scroll_bottom", "End of the article", show=False),
    ]

    measure: var[int] = var(80, init=False)
    """The longest a line of text may be, in cells; lines are shorter when the pane is."""

    class Scrolled(Message):
        """The block at the top of the view, or the range of visible blocks, changed."""

        def __init__(
            self, body: ArticleBody, top_block_index: int, visible_range: tuple[int, int]
        ) -> None:
            super().__init__()
            self.body = body
            self.top_block_index = top_block_index
            #: ``(first, stop)``: blocks ``first`` to ``stop - 1`` show at least one line.
            self.visible_range = visible_range

        @property
        def control(self) -> ArticleBody:
            return self.body

    def __init__(
        self,
        article: Article,
        *,
        measure: int = 80,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ArticleBody.measure, self.validate_measure(measure))
        self._article = article
        self._layout = BodyLayout(article)
        self._marks: Marks = article_marks(article)
        self._highlight_spans: tuple[Span, ...] = ()
        self._highlights: Marks = {}
        self._match_list: Sequence[tuple[int, int, int]] = ()
        self._matches: Marks | _MatchMarks = {}
        self._pending_jump: tuple[str, int, Span | None] | None = None
        self._pending_anchor: tuple[str, int, int] | None = None
        self._pending_keep = False
        self._last_scrolled: tuple[int, tuple[int, int]] | None = None
        self._pass_style: Style | None = None
        self._pass_thumb: range | None = None
        #: The highlighted words showed when the reader last moved the view or the highlight;
        #: and where the view was then: a resize (a storm of them) starts from there, not from
        #: where the resize before it had to scroll.
        self._highlight_in_view = False
        self._resize_anchor: tuple[str, int, int] | None = None
        self._in_relayout = False
        #: Laid out by a Resize: jumps and saved positions can be scrolled to (the first layout
        #: pass wraps the text earlier, to draw it, before the scroll geometry is settled).
        self._placed = False
        #: A new article is in memory: settle the collector after its first frame.
        self._unsettled = True

    # --- Content ------------------------------------------------------------------------

    @property
    def article(self) -> Article:
        return self._article

    @property
    def body_layout(self) -> BodyLayout:
        """The current line layout (read-only: for tests and tools)."""
        return self._layout

    def set_article(self, article: Article) -> None:
        """Show ``article`` instead, keeping the top block in view when it still exists."""
        anchor = self._layout.anchor_at(self.scroll_offset.y)
        self._article = article
        self._layout = BodyLayout(article)
        self._marks = article_marks(article)
        if self._pending_jump and self._pending_jump[0] not in article.block_index:
            self._pending_jump = None
        self._highlights = span_marks(self._article, self._highlight_spans, HIGHLIGHT)
        self._matches = {}  # matches belong to the old text; the search runs again
        self._match_list = ()
        self._unsettled = True
        self._relayout(anchor, force=True)

    def validate_measure(self, measure: int) -> int:
        return max(1, int(measure))

    def watch_measure(self) -> None:
        self._relayout(self._anchor_before_resize())

    def on_resize(self, event: events.Resize) -> None:
        self._relayout(self._anchor_before_resize())

    def _anchor_before_resize(self) -> tuple[str, int, int] | None:
        if self._resize_anchor is None:
            self._resize_anchor = self._layout.anchor_at(self.scroll_offset.y)
        return self._resize_anchor

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        width = self._text_width()
        if not self._layout.ready and width is not None:
            # The first size: wrap now, in the layout pass, so that the very first frame shows
            # the text (the Resize event comes after that frame has been drawn blank). The
            # Resize handler then scrolls to any pending jump and says where the view is.
            self._layout.relayout(width)
            self.virtual_size = Size(self.scrollable_content_region.width, self._layout.total)
        return changed

    def _text_width(self) -> int | None:
        """Width to wrap text at, or None while the widget has no size."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return None
        return max(1, min(self.measure, width - GUTTER - RIGHT_PAD))

    def reading_anchor(self) -> tuple[str, int, int] | None:
        """Where the reader is (block id, row kind, offset): stable across widths and edits."""
        return self._layout.anchor_at(self.scroll_offset.y)

    def go_to_anchor(self, anchor: tuple[str, int, int], *, keep_highlight: bool = False) -> bool:
        """Scroll back to a saved ``reading_anchor`` (after the first layout if need be);
        whether its block is still in the article.

        With ``keep_highlight`` the highlighted words, which showed when the place was saved,
        show again: a smaller window than the one the place was saved in has them below the
        anchor's view, and the place then moves as far as a resize would move it."""
        if anchor[0] not in self._article.block_index:
            return False
        if not self._placed:
            self._pending_anchor, self._pending_keep = anchor, keep_highlight
            return True
        y = self._layout.line_of_anchor(anchor)
        if y is not None:
            self.scroll_to(y=y, animate=False, immediate=True)
        if keep_highlight and self._highlight_spans:
            first = self._highlight_spans[0]
            self.scroll_to_block(first.block_id, context=JUMP_CONTEXT, span=first)
        return True

    def _relayout(self, anchor: tuple[str, int, int] | None, *, force: bool = False) -> None:
        """Wrap for the current size and scroll back to ``anchor`` (or the pending jump)."""
        width = self._text_width()
        if width is None:  # no size yet: never wrap at width 0
            return
        # A jump or a saved position asked for before this, or a new text: no resize, the
        # reader's own move.
        moved = force or self._pending_jump is not None or self._pending_anchor is not None
        keep = False
        if self._pending_anchor is not None:
            anchor, self._pending_anchor = self._pending_anchor, None
            keep, self._pending_keep = self._pending_keep, False
        self._in_relayout = True
        try:
            rewrapped = self._place(anchor, width, force=force, keep=keep)
        finally:
            self._in_relayout = False
        if moved:
            self._highlight_in_view = self.spans_in_view(self._highlight_spans)
            self._resize_anchor = None
        if rewrapped:
            # Only then: the first Resize comes after the layout pass has wrapped and drawn the
            # text at this width (``_size_updated``), and a repaint of the body is ~8 KB over SSH.
            self.refresh()
        self._post_scrolled()
        if self._unsettled:
            self._unsettled = False
            # Once the frame is out, not before it. Not in tests (headless): nothing repaints
            # against a clock there, and each app would pay a collection of the test process.
            if not self.app.is_headless:
                after = getattr(self.screen, "call_after_first_paint", self.call_after_refresh)
                after(collector.settle)

    def _place(
        self, anchor: tuple[str, int, int] | None, width: int, *, force: bool, keep: bool
    ) -> bool:
        """Wrap at ``width`` and scroll to the pending jump, or back to ``anchor`` and, if they
        showed (or ``keep`` says they did), to the highlighted words; whether it wrapped anew."""
        layout = self._layout
        self._placed = True
        keep = (keep or self._highlight_in_view) and bool(self._highlight_spans)
        rewrapped = force or width != layout.width
        if rewrapped:
            layout.relayout(width)
        self.virtual_size = Size(self.scrollable_content_region.width, layout.total)
        if self._pending_jump is not None:
            block_id, context, span = self._pending_jump
            self._pending_jump = None
            self.scroll_to_block(block_id, context=context, span=span)
        elif anchor is not None and (y := layout.line_of_anchor(anchor)) is not None:
            # At once: the scroll to the highlight starts from here, and a scroll made later
            # would count as the reader's own.
            self.scroll_to(y=y, animate=False, immediate=True)
        if keep:
            # Highlighted words that were in view stay in view (a smaller window, a narrower
            # pane); the place in the text moves only when they would not.
            first = self._highlight_spans[0]
            self.scroll_to_block(first.block_id, context=JUMP_CONTEXT, span=first)
        return rewrapped

    # --- Geometry -----------------------------------------------------------------------

    @property
    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def block_at_line(self, y: int) -> int:
        """Index of the block drawn at content line ``y`` (0 before the first layout)."""
        return self._layout.block_at_line(y) if self._layout.ready else 0

    def line_of_block(self, index: int) -> int:
        """Content line where block ``index``'s text starts (0 before the first layout)."""
        return self._layout.line_of_block(index) if self._layout.ready else 0

    @property
    def top_block_index(self) -> int:
        """Index of the block at the top of the view."""
        return self.block_at_line(self.scroll_offset.y)

    def visible_block_range(self) -> tuple[int, int]:
        """``(first, stop)``: blocks ``first`` to ``stop - 1`` show at least one line."""
        layout = self._layout
        if not layout.ready or not layout.total:
            return (0, 0)
        top = self.scroll_offset.y
        first = layout.block_at_line(top)
        bottom = min(top + self._view_height, layout.total) - 1
        last = layout.block_at_line(bottom)
        if last > first and bottom < layout.line_of_block(last):
            last -= 1  # only the blank lines above block `last` show
        return (first, last + 1)

    def position(self) -> tuple[int, int, int]:
        """``(paragraph number, paragraph count, percent)`` for ``¶ 7/31 · 24%``.

        The number is the first paragraph at or after the top of the view (1-based).
        """
        paragraphs = self._layout.paragraph_indexes
        count = len(paragraphs)
        if not self._layout.ready:
            return (min(1, count), count, 0)
        number = min(bisect_left(paragraphs, self.top_block_index) + 1, count)
        max_y = max(0, self._layout.total - self._view_height)
        percent = 100 if max_y == 0 else round(100 * min(self.scroll_offset.y, max_y) / max_y)
        return (number, count, percent)

    # --- Scrolling ----------------------------------------------------------------------

    def scroll_to_block(self, block_id: str, *, context: int = 3, span: Span | None = None) -> None:
        """Scroll so the block starts ``context`` lines below the top, and ``span`` shows.

        When every line of ``span`` is already in view nothing moves: the highlight shows the
        words where the reader already sees them (a jump would pull the text from under
        their eyes, and over SSH cost a repaint of the whole pane).

        Before the widget has a size the jump is remembered and made on the first resize.
        """
        index = self._article.block_index.get(block_id)
        if index is None:
            return
        layout = self._layout
        if not self._placed:
            self._pending_jump = (block_id, context, span)
            return
        height = self._view_height
        target = layout.line_of_block(index) - context
        span_index = None if span is None else self._article.block_index.get(span.block_id)
        if span is not None and span_index is not None:
            first = layout.line_of_offset(span_index, span.start)
            last = layout.line_of_offset(span_index, max(span.start, span.end - 1))
            top = round(self.scroll_offset.y)
            if top <= first and last < top + height:
                return
            if first < target or last >= target + height:
                target = first - context
        max_y = max(0, layout.total - height)
        self.scroll_to(y=min(max(0, target), max_y), animate=False, immediate=True)

    # Key scrolls are immediate (not after the next refresh) so that the body, the quote list
    # following it and the status line repaint in one frame: one burst of bytes per key.
    def action_scroll_lines(self, count: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + count, animate=False, immediate=True)

    def action_scroll_pages(self, count: int) -> None:
        # Keep one line of the previous page in view, as a reader's anchor.
        page = max(1, self._view_height - 1)
        self.scroll_to(y=self.scroll_offset.y + count * page, animate=False, immediate=True)

    def action_scroll_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._in_relayout:  # the reader's own scroll (or a jump)
            self._highlight_in_view = self.spans_in_view(self._highlight_spans)
            self._resize_anchor = None
        self._post_scrolled()

    def spans_in_view(self, spans: Sequence[Span]) -> bool:
        """Whether the first line of ``spans`` shows (False for none, or before a layout)."""
        layout = self._layout
        if not spans or not layout.ready:
            return False
        index = self._article.block_index.get(spans[0].block_id)
        if index is None:
            return False
        line = layout.line_of_offset(index, spans[0].start)
        top = round(self.scroll_offset.y)
        return top <= line < top + self._view_height

    def highlight_in_view(self) -> bool | None:
        """Whether the highlighted words show (``spans_in_view``); None while the body has no
        size to show them in (hidden by a narrow layout, or being taken down on leaving)."""
        if self.scrollable_content_region.height <= 0:
            return None
        return self.spans_in_view(self._highlight_spans)

    def _post_scrolled(self) -> None:
        """Post ``Scrolled`` when the top block or the visible range changed."""
        if not self._layout.ready:
            return
        state = (self.top_block_index, self.visible_block_range())
        if state != self._last_scrolled:
            self._last_scrolled = state
            self.post_message(self.Scrolled(self, *state))

    # --- Highlight ----------------------------------------------------------------------

    @property
    def highlighted_spans(self) -> tuple[Span, ...]:
        """The spans drawn with the highlight style (a jumped-to quote or fact)."""
        return self._highlight_spans

    def highlight(self, spans: Sequence[Span] | None) -> None:
        """Highlight ``spans`` (e.g. one quote over two paragraphs), or clear with None."""
        old = self._highlights
        self._highlight_spans = tuple(spans or ())
        self._highlights = span_marks(self._article, self._highlight_spans, HIGHLIGHT)
        self._highlight_in_view = self.spans_in_view(self._highlight_spans)
        if not self._layout.ready:
            return
        first, stop = self.visible_block_range()
        for marks in (old, self._highlights):
            for index, ranges in marks.items():
                if not first <= index < stop:
                    continue  # off screen: drawn right when scrolled to
                for start, end, _flag in ranges:
                    top = self._layout.line_of_offset(index, start)
                    bottom = self._layout.line_of_offset(index, max(start, end - 1))
                    self.refresh_lines(top, bottom - top + 1)

    @property
    def matches(self) -> Sequence[tuple[int, int, int]]:
        """The search matches drawn: ``(block index, start, end)``."""
        return self._match_list

    def show_matches(self, matches: BodyMatches | None) -> None:
        """Mark search matches (any number, anywhere), or clear them with None. A block's
        marks are made when it is drawn: a one-letter search finds hundreds of thousands."""
        self._match_list = matches if matches else ()
        self._matches = _MatchMarks(matches) if matches else {}
        self.refresh()

    # --- Drawing ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's own style is costly to compute: once per pass rather than per line.
        self._pass_style = self.rich_style
        self._pass_thumb = self.thumb_rows()
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None
            self._pass_thumb = None

    def thumb_rows(self) -> range:
        """The rows of the view that carry the position mark (none when all of it shows)."""
        height, total = self._view_height, self._layout.total
        if not self._layout.ready or total <= height:
            return range(0)
        size = max(1, height * height // total)
        top = round((height - size) * min(1.0, self.scroll_offset.y / (total - height)))
        return range(top, top + size)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._pass_style or self.rich_style
        thumb = self._pass_thumb if self._pass_thumb is not None else self.thumb_rows()
        mark = Segment(THUMB, self._component("article-body--thumb")) if y in thumb else None
        strip = self._text_line(y, width - 1 if mark else width, base)
        return Strip([*strip, mark], width) if mark else strip

    def _text_line(self, y: int, width: int, base: Style) -> Strip:
        layout = self._layout
        line = self.scroll_offset.y + y
        if not layout.ready or not 0 <= line < layout.total:
            return Strip.blank(width, base)
        index, wrapped, (kind, start, end) = layout.row_at(line)
        if kind == ROW_BLANK:
            return Strip.blank(width, base)
        block_type = type(layout.blocks[index])
        style = self._component(_BLOCK_CLASS.get(block_type), base)
        segments = [Segment(" " * GUTTER, base)]
        if block_type is Figure:
            segments.append(Segment(FIGURE_PREFIX, self._component("article-body--figure-bar")))
        elif block_type is PullQuote:
            segments.append(Segment(PULLQUOTE_PREFIX, base))
        if kind == ROW_LABEL:
            label_style = self._component("article-body--figure-label")
            segments.append(Segment(FIGURE_LABEL, label_style))
        elif kind == ROW_AUX:
            aux_style = self._component(_AUX_CLASS.get(block_type), base)
            segments.append(Segment(wrapped.aux[start:end], aux_style))
        else:
            segments.extend(self._text_segments(index, wrapped.text, start, end, style))
        used = Segment.get_line_length(segments)
        if used > width:  # drawn before the re-layout that follows a resize
            return Strip(segments).crop_extend(0, width, base)
        segments.append(Segment(" " * (width - used), base))
        # Runs of one style as one segment: each segment costs a reset and a full style code.
        return Strip(Segment.simplify(segments), width)

    def _component(self, name: str | None, default: Style | None = None) -> Style:
        if name is None:
            return default or self._pass_style or self.rich_style
        return self.get_component_rich_style(name)

    def _text_segments(
        self, index: int, text: str, start: int, end: int, style: Style
    ) -> list[Segment]:
        """``text[start:end]`` cut where quote, fact and highlight spans begin and end."""
        spans = [
            (span_start, span_end, flag)
            for marks in (self._marks, self._matches, self._highlights)
            for span_start, span_end, flag in marks.get(index, ())
            if span_start < end and span_end > start
        ]
        if not spans:
            return [Segment(text[start:end], style)]
        cuts = {start, end}
        for span_start, span_end, _flag in spans:
            cuts.add(max(span_start, start))
            cuts.add(min(span_end, end))
        points = sorted(cuts)
        segments = []
        for left, right in pairwise(points):
            flags = 0
            for span_start, span_end, flag in spans:
                if span_start <= left and right <= span_end:
                    flags |= flag
            run_style = style
            for flag, name in _MARK_CLASSES:
                if flags & flag:
                    run_style += self.get_component_rich_style(name, partial=True)
            segments.append(Segment(text[left:right], run_style))
        return segments


class _MatchMarks:
    """Search matches as marks, made for a block when it is drawn and kept for the blocks
    drawn lately: marks for every match would cost more than 100 bytes each."""

    #: Blocks whose marks are kept: a few screens' worth.
    KEPT_BLOCKS = 256

    def __init__(self, matches: BodyMatches) -> None:
        self._matches = matches
        self._made: dict[int, list[tuple[int, int, int]]] = {}

    def get(
        self, index: int, default: Sequence[tuple[int, int, int]] = ()
    ) -> Sequence[tuple[int, int, int]]:
        marks = self._made.get(index)
        if marks is None:
            if len(self._made) >= self.KEPT_BLOCKS:
                self._made.clear()
            marks = [(start, end, MATCH) for start, end in self._matches.in_block(index)]
            self._made[index] = marks
        return marks or default
