"""Hostile content is inert: the real program in a pty never writes a content-borne sequence.

``tests/data/hostile/hostile.yaml`` carries OSC 52 clipboard writes, title sets, screen clears,
8-bit CSI, NUL, DEL, OSC 8 hyperlinks, bidi overrides, zero-width characters, Rich/Textual
markup and Markdown links in every kind of field. Every byte the program writes is recorded;
none of the content's sequences may be among them, and the markup must show as the
characters written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.model.loader import load_article
from tui.model.sanitize import is_clean

HOSTILE = Path(__file__).parent / "data" / "hostile" / "hostile.yaml"

#: The base64 payloads of the content's OSC 52 sequences (each decodes to a marker word).
OSC52_PAYLOADS = [
    b"SE9TVElMRU1BUktFUg==",
    b"U1BFQUtFUk1BUktFUg==",
    b"UVVPVEVNQVJLRVI=",
    b"UFVMTE1BUktFUg==",
    b"Tk9USU5CT0RZ",
    b"RkFDVE1BUktFUg==",
]
#: Sequences from the file that would act on the terminal if they got through whole.
FORBIDDEN = [
    *(b"\x1b]52;c;" + payload for payload in OSC52_PAYLOADS),
    b"\x1b]0;PWNED",
    b"\x1b]2;PWNED",
    b"\x1b[2J\x1b[HCLEARMARK",
    b"\x1b[HCLEARMARK",
    b"\x1b[5mBLINKMARK",
    b"\x1b[31mCREDITMARK",
    b"\x1b]8;;file:",
    "\u009b".encode(),  # 8-bit CSI
    b"\x00",
    b"\x7f",
    "\u202e".encode(),  # right-to-left override
    "\u202c".encode(),
    "\u200b".encode(),  # zero-width space
    "\u2060".encode(),  # word joiner
]
#: Markup that must show as written, and the app must still run after it is on screen.
LITERAL_MARKUP = ["[bold]BOLDBODY[/bold]", "[@click=app.quit]CLICKBODY[/]", "[/ and [/]"]


def hyperlink_targets(written: bytes) -> list[bytes]:
    """The targets of every OSC 8 hyperlink in ``written``."""
    return re.findall(rb"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)", written)


def assert_nothing_leaked(written: bytes) -> None:
    for sequence in FORBIDDEN:
        assert sequence not in written, f"{sequence!r} reached the terminal"
    for target in hyperlink_targets(written):
        assert not re.match(rb"(file|smb):", target), target


def test_every_text_field_is_sanitised_at_load() -> None:
    article = load_article(HOSTILE)
    meta = article.meta
    texts = [meta.title, meta.subtitle, meta.dateline, meta.source.outlet, *meta.authors]
    texts += [*meta.tags, *(block.text for block in article.blocks)]
    texts += [speaker.attribution for speaker in article.speakers]
    texts += [quote.text for quote in article.quotes] + [q.context or "" for q in article.quotes]
    texts += [f"{fact.label} {fact.value}" for fact in article.facts]
    for text in texts:
        assert text is not None
        assert is_clean(text), repr(text)
        assert "\x1b" not in text and "\x9b" not in text


@pytest.fixture
def terminal():
    term = PtyTerminal.reader("--no-animation", str(HOSTILE), columns=120, rows=40)
    yield term
    term.close()


def click(terminal: PtyTerminal, words: str) -> None:
    """A left click (SGR mouse report) on the first character of ``words`` on screen."""
    for row, line in enumerate(terminal.screen.display):
        column = line.find(words)
        if column >= 0:
            position = f"{column + 1};{row + 1}"
            terminal.send(f"\x1b[<0;{position}M\x1b[<0;{position}m")
            return
    raise AssertionError(f"{words!r} is not on screen:\n{terminal.text}")


def test_hostile_content_reaches_the_terminal_as_inert_text(terminal: PtyTerminal) -> None:
    assert terminal.wait_for(lambda text: "CLICKBODY" in text), terminal.text
    screen = terminal.text
    for markup in LITERAL_MARKUP:
        assert markup in screen, (markup, screen)
    assert "[bold]BOLDTITLE[/bold]" in screen
    # What was an escape sequence is now its harmless remainder, shown as text.
    assert "]52;c;SE9TVElMRU1BUktFUg==" in screen

    # Clicking the words of a [@click=app.quit] must not quit: markup is not parsed.
    click(terminal, "CLICKBODY")
    terminal.pump(0.5)
    assert terminal.process.isalive()

    # Every quote, every fact, the about dialog (all metadata), the speaker picker, help.
    for key in "nnnffF":
        terminal.send(key)
    assert terminal.wait_for(lambda text: "Fact 1/2" in text), terminal.text
    terminal.send("i")
    assert terminal.wait_for(lambda text: "CLICKOUTLET" in text), terminal.text
    assert "RLOAUTHOR" in terminal.text and "[/]" in terminal.text
    terminal.send("\x1b")
    terminal.pump(0.3)
    terminal.send("S")
    assert terminal.wait_for(lambda text: "SPEAKERMARK" in text), terminal.text
    terminal.send("\x1b")
    terminal.pump(0.3)
    terminal.send("c")  # the app's own OSC 52, with the sanitised words base64-encoded
    terminal.pump(0.3)
    terminal.send("q")
    assert terminal.wait_exit() == 0, terminal.text

    written = bytes(terminal.written)
    # The capture does see OSC 52: the app's own copy, of the sanitised words.
    assert b"\x1b]52;c;" in written
    assert_nothing_leaked(written)


def test_hostile_content_piped_is_clean_plain_text(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tui", str(HOSTILE)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert_nothing_leaked(result.stdout)
    assert b"\x1b" not in result.stdout
    assert b"[@click=app.quit]CLICKBODY[/]" in result.stdout
