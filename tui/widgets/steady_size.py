"""For a ScrollView: take a layout pass only when its size, container or gutter changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size, Spacing
from textual.scroll_view import ScrollView

# A mixin, put before the ScrollView it steadies (Textual merges COMPONENT_CLASSES along the
# first base only: a ScrollView subclass first would hide OptionList's).
_Base = ScrollView if TYPE_CHECKING else object


class SteadySize(_Base):
    """Textual 8.2.8's ScrollView takes every layout pass for a new size (it compares the
    parent's size with its own less its gutter) and repaints its scrollbar: over SSH 1.3 to
    1.8 KB after each pass, a second burst behind the key or the first frame that asked for
    the pass. Here a pass that changes nothing the view depends on is skipped.

    ``_sized_again`` runs after a pass that is taken, before what it gave is kept: a list that
    counts its rows there has them in the pass's own frame."""

    #: What the last layout pass gave (size, container, virtual size, gutter).
    _sized: tuple[Size, Size, Size, Spacing] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if (size, container_size, self.virtual_size, self.styles.gutter) == self._sized:
            return False
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        self._sized_again()
        self._sized = (size, container_size, self.virtual_size, self.styles.gutter)
        return changed

    def _sized_again(self) -> None:
        """After a layout pass that changed something: nothing here."""

    def _virtual_size_kept(self, virtual_size: Size) -> None:
        """The virtual size was changed outside a layout pass, as the pass would have."""
        if self._sized is not None:
            size, container, _, gutter = self._sized
            self._sized = (size, container, virtual_size, gutter)
