"""The help dialog, built from the live bindings of the app, the screen and each pane."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import class_bindings
from tui.model.inert import inert

#: A section of the help: its title and the bindings it lists.
Section = tuple[str, Sequence[Binding]]
#: (keys, description) rows of a section.
Rows = list[tuple[str, str]]


def action_keys(app: App[object], bindings: Iterable[Binding]) -> dict[str, tuple[str, str]]:
    """Each action's keys (aliases joined: ``j / ↓``) and what it does. The description is
    the binding's tooltip where it has one: the footer shows the short form."""
    keys_by_action: dict[str, list[str]] = {}
    description: dict[str, str] = {}
    for binding in bindings:
        if binding.system:
            continue
        keys_by_action.setdefault(binding.action, []).append(app.get_key_display(binding))
        if text := binding.tooltip or binding.description:
            description.setdefault(binding.action, text)
    return {
        action: (" / ".join(keys), description.get(action) or action.replace("_", " "))
        for action, keys in keys_by_action.items()
    }


def binding_rows(app: App[object], bindings: Iterable[Binding]) -> Rows:
    """(keys, description) rows, one an action."""
    return list(action_keys(app, bindings).values())


def _merged(app: App[object], sections: Sequence[Section]) -> list[tuple[str, Rows]]:
    """The rows of each section; sections with the same rows (the quote list and the facts
    panel move alike) become one, titled after both."""
    merged: list[tuple[str, Rows]] = []
    for title, bindings in sections:
        rows = binding_rows(app, bindings)
        same = next((at for at, (_, earlier) in enumerate(merged) if earlier == rows), None)
        if same is None:
            merged.append((title, rows))
        else:
            earlier_title = merged[same][0]
            merged[same] = (f"{earlier_title} and {title[:1].lower()}{title[1:]}", rows)
    return merged


def help_content(
    app: App[object], sections: Sequence[Section], extra: Iterable[str] = ()
) -> Content:
    """The keys of each section, then the ``extra`` lines (which quote outside text, such as
    the current link and its file name, so they are made inert)."""
    lines: list[Content] = []
    shown: set[tuple[str, str]] = set()
    for title, all_rows in _merged(app, sections):
        # A key an earlier section already lists (the reader repeats q and ? so that the
        # footer shows them first) is listed once.
        rows = [
            (keys, text)
            for keys, text in all_rows
            if not {(key, text) for key in keys.split(" / ")} <= shown
        ]
        shown.update((key, text) for keys, text in rows for key in keys.split(" / "))
        if not rows:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold"))
        width = max(len(keys) for keys, _ in rows)
        lines.extend(
            Content.assemble((keys.ljust(width), "bold"), "  ", text) for keys, text in rows
        )
    for line in extra:
        lines += [Content(""), Content(inert(line))]
    return Content("\n").join(lines)


def help_for(app: App[object]) -> tuple[list[Section], list[str]]:
    """The sections and extra lines of the help over the app's current screens: the reader's
    panes and search bar, or the library's (or the feed items') keys before an article is
    open."""
    from tui.screens.feed_items import FeedItemsScreen
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen
    from tui.widgets.search_bar import SearchBar, SearchInput

    everywhere = ("Everywhere", class_bindings(app))
    reader = next((s for s in reversed(app.screen_stack) if isinstance(s, ReaderScreen)), None)
    library = next((s for s in app.screen_stack if isinstance(s, LibraryScreen)), None)
    feeds = next((s for s in app.screen_stack if isinstance(s, FeedItemsScreen)), None)
    if reader is None:  # the library, the feed items, or a large article still loading
        top = app.screen
        if top is library:
            return [everywhere, ("Library", class_bindings(top))], []
        if top is feeds:
            keys = [*class_bindings(feeds.item_list), *class_bindings(feeds)]
            return [everywhere, ("Feed items", keys)], []
        return [everywhere], []
    sections = [
        everywhere,
        ("Reader", class_bindings(reader)),
        ("Article body", class_bindings(reader.body)),
        ("Quote list", class_bindings(reader.quote_list)),
        ("Facts panel", class_bindings(reader.facts_panel)),
        # Input's editing keys are the usual ones: only what the reader adds is listed.
        ("Search bar", [*class_bindings(SearchBar), *class_bindings(SearchInput, inherited=False)]),
    ]
    extra = []
    if library is not None or feeds is not None:
        back = "the library" if library is not None else "the feed items"
        extra.append(f"Esc with nothing to clear or end goes back to {back}.")
    if address := reader.current_link():
        extra.append(f"Link to the current quote (y copies it): {address}")
    return sections, extra


class HelpScreen(ModalScreen[None]):
    """Keys, grouped by where they work; Escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
            & > Static {
                width: 1fr;
                height: auto;
            }
        }
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, sections: Sequence[Section], extra: Iterable[str] = ()) -> None:
        super().__init__()
        self._sections = sections
        self._extra = list(extra)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(help_content(self.app, self._sections, self._extra), id="help-text")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
