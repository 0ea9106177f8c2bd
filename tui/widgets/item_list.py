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
