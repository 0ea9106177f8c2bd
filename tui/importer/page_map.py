"""Where the extractor's paragraphs stand in the page they came from: ``PageMap``.

trafilatura gives text without the page's elements; figures are placed among the paragraphs,
and a paragraph that is only a link is told apart, by finding each paragraph's element again
in the page: the first block element (``<p>``, a heading, a list item ...) whose text starts
with the same letters.
"""

from __future__ import annotations

import re

from lxml import etree

from tui.importer.draft import Block, Figure
from tui.importer.page_text import visible_text

#: The page elements a paragraph is looked for among.
SOURCE_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "div"}
)
#: How many leading letters and digits of a paragraph identify its element.
KEY_CHARS = 60
#: A ``<div>`` counts as a block only when it holds no more than this many elements (it is
#: then a paragraph written as a div, not a section).
MAX_DIV_CHILDREN = 3


def text_key(text: str) -> str:
    """The leading letters and digits of ``text``, lower case: what identifies a paragraph."""
    # Only the head is read: paragraphs and page elements are keyed alike, and a paragraph
    # of megabytes costs no more than a short one.
    return re.sub(r"\W+", "", text[: KEY_CHARS * 4].lower())[:KEY_CHARS]


def _is_block(element: etree._Element) -> bool:
    if element.tag != "div":
        return element.tag in SOURCE_BLOCK_TAGS
    return len(element) <= MAX_DIV_CHILDREN and bool((element.text or "").strip())


class PageMap:
    """The page's block elements by their text's key, and every element's place in page
    order."""

    def __init__(self, tree: etree._Element) -> None:
        self.tree = tree
        self._keyed: dict[str, etree._Element] = {}
        self._order: dict[etree._Element, int] = {}
        for position, element in enumerate(tree.iter()):
            if not isinstance(element.tag, str):
                continue
            self._order[element] = position
            if _is_block(element):
                key = text_key(visible_text(element)[: KEY_CHARS * 3])
                if key and key not in self._keyed:
                    self._keyed[key] = element

    def element_for(self, text: str) -> etree._Element | None:
        """The page element that ``text`` (an extracted paragraph) came from, if found."""
        key = text_key(text)
        return self._keyed.get(key) if key else None

    def position(self, element: etree._Element | None) -> int | None:
        """Where ``element`` stands in page order (None for no element)."""
        return self._order.get(element) if element is not None else None

    def container(self, texts: list[str]) -> etree._Element | None:
        """The element around the elements of ``texts``, or the ``<article>`` holding it
        (whose header has the lead picture); None when none is found."""
        elements = [e for e in map(self.element_for, texts) if e is not None]
        if not elements:
            return None
        chain = [elements[0], *elements[0].iterancestors()]
        depth = {id(e): i for i, e in enumerate(chain)}
        deepest = 0
        for element in elements[1:]:
            for node in (element, *element.iterancestors()):
                if id(node) in depth:
                    deepest = max(deepest, depth[id(node)])
                    break
        common = chain[deepest]
        for node in (common, *common.iterancestors()):
            if node.tag == "article":
                return node
        return common

    def in_page_order(
        self, blocks: list[Block], added: list[tuple[etree._Element, Block]]
    ) -> list[Block]:
        """``blocks`` with the ``added`` blocks among them, each after the last block that
        stands before its element in the page. A block whose element is not found stands
        where the one before it does; ``blocks`` keep their order."""
        placed: list[tuple[int, int, Block]] = []
        last = -1
        for index, block in enumerate(blocks):
            if not isinstance(block, Figure):
                position = self.position(self.element_for(block.text))
                last = position if position is not None and position > last else last
            placed.append((last, index, block))
        for index, (element, block) in enumerate(added, start=len(blocks)):
            placed.append((self.position(element) or 0, index, block))
        placed.sort(key=lambda entry: entry[:2])
        return [block for _, _, block in placed]
