"""Bad Textual settings in the environment: Textual's default and one warning, never a crash.

``TEXTUAL_COLOR_SYSTEM=bogus`` crashed the reader at start (a ``KeyError`` in Rich), a
``TEXTUAL_DRIVER`` naming no driver likewise, and ``TEXTUAL_FPS=10000000`` made ``q`` go
unheard; other bad values were ignored without a word.
"""

from __future__ import annotations

import inspect
import re

import pytest
from pty_terminal import PtyTerminal

from tui.environment import CHOICES, WHOLE_NUMBERS, check_textual_environment

BAD = {
    "TEXTUAL_COLOR_SYSTEM": ["bogus", "", "AUTO", "\x1b]0;x\x07"],
    "TEXTUAL_FPS": ["x", "0", "10000000", "1" * 5000, "1.5", "+-5"],
    "TEXTUAL_ANIMATIONS": ["bogus", ""],
    "ESCDELAY": ["x", "-5", "100000000000"],
    "TEXTUAL_DIM_FACTOR": ["1000", "-1"],
    "TEXTUAL_SMOOTH_SCROLL": ["x", "2"],
    "TEXTUAL_SLOW_THRESHOLD": ["x"],
    "TEXTUAL_SCREENSHOT": ["x"],
    "TEXTUAL_DEVTOOLS_PORT": ["70000"],
    "TEXTUAL_DRIVER": ["bogus", "", "os:path", "tui.environment:nothing"],
}
GOOD = {
    "TEXTUAL_COLOR_SYSTEM": ["auto", "standard", "256", "truecolor"],
    "TEXTUAL_FPS": ["1", "60", " 120 ", "1000"],
    "TEXTUAL_ANIMATIONS": ["none", "basic", "FULL"],
    "ESCDELAY": ["25", "1000"],
    "TEXTUAL_DIM_FACTOR": ["0", "66", "100"],
    "TEXTUAL_SMOOTH_SCROLL": ["0", "1"],
    "TEXTUAL_DRIVER": ["textual.drivers.linux_driver:LinuxDriver"],
}


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in BAD.items() for value in values]
)
def test_a_bad_value_is_removed_with_one_warning(name: str, value: str) -> None:
    environ = {name: value, "TERM": "xterm"}
    [warning] = check_textual_environment(environ)
    assert environ == {"TERM": "xterm"}
    assert warning.startswith(f"tui-reader: ignoring {name}=") and "Textual's default" in warning
    assert warning.isprintable() and len(warning) < 200


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in GOOD.items() for value in values]
)
def test_a_good_value_is_kept(name: str, value: str) -> None:
    environ = {name: value}
    assert check_textual_environment(environ) == []
    assert environ == {name: value}


def test_every_checked_variable_is_one_textual_reads() -> None:
    """A Textual upgrade that renames or drops one of them fails here, not silently."""
    import textual.constants

    source = inspect.getsource(textual.constants)
    for name in [*WHOLE_NUMBERS, *CHOICES, "TEXTUAL_DRIVER"]:
        assert f'"{name}"' in source, name
    # Rich's colour systems: what TEXTUAL_COLOR_SYSTEM may name besides "auto".
    from rich.console import COLOR_SYSTEMS

    assert set(CHOICES["TEXTUAL_COLOR_SYSTEM"][0]) == {"auto", *COLOR_SYSTEMS}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TEXTUAL_COLOR_SYSTEM", "bogus"),
        ("TEXTUAL_FPS", "10000000"),
        ("TEXTUAL_DRIVER", "textual.app:App"),  # a module that imports Textual itself
        ("TEXTUAL_ANIMATIONS", "bogus"),
        ("ESCDELAY", "x"),
    ],
)
def test_the_reader_starts_with_a_bad_value_and_says_so_once(name: str, value: str) -> None:
    terminal = PtyTerminal.reader("--no-animation", columns=100, rows=30, env={name: value})
    try:
        assert terminal.wait_for(lambda text: "Quotes" in text), terminal.text
        terminal.send("n")
        assert terminal.wait_for(lambda text: "Quote 1/" in text), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text
    finally:
        terminal.close()
    written = bytes(terminal.written).decode("utf-8", "replace")
    assert "Traceback" not in written
    # Said once, on the terminal before the reader takes the screen.
    before = written[: written.index("\x1b[?1049h")]
    assert re.findall(r"tui-reader: ignoring (\w+)=", written) == [name]
    assert f"ignoring {name}=" in before
