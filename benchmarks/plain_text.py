"""An article as plain text (title, then one block per paragraph), for the baselines."""

from __future__ import annotations

from tui.model.article import Article, Figure, Paragraph, PullQuote, Subheading


def plain_text(article: Article) -> str:
    """Title first, then every block's text, blocks separated by one blank line."""
    meta = article.meta
    parts = [meta.title]
    if meta.subtitle:
        parts.append(meta.subtitle)
    for block in article.blocks:
        if isinstance(block, Paragraph | Subheading | PullQuote):
            parts.append(block.text)
        elif isinstance(block, Figure):
            parts.append(block.caption)
    return "\n\n".join(parts) + "\n"
