"""Bounds on what a file's problems cost: how many are kept, and how much input each quotes.

A file within the size limits can hold millions of problems (1.9 million empty blocks in
5.7 MB), and one problem can quote a megabyte (a key written on one long line). Each file
keeps the first ``MAX_ERRORS`` of its problems, in file order, and counts the rest; each
problem quotes at most an excerpt of the input, so that an error line has a fixed bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tui.model.errors import ContentError, Problems

#: Problems kept per file; past them only their number is.
MAX_ERRORS = 100
#: A value, key or name quoted in a problem is cut to this many characters.
EXCERPT = 60
#: A field path is cut to this many characters (32 levels of ``[0]`` fit).
MAX_FIELD = 100
#: The field and the problem together: with the line and column, an error line is at most
#: 300 characters besides the file's name.
MAX_MESSAGE = 270


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text``, cut to ``limit`` characters with a ``…`` when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded_error(path: str, line: int, column: int, field: str, problem: str) -> ContentError:
    """The error, its field and problem cut so that together they fit ``MAX_MESSAGE``."""
    if len(field) + len(problem) > MAX_MESSAGE:
        field = excerpt(field, MAX_FIELD)
        problem = excerpt(problem, MAX_MESSAGE - len(field))
    return ContentError(path, line, column, field, problem)


class ErrorCollector:
    """The problems of one file as they are found: the first ``limit`` in file order are
    kept (whatever order they are found in), every one is counted."""

    __slots__ = ("_kept", "_last_kept", "limit", "total")

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        #: How many problems were found, kept or not.
        self.total = 0
        self._kept: list[ContentError] = []
        #: Once ``limit`` are kept, the last of them: a problem after it cannot be among the
        #: first, and is only counted (the common case: problems come in file order).
        self._last_kept: ContentError | None = None

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[ContentError]:
        """The problems kept, in the order found."""
        return iter(self._kept)

    def append(self, error: ContentError) -> None:
        self.total += 1
        last = self._last_kept
        if last is not None and error >= last:
            return
        kept = self._kept
        kept.append(error)
        if len(kept) >= 2 * self.limit:  # cut back to the first ``limit``, now and then
            kept.sort()
            del kept[self.limit :]
            self._last_kept = kept[-1]

    def extend(self, errors: Iterable[ContentError]) -> None:
        """Adds ``errors``: another collector's (with the count of those it did not keep),
        or any others."""
        for error in errors:
            self.append(error)
        if isinstance(errors, ErrorCollector):
            self.total += errors.total - len(errors._kept)

    def problems(self) -> Problems:
        """The first problems in file order, and how many more there are."""
        kept = sorted(self._kept)[: self.limit]
        return Problems(kept, self.total - len(kept))
