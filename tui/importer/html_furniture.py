"""What the extractor kept of a page that is not the article's text: ``remove_furniture``.

Each rule is a small function over the body's blocks, measured on the dev pages by
``benchmarks/accuracy_html.py``: the headline repeated as the first heading, a dateline the
page set apart from its paragraph, time stamps and bylines above the first paragraph, lines
of page furniture (``lexicon/html_furniture.txt``) and pointers away ("Related: ...",
``lexicon/html_furniture_leads.txt``), pictures' credits kept as paragraphs, paragraphs that
are only a link to another page,
headings with no paragraph after them, and copyright lines at the end.
"""

from __future__ import annotations

import re

from tui.importer.draft import Block, Figure, Meta, Paragraph, Subheading
from tui.importer.figures import strip_credit_lead
from tui.importer.page_map import PageMap
from tui.importer.page_text import lexicon, visible_text

WORD = re.compile(r"\w+")
#: A first heading holding this share of the title's words (and little else) repeats it.
HEADLINE_SHARE = 0.8
#: Lines above the first paragraph of the article that are this short may be its furniture.
MAX_LEAD_WORDS = 12
#: A paragraph of at least this many words is the article's (its furniture ends there).
ARTICLE_WORDS = 20
#: A pointer ("Related: ...") or a paragraph that is one link is at most this long.
MAX_POINTER_WORDS = 16
#: A copyright line is at most this long.
MAX_COPYRIGHT_WORDS = 30

_TIME_OR_YEAR = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b(?:19|20)\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?\"”’]\s*$")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’()-]{1,40}\s*[—–-]+$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _text(block: Block) -> str:
    return block.caption if isinstance(block, Figure) else block.text


def drop_repeated_headline(blocks: list[Block], meta: Meta) -> list[Block]:
    """Without a first heading or paragraph that repeats the title (the page's ``<h1>``,
    which the extractor keeps as a heading)."""
    if not blocks or not meta.title or isinstance(blocks[0], Figure):
        return blocks
    title, first = set(_words(meta.title)), _words(blocks[0].text)
    if not title or not first:
        return blocks
    shared = sum(word in title for word in first)
    if shared >= HEADLINE_SHARE * len(title) and shared >= HEADLINE_SHARE * len(first):
        return blocks[1:]
    return blocks


def join_split_dateline(blocks: list[Block]) -> list[Block]:
    """A dateline the page set apart ("WASHINGTON —") joined to the paragraph it opens."""
    joined: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            isinstance(block, Paragraph)
            and isinstance(following, Paragraph)
            and _DATELINE.match(block.text)
        ):
            joined.append(Paragraph(f"{block.text} {following.text}"))
            index += 2
            continue
        joined.append(block)
        index += 1
    return joined


def _is_byline(text: str, meta: Meta) -> bool:
    words = set(_words(text))
    return (
        bool(words)
        and any(set(_words(author)) and set(_words(author)) <= words for author in meta.authors)
        and len(words) <= MAX_LEAD_WORDS
    )


def drop_lead_stamps(blocks: list[Block], meta: Meta) -> list[Block]:
    """Without the short lines above the article's first paragraph that are a time stamp
    ("November 20, 2019 - 11:28 AM") or a byline of the page's authors."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and len(_words(block.text)) >= ARTICLE_WORDS:
            return kept + blocks[index:]
        text = _text(block)
        short = len(_words(text)) <= MAX_LEAD_WORDS and not _SENTENCE_END.search(text)
        if (
            isinstance(block, Paragraph)
            and short
            and (_TIME_OR_YEAR.search(text) or _is_byline(text, meta))
        ):
            continue
        kept.append(block)
    return kept


def _is_furniture_line(text: str) -> bool:
    words = _words(text)
    if " ".join(words) in lexicon("html_furniture"):
        return True
    lead = text.split(":", 1)[0].strip().lower()
    return (
        ":" in text
        and lead in lexicon("html_furniture_leads")
        and (len(words) <= MAX_POINTER_WORDS)
    )


def drop_furniture_lines(blocks: list[Block]) -> list[Block]:
    """Without the page's furniture lines: comment and share prompts, "Related: ..."."""
    return [b for b in blocks if isinstance(b, Figure) or not _is_furniture_line(b.text)]


def _is_credit_line(block: Block) -> bool:
    """Whether a paragraph is only a picture's credit: ``(Credit: Ana Ruiz / Grist)``."""
    if not isinstance(block, Paragraph) or len(_words(block.text)) > MAX_LEAD_WORDS:
        return False
    text = block.text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return strip_credit_lead(text) != text


def drop_credit_lines(blocks: list[Block]) -> list[Block]:
    """Without the credits of pictures that the extractor kept as paragraphs."""
    return [b for b in blocks if not _is_credit_line(b)]


def _is_link(block: Block, page: PageMap) -> bool:
    """Whether the page element of ``block`` is one link and nothing else."""
    if not isinstance(block, Paragraph) or len(_words(block.text)) > MAX_POINTER_WORDS:
        return False
    element = page.element_for(block.text)
    if element is None or element.tag == "a":
        return element is not None
    links = [a for a in element.iter("a")]
    return len(links) == 1 and _words(visible_text(links[0])) == _words(block.text)


def drop_links(blocks: list[Block], page: PageMap) -> list[Block]:
    """Without the paragraphs that are only a link to another page (related stories)."""
    return [b for b in blocks if not _is_link(b, page)]


def _is_copyright(block: Block) -> bool:
    return (
        isinstance(block, Paragraph)
        and bool(_COPYRIGHT.search(block.text))
        and len(_words(block.text)) <= MAX_COPYRIGHT_WORDS
    )


def drop_trailing(blocks: list[Block]) -> list[Block]:
    """Without the headings after the last paragraph (they head nothing: a list of related
    stories, a comment box) and the copyright lines at the end."""
    end = len(blocks)
    while end and (isinstance(blocks[end - 1], Subheading) or _is_copyright(blocks[end - 1])):
        end -= 1
    return blocks[:end]


def remove_furniture(blocks: list[Block], meta: Meta, page: PageMap) -> list[Block]:
    """The body without the page's furniture, by every rule above in turn."""
    blocks = drop_repeated_headline(blocks, meta)
    blocks = join_split_dateline(blocks)
    blocks = drop_lead_stamps(blocks, meta)
    blocks = drop_furniture_lines(blocks)
    blocks = drop_credit_lines(blocks)
    blocks = drop_links(blocks, page)
    return drop_trailing(blocks)
