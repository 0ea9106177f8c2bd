"""The footer: the keys that work where the focus is, each whole; keys that do not fit are left
out from the end, never cut mid-word (Textual's ``Footer`` clips its last key: ``f Ne``)."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import ActiveBinding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from tui.bindings import class_bindings

#: The action Textual's command palette key runs: its key goes at the right end.
PALETTE_ACTION = "command_palette"


class FooterKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool = True

    @property
    def width(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.description)


def footer_keys(screen: Screen) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
    """The keys to show, one per action (the first key bound to it); and the command palette's
    key, if it is bound. ``app.quit`` on the screen and ``quit`` on the app are one action: the
    first key found names it (``q``, or ``^q`` where an input takes q).

    The focused widget's keys come first, then its parents', each node's in the order its class
    declares them (Textual's own order puts a base class's keys first: the screen's tab).
    """
    app = screen.app
    keys: list[FooterKey] = []
    palette: FooterKey | None = None
    actions: set[tuple[int, str]] = set()
    for key, active in _in_declared_order(screen):
        binding = active.binding
        node, action = active.node, binding.action
        for prefix, target in (("app.", app), ("screen.", screen)):
            if action.startswith(prefix):
                node, action = target, action.removeprefix(prefix)
        shown = FooterKey(key, app.get_key_display(binding), binding.description, active.enabled)
        if action == PALETTE_ACTION and node is app:
            palette = shown
        elif binding.show and (id(node), action) not in actions:
            actions.add((id(node), action))
            keys.append(shown)
    return tuple(keys), palette


def _in_declared_order(screen: Screen) -> list[tuple[str, ActiveBinding]]:
    active_bindings = list(screen.active_bindings.items())
    nodes: dict[int, int] = {}
    ranks: dict[int, dict[tuple[str, str], int]] = {}
    for _, active in active_bindings:
        if id(active.node) not in nodes:
            nodes[id(active.node)] = len(nodes)
            declared = class_bindings(active.node)
            ranks[id(active.node)] = {(b.key, b.action): at for at, b in enumerate(declared)}

    def order(item: tuple[str, ActiveBinding]) -> tuple[int, int]:
        key, active = item
        declared = ranks[id(active.node)]
        return nodes[id(active.node)], declared.get((key, active.binding.action), len(declared))

    return sorted(active_bindings, key=order)


def fitted(
    keys: tuple[FooterKey, ...], palette: FooterKey | None, width: int
) -> tuple[list[tuple[int, FooterKey]], int | None]:
    """Where each key that fits in ``width`` cells starts, and where the palette's does (None:
    left out). Two spaces between keys where all of them fit so, one otherwise; keys that
    still do not fit are left out from the end, and the palette's key is the first to go."""
    for gap in (2, 1):
        placed: list[tuple[int, FooterKey]] = []
        x = 1
        for key in keys:
            if x + key.width > width:
                break
            placed.append((x, key))
            x += key.width + gap
        if len(placed) == len(keys):
            break
    end = x - gap if placed else 0
    at = None
    if palette is not None and end + 2 + palette.width <= width - 1:
        at = width - 1 - palette.width
    return placed, at


class KeyFooter(Widget):
    """One row: each key in the key style, then what it does; dim when the key is disabled.

    It follows the screen's bindings, and repaints only when the keys it shows change.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        #: ``(start, end, key)`` of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    @property
    def shown(self) -> list[FooterKey]:
        """The keys drawn at the current width, the palette's last (for tests)."""
        placed, at = fitted(self._keys, self._palette, self.size.width)
        keys = [key for _, key in placed]
        return [*keys, self._palette] if at is not None and self._palette is not None else keys

    def on_mount(self) -> None:
        self._keys, self._palette = footer_keys(self.screen)
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        keys = footer_keys(screen)
        if keys != (self._keys, self._palette):
            self._keys, self._palette = keys
            self.refresh()

    def render(self) -> Content:
        width = self.size.width
        placed, at = fitted(self._keys, self._palette, width)
        if at is not None and self._palette is not None:
            placed.append((at, self._palette))
        key_style = self.get_visual_style("key-footer--key")
        text_style = self.get_visual_style("key-footer--description")
        parts: list[str | tuple[str, Style]] = []
        self._spans = []
        x = 0
        for start, key in placed:
            dim = Style() if key.enabled else Style(dim=True)
            parts += [
                " " * (start - x),
                (key.display, key_style + dim),
                (f" {key.description}", text_style + dim),
            ]
            self._spans.append((start, start + key.width, key.key))
            x = start + key.width
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
