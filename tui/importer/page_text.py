"""The words a reader sees in a page's element, and what its class and id say it is for:
``visible_text``, ``purpose_words``, and the word lists in ``lexicon/``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources

from lxml import etree

from tui.model.sanitize import clean_text

#: Elements whose text a reader never sees as text: code, styling, templates, forms.
SILENT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "form"})
#: Class names of text that only screen readers read ("Media caption" before a caption).
HIDDEN_CLASSES = ("visually-hidden", "sr-only", "screen-reader", "off-screen", "offscreen")
#: Attributes whose words say what an element is for.
PURPOSE_ATTRIBUTES = ("class", "id", "role", "data-component", "data-testid")


@functools.cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of ``lexicon/NAME.txt``: one a line, ``#`` comments and blanks left out."""
    text = resources.files("tui.importer").joinpath("lexicon", f"{name}.txt").read_text("utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def purpose_words(element: etree._Element) -> set[str]:
    """The words of an element's class, id and role: split at every non-alphanumeric
    character and between a lower-case letter and a capital (``imageCredit``)."""
    words: set[str] = set()
    for name in PURPOSE_ATTRIBUTES:
        value = element.get(name)
        if value:
            value = re.sub(r"([a-z])([A-Z])", r"\1 \2", value[:500])
            words.update(w for w in re.split(r"[^a-z0-9]+", value.lower()) if w)
    return words


def is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def _unseen(element: etree._Element) -> bool:
    """Whether a reader never sees ``element``'s text: a script or style, an element marked
    ``hidden`` or ``aria-hidden``, or text for screen readers only."""
    if element.tag in SILENT_TAGS or element.get("hidden") is not None:
        return True
    if element.get("aria-hidden") == "true":
        return True
    classes = (element.get("class") or "").lower()
    return any(name in classes for name in HIDDEN_CLASSES)


def visible_text(element: etree._Element, skip: Iterable[etree._Element] = ()) -> str:
    """The text a reader sees in ``element`` (less the ``skip`` elements): no scripts, styles
    or comments, white space folded to single spaces, sanitised."""
    skipped = set(skip)
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if is_element(child) and not _unseen(child) and child not in skipped:
                if child.tag == "br":
                    parts.append(" ")
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join(clean_text("".join(parts)).split())
