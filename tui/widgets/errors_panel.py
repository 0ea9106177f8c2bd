"""The errors panel: why the file on disk cannot be shown (the last good version stays)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from tui.model.errors import ContentError, Problems

#: More than this and the panel says how many more there are.
MAX_SHOWN = 8


class ErrorsPanel(Static):
    """Hidden while there is nothing wrong."""

    DEFAULT_CSS = """
    ErrorsPanel {
        display: none;
        height: auto;
        max-height: 12;
        border: round $error;
        color: $text-error;
        padding: 0 1;
        &.-shown { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.border_title = "The file on disk has errors: showing the last good version"
        self._lines: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        return self._lines

    def show_errors(self, errors: Sequence[ContentError | str]) -> None:
        """Shows the first errors; ``Problems`` (as the loader raises them) also says how many
        more the file has than it keeps."""
        total = errors.total if isinstance(errors, Problems) else len(errors)
        lines = [str(error) for error in errors[:MAX_SHOWN]]
        if total > MAX_SHOWN:
            lines.append(f"… and {total - MAX_SHOWN:,} more")
        self._lines = tuple(lines)
        # Content, not markup: error messages quote the file's own text.
        self.update(Content("\n".join(lines)))
        self.set_class(bool(lines), "-shown")

    def clear(self) -> None:
        self.show_errors(())
