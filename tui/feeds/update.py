"""Every feed fetched and its new items stored: ``update_feeds`` (and ``fetch_pages``, the new
items' pages imported into the import cache). Pure: no Textual.

The feeds are fetched concurrently, at most ``MAX_WORKERS`` at once, each within the import's
limits (``tui.importer.fetch``: a timeout, a size, redirects) and conditionally, with the
``ETag`` and ``Last-Modified`` of its last answer. feedparser parses the bytes fetched here
(it never fetches anything itself). The store is written from the calling thread only, one
transaction per feed, so a feed read is stored whole or not at all.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from tui.feeds.store import FeedStore, Item, NewItem
from tui.importer.fetch import FEED_ACCEPT, FEED_TYPES, Fetched, FetchError, Request, fetch
from tui.model.sanitize import clean_text

#: Feeds fetched at once, and pages.
MAX_WORKERS = 4
#: Seconds each feed (and page) may take in all.
TIMEOUT_SECONDS = 10.0
#: A feed is rarely over a megabyte; a podcast's with years of items may be a few.
MAX_FEED_BYTES = 8 * 2**20
#: New items' pages fetched and imported by one update at most (the rest open when asked for).
MAX_PAGES = 20
#: Characters kept of an item's title and summary.
MAX_TITLE_CHARS = 500
MAX_SUMMARY_CHARS = 20_000
MAX_DETAIL_CHARS = 120


@dataclass(frozen=True)
class FeedResult:
    """One feed's update: how many items were new, or what went wrong."""

    url: str
    new: int = 0
    error: str | None = None
    unchanged: bool = False

    def line(self) -> str:
        """``URL: N new`` or ``URL: error: what went wrong``."""
        if self.error is not None:
            return f"{self.url}: error: {self.error}"
        return f"{self.url}: {self.new} new" + (" (not modified)" if self.unchanged else "")


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[NewItem]


def parse_feed(fetched: Fetched, *, now: float | None = None) -> ParsedFeed | str:
    """The feed's name and items, or why the bytes are not a feed."""
    import feedparser

    headers = {"content-location": fetched.url}
    if fetched.content_type:
        charset = f"; charset={fetched.charset}" if fetched.charset else ""
        headers["content-type"] = f"{fetched.content_type}{charset}"
    # Bytes in a stream: a string would be taken for an address or a file name.
    parsed = feedparser.parse(io.BytesIO(fetched.data), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({_detail(problem)})" if problem else ""
        return f"not an RSS or Atom feed{detail}"
    seen = time.time() if now is None else now
    items: dict[str, NewItem] = {}
    for entry in parsed.entries:
        made = _item(entry, seen)
        items.setdefault(made.guid, made)
    return ParsedFeed(_line(parsed.feed.get("title", ""), MAX_TITLE_CHARS), list(items.values()))


def _item(entry: dict, seen: float) -> NewItem:
    link = entry.get("link") or None
    title = _line(entry.get("title", ""), MAX_TITLE_CHARS)
    summary = _plain(entry.get("summary", ""))[:MAX_SUMMARY_CHARS]
    guid = entry.get("id") or link
    if not guid:  # neither guid nor link: the item is what it says
        guid = "sha256:" + hashlib.sha256(f"{title}\0{summary}".encode()).hexdigest()
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = float(calendar.timegm(when)) if when else seen
    return NewItem(str(guid)[:2000], title or (link or "untitled"), link, summary, published)


def _line(text: str, limit: int) -> str:
    return " ".join(clean_text(_plain(text)).split())[:limit]


def _plain(html: str) -> str:
    """The text of a summary (feedparser has sanitised its HTML): tags out, entities read."""
    from html.parser import HTMLParser

    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in ("p", "br", "div", "li", "h1", "h2", "h3", "blockquote"):
                parts.append("\n\n")

    reader = Text(convert_charrefs=True)
    reader.feed(html)
    reader.close()
    paragraphs = ("".join(parts)).split("\n\n")
    return clean_text("\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()))


def _detail(problem: object) -> str:
    return " ".join(clean_text(str(problem)).split())[:MAX_DETAIL_CHARS] or "no detail"


def _fetch_feed(url: str, request: Request, timeout: float) -> Fetched | FetchError | ParsedFeed:
    fetched = fetch(url, timeout=timeout, max_bytes=MAX_FEED_BYTES, request=request)
    if isinstance(fetched, FetchError) or fetched.status == 304:
        return fetched
    try:
        parsed = parse_feed(fetched)
    except Exception as error:  # a bug in the parser on odd bytes: this feed fails, not all
        return FetchError(url, f"the feed could not be parsed ({type(error).__name__})")
    if isinstance(parsed, str):
        return FetchError(url, parsed)
    # The validators ride along with the parsed feed.
    return _Read(parsed.title, parsed.items, fetched.etag, fetched.last_modified)


@dataclass(frozen=True)
class _Read(ParsedFeed):
    etag: str | None
    last_modified: str | None


def update_feeds(
    store: FeedStore,
    urls: Sequence[str],
    *,
    timeout: float = TIMEOUT_SECONDS,
    workers: int = MAX_WORKERS,
    each: Callable[[FeedResult], None] | None = None,
) -> list[FeedResult]:
    """Fetches every feed (``workers`` at once) and stores what is new; ``each`` is told of
    each feed as it is done. The results in the order of ``urls``."""
    feeds = {url: store.feed(url) for url in urls}
    results: dict[str, FeedResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="feed") as pool:
        futures = {
            pool.submit(
                _fetch_feed,
                url,
                Request(FEED_TYPES, FEED_ACCEPT, feed.etag, feed.last_modified),
                timeout,
            ): url
            for url, feed in feeds.items()
        }
        for future in as_completed(futures):
            url = futures[future]
            feed = feeds[url]
            outcome = future.result()
            if isinstance(outcome, FetchError):
                store.record_error(feed, outcome.message)
                result = FeedResult(url, error=outcome.message)
            elif isinstance(outcome, Fetched):  # 304: nothing new
                store.record_unchanged(feed)
                result = FeedResult(url, unchanged=True)
            else:
                new = store.record_items(
                    feed,
                    outcome.items,
                    title=outcome.title,
                    etag=outcome.etag,
                    last_modified=outcome.last_modified,
                )
                result = FeedResult(url, new)
            results[url] = result
            if each is not None:
                each(result)
    return [results[url] for url in dict.fromkeys(urls)]


def page_wanted(item: Item) -> bool:
    """An item whose page may be fetched: it links to an http(s) address (never a file)."""
    from tui.importer.pipeline import is_url

    return item.article is None and item.link is not None and is_url(item.link)


def import_page(item: Item, *, max_bytes: int) -> tuple[str | None, str | None]:
    """``(path of the cached import, None)`` of the item's page, or ``(None, why not)``."""
    from tui.import_cache import find_import
    from tui.importer.pipeline import ImportFailure

    assert item.link is not None
    try:
        found = find_import(item.link, max_bytes=max_bytes)
        made = found if isinstance(found, ImportFailure) else found.make()
    except Exception as error:  # a bug in a stage of the importer: this page fails, not all
        return None, f"the importer failed ({type(error).__name__})"
    if isinstance(made, ImportFailure):
        return None, made.problem
    return str(made), None


def fetch_pages(
    store: FeedStore,
    items: Sequence[Item],
    *,
    max_bytes: int,
    limit: int = MAX_PAGES,
    workers: int = MAX_WORKERS,
    each: Callable[[Item, str | None], None] | None = None,
) -> int:
    """Imports the pages of up to ``limit`` of ``items`` into the import cache (``workers``
    at once) and stores where each is; the number imported."""
    wanted = [item for item in items if page_wanted(item)][:limit]
    done = 0
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="page") as pool:
        futures = {pool.submit(import_page, item, max_bytes=max_bytes): item for item in wanted}
        for future in as_completed(futures):
            item = futures[future]
            path, error = future.result()
            store.record_page(item.id, path, error)
            done += path is not None
            if each is not None:
                each(item, error)
    return done
