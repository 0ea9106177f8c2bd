"""The reader screen: the article body, the quote list and the facts panel, driven by keys."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.events import DescendantFocus, Key, Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.clipboard import fact_with_source, quote_with_attribution
from tui.links import Target
from tui.model.article import Article, Fact, Quote, Span
from tui.navigation import JUMP_CONTEXT, Step, step_from_view, wrap_notice
from tui.screens.first_paint import FirstPaint
from tui.screens.live_reload import LiveReload
from tui.screens.reading_position import ReadingPosition
from tui.screens.search_mode import SearchMode
from tui.widgets.article_body import ArticleBody
from tui.widgets.article_header import ArticleHeader
from tui.widgets.facts_panel import FactsPanel, fact_text
from tui.widgets.key_footer import KeyFooter
from tui.widgets.quote_list import QuoteList
from tui.widgets.status_line import Status, StatusLine

Pane = Literal["body", "quotes", "facts"]
PANES: tuple[Pane, ...] = ("body", "quotes", "facts")
#: What the body highlights and the status line names.
Shown = Literal["quote", "fact", "match"]

#: Below this the layout cannot fit and a notice shows instead.
MIN_WIDTH, MIN_HEIGHT = 40, 12
#: From this width all three panes show; below NARROW_WIDTH one pane at a time.
WIDE_WIDTH, NARROW_WIDTH = 100, 60
#: Below this height the header shrinks to the title alone (``i`` shows the rest).
TALL_HEIGHT = 30


def _size_classes(width: int, height: int) -> dict[str, bool]:
    """The layout classes for a window of ``width`` x ``height``: on (True) or off."""
    return {
        "-too-small": width < MIN_WIDTH or height < MIN_HEIGHT,
        "-wide": width >= WIDE_WIDTH,
        "-medium": NARROW_WIDTH <= width < WIDE_WIDTH,
        "-narrow": width < NARROW_WIDTH,
    }


def _too_small_text(width: int, height: int) -> str:
    return (
        f"Terminal too small: {width}x{height}.\n"
        f"tui-reader needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\nq quits."
    )


def _compact_header(width: int, height: int) -> bool:
    """Only the title, on one line, where the window is short or narrow."""
    return height < TALL_HEIGHT or width < NARROW_WIDTH


class ReaderScreen(SearchMode, LiveReload, ReadingPosition, FirstPaint, Screen[None]):
    """Owns what is current (quote, fact, pane) and tells the widgets what to show.

    What is current: the cursor of the quote list is the current quote, the cursor of the facts
    panel the current fact; a fresh open has neither. Every move makes an item current and
    shows it: keys and clicks in a list, Enter, ``n``/``N``, ``f``/``F``, a search match in a
    quote or fact, a deep link, the saved position. The body highlights the words of the one
    moved to last (or the search match ``n`` went to) and scrolls only when they are out of
    view; the status line names it; its list marks it, focused or not, and shows its whole
    text. ``c`` copies the current quote, ``y`` the link of what the status names. Scrolling
    the body moves nothing current; ``n`` goes on from the current quote while it is in view,
    else from the view. Escape ends a search, then makes nothing current. A resize keeps the
    highlighted words in view if they were.
    """

    BINDINGS = [
        # The app's own q and ?, first here so that a narrow footer shows them before the rest.
        # The footer shows each description; the help shows the tooltip where there is one.
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "app.help", "Help", tooltip="Show every key"),
        # Priority: focus moves as the key arrives, so keys typed right after it follow.
        Binding(
            "tab", "cycle_pane(1)", "Pane", tooltip="Next pane (body, quotes, facts)", priority=True
        ),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, priority=True),
        # One binding: the footer shows its first key.
        Binding(
            "n,right_square_bracket",
            "next_quote",
            "Next quote",
            tooltip="Next quote, or match while searching",
        ),
        Binding(
            "N,left_square_bracket",
            "previous_quote",
            "Previous quote, or match while searching",
            show=False,
        ),
        Binding("f", "next_fact", "Next fact"),
        Binding("F", "previous_fact", "Previous fact", show=False),
        Binding(
            "c",
            "copy_quote",
            "Copy quote",
            tooltip="Copy quote with attribution (or the fact shown)",
        ),
        Binding("y", "copy_link", "Copy link to quote (or the fact shown)", show=False),
        Binding("s", "cycle_speaker", "Filter by the next speaker", show=False),
        Binding("S", "pick_speaker", "Pick a speaker to filter by", show=False),
        Binding("1", "show_pane('body')", "Show the body", show=False),
        Binding("2", "show_pane('quotes')", "Show the quotes", show=False),
        Binding("3", "show_pane('facts')", "Show the facts", show=False),
        Binding("i", "about", "About the article", show=False),
        Binding("slash", "search", "Search", tooltip="Search the article", priority=True),
        Binding("escape", "clear", "End search or clear highlight", show=False),
    ]

    def __init__(
        self, article: Article, *, start: Target | None = None, resume: bool = True
    ) -> None:
        super().__init__()
        self.article = article
        #: Where to open: a deep link's quote, fact or block (before any saved position).
        self._start = start
        #: Whether to restore the reading position saved in the app's state store.
        self._resume = resume
        #: The body's view (visible blocks, top line, size) the quote list last followed.
        self._followed: tuple[tuple[int, int], int, Size] | None = None
        self._pane: Pane = "body"
        self._side: Pane = "quotes"
        self._notice = ""
        #: What the last move was about (``shown`` falls back while it has no item).
        self._last: Shown | None = None
        #: The body match the last ``n`` of a search went to.
        self._match: Span | None = None
        #: Keys typed before the reader was up (key, character), replayed by ``on_mount``; None
        #: once they have been (see ``keep_typed_ahead``).
        self.typed_ahead: list[tuple[str, str | None]] | None = []

    # --- Composition and layout ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Every layout class and title before the first style pass, so the first Resize
        # changes none: each change restyles every widget and costs a frame at start-up.
        width, height = self.app.size
        self._toggle_classes(_size_classes(width, height))
        self._show_classes()
        header = ArticleHeader(self.article.meta, id="header")
        header.set_compact(_compact_header(width, height))
        yield header
        with Horizontal(id="panes"):
            yield self.body
            with Vertical(id="side"):
                yield self.quote_list
                yield self.facts_panel
        yield self.status_line
        yield KeyFooter()
        if _size_classes(width, height)["-too-small"]:
            yield Static(_too_small_text(width, height), id="too-small", markup=False)

    # The panes are made once and kept: hot paths need no query, and the reading position can
    # still be read from them while the screen is being taken down.

    @cached_property
    def body(self) -> ArticleBody:
        return ArticleBody(self.article, id="body")

    @cached_property
    def quote_list(self) -> QuoteList:
        return QuoteList(self.article, id="quotes")

    @cached_property
    def facts_panel(self) -> FactsPanel:
        return FactsPanel(self.article, id="facts")

    @cached_property
    def status_line(self) -> StatusLine:
        return StatusLine(id="status")

    def pane_widget(self, pane: Pane) -> Widget:
        return {"body": self.body, "quotes": self.quote_list, "facts": self.facts_panel}[pane]

    def on_mount(self) -> None:
        self.start_watching()
        self.set_focus(self.body, scroll_visible=False)
        if self._start is not None:
            self.go_to_target(self._start)
        elif self._resume:
            self.restore_position(self._state_store_load())
        self._update_status()
        # Follow the body as it scrolls, not a message later: the list and the status line then
        # repaint in the body's frame (one burst of bytes per key over SSH).
        self.watch(self.body, "scroll_y", self._follow_body, init=False)
        if self.has_class("-too-small"):
            self.first_paint_ready()  # no body to lay out: the notice is the first frame

    def first_paint_released(self) -> None:
        """The keys typed during start-up, in order, once the reader's start is complete
        (focus, saved position, the body laid out) and drawn: they act on what it shows."""
        keys, self.typed_ahead = self.typed_ahead or [], None
        self._replay(keys)

    def _replay(self, keys: list[tuple[str, str | None]]) -> None:
        """Send the first of ``keys`` as the driver sends a key, and the rest once it has been
        handled. Posted at once, a priority key ("/", Tab: the app runs these as it reads
        them) overtook the keys before it, still on their way up from the focused widget
        (``n n /x`` searched first)."""
        if not keys:
            return
        (key, character), rest = keys[0], keys[1:]
        # From the app, as the driver's keys are: sent from this screen, a key's bubble ends
        # at the screen (Textual stops it at its sender), and no binding of the body's runs.
        self.app.post_message(Key(key, character).set_sender(self.app))
        if rest:
            self.app.call_later(self._after_key, rest)

    def _after_key(self, keys: list[tuple[str, str | None]]) -> None:
        # The app has forwarded the key to the focused widget (or run its priority binding).
        # A callback queued behind it at each node on its way up runs once that node has
        # handled it and passed it on; at the app again, the key has been handled.
        path: list[DOMNode] = []
        node: DOMNode | None = self.app.focused or self
        while node is not None:
            path.append(node)
            node = node.parent

        def step(at: int) -> None:
            if at == len(path):
                # And what its action posted (a search bar's Submitted) handled too: the next
                # key comes after the screen has settled, as a person's next key would.
                self.call_after_refresh(self._replay, keys)
            else:
                path[at].call_later(step, at + 1)

        step(0)

    def keep_typed_ahead(self, event: Key) -> bool:
        """Keep a key that comes before the reader is up, to replay with its first frame;
        False once it is. The app runs priority bindings (``/``, Tab) at once, before the
        screen has handled its own mount: a "/" typed during start-up opened the search, and
        the mount's focus of the body then took the input away (``/nato`` searched, and the
        next keys went to the body)."""
        if self.typed_ahead is None:
            return False
        if event.key == "ctrl+j":
            # Typed before Textual put the terminal in raw mode, Enter came through the tty's
            # CR-to-LF translation: it is Enter, not Ctrl+J.
            self.typed_ahead.append(("enter", "\r"))
        else:
            self.typed_ahead.append((event.key, event.character))
        return True

    def on_resize(self, event: Resize) -> None:
        if event.size == self.outer_size:
            # Laid out at this size already (the screen's own first layout pass sends it the
            # size it has just laid out, and the app's first size comes after that pass): each
            # would lay the screen out again and repaint it whole.
            event.prevent_default()
            return
        self._apply_layout(event.size.width, event.size.height)

    def _apply_layout(self, width: int, height: int) -> None:
        classes = _size_classes(width, height)
        too_small = classes["-too-small"]
        self._toggle_classes(classes)
        self.query_one(ArticleHeader).set_compact(_compact_header(width, height))
        if too_small:
            # Mounted the first time the window is too small: most sessions never need it.
            notice = self.query_one_optional("#too-small", Static)
            if notice is None:
                self.mount(notice := Static(id="too-small", markup=False))
            notice.update(_too_small_text(width, height))
            self.first_paint_ready()
        self._show_classes()

    def _pane_classes(self) -> dict[str, bool]:
        """Which side panel shows (medium width) and which pane shows (narrow width)."""
        wanted = {f"-pane-{pane}": self._pane == pane for pane in PANES}
        return {**wanted, "-side-facts": self._side == "facts"}

    def _show_classes(self) -> None:
        self._toggle_classes(self._pane_classes())
        # Where panels take turns, each title says where the other one is.
        tabs = not self.has_class("-wide")
        # A narrow panel shows the title without the hint rather than a cut word.
        if tabs:
            self.quote_list.set_titles("Quotes · Tab: facts", "Quotes")
            self.facts_panel.set_titles("Facts · Tab: body", "Facts")
        else:
            self.quote_list.set_titles("Quotes")
            self.facts_panel.set_titles("Facts")

    def _toggle_classes(self, wanted: dict[str, bool]) -> None:
        """Each class on or off, in at most two style passes: every class change restyles all
        the widgets, and one pass per class delayed the first frame."""
        add = [name for name, on in wanted.items() if on and not self.has_class(name)]
        remove = [name for name, on in wanted.items() if not on and self.has_class(name)]
        if add:
            self.add_class(*add)
        if remove:
            self.remove_class(*remove)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the search input has focus, "/" and Tab are the input's to type.
        return not (action in ("search", "cycle_pane") and self.search_bar_open)

    # --- Panes ---------------------------------------------------------------------------

    @property
    def pane(self) -> Pane:
        """The pane that has (or last had) focus."""
        return self._pane

    def action_cycle_pane(self, step: int) -> None:
        self.action_show_pane(PANES[(PANES.index(self._pane) + step) % len(PANES)])

    def action_show_pane(self, pane: Pane) -> None:
        self._set_pane(pane)
        # Focus now, not later: keys already queued behind this one must reach the new pane.
        self.set_focus(self.pane_widget(pane))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Clicks and the app's own focus moves keep the current pane in step.
        for pane in PANES:
            if event.widget is self.pane_widget(pane) and pane != self._pane:
                self._set_pane(pane)

    def _set_pane(self, pane: Pane) -> None:
        """Make ``pane`` current; a side panel also becomes the one the side shows."""
        self._pane = pane
        if pane != "body":
            self._side = pane
        self._show_classes()

    # --- What is current ----------------------------------------------------------------

    @property
    def shown(self) -> Shown | None:
        """What the body highlights and the status names: what the last move was about while
        it is still there (a filter or a reload may take it away), else the current quote,
        else the current fact."""
        if self._last == "match" and self._match is not None and self.search_result is not None:
            return "match"
        if self._last == "fact" and self.facts_panel.current_fact is not None:
            return "fact"
        if self.quote_list.current_quote is not None:
            return "quote"
        return "fact" if self.facts_panel.current_fact is not None else None

    def shown_spans(self) -> tuple[Span, ...]:
        """The words of what is shown, in the body (none for a quote not in the body)."""
        shown = self.shown
        if shown == "match" and self._match is not None:
            return (self._match,)
        if shown == "quote" and (quote := self.quote_list.current_quote) is not None:
            return quote.spans
        if shown == "fact" and (fact := self.facts_panel.current_fact) is not None:
            return (fact.span,)
        return ()

    def show_current(self, *, scroll: bool) -> None:
        """Highlight what is shown and, with ``scroll``, bring its words into view (with
        context above) when they are not in view already."""
        spans = self.shown_spans()
        if spans != self.body.highlighted_spans:
            self.body.highlight(spans)
        if scroll and spans:
            first = spans[0]
            self.body.scroll_to_block(first.block_id, context=JUMP_CONTEXT, span=first)
        self._update_status()

    def show_match(self, span: Span) -> None:
        """A search match in the body becomes what is shown."""
        self._last, self._match = "match", span
        self.show_current(scroll=True)

    def _choose(
        self, kind: str, positions: Sequence[int | None], current: int | None, step: int
    ) -> Step | None:
        """Where ``n``/``f`` (or ``N``/``F``) goes in a list whose cursor is ``current``; a
        step past an end of the list also sets the notice that says so."""
        chosen = step_from_view(positions, current, self.body.visible_block_range(), step)
        if chosen is not None and chosen.wrapped:
            self._notice = wrap_notice(f"{kind}s", step)
        return chosen

    # --- Quotes --------------------------------------------------------------------------

    def _step_quote(self, step: int) -> None:
        quotes = self.quote_list
        chosen = self._choose("quote", quotes.positions, quotes.highlighted, step)
        if chosen is None:
            self._notice = "No quotes" + (" from this speaker" if quotes.speaker_filter else "")
            self._update_status()
            return
        self.jump_to_quote(quotes.quotes[chosen.index])

    def action_next_quote(self) -> None:
        """n: the next search match while a search is on, else the next quote."""
        if self.search_result is not None:
            self.step_match(1)
        else:
            self._step_quote(1)

    def action_previous_quote(self) -> None:
        if self.search_result is not None:
            self.step_match(-1)
        else:
            self._step_quote(-1)

    def jump_to_quote(self, quote: Quote) -> None:
        """Make the quote current: select it, highlight its words, bring them into view."""
        quotes = self.quote_list
        if quotes.speaker_filter is not None and quote.speaker_id != quotes.speaker_filter:
            quotes.filter_by_speaker(None)  # a match or a link in a quote the filter hides
        quotes.mark(quote.id)
        self._last = "quote"
        self.show_current(scroll=True)

    @on(QuoteList.Chosen)
    @on(QuoteList.Marked)
    def _quote_moved(self, event: QuoteList.QuoteMessage) -> None:
        # The cursor may have moved on since the message was sent: what it is on now counts.
        self._last = "quote"
        self.show_current(scroll=True)

    # --- Facts ---------------------------------------------------------------------------

    def _step_fact(self, step: int) -> None:
        facts = self.facts_panel
        chosen = self._choose("fact", facts.positions, facts.highlighted, step)
        if chosen is None:
            self._notice = "No facts"
            self._update_status()
            return
        self.jump_to_fact(facts.facts[chosen.index])

    def action_next_fact(self) -> None:
        self._step_fact(1)

    def action_previous_fact(self) -> None:
        self._step_fact(-1)

    def jump_to_fact(self, fact: Fact) -> None:
        """Make the fact current: select it, highlight its figure, bring it into view."""
        self.facts_panel.mark(fact.id)
        self._last = "fact"
        self.show_current(scroll=True)

    @on(FactsPanel.Chosen)
    @on(FactsPanel.Marked)
    def _fact_moved(self, event: FactsPanel.FactMessage) -> None:
        self._last = "fact"
        self.show_current(scroll=True)

    # --- Following the body --------------------------------------------------------------

    @on(ArticleBody.Scrolled)
    def _body_scrolled(self, event: ArticleBody.Scrolled) -> None:
        self._follow_body()

    def _follow_body(self) -> None:
        # Called by both the scroll watcher (same frame) and the Scrolled message (which also
        # covers re-layouts): the second call for the same view has nothing to do. Only the
        # place changes: scrolling makes nothing current.
        body = self.body
        view = (body.visible_block_range(), body.scroll_offset.y, body.size)
        if view == self._followed:
            return
        if self._followed is None:
            # The body has its first size and the status line follows it: what the
            # first frame shows is complete.
            self.first_paint_ready()
        self._followed = view
        self._update_status()

    # --- Speaker filter ------------------------------------------------------------------

    def action_cycle_speaker(self) -> None:
        """All speakers -> each quoted speaker in turn -> all speakers."""
        counts = self.article.quote_count_by_speaker()
        cycle: list[str | None] = [None, *(s.id for s in self.article.speakers if s.id in counts)]
        current = self.quote_list.speaker_filter
        # A speaker picked with ``S`` may have no quotes, and so is not in the cycle.
        at = cycle.index(current) if current in cycle else 0
        self.set_speaker_filter(cycle[(at + 1) % len(cycle)])

    def action_pick_speaker(self) -> None:
        from tui.screens.speaker_picker import ALL_SPEAKERS, SpeakerPicker

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.set_speaker_filter(None if choice == ALL_SPEAKERS else choice)

        self.app.push_screen(SpeakerPicker(self.article, self.quote_list.speaker_filter), picked)

    def set_speaker_filter(self, speaker_id: str | None) -> None:
        self.quote_list.filter_by_speaker(speaker_id)
        self.show_current(scroll=False)  # the current quote may be filtered out

    def show_article(self, article: Article) -> None:
        """Show a new version of the article in place: the position, the current quote or
        fact, the filter and the search carry over wherever they still exist."""
        self.article = article
        self.query_one(ArticleHeader).set_meta(article.meta)
        self.body.set_article(article)
        self.quote_list.set_article(article)
        self.facts_panel.set_article(article)
        self._match = None  # a match's place is in the old text
        if (result := self.search_result) is not None:
            self._search = None  # the old matches point into the old text
            self.run_search(result.query, result.scope)
        self.show_current(scroll=False)  # the current items' words where they now stand

    # --- Copy, clear, dialogs ------------------------------------------------------------

    def action_copy_quote(self) -> None:
        """``c``: copy what the status line names, the current quote with its attribution or,
        after a move to a fact, the fact with where it comes from."""
        quote = self.quote_list.current_quote
        fact = self.facts_panel.current_fact
        if self.shown == "fact" and fact is not None:
            meta = self.article.meta
            source = ", ".join(part for part in (meta.title, meta.source.outlet) if part)
            text = fact_with_source(fact.label, fact_text(self.article, fact)[1], source)
            copied = f"fact {(self.facts_panel.highlighted or 0) + 1}"
        elif quote is not None:
            speaker = self.article.speaker_of(quote)
            text = quote_with_attribution(quote.text, speaker.attribution)
            copied = f"quote {(self.quote_list.highlighted or 0) + 1}"
        else:
            self._notice = "No quote selected: press n"
            self._update_status()
            return
        try:
            self.app.copy_to_clipboard(text)
        except ValueError as error:
            self._notice = f"Not copied: {error}"
        else:
            self._notice = f"Copied {copied} to the clipboard"
        self._update_status()

    def action_clear(self) -> None:
        """Escape: end the search (n/N go back to quotes; the current quote or fact shows
        again), or else make nothing current; with nothing to clear, go back to the library
        the article was opened from."""
        if self.search_result is None and self.shown is None and self._opened_from_library():
            self.app.pop_screen()
            return
        if self.search_result is not None:
            self.clear_search()
        else:
            self.quote_list.mark(None)
            self.facts_panel.mark(None)
            self._last = None
        self._notice = ""
        self.show_current(scroll=False)

    def _opened_from_library(self) -> bool:
        """True when a library (of a directory, or of the feeds' items) is below."""
        from tui.screens.feed_items import FeedItemsScreen
        from tui.screens.library import LibraryScreen

        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is self else None
        return isinstance(below, LibraryScreen | FeedItemsScreen)

    def action_about(self) -> None:
        from tui.screens.about import AboutScreen

        self.app.push_screen(AboutScreen(self.article))

    # --- Status --------------------------------------------------------------------------

    def quote_status(self) -> str:
        quotes = self.quote_list.quotes
        quote = self.quote_list.current_quote
        if quote is None:
            count = len(quotes)
            return "No quotes" if not count else f"{count} quote{'' if count == 1 else 's'}"
        index = self.quote_list.highlighted or 0
        text = f"Quote {index + 1}/{len(quotes)} · {self.article.speaker_of(quote).name}"
        if not quote.in_body:
            text += f" ({quote.context or 'not in the body'})"
        return text

    def fact_status(self) -> str:
        fact = self.facts_panel.current_fact
        if fact is None:
            return ""
        index = self.facts_panel.highlighted or 0
        return f"Fact {index + 1}/{len(self.facts_panel.facts)} · {fact.label}"

    def shown_status(self) -> str:
        """What the status line names: the shown fact or quote (a match is named by the
        search's count), or how many quotes there are when nothing is current."""
        shown = self.shown
        if shown == "match":
            return ""
        return self.fact_status() if shown == "fact" else self.quote_status()

    def on_key(self, event: Key) -> None:
        # The notice of the last key stays until the next one: the scroll and the list's
        # messages that follow a jump update the status again, and must not clear it. Keys
        # reach the screen before its bindings run (the app checks them after the bubble).
        # Not shown cleared here: a repaint now, before the key's own, is a second burst of
        # bytes; the key's own update (or the next) clears it.
        self._notice = ""

    def _update_status(self) -> None:
        paragraph, paragraphs, percent = self.body.position()
        speaker_id = self.quote_list.speaker_filter
        speaker = self.article.speakers_by_id.get(speaker_id) if speaker_id else None
        self.status_line.show(
            Status(
                paragraph=paragraph,
                paragraphs=paragraphs,
                percent=percent,
                quote=self.shown_status(),
                filter=" · ".join(
                    part
                    for part in (f"Filter: {speaker.name}" if speaker else "", self.search_status())
                    if part
                ),
                notice=self._notice,
            )
        )
        self.schedule_save()
