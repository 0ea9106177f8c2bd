"""``tui-reader --linear`` in a real pseudo-terminal, as a screen reader user over SSH runs it.

Every byte the program writes is kept (``PtyTerminal.written``): it must be plain lines only
(no escape sequence at all without ``--color``, SGR only with it; no box-drawing or block
characters), each key must say what the issue asks in its words, and the terminal must be given
back cooked on every way out.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.content_paths import default_article_path
from tui.linear.document import render_plain
from tui.model.loader import load_article
from tui.state import StateStore

ROOT = Path(__file__).parent.parent
ARTICLE = load_article(default_article_path())
SUMMARY = "16 quotes from 2 speakers, 10 facts. Press h for keys."
QUOTE_3 = "Quote 3 of 16, Jens Stoltenberg, NATO Secretary General, paragraph 6: “defensive plans”"
QUOTE_2 = "Quote 2 of 16, Jens Stoltenberg, NATO Secretary General, paragraph 3: “plans”"
FACT_5 = "Fact 5 of 10, Russia's invasion and annexation of Crimea: 2014, paragraph 5"
FACT_6 = "Fact 6 of 10, NATO rapid reaction force: 40,000 soldiers, paragraph 7"
#: Any escape sequence, 7-bit (ESC) or 8-bit (CSI, OSC, DCS ...).
ESCAPE = re.compile("[\x1b\x90\x9b\x9d\x9e\x9f]")
#: What a full-screen program writes and a teletype cannot do: the issue's list, by name.
SCREEN_SEQUENCES = {
    "alternate screen": re.compile(r"\x1b\[\?1049[hl]"),
    "mouse tracking": re.compile(r"\x1b\[\?100[0-6][hl]"),
    "cursor movement or addressing": re.compile(r"\x1b\[[\d;]*[ABCDEFGHIJKLSTdfhlsu`]"),
    "clearing": re.compile(r"\x1b\[[\d;]*[JK]"),
    "SGR colour": re.compile(r"\x1b\[[\d;]*m"),
    "box drawing or block": re.compile("[\u2500-\u259f]"),
    "carriage return alone (overwriting a line)": re.compile("\r(?!\n)"),
    "backspace": re.compile("\b"),
}


def linear(*args: str, columns: int = 120, env: dict[str, str] | None = None) -> PtyTerminal:
    return PtyTerminal.reader("--linear", *args, columns=columns, rows=30, env=env, cwd=str(ROOT))


def output(terminal: PtyTerminal) -> str:
    """Everything written, as text with ``\\n`` line ends."""
    return bytes(terminal.written).decode("utf-8").replace("\r\n", "\n")


def said(terminal: PtyTerminal, text: str, timeout: float = 20, *, times: int = 1) -> bool:
    """Whether a line ``text`` (whole) has been written, ``times`` times or more."""
    wanted = f"\n{text}\n"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        terminal.pump(0.05)
        if ("\n" + output(terminal)).count(wanted) >= times:
            return True
        if not terminal.process.isalive():
            terminal.read_to_end(5)
            return ("\n" + output(terminal)).count(wanted) >= times
    return False


def press(terminal: PtyTerminal, keys: str, then: str) -> None:
    """Sends ``keys`` (one write) and waits for the line ``then`` to be said (again)."""
    before = ("\n" + output(terminal)).count(f"\n{then}\n")
    terminal.send(keys)
    assert said(terminal, then, times=before + 1), output(terminal)[-2000:]


def quit_cleanly(terminal: PtyTerminal) -> None:
    terminal.send("q")
    assert terminal.wait_exit() == 0, output(terminal)[-2000:]


def screen_sequences(text: str) -> list[str]:
    return [name for name, pattern in SCREEN_SEQUENCES.items() if pattern.search(text)]


def test_every_key_says_the_issues_words_in_plain_lines_and_q_exits_0() -> None:
    terminal = linear()
    try:
        assert said(terminal, SUMMARY), output(terminal)
        assert said(terminal, "Paragraph 1 of 24")
        press(terminal, "\r", "Paragraph 2 of 24")  # Enter
        press(terminal, " ", "Paragraph 3 of 24")  # Space
        press(terminal, "b", "Paragraph 2 of 24")
        press(terminal, "n", QUOTE_2)
        press(terminal, "n", QUOTE_3)
        press(terminal, "N", QUOTE_2)
        press(terminal, "n", QUOTE_3)
        press(terminal, "p", "Paragraph 6 of 24")
        press(terminal, "f", FACT_6)
        press(terminal, "F", FACT_5)
        press(terminal, "f", FACT_6)
        press(terminal, "p", "Paragraph 7 of 24")
        press(terminal, "s", "Quotes by Jens Stoltenberg: 15 of 16. n for the next.")
        press(terminal, "g", SUMMARY)
        terminal.send("/")
        assert terminal.wait_for(lambda text: "Search (Enter alone ends the search): " in text)
        press(terminal, "crimea\r", "Match 1 of 3, paragraph 5 of 24")
        press(terminal, "n", "Match 2 of 3, paragraph 23 of 24")
        press(terminal, "\x1b", "Search ended: n and N step the quotes again.")
        press(terminal, "h", "c: copy the current quote with its attribution.")
        quit_cleanly(terminal)
    finally:
        terminal.close()
    text = output(terminal)
    assert screen_sequences(text) == []
    assert not ESCAPE.search(text), "an escape sequence with no key that copies"
    assert "Traceback" not in text


def test_c_copies_with_osc_52_and_writes_no_other_sequence() -> None:
    terminal = linear()
    try:
        assert said(terminal, SUMMARY)
        press(terminal, "nnn", QUOTE_3)  # three keys in one write, each read
        press(terminal, "c", "Copied quote 3 of 16 with its attribution.")
        quit_cleanly(terminal)
    finally:
        terminal.close()
    import base64

    text = output(terminal)
    copied = base64.b64encode(
        "“defensive plans” — Jens Stoltenberg, NATO Secretary General".encode()
    ).decode()
    sequence = f"\x1b]52;c;{copied}\a"
    assert text.count(sequence) == 1
    rest = text.replace(sequence, "")
    assert not ESCAPE.search(rest) and screen_sequences(rest) == []


def test_color_is_sgr_only_and_only_with_color() -> None:
    terminal = linear("--color")
    try:
        assert terminal.wait_for(lambda text: SUMMARY in text)
        press(terminal, "nnnf", "\x1b[33m" + FACT_6 + "\x1b[0m")
        quit_cleanly(terminal)
    finally:
        terminal.close()
    text = output(terminal)
    assert f"\x1b[36m{QUOTE_3}\x1b[0m" in text
    assert f"\x1b[1m{ARTICLE.meta.title}\x1b[0m" in text
    without_sgr = re.sub(r"\x1b\[[\d;]*m", "", text)
    assert not ESCAPE.search(without_sgr)
    assert screen_sequences(without_sgr) == []


@pytest.mark.parametrize("term", ["xterm-256color", "dumb", "linux"])
def test_one_byte_at_a_time_works(term: str) -> None:
    """A terminal (a serial line, a braille display's keyboard) that sends each byte alone,
    CR for Enter, and an arrow key's three bytes in three writes; a dumb terminal too (asked
    for, linear mode is for it), and the Linux console (speakup, brltty)."""
    terminal = linear(env={"TERM": term})
    try:
        assert said(terminal, "Paragraph 1 of 24")
        for byte in "\r\r":
            terminal.send(byte)
            time.sleep(0.1)
        assert said(terminal, "Paragraph 3 of 24")
        for byte in "\x1b[A":  # up: the previous paragraph
            terminal.send(byte)
            time.sleep(0.01)
        assert said(terminal, "Paragraph 2 of 24")
        assert "does nothing here" not in output(terminal)  # no piece of it taken for a key
        quit_cleanly(terminal)
    finally:
        terminal.close()


def test_40_columns_wraps_at_spaces_only() -> None:
    terminal = linear(columns=40)
    try:
        assert said(terminal, "Paragraph 1 of 24")
        terminal.send("nnn")
        assert terminal.wait_for(lambda text: "Quote 3 of 16" in text)
        quit_cleanly(terminal)
    finally:
        terminal.close()
    lines = output(terminal).split("\n")
    assert max(len(line) for line in lines) <= 40  # the seed's characters are one cell each
    # Broken at spaces only: the lines of a paragraph, joined by spaces, are its text.
    start = lines.index("Paragraph 1 of 24") + 1
    end = next(n for n in range(start, len(lines)) if lines[n].startswith("Quote 1 of 16"))
    assert " ".join(lines[start:end]) == ARTICLE.blocks[1].text
    start = next(n for n, line in enumerate(lines) if line.startswith("Quote 3 of 16"))
    end = lines.index("“defensive plans”", start) + 1
    assert " ".join(lines[start:end]) == QUOTE_3
    assert all(len(line) > 25 for line in lines[start : end - 1])  # filled, not one word a line


HOSTILE = ROOT / "tests" / "data" / "hostile" / "hostile.yaml"


def hostile_article(tmp_path: Path) -> Path:
    """The hostile file with a 3,000-character word in a paragraph of its own."""
    text = HOSTILE.read_text(encoding="utf-8")
    word = "W" * 2998 + "ND"
    path = tmp_path / "hostile-long.yaml"
    path.write_text(
        text.replace(
            "  - id: h1\n",
            f'  - id: long\n    paragraph: "before {word} after \\u202e end"\n  - id: h1\n',
        ),
        encoding="utf-8",
    )
    return path


def test_a_hostile_article_prints_inert_text(tmp_path: Path) -> None:
    from test_hostile_content import assert_nothing_leaked

    path = hostile_article(tmp_path)
    terminal = linear(str(path), columns=80)
    try:
        assert terminal.wait_for(lambda text: "Press h for keys." in text), output(terminal)
        for key in "\r\r\r\r\r\rnnnff":
            terminal.send(key)
            terminal.pump(0.1)
        terminal.send("c")
        terminal.pump(0.3)
        quit_cleanly(terminal)
    finally:
        terminal.close()
    written = bytes(terminal.written)
    assert_nothing_leaked(written)
    text = output(terminal)
    # The only sequence is the copy the c key made; the file's own are gone or shown as text.
    rest = re.sub("\x1b\\]52;c;[A-Za-z0-9+/=]*\a", "", text)
    assert not ESCAPE.search(rest) and screen_sequences(rest) == []
    assert "[@click=app.quit]CLICKBODY[/]" in text  # markup as written
    lines = rest.split("\n")
    long_lines = [line for line in lines if set(line) == {"W"}]
    # The long word is broken only because it is longer than a line: whole lines of it.
    assert long_lines and all(len(line) == 80 for line in long_lines)
    assert "before" in lines[lines.index(long_lines[0]) - 1]
    assert max(len(line) for line in lines) <= 80


def test_the_place_is_kept_across_runs_and_shared_with_the_full_screen_reader(
    tmp_path: Path,
) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path)}
    terminal = linear(env=env)
    try:
        assert said(terminal, "Paragraph 1 of 24")
        press(terminal, "\r\r", "Paragraph 3 of 24")
        press(terminal, "n", QUOTE_2)
        quit_cleanly(terminal)
    finally:
        terminal.close()
    # The full-screen reader's store and keys: it opens with paragraph 3 at the top, quote 2.
    saved = StateStore(tmp_path / "tui-reader").load(ARTICLE.id)
    assert saved["anchor"] == ["p3", 0, 0] and saved["quote"] == "q2"
    again = linear(env=env)
    try:
        assert said(again, "Back where you left off.")
        assert said(again, "Paragraph 3 of 24")
        press(again, "n", QUOTE_3)
        quit_cleanly(again)
    finally:
        again.close()
    assert "Paragraph 1 of 24" not in output(again)
    fresh = linear("--fresh", env=env)
    try:
        assert said(fresh, "Paragraph 1 of 24")
        quit_cleanly(fresh)
    finally:
        fresh.close()
    assert "Back where you left off." not in output(fresh)


async def test_the_full_screen_reader_opens_where_linear_mode_left(tmp_path: Path) -> None:
    from tui.app import ReaderApp
    from tui.linear.session import LinearSession

    session = LinearSession(ARTICLE)
    session.start()
    for key in ["enter"] * 12 + ["n"]:  # paragraph 13, then quote 10: figure 2, paragraph 14
        session.key(key)
    store = StateStore(tmp_path)
    store.save(ARTICLE.id, session.position())
    app = ReaderApp(ARTICLE, state=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        # The top of its view is the top of figure 2 (the blank row above it), as saved.
        assert screen.body.reading_anchor() == ("fig2", 0, 0)
        assert screen.quote_list.current_quote.id == "q10"


@pytest.mark.parametrize("how", ["close", "hup", "term"])
def test_a_hang_up_keeps_the_place_and_gives_the_terminal_back(how: str, tmp_path: Path) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path)}
    terminal = linear(env=env)
    pid = terminal.process.pid
    slave = None
    try:
        assert said(terminal, "Paragraph 1 of 24")
        if how != "close":
            slave = os.open(os.readlink(f"/proc/{pid}/fd/0"), os.O_RDWR | os.O_NOCTTY)
            cooked_before = termios.tcgetattr(slave)
            assert not cooked_before[3] & termios.ECHO  # key mode: no echo
        press(terminal, "nn", QUOTE_2)
        if how == "close":
            terminal.process.fileobj.close()
        else:
            os.kill(pid, signal.SIGHUP if how == "hup" else signal.SIGTERM)
        deadline = time.monotonic() + 15
        while terminal.process.isalive() and time.monotonic() < deadline:
            if how != "close":
                terminal.pump(0.05)
            else:
                time.sleep(0.05)
        assert not terminal.process.isalive()
        terminal.process.wait()
        assert terminal.process.exitstatus == {"close": 129, "hup": 129, "term": 143}[how]
        if slave is not None:
            modes = termios.tcgetattr(slave)
            lflags = termios.ICANON | termios.ECHO | termios.ISIG
            assert modes[3] & lflags == lflags and modes[0] & termios.ICRNL
    finally:
        if slave is not None:
            os.close(slave)
        terminal.close()
    assert StateStore(tmp_path / "tui-reader").load(ARTICLE.id)["quote"] == "q2"


#: A shell's job control, as much as Ctrl-Z needs: the reader in a process group of its own,
#: in the foreground, with its parent in the same session (a process group whose parent is in
#: another session, as ptyprocess's child is, ignores SIGTSTP: POSIX's orphaned groups).
JOB_CONTROL = """
import os, signal, subprocess, sys
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-m", "tui", "--linear"], process_group=0)
os.tcsetpgrp(0, child.pid)
print(f"CHILD {child.pid}", flush=True)
while True:
    _, status = os.waitpid(child.pid, os.WUNTRACED | os.WCONTINUED)
    if os.WIFSTOPPED(status):
        print("STOPPED", flush=True)
    elif not os.WIFCONTINUED(status):
        sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_ctrl_z_gives_the_terminal_back_and_fg_takes_it_again() -> None:
    terminal = PtyTerminal([sys.executable, "-c", JOB_CONTROL], columns=120, rows=30, cwd=str(ROOT))
    slave = os.open(os.readlink(f"/proc/{terminal.process.pid}/fd/0"), os.O_RDWR | os.O_NOCTTY)
    try:
        assert said(terminal, "Paragraph 1 of 24"), output(terminal)
        child = int(re.search(r"CHILD (\d+)", output(terminal)).group(1))
        assert not termios.tcgetattr(slave)[3] & termios.ECHO
        os.kill(child, signal.SIGTSTP)  # what Ctrl-Z sends
        assert said(terminal, "STOPPED")
        modes = termios.tcgetattr(slave)
        assert modes[3] & termios.ECHO and modes[3] & termios.ICANON and modes[0] & termios.ICRNL
        os.kill(child, signal.SIGCONT)  # what fg sends
        deadline = time.monotonic() + 10
        while termios.tcgetattr(slave)[3] & termios.ECHO and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not termios.tcgetattr(slave)[3] & termios.ECHO
        press(terminal, "\r", "Paragraph 2 of 24")
        quit_cleanly(terminal)
    finally:
        os.close(slave)
        terminal.close()


def test_a_deep_link_opens_at_its_quote() -> None:
    for args in (["--quote", "q3"], [f"{default_article_path()}#q3"]):
        terminal = linear(*args)
        try:
            assert said(terminal, QUOTE_3)
            assert said(terminal, "Paragraph 6 of 24")
            quit_cleanly(terminal)
        finally:
            terminal.close()
    terminal = linear("--fact", "f2")
    try:
        assert said(terminal, "Fact 2 of 10, NATO video summit: Friday, paragraph 2")
        quit_cleanly(terminal)
    finally:
        terminal.close()


def test_bad_files_and_links_are_one_line_errors_and_status_2(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "missing_title.yaml"
    for args, wanted in (
        ([str(bad)], "missing_title.yaml:"),
        (["--quote", "q99"], "no quote with id 'q99'"),
    ):
        terminal = linear(*args)
        try:
            assert terminal.wait_exit() == 2
        finally:
            terminal.close()
        text = output(terminal)
        assert wanted in text and "Traceback" not in text
        assert not ESCAPE.search(text)


def test_piped_the_article_is_printed_whole_as_without_linear() -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "tui", "--linear"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        check=False,
    )
    assert (piped.returncode, piped.stderr) == (0, "")
    assert piped.stdout == render_plain(ARTICLE)


def test_a_terminal_with_no_keyboard_gets_the_article_whole_and_wrapped() -> None:
    """stdout a terminal, but no stdin terminal and no controlling one to read keys from
    (``setsid``, as a job started without a terminal): the article's text, wrapped."""
    main, secondary = os.openpty()
    try:
        import struct
        from fcntl import ioctl

        ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
        status = subprocess.run(
            [sys.executable, "-m", "tui", "--linear"],
            stdin=subprocess.DEVNULL,
            stdout=secondary,
            stderr=subprocess.PIPE,
            timeout=30,
            cwd=ROOT,
            start_new_session=True,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        written = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            written += chunk
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(main)
    assert (status.returncode, status.stderr) == (0, b"")
    lines = written.decode().replace("\r\n", "\n").split("\n")
    assert lines[0] == ARTICLE.meta.title[:60].rsplit(" ", 1)[0]
    assert max(len(line) for line in lines) <= 60
    assert "Press h for keys." not in lines
    text = " ".join(lines)
    for wanted in [
        *(block.text for block in ARTICLE.blocks),
        QUOTE_3,
        FACT_6,
        "Paragraph 24 of 24",
    ]:
        assert " ".join(wanted.split()) in text


def test_a_directory_lists_its_articles_and_q_in_one_comes_back(tmp_path: Path) -> None:
    (tmp_path / "seed.yaml").write_bytes(default_article_path().read_bytes())
    (tmp_path / "bad.yaml").write_text("schema: 1\nid: x\nmeta: {}\nbody: []\n")
    terminal = linear(str(tmp_path))
    try:
        assert said(
            terminal,
            "2 articles in " + str(tmp_path) + ", newest first. Enter opens one, h for keys.",
        ), output(terminal)
        press(terminal, "\r", SUMMARY)
        press(
            terminal,
            "n",
            "Quote 1 of 16, Jens Stoltenberg, NATO Secretary General,"
            " paragraph 1, at a media conference: “defense plans”",
        )
        press(terminal, "q", "Back to the list.")
        terminal.send("n")
        assert terminal.wait_for(lambda text: "bad.yaml cannot be read" in text)
        press(terminal, "\r", "Back to the list.")  # its problems, then the list again
        quit_cleanly(terminal)
    finally:
        terminal.close()
    text = output(terminal)
    assert "meta.title: missing required field" in text
    assert not ESCAPE.search(text) and screen_sequences(text) == []


def test_the_search_line_ends_with_ctrl_d_and_shows_typed_escapes_inert() -> None:
    terminal = linear()
    try:
        assert said(terminal, "Paragraph 1 of 24")
        terminal.send("/")
        assert terminal.wait_for(lambda text: "Search (Enter alone" in text)
        terminal.send("\x04")  # Ctrl-D on the empty line: no search, and the reader goes on
        assert said(terminal, "No search to end. / searches.")
        terminal.send("/")
        assert terminal.wait_for(lambda text: text.count("Search (Enter alone") == 2)
        terminal.send("\x1b]0;TITLE\x07\u202ered\r")  # a title set and a bidi override, typed
        assert said(terminal, "No matches for “\\x1b]0;TITLE\\x07\\u202ered”.")
        press(terminal, "\r", "Paragraph 2 of 24")
        quit_cleanly(terminal)
    finally:
        terminal.close()
    ours = output(terminal).split("No matches for", 1)[1]
    assert not ESCAPE.search(ours) and "\u202e" not in ours
