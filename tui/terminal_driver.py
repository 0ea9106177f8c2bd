"""The terminal driver: Textual's Linux driver, ended cleanly by a hang-up and kept up by bad input.

When an SSH client drops, sshd closes the pty (reads then fail with EIO) and sends SIGHUP;
``kill`` and systemd send SIGTERM. Textual 8.2.8 handles none of these: the process died with
the alternate screen, mouse tracking and raw mode left on, or its input thread spun on the
closed terminal. This driver treats each as a hang-up: the app saves what is pending, the
terminal is given back (when there still is one) and the process exits with 128 + the signal
(129 for a closed terminal, as for the SIGHUP that comes with it). A watchdog ends the process
``HANG_UP_GRACE`` seconds later if the normal way out has not (a thread stuck on a read, a
terminal that takes no more output), and at the latest ``AFTER_CLOSE_GRACE`` after the app has
given the terminal back: no thread of a closed session is waited for.

An app may define ``hang_up(status)``, called on the event loop (else it is just exited with
the status), and ``flush_state()``, called by the watchdog from its own thread.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import sys
import termios
import threading
import time
from codecs import getincrementaldecoder
from typing import IO, Any

from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.messages import InBandWindowResize

from tui.terminal_input import (
    FloodGate,
    GuardedParser,
    clamp_size,
    clamped_resize,
    parse_guarded,
    thin_focus_reports,
)
from tui.terminal_modes import RESTORE_SEQUENCES  # what the watchdog writes, if the driver has not

#: Exit statuses: 128 + the signal. A terminal that closes (read gives EOF or EIO) is a hang-up.
EXIT_HANGUP = 128 + signal.SIGHUP
EXIT_TERMINATED = 128 + signal.SIGTERM
HANG_UP_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
#: Seconds from a hang-up until the watchdog ends the process, if it is still there; and from
#: the driver's close (the app has saved and unmounted, the terminal is back), after which only
#: threads the app started can keep it (a large file loading): they are not waited for.
HANG_UP_GRACE = 3.0
AFTER_CLOSE_GRACE = 0.5


class TerminalOutput:
    """The file Textual's writer thread writes to: once the terminal has gone, writes are dropped.

    Textual's writer thread dies on the first failed write (EIO on a closed pty); every later
    write then waits for ever on its full queue, and the app with it.
    """

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._file.write(text)
            except OSError:
                self.gone = True

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except OSError:
                self.gone = True

    def fileno(self) -> int:
        return self._file.fileno()


class ReaderDriver(LinuxDriver):
    """``LinuxDriver`` with hang-ups, bounded sizes and guarded input (see the module)."""

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        # ``_file`` is what ``start_application_mode`` gives the writer thread (Textual 8.2.8;
        # tests/test_terminal_input.py fails if that changes).
        self._file = TerminalOutput(sys.__stderr__)
        #: 128 + the signal once the session has hung up; None until then.
        self.hang_up_status: int | None = None
        self._hung_up = threading.Event()
        self._closed = threading.Event()
        self._given_back = False
        self._previous_handlers: dict[int, Any] | None = None
        self._answered_in_band = False

    # --- Sizes ---------------------------------------------------------------------------

    def _get_terminal_size(self) -> tuple[int, int]:
        # Textual asks this at start and on each SIGWINCH; it reads $COLUMNS and $LINES first.
        return clamp_size(*super()._get_terminal_size())

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Resize):  # an in-band resize (mode 2048)
            message = clamped_resize(message)
        elif isinstance(message, InBandWindowResize):
            # The answer to the one query made at start; each repeat would write to the
            # terminal again.
            if self._answered_in_band:
                return
            self._answered_in_band = True
        super().process_message(message)

    # --- Start and end -------------------------------------------------------------------

    def start_application_mode(self) -> None:
        # Before the terminal changes: a signal from here on finds it put back.
        self._size = self._get_terminal_size()  # else the app's first size comes from $LINES
        if self._previous_handlers is None:
            self._previous_handlers = {
                number: signal.signal(number, self._on_signal) for number in HANG_UP_SIGNALS
            }
            threading.Thread(target=self._watch, name="tui-hang-up-watchdog", daemon=True).start()
        super().start_application_mode()
        self._given_back = False

    def close(self) -> None:
        super().close()  # the writer thread has written everything, the terminal is back
        self._given_back = True
        self._closed.set()
        if self._previous_handlers is not None:
            for number, handler in self._previous_handlers.items():
                signal.signal(number, handler)
            self._previous_handlers = None

    def _on_signal(self, number: int, _frame: object) -> None:
        # A plain handler, not ``loop.add_signal_handler``: it runs even while the event loop
        # is stuck (on a write to a terminal that reads no more), and starts the watchdog.
        self.hang_up(128 + number)

    def hang_up(self, status: int) -> None:
        """End the session with ``status``; from any thread or a signal handler, once."""
        if self.hang_up_status is not None:
            return
        self.hang_up_status = status
        self._hung_up.set()
        with contextlib.suppress(RuntimeError):  # the loop has closed: the watchdog ends it
            self._loop.call_soon_threadsafe(self._end_app, status)

    def _end_app(self, status: int) -> None:
        hang_up = getattr(self._app, "hang_up", None)
        if hang_up is not None:
            hang_up(status)
        else:
            self._app.exit(return_code=status)

    def _watch(self) -> None:
        """The watchdog: after a hang-up, the process has ``HANG_UP_GRACE`` seconds to end."""
        self._hung_up.wait()
        if self._closed.wait(HANG_UP_GRACE):
            time.sleep(AFTER_CLOSE_GRACE)
        # Still here: the way out is stuck. Save, give the terminal back, end.
        flush_state = getattr(self._app, "flush_state", None)
        if flush_state is not None:
            with contextlib.suppress(Exception):
                flush_state()
        if not self._given_back:
            self._give_back_terminal()
        os._exit(self.hang_up_status or EXIT_HANGUP)

    def _give_back_terminal(self) -> None:
        if self.attrs_before is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        # From a thread of its own: a terminal that reads no more must not keep the process.
        writer = threading.Thread(
            target=_write_quietly, args=(self._file.fileno(), RESTORE_SEQUENCES), daemon=True
        )
        writer.start()
        writer.join(0.5)

    # --- Input ---------------------------------------------------------------------------

    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``, 8.2.8) with four changes.

        Bytes that are not UTF-8 are replaced, then dropped by the parser: Textual's strict
        decoder raised and ended the app (https://github.com/Textualize/textual/issues/6456).
        Input the parser cannot map is dropped (``GuardedParser``). Floods of focus and resize
        reports are thinned (``FloodGate``). And the end of input, EOF or EIO once the terminal
        has gone, is a hang-up: Textual spun on EOF and crashed on EIO.
        """
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        parser = GuardedParser(self._debug)
        gate = FloodGate(self.process_message)
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, 4096)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""  # EIO: the other end of the terminal has closed
                    if not data:
                        self.hang_up(EXIT_HANGUP)
                        return
                    parser = parse_guarded(parser, thin_focus_reports(decode(data)), gate.add)
                parser = parse_guarded(parser, None, gate.add)
                gate.send_due()
        finally:
            selector.close()
            with contextlib.suppress(Exception):
                for _ in parser.feed(""):  # the end: closes the parser (and its debug log)
                    pass


def _write_quietly(descriptor: int, text: str) -> None:
    with contextlib.suppress(OSError):
        os.write(descriptor, text.encode())
