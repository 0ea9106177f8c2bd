"""In-article search: smart-case matching over the body, the quotes and the facts (pure)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from tui.model.article import Article, Span

Scope = Literal["all", "body", "quotes", "facts"]
SCOPES: tuple[Scope, ...] = ("all", "body", "quotes", "facts")


def compile_query(query: str) -> re.Pattern[str] | None:
    """The query as a literal pattern: case-insensitive unless it has a capital (smart case)."""
    if not query:
        return None
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return re.compile(re.escape(query), flags)


def quote_search_text(article: Article, index: int) -> str:
    """What a quote is searched by: its speaker and its words."""
    quote = article.quotes[index]
    return f"{article.speaker_of(quote).name}\n{quote.text}"


def fact_search_text(article: Article, index: int) -> str:
    """What a fact is searched by: its label and its value as written."""
    fact = article.facts[index]
    return f"{fact.label}\n{fact.value}"


@dataclass(frozen=True, slots=True)
class Match:
    """One match: words in a body block (``span``), or a quote or fact (``index``)."""

    kind: Literal["body", "quote", "fact"]
    #: The block index for a body match; the quote's or fact's index otherwise.
    index: int
    span: Span | None = None


@dataclass(slots=True)
class SearchResult:
    """The matches of one query in one scope, and which of them is current."""

    query: str
    scope: Scope
    matches: list[Match] = field(default_factory=list)
    current: int | None = None

    @property
    def body_spans(self) -> list[Span]:
        return [m.span for m in self.matches if m.kind == "body" and m.span is not None]

    @property
    def quote_indices(self) -> set[int]:
        return {m.index for m in self.matches if m.kind == "quote"}

    @property
    def fact_indices(self) -> set[int]:
        return {m.index for m in self.matches if m.kind == "fact"}

    def step(self, step: int, top_block: int) -> Match | None:
        """The next (``step`` = 1) or previous (-1) match, wrapping; from the top of the view
        when none is current yet (body matches are in reading order, so bisect finds it)."""
        if not self.matches:
            return None
        count = len(self.matches)
        if self.current is not None:
            self.current = (self.current + step) % count
        else:
            body = [m.index for m in self.matches if m.kind == "body"]
            first = bisect_left(body, top_block)
            if step > 0:
                self.current = first if first < len(body) else 0
            else:
                self.current = first - 1 if first > 0 else count - 1
        return self.matches[self.current]


def search(article: Article, query: str, scope: Scope = "all") -> SearchResult:
    """Every match of ``query`` in ``scope``: body matches in reading order, then quotes, facts.

    Body matches count each occurrence; a quote or fact counts once however often it matches.
    """
    result = SearchResult(query, scope)
    pattern = compile_query(query)
    if pattern is None:
        return result
    matches = result.matches
    if scope in ("all", "body"):
        for index, block in enumerate(article.blocks):
            text = block.text
            # A cheap test first: most blocks do not match at all.
            if pattern.search(text) is None:
                continue
            matches.extend(
                Match("body", index, Span(block.id, found.start(), found.end()))
                for found in pattern.finditer(text)
                if found.end() > found.start()
            )
    if scope in ("all", "quotes"):
        matches.extend(
            Match("quote", index)
            for index in range(len(article.quotes))
            if pattern.search(quote_search_text(article, index))
        )
    if scope in ("all", "facts"):
        matches.extend(
            Match("fact", index)
            for index in range(len(article.facts))
            if pattern.search(fact_search_text(article, index))
        )
    return result
