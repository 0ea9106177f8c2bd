"""A small feed store as a person's would be after an update or two: items read and unread,
titles too long for a narrow screen, one item whose page could not be fetched."""

from __future__ import annotations

import calendar
from pathlib import Path

from tui.feeds.store import FeedStore, NewItem

HARBOUR = "https://harbour.example/rss.xml"
SCIENCE = "https://science.example/atom.xml"
LONG_TITLE = (
    "Council votes to close the old harbour bridge to cars from next spring after engineers"
    " find corrosion in two piers"
)


def _when(*date: int) -> float:
    return float(calendar.timegm((*date, 0, 0)))


def sample_store(path: Path) -> list[str]:
    """Fills the store at ``path``; the feeds' addresses, as the ``urls`` file would list them."""
    with FeedStore(path) as store:
        harbour, science = store.feed(HARBOUR), store.feed(SCIENCE)
        page = "https://harbour.example/news/"
        store.record_items(
            harbour,
            [
                NewItem(
                    "h1", LONG_TITLE, page + "bridge.html", "The bridge.", _when(2024, 3, 5, 8)
                ),
                NewItem(
                    "h2",
                    "Shops on the north bank fear for their trade",
                    page + "shops.html",
                    "Shops.",
                    _when(2024, 3, 3, 8),
                ),
                NewItem(
                    "h3", "Ferry timetable", page + "ferry.html", "Ferries.", _when(2024, 3, 2, 8)
                ),
            ],
            title="The Harbour Times",
            etag=None,
            last_modified=None,
        )
        store.record_items(
            science,
            [
                NewItem(
                    "s1",
                    "Corrosion found in bridge piers",
                    "https://science.example/piers",
                    "Piers.",
                    _when(2024, 3, 4, 9),
                ),
                NewItem(
                    "s2",
                    "A page that is gone",
                    "https://science.example/gone",
                    "The summary of a page that cannot be fetched.",
                    _when(2024, 3, 1, 9),
                ),
            ],
            title="Science Weekly",
            etag=None,
            last_modified=None,
        )
        items = {item.guid: item for item in store.items()}
        store.set_read([items["h2"].id, items["h3"].id])
        store.record_page(items["s2"].id, None, "HTTP error 404 (Not Found)")
    return [HARBOUR, SCIENCE]
