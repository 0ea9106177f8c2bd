"""The terminal in linear mode: keys one at a time, no echo, and given back on every way out.

Only the input side changes: canonical mode and echo off (``cbreak``), so a key counts without
Enter and is not printed; output processing stays as it was, so each line ends as the terminal
expects. Signals stay on: Ctrl-C interrupts, Ctrl-Z suspends (the modes are given back first
and set again when the shell continues the reader). A hang-up (SIGHUP, SIGTERM, a read that
finds the terminal closed) becomes ``HangUp``: the reader saves its place, gives the terminal
back (when there is one) and exits with 128 + the signal, 129 for a closed terminal.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
from collections.abc import Iterator
from types import FrameType

from tui.linear.keys import ESCAPE_DELAY, KeyDecoder

#: 128 + the signal, as a shell reports a process it ended; a closed terminal is a hang-up.
EXIT_HANGUP = 128 + signal.SIGHUP
HANG_UP_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
#: Bytes read at once: a paste of keys is taken in a few reads, each decoded in order.
READ_SIZE = 1024
#: The longest line a terminal's line editing hands over (Linux: 4,095 bytes and a line end).
LINE_SIZE = 4096
#: termios attribute indices (``tcgetattr`` returns a list).
IFLAG, LFLAG, CC = 0, 3, 6


class HangUp(Exception):
    """The session has ended under the reader: ``status`` is what the process exits with."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def key_mode(cooked: list) -> list:
    """``cooked`` (``tcgetattr``'s list) with canonical mode and echo off, a byte readable as
    soon as it comes, and carriage returns left as they are (``tui.linear.keys`` reads CR LF
    as one Enter); the signals and output processing kept."""
    mode = [*cooked[:CC], list(cooked[CC])]
    mode[IFLAG] &= ~termios.ICRNL
    mode[LFLAG] &= ~(termios.ICANON | termios.ECHO)
    mode[CC][termios.VMIN] = 1
    mode[CC][termios.VTIME] = 0
    return mode


class KeyTerminal:
    """Reads keys from terminal descriptor ``fd`` in key mode while entered."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.decoder = KeyDecoder()
        self._cooked: list | None = None
        self._handlers: dict[int, object] = {}

    def __enter__(self) -> KeyTerminal:
        self._cooked = termios.tcgetattr(self.fd)
        # Before the mode changes: a signal from here on finds the terminal given back.
        for number in HANG_UP_SIGNALS:
            self._handlers[number] = signal.signal(number, _hang_up)
        self._handlers[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self._suspend)
        self._set(key_mode(self._cooked))
        return self

    def __exit__(self, *_exc: object) -> None:
        self.give_back()
        for number, handler in self._handlers.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        self._handlers.clear()

    def give_back(self) -> None:
        """The terminal's modes as they were; nothing when it has gone (a hang-up)."""
        if self._cooked is not None:
            with contextlib.suppress(OSError, termios.error):
                # TCSANOW: a terminal whose other end has gone never drains its output.
                termios.tcsetattr(self.fd, termios.TCSANOW, self._cooked)

    def _set(self, mode: list) -> None:
        try:
            termios.tcsetattr(self.fd, termios.TCSANOW, mode)
        except (OSError, termios.error):
            raise hung_up(EXIT_HANGUP) from None

    def _suspend(self, _number: int, _frame: FrameType | None) -> None:
        """Ctrl-Z: the shell gets its terminal back as it was; ``fg`` gives the keys back."""
        self.give_back()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT
        signal.signal(signal.SIGTSTP, self._suspend)
        if self._cooked is not None:
            self._set(key_mode(self._cooked))

    def read_keys(self) -> Iterator[str]:
        """Each key as it comes; ends when the terminal closes (``HangUp``)."""
        while True:
            if self.decoder.pending and not self._readable(ESCAPE_DELAY):
                yield from self.decoder.flush()
                continue
            yield from self.decoder.feed(self._read())

    def _readable(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        return bool(ready)

    def _read(self) -> bytes:
        try:
            data = os.read(self.fd, READ_SIZE)
        except OSError:  # EIO: the other end of the terminal has closed
            raise hung_up(EXIT_HANGUP) from None
        if not data:
            raise hung_up(EXIT_HANGUP)
        return data

    def read_line(self) -> str:
        """A line typed with the terminal's own editing and echo (canonical mode), with its
        line end if it had one (Ctrl-D ends one without); the key mode again after it."""
        assert self._cooked is not None
        self._set(self._cooked)
        try:
            # Not ``_read``: an empty read here is Ctrl-D on an empty line (no words, as Enter).
            data = os.read(self.fd, LINE_SIZE)
        except OSError:
            raise hung_up(EXIT_HANGUP) from None
        finally:
            self._set(key_mode(self._cooked))
        return data.decode("utf-8", errors="replace")


def _hang_up(number: int, _frame: FrameType | None) -> None:
    raise hung_up(128 + number)


def hung_up(status: int) -> HangUp:
    """The ``HangUp`` to raise, with the hang-up signals ignored from now on: a closed terminal
    sends SIGHUP as well as failing the read, and the second must not cut short the saving of
    the place that the first has begun."""
    for number in HANG_UP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    return HangUp(status)


def open_keyboard(stdin_fd: int) -> int | None:
    """The descriptor to read keys from: stdin when it is a terminal, else the controlling
    terminal (``tui-reader --linear < list``, as ``less`` does); None when there is none."""
    if os.isatty(stdin_fd):
        return stdin_fd
    try:
        return os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return None
