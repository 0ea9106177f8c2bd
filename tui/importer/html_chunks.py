"""The rest of an article that a page split into chunks around its advertisements:
``add_split_chunks``.

Some pages cut the article's body into several containers of one kind (``<div
class="article__body">``, an advertisement, another ``<div class="article__body">`` ...), and
the extractor may keep only the first. When most of the kept paragraphs stand in one
container, the other containers with the same tag and class inside the same ``<article>``
are the same body, and their paragraphs are added where they stand in the page.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from tui.importer.draft import Block, Figure, Paragraph, Subheading
from tui.importer.figures import is_page_furniture
from tui.importer.page_map import PageMap, text_key
from tui.importer.page_text import visible_text

#: At least this many kept paragraphs in one container before its likes are looked for.
MIN_KEPT_IN_CONTAINER = 3
#: Page elements read as paragraphs and as subheadings in an added chunk.
PARAGRAPH_TAGS = ("p",)
HEADING_TAGS = ("h2", "h3", "h4")


def _body_container(blocks: list[Block], page: PageMap) -> etree._Element | None:
    parents = Counter()
    for block in blocks:
        if isinstance(block, Paragraph):
            element = page.element_for(block.text)
            if element is not None and element.getparent() is not None:
                parents[element.getparent()] += 1
    if not parents:
        return None
    container, count = parents.most_common(1)[0]
    return container if count >= MIN_KEPT_IN_CONTAINER and container.get("class") else None


def _article(element: etree._Element) -> etree._Element | None:
    return next((a for a in element.iterancestors() if a.tag == "article"), None)


def _chunk_blocks(chunk: etree._Element, kept: set[str]) -> list[tuple[etree._Element, Block]]:
    found: list[tuple[etree._Element, Block]] = []
    for element in chunk.iter(*PARAGRAPH_TAGS, *HEADING_TAGS):
        if is_page_furniture(element, chunk):
            continue
        text = visible_text(element)
        if not text or text_key(text) in kept:
            continue
        block = Subheading(text) if element.tag in HEADING_TAGS else Paragraph(text)
        found.append((element, block))
    return found


def add_split_chunks(blocks: list[Block], page: PageMap) -> list[Block]:
    """``blocks`` with the paragraphs of the article's other chunks added in page order."""
    container = _body_container(blocks, page)
    article = _article(container) if container is not None else None
    if container is None or article is None:
        return blocks
    kept = {text_key(b.text) for b in blocks if not isinstance(b, Figure)}
    added: list[tuple[etree._Element, Block]] = []
    for chunk in article.iter(container.tag):
        same_kind = chunk.get("class") == container.get("class")
        if chunk is container or not same_kind:
            continue
        nested = container in chunk.iterancestors() or chunk in container.iterancestors()
        if not nested:
            added += _chunk_blocks(chunk, kept)
    return page.in_page_order(blocks, added) if added else blocks
