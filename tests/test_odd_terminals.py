"""Odd terminals: tiny sizes, resize storms, 16 colours, no colour, a C locale, dumb terminals
and stdout that is no terminal at all."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal
from textual.events import Resize
from textual.geometry import Size
from textual.widgets import Static

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article

ROOT = Path(__file__).parent.parent
ARTICLE = load_article(default_article_path())
TITLE_HEAD = " ".join(ARTICLE.meta.title.split()[:4])


@pytest.mark.parametrize(
    ("size", "too_small"), [((1, 1), True), ((20, 5), True), ((39, 12), True), ((40, 12), False)]
)
async def test_small_sizes(size: tuple[int, int], too_small: bool) -> None:
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=size) as pilot:
        for key in "nfj":
            await pilot.press(key)
        await pilot.pause()
        reader = app.reader
        notices = list(reader.query("#too-small").results(Static))
        assert reader.has_class("-too-small") is too_small
        # Mounted only for a window that is (or was) too small.
        assert [notice.display for notice in notices] == ([True] if too_small else [])
        if too_small:
            assert f"Terminal too small: {size[0]}x{size[1]}" in str(notices[0].render())
        assert reader.quote_list.highlighted == 0


async def test_a_storm_of_200_resizes_keeps_the_quote_and_the_position() -> None:
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "nnnnn":
            await pilot.press(key)
        await pilot.pause()
        reader = app.reader
        quote, top = reader.quote_list.highlighted, reader.body.top_block_index
        assert quote == 4
        rng = random.Random(200)
        # Back to back, as a window being dragged sends them: no waiting between resizes.
        for index in range(199):
            size = Size(rng.randint(1, 220), rng.randint(1, 70))
            app.post_message(Resize(size, size))
            if index % 50 == 49:
                await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert reader.quote_list.highlighted == quote
        assert reader.body.top_block_index == top
        assert not reader.has_class("-too-small")
        await pilot.press("n")
        assert reader.quote_list.highlighted == quote + 1


def test_a_resize_storm_in_a_real_terminal() -> None:
    terminal = PtyTerminal.reader("--no-animation", columns=120, rows=40)
    try:
        assert terminal.wait_for(lambda text: TITLE_HEAD in text), terminal.text
        terminal.send("nnn")
        assert terminal.wait_for(lambda text: "Quote 3/" in text), terminal.text
        rng = random.Random(7)
        for _ in range(200):
            rows, columns = rng.randint(1, 60), rng.randint(1, 200)
            terminal.process.setwinsize(rows, columns)
            terminal.pump(0.001)
        terminal.process.setwinsize(12, 20)
        terminal.screen.resize(12, 20)
        assert terminal.wait_for(lambda text: "too small" in text), terminal.text
        terminal.process.setwinsize(40, 120)
        terminal.screen.resize(40, 120)
        assert terminal.wait_for(lambda text: "Quote 3/" in text), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


ENVIRONMENTS = {
    "NO_COLOR": {"NO_COLOR": "1"},
    "linux-16-colours": {"TERM": "linux", "COLORTERM": ""},
    "xterm-mono": {"TERM": "xterm-mono", "COLORTERM": ""},
    "C-locale": {"LANG": "C", "LC_ALL": "C"},
}


@pytest.mark.parametrize("env", ENVIRONMENTS.values(), ids=ENVIRONMENTS.keys())
def test_odd_terminal_environments_are_readable(env: dict[str, str]) -> None:
    terminal = PtyTerminal.reader("--no-animation", columns=100, rows=30, env=env)
    try:
        assert terminal.wait_for(lambda text: TITLE_HEAD in text), terminal.text
        terminal.send("nf")
        assert terminal.wait_for(lambda text: re.search(r"Fact \d+/\d+", text) is not None)
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text
    finally:
        terminal.close()
    written = bytes(terminal.written)
    assert b"Traceback" not in written
    if "NO_COLOR" in env:
        # Textual's NO_COLOR is monochrome: every colour it sends is a shade of grey.
        colours = re.findall(rb"[34]8;2;(\d+);(\d+);(\d+)", written)
        assert colours
        assert all(red == green == blue for red, green, blue in colours)
        assert not re.search(rb"[34]8;5;", written)


def assert_plain_article(out: str) -> None:
    assert "\x1b" not in out
    assert out.startswith(ARTICLE.meta.title + "\n")
    for block in ARTICLE.blocks:
        assert block.text in out
    for quote in ARTICLE.quotes:
        # A quote over several paragraphs has each part on its own lines, under its number.
        assert f"“{quote.parts[0]}" in out and all(part in out for part in quote.parts)
        assert ARTICLE.speaker_of(quote).attribution in out
    for fact in ARTICLE.facts:
        assert f"{fact.label}: {fact.value}" in out


def test_a_dumb_terminal_gets_plain_text() -> None:
    terminal = PtyTerminal.reader(env={"TERM": "dumb"})
    try:
        assert terminal.wait_exit() == 0
        terminal.pump(0.5)  # what is still buffered in the pty
    finally:
        terminal.close()
    written = bytes(terminal.written).decode()
    assert_plain_article(written.replace("\r\n", "\n"))


def test_stdout_to_a_pipe_gets_plain_text() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui"], capture_output=True, text=True, timeout=30, cwd=ROOT
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert_plain_article(result.stdout)


def test_stdout_to_a_file_gets_plain_text(tmp_path: Path) -> None:
    out = tmp_path / "article.txt"
    with out.open("w") as file:
        status = subprocess.call([sys.executable, "-m", "tui"], stdout=file, timeout=30, cwd=ROOT)
    assert status == 0
    assert_plain_article(out.read_text())


def test_a_pipe_that_closes_early_is_quiet() -> None:
    """``tui-reader | head -1``: no BrokenPipeError traceback."""
    result = subprocess.run(
        f"{sys.executable} -m tui {default_article_path()} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.stdout == ARTICLE.meta.title + "\n"
    assert result.stderr == ""
