"""The facts panel: each fact with its value and date, and a small bar chart for a series."""

from __future__ import annotations

import re
from functools import partial

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.article import Article, Fact, Series
from tui.widgets.item_list import ItemList
from tui.widgets.prompt import (
    Drawn,
    LazyPrompt,
    Line,
    PlainLine,
    Prompt,
    PromptLine,
    mark_matches,
)

#: Eighths of a cell, so a bar's length is exact to 1/8 of a column.
_BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``width`` cells filled to ``fraction`` (clamped to 0..1)."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_BAR_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def series_rows(series: Series, width: int) -> list[Content]:
    """The series as chart rows: ``2014      ████▌        30%``, fitted into ``width`` cells."""
    numbers = [p.number for p in series.points if p.number is not None]
    top = max(numbers, default=0.0)
    if series.unit == "%":
        top = max(top, 100.0)
    label_width = min(max(len(p.label) for p in series.points), 12)
    value_width = min(max(len(p.value) for p in series.points), 14)
    bar_width = max(width - label_width - value_width - 4, 4)
    rows = []
    for point in series.points:
        fraction = (point.number or 0.0) / top if top else 0.0
        label = point.label[:label_width].ljust(label_width)
        rows.append(
            Content.assemble(
                f"  {label} ", (bar(fraction, bar_width), "$accent"), f" {point.value}"
            )
        )
    return rows


#: Between a fact's label and where it stands, and inside ``¶ 4``: the list wraps at spaces
#: only, so a label that wraps takes its mark along with its last word (``¶ 4`` alone on the
#: last row said where, but not of what); a label that fits is laid out as before.
NO_BREAK = "\u00a0"


def fact_text(article: Article, fact: Fact) -> tuple[str, str]:
    """The two lines of text a fact shows: the label with where it stands, and the value."""
    number = article.paragraph_numbers.get(fact.block_id)
    where = f"¶{NO_BREAK}{number}" if number is not None else fact.block_id
    value_line = fact.value
    if fact.as_of is not None and fact.as_of.human() != fact.value:
        value_line += f" · {fact.as_of.human()}"
    return f"{fact.label}{NO_BREAK * 2}{where}", value_line


def fact_prompt(article: Article, fact: Fact, pattern: re.Pattern[str] | None = None) -> Prompt:
    """The label, the value as written with its date, and the series chart if there is one."""
    heading, value_line = fact_text(article, fact)
    # Where it stands is not dim: dimmed on the cursor's colour it fell below a contrast of 3:1.
    label = Content(heading).stylize("bold", 0, len(fact.label))
    lines: list[PromptLine] = [
        Line(mark_matches(label, pattern)),
        Line(mark_matches(Content(value_line), pattern)),
    ]
    series = fact.series
    if series is not None:
        lines.append(Line(Content.styled(series.label, "italic")))
        lines.append(Drawn(len(series.points), partial(series_rows, series)))
    return Prompt(lines)


def lazy_fact_prompt(
    article: Article, fact: Fact, pattern: re.Pattern[str] | None = None
) -> LazyPrompt:
    """``fact_prompt``, built when drawn; its height comes from the plain text."""
    plain = [PlainLine(text) for text in fact_text(article, fact)]
    rows = 0
    if fact.series is not None:
        plain.append(PlainLine(fact.series.label))
        rows = len(fact.series.points)
    return LazyPrompt(partial(fact_prompt, article, fact, pattern), plain, rows)


class FactsPanel(ItemList):
    """The article's facts in reading order; the cursor is the current fact.

    A key or a click that moves the cursor sends ``Marked``, Enter ``Chosen``: the screen shows
    the fact either way. The screen's own moves (``mark``) send nothing.
    """

    DEFAULT_CSS = """
    FactsPanel {
        height: 1fr;
    }
    """

    class FactMessage(Message):
        """Something happened to one fact of the panel."""

        def __init__(self, facts_panel: FactsPanel, fact: Fact) -> None:
            super().__init__()
            self.facts_panel = facts_panel
            self.fact = fact

        @property
        def control(self) -> FactsPanel:
            return self.facts_panel

    class Chosen(FactMessage):
        """Enter (or a click) on a fact: the screen jumps to it."""

    class Marked(FactMessage):
        """A key or a click moved the cursor to another fact."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._article = article
        self._index_by_id: dict[str, int] = {}
        self._positions: tuple[int, ...] = ()
        self._pattern: re.Pattern[str] | None = None
        self._fill()

    @property
    def facts(self) -> tuple[Fact, ...]:
        return self._article.facts

    @property
    def positions(self) -> tuple[int, ...]:
        """Each fact's block index, for stepping from the top of the view."""
        return self._positions

    @property
    def current_fact(self) -> Fact | None:
        index = self.highlighted
        return None if index is None or index >= len(self.facts) else self.facts[index]

    def set_article(self, article: Article) -> None:
        """Show a new version of the article, keeping the current fact when it still exists."""
        current = self.current_fact
        self._article = article
        self._fill()
        if current is not None:
            self.mark(current.id)

    def show_matches(self, pattern: re.Pattern[str] | None, matching: set[int]) -> None:
        """Mark the words that match a search (``None`` clears), keeping the cursor."""
        if pattern is None and self._pattern is None:
            return
        highlighted = self.highlighted
        self._pattern = pattern if matching else None
        self._fill()
        self.move_cursor(highlighted)

    def mark(self, fact_id: str | None) -> None:
        """Make a fact (or none) current, without a message."""
        self.move_cursor(None if fact_id is None else self._index_by_id.get(fact_id))

    def _fill(self) -> None:
        self.forget_rows()
        article = self._article
        self._index_by_id = {fact.id: index for index, fact in enumerate(article.facts)}
        self._positions = tuple(article.block_index[fact.block_id] for fact in article.facts)
        self.set_options(
            Option(lazy_fact_prompt(article, fact, self._pattern), id=fact.id)
            for fact in article.facts
        )
        self.border_subtitle = f"{len(article.facts)}"

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.facts[event.option_index]))

    @on(OptionList.OptionHighlighted)
    def _marked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Marked(self, self.facts[event.option_index]))
