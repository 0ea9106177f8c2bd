"""In-article search: smart-case matching over the body, the quotes and the facts (pure).

The body is searched as one string (every block's text joined), so a query costs one pass of
``str.find`` or one regular-expression scan however many blocks there are. Every body match is
kept and counted, as its offset in that string in an ``array`` (4 bytes a match, against about
150 for a tuple of three ints in a list): a one-letter query finds a match every few characters,
750,000 in an article of 7.7 MB. Blocks and offsets within them are found by bisection, for
the one match that is stepped to and the blocks that are drawn.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

from tui.model.article import Article, Span
from tui.navigation import Step, step_around

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


class BodyMatches(Sequence[tuple[int, int, int]]):
    """Every match in the body, in reading order, as ``(block index, start, end)`` when read
    one at a time; kept as offsets into the joined body (see the module's docstring)."""

    def __init__(
        self,
        block_starts: Sequence[int] = (),
        positions: array[int] | None = None,
        width: int = 0,
    ) -> None:
        #: Where each block starts in the joined body (the corpus's list: not copied).
        self._block_starts = block_starts
        self._positions = positions if positions is not None else array("i")
        #: The length of every match (the query's).
        self._width = width

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, number: int) -> tuple[int, int, int]: ...
    @overload
    def __getitem__(self, number: slice) -> list[tuple[int, int, int]]: ...
    def __getitem__(self, number: int | slice) -> tuple[int, int, int] | list[tuple[int, int, int]]:
        if isinstance(number, slice):
            return [self[index] for index in range(*number.indices(len(self)))]
        at = self._positions[number]  # IndexError past the end, as a sequence should
        block = bisect_right(self._block_starts, at) - 1
        base = self._block_starts[block]
        return block, at - base, at - base + self._width

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        starts, block, last = self._block_starts, 0, len(self._block_starts) - 1
        for at in self._positions:
            while block < last and starts[block + 1] <= at:
                block += 1
            yield block, at - starts[block], at - starts[block] + self._width

    def first_from(self, block: int) -> int:
        """The number of the first match in ``block`` or after it (``len`` when none is)."""
        if block >= len(self._block_starts):
            return len(self)
        return bisect_left(self._positions, self._block_starts[max(block, 0)])

    def in_block(self, block: int) -> list[tuple[int, int]]:
        """``(start, end)`` within the block of each match in it."""
        low, high = self.first_from(block), self.first_from(block + 1)
        if low == high:
            return []
        base = self._block_starts[block]
        return [(at - base, at - base + self._width) for at in self._positions[low:high]]


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
        # Lowered a block at a time: ``str.lower`` of one string takes 12 bytes a character
        # while it works (74 MB for the whole body of a 7.7 MB article), a block's is small.
        lowered = [text.lower() for text in texts]
        # ``lower`` keeps offsets for almost every script; where it does not (a few letters
        # such as U+0130), case-insensitive search falls back to a regular expression.
        same = all(len(low) == len(text) for low, text in zip(lowered, texts, strict=True))
        self.lowered = _SEPARATOR.join(lowered) if same else None
        self.quotes = [f"{article.speaker_of(q).name}\n{q.text}" for q in article.quotes]
        self.facts = [f"{fact.label}\n{fact.value}" for fact in article.facts]

    def body_matches(self, query: str) -> BodyMatches:
        """Every occurrence of ``query`` in the body, in reading order."""
        # Offsets as C ints while the body is shorter than 2**31 characters; longer ones would
        # overflow them (only a raised --max-bytes allows such a file).
        kind = "i" if len(self.text) < 2**31 else "q"
        positions = array(kind)
        if has_capital(query) or self.lowered is not None:
            haystack = self.text if has_capital(query) else self.lowered
            needle = query if has_capital(query) else query.lower()
            assert haystack is not None
            find, keep, at = haystack.find, positions.append, haystack.find(needle)
            while at >= 0:
                keep(at)
                at = find(needle, at + len(needle))
            return BodyMatches(self.starts, positions, len(needle))
        # ``lower`` changed some lengths: a regular expression. Its pattern is the query's
        # characters, each matching one character, so every match is as long as the query.
        pattern = compile_query(query)
        assert pattern is not None
        for found in pattern.finditer(self.text):
            positions.append(found.start())
        return BodyMatches(self.starts, positions, len(query))


@dataclass(slots=True)
class SearchResult:
    """The matches of one query in one scope, and which of them is current.

    Matches are numbered body first (reading order), then quotes, then facts.
    """

    query: str
    scope: Scope
    body: BodyMatches = field(default_factory=BodyMatches)
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

    def step(self, step: int, top_block: int) -> Step | None:
        """The number of the next (``step`` = 1) or previous (-1) match, wrapping; from the top
        of the view when none is current yet: the first match in the block at the top of the
        view or after it (or the last one before it)."""
        count = self.count
        if count == 0:
            return None
        if self.current is not None:
            landed = step_around(self.current, step, count)
        else:
            first = self.body.first_from(top_block)
            body = len(self.body)
            if step > 0:
                # No body match from the view on: back to the first one.
                landed = Step(first) if first < body else Step(0, body > 0)
            else:
                landed = Step(first - 1) if first > 0 else Step(count - 1, body > 0)
        self.current = landed.index
        return landed


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
