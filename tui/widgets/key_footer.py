"""The footer: Textual's, with its keys in the first frame and drawn again only when they change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

#: What the footer shows of a binding: key, action, label, shown, enabled, tooltip.
ShownKey = tuple[str, str, str, bool, bool, str]


def shown_keys(screen: Screen) -> tuple[ShownKey, ...]:
    """The bindings a footer on ``screen`` shows (the command palette's too), as it shows them."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding.action, binding.description, binding.show, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class KeyFooter(Footer):
    """``Footer`` that composes its keys when it is mounted, and again only when they change.

    Textual's footer (8.2.8) composes nothing until the screen first reports its bindings, and
    then composes all its keys again at every report (each focus change, the app's focus, a
    check of the actions): its keys came a frame after the rest of the screen at start-up, and
    two or three more repaints of the footer followed (2 KB each over SSH).
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        # The flag Footer.compose waits for (private in 8.2.8; tests/test_first_paint.py fails
        # if it goes): the bindings are ready as soon as the footer has a screen.
        self.set_reactive(Footer._bindings_ready, True)
        self._keys: tuple[ShownKey, ...] | None = None

    def compose(self) -> ComposeResult:
        self._keys = shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen and shown_keys(screen) == self._keys:
            return  # the same keys: composing them again would only repaint the line
        super().bindings_changed(screen)
