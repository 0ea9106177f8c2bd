"""A web page's article as a ``Document``: ``parse_html``.

trafilatura finds the main text (its best-measured extractor: word F1 0.96 on the ScrapingHub
benchmark) and part of the metadata; a small lxml pass of our own reads what it drops: the
page's JSON-LD and ``og:``/``article:`` meta (``jsonld.py``) and the article's figures with
their captions and credits (``figures.py``), placed among the paragraphs where they stand in
the page. Every text goes through the loader's sanitiser; scripts and styles never become text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import set_date_params

from tui.importer.charset import NotDecodable, decode
from tui.importer.draft import Block, Document, Figure, Meta, Paragraph, Subheading
from tui.importer.figures import place_figures
from tui.importer.html_furniture import remove_furniture
from tui.importer.html_meta import build_meta, meta_text
from tui.importer.jsonld import read_page_meta
from tui.importer.page_map import PageMap
from tui.model.sanitize import clean_text

__all__ = ["NotDecodable", "parse_html"]

LOGGER = logging.getLogger(__name__)

#: The parser trafilatura itself uses: comments and processing instructions dropped.
PARSER = lxml_html.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
)

#: trafilatura's precision mode leaves out more of a page's furniture (on the dev pages it
#: scores 0.965 against the balanced mode's 0.955), but now and then it cuts the article
#: itself: when it keeps less than this share of the balanced mode's words, the balanced
#: extraction is taken instead (any share from 0.2 to 0.6 gives the same figures).
PRECISION_MIN_SHARE = 0.5

#: Tags of trafilatura's output tree.
HEADING_TAG = "head"
LIST_TAG = "list"
ITEM_TAG = "item"
QUOTE_TAG = "quote"
TABLE_TAG = "table"
ROW_TAG = "row"
CELL_TAG = "cell"
LINE_BREAK_TAG = "lb"
#: Output elements that stand for a block of their own.
BLOCK_TAGS = frozenset({"p", HEADING_TAG, LIST_TAG, TABLE_TAG, QUOTE_TAG, "div", "code"})
#: Output elements that may hold blocks (trafilatura keeps some of a page's divs).
CONTAINER_TAGS = frozenset({QUOTE_TAG, "div"})
#: Output elements whose text is not article text.
SKIPPED_OUTPUT_TAGS = frozenset({"graphic", "ref-marker"})


def _fold(text: str) -> str:
    """``text`` sanitised, with its white space folded to single spaces."""
    return " ".join(clean_text(text).split())


def _parse(text: str) -> etree._Element | None:
    data = text.encode("utf-8", "replace")
    if not data.strip():
        return None
    try:
        return lxml_html.document_fromstring(data, parser=PARSER)
    except (etree.ParserError, ValueError):
        return None


# --- the body -------------------------------------------------------------------------------


def _itertext(element: etree._Element) -> Iterator[str]:
    """The text of an output element in order, with a space for each line break and a bar
    between table cells."""
    if element.tag == LINE_BREAK_TAG:
        yield " "
    elif element.tag == CELL_TAG and element.getprevious() is not None:
        yield " | "
    if element.text and element.tag not in SKIPPED_OUTPUT_TAGS:
        yield element.text
    for child in element:
        if isinstance(child.tag, str):
            yield from _itertext(child)
        if child.tail:
            yield child.tail
    if element.tag in (ITEM_TAG, "p", HEADING_TAG):
        yield " "


def _loose_text(text: str | None) -> Iterator[Block]:
    """Text standing between an output tree's blocks (trafilatura keeps a quotation that
    sat loose in the page that way): a paragraph of its own."""
    folded = _fold(text or "")
    if folded:
        yield Paragraph(folded)


def _output_blocks(element: etree._Element) -> Iterator[Block]:
    """Paragraphs and subheadings from trafilatura's output tree, in order: a list's items,
    a quotation's paragraphs and a table's rows each one."""
    yield from _loose_text(element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED_OUTPUT_TAGS:
            yield from _child_blocks(child)
        yield from _loose_text(child.tail)


def _child_blocks(child: etree._Element) -> Iterator[Block]:
    if child.tag == HEADING_TAG:
        text = _fold("".join(_itertext(child)))
        if text:
            yield Subheading(text)
    elif child.tag == LIST_TAG:
        for item in child.iter(ITEM_TAG):
            if not any(a.tag == ITEM_TAG for a in item.iterancestors()):
                text = _fold("".join(_itertext(item)))
                if text:
                    yield Paragraph(text)
    elif child.tag == TABLE_TAG:
        for row in child.iter(ROW_TAG):
            text = _fold("".join(_itertext(row)))
            if text.strip(" |"):
                yield Paragraph(text)
    elif child.tag in CONTAINER_TAGS and any(
        isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child
    ):
        yield from _output_blocks(child)
    else:
        text = _fold("".join(_itertext(child)))
        if text:
            yield Paragraph(text)


def _word_count(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks if not isinstance(b, Figure))


@dataclass
class _Extraction:
    blocks: list[Block] = field(default_factory=list)
    metadata: trafilatura.settings.Document | None = None


def _extract(tree: etree._Element, url: str | None, *, precision: bool, metadata: bool):
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            with_metadata=metadata,
            date_extraction_params=set_date_params(extensive=False) if metadata else None,
        )
    # trafilatura catches its own ValueError and TypeError; a page deeper than its
    # recursion, or a case it did not foresee, must not end the import: the page then has
    # no body of trafilatura's, and the note says so.
    except Exception as error:
        LOGGER.warning("trafilatura failed on %s: %r", url, error)
        return None


def extract_body(tree: etree._Element, url: str | None) -> _Extraction:
    """The article's paragraphs and subheadings, by trafilatura's precision mode unless it
    kept less than ``PRECISION_MIN_SHARE`` of what the balanced mode keeps."""
    precise = _extract(tree, url, precision=True, metadata=True)
    balanced = _extract(tree, url, precision=False, metadata=False)
    found = _Extraction(metadata=precise)
    precise_blocks = list(_output_blocks(precise.body)) if precise is not None else []
    balanced_blocks = list(_output_blocks(balanced.body)) if balanced is not None else []
    if _word_count(precise_blocks) >= PRECISION_MIN_SHARE * _word_count(balanced_blocks):
        found.blocks = precise_blocks
    else:
        found.blocks = balanced_blocks
    return found


def parse_html(data: bytes | str, *, url: str | None = None) -> Document:
    """The article in a web page: metadata as the page states it, and its paragraphs,
    subheadings and figures in reading order.

    ``data`` is the page's bytes (decoded by byte-order mark, then the charset the page
    declares, then UTF-8) or its text; ``url`` is where it came from, if known, and resolves
    image addresses. Raises ``charset.NotDecodable`` (a ``ValueError`` with a one-line
    ``message``) when bytes are not text; any text, however broken, gives a ``Document``.
    """
    text = data if isinstance(data, str) else decode(data)
    tree = _parse(text)
    if tree is None:
        return Document(Meta(url=meta_text(url)), ())
    ld, tags = read_page_meta(tree)
    extraction = extract_body(tree, url)
    meta = build_meta(tree, ld, tags, extraction.metadata, url)
    page = PageMap(tree)
    blocks = remove_furniture(extraction.blocks, meta, page)
    blocks = place_figures(page, blocks, url or meta.url)
    return Document(meta, tuple(blocks))
