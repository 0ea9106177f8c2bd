"""The help dialog, built from the live bindings of the app, the screen and each pane."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.model.inert import inert


def class_bindings(node: DOMNode) -> list[Binding]:
    """Every binding the node's class declares or inherits, later classes overriding earlier."""
    by_key: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        if cls in (Screen, ModalScreen):
            continue  # text selection and minimising: nothing the reader offers
        declared = cls.__dict__.get("BINDINGS")
        if declared:
            for binding in Binding.make_bindings(declared):
                by_key[binding.key] = binding
    return list(by_key.values())


def binding_rows(node: DOMNode) -> list[tuple[str, str]]:
    """(keys, description) rows, aliases of one action on one row: ``j / down``."""
    app = node.app
    keys_by_action: dict[str, list[str]] = {}
    description: dict[str, str] = {}
    for binding in class_bindings(node):
        if binding.system:
            continue
        keys_by_action.setdefault(binding.action, []).append(app.get_key_display(binding))
        if binding.description and binding.action not in description:
            description[binding.action] = binding.description
    return [
        (" / ".join(keys), description.get(action) or action.replace("_", " "))
        for action, keys in keys_by_action.items()
    ]


def help_content(sections: Sequence[tuple[str, DOMNode]], extra: Iterable[str] = ()) -> Content:
    """The keys of each section, then the ``extra`` lines (which quote outside text, such as
    the current link and its file name, so they are made inert)."""
    lines: list[Content] = []
    shown: set[tuple[str, str]] = set()
    for title, node in sections:
        # A key an earlier section already lists (the reader repeats q and ? so that the
        # footer shows them first) is listed once.
        rows = [
            (keys, text)
            for keys, text in binding_rows(node)
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
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, sections: Sequence[tuple[str, DOMNode]], extra: Iterable[str] = ()) -> None:
        super().__init__()
        self._content = help_content(sections, extra)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(self._content, id="help-text")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
