"""Finding quoted words and facts verbatim in a block, and the nearest text when they are not."""

from __future__ import annotations

import difflib
import re

from tui.model.fields import show

#: Above this many characters a block is not searched with difflib, whose cost grows with the
#: product of the two lengths; the cheap prefix and suffix search still applies.
FUZZY_LIMIT = 4000
#: Typographic variants an author may type differently from the article.
_LOOKALIKES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "…": "...",
    }
)
_SPACES = re.compile(r"\s+")


def find_occurrence(text: str, words: str, occurrence: int = 1) -> int:
    """Where the ``occurrence``-th ``words`` (from 1, not overlapping) start; -1 if not there."""
    start, position = -1, 0
    for _ in range(occurrence):
        start = text.find(words, position)
        if start < 0:
            return -1
        position = start + len(words)
    return start


def not_found_problem(text: str, words: str, block_id: str, occurrence: int = 1) -> str:
    """Why ``words`` could not be anchored in block ``block_id``, with the nearest text there."""
    count = text.count(words)
    if count:
        times = "once" if count == 1 else f"{count} times"
        return f"{show(words)} appears only {times} in block {block_id}, not {occurrence} times"
    problem = f"{show(words)} not found in block {block_id}"
    if _loosely(words) in _loosely(text):
        problem += " (it differs only in capitals, quotation marks, dashes or spacing)"
    return f"{problem}; nearest text there: {show(nearest_text(text, words))}"


def nearest_text(text: str, words: str) -> str:
    """The run of ``text`` that most resembles ``words``: from where their longest start is
    found to where their longest end is, or else a run as long as ``words``."""
    prefix = _longest_prefix_found(text, words)
    suffix = _longest_prefix_found(text[::-1], words[::-1])
    enough = min(8, len(words))
    prefix_at = text.find(words[:prefix]) if prefix >= enough else -1
    suffix_at = text.find(words[len(words) - suffix :]) if suffix >= enough else -1
    if prefix_at >= 0 and suffix_at >= prefix_at:
        end = suffix_at + suffix
        if end - prefix_at <= 2 * len(words):
            return text[prefix_at:end]
    if prefix_at >= 0 and prefix >= suffix:
        start = prefix_at
    elif suffix_at >= 0:
        start = max(0, suffix_at + suffix - len(words))
    else:
        start = _fuzzy_start(text, words)
    return text[start : start + len(words)]


def _fuzzy_start(text: str, words: str) -> int:
    """Where the longest run shared by ``text`` and ``words`` puts the start of ``words``."""
    if len(text) > FUZZY_LIMIT:
        return 0
    matcher = difflib.SequenceMatcher(None, text, words, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(words))
    return max(0, match.a - match.b) if match.size else 0


def _longest_prefix_found(text: str, words: str) -> int:
    """The length of the longest start of ``words`` found in ``text`` (binary search)."""
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if words[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _loosely(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_LOOKALIKES)).casefold()
