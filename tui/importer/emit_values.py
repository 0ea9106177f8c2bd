"""Values as the loader reads them back, for ``emit``: sanitised text (``clean``), dates and
numbers the loader accepts, and where words stand in a block as the loader counts them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from tui.model.fields import DECIMAL_PATTERN, Report, read_partial_date, read_published
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import ScalarNode

__all__ = ["clean", "decimal", "nearest", "occurrences", "partial_date", "published"]

#: What the loader's YAML reader refuses even after sanitising: lone surrogates and the two
#: non-characters.
_UNWRITABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as the loader reads it back: sanitised and trimmed; empty for anything that
    is not a string."""
    if not isinstance(text, str) or not text:
        return ""
    return clean_text(_UNWRITABLE.sub("", text))


class _Nowhere:
    """The place of a value that comes from no file, for the loader's readers."""

    line = column = 0


def _dated(value: object, read: Callable[[Report, ScalarNode, str], object]) -> str:
    """``value`` when the loader's ``read`` takes it for a date (``read_published``, or
    ``read_partial_date`` for an ``as_of``), else empty."""
    value = clean(value)
    if not value:
        return ""
    node = ScalarNode(value, None, _Nowhere())
    return value if read(Report("<import>"), node, "date") is not None else ""


def published(value: object) -> str:
    return _dated(value, read_published)


def partial_date(value: object) -> str:
    return _dated(value, read_partial_date)


def decimal(number: object) -> str:
    """``number`` as the format writes one (``40000``, ``-1.5``), or empty."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return ""
    if isinstance(number, float):
        if not math.isfinite(number) or abs(number) >= 1e15:
            return ""
        text = str(int(number)) if number.is_integer() else f"{number:.6f}".rstrip("0")
    else:
        text = str(number) if abs(number) < 10**15 else ""
    return text if DECIMAL_PATTERN.fullmatch(text) else ""


def occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` stand in ``text``, not overlapping, as the loader counts them."""
    starts: list[int] = []
    position = 0
    while words and (found := text.find(words, position)) >= 0:
        starts.append(found)
        position = found + len(words)
    return starts


def nearest(starts: list[int], start: object) -> int:
    """Which of ``starts`` (from 1) is nearest to ``start``, the offset the draft gives."""
    if not isinstance(start, int) or isinstance(start, bool):
        return 1
    return min(range(len(starts)), key=lambda i: abs(starts[i] - start)) + 1
