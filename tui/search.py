"""In-article search: smart-case matching over the body, the quotes and the facts (pure).

The body is searched as one string (every block's text joined), so a query costs one pass of
``str.find`` or one regular-expression scan however many blocks there are; matches are mapped
back to blocks by bisection. Body matches stay plain tuples: a common word in a long article has
hundreds of thousands of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal

from tui.model.article import Article, Span

Scope = Literal["all", "body", "quotes", "facts"]
SCOPES: tuple[Scope, ...] = ("all", "body", "quotes", "facts")
#: Between two blocks in the joined body: no query can match across it.
_SEPARATOR = "\n\x00\n"


def compile_query(query: str) -> re.Pattern[str] | None:
    """The query as a literal pattern: case-insensitive unless it has a capital (smart case)."""
    if not query:
        return None
    flags = 0 if has_capital(query) else re.IGNORECASE
    return re.compile(re.escape(query), flags)


def has_capital(query: str) -> bool:
    return any(char.isupper() for char in query)


@dataclass(frozen=True, slots=True)
class Match:
    """One match: words in a body block (``span``), or a quote or fact (``index``)."""

    kind: Literal["body", "quote", "fact"]
    #: The block index for a body match; the quote's or fact's index otherwise.
    index: int
    span: Span | None = None


class Corpus:
    """An article's searchable text, built once per article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        texts = [block.text for block in article.blocks]
        self.text = _SEPARATOR.join(texts)
        self.starts: list[int] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + len(_SEPARATOR)
        lowered = self.text.lower()
        # ``lower`` keeps offsets for almost every script; where it does not (a few letters
        # such as U+0130), case-insensitive search falls back to a regular expression.
        self.lowered = lowered if len(lowered) == len(self.text) else None
        self.quotes = [f"{article.speaker_of(q).name}\n{q.text}" for q in article.quotes]
        self.facts = [f"{fact.label}\n{fact.value}" for fact in article.facts]

    def body_matches(self, query: str) -> list[tuple[int, int, int]]:
        """``(block index, start, end)`` of every occurrence, in reading order."""
        positions: list[int] = []
        if has_capital(query) or self.lowered is not None:
            haystack = self.text if has_capital(query) else self.lowered
            needle = query if has_capital(query) else query.lower()
            assert haystack is not None
            find, at = haystack.find, haystack.find(needle)
            while at >= 0:
                positions.append(at)
                at = find(needle, at + len(needle))
            width = len(needle)
        else:
            pattern = compile_query(query)
            assert pattern is not None
            spans = [(m.start(), m.end()) for m in pattern.finditer(self.text)]
            return [self._locate(start, end) for start, end in spans if end > start]
        return [self._locate(at, at + width) for at in positions]

    def _locate(self, start: int, end: int) -> tuple[int, int, int]:
        block = bisect_right(self.starts, start) - 1
        base = self.starts[block]
        return block, start - base, end - base


@dataclass(slots=True)
class SearchResult:
    """The matches of one query in one scope, and which of them is current.

    Matches are numbered body first (reading order), then quotes, then facts.
    """

    query: str
    scope: Scope
    body: list[tuple[int, int, int]] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    facts: list[int] = field(default_factory=list)
    current: int | None = None

    @property
    def count(self) -> int:
        return len(self.body) + len(self.quotes) + len(self.facts)

    def match(self, number: int, article: Article) -> Match:
        """Match ``number`` (0-based, in the order above)."""
        if number < len(self.body):
            block, start, end = self.body[number]
            return Match("body", block, Span(article.blocks[block].id, start, end))
        number -= len(self.body)
        if number < len(self.quotes):
            return Match("quote", self.quotes[number])
        return Match("fact", self.facts[number - len(self.quotes)])

    def step(self, step: int, top_block: int) -> int | None:
        """The number of the next (``step`` = 1) or previous (-1) match, wrapping; from the top
        of the view when none is current yet."""
        count = self.count
        if count == 0:
            return None
        if self.current is not None:
            self.current = (self.current + step) % count
        else:
            first = bisect_left(self.body, (top_block, -1, -1))
            if step > 0:
                self.current = first if first < len(self.body) else 0
            else:
                self.current = first - 1 if first > 0 else count - 1
        return self.current


def search(corpus: Corpus, query: str, scope: Scope = "all") -> SearchResult:
    """Every match of ``query`` in ``scope``.

    Body matches count each occurrence; a quote or fact counts once however often it matches.
    """
    result = SearchResult(query, scope)
    pattern = compile_query(query)
    if pattern is None:
        return result
    if scope in ("all", "body"):
        result.body = corpus.body_matches(query)
    if scope in ("all", "quotes"):
        result.quotes = [i for i, text in enumerate(corpus.quotes) if pattern.search(text)]
    if scope in ("all", "facts"):
        result.facts = [i for i, text in enumerate(corpus.facts) if pattern.search(text)]
    return result
