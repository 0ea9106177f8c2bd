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


class ArticleHeader(Static):
    """The article's masthead. With the ``-compact`` class only the title shows, on one line."""

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
        self._refresh_content()

    def set_compact(self, compact: bool) -> None:
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            self._refresh_content()

    def set_meta(self, meta: Meta) -> None:
        self._meta = meta
        self._refresh_content()

    def _refresh_content(self) -> None:
        meta = self._meta
        if self.has_class("-compact"):
            self.update(Content.styled(meta.title, "bold"))
            return
        parts: list[str | tuple[str, str]] = [(meta.title, "bold")]
        if meta.subtitle:
            parts += ["\n", (meta.subtitle, "italic")]
        if line := byline(meta):
            parts += ["\n", (line, "dim")]
        self.update(Content.assemble(*parts))
