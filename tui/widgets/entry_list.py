"""The library's list: tens of thousands of entries of two rows each, drawn only where they show.

An OptionList keeps an ``Option`` per entry and a table of every row, both rebuilt when its
options are set: at each key of the library's filter, 10,000 entries cost 40-60 ms a key before
anything was drawn. Here the list is a sequence of visuals, one per entry, all of one height;
the filter hands it a new sequence, which costs nothing to set, and drawing touches only the
rows in view (their drawings are cached, so a key that keeps an entry in view redraws it free).

The cursor is the list's current entry. Moving it repaints the rows of two entries, not the
view, and the view scrolls only when the cursor leaves it, by whole pages, with whole entries
at the top: over SSH each step down the list costs the bytes of two entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from tui.widgets.steady_size import SteadySize

#: Drawings kept: a few pages of entries, in each style they show in.
CACHED_DRAWINGS = 512


class _Frame(NamedTuple):
    """What each row of one frame is drawn with."""

    #: The view's top row, its width, and the row below the last whole entry in it.
    top: int
    width: int
    end: int
    #: The style of an entry, and of the cursor's.
    plain: Style
    current: Style


class EntryList(SteadySize, ScrollView, can_focus=True):
    """Entries of ``ROWS`` rows each, a cursor on one of them; Enter or a click selects it."""

    ROWS: ClassVar[int] = 2

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next article", show=False),
        Binding("up,k", "cursor_up", "Previous article", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First article", show=False),
        Binding("end,G,shift+g", "last", "Last article", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-list--entry", "entry-list--cursor"}

    DEFAULT_CSS = """
    EntryList {
        background: $surface;
        color: $foreground;
        padding: 0 1;
        overflow-x: hidden;
        /* The scrollbar's columns are kept whether it shows or not: the entries are laid out
           at one width, whatever the filter leaves. */
        scrollbar-gutter: stable;
        & > .entry-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        /* Where a theme has no colour for the cursor (ansi-dark, ansi-light) or colours are
           off (NO_COLOR): reverse video. */
        &:ansi > .entry-list--cursor, &:nocolor > .entry-list--cursor {
            text-style: reverse;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .entry-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        &:nocolor:focus > .entry-list--cursor {
            text-style: reverse bold;
        }
    }
    """

    #: The current entry's index, or None for an empty list.
    highlighted: reactive[int | None] = reactive(None, repaint=False, init=False)

    class Selected(Message):
        """Enter or a click on entry ``index``."""

        def __init__(self, entry_list: EntryList, index: int) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.index = index

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Entries hold no links: Textual would restyle each strip drawn for them (a new strip
        # a row).
        self.auto_links = False
        self._entries: Sequence[Visual] = ()
        self._frame: _Frame | None = None
        self._drawings: LRUCache[tuple[Visual, int, Style], list[Strip]] = LRUCache(CACHED_DRAWINGS)

    # --- What is listed ----------------------------------------------------------------------

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    def entry_at(self, index: int) -> Visual:
        return self._entries[index]

    def set_entries(self, entries: Sequence[Visual], highlighted: int | None = 0) -> None:
        """List ``entries`` (kept, not copied: do not change the sequence afterwards) with the
        cursor on ``highlighted`` (clamped to the list; None only for no entries). The view
        goes to the top unless the cursor would be out of it."""
        shown = self._in_view()
        self._entries = entries
        if self._top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._update_virtual_size()
        self.set_reactive(EntryList.highlighted, self._clamped(highlighted))
        self.scroll_to_cursor()
        if self._in_view() != shown:
            # A key of the filter that leaves the view as it was (``a`` where every title
            # holds one) repaints nothing: over SSH, no bytes.
            self.refresh()

    def _in_view(self) -> tuple[int, int | None, list[Visual]]:
        """What the view shows: where it starts, the cursor, and the entries in it."""
        top = self._top
        first = top // self.ROWS
        return top, self.highlighted, list(self._entries[first : first + self._page + 1])

    def _clamped(self, index: int | None) -> int | None:
        if not self._entries:
            return None
        return min(max(index or 0, 0), len(self._entries) - 1)

    def validate_highlighted(self, index: int | None) -> int | None:
        return self._clamped(index)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        top = self._top
        self.scroll_to_cursor()
        if self._top != top:
            return  # the view scrolled, which repaints it whole
        for index in (old, new):
            if index is not None and index < len(self._entries):
                self.refresh_lines(index * self.ROWS, self.ROWS)

    # --- Layout and scrolling ----------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        size = Size(width, len(self._entries) * self.ROWS)
        if size == self.virtual_size:
            return
        # Without the layout pass that ``Widget.virtual_size`` asks for: the list's own size
        # does not change with its entries. A filter key that changed the count was drawn in
        # two frames (the rows, then the scrollbar from the layout pass 15-20 ms later): the
        # scrollbar now follows in the key's own frame. ``_scroll_update`` is private (Textual
        # 8.2.8); tests/test_entry_list.py fails if an upgrade drops it.
        self.set_reactive(EntryList.virtual_size, size)
        self._scroll_update(size)
        self._virtual_size_kept(size)

    def _sized_again(self) -> None:
        self._update_virtual_size()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.scroll_to_cursor()

    @property
    def _top(self) -> int:
        return round(self.scroll_offset.y)

    @property
    def _page(self) -> int:
        """Whole entries the view shows (one at least)."""
        return max(1, self.scrollable_content_region.height // self.ROWS)

    def scroll_to_cursor(self) -> None:
        """Scroll only when the cursor's entry is out of view, and then by a page: past the
        bottom it comes to the top, past the top to the bottom. The top row is always an
        entry's first."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        first = index * self.ROWS
        page = self._page * self.ROWS
        top = self._top
        if top % self.ROWS == 0 and top <= first < top + page:
            return
        target = first if first >= top else first - page + self.ROWS
        self.scroll_to(y=max(0, target), animate=False, force=True, immediate=True)

    @property
    def max_scroll_y(self) -> int:
        """The last entry shows at the bottom from a whole entry at the top."""
        rows = len(self._entries) * self.ROWS
        page = self._page * self.ROWS
        return max(0, rows - page)

    # --- Keys and the mouse --------------------------------------------------------------------

    def _move(self, index: int) -> None:
        if self._entries:
            self.highlighted = index

    def action_cursor_down(self) -> None:
        self._move((self.highlighted or 0) + 1 if self.highlighted is not None else 0)

    def action_cursor_up(self) -> None:
        self._move((self.highlighted or 0) - 1)

    def action_page_down(self) -> None:
        self._move((self.highlighted or 0) + self._page)

    def action_page_up(self) -> None:
        self._move((self.highlighted or 0) - self._page)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._entries) - 1)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._entries:
            return
        index = (self._top + offset.y) // self.ROWS
        if 0 <= index < len(self._entries):
            event.stop()
            self.highlighted = index
            self.action_select()

    # --- Drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every row of the frame needs, found once: Textual finds a widget's content
        # region and component styles anew at each call, a third of a page's drawing time.
        self._frame = self._new_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame or self._new_frame()
        row = frame.top + y
        index, line = divmod(row, self.ROWS)
        if row < 0 or index >= len(self._entries) or (index + 1) * self.ROWS > frame.end:
            # Past the end, or an entry the bottom of the view would cut: the next page has it.
            return Strip.blank(frame.width, frame.plain.rich_style)
        style = frame.current if index == self.highlighted else frame.plain
        strips = self._drawing(index, frame.width, style)
        return strips[line] if line < len(strips) else Strip.blank(frame.width)

    def _new_frame(self) -> _Frame:
        region = self.scrollable_content_region
        top = self._top
        return _Frame(
            top=top,
            width=region.width,
            end=top + max(1, region.height // self.ROWS) * self.ROWS,
            plain=self._style(False),
            current=self._style(True),
        )

    def _style(self, current: bool) -> Style:
        """The style entries are drawn in, with the ``reverse`` of the cursor's
        ``text-style``, which Textual's visual styles drop."""
        if not current:
            return self.get_visual_style("entry-list--entry")
        style = self.get_visual_style("entry-list--entry", "entry-list--cursor")
        if self.get_component_styles("entry-list--cursor").text_style.reverse:
            style += Style(reverse=True)
        return style

    def _drawing(self, index: int, width: int, style: Style) -> list[Strip]:
        entry = self._entries[index]
        key = (entry, width, style)
        strips = self._drawings.get(key)
        if strips is None:
            strips = [
                strip
                if strip.cell_length == width
                else strip.extend_cell_length(width, style.rich_style).crop(0, width)
                for strip in Visual.to_strips(self, entry, width, self.ROWS, style)
            ]
            self._drawings[key] = strips
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawings.clear()  # a new theme, or focus: the styles changed
