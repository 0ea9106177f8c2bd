"""Crash reports: an unexpected error becomes one line on stderr and a file with the details."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

import tui
from tui.model.inert import inert
from tui.terminal_lines import print_line

#: Exit status for an internal error (BSD ``EX_SOFTWARE``).
EXIT_CRASHED = 70
#: The one-line summary is cut to this many characters.
MAX_SUMMARY = 200


def reports_directory() -> Path:
    """Where reports go: ``reports/`` in the user state directory (``$XDG_STATE_HOME``)."""
    import platformdirs

    return Path(platformdirs.user_state_dir("tui-reader")) / "reports"


def summary_of(details: str) -> str:
    """``ValueError: boom`` from a traceback: its last non-blank line, made inert and short."""
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    return inert(lines[-1] if lines else "unknown error", MAX_SUMMARY)


def write_report(details: str) -> Path | None:
    """Writes ``details`` with the versions and terminal it ran in; the file, or None when no
    directory would take it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    header = "\n".join(
        [
            f"tui-reader {tui.__version__} crash report, {dt.datetime.now().isoformat()}",
            f"Python {platform.python_version()} on {platform.platform()}",
            f"command: {' '.join(sys.argv)}",
            f"TERM={os.environ.get('TERM', '')} COLORTERM={os.environ.get('COLORTERM', '')}",
            "",
        ]
    )
    for directory in (reports_directory(), Path(tempfile.gettempdir())):
        path = directory / f"tui-reader-crash-{stamp}-{os.getpid()}.txt"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path.write_text(header + "\n" + details, encoding="utf-8", errors="replace")
        except OSError:
            continue
        return path
    return None


def report_crash(details: str) -> int:
    """Writes the report, prints one line about it to stderr; the exit status."""
    path = write_report(details)
    where = f"Full report: {path}" if path else "No report could be written."
    # The report's path comes from the environment ($XDG_STATE_HOME, $TMPDIR): inert too.
    print_line(sys.stderr, f"tui-reader: unexpected error ({summary_of(details)}). {where}")
    return EXIT_CRASHED
