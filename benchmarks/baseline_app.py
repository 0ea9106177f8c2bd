"""The minimal Textual baseline: the same text as one ``Static`` per paragraph in a scroll.

``python benchmarks/baseline_app.py FILE.txt`` shows a plain-text file (paragraphs separated by a
blank line, the first is the title); ``q`` quits. Page down with the ``pagedown`` key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class BaselineApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, paragraphs: list[str]) -> None:
        super().__init__()
        self.paragraphs = paragraphs

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for paragraph in self.paragraphs:
                yield Static(paragraph, markup=False)


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    BaselineApp(text.split("\n\n")).run()


if __name__ == "__main__":
    main()
