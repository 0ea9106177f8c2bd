"""Linear mode (``tui-reader --linear``): the article as plain lines, for screen readers and
braille displays, and the plain text of pipes and ``TERM=dumb`` (``tui.linear.document``).

Never imports Textual: ``tests/test_import_hygiene.py`` holds it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from tui.links import Wanted


class LinearOptions(NamedTuple):
    """What the command line asks of linear mode."""

    max_bytes: int
    wanted: Wanted | None = None
    #: Open at the top, not at the saved place.
    fresh: bool = False
    color: bool = False
    #: The text, web page or address the article file is the cached import of.
    source: str | None = None


def read_linear(
    path: str | Path, options: LinearOptions, environ: Mapping[str, str] = os.environ
) -> int:
    """Reads the article at ``path`` (or lists a directory's) in linear mode; the exit status."""
    from tui.linear.reader import read_article

    return read_article(path, options, environ)
