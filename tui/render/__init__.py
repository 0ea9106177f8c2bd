"""Pure text renderers of an article (plain text, Markdown, JSON, HTML); no Textual import."""

from __future__ import annotations

from tui.model.article import Article


def render(article: Article, format: str) -> str:
    """The article in ``format``: ``txt``, ``md``, ``json`` or ``html``."""
    if format == "txt":
        from tui.linear.document import render_plain

        return render_plain(article)
    if format == "md":
        from tui.render.markdown import render_markdown

        return render_markdown(article)
    if format == "json":
        from tui.render.json_export import render_json

        return render_json(article)
    if format == "html":
        from tui.render.html import render_html

        return render_html(article)
    raise ValueError(f"unknown format {format!r}")
