"""The one walk of a content directory, for the library and ``check``: bounded and stoppable.

Symlinked directories are followed, but every real directory is listed once (by device and
inode), so a link to ``.`` or to a parent adds nothing and a loop ends. Every file is listed
once too: a second name for a file already listed (a symlink to it, a hard link) is not, and a
real name wins over a symlink, as links are followed only after every real directory. What a
link to ``/`` could cost is bounded: at most ``MAX_DEPTH`` levels below the directory given,
and at most ``MAX_ENTRIES`` names looked at in all.
"""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Callable, Iterator

from tui.importer.pipeline import HTML_SUFFIXES, TEXT_SUFFIXES

__all__ = [
    "CONTENT_SUFFIXES",
    "LIBRARY_SUFFIXES",
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "ContentWalk",
    "WalkCancelled",
    "content_files",
]

CONTENT_SUFFIXES = (".yaml", ".yml")
#: What a library lists: content files, and the plain texts and web pages the reader imports
#: as it opens them (``tui.import_cache``).
LIBRARY_SUFFIXES = (*CONTENT_SUFFIXES, *TEXT_SUFFIXES, *HTML_SUFFIXES)
#: Directory levels below the one given that are searched; deeper directories are counted and
#: not entered. Real content is a few levels deep (year/month/section).
MAX_DEPTH = 16
#: Names looked at in all (files, directories, links, hidden names); the walk stops there.
#: About a second of walking: 10,000 articles with their folders take a small part of it.
MAX_ENTRIES = 200_000
#: Opens a directory without following a FIFO, a device or a terminal put in its place.
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


class WalkCancelled(Exception):
    """The walk was cancelled (its ``cancelled`` said so) between two entries."""


class ContentWalk:
    """Iterating yields (relative path, stat) of every content file under ``directory``: a
    regular file named ``*.yaml`` or ``*.yml`` (or any of ``suffixes``: a library lists
    ``LIBRARY_SUFFIXES``), skipping hidden names (``.git``), with ``/`` between folders, in no
    particular order. Raises ``WalkCancelled`` once ``cancelled()`` is true; after the walk,
    ``notice`` says what the bounds left out, if anything.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        cancelled: Callable[[], bool] | None = None,
        max_depth: int = MAX_DEPTH,
        max_entries: int = MAX_ENTRIES,
        suffixes: tuple[str, ...] = CONTENT_SUFFIXES,
    ) -> None:
        self.directory = os.fspath(directory)
        self.suffixes = suffixes
        self.cancelled = cancelled
        self.max_depth = max_depth
        self.max_entries = max_entries
        #: Directories deeper than ``max_depth``, not entered.
        self.too_deep = 0
        #: True when the walk stopped at ``max_entries`` names.
        self.stopped = False
        self._entries = 0
        self._seen_directories: set[tuple[int, int]] = set()
        self._seen_files: set[tuple[int, int]] = set()
        self._real: list[tuple[str, int]] = []
        self._linked: deque[tuple[str, int]] = deque()

    def stop_if_cancelled(self) -> None:
        """Raises ``WalkCancelled`` when the walk's owner no longer wants it (also between the
        files the library then parses)."""
        if self.cancelled is not None and self.cancelled():
            raise WalkCancelled

    @property
    def notice(self) -> str | None:
        """One line on what the bounds left out; None when nothing was."""
        parts = []
        if self.stopped:
            parts.append(f"stopped after {self.max_entries:,} names")
        if self.too_deep:
            folders = "folder" if self.too_deep == 1 else "folders"
            parts.append(
                f"{self.too_deep:,} {folders} deeper than {self.max_depth} levels not searched"
            )
        return "; ".join(parts) or None

    def __iter__(self) -> Iterator[tuple[str, os.stat_result]]:
        self._entries = self.too_deep = 0
        self.stopped = False
        self._seen_directories.clear()
        self._seen_files.clear()
        # Real directories depth first; symlinks (to folders or files) once they are all done.
        self._real[:] = [("", 0)]
        self._linked.clear()
        while True:
            while self._real:
                yield from self._directory(*self._real.pop())
            if not self._linked:
                return
            self.stop_if_cancelled()
            name, depth = self._linked.popleft()
            try:
                target = os.stat(os.path.join(self.directory, name))
            except OSError:
                continue  # a dangling link, or a loop of links
            if stat.S_ISDIR(target.st_mode):
                self._descend(name, depth)  # walked before the next link is looked at
            elif self._is_content(name) and stat.S_ISREG(target.st_mode) and self._first(target):
                yield name, target

    def _directory(self, relative: str, depth: int) -> Iterator[tuple[str, os.stat_result]]:
        """The content files of one directory, unless it was listed before; its folders are
        walked next, its symlinks later. Entries are taken in order of name, so which of two
        names of a file is listed does not depend on the file system."""
        path = os.path.join(self.directory, relative) if relative else self.directory
        try:
            descriptor = os.open(path, _DIRECTORY_FLAGS)
        except OSError:
            return  # unreadable, gone, or not a directory
        try:
            identity = _key(os.fstat(descriptor))
            if identity in self._seen_directories:
                return  # a loop, or a second way to the same folder
            self._seen_directories.add(identity)
            # Listed through the descriptor, so what is listed is what was identified.
            with os.scandir(descriptor) as listing:
                children = sorted(listing, key=_name)
            # Run once per file of a library of 100,000: the calls are written out inline.
            cancelled, suffixes, seen = self.cancelled, self.suffixes, self._seen_files
            prefix = f"{relative}/" if relative else ""
            for child in children:
                if cancelled is not None and cancelled():
                    raise WalkCancelled
                self._entries += 1
                if self._entries > self.max_entries:
                    self.stopped = True
                    self._real.clear()
                    self._linked.clear()
                    return
                if child.name[0] == ".":
                    continue
                name = prefix + child.name
                try:
                    if child.is_symlink():
                        self._linked.append((name, depth))
                    elif child.is_dir(follow_symlinks=False):
                        self._descend(name, depth)
                    elif name.lower().endswith(suffixes) and child.is_file(follow_symlinks=False):
                        status = child.stat(follow_symlinks=False)
                        key = (status.st_dev, status.st_ino)
                        if key not in seen:  # ``_first``
                            seen.add(key)
                            yield name, status
                except OSError:
                    continue  # gone between listing and stat: not part of the library any more
        except OSError:
            return  # an unreadable directory holds nothing we can list
        finally:
            os.close(descriptor)

    def _is_content(self, name: str) -> bool:
        return name.lower().endswith(self.suffixes)

    def _descend(self, name: str, depth: int) -> None:
        if depth >= self.max_depth:
            self.too_deep += 1
        else:
            self._real.append((name, depth + 1))

    def _first(self, found: os.stat_result) -> bool:
        """True the first time a file is seen (by device and inode)."""
        key = _key(found)
        if key in self._seen_files:
            return False
        self._seen_files.add(key)
        return True


def content_files(
    directory: str | os.PathLike[str], suffixes: tuple[str, ...] = CONTENT_SUFFIXES
) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of every content file under ``directory``: ``ContentWalk``."""
    return iter(ContentWalk(directory, suffixes=suffixes))


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _key(found: os.stat_result) -> tuple[int, int]:
    return found.st_dev, found.st_ino
