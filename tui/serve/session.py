"""One SSH session: the client's terminal joined to its own reader on a pty, and its end.

A shell request with a pty starts the reader (``tui.serve.child``); one without a pty, or over a
limit, gets one line saying why. Exec and subsystem requests (a command, sftp, scp) are refused
at the protocol level. Bytes pass both ways unchanged (no line editor, no encoding), with
backpressure: while the client takes no output the pty is not read (the reader then blocks on
its writes), and while the reader takes no input the channel is not read (the client's window
closes). The session ends, the reader's process group killed and reaped, however it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import asyncssh

from tui.model.inert import inert
from tui.serve.child import Child, child_environment, clamp_size, reader_arguments, set_size
from tui.serve.limits import duration
from tui.serve.report import ReportRelay
from tui.terminal_modes import RESTORE_SEQUENCES

if TYPE_CHECKING:
    from tui.serve.server import ConnectionHandler

#: Bytes read from the pty at once, and typed input held for the reader at most: past it the
#: channel is not read until the reader has taken it.
READ_SIZE = 64 * 1024
MAX_PENDING_INPUT = 64 * 1024
#: What the client's terminal gets before a line from the server when the reader is gone:
#: cancel a half-written sequence, end a string, plain text, then the modes a reader sets off
#: and the main screen back (``tui.terminal_modes``).
RESET_CLIENT = "\x18\x1b\\\x1b[0m" + RESTORE_SEQUENCES
#: Exit statuses the client gets when the server ends or refuses the session.
EXIT_REFUSED = 1
EXIT_ENDED = 1


class ReaderSession(asyncssh.SSHServerSession):
    """The session of one connection (a second is refused by ``ConnectionHandler``)."""

    def __init__(self, connection: ConnectionHandler, number: int) -> None:
        self.connection = connection
        self.server = connection.server
        self.id = f"{number}-{os.urandom(3).hex()}"
        self._channel: asyncssh.SSHServerChannel | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._pty = False
        self._child: Child | None = None
        self._home: Path | None = None
        self._input = bytearray()
        self._reading_child = False
        self._writing_child = False
        self._input_paused = False
        self._started: float | None = None
        self._last_input = time.monotonic()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._ended: str | None = None
        self._admitted = False
        self._report: ReportRelay | None = None
        self._loop = asyncio.get_running_loop()

    # --- Requests --------------------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._channel = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], _modes) -> bool:
        if self.connection.key_restricted("pty"):
            return False  # an authorized key with ``restrict`` and no ``pty``
        self._pty = True
        self._term = term_type
        self._size = clamp_size(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True  # started in ``session_started``: with a pty, or with a line saying why not

    def exec_requested(self, command: str) -> bool:
        self.connection.refused_request("a command")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.connection.refused_request(f"the {subsystem} subsystem")
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        """Signals from the client are not passed on: only the server signals the reader."""

    # --- Start ----------------------------------------------------------------------------

    def session_started(self) -> None:
        self.connection.session_opened()
        if not self._pty:
            self._refuse("this server shows a reader and needs a terminal: connect with ssh -t")
            return
        refusal = "the server is stopping; try again later" if self.server.stopping else None
        refusal = refusal or self.server.admission.open_session(self.connection.address)
        if refusal is not None:
            self._refuse(refusal)
            return
        self._admitted = True
        self._started = time.monotonic()
        self.server.sessions.add(self)
        try:
            self._start_child()
        except OSError as error:
            self.server.log(f"session {self.id}: the reader could not start: {error}")
            self.end("the reader could not start; try again later", "could not start")
            return
        limits = self.server.limits
        self._last_input = time.monotonic()
        self._schedule("idle", limits.idle_timeout, self._check_idle)
        self._schedule("max", limits.max_time, self._over_time)

    def _start_child(self) -> None:
        self._home = Path(tempfile.mkdtemp(prefix=f"session-{self.id}-", dir=self.server.runtime))
        assert self._channel is not None
        environment = child_environment(
            self._term, self._channel.get_environment(), self._home, self.id
        )
        arguments = reader_arguments(self.server.content)
        self._child = Child(arguments, environment, *self._size, self.server.zygote)
        self._loop.add_reader(self._child.pidfd, self._child_exited)
        self._report = ReportRelay(self._child.log, self.server.log, f"session {self.id}: reader: ")
        self._loop.add_reader(self._child.log, self._read_log)
        self._read_from_child(True)

    def _refuse(self, reason: str) -> None:
        self._ended = f"refused: {reason}"
        self.connection.refused_session(self._ended)
        self._say(reason)
        assert self._channel is not None
        self._channel.exit(EXIT_REFUSED)
        self.connection.drop_soon()

    def _say(self, line: str) -> None:
        """One line from the server to the client (its stderr), on a terminal's own line."""
        assert self._channel is not None
        with contextlib.suppress(OSError):
            self._channel.write_stderr(f"\r\ntui-reader: {line}\r\n".encode())

    # --- Output: the reader to the client --------------------------------------------------

    def _read_from_child(self, wanted: bool) -> None:
        if self._child is None or wanted == self._reading_child:
            return
        self._reading_child = wanted
        if wanted:
            self._loop.add_reader(self._child.master, self._child_output)
        else:
            self._loop.remove_reader(self._child.master)

    def _child_output(self) -> None:
        assert self._child is not None and self._channel is not None
        try:
            data = os.read(self._child.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: nothing holds the terminal's other end any more
            data = b""
        if not data:
            self._read_from_child(False)
            return
        with contextlib.suppress(OSError):
            self._channel.write(data)

    def pause_writing(self) -> None:
        # The client takes no more for now: leave the reader's output in the pty, where it
        # blocks the reader, rather than in the server's memory.
        self._read_from_child(False)
        self._schedule("stall", self.server.limits.idle_timeout, self._stalled)

    def resume_writing(self) -> None:
        self._cancel("stall")
        self._read_from_child(True)

    # --- Input: the client to the reader ---------------------------------------------------

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._last_input = time.monotonic()
        if self._child is None or self._ended:
            return
        self._input += data
        self._write_to_child()

    def _write_to_child(self) -> None:
        assert self._child is not None and self._channel is not None
        try:
            written = os.write(self._child.master, self._input)
        except BlockingIOError:
            written = 0
        except OSError:  # the reader has gone; its end is handled by ``_child_exited``
            self._input.clear()
            written = 0
        del self._input[:written]
        waiting = bool(self._input)
        if waiting != self._writing_child:
            self._writing_child = waiting
            if waiting:
                self._loop.add_writer(self._child.master, self._write_to_child)
            else:
                self._loop.remove_writer(self._child.master)
        full = len(self._input) >= MAX_PENDING_INPUT
        if full != self._input_paused:
            self._input_paused = full
            if full:
                self._channel.pause_reading()
            else:
                self._channel.resume_reading()

    def terminal_size_changed(self, width: int, height: int, _pw: int, _ph: int) -> None:
        self._size = clamp_size(width, height)
        if self._child is not None and self._child.status is None:
            with contextlib.suppress(OSError):
                set_size(self._child.master, *self._size)

    def eof_received(self) -> bool:
        self.end(None, "the client closed its input")
        return False

    # --- Timers ---------------------------------------------------------------------------

    def _schedule(self, name: str, delay: float, callback) -> None:
        self._cancel(name)
        self._timers[name] = self._loop.call_later(delay, callback)

    def _cancel(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.cancel()

    def _check_idle(self) -> None:
        """Idle is counted on the client's input only: a reader that redraws (a clock, a
        reload) keeps no session open."""
        timeout = self.server.limits.idle_timeout
        left = self._last_input + timeout - time.monotonic()
        if left > 0:
            self._schedule("idle", left, self._check_idle)
        else:
            self.end(f"no key pressed for {duration(timeout)}; session ended", "idle")

    def _over_time(self) -> None:
        limit = duration(self.server.limits.max_time)
        self.end(f"sessions last at most {limit}; session ended", "maximum time")

    def _stalled(self) -> None:
        """The client has taken no output for the idle timeout: it is gone, or reads nothing.
        Nothing more can reach it: the connection is dropped."""
        self.end(None, "the client stopped reading")
        self.connection.drop()

    # --- End ------------------------------------------------------------------------------

    def end(self, say: str | None, why: str) -> None:
        """Ends the session: the reader killed, the client's terminal given back with ``say``
        (when it is not gone), the channel closed. The reader is reaped in ``_child_exited``."""
        if self._ended is not None:
            return
        self._ended = why
        self._stop_io()
        if self._child is not None:
            self._child.kill()
        if self._channel is not None and not self._channel.is_closing():
            with contextlib.suppress(OSError):
                self._channel.write(RESET_CLIENT.encode())
            if say:
                self._say(say)
            self._channel.exit(EXIT_ENDED)
        self.connection.drop_soon()
        if self._child is None:
            self._finish()

    def _stop_io(self) -> None:
        for name in list(self._timers):
            self._cancel(name)
        if self._child is not None:
            self._read_from_child(False)
            if self._writing_child:
                self._loop.remove_writer(self._child.master)
                self._writing_child = False

    def _child_exited(self) -> None:
        assert self._child is not None
        self._loop.remove_reader(self._child.pidfd)
        self._child.reap(self._child_reaped)

    def _child_reaped(self, status: int) -> None:
        child = self._child
        assert child is not None and self._channel is not None
        assert self._report is not None
        self._report.read(to_the_end=True)
        if self._ended is None:
            self._drain_output()
            self._ended = "quit" if status == 0 else f"the reader ended with status {status}"
            if not child.known:
                self._ended = "the reader ended (how is not known: its warm reader had gone)"
            self._stop_io()
            if child.signalled and not self._channel.is_closing():
                # Killed by a signal (out of memory, its CPU time): no word of its own.
                self._channel.write(RESET_CLIENT.encode())
                self._say(f"the reader stopped unexpectedly (id {self.id}); sorry")
            if not self._channel.is_closing():
                self._channel.exit(status)
            self.connection.drop_soon()
        self._finish()

    def _drain_output(self) -> None:
        """What the reader wrote last (its goodbye: the terminal given back) goes to the client."""
        assert self._child is not None and self._channel is not None
        while True:
            try:
                data = os.read(self._child.master, READ_SIZE)
            except OSError:
                return
            if not data:
                return
            with contextlib.suppress(OSError):
                self._channel.write(data)

    def _read_log(self) -> None:
        assert self._report is not None
        self._report.read()
        if self._report.ended:
            self._loop.remove_reader(self._report.descriptor)

    def _finish(self) -> None:
        """Once: the reader reaped, its files removed, the session counted out and logged."""
        if self._child is not None:
            with contextlib.suppress(ValueError, OSError):
                self._loop.remove_reader(self._child.log)
            self._child.close()
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None
        if self._admitted:
            self._admitted = False
            self.server.admission.close_session(self.connection.address)
            self.server.sessions.discard(self)
            self.server.log_session_end(self)

    def connection_lost(self, exc: Exception | None) -> None:
        gone = exc is None or isinstance(exc, asyncssh.ConnectionLost)
        self.end(None, "the client went away" if gone else f"connection lost: {inert(str(exc))}")

    # --- For the log ----------------------------------------------------------------------

    @property
    def terminal(self) -> str:
        from tui.serve.child import sanitised_term

        if not self._pty:
            return "no terminal"
        columns, rows = self._size
        term = sanitised_term(self._term)
        if term != self._term:  # said, so that the operator sees what a client tried
            term = f"{inert(self._term or '', 64)!r} replaced by {term}"
        return f"{term} {columns}x{rows}"

    @property
    def seconds(self) -> float:
        return time.monotonic() - self._started if self._started is not None else 0.0

    @property
    def how_it_ended(self) -> str:
        return self._ended or "still running"
