"""The program: ``python -m tui`` and the ``tui-reader`` command (``tui.cli`` does the work)."""

from __future__ import annotations

import sys

from tui.collector import pause_for_start_up, resume_after_start_up


def main() -> int:
    """Runs the command line with the collector paused until the first frame (see
    ``tui.collector``): the pause comes before the command line's own imports."""
    pause_for_start_up()
    try:
        from tui.cli import main as run_command

        return run_command()
    except KeyboardInterrupt:  # Ctrl-C before the command line could catch it (its imports)
        return 130
    finally:
        resume_after_start_up()


if __name__ == "__main__":
    sys.exit(main())
