"""A web page's article as a ``Document``: ``parse_html``.

trafilatura finds the main text (its best-measured extractor: word F1 0.96 on the ScrapingHub
benchmark) and part of the metadata; a small lxml pass of our own reads what it drops: the
page's JSON-LD and ``og:``/``article:`` meta (``jsonld.py``) and the article's figures with
their captions and credits (``figures.py``), placed among the paragraphs where they stand in
the page. Every text goes through the loader's sanitiser; scripts and styles never become text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree
from lxml import html as lxml_html

from tui.importer.charset import NotDecodable, decode
from tui.importer.draft import Block, Document, Figure, Meta, Paragraph, Subheading
from tui.importer.figures import place_figures
from tui.importer.html_chunks import add_split_chunks
from tui.importer.html_furniture import remove_furniture
from tui.importer.html_meta import build_meta, meta_text
from tui.importer.jsonld import read_page_meta
from tui.importer.page_map import PageMap
from tui.model.sanitize import clean_text

if TYPE_CHECKING:
    from trafilatura.settings import Document as Extracted

__all__ = ["NotDecodable", "parse_html"]

#: The parser trafilatura itself uses: comments and processing instructions dropped.
PARSER = lxml_html.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
)

#: Attributes trafilatura matches its patterns against (a page's class names, id and style),
#: and how much of each it is given: real ones run to some hundreds of characters, and
#: trafilatura's regular expressions took 8 s over a 2 MB class name.
NAMING_ATTRIBUTES = ("class", "id", "style")
MAX_NAMING_CHARS = 2000

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


def parse_page(text: str) -> etree._Element | None:
    """The page's element tree as trafilatura would parse it, or None for no page at all."""
    data = text.encode("utf-8", "replace")
    if not data.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(data, parser=PARSER)
    except (etree.ParserError, ValueError):
        return None
    for element in tree.iter():
        for name in NAMING_ATTRIBUTES:
            value = element.get(name) if isinstance(element.tag, str) else None
            if value is not None and len(value) > MAX_NAMING_CHARS:
                element.set(name, value[:MAX_NAMING_CHARS])
    return tree


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


def _extract(tree: etree._Element, url: str | None, *, precision: bool) -> list[Block]:
    """The blocks trafilatura finds in ``tree`` (it works on a copy), in the given mode."""
    from trafilatura import bare_extraction  # ~300 ms to import: only when a page is read

    try:
        found = bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
        )
    # trafilatura catches its own ValueError and TypeError (and gives None); a page deeper
    # than its recursion, or a case it did not foresee, must not end the import: the page
    # then has no body by that mode, which the pipeline reports as an empty article.
    except Exception:  # the boundary with the extractor
        return []
    return list(_output_blocks(found.body)) if found is not None else []


def extract_body(tree: etree._Element, url: str | None) -> list[Block]:
    """The article's paragraphs and subheadings, by trafilatura's precision mode unless it
    kept less than ``PRECISION_MIN_SHARE`` of what the balanced mode keeps."""
    precise = _extract(tree, url, precision=True)
    balanced = _extract(tree, url, precision=False)
    if _word_count(precise) >= PRECISION_MIN_SHARE * _word_count(balanced):
        return precise
    return balanced


def extract_metadata(tree: etree._Element, url: str | None) -> Extracted | None:
    """What trafilatura reads of the page's metadata; its date only from the markup and the
    address (its extensive search also takes years from copyright lines)."""
    from trafilatura import extract_metadata as metadata
    from trafilatura.settings import set_date_params

    try:
        return metadata(tree, url, set_date_params(extensive=False))
    except Exception:  # the boundary with the extractor, as in _extract
        return None


def parse_html(data: bytes | str, *, url: str | None = None) -> Document:
    """The article in a web page: metadata as the page states it, and its paragraphs,
    subheadings and figures in reading order.

    ``data`` is the page's bytes (decoded by byte-order mark, then the charset the page
    declares, then UTF-8) or its text; ``url`` is where it came from, if known, and resolves
    image addresses. Raises ``charset.NotDecodable`` (a ``ValueError`` with a one-line
    ``message``) when bytes are not text; any text, however broken, gives a ``Document``.
    """
    text = data if isinstance(data, str) else decode(data)
    tree = parse_page(text)
    if tree is None:
        return Document(Meta(url=meta_text(url)), ())
    ld, tags = read_page_meta(tree)
    meta = build_meta(tree, ld, tags, extract_metadata(tree, url), url)
    page = PageMap(tree)
    blocks = add_split_chunks(extract_body(tree, url), page)
    blocks = remove_furniture(blocks, meta, page)
    blocks = place_figures(page, blocks, url or meta.url)
    return Document(meta, tuple(blocks))
