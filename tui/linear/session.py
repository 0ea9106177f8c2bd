"""Linear mode's reading: each key in, the lines it says out (pure: no terminal, no Textual).

The article is read a paragraph at a time. A figure, heading or pull quote comes with the
paragraph after it, so that each Enter says one paragraph; ``units`` are these runs of blocks.
``n`` and ``f`` move the reading place to the paragraph of the quote or fact they announce
without saying it (Enter then says it, and goes on from there; ``p`` says it at once).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from tui.clipboard import quote_with_attribution
from tui.linear.lines import (
    BlockLines,
    Line,
    counted,
    fact_announcement,
    key_lines,
    opening,
    quote_announcement,
)
from tui.linear.matches import MatchList
from tui.links import Target
from tui.model.article import Article, Paragraph, Quote
from tui.navigation import step_from, wrap_notice

#: What the reply to ``/`` asks for: a line typed in the terminal's own line editing.
SEARCH_PROMPT = "Search (Enter alone ends the search): "


class Reply(NamedTuple):
    """What one key does: lines to print, text to copy (OSC 52), a line to ask for, the end."""

    lines: list[Line]
    copy: str | None = None
    prompt: str | None = None
    quit: bool = False


def paragraph_units(article: Article) -> list[tuple[int, int]]:
    """``(first, last)`` block indices of each run of blocks that ends in a paragraph (the
    blocks after the last paragraph, if any, are a run of their own)."""
    units: list[tuple[int, int]] = []
    first = 0
    for index, block in enumerate(article.blocks):
        if isinstance(block, Paragraph):
            units.append((first, index))
            first = index + 1
    if first < len(article.blocks):
        units.append((first, len(article.blocks) - 1))
    return units


class LinearSession:
    """Where the reader is in one article, and what each key says."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.blocks = BlockLines(article)
        self.units = paragraph_units(article)
        #: The unit of each block.
        self._unit_of = [0] * len(article.blocks)
        for number, (first, last) in enumerate(self.units):
            self._unit_of[first : last + 1] = [number] * (last - first + 1)
        #: The reading place: a unit, and whether it has been said since the place was set.
        self.unit = 0
        self.unit_said = False
        self.speaker: str | None = None
        self.quote_id: str | None = None
        self.fact_id: str | None = None
        #: ``quote`` or ``fact``: what ``p`` says the paragraph of (the last announced).
        self.last: str | None = None
        self.matches: MatchList | None = None

    # --- Opening -----------------------------------------------------------------------------

    def start(self, target: Target | None = None, saved: dict[str, object] | None = None) -> Reply:
        """The opening, then the deep link's target, or the saved place, or the first paragraph."""
        lines = opening(self.article)
        if target is not None:
            return Reply(lines + self._open_at(target))
        if saved:
            resumed = self.restore(saved)
            if resumed is not None:
                return Reply(lines + resumed)
        return Reply(lines + self._say_unit(0))

    def whole(self) -> list[Line]:
        """Everything, as reading on to the end and then stepping every quote and fact would
        say it: for a terminal with no keyboard to read."""
        lines = opening(self.article, keys=False)
        lines += [
            line for index in range(len(self.article.blocks)) for line in self.blocks.lines(index)
        ]
        quotes, facts = self.article.quotes, self.article.facts
        for number, quote in enumerate(quotes, 1):
            lines.append(quote_announcement(self.article, quote, number, len(quotes)))
        for number, fact in enumerate(facts, 1):
            lines += fact_announcement(self.article, fact, number, len(facts))
        return lines

    def _open_at(self, target: Target) -> list[Line]:
        if target.kind == "quote":
            return self._announce_quote(target.id) + self.say_last()
        if target.kind == "fact":
            index = next(i for i, fact in enumerate(self.article.facts) if fact.id == target.id)
            return self._announce_fact(index) + self.say_last()
        return self._say_unit(self._unit_of[self.article.block_index[target.id]])

    def restore(self, saved: dict[str, object]) -> list[Line] | None:
        """The place, quote, fact and speaker filter of a saved position (as the full-screen
        reader saves it: ``anchor`` names the block at the top of its view); what is no longer
        in the article is skipped. The lines saying where reading goes on, or None."""
        speaker = saved.get("speaker")
        if isinstance(speaker, str) and speaker in self.article.speakers_by_id:
            self.speaker = speaker
        quote = saved.get("quote")
        if isinstance(quote, str) and any(q.id == quote for q in self.quotes):
            self.quote_id = quote
        fact = saved.get("fact")
        if isinstance(fact, str) and any(f.id == fact for f in self.article.facts):
            self.fact_id = fact
        anchor = saved.get("anchor")
        block_id = anchor[0] if isinstance(anchor, list) and anchor else None
        index = self.article.block_index.get(block_id) if isinstance(block_id, str) else None
        lines = []
        if self.speaker is not None:
            name = self.article.speakers_by_id[self.speaker].name
            lines.append(Line(f"Quotes by {name} only: s for the next speaker.", "notice"))
        if index is None or index == 0:  # nowhere, or at the very start: the opening says so
            return lines + self._say_unit(0) if lines else None
        lines.insert(0, Line("Back where you left off.", "notice"))
        # From the block that was at the top, not the figure above it that was out of view.
        self.unit, self.unit_said = self._unit_of[index], True
        last = self.units[self.unit][1]
        return lines + [line for at in range(index, last + 1) for line in self.blocks.lines(at)]

    def position(self) -> dict[str, object]:
        """What the full-screen reader saves, so that either mode opens where the other left:
        ``anchor`` is the top of the first block said last (row 0 of it: ``tui.widgets.
        body_layout``'s blank row above a block), then the quote, fact and speaker filter."""
        from tui.widgets.body_layout import ROW_BLANK

        first, _last = self.units[self.unit]
        return {
            "anchor": [self.article.blocks[first].id, ROW_BLANK, 0],
            "quote": self.quote_id,
            "fact": self.fact_id,
            "speaker": self.speaker,
        }

    # --- Keys --------------------------------------------------------------------------------

    def key(self, name: str) -> Reply:
        """The reply to one key (``tui.linear.keys`` names them)."""
        if name in ("enter", "space", "down", "page-down"):
            return Reply(self.next_unit())
        if name in ("b", "up", "page-up"):
            return Reply(self.previous_unit())
        if name in ("n", "N"):
            step = 1 if name == "n" else -1
            return Reply(self.step_match(step) if self.matches else self.step_quote(step))
        if name in ("f", "F"):
            return Reply(self.step_fact(1 if name == "f" else -1))
        if name == "p":
            return Reply(self.say_last())
        if name == "/":
            return Reply([], prompt=SEARCH_PROMPT)
        if name == "s":
            return Reply(self.next_speaker())
        if name == "c":
            return self.copy_quote()
        if name in ("g", "home"):
            self.unit, self.unit_said = 0, False
            return Reply(opening(self.article) + self._say_unit(0))
        if name == "h":
            return Reply(key_lines())
        if name == "escape":
            return Reply(self.end_search())
        if name in ("q", "ctrl-d"):
            return Reply([], quit=True)
        shown = name if len(name) == 1 and name.isprintable() else name.replace("-", " ")
        return Reply([Line(f"{shown} does nothing here. Press h for keys.", "notice")])

    def next_unit(self) -> list[Line]:
        if not self.unit_said:
            return self._say_unit(self.unit)
        if self.unit + 1 < len(self.units):
            return self._say_unit(self.unit + 1)
        label = self.blocks.label(self.units[self.unit][1])
        return [Line(f"End of the article, at {label.lower()}. g goes to the start.", "notice")]

    def previous_unit(self) -> list[Line]:
        if self.unit == 0:
            self.unit_said = False
            return [Line("Start of the article. Enter reads the first paragraph.", "notice")]
        return self._say_unit(self.unit - 1)

    def _say_unit(self, unit: int) -> list[Line]:
        self.unit, self.unit_said = unit, True
        first, last = self.units[unit]
        return [line for index in range(first, last + 1) for line in self.blocks.lines(index)]

    def _move_to_block(self, index: int | None) -> None:
        """The reading place goes to the unit of block ``index`` (not said yet), if it moves."""
        if index is not None and self._unit_of[index] != self.unit:
            self.unit, self.unit_said = self._unit_of[index], False

    # --- Quotes, facts, speakers --------------------------------------------------------------

    @property
    def quotes(self) -> list[Quote]:
        """The quotes ``n`` steps through: the filtered speaker's, or all."""
        wanted = self.speaker
        return [q for q in self.article.quotes if wanted is None or q.speaker_id == wanted]

    def _block_of(self, spans_first: str | None) -> int | None:
        return None if spans_first is None else self.article.block_index[spans_first]

    def step_quote(self, step: int) -> list[Line]:
        quotes = self.quotes
        if not quotes:
            return [Line("No quotes" + (" from this speaker." if self.speaker else "."), "notice")]
        ids = [quote.id for quote in quotes]
        positions = [self._block_of(q.spans[0].block_id if q.spans else None) for q in quotes]
        current = ids.index(self.quote_id) if self.quote_id in ids else None
        if current is not None and not self._in_view(s.block_id for s in quotes[current].spans):
            current = None
        landed = step_from(positions, current, self.units[self.unit][0], step)
        assert landed is not None  # there are quotes
        notice = [Line(wrap_notice("quotes", step) + ".", "notice")] if landed.wrapped else []
        return notice + self._announce_quote(quotes[landed.index].id)

    def _in_view(self, block_ids: Iterable[str]) -> bool:
        """Whether the reading place is a paragraph of the current quote or fact (or it has
        none): then ``n`` and ``f`` step from it; after reading on (or back) to another
        paragraph they go on from the reading place, as the full-screen reader's go on from
        the view."""
        units = {self._unit_of[self.article.block_index[block_id]] for block_id in block_ids}
        return not units or self.unit in units

    def _announce_quote(self, quote_id: str) -> list[Line]:
        """Announce a quote, numbered among the quotes ``n`` steps through (among all of them
        when a search found one of another speaker's)."""
        quotes = self.quotes
        if all(quote.id != quote_id for quote in quotes):
            quotes = list(self.article.quotes)
        index = next(i for i, quote in enumerate(quotes) if quote.id == quote_id)
        quote = quotes[index]
        self.quote_id, self.last = quote.id, "quote"
        self._move_to_block(self._block_of(quote.spans[0].block_id) if quote.spans else None)
        return [quote_announcement(self.article, quote, index + 1, len(quotes))]

    def step_fact(self, step: int) -> list[Line]:
        facts = self.article.facts
        if not facts:
            return [Line("No facts.", "notice")]
        ids = [fact.id for fact in facts]
        positions: list[int | None] = [self.article.block_index[fact.block_id] for fact in facts]
        current = ids.index(self.fact_id) if self.fact_id in ids else None
        if current is not None and not self._in_view([facts[current].block_id]):
            current = None
        landed = step_from(positions, current, self.units[self.unit][0], step)
        assert landed is not None
        notice = [Line(wrap_notice("facts", step) + ".", "notice")] if landed.wrapped else []
        return notice + self._announce_fact(landed.index)

    def _announce_fact(self, index: int) -> list[Line]:
        facts = self.article.facts
        fact = facts[index]
        self.fact_id, self.last = fact.id, "fact"
        self._move_to_block(self.article.block_index[fact.block_id])
        return fact_announcement(self.article, fact, index + 1, len(facts))

    def say_last(self) -> list[Line]:
        """``p``: the paragraph (or paragraphs) of the quote or fact announced last."""
        if self.last == "fact":
            fact = next((f for f in self.article.facts if f.id == self.fact_id), None)
            block_ids = [fact.block_id] if fact else []
        else:
            quote = next((q for q in self.article.quotes if q.id == self.quote_id), None)
            if quote is not None and not quote.in_body:
                where = quote.context or "said elsewhere"
                return [Line(f"This quote is not in the article's text: {where}.", "notice")]
            block_ids = [span.block_id for span in quote.spans] if quote else []
        if not block_ids:
            return [Line("No quote or fact yet: press n or f.", "notice")]
        indices = sorted({self.article.block_index[block_id] for block_id in block_ids})
        self.unit, self.unit_said = self._unit_of[indices[-1]], True
        return [line for index in indices for line in self.blocks.lines(index)]

    def next_speaker(self) -> list[Line]:
        """``s``: all speakers -> each quoted speaker in turn -> all (as the full-screen ``s``)."""
        counts = self.article.quote_count_by_speaker()
        cycle: list[str | None] = [None, *(s.id for s in self.article.speakers if s.id in counts)]
        at = cycle.index(self.speaker) if self.speaker in cycle else 0
        self.speaker = cycle[(at + 1) % len(cycle)]
        if self.quote_id not in {quote.id for quote in self.quotes}:
            self.quote_id = None  # n goes on from the reading place
        if self.speaker is None:
            text = f"All speakers: {counted(len(self.article.quotes), 'quote')}."
        else:
            name = self.article.speakers_by_id[self.speaker].name
            text = f"Quotes by {name}: {counts[self.speaker]} of {len(self.article.quotes)}."
        return [Line(f"{text} n for the next.", "notice")]

    def copy_quote(self) -> Reply:
        """``c``: the current quote with its attribution, for the terminal's clipboard."""
        quotes = self.quotes
        ids = [quote.id for quote in quotes]
        if self.quote_id not in ids:
            return Reply([Line("No quote yet: press n.", "notice")])
        number = ids.index(self.quote_id) + 1
        quote = quotes[number - 1]
        text = quote_with_attribution(quote.text, self.article.speaker_of(quote).attribution)
        done = Line(f"Copied quote {number} of {len(quotes)} with its attribution.", "notice")
        return Reply([done], copy=text)

    # --- Search ------------------------------------------------------------------------------

    def search(self, query: str) -> list[Line]:
        """The answer to ``/``: how many matches, then the first from the reading place on."""
        if not query.strip():
            return self.end_search()
        matches = MatchList(self.article, query)
        if not matches.items:
            return [Line(f"No matches for “{query}”.", "notice")]
        self.matches = matches
        return [Line(matches.summary(), "notice"), *self.step_match(1, fresh=True)]

    def step_match(self, step: int, *, fresh: bool = False) -> list[Line]:
        assert self.matches is not None
        landed = self.matches.step(step, self.units[self.unit][0], fresh=fresh)
        notice = [Line(wrap_notice("matches", step) + ".", "notice")] if landed.wrapped else []
        item = self.matches.items[landed.index]
        head = f"Match {landed.index + 1} of {len(self.matches.items)}"
        if item.kind == "block":
            self.unit, self.unit_said = self._unit_of[item.index], True
            first, *rest = self.blocks.lines(item.index)
            label = first.text[0].lower() + first.text[1:]
            return [*notice, Line(f"{head}, {label}", "match"), *rest]
        if item.kind == "quote":
            announced = self._announce_quote(item.id)
        else:
            fact_index = [f.id for f in self.article.facts].index(item.id)
            announced = self._announce_fact(fact_index)
        return [*notice, Line(f"{head}:", "match"), *announced]

    def end_search(self) -> list[Line]:
        if self.matches is None:
            return [Line("No search to end. / searches.", "notice")]
        self.matches = None
        return [Line("Search ended: n and N step the quotes again.", "notice")]
