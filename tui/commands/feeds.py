"""``tui-reader feeds [add URL... | remove URL... | list | import FILE.opml | export]``: the
feeds subscribed to, kept in the plain ``urls`` file (``tui.feeds.urls``); with no action, the
library of their items (``tui.screens.feed_items``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from tui.terminal_lines import print_line

EXIT_INVALID = 2


def parser() -> argparse.ArgumentParser:
    from tui.cli import ArgumentParser, add_max_bytes, add_screen_options

    command = ArgumentParser(
        prog="tui-reader feeds",
        description=(
            "The feeds you subscribe to (RSS or Atom), one address a line in the urls file of"
            " your config directory (~/.config/tui-reader/urls on Linux), which you may edit."
            " With no action: the list of their items, newest first (tui-reader update"
            " fetches them)."
        ),
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION", parser_class=ArgumentParser)
    add = actions.add_parser("add", help="subscribe to feeds")
    add.add_argument("urls", nargs="+", metavar="URL", help="an http(s):// feed address")
    remove = actions.add_parser("remove", help="unsubscribe (the feed's items are kept)")
    remove.add_argument("urls", nargs="+", metavar="URL")
    actions.add_parser("list", help="the feeds, one address a line")
    opml = actions.add_parser("import", help="subscribe to every feed of an OPML file")
    opml.add_argument("file", metavar="FILE.opml")
    actions.add_parser("export", help="the feeds as OPML 2.0 on standard output")
    add_max_bytes(command)
    add_screen_options(command)  # for the list of items, full screen
    return command


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    if args.action is None:
        from tui.commands.feed_items import read_items

        return read_items(args)
    from tui.feeds.urls import UrlsFile

    try:
        urls = UrlsFile.read()
    except OSError as error:
        return _cannot(f"cannot read the feeds: {error.strerror or error}")
    if args.action == "list":
        for url in urls.urls():
            print_line(sys.stdout, url)
        return 0
    if args.action == "export":
        return _export(urls.urls())
    if args.action == "remove":
        removed = urls.remove(args.urls)
        for url in args.urls:
            if url not in removed:
                print_line(sys.stderr, f"{url}: not subscribed")
        return _saved(urls, removed, "removed") if removed else EXIT_INVALID
    if args.action == "import":
        wanted = _outlines(args.file)
        if isinstance(wanted, int):
            return wanted
    else:
        wanted = args.urls
    good = [url for url in wanted if not _bad_address(url)]
    status = 0 if len(good) == len(wanted) else EXIT_INVALID
    added = urls.add(good)
    for url in good:
        if url not in added:
            print_line(sys.stdout, f"{url}: already subscribed")
    return (_saved(urls, added, "added") if added else 0) or status


def _bad_address(url: str) -> bool:
    """True (having said why) for what is not an http(s) address with a host."""
    try:
        parts = urlsplit(url)
        good = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        good = False
    if good and not any(c.isspace() for c in url):
        return False
    print_line(sys.stderr, f"{url}: not a feed address: give an http:// or https:// address")
    return True


def _outlines(path: str) -> list[str] | int:
    from tui.feeds.opml import OpmlError, read_opml

    try:
        return [outline.url for outline in read_opml(path)]
    except OpmlError as error:
        return _cannot(f"{path}: not an OPML file that can be read: {error}")
    except OSError as error:
        return _cannot(f"{path}: cannot read: {error.strerror or error}")


def _saved(urls, changed: list[str], what: str) -> int:
    try:
        urls.save()
    except OSError as error:
        return _cannot(f"{urls.path}: cannot write: {error.strerror or error}")
    for url in changed:
        print_line(sys.stdout, f"{url}: {what}")
    return 0


def _export(urls: list[str]) -> int:
    from tui.cli import _write_text
    from tui.feeds.opml import Outline, write_opml
    from tui.feeds.store import open_existing_store

    titles: dict[str, str] = {}
    store = open_existing_store()  # the names the feeds gave themselves when last read
    if store is not None:
        with store:
            titles = {feed.url: feed.title for feed in store.feeds() if feed.title}
    _write_text(write_opml([Outline(url, titles.get(url, "")) for url in urls]))
    return 0


def _cannot(line: str) -> int:
    print_line(sys.stderr, f"tui-reader feeds: {line}")
    return EXIT_INVALID
