"""Loading the article on a second core while the reader imports Textual.

Before the first frame the reader spends about 300 ms of one core importing Textual and its
own widgets, and about 25 ms more importing PyYAML and the loader and loading a small file.
The two do not depend on each other, so a child process forked as soon as the command line is
read does the second part on another core, and hands the article (or its errors) back through
a pipe. The child is this same program, forked: what comes back is unpickled from our own
process, never from a file. Where a fork is not safe or brings nothing (no ``fork``, macOS,
one core), and whenever the child does not deliver, the file is loaded here as before, so its
errors and any crash are reported the usual way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from typing import NoReturn

from tui.model.article import Article
from tui.model.errors import ContentInvalid


def can_load_ahead() -> bool:
    """Whether a forked child can load on a core of its own."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # macOS: system libraries are not fork-safe once they have started
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) > 1  # the cores this process may run on
    return (os.cpu_count() or 1) > 1


class PendingArticle:
    """An article being loaded; ``result`` waits for it. Raises ``ContentInvalid`` as
    ``load_article`` does."""

    def __init__(self, path: str | os.PathLike[str], max_bytes: int) -> None:
        self._path = path
        self._max_bytes = max_bytes
        self._child: tuple[int, int] | None = None  # (pid, read end of the pipe)
        if can_load_ahead():
            self._child = _fork_loader(path, max_bytes)

    def result(self) -> Article:
        if self._child is not None:
            pid, reading = self._child
            self._child = None
            with open(reading, "rb") as pipe:
                data = pipe.read()
            with contextlib.suppress(ChildProcessError):  # reaped already (SIGCHLD ignored)
                os.waitpid(pid, 0)
            try:
                kind, value = pickle.loads(data)
            except (EOFError, pickle.UnpicklingError):
                pass  # nothing came, or not all of it: the child failed or was interrupted
            else:
                if kind == "invalid":
                    raise ContentInvalid(value)
                return value
        from tui.model.loader import load_article

        return load_article(self._path, max_bytes=self._max_bytes)


def _fork_loader(path: str | os.PathLike[str], max_bytes: int) -> tuple[int, int] | None:
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:
        os.close(reading)
        _load_and_send(writing, path, max_bytes)
    os.close(writing)
    return pid, reading


def _load_and_send(writing: int, path: str | os.PathLike[str], max_bytes: int) -> NoReturn:
    """The child: load, send the outcome, leave at once (no exit handlers, no flushing of what
    the parent had buffered). On any failure it sends nothing and the parent loads the file."""
    try:
        from tui.model.loader import load_article

        try:
            outcome: tuple[str, object] = ("article", load_article(path, max_bytes=max_bytes))
        except ContentInvalid as invalid:
            outcome = ("invalid", invalid.errors)
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with open(writing, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)
