"""The real program in a pseudo-terminal: title shown, ``n`` brings a quote in, ``q`` exits 0."""

from __future__ import annotations

import pytest
from pty_terminal import PtyTerminal

from tui.content_paths import default_article_path
from tui.model.loader import load_article

#: At 120 columns the side panels take the right 44; the body pane is what is left of them.
BODY_COLUMNS = 120 - 44


def body_pane(text: str) -> str:
    return "\n".join(line[:BODY_COLUMNS] for line in text.splitlines())


def words_on_screen(text: str, words: str) -> bool:
    """The first words of ``words`` stand on one line of the body pane (wrapping splits the rest;
    the quote list on the right shows every quote's words, so it must not count)."""
    head = " ".join(words.split()[:2])
    return head in body_pane(text)


@pytest.fixture
def terminal():
    term = PtyTerminal.reader("--no-animation", columns=120, rows=40)
    yield term
    term.close()


def test_title_n_and_q_in_a_real_terminal(terminal: PtyTerminal) -> None:
    article = load_article(default_article_path())
    title_head = " ".join(article.meta.title.split()[:4])
    assert terminal.wait_for(lambda text: title_head in text), terminal.text

    initial = terminal.text
    # The first quote whose words are not on the first screen: n must bring them into view.
    target = next(
        index
        for index, quote in enumerate(article.quotes)
        if quote.in_body and not words_on_screen(initial, quote.parts[0])
    )
    for _ in range(target + 1):
        terminal.send("n")
    status = f"Quote {target + 1}/{len(article.quotes)}"
    assert terminal.wait_for(lambda text: status in text), terminal.text
    assert words_on_screen(terminal.text, article.quotes[target].parts[0]), terminal.text

    terminal.send("q")
    assert terminal.wait_exit() == 0


def test_keys_typed_straight_after_slash_reach_the_search(terminal: PtyTerminal) -> None:
    """``/`` mounts the search bar on first use; what follows it in the same write (as a paste
    or a fast typist over SSH delivers it) must land in the bar, not act as reader keys."""
    assert terminal.wait_for(lambda text: "¶ " in text), terminal.text
    terminal.send("/Stoltenberg\r")
    assert terminal.wait_for(lambda text: "for “Stoltenberg”" in text), terminal.text
    assert "match 1/" in terminal.text, terminal.text
    terminal.send("/nato\r")  # the second time the bar is there already
    assert terminal.wait_for(lambda text: "for “nato”" in text), terminal.text


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        # The search bar keeps the focus: the keys typed next are more of the query.
        ("/nato", "no match for “natoxy”"),
        # Each key acts in turn: the two quotes, then the search (a priority key, "/", did
        # not overtake the n's), its first match, and the next.
        ("nn/nato\rn", "match 2/"),
    ],
)
def test_keys_typed_before_the_reader_is_up_act_in_order(keys: str, shown: str) -> None:
    """Keys typed while the reader starts (before its first frame) are replayed to it once it is
    up, in order, as if typed then. A "/" among them used to open the search and then lose the
    focus to the body as the reader finished its start (the rest went to the body)."""
    terminal = PtyTerminal.reader("--no-animation", columns=120, rows=40)
    try:
        terminal.send(keys)  # at once: Python has not even started
        assert terminal.wait_for(lambda text: "¶ " in text), terminal.text
        terminal.pump(1.0)
        terminal.send("xy")
        assert terminal.wait_for(lambda text: shown in text), terminal.text
    finally:
        terminal.close()
