"""Input and sizes the terminal controls: bad input is dropped, sizes are clamped, floods thinned.

Over SSH the other end picks every byte and the window size. Each hostile input here crashed
the reader (status 70) or drove it to gigabytes with ``q`` ignored on Textual 8.2.8; now the
reader survives it, ``q`` still exits 0, and memory stays bounded. Last, the Textual internals
``tui.terminal_driver`` relies on, so that an upgrade that moves them fails here.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.geometry import Size

from tui.content_paths import default_article_path
from tui.model.loader import load_article
from tui.terminal_input import (
    MAX_COLUMNS,
    MAX_ROWS,
    FloodGate,
    GuardedParser,
    clamp_size,
    clamped_resize,
    parse_guarded,
    thin_focus_reports,
)

ROOT = Path(__file__).parent.parent
ARTICLE = load_article(default_article_path())
TITLE_HEAD = " ".join(ARTICLE.meta.title.split()[:4])
#: Generous: the reader takes about 50 MB; each case here took 2 to 4 GB on the base commit.
MAX_RSS_MB = 300
#: The SHA-256 of Textual 8.2.8's ``LinuxDriver.run_input_thread`` source.
LOOP_DIGEST = "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c"

#: Decoded input (what the driver's UTF-8 decoder hands the parser) Textual's parser raised on.
HOSTILE_TEXT = {
    "not UTF-8": "\ufffd",
    "X10 mouse past column 223": "\x1b[M\ufffd\ufffd\ufffd",
    "kitty key past U+10FFFF": "\x1b[1114112u",
    "kitty text past U+10FFFF": "\x1b[97;1;1114112u",
    "kitty field that is no number": "\x1b[97:65;2u",
    "kitty key a lone surrogate": "\x1b[55296u",
    "mouse in pixels after a zero-sized resize": "\x1b[48;0;0;0;0t\x1b[<0;5;5M",
}


def keys_of(messages: list) -> list[str]:
    return [m.key for m in messages if isinstance(m, events.Key) and m.key != "<ignore>"]


@pytest.mark.parametrize("text", HOSTILE_TEXT.values(), ids=HOSTILE_TEXT.keys())
def test_the_parser_drops_what_it_cannot_map_and_reads_on(text: str) -> None:
    parser = GuardedParser()
    messages: list = []
    parser = parse_guarded(parser, text, messages.append)
    parser = parse_guarded(parser, "q", messages.append)
    assert keys_of(messages) == ["q"]


def test_a_parser_that_raises_anyway_is_replaced() -> None:
    class Broken(GuardedParser):
        def _sequence_to_key_events(self, sequence: str, alt: bool = False):
            raise RuntimeError("a bug in the parser")

    parser = Broken()
    messages: list = []
    fresh = parse_guarded(parser, "x", messages.append)
    assert type(fresh) is GuardedParser
    parse_guarded(fresh, "q", messages.append)
    assert keys_of(messages) == ["q"]


def test_sizes_are_clamped() -> None:
    assert clamp_size(65535, 65535) == (MAX_COLUMNS, MAX_ROWS) == (500, 200)
    assert clamp_size(0, -3) == (1, 1)
    assert clamp_size(120, 40) == (120, 40)
    huge = Size(100_000, 100_000)
    resize = clamped_resize(events.Resize(huge, huge, huge, Size(9, 9)))
    assert (resize.size, resize.virtual_size, resize.pixel_size) == (
        Size(500, 200),
        Size(500, 200),
        Size(9, 9),
    )


def test_an_in_band_resize_is_parsed_and_clamped() -> None:
    messages: list = []
    parse_guarded(GuardedParser(), "\x1b[48;100000;100000;0;0t", messages.append)
    (resize,) = [m for m in messages if isinstance(m, events.Resize)]
    assert resize.size == Size(100_000, 100_000)  # what Textual parses: the driver clamps it
    assert clamped_resize(resize).size == Size(500, 200)


def test_focus_floods_are_thinned() -> None:
    assert thin_focus_reports("\x1b[I\x1b[O" * 1000 + "q\x1b[O\x1b[I") == "\x1b[Oq\x1b[I"
    assert thin_focus_reports("\x1b[I") == "\x1b[I"
    sent: list = []
    gate = FloodGate(sent.append, interval=0.05)
    for _ in range(5000):
        gate.add(events.AppFocus())
        gate.add(events.AppBlur())
    gate.add(events.Key("q", "q"))  # anything else passes at once
    gate.send_due()
    assert [type(m) for m in sent] == [events.Key, events.AppBlur]
    gate.add(events.AppFocus())
    gate.send_due()  # within the interval: held
    assert len(sent) == 2
    time.sleep(0.06)
    gate.send_due()
    assert isinstance(sent[-1], events.AppFocus) and len(sent) == 3
    gate.add(events.AppBlur())
    gate.add(events.AppFocus())  # back where the app is: nothing to send
    time.sleep(0.06)
    gate.send_due()
    assert len(sent) == 3


def rss_mb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


#: Each: what the terminal sends (bytes to the reader, a window size, an environment).
HOSTILE_TERMINALS = {
    "a byte that is not UTF-8": {"input": b"\xff"},
    "Latin-1 e-acute then a space": {"input": b"\xe9 "},
    "X10 mouse report past column 223": {"input": b"\x1b[M\xff\xff\xff"},
    "kitty key code past U+10FFFF": {"input": b"\x1b[1114112u"},
    "pixel mouse after a zero-sized in-band resize": {"input": b"\x1b[48;0;0;0;0t\x1b[<0;5;5M"},
    "in-band resize to 100000x100000": {"input": b"\x1b[48;100000;100000;0;0t"},
    "600 kB of focus in and out": {"input": b"\x1b[I\x1b[O" * 100_000},
    "a 65535x65535 window": {"size": (65535, 65535)},
    "LINES and COLUMNS of 100000": {"env": {"LINES": "100000", "COLUMNS": "100000"}},
}


@pytest.mark.parametrize("case", HOSTILE_TERMINALS.values(), ids=HOSTILE_TERMINALS.keys())
def test_a_hostile_terminal_neither_crashes_nor_swells_the_reader(case: dict) -> None:
    terminal = PtyTerminal.reader(
        "--no-animation", columns=120, rows=40, env=case.get("env"), cwd=str(ROOT)
    )
    pid = terminal.process.pid
    try:
        assert terminal.wait_for(lambda text: TITLE_HEAD in text, 30), terminal.text
        if "size" in case:
            terminal.process.setwinsize(*case["size"])
        data = case.get("input", b"")
        for start in range(0, len(data), 4096):
            terminal.process.write(data[start : start + 4096])
            terminal.pump(0)
        # A while to take it all in, watching memory: on the base commit it grew by gigabytes.
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            terminal.pump(0.1)
            assert (rss_mb(pid, "VmRSS") or 0) < MAX_RSS_MB, "memory grows without bound"
        assert terminal.process.isalive(), terminal.text
        if "size" in case:  # the reader follows the window when it comes back to a real size
            terminal.process.setwinsize(40, 120)
            terminal.send("n")
            assert terminal.wait_for(lambda text: "Quote 1/" in text, 20), terminal.text
        peak = rss_mb(pid, "VmHWM")
        terminal.send("q")
        assert terminal.wait_exit(20) == 0, terminal.text
        assert peak is not None and peak < MAX_RSS_MB
        output = terminal.written.decode("utf-8", "replace")
        assert "Traceback" not in output and "unexpected error" not in output
    finally:
        terminal.close()


def test_the_textual_internals_the_driver_relies_on() -> None:
    """``ReaderDriver`` sets ``_file`` before the writer thread is made from it, overrides the
    size Textual asks for, replaces the input loop, and the parser's two hooks it guards."""
    start = inspect.getsource(LinuxDriver.start_application_mode)
    assert "WriterThread(self._file)" in start
    assert "self._get_terminal_size()" in start
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)
    parse = inspect.getsource(XTermParser.parse)
    assert "self._sequence_to_key_events" in parse
    assert "self.parse_mouse_code(" in parse
    assert "attrs_before" in start and "exit_event" in inspect.getsource(LinuxDriver.disable_input)
    # ``ReaderDriver.run_input_thread`` is Textual 8.2.8's loop with changes: when Textual's
    # changes, look at what changed and carry it over, then update this digest.
    loop = inspect.getsource(LinuxDriver.run_input_thread)
    assert hashlib.sha256(loop.encode()).hexdigest() == LOOP_DIGEST
