"""The library screen: every article of a directory, newest first, filtered as you type."""

from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui.content_paths import loads_in_background
from tui.content_walk import LIBRARY_SUFFIXES, ContentWalk, WalkCancelled
from tui.library import LibraryEntry, scan_library
from tui.library_filter import EntryFilter
from tui.links import ArticleRequest
from tui.model.errors import ContentError, ContentInvalid, Problems
from tui.model.inert import inert
from tui.model.loader import DEFAULT_MAX_BYTES, load_article
from tui.widgets.entry_list import EntryList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.prompt import Line, Prompt

#: Errors listed in the notice for a file that cannot be opened; the rest are counted.
SHOWN_ERRORS = 8


def entry_prompt(entry: LibraryEntry) -> Prompt:
    """Two lines: the title, then date, source, counts and file name (its path in the
    library); or the file and its first error.

    Built from plain strings: text from a file is never markup. Everything is made inert: the
    file's name and its error never went through the loader's sanitiser, and the title and
    source come from the library's cache file, which anyone who can write it could change.
    """
    if entry.error is not None:
        return Prompt(
            [
                Line(Content.styled(inert(entry.relative), "bold $error"), wraps=False),
                Line(Content.styled(inert(entry.error), "$error"), wraps=False),
            ]
        )
    title, details = entry_lines(entry)
    return Prompt(
        [
            Line(Content.styled(title, "bold"), wraps=False),
            Line(Content.styled(details, "dim"), wraps=False),
        ]
    )


def entry_lines(entry: LibraryEntry) -> tuple[str, str]:
    """A valid entry's two lines, inert: its title, then its details."""
    # Quotes and facts are known once the whole file has been read: until then, say so.
    counts = (
        [_count(entry.quotes, "quote"), _count(entry.facts, "fact")]
        if entry.checked
        else ["checking…"]
    )
    details = [_date(entry.published), entry.source or "", *counts, entry.relative]
    return inert(" ".join(entry.title.split())), inert(" · ".join(p for p in details if p))


class EntryVisual(Visual):
    """An entry's two lines, built only when the entry scrolls into view: a library lists
    10,000 entries, and building every ``Prompt`` up front costs most of a second."""

    ROWS = 2

    def __init__(self, entry: LibraryEntry) -> None:
        self.entry = entry
        self._prompt: Prompt | None = None
        self._lines: tuple[str, str] | None = None

    @property
    def prompt(self) -> Prompt:
        if self._prompt is None:
            self._prompt = entry_prompt(self.entry)
        return self._prompt

    def __str__(self) -> str:
        return self.prompt.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.prompt.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.ROWS

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if self.entry.error is not None:
            return self.prompt.render_strips(width, height, style, options)
        # A valid entry is two plain lines in two styles: drawn as two segments, ten times
        # faster than its prompt (0.35-0.6 ms an entry), and a filter key that changes the
        # view draws a page of new entries.
        if self._lines is None:
            self._lines = entry_lines(self.entry)
        title, details = self._lines
        base = style.rich_style
        return [_cut(title, width, base + _BOLD, base), _cut(details, width, base + _DIM, base)]


_BOLD = RichStyle(bold=True)
_DIM = RichStyle(dim=True)


def _cut(text: str, width: int, style: RichStyle, fill: RichStyle) -> Strip:
    """``text`` on one row of ``width`` cells, cut with an ellipsis, the rest ``fill``."""
    cells = cell_len(text)
    if cells > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…" if width > 0 else ""
        cells = cell_len(text)
    return Strip([Segment(text, style), Segment(" " * (width - cells), fill)], width)


def _date(published: dt.date | dt.datetime | None) -> str:
    if published is None:
        return "undated"
    if isinstance(published, dt.datetime):
        return published.strftime("%Y-%m-%d %H:%M")
    return published.isoformat()


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class LibraryScreen(Screen[None]):
    """Lists the articles of a directory; Enter reads one, Escape in the reader comes back."""

    CSS_PATH = "library.tcss"
    BINDINGS = [
        # Enter reaches the filter (submit) or the list (select) first, which open the same
        # entry; with priority this one opens it, and the footer names it.
        Binding(
            "enter",
            "open_current",
            "Open",
            tooltip="Open the article (an invalid file: say what is wrong)",
            priority=True,
        ),
        Binding("tab", "toggle_focus", "Filter/list", tooltip="Go to the filter or the list"),
        Binding("escape", "clear_filter", "Clear filter"),
        # The list moves even while the filter has focus.
        Binding("down", "move('cursor_down')", "Next article", show=False),
        Binding("up", "move('cursor_up')", "Previous article", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
        # While the directory is scanned there is nothing to filter yet: q (the app's) and
        # Ctrl+C quit at once.
        Binding(
            "ctrl+c",
            "quit_while_scanning",
            "Quit",
            tooltip="Quit while the directory is scanned",
            show=False,
            priority=True,
        ),
    ]

    class ScanProgress(Message):
        """From the scan's thread: ``done`` of ``total`` new or changed files parsed."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Listed(Message):
        """From the scan's thread: every entry, some not checked yet (read from their start);
        or, ``remembered``, the entries of the last scan, before this one has looked for
        what changed since."""

        def __init__(self, entries: list[LibraryEntry], remembered: bool = False) -> None:
            super().__init__()
            self.entries = entries
            self.remembered = remembered

    class Scanned(Message):
        """From the scan's thread: every entry, and what the walk's bounds left out."""

        def __init__(self, entries: list[LibraryEntry], notice: str | None) -> None:
            super().__init__()
            self.entries = entries
            self.notice = notice

    class CacheWarning(Message):
        """From the scan's thread: the cache is damaged or refused; the scan goes on without it."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        entries: list[LibraryEntry] | None = None,
        cache_path: str | os.PathLike[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__()
        self.directory = Path(directory)
        self._cache_path = cache_path
        self._max_bytes = max_bytes
        self._entries: list[LibraryEntry] | None = entries
        #: One drawing per entry, made when it first shows.
        self._visuals: list[EntryVisual] = []
        self._filter = EntryFilter([])
        #: Indexes into ``_entries`` of the entries shown, after the filter.
        self._shown: Sequence[int] = []
        #: Entries invalid, and not checked yet: counted once per listing, not per key.
        self._invalid = 0
        self._unchecked = 0
        #: What the status line says.
        self._status = ""
        self._notice = ""
        self._progress = ""
        #: What the walk's bounds left out of the directory (``ContentWalk.notice``), if any.
        self._walk_notice: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter by title, source or path", id="filter")
        yield EntryList(id="entries")
        yield Static(id="library-status", markup=False)
        yield KeyFooter()

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    @property
    def entry_list(self) -> EntryList:
        return self.query_one("#entries", EntryList)

    @property
    def entries(self) -> list[LibraryEntry] | None:
        """Every entry of the library, or None while the directory is being scanned."""
        return self._entries

    @property
    def shown(self) -> list[LibraryEntry]:
        """The entries listed, after the filter, in list order."""
        entries = self._entries or []
        return [entries[index] for index in self._shown]

    @property
    def current_entry(self) -> LibraryEntry | None:
        index = self.entry_list.highlighted
        if self._entries is None or index is None or index >= len(self._shown):
            return None
        return self._entries[self._shown[index]]

    @property
    def status_text(self) -> str:
        return str(self.query_one("#library-status", Static).render())

    def on_mount(self) -> None:
        self.watch(self.filter_input, "value", self._filter_changed, init=False)
        # Content, not a str: Textual would parse a str title as markup.
        self.entry_list.border_title = Content(inert(os.fspath(self.directory)))
        if self._entries is None:
            # Nothing to filter yet, and a focused input would take q: the filter waits.
            self.filter_input.disabled = True
            self._update_status()
            self._scan()
        else:
            self.filter_input.focus()
            self._show_entries(self._entries)

    # --- Scanning ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library-scan")
    def _scan(self) -> None:
        # Messages, not ``call_from_thread``: that waits for the app, which may be quitting.
        # Quitting cancels the worker, and the walk stops at its next entry or file.
        worker = get_current_worker()
        walk = ContentWalk(
            self.directory, cancelled=lambda: worker.is_cancelled, suffixes=LIBRARY_SUFFIXES
        )
        try:
            entries = scan_library(
                self.directory,
                cache_path=self._cache_path,
                max_bytes=self._max_bytes,
                progress=lambda done, total: self.post_message(self.ScanProgress(done, total)),
                listed=lambda entries: self.post_message(self.Listed(entries)),
                remembered=lambda entries: self.post_message(self.Listed(entries, True)),
                walk=walk,
                warn=lambda line: self.post_message(self.CacheWarning(line)),
            )
        except WalkCancelled:
            return
        self.post_message(self.Scanned(entries, walk.notice))

    def on_library_screen_scan_progress(self, message: ScanProgress) -> None:
        if message.done < message.total:
            self._progress = f"checking {message.done:,} of {message.total:,} new or changed files"
        else:
            self._progress = ""
        self._update_status()

    def on_library_screen_listed(self, message: Listed) -> None:
        self.filter_input.disabled = False
        self.filter_input.focus()
        self._progress = (
            "looking for new or changed files"
            if message.remembered
            else "checking new or changed files"
        )
        self._show_entries(message.entries)

    def on_library_screen_cache_warning(self, message: CacheWarning) -> None:
        self.app.notify(inert(message.line), severity="warning", markup=False)

    def on_library_screen_scanned(self, message: Scanned) -> None:
        self._walk_notice = message.notice
        self._progress = ""
        if self.filter_input.disabled:  # not listed before: nothing was new or changed
            self.filter_input.disabled = False
            self.filter_input.focus()
        if message.entries == self._entries:  # as remembered: nothing to lay out again
            self._update_status()
            return
        self._show_entries(message.entries)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_while_scanning":
            return self._entries is None  # afterwards Ctrl+C copies from the filter
        return True

    def action_quit_while_scanning(self) -> None:
        self.app.exit()

    def _show_entries(self, entries: list[LibraryEntry]) -> None:
        current = self.current_entry
        self._entries = entries
        self._visuals = [EntryVisual(entry) for entry in entries]
        # The path within the library: the directory's own path would match every entry.
        self._filter = EntryFilter(
            [
                "\n".join((entry.title, entry.source or "", entry.relative)).casefold()
                for entry in entries
            ]
        )
        self._invalid = sum(1 for entry in entries if entry.error is not None)
        self._unchecked = sum(1 for entry in entries if not entry.checked)
        # Checked, the list may change order: the cursor stays on the same file.
        keep = None
        if current is not None:
            keep = next(
                (i for i, entry in enumerate(entries) if entry.relative == current.relative), None
            )
        self._apply_filter(self.filter_input.value, keep=keep)

    # --- Filter --------------------------------------------------------------------------

    def _filter_changed(self, value: str) -> None:
        """The filter's text changed: list what it matches. Called as the text changes, in
        the key's own turn, so that the list and the count are drawn in the frame that
        draws the letter (from ``Input.Changed``, they came a frame, 20-40 ms, later)."""
        self._notice = ""
        row = self.entry_list.highlighted
        self._apply_filter(value, keep=self._shown[row] if row is not None else None)

    def _apply_filter(self, text: str, keep: int | None = None) -> None:
        """List the entries that hold every word of ``text``, the cursor on entry ``keep``
        (an index into ``entries``) when it is still listed, else on the first."""
        if self._entries is None:
            return
        self._shown = shown = self._filter.matching(text)
        row = 0
        if keep is not None:  # ``shown`` is in order: look for it by halves
            place = bisect_left(shown, keep)
            row = place if place < len(shown) and shown[place] == keep else 0
        visuals = self._visuals
        self.entry_list.set_entries([visuals[index] for index in shown], highlighted=row)
        self._update_status()

    def action_clear_filter(self) -> None:
        if self.filter_input.value:
            self.filter_input.value = ""  # which refills the list

    # --- Keys ----------------------------------------------------------------------------

    def action_toggle_focus(self) -> None:
        if self.focused is self.filter_input:
            self.entry_list.focus()
        else:
            self.filter_input.focus()

    def action_move(self, action: str) -> None:
        getattr(self.entry_list, f"action_{action}")()

    # --- Opening -------------------------------------------------------------------------

    @on(EntryList.Selected, "#entries")
    def _entry_selected(self, event: EntryList.Selected) -> None:
        event.stop()
        self.open_entry(event.index)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open_current()

    def action_open_current(self) -> None:
        if self.entry_list.highlighted is not None:
            self.open_entry(self.entry_list.highlighted)

    def open_entry(self, index: int) -> None:
        """Read the article at ``index`` of the list; if it is invalid, say why and stay."""
        if self._entries is None or not 0 <= index < len(self._shown):
            return
        entry = self._entries[self._shown[index]]
        path = self._readable(entry)
        if path is None:
            return
        # An import is read from the cache, but named and linked by the file listed.
        source = os.fspath(entry.path) if path != entry.path else None
        if loads_in_background(path, self._max_bytes):
            # A large file: its title at once, the reader when it has loaded.
            from tui.screens.loading import LoadingScreen

            def loaded(errors: list[ContentError] | None) -> None:
                if errors:  # dismissed: the file is invalid
                    self._cannot_open(entry, errors)

            self._notice = ""
            request = ArticleRequest(str(path), self._max_bytes, source=source)
            self.app.push_screen(LoadingScreen(request), loaded)
            return
        try:
            article = load_article(path, max_bytes=self._max_bytes)
        except ContentInvalid as invalid:
            self._cannot_open(entry, invalid.errors)
            return
        from tui.screens.reader import ReaderScreen

        self._notice = ""
        self.app.push_screen(ReaderScreen(article.imported_from(source)))

    def _readable(self, entry: LibraryEntry) -> Path | None:
        """The content file to read for ``entry``: itself, or the import of a text or web page
        (cached when the library was scanned); None when it cannot be imported (said)."""
        from tui.import_cache import imported_path, is_importable

        if not is_importable(entry.path):
            return entry.path
        made = imported_path(entry.path, max_bytes=self._max_bytes)
        if isinstance(made, Path):
            return made
        self._cannot_open(entry, [ContentError(str(entry.path), 0, 0, "", made.problem)])
        return None

    def _cannot_open(self, entry: LibraryEntry, errors: Sequence[ContentError]) -> None:
        """Say why the article cannot be opened: in the status line, and up to
        ``SHOWN_ERRORS`` of its errors in a notice."""
        name = inert(entry.relative)
        # The loader keeps a file's first problems and counts the rest: say how many in all.
        total = errors.total if isinstance(errors, Problems) else len(errors)
        count = f"{total:,} problem" + ("" if total == 1 else "s")
        self._notice = f"Cannot open {name}: {count}: {errors[0]}"
        lines = [str(error) for error in errors[:SHOWN_ERRORS]]
        if total > SHOWN_ERRORS:
            lines.append(f"… and {total - SHOWN_ERRORS:,} more (tui-reader check)")
        self.app.notify(
            "\n".join(lines), title=f"Cannot open {name}", severity="error", markup=False
        )
        self._update_status()

    # --- Status --------------------------------------------------------------------------

    def _update_status(self) -> None:
        if self._entries is None:
            text = (self._progress or f"Scanning {inert(os.fspath(self.directory))}…") + "  q quits"
        else:
            total = len(self._entries)
            invalid, unchecked = self._invalid, self._unchecked
            shown = len(self._shown)
            text = _count(total, "article")
            if shown != total:
                text = f"{shown:,} of {text}"
            if invalid:
                text += f" · {invalid:,} invalid"
            if not total:
                text = "No .yaml, .yml, .txt or .html files in this directory"
            elif not shown:
                text += " · nothing matches the filter (Escape clears it)"
            if self._progress or unchecked:
                text += f" · {self._progress or f'{unchecked:,} not checked yet'}"
            if self._walk_notice:
                text += f" · {self._walk_notice}"
        if self._notice:
            text = f"{text} · {self._notice}"
        status = self.query_one("#library-status", Static)
        if text != self._status:
            self._status = text
            # One row whatever it says: no layout pass (which repaints the whole screen).
            status.update(text, layout=False)
