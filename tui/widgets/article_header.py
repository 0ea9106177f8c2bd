"""The header: title, subtitle, date, dateline and source, as the content file gives them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.model.article import Meta
from tui.render.common import published_human


def byline(meta: Meta) -> str:
    """The line under the title: date · dateline · outlet · authors (only what is given)."""
    parts = [
        published_human(meta.published) or "",
        meta.dateline or "",
        meta.source.outlet or "",
        ", ".join(meta.authors),
    ]
    return " · ".join(part for part in parts if part)


def short_date(meta: Meta) -> str:
    """The day of publication, short (``24 Feb 2022``), or nothing for an undated article."""
    published = meta.published
    return "" if published is None else f"{published.day} {published:%b %Y}"


def compact_line(meta: Meta, width: int) -> Content:
    """The title, cut with ``…`` where it must be, and the date at the right end."""
    date = short_date(meta)
    title = Content.styled(meta.title, "bold")
    if not date or width < len(date) + 8:  # no room for both: the title alone
        return title.truncate(width, ellipsis=True)
    room = width - len(date) - 2
    return Content.assemble(title.truncate(room, ellipsis=True, pad=True), "  ", (date, "dim"))


class ArticleHeader(Static):
    """The article's masthead. With the ``-compact`` class it is one line: the title and the
    date (``i`` shows everything)."""

    DEFAULT_CSS = """
    ArticleHeader {
        height: auto;
        background: $panel;
        padding: 0 1;
        &.-compact {
            height: 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    def __init__(self, meta: Meta, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._meta = meta
        #: The width the compact line was fitted to.
        self._compact_width = 0
        self._refresh_content()

    def set_compact(self, compact: bool) -> None:
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            self._refresh_content()

    def set_meta(self, meta: Meta) -> None:
        self._meta = meta
        self._refresh_content()

    def on_resize(self) -> None:
        if self.has_class("-compact") and self._compact_width != self.content_region.width:
            self._refresh_content()

    def _refresh_content(self) -> None:
        meta = self._meta
        if self.has_class("-compact"):
            # Before the first layout the width is the window's, less the padding.
            width = self.content_region.width or self.app.size.width - 2
            self._compact_width = width
            # One line whatever it says: no layout pass (a second repaint over SSH).
            self.update(compact_line(meta, width), layout=False)
            return
        parts: list[str | tuple[str, str]] = [(meta.title, "bold")]
        if meta.subtitle:
            parts += ["\n", (meta.subtitle, "italic")]
        if line := byline(meta):
            parts += ["\n", (line, "dim")]
        self.update(Content.assemble(*parts))
