"""Serve mode ("kiosk"): the reader runs for someone at the other end of ``tui-reader serve``.

Nothing acts on the server's side: no browser opened there (a link is copied to the client's
clipboard instead), no file saved there from the command palette, no suspend or shell, and never
a traceback to the client: a crash shows one apologetic line with the session's id, and the
details go to the server's log through ``LOG_DESCRIPTOR``. The server sets ``KIOSK_VARIABLE``
to the session's id in the reader's environment; ``kiosk_session`` is the one place it is read.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Mapping

KIOSK_VARIABLE = "TUI_READER_KIOSK"
#: The descriptor a served reader writes crash details to (a pipe the server reads).
LOG_DESCRIPTOR = 3
#: The most of one report the server's log gets.
MAX_REPORT_BYTES = 64 * 1024
_SESSION_ID = re.compile(r"[0-9a-z-]{1,32}")


def kiosk_session(environ: Mapping[str, str] | None = None) -> str | None:
    """The session's id when the reader runs for ``tui-reader serve``, else None. Set to
    anything else, the variable still means serve mode (``unknown`` for the id)."""
    value = (os.environ if environ is None else environ).get(KIOSK_VARIABLE)
    if value is None:
        return None
    return value if _SESSION_ID.fullmatch(value) else "unknown"


def apology(session: str) -> str:
    return (
        f"tui-reader: sorry, the reader stopped on an unexpected error (id {session});"
        " the server's log has the details."
    )


def send_to_server_log(details: str) -> None:
    """Writes ``details`` (cut to ``MAX_REPORT_BYTES``) to the server's log pipe. A pipe that
    is not there (a reader started by hand with the variable set) takes nothing."""
    data = details.encode("utf-8", "replace")[:MAX_REPORT_BYTES]
    with contextlib.suppress(OSError):
        while data:
            data = data[os.write(LOG_DESCRIPTOR, data) :]


def report_crash_to_server(details: str, session: str) -> None:
    """What a crash does in serve mode: details to the server's log, one line to the client."""
    from tui.terminal_lines import print_line

    send_to_server_log(details)
    with contextlib.suppress(OSError, ValueError):  # the client has gone with its terminal
        print_line(sys.stderr, apology(session))


def install_crash_hooks(session: str) -> None:
    """Uncaught exceptions anywhere (a thread, a finaliser, before the app is up) go the same
    way: Python would print their tracebacks, with file paths and values, to the terminal."""
    import traceback

    def report(kind: type[BaseException], error: BaseException, trace: object) -> None:
        lines = traceback.format_exception(kind, error, trace)  # type: ignore[arg-type]
        report_crash_to_server("".join(lines), session)

    def report_thread(arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_type is not SystemExit and arguments.exc_value is not None:
            report(arguments.exc_type, arguments.exc_value, arguments.exc_traceback)

    def report_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_value is not None:
            send_to_server_log(
                "".join(traceback.format_exception(unraisable.exc_value))
                + f"(unraisable, in {unraisable.object!r})\n"
            )

    sys.excepthook = report
    threading.excepthook = report_thread
    sys.unraisablehook = report_unraisable
