"""A list item that knows its height without rendering: what keeps a 5,000-item OptionList fast.

OptionList asks every option for its height when it lays out. A plain ``Content`` prompt answers
by wrapping and formatting itself, which costs seconds for thousands of quotes. ``Prompt``
answers from the plain text with the body's fast line counter, and renders only when the
option scrolls into view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from tui.widgets.body_layout import line_count, wrap


class Line(NamedTuple):
    """One logical line: wrapped to the width, or cut with an ellipsis when ``wraps`` is off.

    A line that ``folds`` (the last of its prompt) is one row while its item is folded and every
    row when it is unfolded: a list shows the whole text of its current item.
    """

    content: Content
    wraps: bool = True
    folds: bool = False


class Drawn(NamedTuple):
    """Lines drawn for a given width (a chart whose bars fill the width): ``rows`` of them."""

    rows: int
    draw: Callable[[int], list[Content]]


PromptLine = Line | Drawn

#: How a search match looks inside a list item.
MATCH_STYLE = "reverse"


def mark_matches(content: Content, pattern: re.Pattern[str] | None) -> Content:
    """``content`` with every match of ``pattern`` styled as a search match."""
    if pattern is None:
        return content
    for found in pattern.finditer(content.plain):
        if found.end() > found.start():
            content = content.stylize(MATCH_STYLE, found.start(), found.end())
    return content


class PlainLine(NamedTuple):
    """A line's plain text, enough to count its rows: ``Line`` without the styles."""

    text: str
    wraps: bool = True
    folds: bool = False


def unfolds(line: Line | PlainLine, unfolded: bool) -> bool:
    """Whether ``line`` takes all its wrapped rows (else one, cut with an ellipsis)."""
    return line.wraps or (line.folds and unfolded)


def _check_folds(folds: Sequence[bool]) -> None:
    # The rows of a folded item are the first rows of its drawing (``Prompt.render_strips``
    # draws a folding line whole): only the last line can fold.
    if any(folds[:-1]):
        raise ValueError("only the last line of a prompt folds")


class Prompt(Visual):
    """Lines of content whose height is counted, not rendered."""

    def __init__(self, lines: Sequence[PromptLine]) -> None:
        self._lines = tuple(lines)
        _check_folds([isinstance(line, Line) and line.folds for line in self._lines])
        self._heights: dict[tuple[int, bool], int] = {}

    @property
    def lines(self) -> tuple[PromptLine, ...]:
        return self._lines

    @property
    def plain(self) -> str:
        """The text of every line (charts drawn 30 cells wide), for tests and search."""
        parts: list[str] = []
        for line in self._lines:
            if isinstance(line, Line):
                parts.append(line.content.plain)
            else:
                parts.extend(row.plain for row in line.draw(30))
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (line.content.cell_length for line in self._lines if isinstance(line, Line)),
            default=1,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Folded: OptionList lays every item out folded (``tui.widgets.item_list``)."""
        return self.height(width, False)

    def height(self, width: int, unfolded: bool) -> int:
        """The rows the prompt takes at ``width``, folded or unfolded."""
        key = (width, unfolded)
        height = self._heights.get(key)
        if height is None:
            height = sum(
                (line_count(line.content.plain, width) if unfolds(line, unfolded) else 1)
                if isinstance(line, Line)
                else line.rows
                for line in self._lines
            )
            self._heights[key] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Every row, a folding line's too: the list shows as many as the item's height (and
        marks a cut with an ellipsis), so one drawing serves the item folded and unfolded."""
        if width <= 0:
            return []
        rows: list[Content] = []
        for line in self._lines:
            if isinstance(line, Drawn):
                rows.extend(row.truncate(width, ellipsis=True) for row in line.draw(width))
            elif line.wraps or line.folds:
                content = line.content
                rows.extend(content[start:end] for start, end in wrap(content.plain, width))
            else:
                rows.append(line.content.truncate(width, ellipsis=True))
        if height is not None:
            rows = rows[:height]
        return [(row.render_strips(width, 1, style, options) or [Strip([])])[0] for row in rows]


class LazyPrompt(Visual):
    """A ``Prompt`` built only when its option is drawn.

    OptionList keeps one prompt per option; at 25,000 quotes building them all up front costs
    seconds and hundreds of MB. This knows its height from plain text (``plain_lines``, each
    wrapping or not, plus ``extra_rows`` of fixed height) and builds the prompt on demand.
    """

    def __init__(
        self,
        build: Callable[[], Prompt],
        plain_lines: Sequence[PlainLine],
        extra_rows: int = 0,
    ) -> None:
        self._build = build
        self._plain_lines = tuple(plain_lines)
        self._extra_rows = extra_rows
        _check_folds([line.folds for line in self._plain_lines])

    @property
    def prompt(self) -> Prompt:
        return self._build()

    @property
    def lines(self) -> tuple[PromptLine, ...]:
        return self.prompt.lines

    def __str__(self) -> str:
        return self.prompt.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((len(line.text) for line in self._plain_lines), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.height(width, False)

    def height(self, width: int, unfolded: bool) -> int:
        """As ``Prompt.height``, counted from the plain text."""
        return self._extra_rows + sum(
            line_count(line.text, width) if unfolds(line, unfolded) else 1
            for line in self._plain_lines
        )

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._build().render_strips(width, height, style, options)
