"""Outside text (file names, paths, errors, environment values) made safe to show: ``inert``."""

from __future__ import annotations

import unicodedata

#: Categories that ``str.isprintable`` refuses but a terminal only draws: spaces other than
#: the ASCII one (no-break, ideographic) and private-use characters (icon fonts).
SHOWN_CATEGORIES = frozenset({"Zs", "Co"})
#: What a cut ends with.
ELLIPSIS = "…"


def _shown(char: str) -> str:
    """``char`` itself, or its escape as Python writes it (``\\x1b``, ``\\u202e``, ``\\udcff``)."""
    if char.isprintable() or unicodedata.category(char) in SHOWN_CATEGORIES:
        return char
    return repr(char)[1:-1]


def inert(text: str, limit: int | None = None) -> str:
    """``text`` with nothing a terminal would obey, each such character shown as an escape.

    For text that did not come through the loader's sanitiser (``tui.model.sanitize``): file
    and directory names, paths, URLs, error messages that quote input, environment values,
    what the terminal sends. Every C0 and C1 control (``\\n`` and ``\\t`` too), DEL, every
    format character (category Cf: bidi overrides and isolates, zero-width characters), lone
    surrogates (the undecodable bytes of a file name, from ``os.fsdecode``), unassigned code
    points and the line and paragraph separators become the escape Python's ``repr`` writes
    (``\\x1b``, ``\\u202e``, ``\\udcff``): the user sees that a name is odd, and the name is
    not silently changed into another one. A backslash stays as it is, so the result is
    printable and ``inert`` of it is the same text.

    Nothing is cut unless ``limit`` is given: a path has to be shown whole to be of use, and
    the system bounds it already (255 bytes a name, 4 KiB a path); error excerpts are bounded
    where they are made (the loader). With ``limit`` the result is at most that many
    characters, ending with ``…`` when it was cut, never inside an escape.
    """
    # Almost every name is printable: one call of about a microsecond decides.
    if text.isprintable():
        if limit is None or len(text) <= limit:
            return text
        return text[: limit - len(ELLIPSIS)] + ELLIPSIS
    pieces = list(map(_shown, text))
    if limit is None or sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept: list[str] = []
    room = limit - len(ELLIPSIS)
    for piece in pieces:  # whole escapes only: half of one would read as another character
        room -= len(piece)
        if room < 0:
            break
        kept.append(piece)
    return "".join(kept) + ELLIPSIS
