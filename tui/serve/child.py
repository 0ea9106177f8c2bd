"""A session's reader: a child process on a pseudo-terminal the server owns, and its end.

The child is spawned (``os.posix_spawn``: no Python code of the server runs between fork and
exec) in a new session, every signal at its default and none blocked: a server started under
``nohup`` would otherwise hand it SIGHUP ignored, and a reader that outlives its client. Its
terminal has the client's size before it starts; its environment is made here from nothing
(``child_environment``); ``tui.serve.launch`` makes the pty its controlling terminal and sets its
resource limits before the reader is imported. It is ended with its whole process group.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import sys
import termios
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import tui
from tui.kiosk import KIOSK_VARIABLE, LOG_DESCRIPTOR

if TYPE_CHECKING:
    from tui.serve.zygote import Zygote

#: A terminal name as terminfo spells them (``xterm-256color``, ``screen.xterm-256color``);
#: anything else (escape sequences, paths, 10 kB of text) is replaced by ``DEFAULT_TERM``.
TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}")
DEFAULT_TERM = "xterm-256color"
#: The ``COLORTERM`` values that mean something (ssh forwards it only with ``SendEnv``).
COLORTERMS = frozenset({"truecolor", "24bit"})
#: ``en_GB.UTF-8``, ``C.UTF-8``, ``sr_RS@latin``, ``POSIX``.
LOCALE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.@-]{0,63}")
#: What the reader is told over its command line: the server's keys stay off (no mouse
#: tracking, whose reports cost bytes on every move; no animation frames over the link).
READER_FLAGS = ("--no-mouse", "--no-animation")
#: Run by ``python -I`` (no ``PYTHON*`` variable, no user site, no current directory on the
#: path): the directory holding the server's own ``tui`` package comes first, so the child
#: runs the same code as the server, installed or not.
LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); import tui.serve.launch as l; l.main()"
#: Terminal sizes are clamped to this; the reader itself draws at most 500x200.
MAX_SIDE = 9999


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """A size a pty can hold; 80x24 for a side the client left at 0 (unknown)."""
    return (
        min(max(columns, 1), MAX_SIDE) if columns else 80,
        min(max(rows, 1), MAX_SIDE) if rows else 24,
    )


def sanitised_term(term: str | None) -> str:
    return term if term and TERM_NAME.fullmatch(term) else DEFAULT_TERM


def child_environment(
    term: str | None, client: Mapping[str, str], home: Path, session_id: str
) -> dict[str, str]:
    """The reader's whole environment: a sanitised ``TERM``, ``COLORTERM`` and ``LANG`` when the
    client sent good ones, and the server's own: a home of the session's, serve mode. Nothing
    else from the client (``LD_PRELOAD``, ``PYTHONPATH``, ``TEXTUAL_*``) or from the server."""
    environment = {
        "TERM": sanitised_term(term),
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        KIOSK_VARIABLE: session_id,
    }
    colorterm = client.get("COLORTERM")
    if colorterm in COLORTERMS:
        environment["COLORTERM"] = colorterm
    lang = client.get("LANG")
    if lang and LOCALE_NAME.fullmatch(lang):
        environment["LANG"] = lang
    return environment


def package_root() -> str:
    """The directory that holds the server's own ``tui`` package."""
    return str(Path(tui.__file__).resolve().parent.parent)


def reader_arguments(content: Path) -> list[str]:
    return [*READER_FLAGS, str(content)]


def reader_argv(arguments: list[str]) -> list[str]:
    return [sys.executable, "-I", "-c", LAUNCH, package_root(), *arguments]


def set_size(descriptor: int, columns: int, rows: int) -> None:
    """Sets the terminal's size (the kernel then sends SIGWINCH to its foreground group)."""
    columns, rows = clamp_size(columns, rows)
    fcntl.ioctl(descriptor, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _high(descriptor: int) -> int:
    """``descriptor`` moved above the standard ones, close-on-exec: ``dup2`` onto itself would
    keep the flag, and a server started with stdin closed gets 0 from ``openpty``."""
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(descriptor)
    return moved


class Child:
    """One reader on its pty: ``master`` is the server's end (non-blocking), ``log`` the read end
    of the pipe on which a crash report comes (``tui.kiosk``), ``pidfd`` readable once it ends.

    Forked by the warm reader (``tui.serve.zygote``) when there is one, which then reaps it;
    else spawned afresh, and reaped here.
    """

    def __init__(
        self,
        arguments: list[str],
        environment: dict[str, str],
        columns: int,
        rows: int,
        zygote: Zygote | None = None,
    ):
        master, terminal = os.openpty()
        master, terminal = _high(master), _high(terminal)
        log, log_end = (_high(end) for end in os.pipe())
        self.zygote: Zygote | None = None
        try:
            set_size(terminal, columns, rows)
            modes = termios.tcgetattr(terminal)
            # Keys typed before the reader puts the terminal in raw mode are not echoed over
            # its first frame (the reader takes them in order once it is up).
            modes[3] &= ~termios.ECHO
            termios.tcsetattr(terminal, termios.TCSANOW, modes)
            pid = zygote.fork(arguments, environment, terminal, log_end) if zygote else None
            if pid is not None:
                self.zygote = zygote
            else:
                pid = _spawn(reader_argv(arguments), environment, terminal, log_end)
            self.pid = pid
            self.pidfd = os.pidfd_open(pid)
        except BaseException:
            for descriptor in (master, log):
                os.close(descriptor)
            raise
        finally:
            os.close(terminal)
            os.close(log_end)
        os.set_blocking(master, False)
        os.set_blocking(log, False)
        self.master = master
        self.log = log
        self.status: int | None = None
        #: Ended by a signal (ours, or the kernel's for a limit), not by its own exit.
        self.signalled = False
        #: How it ended is known (not when the warm reader that forked it went first).
        self.known = True

    def kill(self) -> None:
        """SIGKILL to the reader's whole process group (its load-ahead child too). Safe to
        repeat: until it is reaped, the group's id cannot be anyone else's."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)

    def reap(self, then: Callable[[int], None]) -> None:
        """Once ``pidfd`` is readable: what is left of its group killed, the reader reaped;
        then ``then(status)`` (128 + the signal that ended it)."""
        if self.zygote is not None:
            self.zygote.when_ended(self.pid, lambda ended: self._ended(ended, then))
            return
        # Before the wait: a zombie keeps the id, so the group is still its own.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        self._ended((128 - code if code < 0 else code, code < 0), then)

    def _ended(self, ended: tuple[int, bool] | None, then: Callable[[int], None]) -> None:
        # None: the warm reader went before it could say (init reaped the reader instead).
        self.known = ended is not None
        self.status, self.signalled = ended if ended is not None else (0, False)
        then(self.status)

    def close(self) -> None:
        for descriptor in (self.master, self.log, self.pidfd):
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _spawn(argv: list[str], environment: dict[str, str], terminal: int, log: int) -> int:
    return os.posix_spawn(
        argv[0],
        argv,
        environment,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, terminal, 0),
            (os.POSIX_SPAWN_DUP2, terminal, 1),
            (os.POSIX_SPAWN_DUP2, terminal, 2),
            (os.POSIX_SPAWN_DUP2, log, LOG_DESCRIPTOR),
        ],
        setsid=True,
        setsigdef=signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP},
        setsigmask=(),
    )
