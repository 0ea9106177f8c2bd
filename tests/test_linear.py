"""Linear mode without a terminal: what each key says, the wrapping, the keys' bytes, the place.

The pseudo-terminal tests (``test_linear_pty.py``) run the real program; these pin the words
the issue asks for, the edge cases of each key and the saved position's shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.content_paths import default_article_path
from tui.linear.keys import KeyDecoder
from tui.linear.lines import Line, summary, wrapped
from tui.linear.session import SEARCH_PROMPT, LinearSession, paragraph_units
from tui.links import Target
from tui.model.loader import load_article, parse_article

ARTICLE = load_article(default_article_path())
QUOTE_3 = "Quote 3 of 16, Jens Stoltenberg, NATO Secretary General, paragraph 6: “defensive plans”"
FACT_6 = "Fact 6 of 10, NATO rapid reaction force: 40,000 soldiers, paragraph 7"


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def keys(session: LinearSession, *names: str) -> list[str]:
    """What the keys ``names`` say, in order."""
    return [text for name in names for text in texts(session.key(name).lines)]


def test_the_opening_is_title_subtitle_date_summary_then_the_first_paragraph() -> None:
    said = texts(LinearSession(ARTICLE).start().lines)
    meta = ARTICLE.meta
    assert said[:4] == [
        meta.title,
        meta.subtitle,
        "Published: 24 February 2022",
        "16 quotes from 2 speakers, 10 facts. Press h for keys.",
    ]
    # The figure above the first paragraph comes with it: its caption, description, credit.
    assert said[4].startswith("Figure 1 of 3: NATO Secretary General Jens Stoltenberg speaks")
    assert said[5].startswith("Description: ") and said[6] == "Credit: Virginia Mayo/AP"
    assert said[7:] == ["Paragraph 1 of 24", ARTICLE.blocks[1].text]


def test_the_source_is_in_the_opening_when_the_file_names_one() -> None:
    article = parse_article(
        "schema: 1\nid: s\nmeta: {title: T, published: 2022-02-24,"
        " source: {outlet: Reuters, url: 'https://example.com/x'}}\n"
        "body:\n  - {id: p1, paragraph: Words.}\n"
    )
    said = texts(LinearSession(article).start().lines)
    assert said == [
        "T",
        "Published: 24 February 2022",
        "Source: Reuters https://example.com/x",
        "No quotes, no facts. Press h for keys.",
        "Paragraph 1 of 1",
        "Words.",
    ]


@pytest.mark.parametrize(
    ("quotes", "speakers", "facts", "expected"),
    [
        (16, 2, 10, "16 quotes from 2 speakers, 10 facts."),
        (1, 1, 1, "1 quote from 1 speaker, 1 fact."),
        (0, 0, 3, "No quotes, 3 facts."),
        (2, 1, 0, "2 quotes from 1 speaker, no facts."),
    ],
)
def test_the_summary_counts_quotes_speakers_and_facts(
    quotes: int, speakers: int, facts: int, expected: str
) -> None:
    people = "".join(f"  - {{id: s{n}, name: S{n}}}\n" for n in range(speakers))
    body = "".join(f"  - {{id: p{n}, paragraph: word{n} fig{n}}}\n" for n in range(max(quotes, 1)))
    said = "".join(
        f"  - {{id: q{n}, speaker: s{n % speakers}, text: word{n}, at: p{n}}}\n"
        for n in range(quotes)
    )
    known = "".join(f"  - {{id: f{n}, label: L{n}, value: fig0, at: p0}}\n" for n in range(facts))
    article = parse_article(
        f"schema: 1\nid: c\nmeta: {{title: T}}\nspeakers:\n{people or '  []'}\nbody:\n{body}"
        + (f"quotes:\n{said}" if quotes else "")
        + (f"facts:\n{known}" if facts else "")
    )
    assert summary(article) == expected


def test_quote_and_fact_announcements_are_in_the_issues_words() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert keys(session, "n", "n", "n")[-1] == QUOTE_3
    # n put the reading place at paragraph 6: f goes on from there, to the first fact after.
    assert keys(session, "f") == [FACT_6]


def test_n_moves_the_reading_place_to_the_quote_and_enter_says_its_paragraph() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    keys(session, "n", "n", "n")  # quote 3, in paragraph 6
    assert keys(session, "enter") == ["Paragraph 6 of 24", ARTICLE.blocks[6].text]
    assert keys(session, "enter")[0] == "Paragraph 7 of 24"
    # Read on past the quote's paragraph, n goes on from the reading place, not from quote 3.
    assert keys(session, "n")[0].startswith("Quote 6 of 16, Jens Stoltenberg")  # paragraph 9
    assert keys(session, "enter")[0] == "Paragraph 9 of 24"
    # While the place is the current quote's paragraph, n and N step from the quote.
    assert keys(session, "N")[0].startswith("Quote 5 of 16")
    assert keys(session, "N")[0].startswith("Quote 4 of 16")  # the same paragraph: not said
    assert keys(session, "enter")[0] == "Paragraph 6 of 24"


def test_p_says_the_paragraph_of_the_last_quote_or_fact() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert keys(session, "p") == ["No quote or fact yet: press n or f."]
    keys(session, "n", "n", "n")
    assert keys(session, "p") == ["Paragraph 6 of 24", ARTICLE.blocks[6].text]
    keys(session, "f")  # fact 6, paragraph 7: the fact is now the last
    assert keys(session, "p")[0] == "Paragraph 7 of 24"
    assert keys(session, "enter")[0] == "Paragraph 8 of 24"


def test_a_quote_over_two_paragraphs_is_announced_with_both_and_p_says_both() -> None:
    session = LinearSession(ARTICLE)
    session.start(Target("quote", "q9"))
    said = keys(session, "p")
    assert [text for text in said if text.startswith("Paragraph")] == [
        "Paragraph 12 of 24",
        "Paragraph 13 of 24",
    ]
    assert keys(session, "N")[0].startswith("Quote 8 of 16")
    quote = keys(session, "n")[0]
    assert quote.startswith("Quote 9 of 16, Jens Stoltenberg, NATO Secretary General,")
    assert ", paragraphs 12-13: “So Russia" in quote


def test_a_quote_said_elsewhere_is_announced_with_its_context() -> None:
    article = parse_article(
        "schema: 1\nid: e\nmeta: {title: T}\nspeakers: [{id: s, name: Ann, role: Mayor}]\n"
        "body:\n  - {id: p1, paragraph: Words.}\n"
        "quotes:\n  - {id: q1, speaker: s, text: Elsewhere., not_in_body: true,"
        " context: in a written statement}\n"
    )
    session = LinearSession(article)
    session.start()
    assert keys(session, "n") == ["Quote 1 of 1, Ann, Mayor, in a written statement: “Elsewhere.”"]
    assert keys(session, "p") == [
        "This quote is not in the article's text: in a written statement."
    ]


def test_n_and_f_wrap_at_the_ends_and_say_so() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    said = keys(session, "N")
    assert said[0] == "Start of quotes: back to the last."
    assert said[1].startswith("Quote 16 of 16, Vladimir Putin, Russian President, paragraph 21")
    assert keys(session, "n")[:2] == ["End of quotes: back to the first.", keys_first_quote()]
    # No fact before paragraph 1: back to the last one.
    assert keys(session, "F")[:1] == ["Start of facts: back to the last."]
    assert keys(session, "f") == [
        "End of facts: back to the first.",
        "Fact 1 of 10, Stoltenberg's media conference: Thursday, paragraph 1",
    ]


def keys_first_quote() -> str:
    fresh = LinearSession(ARTICLE)
    fresh.start()
    return keys(fresh, "n")[0]


def test_a_fact_with_a_series_has_it_on_a_line_of_its_own() -> None:
    session = LinearSession(ARTICLE)
    session.start(Target("fact", "f9"))
    said = texts(session.start(Target("fact", "f9")).lines)
    assert "Fact 9 of 10, Ukrainians supporting NATO membership: 56 percent, paragraph 23" in said
    assert "Series: Support for NATO membership in Ukraine: 2014: 30%; Feb 2021: 56 percent" in said


def test_enter_and_b_step_paragraphs_and_stop_at_the_ends() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert keys(session, "b") == ["Start of the article. Enter reads the first paragraph."]
    assert keys(session, "enter")[-2:] == ["Paragraph 1 of 24", ARTICLE.blocks[1].text]
    for _ in range(20):
        session.key("space")
    said = keys(session, "enter")
    # The figure between paragraphs 21 and 22 comes with paragraph 22.
    assert said[0].startswith("Figure 3 of 3: Ukrainians hold up") and "Paragraph 22 of 24" in said
    keys(session, "enter", "enter")
    assert keys(session, "enter") == [
        "End of the article, at paragraph 24 of 24. g goes to the start."
    ]
    assert keys(session, "b")[0] == "Paragraph 23 of 24"


def test_paragraph_units_end_in_a_paragraph_and_keep_what_follows_the_last() -> None:
    article = parse_article(
        "schema: 1\nid: u\nmeta: {title: T}\nbody:\n  - {id: h1, subheading: Head}\n"
        "  - {id: p1, paragraph: One.}\n  - {id: p2, paragraph: Two.}\n"
        "  - {id: fig, figure: {caption: Last, credit: Me}}\n"
    )
    assert paragraph_units(article) == [(0, 1), (2, 2), (3, 3)]
    session = LinearSession(article)
    assert texts(session.start().lines)[-3:] == ["Heading: Head", "Paragraph 1 of 2", "One."]
    keys(session, "enter")
    assert keys(session, "enter") == ["Figure 1 of 1: Last", "Credit: Me"]


def test_s_cycles_the_speakers_as_the_full_screen_reader_does() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert keys(session, "s") == ["Quotes by Jens Stoltenberg: 15 of 16. n for the next."]
    assert keys(session, "n")[0].startswith("Quote 1 of 15, Jens Stoltenberg")
    assert keys(session, "s") == ["Quotes by Vladimir Putin: 1 of 16. n for the next."]
    assert keys(session, "n")[0].startswith("Quote 1 of 1, Vladimir Putin, Russian President")
    assert keys(session, "s") == ["All speakers: 16 quotes. n for the next."]
    assert keys(session, "n")[:2] == ["End of quotes: back to the first.", keys_first_quote()]


def test_c_copies_the_current_quote_with_its_attribution() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert session.key("c").copy is None
    keys(session, "n", "n", "n")
    reply = session.key("c")
    assert reply.copy == "“defensive plans” — Jens Stoltenberg, NATO Secretary General"
    assert texts(reply.lines) == ["Copied quote 3 of 16 with its attribution."]


def test_slash_asks_for_a_line_and_n_then_steps_the_places_that_match() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    assert session.key("/").prompt == SEARCH_PROMPT
    said = texts(session.search("crimea"))
    assert said[0] == (
        "3 matches for “crimea” in 3 places: n and N step them, Escape ends the search."
    )
    assert said[1:] == ["Match 1 of 3, paragraph 5 of 24", ARTICLE.blocks[5].text]
    assert keys(session, "n")[0] == "Match 2 of 3, paragraph 23 of 24"
    assert keys(session, "n") == [
        "Match 3 of 3:",
        "Fact 5 of 10, Russia's invasion and annexation of Crimea: 2014, paragraph 5",
    ]
    assert keys(session, "n")[:2] == [
        "End of matches: back to the first.",
        "Match 1 of 3, paragraph 5 of 24",
    ]
    assert keys(session, "escape") == ["Search ended: n and N step the quotes again."]
    assert keys(session, "n")[0] == QUOTE_3  # the first from paragraph 5 on
    assert texts(session.search("Crimea")) != []  # a capital: case-sensitive, still found
    assert texts(session.search("CRIMEA")) == ["No matches for “CRIMEA”."]


def test_g_h_q_and_keys_that_do_nothing() -> None:
    session = LinearSession(ARTICLE)
    opening = texts(session.start().lines)
    keys(session, "enter", "enter")
    assert keys(session, "g") == opening
    assert keys(session, "h")[0] == "Keys, one at a time, no Enter needed:"
    assert any(text.startswith("n, N:") for text in keys(session, "h"))
    assert session.key("q").quit and session.key("ctrl-d").quit
    assert keys(session, "x") == ["x does nothing here. Press h for keys."]
    assert keys(session, "alt-x") == ["alt x does nothing here. Press h for keys."]


def test_the_position_is_the_full_screen_readers_and_comes_back() -> None:
    session = LinearSession(ARTICLE)
    session.start()
    keys(session, "enter", "enter", "n", "s")
    saved = session.position()
    assert saved == {"anchor": ["p3", 0, 0], "quote": "q2", "fact": None, "speaker": "stoltenberg"}
    again = LinearSession(ARTICLE)
    said = texts(again.start(saved=saved).lines)
    assert said[4:] == [
        "Back where you left off.",
        "Quotes by Jens Stoltenberg only: s for the next speaker.",
        "Paragraph 3 of 24",
        ARTICLE.blocks[3].text,
    ]
    assert keys(again, "n")[0].startswith("Quote 3 of 15")


def test_a_position_the_full_screen_reader_saved_opens_at_its_block() -> None:
    # Scrolled into paragraph 14 (the figure above it out of view), quote 10 current.
    saved = {"anchor": ["p14", 1, 57], "quote": "q10", "speaker": None}
    session = LinearSession(ARTICLE)
    said = texts(session.start(saved=saved).lines)
    assert said[4:6] == ["Back where you left off.", "Paragraph 14 of 24"]
    assert keys(session, "n")[0].startswith("Quote 11 of 16")
    for damaged in ({"anchor": ["gone", 0, 0]}, {"anchor": "p3"}, {"quote": 5}, {}):
        assert texts(LinearSession(ARTICLE).start(saved=damaged).lines)[-2] == "Paragraph 1 of 24"


def test_a_deep_link_opens_at_its_quote_fact_or_block() -> None:
    said = texts(LinearSession(ARTICLE).start(Target("quote", "q3")).lines)
    assert said[4:] == [QUOTE_3, "Paragraph 6 of 24", ARTICLE.blocks[6].text]
    said = texts(LinearSession(ARTICLE).start(Target("fact", "f6")).lines)
    assert said[4:6] == [FACT_6, "Paragraph 7 of 24"]
    said = texts(LinearSession(ARTICLE).start(Target("block", "p5")).lines)
    assert said[4:] == ["Paragraph 5 of 24", ARTICLE.blocks[5].text]


def test_wrapping_breaks_at_spaces_and_a_long_word_only_when_longer_than_a_line() -> None:
    text = "The alliance said " + "x" * 100 + " and then more words followed"
    lines = wrapped(text, 40)
    assert lines == [
        "The alliance said",
        "x" * 40,
        "x" * 40,
        "x" * 20 + " and then more words",
        "followed",
    ]
    assert all(len(line) <= 40 for line in wrapped(ARTICLE.blocks[6].text, 40))
    words = ARTICLE.blocks[6].text.split()
    assert " ".join(wrapped(ARTICLE.blocks[6].text, 40)).split() == words
    assert wrapped("a\tb\nc", None) == ["a b", "c"]
    assert wrapped("中文字體新聞記者", 5) == ["中文", "字體", "新聞", "記者"]  # two cells each


def test_the_decoder_reads_keys_however_the_bytes_are_split() -> None:
    decoder = KeyDecoder()
    assert decoder.feed(b"nN\r /") == ["n", "N", "enter", "space", "/"]
    assert decoder.feed(b"\r\n") == ["enter"]  # CR LF (telnet) is one Enter
    assert [key for byte in b"\x1b[B" for key in decoder.feed(bytes([byte]))] == ["down"]
    assert decoder.feed(b"\x1b") == [] and decoder.pending
    assert decoder.flush() == ["escape"] and not decoder.pending
    assert decoder.feed("é".encode()[:1]) == [] and decoder.feed("é".encode()[1:]) == ["é"]
    assert decoder.feed(b"\x1b\x1b[6~\x04") == ["escape", "page-down", "ctrl-d"]


def test_the_width_is_the_terminals_or_80(monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl
    import io
    import os
    import struct
    import termios

    from tui.linear.output import LinearOutput

    monkeypatch.delenv("COLUMNS", raising=False)
    main, secondary = os.openpty()  # a new pty says 0 x 0, as a serial line does
    try:
        stream = io.TextIOWrapper(io.FileIO(secondary, "w", closefd=False), encoding="utf-8")
        output = LinearOutput(stream, environ={})
        # pytest's own stdout is no terminal either: shutil's fallback is the 80.
        monkeypatch.setattr("shutil.get_terminal_size", lambda fallback: os.terminal_size(fallback))
        assert output.width() == 80
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 52, 0, 0))
        assert output.width() == 52
        output.say([Line(" ".join(["word"] * 30))])
        written = _read_lines(main, 3)
        assert [len(line) for line in written.split("\r\n")] == [49, 49, 49, 0]
    finally:
        os.close(secondary)
        os.close(main)


def _read_lines(fd: int, count: int, timeout: float = 10.0) -> str:
    """What a pty's other end gives until ``count`` line ends have come (a read may give
    part of it: one read gave one line of three, once)."""
    import os
    import select
    import time

    data = b""
    deadline = time.monotonic() + timeout
    while data.count(b"\r\n") < count and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            data += os.read(fd, 65536)
    return data.decode()


def library_entries(tmp_path: Path) -> list:
    from tui.library import scan_library

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "seed.yaml").write_bytes(default_article_path().read_bytes())
    (tmp_path / "bad.yaml").write_text("schema: 1\nid: x\nmeta: {}\nbody: []\n")
    return scan_library(tmp_path, cache_path=tmp_path / "cache.json")


def test_a_directory_is_a_list_said_one_article_a_key(tmp_path: Path) -> None:
    from tui.linear.library import LibrarySession

    session = LibrarySession(library_entries(tmp_path), "news")
    assert texts(session.start()) == [
        "2 articles in news, newest first. Enter opens one, h for keys.",
        f"Article 1 of 2: {ARTICLE.meta.title}. 24 February 2022, 16 quotes, 10 facts, a/seed.yaml",
    ]
    assert session.key("N").lines == [Line("Start of the list.", "notice")]
    bad = texts(session.key("n").lines)[0]
    assert bad.startswith("Article 2 of 2, bad.yaml cannot be read: ") and "meta.title" in bad
    assert texts(session.key("n").lines) == ["End of the list. g goes to the first."]
    assert session.key("enter").open.relative == "bad.yaml"
    assert texts(session.key("g").lines)[0].startswith("Article 1 of 2: NATO")
    assert session.key("enter").open.relative == "a/seed.yaml"
    assert texts(session.back())[0] == "Back to the list."
    assert session.key("q").quit
