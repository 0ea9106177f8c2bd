"""Crash reports: an unexpected error becomes one line on stderr and a file with the details."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import tui
from tui.model.inert import inert
from tui.private_files import PRIVATE_FILE, RefusedPath, create_new, private_directory
from tui.terminal_lines import print_line

#: Exit status for an internal error (BSD ``EX_SOFTWARE``).
EXIT_CRASHED = 70
#: The one-line summary is cut to this many characters.
MAX_SUMMARY = 200


def reports_directory() -> Path:
    """Where reports go: ``reports/`` in the user state directory (``$XDG_STATE_HOME``);
    ``RefusedPath`` when there is no home directory."""
    from tui.state import default_state_directory

    return default_state_directory() / "reports"


def summary_of(details: str) -> str:
    """``ValueError: boom`` from a traceback: its last non-blank line, made inert and short."""
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    return inert(lines[-1] if lines else "unknown error", MAX_SUMMARY)


class Written(NamedTuple):
    """Where a report went (None: nowhere), and why the places before it did not take it."""

    path: Path | None
    #: A symlink, another user's directory or a file planted where the report would go.
    refused: list[RefusedPath]
    #: Ordinary failures (``/tmp: No space left on device``).
    failed: list[str]


def write_report(details: str) -> Written:
    """Writes ``details`` with the versions and terminal it ran in.

    The report is 0600 and made with ``O_EXCL``, never through a symlink: in the reports
    directory (the user's own, 0700), else in a new private directory in the temporary
    directory (``tempfile.mkdtemp``: 0700, a name nobody can guess or plant beforehand).
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"tui-reader-crash-{stamp}-{os.getpid()}.txt"
    text = _header() + "\n" + details
    written = Written(None, [], [])
    try:
        directory = reports_directory()
        private_directory(directory.parent)  # the state directory, which holds the reports
        private_directory(directory)
        return written._replace(path=_write_new(directory / name, text))
    except RefusedPath as refused:
        written.refused.append(refused)
    except OSError as error:
        written.failed.append(f"the state directory: {error.strerror or error}")
    try:
        directory = Path(tempfile.mkdtemp(prefix="tui-reader-"))
        return written._replace(path=_write_new(directory / name, text))
    except OSError as error:
        written.failed.append(f"{tempfile.gettempdir()}: {error.strerror or error}")
    return written


def _header() -> str:
    return "\n".join(
        [
            f"tui-reader {tui.__version__} crash report, {dt.datetime.now().isoformat()}",
            f"Python {platform.python_version()} on {platform.platform()}",
            f"command: {' '.join(sys.argv)}",
            f"TERM={os.environ.get('TERM', '')} COLORTERM={os.environ.get('COLORTERM', '')}",
            "",
        ]
    )


def _write_new(path: Path, text: str) -> Path:
    """Creates ``path`` (it must not exist: a file planted at the name is refused) as 0600."""
    try:
        descriptor = create_new(path, PRIVATE_FILE)
    except FileExistsError:
        planted = "is a symbolic link (not followed)" if path.is_symlink() else "is already there"
        raise RefusedPath(path, f"{planted}; not replaced") from None
    with os.fdopen(descriptor, "w", encoding="utf-8", errors="replace") as file:
        os.fchmod(descriptor, PRIVATE_FILE)  # whatever the umask
        file.write(text)
    return path


def report_crash(details: str) -> int:
    """Writes the report and prints one line about it to stderr (after one for a place that
    was refused, when the report went elsewhere); the exit status. In serve mode the details
    go to the server's log instead, and the client sees one apologetic line (``tui.kiosk``)."""
    from tui.kiosk import kiosk_session, report_crash_to_server

    session = kiosk_session()
    if session is not None:
        report_crash_to_server(details, session)
        return EXIT_CRASHED
    written = write_report(details)
    if written.path is not None:
        for refused in written.refused:  # a planted symlink or file: worth its own line
            print_line(sys.stderr, f"tui-reader: not in the state directory: {refused}")
        where = f"Full report: {written.path}"
    else:
        reasons = [str(refused) for refused in written.refused] + written.failed
        where = f"No report could be written: {'; '.join(reasons)}."
    print_line(sys.stderr, f"tui-reader: unexpected error ({summary_of(details)}). {where}")
    return EXIT_CRASHED
