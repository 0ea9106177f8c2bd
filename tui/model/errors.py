"""Errors as data: every problem in a content file, with where it is and which field it names."""

from __future__ import annotations

from typing import NamedTuple

from tui.model.inert import inert


class ContentError(NamedTuple):
    """One problem in a content file. Lines and columns count from 1; 0 means unknown."""

    path: str
    line: int
    column: int
    #: Dotted field path such as ``quotes[3].speaker``; empty for file-level problems.
    field: str
    problem: str

    def __str__(self) -> str:
        """``path:line:column: field: problem``, safe to show: the path, a field named by a
        key and a problem that quotes the file come from outside (``tui.model.inert``)."""
        where = f"{inert(self.path)}:{self.line}:{self.column}"
        problem = inert(self.problem)
        return f"{where}: {inert(self.field)}: {problem}" if self.field else f"{where}: {problem}"


class ContentInvalid(Exception):
    """Raised by the loader with **all** the problems found in one file."""

    def __init__(self, errors: list[ContentError] | tuple[ContentError, ...]) -> None:
        self.errors: tuple[ContentError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
