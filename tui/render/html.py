"""The article as one self-contained HTML file: inline CSS, no script, no external resource."""

from __future__ import annotations

from html import escape

from tui.model.article import Article, Figure, Paragraph, PullQuote, Subheading
from tui.render.common import byline, fact_details, quote_reference, series_line

#: Nothing may load or run: no scripts, frames, images, fonts or remote styles.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"

CSS = """
body { font: 17px/1.55 Georgia, serif; max-width: 42em; margin: 2em auto; padding: 0 1em;
       color: #1d1d1d; background: #fdfdfb; }
h1 { font-size: 1.8em; line-height: 1.2; margin-bottom: .2em; }
.subtitle { font-size: 1.15em; color: #555; margin-top: 0; }
.byline { font: 14px/1.4 system-ui, sans-serif; color: #555; }
.figure { border-left: 3px solid #ccc; padding-left: .8em; color: #444; font-style: italic; }
blockquote.pull { font-size: 1.2em; border-left: 4px solid #7a9; margin-left: 0;
                  padding-left: 1em; }
.quotes li, .facts li { margin-bottom: .6em; }
.where, .series { font: 13px system-ui, sans-serif; color: #666; }
p, li { overflow-wrap: anywhere; }
"""


def _e(text: str) -> str:
    """Escaped for an element or a double-quoted attribute; newlines kept as line breaks."""
    return escape(text, quote=True).replace("\n", "<br>\n")


def render_html(article: Article) -> str:
    meta = article.meta
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(meta.language, quote=True)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(meta.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{_e(meta.title)}</h1>",
    ]
    if meta.subtitle:
        out.append(f'<p class="subtitle">{_e(meta.subtitle)}</p>')
    # URLs are shown as text, never as links or images: a content file may name file:, smb:
    # or javascript: addresses, and a saved page should not reach the network.
    out += [f'<p class="byline">{_e(line)}</p>' for line in byline(article)]
    for block in article.blocks:
        if isinstance(block, Paragraph):
            out.append(f'<p id="{_e(block.id)}">{_e(block.text)}</p>')
        elif isinstance(block, Subheading):
            out.append(f'<h2 id="{_e(block.id)}">{_e(block.text)}</h2>')
        elif isinstance(block, Figure):
            credit = f" ({_e(block.credit)})" if block.credit else ""
            out.append(
                f'<p class="figure" id="{_e(block.id)}">Figure: {_e(block.caption)}{credit}</p>'
            )
        elif isinstance(block, PullQuote):
            speaker = article.speakers_by_id.get(block.speaker_id or "")
            who = f" — {_e(speaker.name)}" if speaker else ""
            out.append(
                f'<blockquote class="pull" id="{_e(block.id)}">“{_e(block.text)}”{who}</blockquote>'
            )
    if article.quotes:
        out += ["<h2>Quotes</h2>", '<ol class="quotes">']
        for quote in article.quotes:
            speaker = article.speaker_of(quote)
            out.append(
                f'<li id="quote-{_e(quote.id)}">“{_e(quote.text)}”'
                f" — <b>{_e(speaker.attribution)}</b>"
                f' <span class="where">({_e(quote_reference(article, quote))})</span></li>'
            )
        out.append("</ol>")
    if article.facts:
        out += ["<h2>Facts</h2>", '<ul class="facts">']
        for fact in article.facts:
            details = fact_details(article, fact)
            series = series_line(fact)
            shown = f'<br>\n<span class="series">{_e(series)}</span>' if series else ""
            out.append(
                f'<li id="fact-{_e(fact.id)}"><b>{_e(fact.label)}</b>: {_e(fact.value)}'
                f' <span class="where">({_e(details)})</span>{shown}</li>'
            )
        out.append("</ul>")
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
