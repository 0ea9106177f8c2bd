"""The article as Markdown, every character of content escaped so none of it becomes markup."""

from __future__ import annotations

import re

from tui.model.article import Article, Figure, Paragraph, PullQuote, Subheading
from tui.render.common import byline, fact_details, quote_reference

#: Characters that start emphasis, code, links, images, HTML, tables or entities anywhere.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
#: What starts a heading, list, quote or rule at the start of a line.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """``text`` as literal Markdown (CommonMark backslash escapes): links such as
    ``[x](file:///etc)``, ``<https://...>`` and HTML stay the characters written."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    # A blank line would end a list item or block quote early.
    return re.sub(r"\n\s*\n", "\n", text)


def render_markdown(article: Article) -> str:
    meta = article.meta
    out: list[str] = [f"# {escape(meta.title)}"]
    if meta.subtitle:
        out += ["", f"*{escape(meta.subtitle)}*"]
    if lines := byline(article):
        out += ["", *(f"{escape(line)}  " for line in lines)]
    for block in article.blocks:
        out.append("")
        if isinstance(block, Paragraph):
            out.append(escape(block.text))
        elif isinstance(block, Subheading):
            out.append(f"## {escape(block.text)}")
        elif isinstance(block, Figure):
            credit = f" ({escape(block.credit)})" if block.credit else ""
            out.append(f"*Figure: {escape(block.caption)}{credit}*")
        elif isinstance(block, PullQuote):
            speaker = article.speakers_by_id.get(block.speaker_id or "")
            who = f" — {escape(speaker.name)}" if speaker else ""
            out.append(f"> “{escape(block.text)}”{who}")
    if article.quotes:
        out += ["", "## Quotes", ""]
        for number, quote in enumerate(article.quotes, 1):
            speaker = article.speaker_of(quote)
            out.append(
                f"{number}. “{escape(quote.text)}” — **{escape(speaker.attribution)}**"
                f" ({escape(quote_reference(article, quote))})"
            )
    if article.facts:
        out += ["", "## Facts", ""]
        for fact in article.facts:
            details = fact_details(article, fact)
            out.append(f"- **{escape(fact.label)}**: {escape(fact.value)} ({escape(details)})")
    return "\n".join(out) + "\n"
