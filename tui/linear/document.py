"""The article as plain text: what ``tui-reader PATH | less`` and ``export --format txt`` print."""

from __future__ import annotations

from tui.model.article import Article, Figure, Paragraph, PullQuote, Subheading
from tui.render.common import byline, continued, fact_details, quote_reference, series_line


def render_plain(article: Article) -> str:
    """Title, metadata, body, then the quotes with their speakers and the facts.

    Paragraphs are one line each (a pager or editor wraps them); the model's text is already
    sanitised, so the result holds no control character but newlines and tabs.
    """
    meta = article.meta
    out: list[str] = [meta.title, "=" * min(len(meta.title), 78)]
    if meta.subtitle:
        out += ["", meta.subtitle]
    if lines := byline(article):
        out += ["", *lines]
    for block in article.blocks:
        out.append("")
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Subheading):
            out += [block.text, "-" * min(len(block.text), 78)]
        elif isinstance(block, Figure):
            credit = f" ({block.credit})" if block.credit else ""
            out.append(f"[Figure: {block.caption}{credit}]")
        elif isinstance(block, PullQuote):
            speaker = article.speakers_by_id.get(block.speaker_id or "")
            out.append(f"  “{block.text}”" + (f" — {speaker.name}" if speaker else ""))
    if article.quotes:
        out += ["", "Quotes", "------"]
        for number, quote in enumerate(article.quotes, 1):
            speaker = article.speaker_of(quote)
            marker = f"{number}. "
            indent = " " * len(marker)
            # A quote over two paragraphs keeps its blank line, indented under its number.
            out += [
                "",
                continued(f"{marker}“{quote.text}”", indent),
                f"{indent}— {speaker.attribution} ({quote_reference(article, quote)})",
            ]
    if article.facts:
        out += ["", "Facts", "-----"]
        for fact in article.facts:
            details = fact_details(article, fact)
            out.append(f"- {fact.label}: {fact.value} ({details})")
            if series := series_line(fact):
                out.append(f"  {series}")
    return "\n".join(out) + "\n"
