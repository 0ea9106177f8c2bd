"""An OptionList that repaints only the items its cursor leaves and lands on.

OptionList repaints every visible row when the highlighted option changes. Over SSH every
repainted row costs bytes, so the quote list and the facts panel repaint the rows of two items
instead (a scroll still repaints everything).
"""

from __future__ import annotations

from itertools import accumulate

from textual.geometry import Region
from textual.reactive import reactive
from textual.widgets import OptionList


class ItemList(OptionList):
    """Base of the quote list and the facts panel. Call ``forget_rows`` when options change."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    _starts: list[int]
    _starts_width = -1

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        scrolled_from = self.scroll_offset.y
        super().watch_highlighted(new)
        if self.scroll_offset.y != scrolled_from:
            return  # the list scrolled, which repaints it whole
        starts = self._row_starts()
        width = self.outer_size.width
        for index in (old, new):
            if index is not None and index + 1 < len(starts):
                top = starts[index] - scrolled_from  # content rows, as refresh takes
                self.refresh(Region(0, top, width, starts[index + 1] - starts[index]))

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

    def _row_starts(self) -> list[int]:
        """The first content row of each item (and the end), summed with the same heights
        OptionList lays the items out by, at the current width."""
        width = self.scrollable_content_region.width
        if self._starts_width != width:
            rows = [option.prompt.get_height(self.styles, width) for option in self.options]
            self._starts = [0, *accumulate(rows)]
            self._starts_width = width
        return self._starts
