"""The article as JSON in the shape documented in ``docs/export-format.md``."""

from __future__ import annotations

import json
from typing import Any

from tui.model.article import (
    Article,
    Fact,
    Figure,
    PartialDate,
    PullQuote,
    Quote,
    Series,
)
from tui.render.common import block_reference, published_iso

#: Bumped when a field changes meaning or goes away (adding a field does not bump it).
EXPORT_VERSION = 1
EXPORT_FORMAT = "tui-reader-article"


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _block(block: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": block.id, "kind": block.kind, "text": block.text}
    if isinstance(block, Figure):
        data.update(credit=block.credit, alt=block.alt, image=block.image_url)
    elif isinstance(block, PullQuote):
        data["speaker"] = block.speaker_id
    return data


def _quote(article: Article, quote: Quote) -> dict[str, Any]:
    speaker = article.speaker_of(quote)
    return {
        "id": quote.id,
        "speaker": {"id": speaker.id, "name": speaker.name, "role": speaker.role},
        "text": quote.text,
        "parts": list(quote.parts),
        "in_body": quote.in_body,
        "at": [
            {
                "block": span.block_id,
                "paragraph": article.paragraph_numbers.get(span.block_id),
                "reference": block_reference(article, span.block_id),
                "start": span.start,
                "end": span.end,
            }
            for span in quote.spans
        ],
        "fragment": quote.fragment,
        "context": quote.context,
    }


def _series(series: Series | None) -> dict[str, Any] | None:
    if series is None:
        return None
    return {
        "label": series.label,
        "unit": series.unit,
        "points": [
            {"label": p.label, "value": p.value, "number": p.number, "as_of": _date(p.as_of)}
            for p in series.points
        ],
    }


def _fact(article: Article, fact: Fact) -> dict[str, Any]:
    span = fact.span
    return {
        "id": fact.id,
        "label": fact.label,
        "value": fact.value,
        "number": fact.number,
        "unit": fact.unit,
        "as_of": _date(fact.as_of),
        "at": {
            "block": span.block_id,
            "paragraph": article.paragraph_numbers.get(span.block_id),
            "reference": block_reference(article, span.block_id),
            "start": span.start,
            "end": span.end,
        },
        "series": _series(fact.series),
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "id": article.id,
        "meta": {
            "title": meta.title,
            "subtitle": meta.subtitle,
            "published": published_iso(meta.published),
            "dateline": meta.dateline,
            "source": {"outlet": meta.source.outlet, "url": meta.source.url},
            "authors": list(meta.authors),
            "language": meta.language,
            "tags": list(meta.tags),
        },
        "speakers": [{"id": s.id, "name": s.name, "role": s.role} for s in article.speakers],
        "body": [_block(block) for block in article.blocks],
        "quotes": [_quote(article, quote) for quote in article.quotes],
        "facts": [_fact(article, fact) for fact in article.facts],
    }


def render_json(article: Article) -> str:
    """Indented JSON; non-ASCII kept as UTF-8 (JSON escapes every control character)."""
    return json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n"
