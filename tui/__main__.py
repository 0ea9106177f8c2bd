"""``python -m tui`` runs the same command-line entry point as ``tui-reader``."""

from tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
