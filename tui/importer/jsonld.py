"""What a page says of itself in JSON-LD and in its ``og:``/``article:`` meta: ``read_page_meta``.

Both are what the publisher states about the article (headline, dek, date, authors, outlet,
address), so both are read as stated, never guessed. JSON-LD is looked for in every
``<script type="application/ld+json">``: an object, a list of them, or an ``@graph``; the
first object of an article type gives each field, and a ``WebPage`` whose ``mainEntity`` is
one counts too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

#: schema.org types that describe the article itself: ``Article`` and the subtypes news sites
#: use (every ``...NewsArticle``, ``BlogPosting``, ``Report``).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "Report",
    }
)

#: Types of the outlet, when a @graph gives it beside the article rather than inside.
PUBLISHER_TYPES = frozenset({"Organization", "NewsMediaOrganization"})
#: A JSON-LD script longer than this is not read (a page's own runs to some kilobytes).
MAX_SCRIPT_CHARS = 1_000_000
#: How deep nested JSON-LD objects are searched for an article.
MAX_DEPTH = 6


@dataclass(frozen=True)
class PageMeta:
    """One source's statements about the article; every field may be missing."""

    title: str | None = None
    description: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    dateline: str | None = None
    language: str | None = None


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    return {re.split(r"[/:#]", k)[-1] for k in kinds if isinstance(k, str)}


def _objects(value: object, depth: int = 0) -> Iterator[dict]:
    """Every object in a JSON-LD value, outer ones first: lists, ``@graph`` and the objects a
    ``WebPage`` names as its ``mainEntity``."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(value.get(key), list | dict):
                yield from _objects(value[key], depth + 1)


def _single_text(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _text(value: object) -> str | None:
    """A plain string value, or the ``name`` (or ``@value``) of an object holding one, or
    the first of a list of those (a list in a list is not looked into: a page's JSON may
    nest as deep as it likes)."""
    if isinstance(value, list):
        return next((t for t in map(_single_text, value) if t), None)
    return _single_text(value)


def _names(value: object) -> tuple[str, ...]:
    """Author names from a string, a ``Person`` or ``Organization``, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return tuple(names)


def _address(node: dict) -> str | None:
    for key in ("url", "mainEntityOfPage", "@id"):
        value = node.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value.strip()
    return None


def _article_meta(node: dict) -> PageMeta:
    return PageMeta(
        title=_text(node.get("headline")) or _text(node.get("name")),
        description=_text(node.get("description")) or _text(node.get("alternativeHeadline")),
        published=_text(node.get("datePublished")) or _text(node.get("dateCreated")),
        authors=_names(node.get("author") or node.get("creator")),
        outlet=_text(node.get("publisher")) or _text(node.get("sourceOrganization")),
        url=_address(node),
        dateline=_text(node.get("dateline")),
        language=_text(node.get("inLanguage")),
    )


def _merged(first: PageMeta, second: PageMeta) -> PageMeta:
    """``first``'s fields, with the ones it lacks taken from ``second``."""
    return PageMeta(
        **{
            name: getattr(first, name) or getattr(second, name)
            for name in PageMeta.__dataclass_fields__
        }
    )


def _script_values(tree: etree._Element) -> Iterator[object]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text or ""
        if "ld+json" not in kind or not text.strip() or len(text) > MAX_SCRIPT_CHARS:
            continue
        try:
            # strict=False: pages put raw newlines and tabs inside their strings.
            yield json.loads(text, strict=False)
        except (ValueError, RecursionError):
            continue


def read_jsonld(tree: etree._Element) -> PageMeta:
    """The article's fields from the page's JSON-LD (the first article object gives each
    field; a later one fills those it lacks)."""
    found = PageMeta()
    for value in _script_values(tree):
        for node in _objects(value):
            if _types(node) & ARTICLE_TYPES:
                found = _merged(found, _article_meta(node))
            elif _types(node) & PUBLISHER_TYPES and found.outlet is None:
                # A publisher given beside the article in a @graph, not inside it.
                found = _merged(found, PageMeta(outlet=_text(node.get("name"))))
    return found


def _meta_values(tree: etree._Element) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip(), []).append(" ".join(content.split()))
    return values


def read_meta_tags(tree: etree._Element) -> PageMeta:
    """The article's fields from its ``og:``, ``article:`` and plain ``<meta>`` tags."""
    values = _meta_values(tree)

    def first(*keys: str) -> str | None:
        return next((values[key][0] for key in keys if key in values), None)

    authors = _names(values.get("article:author") or values.get("author") or [])
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
            and (link.get("href") or "").startswith(("http://", "https://"))
        ),
        None,
    )
    return PageMeta(
        title=first("og:title", "twitter:title"),
        description=first("og:description", "description", "twitter:description"),
        published=first("article:published_time", "og:article:published_time", "datepublished"),
        authors=authors,
        outlet=first("og:site_name", "application-name"),
        url=first("og:url") or canonical,
        language=first("og:locale"),
    )


def read_page_meta(tree: etree._Element) -> tuple[PageMeta, PageMeta]:
    """``(from JSON-LD, from meta tags)``: the two sources a page states its metadata in."""
    return read_jsonld(tree), read_meta_tags(tree)
