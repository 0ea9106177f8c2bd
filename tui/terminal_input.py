"""What the terminal sends, made harmless: undecodable keys dropped, sizes clamped, floods thinned.

Over SSH whoever is at the other end controls every byte of input and the window size, so
nothing in them may end the reader or make it allocate without bound. Textual 8.2.8 raised
(and ended the app, status 70) on a byte that is not UTF-8, on a kitty key code past U+10FFFF
and on a mouse report after a zero-sized in-band resize; it allocated gigabytes for a
65535x65535 window; and it restyled every widget once per focus report, so 600 kB of them kept
it busy for a minute with ``q`` waiting behind them.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable

from textual import events
from textual._xterm_parser import XTermParser  # the only parser Textual has: no public one
from textual.geometry import Size
from textual.keys import Keys
from textual.message import Message

#: The largest window the reader lays out; a bigger terminal shows it in its top left corner.
#: Real terminals stay well within it (a 4K screen in a small font is about 400x120), and each
#: frame costs memory and time in proportion to its area.
MAX_COLUMNS = 500
MAX_ROWS = 200
#: Focus and resize reports reach the app at most once per this many seconds, the latest of
#: them: enough to follow a person, not a flood.
FLOOD_INTERVAL = 0.1

#: What the decoder puts for bytes that are not UTF-8 (a Latin-1 terminal, an 8-bit Alt key, an
#: X10 mouse report past column 95): never a key a person typed, so it is dropped.
REPLACEMENT = "\ufffd"


#: Two or more focus reports in a row (``ESC [ I``: focus in, ``ESC [ O``: out).
_FOCUS_RUN = re.compile(r"(?:\x1b\[[IO]){2,}")


def thin_focus_reports(text: str) -> str:
    """``text`` with each run of focus reports cut to its last: Textual's parser takes some
    15 microseconds a report, so a flood of them would keep it (and ``q``) busy for seconds."""
    return _FOCUS_RUN.sub(lambda run: run.group()[-3:], text) if "\x1b[" in text else text


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """``(width, height)`` within 1x1 and ``MAX_COLUMNS`` x ``MAX_ROWS``."""
    return max(1, min(width, MAX_COLUMNS)), max(1, min(height, MAX_ROWS))


def clamped_resize(event: events.Resize) -> events.Resize:
    """The same resize, to at most ``MAX_COLUMNS`` x ``MAX_ROWS``."""
    width, height = clamp_size(event.size.width, event.size.height)
    if (width, height) == (event.size.width, event.size.height):
        return event
    size = Size(width, height)
    return events.Resize(size, size, size, event.pixel_size)


def _ignored(sequence: str) -> events.Key:
    # The parser drops this key (and logs it in debug mode), as it does sequences Textual
    # knows to ignore.
    return events.Key(Keys.Ignore, sequence)


class GuardedParser(XTermParser):
    """Textual's input parser, dropping what it would have raised on.

    An exception inside the parser ends its generator, and with it every later key: so input
    that cannot be mapped becomes an ignored key here, and the input thread starts a new parser
    should anything else still raise (``parse_guarded``).
    """

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if sequence == REPLACEMENT:
            yield _ignored(sequence)
            return
        try:
            keys = list(super()._sequence_to_key_events(sequence, alt))
        except (ValueError, OverflowError):
            # ``chr()`` of a kitty key code past U+10FFFF, or a field that is not a number
            # (``\x1b[97:65;2u``): Textual 8.2.8 lets the ValueError end the input thread.
            keys = [_ignored(sequence)]
        for key in keys:
            # A kitty code for a lone surrogate (U+D800-U+DFFF) is no character a person types.
            character = key.character or ""
            yield _ignored(sequence) if any(0xD800 <= ord(c) <= 0xDFFF for c in character) else key

    def parse_mouse_code(self, code: str) -> Message | None:
        try:
            return super().parse_mouse_code(code)
        except ArithmeticError:
            # A mouse report in pixels after an in-band resize to 0 columns or 0 pixels.
            return None


def parse_guarded(
    parser: GuardedParser, text: str | None, send: Callable[[Message], None]
) -> GuardedParser:
    """Feeds ``text`` to ``parser`` (None: lets it time out a lone Escape) and sends the messages
    it yields; the parser to use next: a fresh one if this one raised, dropping what it held."""
    try:
        for message in parser.tick() if text is None else parser.feed(text):
            send(message)
    except Exception:  # any parser bug on hostile input: input is never fatal
        return GuardedParser()
    return parser


def _report_kind(message: Message) -> tuple[str, object] | None:
    """``(kind, value)`` of a report that floods are thinned of; None for anything else."""
    if isinstance(message, (events.AppFocus, events.AppBlur)):
        return "focus", isinstance(message, events.AppFocus)
    if isinstance(message, events.Resize):
        return "resize", (message.size, message.pixel_size)
    return None


class FloodGate:
    """Passes messages on to ``send``; of focus and resize reports only the latest of each kind,
    at most once per ``FLOOD_INTERVAL``, and none that repeats the last one sent.

    The input thread calls ``send_due`` after each read and on each idle tick (every 0.1 s), so
    a report held back goes out within ``FLOOD_INTERVAL`` of the last one.
    """

    def __init__(self, send: Callable[[Message], None], interval: float = FLOOD_INTERVAL) -> None:
        self._send = send
        self._interval = interval
        self._held: dict[str, tuple[object, Message]] = {}
        self._sent: dict[str, tuple[float, object]] = {}

    def add(self, message: Message) -> None:
        report = _report_kind(message)
        if report is None:
            self._send(message)
        else:
            kind, value = report
            self._held[kind] = (value, message)

    def send_due(self) -> None:
        now = time.monotonic()
        for kind, (value, message) in list(self._held.items()):
            sent_at, sent_value = self._sent.get(kind, (-math.inf, None))
            if value == sent_value:
                del self._held[kind]  # back where the app already is: nothing to tell it
            elif now - sent_at >= self._interval:
                del self._held[kind]
                self._sent[kind] = (now, value)
                self._send(message)
