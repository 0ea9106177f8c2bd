"""Page furniture in text copied from a web page (prompts, share and newsletter lines, lists
of links to other articles: ``lexicon/boilerplate.txt``), the lexicons the text reader uses,
and how a line reads: a sentence, running text or neither."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["ends_sentence", "fold", "is_boilerplate", "lexicon", "opens_list", "running_text"]

#: A line of more words than this is running text, never furniture, a title or a subheading.
MAX_FURNITURE_WORDS = 25
#: What may close a sentence after its last mark, and the marks that end one.
CLOSING = "\"'”’»)]"
TERMINAL = ".!?…"


def lexicon(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/NAME``: one a line, without blank lines and ``#`` comments."""
    return _lexicon(name)


@functools.cache
def _lexicon(name: str) -> tuple[str, ...]:
    text = resources.files("tui.importer").joinpath("lexicon", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def fold(line: str) -> str:
    """``line`` as furniture is matched: lower case, straight apostrophes, single spaces."""
    return " ".join(line.casefold().replace("’", "'").replace("‘", "'").split())


@dataclass(frozen=True)
class _Furniture:
    lines: re.Pattern[str]
    lists: re.Pattern[str]


def _glob(pattern: str) -> str:
    return ".*".join(re.escape(part) for part in fold(pattern).split("*"))


@functools.cache
def _furniture() -> _Furniture:
    lines, lists = [], []
    for entry in lexicon("boilerplate.txt"):
        if entry.startswith("[list] "):
            lists.append(_glob(entry.removeprefix("[list] ")))
        else:
            lines.append(_glob(entry))
    return _Furniture(re.compile("|".join(lines)), re.compile("|".join(lists)))


def is_boilerplate(line: str) -> bool:
    """True for a line of page furniture (``lexicon/boilerplate.txt``), list headers included."""
    words = fold(line)
    if not words or len(words.split()) > MAX_FURNITURE_WORDS:
        return False
    furniture = _furniture()
    return bool(furniture.lines.fullmatch(words) or furniture.lists.fullmatch(words))


def opens_list(line: str) -> bool:
    words = fold(line)
    return len(words.split()) <= MAX_FURNITURE_WORDS and bool(_furniture().lists.fullmatch(words))


def words(line: str) -> int:
    return len(line.split())


def ends_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSING)
    return bool(stripped) and stripped[-1] in TERMINAL


def running_text(line: str) -> bool:
    """A sentence or more: what a list of links or a heading is not."""
    return (words(line) >= 8 and ends_sentence(line)) or words(line) > MAX_FURNITURE_WORDS
