"""The article as Markdown, every character of content escaped so none of it becomes markup."""

from __future__ import annotations

import re

from tui.model.article import Article, Figure, Paragraph, PullQuote, Subheading
from tui.render.common import byline, continued, fact_details, quote_reference, series_line

#: Characters that start emphasis, code, links, images, HTML, tables or entities anywhere.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
#: What starts a heading, list, quote or rule at the start of a line.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)
#: What renderers make a link of by themselves: an address with a scheme, ``www.``, ``mailto:``
#: or ``xmpp:``, and an e-mail address (GitHub's autolink literals, markdown-it's linkify).
#: Each starts only where a run of its characters starts: tried at every letter of a long word,
#: the scan would take time growing with the square of the word's length.
_ADDRESS = re.compile(
    r"(?:(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://|www\.|(?:mailto|xmpp):)[^\s`<>]*"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
#: Left out of an address at its end, as GFM does: ``(see https://x.org).``
_TRAILING = ".,:;!?*_~'\"”’»)]"
#: A dot inside a word, as in a bare domain (``example.com``) that linkify makes a link of.
_WORD_DOT = re.compile(r"(?<=\w)\.(?=[^\W\d_])")


def escape(text: str) -> str:
    """``text`` as literal Markdown (CommonMark backslash escapes): links such as
    ``[x](file:///etc)``, ``<https://...>`` and HTML stay the characters written.

    Addresses become code spans (`` `https://x.org` ``): GitHub links addresses again in the
    rendered text, where backslash escapes are gone, but never inside code. A dot inside a word
    is escaped (``example\\.com``), which renders as a dot but is no domain to linkify."""
    parts: list[str] = []
    end = 0
    for match in _ADDRESS.finditer(text):
        address = _without_trailing(match.group())
        if not _ADDRESS.fullmatch(address):
            continue  # ``www.`` and nothing more: text, escaped like the rest
        parts += [_escape_text(text[end : match.start()]), f"`{address}`"]
        end = match.start() + len(address)
    parts.append(_escape_text(text[end:]))
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), "".join(parts))
    # A blank line would end a list item or block quote early.
    return re.sub(r"\n\s*\n", "\n", text)


def _escape_text(text: str) -> str:
    return _WORD_DOT.sub(r"\\.", _INLINE.sub(r"\\\1", text))


def _without_trailing(address: str) -> str:
    """``address`` without the punctuation that ends the sentence around it; a closing
    bracket stays when it closes one in the address (``https://x.org/a_(b)``)."""
    while address and address[-1] in _TRAILING:
        closing = address[-1]
        opening = {")": "(", "]": "["}.get(closing)
        if opening and address.count(opening) >= address.count(closing):
            break
        address = address[:-1]
    return address


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
            marker = f"{number}. "
            # Each part is its own paragraph of the item: escaped alone (``escape`` joins the
            # lines of one text), then indented to the item's text so the list goes on.
            words = "\n\n".join(escape(part) for part in quote.parts)
            item = (
                f"{marker}“{words}” — **{escape(speaker.attribution)}**"
                f" ({escape(quote_reference(article, quote))})"
            )
            out.append(continued(item, " " * len(marker)))
    if article.facts:
        out += ["", "## Facts", ""]
        for fact in article.facts:
            details = fact_details(article, fact)
            out.append(f"- **{escape(fact.label)}**: {escape(fact.value)} ({escape(details)})")
            if series := series_line(fact):
                out.append(f"  - {escape(series)}")
    return "\n".join(out) + "\n"
