"""Where the bundled articles are, installed from a wheel or run from a checkout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import tui

#: The article the reader opens when it is given none.
DEFAULT_ARTICLE = "nato-defence-plans-2022-02-24.yaml"


def content_dirs() -> tuple[Path, ...]:
    """The directories that may hold bundled articles, the installed one first.

    A wheel carries ``content/`` inside the package as ``tui/content/``; a checkout (and an
    editable install) has it next to the package.
    """
    package = Path(tui.__file__).resolve().parent
    return (package / "content", package.parent / "content")


def default_article_path() -> Path:
    """The bundled default article: the first that exists, else the installed location (so
    that the error for a missing file names where it should be)."""
    candidates = [directory / DEFAULT_ARTICLE for directory in content_dirs()]
    return next((path for path in candidates if path.is_file()), candidates[0])


#: The endings of content files.
CONTENT_SUFFIXES = (".yaml", ".yml")


def bundled_article(name: str) -> Path | None:
    """The bundled article called ``name`` (``nato-defence-plans-2022-02-24``, with or without
    its ``.yaml``), or None: what a link to a bundled article names, from any directory."""
    if not name or os.path.basename(name) != name or name in (".", ".."):
        return None  # a path, not a name
    names = [name] if name.endswith(CONTENT_SUFFIXES) else [name + s for s in CONTENT_SUFFIXES]
    for directory in content_dirs():
        for candidate in names:
            if (directory / candidate).is_file():
                return directory / candidate
    return None


def bundled_name(path: str | os.PathLike[str]) -> str | None:
    """The name that finds ``path`` among the bundled articles (its file name without
    ``.yaml``), or None when it is not one of them (or another bundled file has that name)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return None
    if resolved.suffix not in CONTENT_SUFFIXES:
        return None
    found = bundled_article(resolved.stem)
    try:
        return resolved.stem if found is not None and found.resolve() == resolved else None
    except (OSError, RuntimeError):
        return None


#: Files this big load in a thread behind a first frame (about 0.1 s of loading and checking).
BACKGROUND_LOAD_BYTES = 1024 * 1024


def loads_in_background(path: str | os.PathLike[str], max_bytes: int) -> bool:
    """True for a regular file big enough to be loaded behind the reader's first frame.
    Anything else (missing, a FIFO, too big) is loaded, or refused, at once with its message."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and BACKGROUND_LOAD_BYTES <= status.st_size <= max_bytes
