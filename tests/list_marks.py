"""What the screen shows of a list's current item: its rows as drawn, which are marked, and
whether a quote is current everywhere (list, body highlight, status line)."""

from __future__ import annotations

from tui.app import ReaderApp
from tui.screens.reader import ReaderScreen
from tui.widgets.item_list import ItemList


def reader(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def screen_rows(app: ReaderApp, items: ItemList) -> list[tuple[str, bool]]:
    """Each row of the list as the screen shows it (the compositor's strips, with what stayed
    from earlier frames): its text, and whether it is drawn in another style than the rows of
    the other items, told by the last cell of the row, which holds no text."""
    region = items.scrollable_content_region
    strips = app.screen._compositor.render_strips()
    rows = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        style = next(segment.style for segment in strip.crop(region.width - 1, region.width))
        rows.append((strip.text.rstrip(), (style.bgcolor, bool(style.reverse))))
    # A row of an item that is not the cursor's, or a blank one, has the list's own style.
    top = round(items.scroll_offset.y)
    current = items.highlighted
    starts = items.rows.starts()
    plain = next(
        key
        for row, (_, key) in enumerate(rows, top)
        if current is None or not starts[current] <= row < starts[current + 1]
    )
    return [(text, key != plain) for text, key in rows]


def marked_text(app: ReaderApp, items: ItemList) -> str:
    """The text of the rows the screen marks as the list's current item."""
    return " ".join(text.strip() for text, marked in screen_rows(app, items) if marked)


def assert_quote_shown_everywhere(app: ReaderApp, index: int) -> None:
    """Quote ``index`` of the list is current: marked on screen, highlighted in the body, named
    by the status line."""
    screen = reader(app)
    quotes = screen.quote_list
    quote = quotes.quotes[index]
    assert quotes.highlighted == index
    marked = marked_text(app, quotes)
    assert marked.startswith(screen.article.speaker_of(quote).name), marked
    assert " ".join(quote.text.split()[:2]) in marked, marked
    assert screen.body.highlighted_spans == quote.spans
    assert f"Quote {index + 1}/{len(quotes.quotes)}" in screen.status_line.text


def assert_nothing_current(app: ReaderApp) -> None:
    """No quote or fact is current: none marked, none highlighted, none named."""
    screen = reader(app)
    assert screen.quote_list.highlighted is None and screen.facts_panel.highlighted is None
    assert not screen.body.highlighted_spans
    assert "Quote " not in screen.status_line.text and "Fact " not in screen.status_line.text
    assert marked_text(app, screen.quote_list) == ""
    assert marked_text(app, screen.facts_panel) == ""
