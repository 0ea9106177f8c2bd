"""The feed items screen (``tui-reader feeds``): every item of the feeds, newest first, the
feed's name as the source, unread ones marked; Enter fetches the page, imports it and reads it.

The store is read and written on the app's thread only; fetching a page and updating the feeds
run in threads of their own (the update with its own connection to the store) and post what
they find back. An item whose page was fetched once opens from the import cache, with no
network; one whose page cannot be fetched opens on the feed's own summary, and says so.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from tui.feeds.store import FeedStore, Item
from tui.model.errors import ContentInvalid
from tui.model.inert import inert
from tui.model.loader import DEFAULT_MAX_BYTES, load_article
from tui.widgets.feed_list import FeedList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.prompt import Line, Prompt

UNREAD_MARK = "●"


def item_prompt(item: Item) -> Prompt:
    """Two lines: the mark and title, then date · feed · why the page failed · link, each cut
    with an ellipsis. Inert: all of it came from a feed someone else wrote."""
    mark = UNREAD_MARK if not item.read else " "
    when = dt.datetime.fromtimestamp(item.published, dt.UTC).strftime("%Y-%m-%d %H:%M")
    failed = f"page not fetched: {item.page_error}" if item.page_error else ""
    details = " · ".join(part for part in (when, item.feed_name, failed, item.link or "") if part)
    title = Content.styled(f"{mark} {inert(item.title)}", "bold" if not item.read else "")
    return Prompt(
        [
            Line(title, wraps=False),
            # Not dim: dimmed on the cursor's colour it fell below a contrast of 3:1.
            Line(Content(f"  {inert(details)}"), wraps=False),
        ]
    )


class FeedItemsScreen(Screen[None]):
    """Lists the items of the feeds; Enter reads one, Escape in the reader comes back."""

    # DEFAULT_CSS, not a CSS_PATH file: Textual 8.2 reads a screen's CSS_PATH when it is pushed
    # or a mode's, never for the app's default screen, which this one is (``tui-reader feeds``).
    # Theme variables only, so every theme (and ANSI) works.
    DEFAULT_CSS = """
    FeedItemsScreen {
        layout: vertical;
    }

    /* One row, whatever it says: what does not fit is cut with an ellipsis, the least
       needed last (the counts, then the link of a fetch). */
    FeedItemsScreen #items-status {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS = [
        # First: shown only while a page is fetched (``check_action``), and then it matters most.
        Binding("escape", "cancel", "Cancel", tooltip="Stop fetching the page"),
        # Update before the marks: where the footer has room for two keys beside Enter.
        Binding("u", "update", "Update", tooltip="Fetch the feeds in the background"),
        Binding("r", "toggle_read", "Read/unread", tooltip="Mark the item read or unread"),
        Binding("A", "all_read", "All read", tooltip="Mark every item read"),
    ]

    class PageFetched(Message):
        """From a fetch's thread: the item's page imported (``path``), or why not."""

        def __init__(self, item_id: int, path: str | None, error: str | None) -> None:
            super().__init__()
            self.item_id, self.path, self.error = item_id, path, error

    class UpdateProgress(Message):
        """From the update's thread: how far it is; when ``done``, each failed feed's line."""

        def __init__(self, line: str, done: bool = False, failed: tuple[str, ...] = ()) -> None:
            super().__init__()
            self.line, self.done, self.failed = line, done, failed

    def __init__(
        self, store_path: Path, urls: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        super().__init__()
        self.store = FeedStore(store_path)
        self._urls = urls
        self._max_bytes = max_bytes
        self._items: list[Item] = []
        self._fetching: Worker | None = None
        self._fetch_started = 0.0
        self._fetch_timer: Timer | None = None
        self._notice = ""
        self._updating = ""

    def compose(self) -> ComposeResult:
        yield FeedList(id="items", markup=False)
        yield Static(id="items-status", markup=False)
        yield KeyFooter()

    @property
    def item_list(self) -> FeedList:
        return self.query_one("#items", FeedList)

    @property
    def items(self) -> list[Item]:
        return self._items

    @property
    def status_text(self) -> str:
        return str(self.query_one("#items-status", Static).render())

    def on_mount(self) -> None:
        self.item_list.border_title = "Feeds"
        self._reload()
        self.item_list.focus()

    def on_screen_resume(self) -> None:
        """Back from the reader (which pops itself): the item is read now."""
        if self.is_mounted:
            self._reload()

    def on_unmount(self) -> None:
        self.store.close()

    def _reload(self) -> None:
        current = self.item_list.highlighted
        keep = self._items[current].id if current is not None and self._items else None
        self._items = self.store.items(feed_urls=self._urls)
        self.item_list.set_options(Option(item_prompt(item)) for item in self._items)
        if self._items:
            ids = [item.id for item in self._items]
            self.item_list.highlighted = ids.index(keep) if keep in ids else 0
        self._update_status()

    @property
    def current_item(self) -> Item | None:
        index = self.item_list.highlighted
        return self._items[index] if index is not None and index < len(self._items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self._fetching is not None  # shown (and taken) only while a page is fetched
        if action == "update":
            return None if self._updating else True  # dim while an update runs
        return True

    # --- Read state ------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        if (item := self.current_item) is not None:
            self.store.set_read([item.id], not item.read)
            self._reload()

    def action_all_read(self) -> None:
        self.store.set_read([item.id for item in self._items])
        self._reload()

    # --- Update ------------------------------------------------------------------------------

    def action_update(self) -> None:
        if self._updating:
            return
        self._updating = f"Updating 0 of {len(self._urls)} feeds…"
        self.refresh_bindings()
        self._update_status()
        self._run_update()

    @work(thread=True, exclusive=True, group="feed-update")
    def _run_update(self) -> None:
        from tui.feeds.update import update_feeds

        done = [0]
        errors: list[str] = []

        def each(result) -> None:
            done[0] += 1
            if result.error:
                errors.append(result.line())
            line = f"Updating {done[0]} of {len(self._urls)} feeds…"
            self.post_message(self.UpdateProgress(line))

        with FeedStore(self.store.path) as store:  # this thread's own connection
            results = update_feeds(store, self._urls, each=each)
        new = sum(result.new for result in results)
        line = f"Updated: {new:,} new" + (f", {len(errors)} failed" if errors else "")
        self.post_message(self.UpdateProgress(line, done=True, failed=tuple(errors)))

    def on_feed_items_screen_update_progress(self, message: UpdateProgress) -> None:
        if message.done:
            self._updating = ""
            self.refresh_bindings()
            self._notice = message.line
            self._reload()
            if message.failed:  # which feeds, and why: the status line has room for a count
                lines = "\n".join(inert(line) for line in message.failed)
                self.app.notify(lines, title="Feeds not read", severity="warning", markup=False)
        else:
            self._updating = message.line
            self._update_status()

    # --- Opening -----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_item(event.option_index)

    def open_item(self, index: int) -> None:
        """Reads the item: from the cache if its page was fetched, else fetched now."""
        if not 0 <= index < len(self._items) or self._fetching is not None:
            return
        item = self._items[index]
        if item.article and os.path.isfile(item.article):
            self._read(item, Path(item.article))
            return
        from tui.feeds.update import page_wanted

        if not page_wanted(item):
            self._read_summary(item, "the item links to no web page")
            return
        self._fetch_started = time.monotonic()
        self._fetching = self._fetch_page(item)
        self._fetch_timer = self.set_interval(0.5, self._update_status)
        self.refresh_bindings()
        self._update_status()

    @work(thread=True, exclusive=True, group="feed-page")
    def _fetch_page(self, item: Item) -> None:
        from tui.feeds.update import import_page

        path, error = import_page(item, max_bytes=self._max_bytes)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageFetched(item.id, path, error))

    def action_cancel(self) -> None:
        if self._fetching is not None:
            self._fetching.cancel()
            self._end_fetch()
            self._notice = "Cancelled"
            self._update_status()

    def _end_fetch(self) -> None:
        self._fetching = None
        self.refresh_bindings()
        if self._fetch_timer is not None:
            self._fetch_timer.stop()
            self._fetch_timer = None

    def on_feed_items_screen_page_fetched(self, message: PageFetched) -> None:
        if self._fetching is None:
            return  # cancelled meanwhile
        self._end_fetch()
        self.store.record_page(message.item_id, message.path, message.error)
        item = self.store.item(message.item_id)
        if item is None:
            return
        if message.path is not None:
            self._read(item, Path(message.path))
        else:
            self._read_summary(item, message.error or "it could not be fetched")

    def _read(self, item: Item, path: Path) -> None:
        try:
            article = load_article(path, max_bytes=self._max_bytes)
        except ContentInvalid as invalid:
            self._notice = f"Cannot open {inert(item.title)}: {invalid.errors[0]}"
            self._update_status()
            return
        self._open_article(item, article.imported_from(item.link))

    def _read_summary(self, item: Item, why: str) -> None:
        """The feed's own summary as an article, saying the page could not be read."""
        from tui.feeds.summary import summary_article

        made = summary_article(item, why)
        if isinstance(made, str):
            self._notice = f"Cannot open {inert(item.title)}: {made}"
            self._update_status()
            return
        self.app.notify(
            f"The page could not be fetched ({why}): this is the feed's summary.",
            severity="warning",
            markup=False,
        )
        self._open_article(item, made)

    def _open_article(self, item: Item, article) -> None:
        from tui.screens.reader import ReaderScreen

        if not item.read:
            self.store.set_read([item.id])
        self._notice = ""
        self.app.push_screen(ReaderScreen(article))

    # --- Status ------------------------------------------------------------------------------

    def _update_status(self) -> None:
        """What is going on first (a fetch, an update, the last notice), then the counts: on
        a narrow screen the line is cut at its end, and the counts are what is least missed."""
        unread = sum(1 for item in self._items if not item.read)
        counts = f"{len(self._items):,} items · {unread:,} unread"
        if not self._items:
            counts = "No items yet: u fetches the feeds (or run tui-reader update)"
        parts = [self._updating, inert(self._notice), counts]
        if self._fetching is not None and (item := self.current_item) is not None:
            seconds = time.monotonic() - self._fetch_started
            # The link last, the least needed: the line is cut there.
            fetching = (
                f"Fetching the page, {seconds:.0f} s · Esc cancels · {inert(item.link or '')}"
            )
            parts = [self._updating, fetching]
        text = " · ".join(part for part in parts if part)
        self.query_one("#items-status", Static).update(text)
