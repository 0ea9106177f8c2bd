"""An OptionList that repaints only the items its cursor leaves and lands on, and draws the
items a page away in the idle time after a frame.

OptionList repaints every visible row when the highlighted option changes. Over SSH every
repainted row costs bytes, so the quote list and the facts panel repaint the rows of two items
instead (a scroll still repaints everything).

Drawing an item the first time costs 0.7 ms (a quote) to 1.2 ms (a fact with a chart): a
scroll by a page drew 6 to 9 of them inside the key's frame, 10 ms a list, and when both lists
scrolled on one ``f`` that was a third of the key. Once a frame is out the lists draw, a few
at a time, the cursor's neighbours in the cursor's style and the items two pages below and
one above the view into OptionList's render cache; the next scroll finds them drawn.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import OptionList

#: After the cursor or the view moved, wait this long (seconds) before drawing ahead.
WARM_DELAY = 0.02
#: Pages drawn ahead below the view (the quote list follows the body, and may skip a page).
PAGES_BELOW = 2
#: Draw ahead for at most this long (seconds) in one turn, then let keys through.
WARM_SLICE = 0.002


class ItemList(OptionList, inherit_bindings=False):
    """Base of the quote list and the facts panel. Call ``forget_rows`` when options change."""

    # OptionList's keys, named in the reader's words (the help lists them); not ScrollView's
    # sideways ones (left, right, Ctrl+PgUp/PgDn): the items wrap, nothing scrolls sideways.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next item", show=False),
        Binding("up", "cursor_up", "Previous item", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First item", show=False),
        Binding("end", "last", "Last item", show=False),
        Binding("enter", "select", "Jump to it in the body", show=False),
    ]

    DEFAULT_CSS = """
    ItemList {
        /* The scrollbar's columns are kept whether it shows or not: the items are laid out at
           one width from the first layout pass on. Where the scrollbar came with the item
           count, the first frame was laid out twice, and the lists repainted after it. */
        scrollbar-gutter: stable;
    }
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    _starts: list[int]
    _starts_width = -1
    #: What the last layout pass gave (size, container, virtual size, gutter).
    _sized: tuple[Size, Size, Size, Spacing] | None = None
    _warm_timer: Timer | None = None
    _warming: Iterator[None] | None = None

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        scrolled_from = self.scroll_offset.y
        super().watch_highlighted(new)
        if self.scroll_offset.y != scrolled_from:
            return  # the list scrolled, which repaints it whole (and draws ahead from there)
        self.warm_soon()
        starts = self._row_starts()
        width = self.outer_size.width
        for index in (old, new):
            if index is not None and index + 1 < len(starts):
                top = starts[index] - scrolled_from  # content rows, as refresh takes
                self.refresh(Region(0, top, width, starts[index + 1] - starts[index]))

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        sized = (size, container_size, self.virtual_size, self.styles.gutter)
        if sized == self._sized:
            # Textual 8.2.8's ScrollView takes every layout pass for a new size (it compares the
            # parent's size with its own less its gutter) and repaints its scrollbar: 1.3 KB over
            # SSH after each pass, a second paint at start-up.
            return False
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        # OptionList counts its items' lines (its virtual height, and so its scrollbar) when it
        # is drawn (``_update_lines``), and a new count asks for a layout pass: the first frame
        # was drawn twice, without and then with the scrollbar's thumb. Counted in the layout
        # pass instead, the first frame has them.
        self._update_lines()
        self._sized = (size, container_size, self.virtual_size, self.styles.gutter)
        return changed

    def on_resize(self) -> None:
        self.warm_soon()  # the first size too: the first page below is drawn before any key

    def on_focus(self) -> None:
        self.warm_soon()  # focus restyles the items: they are drawn again

    def on_blur(self) -> None:
        self.warm_soon()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.warm_soon()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll only when the cursor's item is out of view, and then by a page: past the
        bottom it comes to the top, past the top it comes to the bottom. Stepping on through
        the list then finds the next items already in view, and each step repaints two items
        instead of the whole list (over SSH, ~4 KB less per step)."""
        index = self.highlighted
        if top or index is None or not self.is_mounted:
            super().scroll_to_highlight(top)
            return
        starts = self._row_starts()
        if index + 1 >= len(starts):
            super().scroll_to_highlight(top)
            return
        first, end = starts[index], starts[index + 1]
        view_top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if view_top <= first and end <= view_top + height:
            return  # in view: nothing moves
        target = first if first >= view_top else end - height
        self.scroll_to(y=max(0, target), animate=False, force=True, immediate=True)

    def forget_rows(self) -> None:
        """The options changed: their rows are summed again when next needed."""
        self._starts_width = -1
        self.warm_soon()

    def _row_starts(self) -> list[int]:
        """The first content row of each item (and the end), summed with the same heights
        OptionList lays the items out by, at the current width."""
        width = self.scrollable_content_region.width
        if self._starts_width != width:
            rows = [option.prompt.get_height(self.styles, width) for option in self.options]
            self._starts = [0, *accumulate(rows)]
            self._starts_width = width
        return self._starts

    # --- Drawing ahead -------------------------------------------------------------------

    def warm_soon(self) -> None:
        """Draw ahead once the frame for this change is out (and the list is still)."""
        if not self.is_mounted:
            return
        self._warming = None
        if self._warm_timer is not None:
            self._warm_timer.stop()
        self._warm_timer = self.set_timer(WARM_DELAY, self._warm_step, name="draw ahead")

    def _warm_step(self) -> None:
        """Draw ahead for one slice, and come back for the rest after what else is queued."""
        self._warm_timer = None
        if self._warming is None:
            self._warming = self._draw_ahead()
        deadline = time.perf_counter() + WARM_SLICE
        for _ in self._warming:
            if time.perf_counter() >= deadline:
                self.call_later(self._warm_step)
                return
        self._warming = None

    def warm_items(self) -> list[tuple[int, bool]]:
        """``(index, highlighted)`` of what to draw ahead, nearest first: the cursor's
        neighbours in the cursor's style, then the items two pages below and one above."""
        height = self.scrollable_content_region.height
        count = self.option_count
        if height <= 0 or not count:
            return []
        starts = self._row_starts()
        top = round(self.scroll_offset.y)

        def item_at(row: int) -> int:
            return min(max(bisect_right(starts, row) - 1, 0), count - 1)

        cursor = self.highlighted
        wanted = []
        if cursor is not None:
            wanted += [(index, True) for index in (cursor + 1, cursor - 1) if 0 <= index < count]
        below = range(item_at(top + height), item_at(top + (1 + PAGES_BELOW) * height - 1) + 1)
        above = range(item_at(max(0, top - height)), item_at(max(0, top - 1)) + 1)
        wanted += [(index, False) for index in below if index != cursor]
        if top > 0:
            wanted += [(index, False) for index in above if index != cursor]
        return wanted

    def _draw_ahead(self) -> Iterator[None]:
        """Render each wanted item into OptionList's render cache, yielding after each."""
        render = getattr(self, "_get_option_render", None)
        if render is None:  # a Textual without it: nothing to warm, nothing breaks
            return
        plain = self.get_visual_style("option-list--option")
        cursor = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        for index, highlighted in self.warm_items():
            if index < self.option_count:
                render(self.get_option_at_index(index), cursor if highlighted else plain)
                yield
