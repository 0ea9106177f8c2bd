"""A web page's metadata, each field as the page states it: ``build_meta``.

Three sources state the same fields: the page's JSON-LD, its ``og:``/``article:`` meta (both
read in ``jsonld.py``) and what trafilatura reads from its markup. Each field comes from the
first that gives it, in that order, except the title: the headline the page shows in its
``<h1>`` is the article's title when it agrees with one the page states (JSON-LD and ``og:``
titles are often a shorter one written for search engines and for sharing). Nothing is
invented; a field that only trafilatura's date search found carries a note.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from tui.importer.draft import Meta
from tui.importer.jsonld import PageMeta
from tui.importer.page_text import visible_text
from tui.model.sanitize import clean_text

if TYPE_CHECKING:
    from trafilatura.settings import Document as Extracted

#: An ``<h1>`` is the title when its words hold at least this share of a stated title's
#: words ("Coronavirus: New York ramps up mass burials amid outbreak" for "New York ramps
#: up mass burials amid virus outbreak"); a site's name in an ``<h1>`` holds none.
HEADLINE_MIN_SHARE = 0.5
#: Headings past this many on a page are not looked at (the article's comes first).
MAX_HEADLINES = 5
#: Words that separate the authors in one byline string (commas too).
AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b|\|)\s*")
WORD = re.compile(r"\w+")


def meta_text(value: str | None) -> str | None:
    """A stated value as text: entities a page escaped twice undone, sanitised, white space
    folded; None when nothing is left."""
    if not value:
        return None
    text = " ".join(clean_text(html.unescape(value)).split())
    return text or None


def iso_date(value: str | None) -> str | None:
    """A stated date or time as ISO 8601 (``2020-01-20`` or ``2020-01-20T09:30:00+00:00``),
    or None when it is not one."""
    if not value:
        return None
    value = value.strip()
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?", value)
    if not match:
        return None
    zone = value[match.end() :].strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.fromisoformat("T".join(filter(None, match.groups())) + zone)
        except ValueError:
            try:
                moment = datetime.fromisoformat("T".join(filter(None, match.groups())))
            except ValueError:
                return None
    if match.group(2) is None:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def headline(tree: etree._Element, stated: list[str]) -> str | None:
    """The page's ``<h1>`` that agrees with a stated title (see ``HEADLINE_MIN_SHARE``)."""
    titles = [_words(t) for t in stated if t]
    for count, element in enumerate(tree.iter("h1")):
        if count == MAX_HEADLINES:
            break
        text = visible_text(element)
        words = _words(text)
        if words and any(len(t & words) >= HEADLINE_MIN_SHARE * len(t) for t in titles if t):
            return meta_text(text)
    return None


def _page_title(tree: etree._Element) -> str | None:
    element = next(tree.iter("title"), None)
    return visible_text(element) if element is not None else None


def authors(outlet: str | None, *sources: tuple[str, ...]) -> tuple[str, ...]:
    """The first source's author names, each byline string cut at its separators ("Ana Ruiz
    and Tom Ek", "Ana Ruiz, CNN"), without the outlet's own name (an outlet is not a
    byline)."""
    outlet_words = _words(outlet or "")
    for names in sources:
        found: list[str] = []
        for name in names:
            for part in AUTHOR_SEPARATORS.split(meta_text(name) or ""):
                part = part.strip()
                if part.lower().startswith("by "):
                    part = part[3:].strip()
                if len(part) < 2 or part in found:
                    continue
                if outlet_words and _words(part) <= outlet_words | {"news", "staff"}:
                    continue
                found.append(part)
        if found:
            return tuple(found)
    return ()


def _language(tree: etree._Element, *stated: str | None) -> str | None:
    for value in (tree.get("lang"), *stated):
        if value and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", value.strip()):
            return value.strip().replace("_", "-")
    return None


def _stated_sitename(sitename: str | None, url: str | None) -> str | None:
    """trafilatura's site name, unless it is only the address's host name (which it gives
    when the page names no site)."""
    if not sitename:
        return None
    host = (urlsplit(url).hostname or "") if url else ""
    bare = sitename.lower().removeprefix("www.")
    if "." in bare and " " not in bare and (not host or host.removeprefix("www.") == bare):
        return None
    return sitename


def _first(*values: str | None) -> str | None:
    return next((text for text in map(meta_text, values) if text), None)


class _Found:
    """trafilatura's metadata fields, each None when it found none (or ran into trouble)."""

    def __init__(self, extracted: Extracted | None) -> None:
        self.extracted = extracted

    def __getattr__(self, name: str) -> str | None:
        value = getattr(self.extracted, name, None)
        return value if isinstance(value, str) else None


def build_meta(
    tree: etree._Element,
    ld: PageMeta,
    tags: PageMeta,
    extracted: Extracted | None,
    url: str | None,
) -> Meta:
    """The page's metadata, each field from the first source that states it: JSON-LD, then
    the ``og:``/``article:`` meta, then what trafilatura read from the page."""
    notes: dict[str, str] = {}
    published = iso_date(ld.published) or iso_date(tags.published)
    found = _Found(extracted)
    if published is None and iso_date(found.date):
        published = iso_date(found.date)
        notes["published"] = "date found by trafilatura in the page's markup or address"
    stated_titles = [t for t in (ld.title, tags.title, found.title, _page_title(tree)) if t]
    outlet = _first(ld.outlet, tags.outlet, _stated_sitename(found.sitename, url))
    return Meta(
        title=headline(tree, stated_titles) or _first(*stated_titles),
        subtitle=_first(ld.description, tags.description, found.description),
        published=published,
        dateline=_first(ld.dateline),
        authors=authors(outlet, ld.authors, tags.authors, tuple((found.author or "").split(";"))),
        outlet=outlet,
        url=_first(ld.url, tags.url, found.url, url),
        language=_language(tree, ld.language, tags.language),
        notes=notes,
    )
