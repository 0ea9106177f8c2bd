"""An OptionList that repaints only the items its cursor leaves and lands on, draws the items a
page away in the idle time after a frame, shows whole items only, and opens its current item to
its whole text.

OptionList repaints every visible row when the highlighted option changes. Over SSH every
repainted row costs bytes, so the quote list and the facts panel repaint the rows of two items
instead (a scroll still repaints everything, and so does a current item whose height changes).

Drawing an item the first time costs 0.7 ms (a quote) to 1.2 ms (a fact with a chart): a
scroll by a page drew 6 to 9 of them inside the key's frame, 10 ms a list, and when both lists
scrolled on one ``f`` that was a third of the key. Once a frame is out the lists draw, a few
at a time, the cursor's neighbours in the cursor's style and the items two pages below and
one above the view into OptionList's render cache; the next scroll finds them drawn.

An item's prompt may fold (``tui.widgets.prompt``): one drawing holds all its rows, and the
list shows them all for the current item and the first ones, the last cut with an ellipsis, for
the others. OptionList lays every item out folded; the list draws its rows itself from
``tui.widgets.item_rows.Rows``, where the current item's extra rows are one number.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from typing import ClassVar, Self

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.widgets.item_rows import Rows, with_ellipsis
from tui.widgets.steady_size import SteadySize

#: After the cursor or the view moved, wait this long (seconds) before drawing ahead.
WARM_DELAY = 0.02
#: Pages drawn ahead below the view (the quote list follows the body, and may skip a page).
PAGES_BELOW = 2
#: Draw ahead for at most this long (seconds) in one turn, then let keys through.
WARM_SLICE = 0.002
#: The cells of a border's top edge that a title cannot have: the two corners, and a blank
#: and a corner cell either side of the title (Textual's ``render_border_label``).
TITLE_MARGIN = 6


class ItemList(SteadySize, OptionList, inherit_bindings=False):
    """Base of the quote list and the facts panel. Call ``forget_rows`` when options change.

    The cursor (``highlighted``) is the list's current item; ``move_cursor`` moves it without
    the ``OptionHighlighted`` message that a key or a click sends.
    """

    # OptionList's keys, named in the reader's words (the help lists them); not ScrollView's
    # sideways ones (left, right, Ctrl+PgUp/PgDn): the items wrap, nothing scrolls sideways.
    BINDINGS: ClassVar[list[BindingType]] = [
        # And the body's keys (less, mutt, newsboat): here they move the cursor.
        Binding("down,j", "cursor_down", "Next item", show=False),
        Binding("up,k", "cursor_up", "Previous item", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First item", show=False),
        Binding("end,G,shift+g", "last", "Last item", show=False),
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

    _rows: Rows
    _rows_width = -1
    _warm_timer: Timer | None = None
    _warming: Iterator[None] | None = None
    _warm_after_first_paint = False
    _titles: tuple[str, ...] = ()

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> VisualStyle:
        """Textual's, with the ``reverse`` of a component's ``text-style``, which it drops: the
        mark of the current item where there is no colour for it (ansi themes, NO_COLOR).

        Not cached here: Textual's own cache follows the pseudo-classes and the theme, and two
        lookups a row cost little."""
        style = super().get_visual_style(*component_classes, partial=partial)
        for name in component_classes:
            if self.get_component_styles(name).text_style.reverse:
                return style + VisualStyle(reverse=True)
        return style

    def move_cursor(self, index: int | None) -> None:
        """Make item ``index`` (or none) current, as the screen asks: no message is sent."""
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index

    def set_options(self, options: Iterable[Option]) -> Self:  # type: ignore[override]
        super().set_options(options)
        # After the options are in: clearing them set the cursor, which counted rows of none.
        self.forget_rows()
        return self

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        scrolled_from = self.scroll_offset.y
        resized = self._unfold(new)
        super().watch_highlighted(new)
        if self.scroll_offset.y != scrolled_from:
            return  # the list scrolled, which repaints it whole (and draws ahead from there)
        self.warm_soon()
        rows = self.rows
        width = self.outer_size.width
        moved = [index for index in (old, new) if index is not None and index < rows.count]
        if resized:  # the items below the first of the two moved: from there to the bottom
            top = min((rows.start(index) for index in moved), default=0) - scrolled_from
            self.refresh(Region(0, max(top, 0), width, self.outer_size.height))
            return
        for index in moved:
            top = rows.start(index) - scrolled_from  # content rows, as refresh takes
            self.refresh(Region(0, top, width, rows.end(index) - rows.start(index)))

    def _sized_again(self) -> None:
        # OptionList counts its items' lines (its virtual height, and so its scrollbar) when it
        # is drawn (``_update_lines``), and a new count asks for a layout pass: the first frame
        # was drawn twice, without and then with the scrollbar's thumb. Counted in the layout
        # pass instead, the first frame has them.
        self._update_lines()

    def set_titles(self, *titles: str) -> None:
        """The border title: the first of ``titles`` (longest first) that fits the list's
        width whole, or none; Textual would cut it mid-word (``Quotes · Tab: fac…``)."""
        self._titles = titles
        self._fit_title()

    def _fit_title(self) -> None:
        if not self._titles:
            return
        width = self.outer_size.width
        room = width - TITLE_MARGIN
        # Before the first layout the width is unknown: the first title, which most often
        # fits, so that the first resize changes nothing (each change repaints the list).
        fits = [title for title in self._titles if not width or cell_len(title) <= room]
        title = fits[0] if fits else ""
        if self.border_title != title:
            self.border_title = title

    def on_mount(self) -> None:
        # The scrollbar shown from the start (the first layout pass hides it if the items fit):
        # shown by that pass, as Textual does, it was laid out by the next one and asked for
        # one more with its first size, which repainted it after the first frame (1.3 KB).
        self.show_vertical_scrollbar = True
        self.vertical_scrollbar.display = True

    def on_resize(self) -> None:
        self._fit_title()
        self.warm_soon()  # the first size too: the first page below is drawn before any key
        # Whole items from the top, and the cursor still in view.
        rows = self.rows
        top = round(self.scroll_offset.y)
        whole = rows.start(rows.item_at(top)) if rows.count else 0
        if whole != top:
            self.scroll_to(y=whole, animate=False, immediate=True)
        self.scroll_to_highlight()

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
        instead of the whole list (over SSH, ~4 KB less per step).

        The top row is always an item's first: never half a quote without its speaker."""
        index = self.highlighted
        rows = self.rows
        if top or index is None or not self.is_mounted or index >= rows.count:
            super().scroll_to_highlight(top)
            return
        first, end = rows.start(index), rows.end(index)
        view_top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if view_top <= first and end <= view_top + height:
            return  # in view: nothing moves
        if first >= view_top:
            target = first
        else:  # the first whole item from which this one shows (itself if it is taller)
            target = min(first, rows.start(rows.first_from(end - height)))
        self.scroll_to(y=max(0, target), animate=False, force=True, immediate=True)

    @property
    def max_scroll_y(self) -> int:
        """The last item's row shows at the bottom from the first item whose rows all fit: the
        end of the list is whole items and blank rows, not half an item at the top.

        (OptionList's virtual size, and so its scrollbar, counts every item folded: a virtual
        size kept in step with the unfolded item asked for a layout pass, a second repaint
        burst, at each key.)"""
        height = self.scrollable_content_region.height
        if height <= 0 or self.scrollable_content_region.width <= 0 or not self.option_count:
            return super().max_scroll_y
        rows = self.rows
        if rows.total <= height:
            return 0
        return rows.start(rows.first_from(rows.total - height))

    # --- Keys from no current item -------------------------------------------------------

    def _first_in_view(self) -> int | None:
        """The first item whose top row is in view (or the last one, past the end)."""
        if not self.option_count:
            return None
        return min(self.rows.first_from(round(self.scroll_offset.y)), self.option_count - 1)

    def _from_view(self, move: Callable[[], None]) -> None:
        """A cursor key; with no current item (a fresh list, or after Escape) the cursor lands
        on the first item in view instead (OptionList's page down would go to the last)."""
        if self.highlighted is None:
            self.highlighted = self._first_in_view()
        else:
            move()

    def action_cursor_down(self) -> None:
        self._from_view(super().action_cursor_down)

    def action_cursor_up(self) -> None:
        self._from_view(super().action_cursor_up)

    def action_page_down(self) -> None:
        self._from_view(super().action_page_down)

    def action_page_up(self) -> None:
        self._from_view(super().action_page_up)

    # --- Folding and drawing ---------------------------------------------------------------

    def _unfold(self, index: int | None) -> bool:
        """Show item ``index`` (or none) unfolded, the one before folded; whether the rows of
        the items after either moved."""
        rows = self.rows
        before = (rows.unfolded, rows.extra)
        extra = 0
        width = self.scrollable_content_region.width
        if index is not None and index < rows.count and width > 0:
            prompt = self.get_option_at_index(index).prompt
            if hasattr(prompt, "height"):  # a folding prompt (tui.widgets.prompt)
                extra = prompt.height(width, True) - rows.folded_height(index)
        view_top = round(self.scroll_offset.y)
        above_view = before[0] is not None and before[0] < rows.count
        above_view = above_view and before[1] and rows.end(before[0]) <= view_top
        rows.unfold(index, extra)
        if above_view:  # what is in view stays where it was
            self.scroll_to(y=view_top - before[1], animate=False, immediate=True)
        return bool(before[1] or extra)

    def render_line(self, y: int) -> Strip:
        """An item's row, from its drawing in OptionList's render cache: every row of the
        current item, the first rows of the others (the last with an ellipsis when the item
        is folded short), and blank where an item would be cut at the bottom of the view."""
        top = round(self.scroll_offset.y)
        row = top + y
        rows = self.rows
        width = self.scrollable_content_region.width
        blank = Strip.blank(width, self.get_visual_style("option-list--option").rich_style)
        if not 0 <= row < rows.total:
            return blank
        index = rows.item_at(row)
        start, end = rows.start(index), rows.end(index)
        if end > top + self.scrollable_content_region.height and start > top:
            return blank  # not the first in view (shown however tall it is): the next page has it
        option = self.get_option_at_index(index)
        strips = self._get_option_render(option, self._item_style(index))
        if row - start >= len(strips):
            return blank
        strip = strips[row - start]
        if row == end - 1 and index != rows.unfolded and len(strips) > end - start:
            return with_ellipsis(strip, width)
        return strip

    def _item_style(self, index: int) -> VisualStyle:
        """The style OptionList draws item ``index`` in."""
        option = self.get_option_at_index(index)
        if option.disabled:
            return self.get_visual_style("option-list--option", "option-list--option-disabled")
        if self.highlighted == index:
            return self.get_visual_style("option-list--option", "option-list--option-highlighted")
        if getattr(self, "_mouse_hovering_over", None) == index:
            return self.get_visual_style("option-list--option", "option-list--option-hover")
        return self.get_visual_style("option-list--option")

    def forget_rows(self) -> None:
        """The options changed: their rows are summed again when next needed."""
        self._rows_width = -1
        self.warm_soon()

    @property
    def rows(self) -> Rows:
        """Where each item's rows are at the current width: every item folded (with the heights
        OptionList lays the items out by) but the cursor's."""
        width = self.scrollable_content_region.width
        if self._rows_width != width:
            heights = [option.prompt.get_height(self.styles, width) for option in self.options]
            self._rows = Rows([0, *accumulate(heights)])
            self._rows_width = width
            if width > 0:
                self._unfold(self.highlighted)
        return self._rows

    # --- Drawing ahead -------------------------------------------------------------------

    def warm_soon(self) -> None:
        """Draw ahead once the frame for this change is out (and the list is still)."""
        if not self.is_mounted:
            return
        screen = self.screen
        if getattr(screen, "first_paint_held", False):
            # Before the reader's first frame, which shows none of the items drawn ahead (they
            # delayed it by 20-25 ms): the items it does show, while it waits for its refresh,
            # and the rest once it is out.
            if not self._warm_after_first_paint:
                self._warm_after_first_paint = True
                screen.call_while_first_paint_waits(self._warm_first_frame)
                screen.call_after_first_paint(self._first_paint_out)
            return
        self._warming = None
        if self._warm_timer is not None:
            self._warm_timer.stop()
        self._warm_timer = self.set_timer(WARM_DELAY, self._warm_step, name="draw ahead")

    def _warm_first_frame(self) -> None:
        if not self.screen.first_paint_held:
            return  # drawn by the frame itself
        self._warming = self._draw_ahead(self._items_in_view())
        self._warm_step()

    def _first_paint_out(self) -> None:
        self._warm_after_first_paint = False
        self.warm_soon()

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
        item_at = self.rows.item_at
        top = round(self.scroll_offset.y)
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

    def _items_in_view(self) -> list[tuple[int, bool]]:
        """``(index, highlighted)`` of the items the view shows."""
        height = self.scrollable_content_region.height
        if height <= 0 or not self.option_count:
            return []
        item_at = self.rows.item_at
        top = round(self.scroll_offset.y)
        cursor = self.highlighted
        return [(i, i == cursor) for i in range(item_at(top), item_at(top + height - 1) + 1)]

    def _draw_ahead(self, items: list[tuple[int, bool]] | None = None) -> Iterator[None]:
        """Render each wanted item (or each of ``items``) into OptionList's render cache,
        yielding after each."""
        render = getattr(self, "_get_option_render", None)
        if render is None:  # a Textual without it: nothing to warm, nothing breaks
            return
        plain = self.get_visual_style("option-list--option")
        cursor = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        for index, highlighted in self.warm_items() if items is None else items:
            if index < self.option_count:
                render(self.get_option_at_index(index), cursor if highlighted else plain)
                yield
