"""``tui-reader update [--feeds-only]``: fetches every feed subscribed to and stores its new
items, then (unless ``--feeds-only``) imports the new items' pages into the import cache, so
that they open with no network. One line per feed, ``URL: N new`` or ``URL: error: ...``; a
progress bar on a terminal. Exit status 0 when any feed was read, 2 when none could be."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui.terminal_lines import print_line

EXIT_INVALID = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from tui.cli import add_max_bytes

    parser.description = (
        "Fetch every feed of tui-reader feeds list (a few at once, each within a timeout, asking"
        " only for what changed since the last update) and store its new items; then fetch"
        " and import the new items' pages, so that they open with no network. One line per"
        " feed: URL: N new, or URL: error: what went wrong. Exit status 0 when any feed was"
        " read, 2 when none could be."
    )
    parser.add_argument(
        "--feeds-only", action="store_true", help="store the new items; fetch no pages"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="per feed (default 10)"
    )
    add_max_bytes(parser)


def run(argv: Sequence[str]) -> int:
    from tui.cli import _subcommand_parser

    args = _subcommand_parser("update", add_arguments).parse_args(argv)
    from tui.feeds.store import FeedStore, StoreError
    from tui.feeds.update import fetch_pages, update_feeds
    from tui.feeds.urls import UrlsFile

    try:
        urls = UrlsFile.read().urls()
    except OSError as error:
        return _cannot(f"cannot read the feeds: {error.strerror or error}")
    if not urls:
        return _cannot("no feeds to update: tui-reader feeds add URL subscribes to one")
    try:
        store = FeedStore()
    except StoreError as error:
        return _cannot(str(error))
    progress = Progress(len(urls), "feeds")
    with store:
        results = update_feeds(
            store, urls, timeout=args.timeout, each=lambda result: progress.done(result.line())
        )
        progress.end()
        read = [result for result in results if result.error is None]
        if read and not args.feeds_only:
            subscribed = set(urls)
            items = [
                item
                for item in store.items(feed_urls=subscribed)
                if not item.read and item.article is None and item.page_error is None
            ]
            from tui.feeds.update import MAX_PAGES, page_wanted

            wanted = [item for item in items if page_wanted(item)][:MAX_PAGES]
            if wanted:
                pages = Progress(len(wanted), "pages")
                imported = fetch_pages(
                    store, wanted, max_bytes=args.max_bytes, each=lambda *_: pages.done(None)
                )
                pages.end()
                print_line(sys.stdout, f"{imported} of {len(wanted)} new pages imported")
    return 0 if read else EXIT_INVALID


class Progress:
    """A bar on the last line of a terminal (redrawn in place); nothing in a pipe."""

    WIDTH = 30

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.count = total, what, 0
        self.shown = sys.stdout.isatty()
        self._draw()

    def done(self, line: str | None) -> None:
        self.count += 1
        if line is not None:
            self._clear()
            print_line(sys.stdout, line)
        self._draw()

    def end(self) -> None:
        self._clear()

    def _draw(self) -> None:
        if self.shown:
            filled = self.WIDTH * self.count // max(1, self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            print_line(sys.stdout, f"[{bar}] {self.count}/{self.total} {self.what}", end="\r")
            sys.stdout.flush()

    def _clear(self) -> None:
        if self.shown:
            print_line(sys.stdout, " " * (self.WIDTH + 24), end="\r")


def _cannot(line: str) -> int:
    print_line(sys.stderr, f"tui-reader update: {line}")
    return EXIT_INVALID
