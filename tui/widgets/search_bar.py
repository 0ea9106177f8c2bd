"""The search bar: a query input with a scope (all, body, quotes, facts) that ``ctrl+t`` cycles."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from tui.search import SCOPES, Scope


class SearchInput(Input):
    """The query input: Input's keys, with Enter named for what it does here."""

    BINDINGS = [
        Binding("enter", "submit", "Go", tooltip="Go to the first match from the top of the view")
    ]

    async def action_submit(self) -> None:
        bar = self.parent
        if isinstance(bar, SearchBar):
            bar.give_focus_back()
        await super().action_submit()


class SearchBar(Horizontal):
    """Hidden until ``open()``; posts ``Changed`` as you type, ``Submitted`` on Enter and
    ``Cancelled`` on Escape."""

    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: 1;
        background: $panel;
        &.-open { display: block; }
        & > Label { padding: 0 1; color: $text-muted; width: auto; }
        & > Input { border: none; height: 1; padding: 0; background: $panel; width: 1fr; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Cancel the search"),
        Binding("ctrl+t", "cycle_scope", "Scope", tooltip="Search all, the body, quotes or facts"),
    ]

    class SearchMessage(Message):
        def __init__(self, bar: SearchBar, query: str, scope: Scope) -> None:
            super().__init__()
            self.bar = bar
            self.query = query
            self.scope = scope

        @property
        def control(self) -> SearchBar:
            return self.bar

    class Changed(SearchMessage):
        """The query or the scope changed."""

    class Submitted(SearchMessage):
        """Enter: go to the first match."""

    class Cancelled(SearchMessage):
        """Escape: close the bar and forget the search."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._scope: Scope = "all"
        #: Where the focus goes back to on Enter or Escape.
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._label(), id="search-scope", markup=False)
        yield SearchInput(
            placeholder="search (ctrl+t: scope, Enter: go, Esc: cancel)", compact=True
        )

    @property
    def scope(self) -> Scope:
        return self._scope

    @property
    def query_text(self) -> str:
        """What is typed in the bar."""
        return self.query_one(Input).value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, return_to: Widget | None = None) -> None:
        """Show the bar and focus its input; Enter and Escape give the focus to ``return_to``."""
        self._return_to = return_to
        self.add_class("-open")
        # Focus now, not later: keys already queued behind "/" must reach the input.
        self.screen.set_focus(self.query_one(Input))

    def give_focus_back(self) -> None:
        """Focus where it was before ``open``, now, as the key that closes the bar is handled,
        not a message later: the keys that follow are the reader's, not more of the query."""
        if self._return_to is not None and self._return_to.is_attached:
            self.screen.set_focus(self._return_to)

    def close(self) -> None:
        self.remove_class("-open")

    def _label(self) -> str:
        return f"/ {self._scope}"

    def action_cycle_scope(self) -> None:
        self._scope = SCOPES[(SCOPES.index(self._scope) + 1) % len(SCOPES)]
        self.query_one(Label).update(self._label())
        self.post_message(self.Changed(self, self.query_text, self._scope))

    def action_cancel(self) -> None:
        self.give_focus_back()
        self.post_message(self.Cancelled(self, self.query_text, self._scope))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value, self._scope))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value, self._scope))
