"""The list of feed items: the reader's item list (whole items, j/k, the current item marked in
every theme, with colours or without), with Enter named in the footer: it opens the item."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from tui.widgets.item_list import ItemList


class FeedList(ItemList):
    """One item of a feed per option (``tui.screens.feed_items.item_prompt``); Enter sends
    ``OptionSelected``, which the screen opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown: the key that reads an item is the first a person looks for.
        Binding("enter", "select", "Open", tooltip="Fetch the page and read it"),
    ]

    # As the reader's lists (tui/reader.tcss): where a theme has no colour for the cursor
    # (ansi-dark, ansi-light) or colours are off (NO_COLOR), reverse video marks it; the
    # unread items are bold, so the cursor is not told by bold alone.
    DEFAULT_CSS = """
    FeedList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: tall $border-blurred;
        border-title-color: $foreground-muted;
        &:focus {
            border: tall $border;
            border-title-color: $border;
        }
        & > .option-list--option-highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:ansi > .option-list--option-highlighted,
        &:nocolor > .option-list--option-highlighted {
            text-style: reverse;
        }
        &:focus > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        &:nocolor:focus > .option-list--option-highlighted {
            text-style: reverse bold;
        }
    }
    """
