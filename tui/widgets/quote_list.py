"""The quote list: each quote with its speaker, virtualised by OptionList, filtered by speaker."""

from __future__ import annotations

import re
from functools import partial

from rich.cells import cell_len
from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.article import Article, Quote
from tui.widgets.item_list import ItemList
from tui.widgets.prompt import Drawn, LazyPrompt, Line, PlainLine, Prompt, mark_matches

#: A name cut shorter than this says too little: the line is cut at its end instead.
MIN_NAME_CELLS = 6


def quote_prompt(article: Article, quote: Quote, pattern: re.Pattern[str] | None = None) -> Prompt:
    """The speaker and where the words stand, then the words: one row cut with an ellipsis,
    all of them when the quote is the list's current one (the line folds).

    Built from plain strings: text from the file is never markup.
    """
    speaker = article.speaker_of(quote)
    if quote.in_body:
        where = f"¶ {paragraph_number(article, quote.spans[0].block_id)}"
    else:
        where = quote.context or "not in the body"
    return Prompt(
        [
            Drawn(1, partial(speaker_line, speaker.name, where, pattern)),
            Line(mark_matches(Content(quoted_words(quote)), pattern), wraps=False, folds=True),
        ]
    )


def quoted_words(quote: Quote) -> str:
    """The words on one line, in quotation marks."""
    return f"“{' '.join(quote.text.split())}”"


def speaker_line(
    name: str, where: str, pattern: re.Pattern[str] | None, width: int
) -> list[Content]:
    """``Jens Stoltenberg  ¶ 6`` in ``width`` cells: a narrow list shortens the name, not the
    paragraph (``Jens Stolt…  ¶ 6``), which tells the quotes of one speaker apart."""
    where = "  " + where
    room = width - cell_len(where)
    if cell_len(name) > room >= MIN_NAME_CELLS:
        name = Content(name).truncate(room, ellipsis=True).plain
    # Not dim: dimmed on the cursor's colour it fell below a contrast of 3:1.
    return [mark_matches(Content.assemble((name, "bold"), where), pattern)]


def lazy_quote_prompt(
    article: Article, quote: Quote, pattern: re.Pattern[str] | None = None
) -> LazyPrompt:
    """``quote_prompt``, built when drawn; its height comes from the plain text."""
    return LazyPrompt(
        partial(quote_prompt, article, quote, pattern),
        [
            PlainLine(article.speaker_of(quote).name, wraps=False),
            PlainLine(quoted_words(quote), wraps=False, folds=True),
        ],
    )


def paragraph_number(article: Article, block_id: str) -> str:
    """``7`` for the seventh paragraph; figures and headings are named by their id."""
    number = article.paragraph_numbers.get(block_id)
    return block_id if number is None else str(number)


class QuoteList(ItemList):
    """The article's quotes in reading order; the cursor is the current quote.

    A key or a click that moves the cursor sends ``Marked``, Enter ``Chosen``: the screen shows
    the quote either way. The screen's own moves (``mark``) send nothing.
    """

    DEFAULT_CSS = """
    QuoteList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class QuoteMessage(Message):
        """Something happened to one quote of the list."""

        def __init__(self, quote_list: QuoteList, quote: Quote) -> None:
            super().__init__()
            self.quote_list = quote_list
            self.quote = quote

        @property
        def control(self) -> QuoteList:
            return self.quote_list

    class Chosen(QuoteMessage):
        """Enter (or a click) on a quote: the screen jumps to it."""

    class Marked(QuoteMessage):
        """A key or a click moved the cursor to another quote."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._article = article
        self._quotes: tuple[Quote, ...] = ()
        self._positions: tuple[int | None, ...] = ()
        self._index_by_id: dict[str, int] = {}
        self._speaker_filter: str | None = None
        self._pattern: re.Pattern[str] | None = None
        self._fill()

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """The quotes shown, after the speaker filter."""
        return self._quotes

    @property
    def positions(self) -> tuple[int | None, ...]:
        """Each shown quote's first block index (``None`` when not in the body)."""
        return self._positions

    @property
    def speaker_filter(self) -> str | None:
        """The speaker id the list is narrowed to, or ``None`` for every speaker."""
        return self._speaker_filter

    @property
    def current_quote(self) -> Quote | None:
        index = self.highlighted
        return None if index is None or index >= len(self._quotes) else self._quotes[index]

    def set_article(self, article: Article) -> None:
        """Show a new version of the article, keeping the current quote and the filter when
        they still exist."""
        current = self.current_quote
        self._article = article
        if self._speaker_filter not in article.speakers_by_id:
            self._speaker_filter = None
        self._fill()
        if current is not None:
            self.mark(current.id)

    def filter_by_speaker(self, speaker_id: str | None) -> None:
        """Show only one speaker's quotes (``None``: all); keep the current quote when it stays."""
        current = self.current_quote
        self._speaker_filter = speaker_id
        self._fill()
        if current is not None and current.id in self._index_by_id:
            self.mark(current.id)

    @property
    def search_pattern(self) -> re.Pattern[str] | None:
        """The search whose matches the items mark, if any."""
        return self._pattern

    def show_matches(self, pattern: re.Pattern[str] | None, matching: set[int]) -> None:
        """Mark the words that match a search (``None`` clears), keeping the cursor."""
        if pattern is None and self._pattern is None:
            return
        current = self.current_quote
        self._pattern = pattern if matching else None
        self._fill()
        if current is not None:
            self.mark(current.id)

    def mark(self, quote_id: str | None) -> None:
        """Make a quote (or none) current, without a message."""
        self.move_cursor(None if quote_id is None else self._index_by_id.get(quote_id))

    def _fill(self) -> None:
        self.forget_rows()
        article = self._article
        wanted = self._speaker_filter
        self._quotes = tuple(q for q in article.quotes if wanted is None or q.speaker_id == wanted)
        self._index_by_id = {quote.id: index for index, quote in enumerate(self._quotes)}
        block_index = article.block_index
        self._positions = tuple(
            block_index[q.spans[0].block_id] if q.spans else None for q in self._quotes
        )
        self.set_options(
            Option(lazy_quote_prompt(article, q, self._pattern), id=q.id) for q in self._quotes
        )
        speaker = article.speakers_by_id.get(wanted) if wanted else None
        count = f"{len(self._quotes)}"
        # Content, not a str: Textual parses a str title as markup, and a name is no markup.
        self.border_subtitle = Content(f"{speaker.name} · {count}" if speaker else count)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self._quotes[event.option_index]))

    @on(OptionList.OptionHighlighted)
    def _marked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Marked(self, self._quotes[event.option_index]))
