"""The article's own pictures, with caption and credit, from a page's ``<figure>`` elements:
``find_figures`` and ``split_credit``.

A figure counts when it holds a picture and a ``<figcaption>``, stands inside the article (the
element around the paragraphs the extractor kept, or the ``<article>`` holding it), and no
element around it is a gallery, a share widget, a related list or an advertisement (the words
in ``lexicon/figure_exclusions.txt``). The credit is the caption's element marked as one
(``lexicon/credit_classes.txt``) or, failing that, its last words when they read as one:
``(Ana Ruiz/AP)``, ``Photograph: Ana Ruiz``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tui.importer.draft import Block, Figure
from tui.importer.page_map import PageMap, text_key
from tui.importer.page_text import is_element, lexicon, purpose_words, visible_text
from tui.model.sanitize import clean_text

#: Elements that hold the picture (a figure without one is a pull quote or an embed).
PICTURE_TAGS = frozenset({"img", "picture", "amp-img", "video", "svg", "iframe", "noscript"})
#: Page furniture a figure of the article's is never inside.
FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "form"})
#: Image attributes that hold the address, lazy-loading ones first (``src`` is then a
#: placeholder).
IMAGE_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "src")
#: The end of a picture file's address.
IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|tiff?)$", re.IGNORECASE)
#: A credit longer than this is a sentence of the caption, not a name.
MAX_CREDIT_WORDS = 10
#: Words that join the names in a credit without starting with a capital.
CREDIT_JOINERS = frozenset({"via", "for", "of", "and", "de", "la", "van", "von", "the", "/", "&"})


@functools.cache
def _credit_lead() -> re.Pattern[str]:
    """A credit's opening words and what follows them: ``Photo:``, ``Credit...``, ``Image
    credit:``, ``Picture by``, ``©``."""
    words = "|".join(re.escape(w) for w in sorted(lexicon("credit_prefixes"), key=len)[::-1])
    word = rf"(?:{words})s?"
    return re.compile(rf"(?:^|(?<=\s))(?:{word}(?:\s+{word})?\s*(?::|\.\.\.|…|\s+by\b)|©)\s*", re.I)


def strip_credit_lead(text: str) -> str:
    """``text`` without an opening ``Photo:``, ``Credit:`` or ``©``."""
    lead = _credit_lead().match(text)
    return text[lead.end() :].strip() if lead else text


def _reads_as_credit(words: str) -> bool:
    """Whether a caption's last parenthesis names who made the picture: ``(Photo: Ana
    Ruiz)``, ``(Ana Ruiz/AP)``, ``(Getty Images)``."""
    if _credit_lead().match(words):
        return True
    tokens = words.replace("/", " / ").split()
    if not tokens or len(tokens) > MAX_CREDIT_WORDS:
        return False
    if "/" in tokens:
        return True
    return all(t[0].isupper() or t.lower() in CREDIT_JOINERS for t in tokens)


_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]{2,120})\)\s*$")


def split_credit(caption: str) -> tuple[str, str | None]:
    """``(caption, credit)``: the credit split off the caption's end when it reads as one
    (the caption is empty when all of it is a credit: ``Photo: Ana Ruiz``)."""
    match = _TRAILING_PARENTHESIS.search(caption)
    if match and match.start() > 0 and _reads_as_credit(match.group(1)):
        return caption[: match.start()].rstrip(), strip_credit_lead(match.group(1).strip())
    leads = list(_credit_lead().finditer(caption))
    if leads:
        credit = caption[leads[-1].end() :].strip()
        if credit and len(credit.split()) <= MAX_CREDIT_WORDS:
            return caption[: leads[-1].start()].rstrip(), credit
    return caption, None


def _credit_elements(caption: etree._Element) -> list[etree._Element]:
    marks = lexicon("credit_classes")
    found: list[etree._Element] = []
    for element in caption.iter():
        if element is caption or not is_element(element):
            continue
        itemprop = (element.get("itemprop") or "").lower()
        marked = itemprop in marks or purpose_words(element) & marks
        if marked and not any(parent in found for parent in element.iterancestors()):
            found.append(element)
    return found


def caption_and_credit(figure: etree._Element, caption: etree._Element) -> tuple[str, str | None]:
    """A figure's caption and credit: the credit from an element marked as one, in its
    ``<figcaption>`` or beside it, else from the caption's last words."""
    marked = _credit_elements(caption)
    if marked:
        credit = strip_credit_lead(" ".join(visible_text(m) for m in marked))
        return visible_text(caption, skip=marked), credit or None
    text, credit = split_credit(visible_text(caption))
    beside = [e for e in _credit_elements(figure) if caption not in e.iterancestors()]
    if credit is None and beside:
        credit = strip_credit_lead(" ".join(visible_text(m) for m in beside)) or None
        if credit and credit.startswith("(") and credit.endswith(")"):
            credit = strip_credit_lead(credit[1:-1].strip()) or None
    return text, credit


def _host(address: str | None) -> str:
    host = (urlsplit(address).hostname or "") if address else ""
    return host.removeprefix("www.")


def is_promotion(figure: etree._Element, caption: etree._Element, base: str | None) -> bool:
    """Whether a figure advertises another page: all of its caption is links, or its
    picture links to a page (not a picture) on another site."""
    linked = " ".join(visible_text(a) for a in caption.iter("a"))
    if linked.strip() and linked.split() == visible_text(caption).split():
        return True
    if not _host(base):
        return False
    for link in figure.iter("a"):
        href = (link.get("href") or "").strip()
        if not href.startswith(("http://", "https://")) or _picture(link) is None:
            continue
        if _host(href) != _host(base) and not IMAGE_SUFFIX.search(urlsplit(href).path):
            return True
    return False


def _picture(figure: etree._Element) -> etree._Element | None:
    return next((e for e in figure.iter() if is_element(e) and e.tag in PICTURE_TAGS), None)


def _image_address(figure: etree._Element, base: str | None) -> str | None:
    for image in figure.iter("img", "amp-img", "source"):
        for name in IMAGE_ATTRIBUTES:
            value = (image.get(name) or image.get("srcset") or "").strip().split(" ")[0]
            if value and not value.startswith("data:"):
                address = urljoin(base, value) if base else value
                if address.startswith(("http://", "https://")) and len(address) < 2000:
                    return clean_text(address)
    return None


def _alt(figure: etree._Element) -> str | None:
    for image in figure.iter("img", "amp-img"):
        alt = " ".join(clean_text(image.get("alt") or "").split())
        if alt:
            return alt[:1000]
    return None


def is_page_furniture(element: etree._Element, stop: etree._Element | None) -> bool:
    """Whether ``element`` or one of its ancestors below ``stop`` is a gallery, share widget,
    related list, advertisement or other furniture that is not the article's."""
    excluded = lexicon("figure_exclusions")
    for node in (element, *element.iterancestors()):
        if node is stop:
            return False
        if node.tag in FURNITURE_TAGS or purpose_words(node) & excluded:
            return True
    return False


@dataclass(frozen=True)
class FoundFigure:
    """A figure of the article and where it stands in the page (its element)."""

    element: etree._Element
    figure: Figure


def find_figures(container: etree._Element, base: str | None = None) -> Iterator[FoundFigure]:
    """The figures with a caption inside ``container``, in page order, leaving out those in
    galleries, share widgets, related lists and advertisements."""
    for element in container.iter("figure"):
        if _picture(element) is None or is_page_furniture(element, container):
            continue
        if any(a.tag == "figure" for a in element.iterancestors()):
            continue  # a figure in a figure is a gallery's frame
        caption_element = next(element.iter("figcaption"), None)
        if caption_element is None:
            continue
        if is_promotion(element, caption_element, base):
            continue
        caption, credit = caption_and_credit(element, caption_element)
        if not caption:
            continue
        yield FoundFigure(
            element,
            Figure(
                caption=caption,
                credit=credit,
                alt=_alt(element),
                image=_image_address(element, base),
            ),
        )


def place_figures(page: PageMap, blocks: list[Block], base: str | None) -> list[Block]:
    """``blocks`` with the article's figures among them, each after the last paragraph that
    stands before it in the page; a paragraph that only repeats a caption is left out (the
    extractor keeps some captions as text)."""
    container = page.container([b.text for b in blocks if not isinstance(b, Figure)])
    if container is None:
        return blocks
    found = list(find_figures(container, base))
    if not found:
        return blocks
    captions = {text_key(f.figure.caption) for f in found}
    captions |= {text_key(f"{f.figure.caption} {f.figure.credit}") for f in found}
    kept = [b for b in blocks if isinstance(b, Figure) or text_key(b.text) not in captions]
    return page.in_page_order(kept, [(f.element, f.figure) for f in found])
