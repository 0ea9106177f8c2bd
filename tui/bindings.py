"""A node's key bindings as Textual merges them, read from the classes: for the help, the
command palette and the footer, so that each says what the keys really do."""

from __future__ import annotations

from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen


def class_bindings(node: DOMNode | type[DOMNode], *, inherited: bool = True) -> list[Binding]:
    """Every binding the node's class declares or inherits, as Textual merges them: a class
    overrides the keys of its bases, and one made with ``inherit_bindings=False`` has none of
    theirs. The class's own come first, in their order (``inherited=False``: only those).

    Screen's own (text selection, minimising) are left out: nothing the reader offers.
    """
    return list(_class_bindings(node if isinstance(node, type) else type(node), inherited))


@cache
def _class_bindings(cls: type[DOMNode], inherited: bool) -> tuple[Binding, ...]:
    by_key: dict[str, Binding] = {}
    for base in cls.__mro__:
        if not issubclass(base, DOMNode):
            continue
        if base not in (Screen, ModalScreen):
            for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", ())):
                by_key.setdefault(binding.key, binding)
        # ``_inherit_bindings`` is where Textual keeps ``inherit_bindings`` (there is no
        # public reader); tests/test_help.py fails if an upgrade renames it.
        if not inherited or not base.__dict__.get("_inherit_bindings", True):
            break
    return tuple(by_key.values())
