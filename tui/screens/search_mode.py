"""Search on the reader screen: ``/`` opens the bar; while a search is on, n/N step its matches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from tui.navigation import wrap_notice

if TYPE_CHECKING:
    from tui.model.article import Span
    from tui.search import Corpus, Match, Scope, SearchResult
    from tui.widgets.search_bar import SearchBar

#: Typing waits this long for the next key before searching, so a fast typist searches once.
SEARCH_DELAY = 0.12


class SearchMode:
    """Mixed into ``ReaderScreen``: the search state and what the search keys do.

    It uses the screen's ``body``, ``quote_list``, ``facts_panel``, ``jump_to_quote``,
    ``jump_to_fact``, ``show_match``, ``show_current`` and ``_update_status``.
    """

    article: Any
    _notice: str

    _search: SearchResult | None = None
    _match: Span | None
    _search_timer: Timer | None = None
    _corpus: Corpus | None = None

    @property
    def search_result(self) -> SearchResult | None:
        """The search in force (its matches are marked and n/N step them), if any."""
        return self._search

    #: Mounted by the first ``/``: the first frame has no input to style, draw or blink.
    _search_bar: SearchBar | None = None

    @property
    def search_bar(self) -> SearchBar | None:
        """The search bar, once ``/`` has been pressed."""
        return self._search_bar

    @property
    def search_bar_open(self) -> bool:
        return self._search_bar is not None and self._search_bar.is_open

    async def action_search(self) -> None:
        bar = self._search_bar
        if bar is None:
            from tui.widgets.search_bar import SearchBar

            bar = self._search_bar = SearchBar(id="search")
            # Keys typed right after "/" wait in the app's queue until this returns, and then
            # go to the input that ``open`` focuses.
            await self.mount(bar, before=self.status_line)  # type: ignore[attr-defined]
        bar.open(self.pane_widget(self.pane))  # type: ignore[attr-defined]

    def run_search(self, query: str, scope: Scope) -> SearchResult:
        """Search now and mark every match in the body and both lists."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        current = self._search
        if current is not None and (current.query, current.scope) == (query, scope):
            return current
        # Imported with the first search, like the bar: the first frame needs neither.
        from tui.search import Corpus, compile_query, search

        if self._corpus is None or self._corpus.article is not self.article:
            self._corpus = Corpus(self.article)
        result = search(self._corpus, query, scope)
        self._search = result if query else None
        self._match = None  # the match n went to belongs to the search before
        pattern = compile_query(query)
        self.body.show_matches(result.body)
        self.quote_list.show_matches(pattern, set(result.quotes))
        self.facts_panel.show_matches(pattern, set(result.facts))
        self.show_current(scroll=False)  # with no match shown, the current quote or fact
        return result

    def clear_search(self) -> None:
        self.run_search("", "all")

    def step_match(self, step: int) -> None:
        result = self._search
        if result is None:
            return
        landed = result.step(step, self.body.top_block_index)
        if landed is None:
            self._update_status()  # which says there is no match: said once
            return
        if landed.wrapped:
            self._notice = wrap_notice("matches", step)
        self.go_to_match(result.match(landed.index, self.article))

    def go_to_match(self, match: Match) -> None:
        if match.kind == "quote":
            self.jump_to_quote(self.article.quotes[match.index])
        elif match.kind == "fact":
            self.jump_to_fact(self.article.facts[match.index])
        elif match.span is not None:
            self.show_match(match.span)

    def search_status(self) -> str:
        result = self._search
        if result is None:
            return ""
        where = "" if result.scope == "all" else f" in {result.scope}"
        if not result.count:
            return f"no match for “{result.query}”{where}"
        if result.current is None:  # typing, or not stepped yet
            found = "1 match" if result.count == 1 else f"{result.count} matches"
            return f"{found} for “{result.query}”{where}"
        return f"match {result.current + 1}/{result.count} for “{result.query}”{where}"

    # --- The bar's messages --------------------------------------------------------------

    def on_search_bar_changed(self, event: SearchBar.Changed) -> None:
        self._notice = ""  # typed in the bar, which keeps its keys from the screen
        if self._search_timer is not None:
            self._search_timer.stop()
        query, scope = event.query, event.scope
        self._search_timer = self.set_timer(
            SEARCH_DELAY, lambda: self.run_search(query, scope), name="search"
        )

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        event.bar.close()
        self.set_focus(self.pane_widget(self.pane))
        if self.run_search(event.query, event.scope).count:
            self.step_match(1)

    def on_search_bar_cancelled(self, event: SearchBar.Cancelled) -> None:
        event.bar.close()
        self.set_focus(self.pane_widget(self.pane))
        self.clear_search()
