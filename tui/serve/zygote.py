"""The warm reader: a process with the reader imported, which forks one reader per session.

Importing Python, Textual and the reader takes most of a reader's start (0.45 of 0.6 s on a
loaded 2-core machine); a fork of a process that has done it shows the first frame in 0.25-0.3
s. The warm reader is started by the server, from nothing, as a reader would be (``python -I``,
an empty environment, its own session, every signal at its default); it imports, then waits on
a socket only the server holds. For each session the server sends it the pty and the log pipe
(``SCM_RIGHTS``), the arguments and the environment (``tui.serve.child.child_environment``); the
fork becomes the reader exactly as ``tui.serve.launch`` makes a spawned one (new session, the
pty as controlling terminal, the environment replaced whole, signals reset, limits), and the
warm reader reaps it and says how it ended. If the warm reader is not there (starting, or gone),
the server spawns each reader afresh (``tui.serve.child``): sessions never depend on it.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable
from typing import NoReturn

from tui.kiosk import LOG_DESCRIPTOR

#: The socket the warm reader gets from the server, as its descriptor 3 (like the log pipe).
SOCKET_DESCRIPTOR = 3
#: A request (arguments and environment) is a few kB; room for a large environment.
MAX_MESSAGE = 256 * 1024
#: How long the server waits for a fork's pid before it spawns the reader itself, and for the
#: warm reader to end once told to (it is killed after that).
FORK_TIMEOUT = 2.0
STOP_GRACE = 3.0
#: What a reader imports before its first frame (the library, an article, a large one).
WARM_MODULES = (
    "tui.cli",
    "tui.app",
    "tui.screens.reader",
    "tui.screens.library",
    "tui.screens.loading",
    "tui.load_ahead",
    "tui.terminal_driver",
    "textual.drivers.linux_driver",
)
LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); import tui.serve.zygote as z; z.main()"
#: How a reader ended: its exit status (128 + the signal) and whether a signal ended it.
Ended = tuple[int, bool]


def _send(connection: socket.socket, message: dict, descriptors: tuple[int, ...] = ()) -> None:
    data = json.dumps(message).encode()
    rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", descriptors))]
    connection.sendmsg([data], rights if descriptors else [])


def _receive(connection: socket.socket) -> tuple[dict | None, list[int]]:
    """One message and the descriptors sent with it; (None, []) when the other end has gone."""
    space = socket.CMSG_SPACE(2 * array.array("i").itemsize)
    data, ancillary, _flags, _address = connection.recvmsg(MAX_MESSAGE, space)
    descriptors: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            received = array.array("i")
            received.frombytes(payload[: len(payload) - len(payload) % received.itemsize])
            descriptors += received
    if not data:
        for descriptor in descriptors:
            os.close(descriptor)
        return None, []
    return json.loads(data), descriptors


# --- The server's side -----------------------------------------------------------------------


class Zygote:
    """The server's handle on its warm reader (see the module)."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self._log = log
        self._connection: socket.socket | None = None
        self.pid: int | None = None
        self.ready = False
        self._ended: dict[int, Ended] = {}
        self._pidfd: int | None = None
        self._requests = 0
        #: Readers forked after their request was given up on (``FORK_TIMEOUT``).
        self._late: set[int] = set()
        self._waiting: dict[int, Callable[[Ended | None], None]] = {}

    def start(self, loop, package_root: str, launch: str = LAUNCH) -> None:
        """Spawns the warm reader; it says when it is ready. ``launch`` is the code it runs
        (a test gives one whose forks report on themselves instead of reading)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.pid = os.posix_spawn(
                sys.executable,
                [sys.executable, "-I", "-c", launch, package_root],
                {},
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, theirs.fileno(), SOCKET_DESCRIPTOR),
                ],
                setsid=True,
                setsigdef=signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP},
                setsigmask=(),
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        self._connection = ours
        self._loop = loop
        loop.add_reader(ours.fileno(), self._read)
        self._pidfd = os.pidfd_open(self.pid)
        loop.add_reader(self._pidfd, self._exited)

    def _exited(self) -> None:
        """The warm reader has ended (killed, say): reaped, and sessions start afresh."""
        self._loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self._pidfd = None
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        self._gone("it has ended")

    def fork(self, arguments: list[str], environment: dict[str, str], terminal: int, log: int):
        """The pid of a new reader on ``terminal``, or None: no warm reader, or it failed."""
        if not self.ready or self._connection is None:
            return None
        self._requests += 1
        request = {"request": self._requests, "arguments": arguments, "environment": environment}
        try:
            self._connection.setblocking(True)
            self._connection.settimeout(FORK_TIMEOUT)
            _send(self._connection, request, (terminal, log))
            while True:
                message, _ = _receive(self._connection)
                if message is None:
                    raise OSError("it has ended")
                if message.get("request") == self._requests:
                    if "failed" in message:  # fork failed there (EAGAIN): it is still there
                        self._log(f"warm reader: could not fork a reader: {message['failed']}")
                        return None
                    return int(message["started"])
                self._handle(message)
        except TimeoutError:
            # Slow, not gone: its sessions go on; the fork that comes late is ended (_handle).
            self._log(f"warm reader: no fork within {FORK_TIMEOUT} s; this reader starts afresh")
            return None
        except (OSError, ValueError) as error:
            self._gone(f"lost ({error})")
            return None
        finally:
            if self._connection is not None:
                self._connection.setblocking(False)

    def when_ended(self, pid: int, callback: Callable[[Ended | None], None]) -> None:
        """Calls ``callback`` with how the reader ``pid`` ended, once the warm reader has reaped
        it (at once if it has; with None if the warm reader has gone and cannot say)."""
        if pid in self._ended:
            callback(self._ended.pop(pid))
        elif self._connection is None:
            callback(None)
        else:
            self._waiting[pid] = callback

    def _read(self) -> None:
        assert self._connection is not None
        while self._connection is not None:
            try:
                message, descriptors = _receive(self._connection)
            except BlockingIOError:
                return
            except (OSError, ValueError) as error:
                message, descriptors = None, []
                self._log(f"warm reader: {error}")
            for descriptor in descriptors:
                os.close(descriptor)
            if message is None:
                self._gone("it has ended")
                return
            self._handle(message)

    def _handle(self, message: dict) -> None:
        if message.get("ready"):
            self.ready = True
            self._log("warm reader ready: each session's reader is a fork of it")
        elif "started" in message:
            # The answer to a request given up on: a reader no session has. Ended at once.
            late = int(message["started"])
            self._late.add(late)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(late, signal.SIGKILL)
        elif "ended" in message:
            pid, ended = int(message["ended"]), (int(message["status"]), bool(message["signal"]))
            callback = self._waiting.pop(pid, None)
            if callback is not None:
                callback(ended)
            elif pid in self._late:
                self._late.discard(pid)
            else:
                self._ended[pid] = ended

    def _gone(self, why: str) -> None:
        if self._connection is None:
            return
        self._log(f"warm reader: {why}; each session's reader now starts afresh")
        self._loop.remove_reader(self._connection.fileno())
        self._connection.close()
        self._connection = None
        self.ready = False
        for callback in self._waiting.values():
            callback(None)
        self._waiting.clear()

    def stop(self) -> None:
        """Closes its socket: it ends every reader it still has, reaps them and exits; then it
        is reaped here."""
        if self._connection is not None:
            self._loop.remove_reader(self._connection.fileno())
            self._connection.close()
            self._connection = None
        if self._pidfd is not None:
            self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        if self.pid is not None:
            _reap_within(self.pid, STOP_GRACE)
            self.pid = None


def _reap_within(pid: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.02)


# --- The warm reader's side ------------------------------------------------------------------


def main() -> NoReturn:
    """The warm reader: import, then fork a reader for each request until the server goes."""
    import gc
    import importlib

    gc.disable()
    connection = socket.socket(fileno=SOCKET_DESCRIPTOR)
    for module in WARM_MODULES:
        importlib.import_module(module)
    gc.freeze()  # what the import made stays: the forks share its pages
    gc.enable()
    wake, woken = os.pipe()
    os.set_blocking(woken, False)
    signal.set_wakeup_fd(woken)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    readers: set[int] = set()
    selector = selectors.DefaultSelector()
    selector.register(connection, selectors.EVENT_READ)
    selector.register(wake, selectors.EVENT_READ)
    _send(connection, {"ready": True})
    try:
        while True:
            for key, _ in selector.select():
                if key.fileobj is connection and not _serve_one(connection, readers, wake):
                    return _end(readers)
                if key.fileobj == wake:
                    with contextlib.suppress(BlockingIOError):
                        os.read(wake, 4096)
            _reap(connection, readers)
    except OSError:  # the server has gone
        return _end(readers)


def _serve_one(connection: socket.socket, readers: set[int], wake: int) -> bool:
    message, descriptors = _receive(connection)
    if message is None:
        return False
    if len(descriptors) != 2:
        for descriptor in descriptors:
            os.close(descriptor)
        _send(connection, {"request": message.get("request"), "failed": "no pty and log"})
        return True
    terminal, log = descriptors
    try:
        pid = os.fork()
    except OSError as error:
        _send(connection, {"request": message.get("request"), "failed": str(error)})
        pid = -1
    if pid == 0:
        try:
            connection.detach()  # its descriptor becomes the log pipe's: never closed later
            _become_reader(message["arguments"], message["environment"], terminal, log)
        finally:
            os._exit(70)
    os.close(terminal)
    os.close(log)
    if pid > 0:
        readers.add(pid)
        _send(connection, {"request": message.get("request"), "started": pid})
    return True


def _reap(connection: socket.socket, readers: set[int]) -> None:
    """Every reader that has ended: what is left of its group killed, then reaped and said."""
    while readers:
        try:
            found = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if found is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(found.si_pid, signal.SIGKILL)  # still a zombie: the group is its own
        _, status = os.waitpid(found.si_pid, 0)
        readers.discard(found.si_pid)
        code = os.waitstatus_to_exitcode(status)
        ended = {"ended": found.si_pid, "status": 128 - code if code < 0 else code}
        _send(connection, {**ended, "signal": code < 0})


def _end(readers: set[int]) -> NoReturn:
    for pid in readers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    for pid in readers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(0)


#: What a newly started Python has, and a reader is given here too: Ctrl-C as KeyboardInterrupt,
#: SIGPIPE and SIGXFSZ ignored (writes fail with an error instead); every other signal default.
_PYTHON_SIGNALS = {
    signal.SIGINT: signal.default_int_handler,
    signal.SIGPIPE: signal.SIG_IGN,
    signal.SIGXFSZ: signal.SIG_IGN,
}


def _become_reader(arguments: list[str], environment: dict, terminal: int, log: int) -> NoReturn:
    """In the fork: what ``tui.serve.launch`` gets from ``posix_spawn`` and ``python -I``, then
    the reader."""
    from tui.serve import launch

    signal.set_wakeup_fd(-1)
    os.setsid()
    for descriptor in (0, 1, 2):
        os.dup2(terminal, descriptor)
    os.dup2(log, LOG_DESCRIPTOR)
    for number in signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(number, _PYTHON_SIGNALS.get(number, signal.SIG_DFL))
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    os.environ.clear()
    os.environ.update({str(key): str(value) for key, value in environment.items()})
    sys.argv = ["tui-reader", *map(str, arguments)]
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(line_buffering=True)  # a terminal's, as Python would have it
    status = launch.run_reader()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
