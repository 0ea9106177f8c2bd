"""Loading the article on a second core while the reader imports Textual.

Before the first frame the reader spends about 300 ms of one core importing Textual and its
own widgets, and about 25 ms more importing PyYAML and the loader and loading a small file.
The two do not depend on each other, so a child process forked as soon as the command line is
read does the second part on another core, and hands the article (or its errors) back through
a pipe. The child is this same program, forked: what comes back is unpickled from our own
process, never from a file. Where a fork is not safe or brings nothing (no ``fork``, macOS,
one core), and whenever the child does not deliver, the file is loaded here as before, so its
errors and any crash are reported the usual way.

The child never outlives the parent: on Linux the kernel kills it when the parent dies
(``PR_SET_PDEATHSIG``), and a parent interrupted while it waits (Ctrl-C, SIGTERM, SIGHUP)
kills and reaps it before it ends with 128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import NoReturn, Protocol

from tui.model.article import Article
from tui.model.errors import ContentInvalid


class Failure(Protocol):
    """Why a source could not be made into a content file (``ImportFailure``): one line."""

    def __str__(self) -> str: ...


#: Makes the content file before it is loaded (an import into the cache): the path of the
#: file to load, or the failure.
Prepare = Callable[[], "str | os.PathLike[str] | Failure"]


class NotPrepared(Exception):
    """``prepare`` failed: ``line`` says why, in one line for the user."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


def can_load_ahead() -> bool:
    """Whether a forked child can load on a core of its own."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # macOS: system libraries are not fork-safe once they have started
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) > 1  # the cores this process may run on
    return (os.cpu_count() or 1) > 1


class PendingArticle:
    """An article being loaded; ``result`` waits for it. Raises ``ContentInvalid`` as
    ``load_article`` does, and ``NotPrepared`` when ``prepare`` (run first, in the child
    too: an import) fails."""

    def __init__(
        self, path: str | os.PathLike[str], max_bytes: int, prepare: Prepare | None = None
    ) -> None:
        self._path = path
        self._max_bytes = max_bytes
        self._prepare = prepare
        self._child: tuple[int, int] | None = None  # (pid, read end of the pipe)
        if can_load_ahead():
            self._child = _fork_loader(path, max_bytes, prepare)

    def result(self) -> Article:
        if self._child is not None:
            pid, reading = self._child
            self._child = None
            try:
                with _ended_by_signals(), open(reading, "rb") as pipe:
                    data = pipe.read()
            except BaseException:
                # Interrupted: the child goes with us, whatever it is waiting for.
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                _reap(pid)
                raise
            _reap(pid)
            try:
                kind, value = pickle.loads(data)
            except (EOFError, pickle.UnpicklingError):
                pass  # nothing came, or not all of it: the child failed or was interrupted
            else:
                if kind == "invalid":
                    raise ContentInvalid(value)
                if kind == "failed":
                    raise NotPrepared(value)
                return value
        from tui.model.loader import load_article

        return load_article(prepared(self._path, self._prepare), max_bytes=self._max_bytes)


def prepared(path: str | os.PathLike[str], prepare: Prepare | None) -> str | os.PathLike[str]:
    """The file to load: ``path``, or where ``prepare`` made it; ``NotPrepared`` if it failed."""
    if prepare is None:
        return path
    made = prepare()
    if isinstance(made, str | os.PathLike):
        return made
    raise NotPrepared(str(made))


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # reaped already (SIGCHLD ignored)
        os.waitpid(pid, 0)


#: Signals that end a parent waiting for the child, as they would by default, but with the
#: child killed first: 128 + the signal's number is the exit status.
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """While the parent waits: SIGTERM and SIGHUP (where they would end it) raise
    ``SystemExit(128 + signal)``, so that the wait can clean up; Ctrl-C raises
    ``KeyboardInterrupt`` as always."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can set handlers (and signals reach only it)
        return

    def end(signum: int, frame: object) -> NoReturn:
        raise SystemExit(128 + signum)

    # A signal ignored by whoever started us (``nohup``) stays ignored.
    taken = [number for number in ENDING_SIGNALS if signal.getsignal(number) == signal.SIG_DFL]
    previous = {number: signal.signal(number, end) for number in taken}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _fork_loader(
    path: str | os.PathLike[str], max_bytes: int, prepare: Prepare | None
) -> tuple[int, int] | None:
    reading, writing = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:
        try:  # the child never returns into the parent's code, whatever happens
            os.close(reading)
            _die_with(parent)
            _load_and_send(writing, path, max_bytes, prepare)
        finally:
            os._exit(0)
    os.close(writing)
    return pid, reading


#: ``prctl(PR_SET_PDEATHSIG, signal)``: the kernel sends ``signal`` when the parent dies.
PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """The child: killed by the kernel when the parent dies (Linux), however it dies; and gone
    at once if the parent died before this was set."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except Exception:
            pass  # no prctl: the parent still kills the child when it is interrupted
    if os.getppid() != parent:
        os._exit(0)


def _load_and_send(
    writing: int, path: str | os.PathLike[str], max_bytes: int, prepare: Prepare | None
) -> NoReturn:
    """The child: prepare (import), load, send the outcome, leave at once (no exit handlers,
    no flushing of what the parent had buffered). On any failure it sends nothing and the
    parent does it all itself."""
    try:
        from tui.model.loader import load_article

        try:
            loaded = load_article(prepared(path, prepare), max_bytes=max_bytes)
            outcome: tuple[str, object] = ("article", loaded)
        except ContentInvalid as invalid:
            outcome = ("invalid", invalid.errors)
        except NotPrepared as failed:
            outcome = ("failed", failed.line)
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with open(writing, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)
