"""Deep links: ``article.yaml#q3`` names a quote, fact or block to open at (pure)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal, NamedTuple

from tui.model.article import Article

TargetKind = Literal["quote", "fact", "block"]


class Target(NamedTuple):
    """What the reader opens at: a quote, a fact, or a body block (paragraph, figure ...)."""

    kind: TargetKind
    id: str


def split_link(argument: str) -> tuple[str, str | None]:
    """``content/x.yaml#q3`` -> (``content/x.yaml``, ``q3``). A path that exists as given is
    never split, so a file whose name has a ``#`` still opens."""
    if os.path.exists(argument) or "#" not in argument:
        return argument, None
    path, _, fragment = argument.rpartition("#")
    return path, fragment or None


def resolve(article: Article, item_id: str, kind: TargetKind | None = None) -> Target | None:
    """The quote, fact or block with ``item_id`` (of ``kind`` when given), or None."""
    if kind in (None, "quote") and any(quote.id == item_id for quote in article.quotes):
        return Target("quote", item_id)
    if kind in (None, "fact") and any(fact.id == item_id for fact in article.facts):
        return Target("fact", item_id)
    if kind in (None, "block") and item_id in article.block_index:
        return Target("block", item_id)
    return None


class Wanted(NamedTuple):
    """A target asked for by id before the article is loaded: ``PATH#ID`` or ``--quote ID``."""

    kind: TargetKind | None  # None: a quote, fact or block, whichever has the id
    id: str

    def resolve(self, article: Article) -> Target | None:
        return resolve(article, self.id, self.kind)

    def missing(self, path: str | os.PathLike[str]) -> str:
        """The one-line message when the article has no such target."""
        kind = self.kind or "quote, fact or block"
        return f"tui-reader: {os.fspath(path)}: no {kind} with id {self.id!r}"


class ArticleRequest(NamedTuple):
    """An article to load behind the first frame: its file, size limit and deep-link target."""

    path: str
    max_bytes: int
    wanted: Wanted | None = None


def link(path: str | None, item_id: str) -> str:
    """The deep link of an item: ``content/x.yaml#q3`` (just ``#q3`` without a file)."""
    return f"{display_path(path) if path else ''}#{item_id}"


def display_path(path: str) -> str:
    """``content/x.yaml`` below the working directory, ``~/x.yaml`` below home, else as is.

    Without a home (``HOME`` unset and no passwd entry), a working directory (removed) or a
    resolvable path (a symlink loop), the path is shortened less, never an error."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        resolved = Path(os.path.abspath(path))
    for base, prefix in ((_known(Path.cwd), ""), (_known(Path.home), "~/")):
        if base is not None and resolved.is_relative_to(base):
            return prefix + str(resolved.relative_to(base))
    return str(resolved)


def _known(find: Callable[[], Path]) -> Path | None:
    """``Path.cwd()`` or ``Path.home()``, or None when there is none (or only a relative one)."""
    try:
        base = find()
    except (OSError, RuntimeError, KeyError):  # no home: RuntimeError; no passwd: KeyError
        return None
    return base if base.is_absolute() else None
