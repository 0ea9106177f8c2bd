"""``tui-reader feeds`` with no action: the feed items screen on a terminal; in a pipe, one line
per item, newest first (``* `` marks the unread)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from tui.terminal_lines import print_line

EXIT_INVALID = 2


def read_items(args: argparse.Namespace) -> int:
    from tui.cli import full_screen_possible, theme_problem
    from tui.feeds.store import FeedStore, StoreError
    from tui.feeds.urls import UrlsFile

    if args.theme is not None and (problem := theme_problem(args.theme)):
        print_line(sys.stderr, problem)
        return EXIT_INVALID
    try:
        urls = UrlsFile.read().urls()
    except OSError as error:
        return _cannot(f"cannot read the feeds: {error.strerror or error}")
    if not urls:
        return _cannot("no feeds yet: tui-reader feeds add URL subscribes to one")
    try:
        store = FeedStore()
    except StoreError as error:
        return _cannot(str(error))
    if not full_screen_possible():
        with store:
            for item in store.items(feed_urls=urls):
                when = dt.datetime.fromtimestamp(item.published, dt.UTC).strftime("%Y-%m-%d")
                mark = " " if item.read else "*"
                line = f"{mark} {when} {item.feed_name}: {item.title} {item.link or ''}"
                print_line(sys.stdout, line.rstrip())
        return 0
    store.close()
    from tui.app import run
    from tui.screens.feed_items import FeedItemsScreen

    return run(
        None,
        screen=FeedItemsScreen(store.path, urls, max_bytes=args.max_bytes),
        max_bytes=args.max_bytes,
        theme=args.theme,
        animate=not args.no_animation,
        mouse=not args.no_mouse,
    )


def _cannot(line: str) -> int:
    print_line(sys.stderr, f"tui-reader feeds: {line}")
    return EXIT_INVALID
