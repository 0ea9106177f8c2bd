"""Caption lines in text copied from a web page, as figures: ``... in Brussels, Feb 24, 2022.
(Virginia Mayo/AP)`` with the credit split off (``lexicon/caption_credits.txt``), a caption
after a prompt such as ``Open this photo in gallery`` (``lexicon/caption_prompts.txt``), and
whether a line prints a figure's caption again."""

from __future__ import annotations

import functools
import re

from tui.importer.draft import Figure
from tui.importer.furniture import ends_sentence, fold, lexicon

__all__ = ["caption_figure", "is_credit", "repeats"]

MAX_CREDIT_WORDS = 10
_CREDIT_AT_END = re.compile(r"\(\s*([^()]{1,120}?)\s*\)$")


@functools.cache
def _credit_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that mark a credit, and the lower-case words one may hold."""
    entries = lexicon("caption_credits.txt")
    small = {e.removeprefix("[small] ").casefold() for e in entries if e.startswith("[small] ")}
    marks = {e.casefold() for e in entries if not e.startswith("[small] ")}
    return frozenset(marks), frozenset(small)


def is_credit(text: str, *, strong_only: bool = False) -> bool:
    """True for a photo credit: a few capitalised words (``Virginia Mayo/AP``, ``CBC``,
    ``Submitted by Wendy Golden``), no digits, no sentence."""
    if any(char.isdigit() for char in text) or any(mark in text for mark in ':;!?"“”'):
        return False
    words = [word.strip(",.") for word in text.replace("/", " ").split()]
    words = [word for word in words if word and word not in ("-", "&", "—", "–")]
    if not 1 <= len(words) <= MAX_CREDIT_WORDS:
        return False
    marks, small = _credit_words()
    if not all(word[0].isupper() or word.casefold() in small for word in words):
        return False
    strong = "/" in text or any(word.casefold() in marks for word in words)
    return strong or (not strong_only and len(words) <= 4)


def _caption_prompt(line: str) -> str | None:
    """The caption after a prompt such as ``Open this photo in gallery``, or None."""
    folded = line.casefold()
    for prompt in lexicon("caption_prompts.txt"):
        if folded.startswith(prompt) and len(line) > len(prompt):
            rest = line[len(prompt) :].strip()
            return rest or None
    return None


def caption_figure(line: str) -> Figure | None:
    """The figure for a caption line, or None when ``line`` is none."""
    prompted = _caption_prompt(line)
    text = prompted if prompted is not None else line
    match = _CREDIT_AT_END.search(text)
    if match is not None:
        caption = text[: match.start()].rstrip()
        credit = match.group(1)
        strong = is_credit(credit, strong_only=True)
        if caption and is_credit(credit) and (strong or ends_sentence(caption)):
            return Figure(caption=caption, credit=credit)
    if prompted is None:
        return None
    # After a prompt the credit has no parentheses: the words after the last sentence.
    end = max(prompted.rfind(". "), prompted.rfind(".” "), prompted.rfind('." '))
    if end > 0:
        cut = prompted.index(" ", end) + 1
        caption, credit = prompted[:cut].rstrip(), prompted[cut:].strip()
        if credit and not ends_sentence(credit) and is_credit(credit):
            return Figure(caption=caption, credit=credit)
    return Figure(caption=prompted)


def repeats(line: str, figure: Figure) -> bool:
    """True for a line that prints the caption of ``figure`` again (with its credit or not)."""
    again = fold(line)
    return again == fold(figure.caption) or (
        figure.credit is not None and again == fold(f"{figure.caption} ({figure.credit})")
    )
