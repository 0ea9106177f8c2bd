"""Live reload on the reader screen: a changed file is shown again, in place; a broken one is not.

Authors edit the YAML in one pane and read it in another. The file is polled (one ``stat`` a
second: no repaint, so nothing is sent over SSH while nothing changes) and loaded in a thread.
An imported article is read from its import in the cache, which never changes: its source (a
text or web page; an address is not watched) is watched instead, and imported again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work

from tui.links import is_address
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
        path = self._watched()
        if path is None:
            return
        self._signature = file_signature(path)
        self.set_interval(POLL_INTERVAL, self.check_file, name="live reload")

    def _watched(self) -> str | None:
        """The file whose changes are shown: the article's, or the source it was imported from
        (None for an address)."""
        source = self.article.source
        if source is None:
            return self.article.path
        return None if is_address(source) else source

    def check_file(self) -> None:
        """Reload when the file changed since the last look."""
        path = self._watched()
        if path is None:
            return
        signature = file_signature(path)
        if signature == self._signature:
            return
        self._signature = signature
        if signature is None:
            self._show_errors([f"{inert(path)}: the file is gone"])
            return
        self._load(self.article.path, self.article.source)

    @work(thread=True, exclusive=True, group="live reload")
    def _load(self, path: str | None, source: str | None) -> None:
        from tui.model.loader import load_article  # PyYAML is imported by the first reload

        max_bytes: int = getattr(self.app, "max_bytes", DEFAULT_MAX_BYTES)
        if source is not None:
            # Imported again, into the cache as when it was opened: the YAML to load.
            from tui.import_cache import imported_path

            made = imported_path(source, max_bytes=max_bytes)
            if not isinstance(made, os.PathLike):  # it no longer imports: its one line
                self.app.call_from_thread(self._show_errors, [str(made)])
                return
            path = os.fspath(made)
        assert path is not None  # watched: it has a file
        try:
            article = load_article(path, max_bytes=max_bytes)
        except ContentInvalid as invalid:
            self.app.call_from_thread(self._reload_failed, invalid.errors)
        else:
            self.app.call_from_thread(self._reloaded, article.imported_from(source))

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
