"""Errors as data: every problem in a content file, with where it is and which field it names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    """Raised by the loader with the problems found in one file: ``errors``, the first of them
    in file order (all of them, unless there are more than a hundred), and ``more``, how many
    more there are. ``errors`` carries that count too (see ``Problems``)."""

    def __init__(self, errors: Sequence[ContentError], more: int | None = None) -> None:
        if more is None:
            more = errors.more if isinstance(errors, Problems) else 0
        self.errors: Problems = Problems(errors, more)
        super().__init__("\n".join(self.errors.lines()))

    @property
    def more(self) -> int:
        """How many problems there are besides those in ``errors``."""
        return self.errors.more


class Problems(tuple[ContentError, ...]):
    """The first problems of a file, and ``more``: how many more it has. A tuple, so that it
    goes wherever the errors go (a thread, a pickle from the load-ahead child) with its count.
    """

    more: int

    def __new__(cls, errors: Iterable[ContentError] = (), more: int = 0) -> Problems:
        problems = super().__new__(cls, errors)
        problems.more = more
        return problems

    @property
    def total(self) -> int:
        """How many problems the file has."""
        return len(self) + self.more

    def more_line(self) -> str | None:
        """``PATH: … and N more problems`` when there are more than these, else None."""
        if not self.more or not self:
            return None
        noun = "problem" if self.more == 1 else "problems"
        return f"{inert(self[-1].path)}: … and {self.more:,} more {noun}"

    def lines(self) -> list[str]:
        """One line per problem, then the ``more_line`` when there is one."""
        lines = [str(error) for error in self]
        more = self.more_line()
        return [*lines, more] if more else lines
