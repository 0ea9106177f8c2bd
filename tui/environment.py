"""Textual's settings from the environment, checked before Textual reads them.

Textual reads ``TEXTUAL_*`` and ``ESCDELAY`` once, when ``textual.constants`` is imported. Some
bad values crash it (``TEXTUAL_COLOR_SYSTEM=bogus`` is a ``KeyError`` in Rich, a
``TEXTUAL_DRIVER`` that names no driver an ``ImportError``), some hang it (``TEXTUAL_FPS`` of
ten million makes its timers spin and ``q`` go unheard), the rest it ignores without a word.
Each bad one is removed, so Textual uses its default, with one warning naming it. Textual
itself is imported only to check a ``TEXTUAL_DRIVER``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, MutableMapping

#: Whole numbers: the smallest and largest value that makes sense. Textual's own lower bounds,
#: and an upper one where a larger value hangs the app or means nothing.
WHOLE_NUMBERS: dict[str, tuple[int, int]] = {
    "TEXTUAL_FPS": (1, 1000),
    "ESCDELAY": (1, 10_000),  # milliseconds
    "TEXTUAL_DIM_FACTOR": (0, 100),  # per cent
    "TEXTUAL_SLOW_THRESHOLD": (100, 3_600_000),  # milliseconds
    "TEXTUAL_SMOOTH_SCROLL": (0, 1),
    "TEXTUAL_SCREENSHOT": (-1, 86_400),  # seconds
    "TEXTUAL_DEVTOOLS_PORT": (0, 65_535),
}
#: Words: what Textual (and Rich, for colours) accepts, compared as Textual compares them.
CHOICES: dict[str, tuple[tuple[str, ...], Callable[[str], str]]] = {
    "TEXTUAL_COLOR_SYSTEM": (("auto", "standard", "256", "truecolor", "windows"), str),
    "TEXTUAL_ANIMATIONS": (("none", "basic", "full"), str.lower),
}
#: A value is quoted in a warning up to this many characters.
QUOTED = 40


def check_textual_environment(environ: MutableMapping[str, str]) -> list[str]:
    """Removes from ``environ`` each Textual variable whose value Textual would crash on, hang
    on or silently ignore; one warning line for each. Call it before Textual is imported."""
    warnings: list[str] = []
    for name, (low, high) in WHOLE_NUMBERS.items():
        value = environ.get(name)
        if value is not None and not _whole_number_within(value, low, high):
            warnings.append(_dropped(environ, name, f"a whole number from {low} to {high:,}"))
    for name, (allowed, normal) in CHOICES.items():
        value = environ.get(name)
        if value is not None and normal(value) not in allowed:
            warnings.append(_dropped(environ, name, f"one of {', '.join(allowed)}"))
    driver = environ.get("TEXTUAL_DRIVER")
    if driver is not None and (problem := _driver_problem(driver)):
        warnings.append(_dropped(environ, "TEXTUAL_DRIVER", problem))
        constants = sys.modules.get("textual.constants")
        if constants is not None:
            # The driver's module imported Textual, which read the bad value already: its
            # public constant is what ``App.get_driver_class`` looks at when the app starts.
            constants.DRIVER = None
    return warnings


#: At most 12 digits: every bound above has fewer, and ``int`` refuses 4,300 or more.
_WHOLE = re.compile(r"\s*[+-]?[0-9]{1,12}\s*")


def _whole_number_within(value: str, low: int, high: int) -> bool:
    return _WHOLE.fullmatch(value) is not None and low <= int(value) <= high


def _driver_problem(value: str) -> str | None:
    """Why ``TEXTUAL_DRIVER`` (``package.module:Class``) names no Textual driver, or None.
    Importing the module is what Textual would do with it anyway."""
    import importlib
    import inspect

    module, _, name = value.partition(":")
    try:
        driver = getattr(importlib.import_module(module), name)
        from textual.driver import Driver  # after the checks above: this reads the constants
    except Exception:  # no such module or name, or one that fails to import
        return _A_DRIVER
    return None if inspect.isclass(driver) and issubclass(driver, Driver) else _A_DRIVER


_A_DRIVER = "a Textual driver as package.module:Class"


def _dropped(environ: MutableMapping[str, str], name: str, expected: str) -> str:
    value = environ.pop(name)
    shown = value if len(value) <= QUOTED else value[: QUOTED - 1] + "…"
    # repr: a control character in the value shows as \x1b, never reaches the terminal raw.
    return f"tui-reader: ignoring {name}={shown!r}: expected {expected}; using Textual's default"
