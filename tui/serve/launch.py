"""What a session's reader runs first, in the child: its terminal, its limits, serve mode.

Started by ``tui.serve.child`` on the server's pty (descriptors 0-2) with the log pipe on 3.
Before anything of the reader is imported: nothing else of the server's is left open, the pty
becomes the controlling terminal of the child's new session (so a hang-up reaches it), resource
limits are set (``CHILD_LIMITS``), files are private to the server's user and made in the
session's own directory, and uncaught errors go to the server's log (``tui.kiosk``).
"""

from __future__ import annotations

import fcntl
import os
import resource
import sys
import termios
from typing import NoReturn

from tui.kiosk import LOG_DESCRIPTOR, install_crash_hooks, kiosk_session

MIB = 1024 * 1024
#: Address space (a reader of the bundled article maps ~340 MB, a 38 MB article ~600 MB),
#: open files (a library walk holds one per level, 16 at most), no core files, files the size of
#: the library cache at most (64 MiB), and CPU seconds (a reader uses a few a minute).
CHILD_LIMITS = {
    resource.RLIMIT_AS: 1024 * MIB,
    resource.RLIMIT_NOFILE: 256,
    resource.RLIMIT_CORE: 0,
    resource.RLIMIT_FSIZE: 64 * MIB,
    resource.RLIMIT_CPU: 900,
}


def set_limits() -> None:
    for limit, value in CHILD_LIMITS.items():
        _soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(limit, (value, value))


def run_reader() -> int:
    """Everything above, then the reader (``tui.__main__``); its exit status. Also run in a
    fork of the warm reader (``tui.serve.zygote``), with the same descriptors and environment."""
    os.closerange(LOG_DESCRIPTOR + 1, os.sysconf("SC_OPEN_MAX"))
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    session = kiosk_session() or "unknown"
    install_crash_hooks(session)
    set_limits()
    os.umask(0o077)
    home = os.environ.get("HOME")
    if home:
        os.chdir(home)
    from tui.__main__ import main as reader

    try:
        return reader()
    except SystemExit as leaving:
        return leaving.code if isinstance(leaving.code, int) else 1
    except BaseException:
        sys.excepthook(*sys.exc_info())  # serve mode's: to the server's log (tui.kiosk)
        return 70


def main() -> NoReturn:
    sys.exit(run_reader())
