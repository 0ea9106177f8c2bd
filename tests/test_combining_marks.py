"""Combining marks are capped at load: a pile of them on one character costs every repaint."""

from __future__ import annotations

import os
import select
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pty_terminal import PtyTerminal

from tui.model.loader import load_article, parse_article
from tui.model.sanitize import MAX_MARKS, clean_text, is_clean

STRIKE = "\u0336"  # combining long stroke overlay: the stuff of "Zalgo" text
PILE = 512_000


def article(paragraph: str, blocks: int = 1) -> str:
    lines = ["schema: 1", "id: marks", "meta:", "  title: Marks", "body:"]
    lines.append(f'  - {{id: p1, paragraph: "{paragraph}"}}')
    lines += [f"  - {{id: p{n}, paragraph: Plain words {n}.}}" for n in range(2, blocks + 1)]
    return "\n".join(lines) + "\n"


def marks_after_each(text: str) -> list[int]:
    """The number of combining marks after each character that is not one (and at the start,
    before any)."""
    runs = [0]
    for char in text:
        if unicodedata.category(char).startswith("M"):
            runs[-1] += 1
        else:
            runs.append(0)
    return runs


def test_half_a_million_marks_on_one_letter_load_as_eight() -> None:
    # Written as escapes, as a file would hide them, and raw.
    for written in ("\\u0336" * PILE, STRIKE * PILE):
        text = parse_article(article(f"Z{written}algo")).blocks[0].text
        assert text == "Z" + STRIKE * MAX_MARKS + "algo"
        assert is_clean(text)


def test_every_character_keeps_its_first_marks() -> None:
    text = clean_text("a" + "\u0301" * 20 + "b" + "\u0323" * 9 + " c\u0308")
    assert text == "a" + "\u0301" * 8 + "b" + "\u0323" * 8 + " c\u0308"


def test_a_removed_character_between_marks_does_not_split_the_run() -> None:
    # A zero-width space is removed first: the two halves pile up on one character.
    text = clean_text("e" + STRIKE * 6 + "\u200b" + STRIKE * 6 + "x")
    assert text == "e" + STRIKE * 8 + "x"


def test_marks_beyond_the_basic_plane_are_capped_and_other_characters_kept() -> None:
    musical = "\U0001d167"  # combining tremolo, a mark beyond the basic plane
    selector = "\U000e0100"  # variation selector 17, also a mark
    assert clean_text("x" + musical * 12) == "x" + musical * 8
    assert clean_text("y" + selector * 3 + musical * 9) == "y" + selector * 3 + musical * 5
    emoji = "😀🇺🇦👍🏽🧑🏿‍🚀" * 5  # astral, but no marks: the ZWJ goes as any Cf does
    assert clean_text(emoji) == emoji.replace("\u200d", "")
    rare_cjk = "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋"
    assert clean_text(rare_cjk) == rare_cjk


@pytest.mark.parametrize(
    "text",
    [
        "Vie\u0323\u0302t Nam",  # Vietnamese written decomposed: two marks on the e
        "क्षत्रिय राष्ट्रपति ने कहा",  # Devanagari conjuncts
        "בְּרֵאשִׁ֖ית בָּרָ֣א",  # Hebrew with points and cantillation: up to four on a letter
        "བསྒྲུབས་",  # Tibetan stacks
        "ที่นี่ น้ำ",  # Thai
        "e\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a",  # eight: the most kept
        "Ⓐ\u20dd\ufe0f",  # an enclosing mark and a variation selector
    ],
)
def test_real_writing_is_kept_as_it_is(text: str) -> None:
    assert clean_text(text) == text
    assert max(marks_after_each(text)) <= MAX_MARKS


ALPHABET = "ab \u0301\u0336\u20dd\u093f\u200b\U0001d167"  # marks, a Cf, a space, letters


@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_no_character_keeps_more_than_eight_marks(text: str) -> None:
    cleaned = clean_text(text)
    assert all(marks <= MAX_MARKS for marks in marks_after_each(cleaned))
    assert is_clean(cleaned) and clean_text(cleaned) == cleaned
    # Only marks are dropped, and only from runs longer than the cap.
    without = text.replace("\u200b", "").strip()
    if max(marks_after_each(without), default=0) <= MAX_MARKS:
        assert cleaned == without


def written_until_quiet(terminal: PtyTerminal, quiet: float = 1.0, limit: float = 60.0) -> int:
    """Bytes the program writes until it is quiet for ``quiet`` seconds."""
    total = 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal.process.fd], [], [], quiet)
        if not ready:
            break
        try:
            data = os.read(terminal.process.fd, 1 << 20)
        except OSError:
            break
        total += len(data)
    return total


def test_a_repaint_of_a_paragraph_that_held_a_pile_of_marks_is_small(tmp_path: Path) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text(article("Z" + "\\u0336" * PILE + "algo", blocks=80), encoding="utf-8")
    # Read by hand, not through the terminal model: 4 MB a frame was written before the cap.
    terminal = PtyTerminal.reader(str(path), columns=120, rows=40)
    try:
        written = {"first frame": written_until_quiet(terminal, quiet=2.0)}
        for key, name in [("G", "end"), ("g", "top"), ("i", "about"), ("\x1b", "back")]:
            terminal.send(key)
            written[name] = written_until_quiet(terminal)
        terminal.send("q")
        assert terminal.wait_exit(20) == 0
    finally:
        terminal.close()
    # About 70 kB for the first frame and 5-80 kB a key; 1 to 4.2 MB each before the cap.
    assert all(size < 300_000 for size in written.values()), written
    assert written["first frame"] > 10_000  # it did draw
    assert load_article(path).blocks[0].text == "Z" + STRIKE * MAX_MARKS + "algo"
