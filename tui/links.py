"""Deep links: ``article.yaml#q3`` names a quote, fact or block to open at (pure)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal, NamedTuple

from tui.content_paths import bundled_article, bundled_name
from tui.model.article import Article

TargetKind = Literal["quote", "fact", "block"]
#: An address the reader imports (``tui.importer.pipeline.is_url``'s test, without its imports).
_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def is_address(name: str) -> bool:
    """True for an ``http(s)://`` address: a source that is no file (nothing to watch)."""
    return _ADDRESS.match(name) is not None


class Target(NamedTuple):
    """What the reader opens at: a quote, a fact, or a body block (paragraph, figure ...)."""

    kind: TargetKind
    id: str


def split_link(argument: str) -> tuple[str, str | None]:
    """``content/x.yaml#q3`` -> (``content/x.yaml``, ``q3``). A path that exists as given is
    never split, so a file whose name has a ``#`` still opens. The path is then found as
    ``locate`` finds it, so that every link ``link`` makes opens from any directory."""
    if os.path.exists(argument) or "#" not in argument:
        return locate(argument), None
    path, _, fragment = argument.rpartition("#")
    return locate(path), fragment or None


def locate(path: str) -> str:
    """The file ``path`` names: itself when it exists; else the bundled article of that name
    (``nato-defence-plans-2022-02-24``), or the file below home for a ``~/x.yaml`` the shell
    did not expand (it was quoted); else ``path`` as given, for the loader to report."""
    if os.path.exists(path):
        return path
    bundled = bundled_article(path)
    if bundled is not None:
        return str(bundled)
    expanded = os.path.expanduser(path)
    return expanded if os.path.exists(expanded) else path


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
        return f"tui-reader: {display_path(os.fspath(path))}: no {kind} with id {self.id!r}"


class ArticleRequest(NamedTuple):
    """An article to load behind the first frame: its file, size limit and deep-link target;
    ``source``: the text, web page or address ``path`` is the cached import of."""

    path: str
    max_bytes: int
    wanted: Wanted | None = None
    source: str | None = None


def link(path: str | None, item_id: str) -> str:
    """The deep link of an item, which ``tui-reader LINK`` opens from any directory:
    ``nato-defence-plans-2022-02-24#q3`` in a bundled article, ``~/x.yaml#q3`` or
    ``/srv/x.yaml#q3`` in another, ``~/news/story.txt#q3`` or ``https://…/story#q3`` in an
    import (just ``#q3`` without a file). The id goes after the last ``#``, where
    ``split_link`` looks, so an address with a fragment of its own keeps it."""
    return f"{display_path(path) if path else ''}#{item_id}"


def display_path(path: str) -> str:
    """The name of an article's file that means the same in any directory: a bundled
    article's name (``bundled_name``), ``~/x.yaml`` below home, else the absolute path; an
    ``http(s)://`` address as it is.

    Without a home (``HOME`` unset and no passwd entry), a working directory (removed) or a
    resolvable path (a symlink loop), the path is shortened less, never an error."""
    if is_address(path):
        return path
    name = bundled_name(path)
    if name is not None:
        return name
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        resolved = _absolute(path)
    home = _home()
    if home is not None and resolved.is_relative_to(home) and resolved != home:
        return "~/" + str(resolved.relative_to(home))
    return str(resolved)


def _absolute(path: str) -> Path:
    try:
        return Path(os.path.abspath(path))
    except OSError:  # no working directory
        return Path(path)


def _home() -> Path | None:
    """The user's home directory, resolved, or None when there is none (or a relative one)."""
    try:
        home = Path.home().resolve()
    except (OSError, RuntimeError, KeyError):  # no home: RuntimeError; no passwd: KeyError
        return None
    return home if home.is_absolute() else None
