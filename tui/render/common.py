"""What every renderer says the same way: where a block stands, dates, attributions."""

from __future__ import annotations

import datetime as dt

from tui.model.article import Article, Fact, Quote

#: How each kind of block is named in a reference ("figure fig1").
KIND_NAMES = {
    "paragraph": "paragraph",
    "subheading": "heading",
    "figure": "figure",
    "pullquote": "pull quote",
}


def block_reference(article: Article, block_id: str) -> str:
    """``paragraph 3`` for a paragraph (counted among paragraphs), else ``figure fig1``."""
    number = article.paragraph_numbers.get(block_id)
    if number is not None:
        return f"paragraph {number}"
    index = article.block_index.get(block_id)
    kind = article.blocks[index].kind if index is not None else "block"
    return f"{KIND_NAMES.get(kind, kind)} {block_id}"


def quote_reference(article: Article, quote: Quote) -> str:
    """Where a quote stands: ``paragraphs 12-13``, ``paragraph 4``, or its context."""
    if not quote.in_body:
        return quote.context or "not in the body"
    references = [block_reference(article, span.block_id) for span in quote.spans]
    numbers = [article.paragraph_numbers.get(span.block_id) for span in quote.spans]
    if len(numbers) > 1 and all(n is not None for n in numbers):
        text = f"paragraphs {numbers[0]}-{numbers[-1]}"
    else:
        text = ", ".join(references)
    return f"{text}, {quote.context}" if quote.context else text


def fact_reference(article: Article, fact: Fact) -> str:
    return block_reference(article, fact.block_id)


def fact_details(article: Article, fact: Fact) -> str:
    """Where a fact stands and the date it holds for: ``¶ 7, as of February 2021``."""
    details = [fact_reference(article, fact)]
    if fact.as_of is not None:
        details.append(f"as of {fact.as_of.human()}")
    return ", ".join(details)


def series_line(fact: Fact) -> str | None:
    """A fact's series in one line, ``Support for joining NATO: 2014: 30%; Feb 2021: 56 percent``;
    None when it has none. Every text export shows it so (the reader draws it as a chart)."""
    if fact.series is None:
        return None
    points = "; ".join(f"{point.label}: {point.value}" for point in fact.series.points)
    return f"{fact.series.label}: {points}"


def continued(item: str, indent: str) -> str:
    """``item`` with every line after the first indented by ``indent`` (blank lines left
    empty), so that what runs over several lines stays inside its list item."""
    first, *rest = item.split("\n")
    return "\n".join([first, *(indent + line if line else line for line in rest)])


def published_iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def published_human(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        zone = value.strftime(" %z") if value.tzinfo else ""
        return f"{value.day} {value:%B %Y, %H:%M}{zone}"
    return f"{value.day} {value:%B %Y}"


def byline(article: Article, *, tags: bool = True) -> list[str]:
    """The lines under the title: published, dateline, authors, source (and the tags)."""
    meta = article.meta
    lines = []
    if published := published_human(meta.published):
        lines.append(f"Published: {published}")
    if meta.dateline:
        lines.append(f"Dateline: {meta.dateline}")
    if meta.authors:
        lines.append(f"By: {', '.join(meta.authors)}")
    source = " ".join(part for part in (meta.source.outlet, meta.source.url) if part)
    if source:
        lines.append(f"Source: {source}")
    if tags and meta.tags:
        lines.append(f"Tags: {', '.join(meta.tags)}")
    return lines
