"""Live reload on the reader screen: a changed file is shown again, in place; a broken one is not.

Authors edit the YAML in one pane and read it in another. The file is polled (one ``stat`` a
second: no repaint, so nothing is sent over SSH while nothing changes) and loaded in a thread.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work

from tui.model import DEFAULT_MAX_BYTES
from tui.model.article import Article
from tui.model.errors import ContentError, ContentInvalid
from tui.model.inert import inert

if TYPE_CHECKING:
    from tui.widgets.errors_panel import ErrorsPanel

#: Seconds between two looks at the file.
POLL_INTERVAL = 1.0


def file_signature(path: str) -> tuple[int, int] | None:
    """(mtime in ns, size), or None when the file cannot be seen."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class LiveReload:
    """Mixed into ``ReaderScreen``; it calls ``show_article`` with each new good version."""

    article: Article
    _signature: tuple[int, int] | None = None
    #: Mounted the first time the file goes wrong: most sessions never show it.
    _errors_panel: ErrorsPanel | None = None

    def start_watching(self) -> None:
        path = self.article.path
        if path is None:
            return
        self._signature = file_signature(path)
        self.set_interval(POLL_INTERVAL, self.check_file, name="live reload")

    def check_file(self) -> None:
        """Reload when the file changed since the last look."""
        path = self.article.path
        if path is None:
            return
        signature = file_signature(path)
        if signature == self._signature:
            return
        self._signature = signature
        if signature is None:
            self._show_errors([f"{inert(path)}: the file is gone"])
            return
        self._load(path)

    @work(thread=True, exclusive=True, group="live reload")
    def _load(self, path: str) -> None:
        from tui.model.loader import load_article  # PyYAML is imported by the first reload

        max_bytes: int = getattr(self.app, "max_bytes", DEFAULT_MAX_BYTES)
        try:
            article = load_article(path, max_bytes=max_bytes)
        except ContentInvalid as invalid:
            self.app.call_from_thread(self._reload_failed, invalid.errors)
        else:
            self.app.call_from_thread(self._reloaded, article)

    def _reloaded(self, article: Article) -> None:
        if self._errors_panel is not None:
            self._errors_panel.clear()
        self.show_article(article)

    def _reload_failed(self, errors: tuple[ContentError, ...]) -> None:
        self._show_errors(errors)

    def _show_errors(self, errors: Sequence[ContentError | str]) -> None:
        panel = self._errors_panel
        if panel is None:
            from tui.widgets.errors_panel import ErrorsPanel

            panel = self._errors_panel = ErrorsPanel(id="errors")
            self.mount(panel, before=self.status_line)  # type: ignore[attr-defined]
        panel.show_errors(errors)

    @property
    def errors_panel(self) -> ErrorsPanel | None:
        """The panel that says why the file on disk is not shown; None until it first was not."""
        return self._errors_panel
