"""A search in linear mode: the places that match, one per paragraph, stepped by ``n``/``N`` (pure).

The full-screen reader counts every occurrence and marks each in the body; read aloud, the
same paragraph said once per occurrence would be noise, so here each place is said once: every
block with a match (in reading order), then each quote that is not in the body (its words are
in no paragraph), then each fact whose label or value matches. The matching is
``tui.search``'s: literal, case-insensitive unless the query has a capital.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from tui.linear.lines import counted
from tui.model.article import Article
from tui.navigation import Step, step_around, step_from
from tui.search import Corpus, search


class Place(NamedTuple):
    """A block (by index), a quote or a fact (by id) that matches."""

    kind: Literal["block", "quote", "fact"]
    index: int
    id: str


class MatchList:
    """The places matching ``query`` in ``article``, and which of them was said last."""

    def __init__(self, article: Article, query: str) -> None:
        self.query = query
        result = search(Corpus(article), query)
        self.occurrences = result.count
        blocks = sorted({block for block, _start, _end in result.body})
        self.items = [Place("block", index, article.blocks[index].id) for index in blocks]
        for index in result.quotes:
            quote = article.quotes[index]
            if not quote.in_body:
                self.items.append(Place("quote", index, quote.id))
        for index in result.facts:
            fact = article.facts[index]
            self.items.append(Place("fact", article.block_index[fact.block_id], fact.id))
        #: The place said last, once ``n`` or ``N`` has said one.
        self.current: int | None = None

    def summary(self) -> str:
        """``17 matches for “crimea” in 5 places: n and N step them, Escape ends the search.``"""
        found = counted(self.occurrences, "match", "matches")
        places = counted(len(self.items), "place")
        return f"{found} for “{self.query}” in {places}: n and N step them, Escape ends the search."

    def step(self, step: int, top_block: int, *, fresh: bool = False) -> Step:
        """The next (``step`` 1) or previous (-1) place, wrapping; the first from ``top_block``
        on when none was said yet (``fresh``: a new search starts there)."""
        if self.current is not None and not fresh:
            landed = step_around(self.current, step, len(self.items))
        else:
            positions = [place.index if place.kind != "quote" else None for place in self.items]
            found = step_from(positions, None, top_block, step)
            assert found is not None  # a list is made only when something matched
            landed = found
        self.current = landed.index
        return landed
