"""A feed item whose page cannot be fetched, read on the feed's own summary: ``summary_article``
imports the item's title and summary as a plain text, with a first paragraph that says so.
Pure: no Textual."""

from __future__ import annotations

from tui.feeds.store import Item
from tui.model.article import Article


def summary_text(item: Item, why: str) -> str:
    """The plain text imported: the title, the note, the summary (or that there is none)."""
    note = f"The page of this item could not be fetched ({why}); this is the feed's own summary."
    summary = item.summary.strip() or "The feed gives no summary of this item."
    return f"{item.title}\n\n{note}\n\n{summary}\n"


def summary_article(item: Item, why: str) -> Article | str:
    """The item's summary as an article (with its quotes and facts found), or why not."""
    from tui.importer.pipeline import ImportFailure, Raw, import_raw
    from tui.model.errors import ContentInvalid
    from tui.model.loader import parse_article

    source = item.link or item.guid
    raw = Raw(source, summary_text(item, why).encode("utf-8"), "text")
    imported = import_raw(raw)
    if isinstance(imported, ImportFailure):
        return imported.problem
    try:
        return parse_article(imported.yaml, source).imported_from(source)
    except ContentInvalid as invalid:
        return str(invalid.errors[0])
