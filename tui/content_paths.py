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
