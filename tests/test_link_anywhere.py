"""``y`` in a real terminal copies a link (read back from the OSC 52 bytes the reader writes)
that ``tui-reader LINK`` opens at the same quote from any other directory: the bundled
article by its name, a file below home as ``~/…``, any other by its absolute path."""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui.content_paths import DEFAULT_ARTICLE, default_article_path
from tui.model.loader import load_article

ROOT = Path(__file__).parent.parent
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")
SEED = load_article(default_article_path())
QUOTES = len(SEED.quotes)


def reader(*args: str, cwd: Path, home: Path) -> PtyTerminal:
    # PYTHONPATH: this checkout's ``tui``, whatever the working directory.
    env = {"PYTHONPATH": str(ROOT), "HOME": str(home)}
    return PtyTerminal.reader("--no-animation", "--fresh", *args, cwd=str(cwd), env=env)


def copied_link(*args: str, cwd: Path, home: Path, quote: int) -> str:
    """Open the reader in ``cwd``, go to quote ``quote`` (1-based) and press ``y``; the link
    the reader wrote to the clipboard."""
    terminal = reader(*args, cwd=cwd, home=home)
    try:
        assert terminal.wait_for(lambda text: "¶ " in text), terminal.text
        terminal.send("n" * quote)
        assert terminal.wait_for(lambda text: f"Quote {quote}/{QUOTES}" in text), terminal.text
        terminal.send("y")
        assert terminal.wait_for(lambda text: "Copied link" in text), terminal.text
        found = OSC52.findall(bytes(terminal.written))
        assert len(found) == 1, terminal.written[-2000:]
        link = base64.b64decode(found[0]).decode("utf-8")
        # The notice names the link (shortened in the middle at most), on the one status row.
        assert link.split("#")[-1] in terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
        return link
    finally:
        terminal.close()


def opens_at(link: str, *, cwd: Path, home: Path, quote: int) -> None:
    terminal = reader(link, cwd=cwd, home=home)
    try:
        status = f"Quote {quote}/{QUOTES} · {SEED.speaker_of(SEED.quotes[quote - 1]).name}"
        assert terminal.wait_for(lambda text: status in text), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A home, and two working directories (one below home, one outside it)."""
    home, here, there = tmp_path / "home", tmp_path / "home" / "here", tmp_path / "there"
    for directory in (here, there):
        directory.mkdir(parents=True)
    return home, here, there


def test_the_bundled_article_link_opens_from_anywhere(places) -> None:
    home, here, there = places
    link = copied_link(cwd=here, home=home, quote=3)
    assert link == f"{DEFAULT_ARTICLE.removesuffix('.yaml')}#q3"
    assert "site-packages" not in link and "/" not in link
    opens_at(link, cwd=there, home=home, quote=3)


def test_a_file_below_home_is_linked_as_tilde(places) -> None:
    home, here, there = places
    shutil.copy(default_article_path(), here / "x.yaml")
    link = copied_link("x.yaml", cwd=here, home=home, quote=2)
    assert link == "~/here/x.yaml#q2"
    opens_at(link, cwd=there, home=home, quote=2)  # no shell expanded the ~


def test_another_file_is_linked_by_its_absolute_path(places) -> None:
    home, here, there = places
    shutil.copy(default_article_path(), there / "x.yaml")
    link = copied_link("x.yaml", cwd=there, home=home, quote=4)
    assert link == f"{(there / 'x.yaml').resolve()}#q4"
    opens_at(link, cwd=here, home=home, quote=4)


def test_a_missing_id_names_the_bundled_article_by_its_name(places) -> None:
    home, _, there = places
    terminal = reader("--fact", "zz", cwd=there, home=home)
    try:
        assert terminal.wait_exit() == 2
        name = DEFAULT_ARTICLE.removesuffix(".yaml")
        assert f"tui-reader: {name}: no fact with id 'zz'" in terminal.text, terminal.text
        assert os.sep + "content" + os.sep not in terminal.text
    finally:
        terminal.close()


# --- An imported text: linked by its source, not by its import in the cache ----------------

STORY = """\
Harbour council approves floating garden for Port Velna

The harbour council voted 7-2 on Friday to build a floating garden on the old ferry pier.

“It is the greenest thing this town has done in forty years,” Mayor Ilse Maren told reporters.

“We will keep fishing here,” said Ana Kov, who leads the fishermen’s union.
"""


def test_an_imported_text_is_linked_by_its_source(places) -> None:
    home, here, there = places
    (here / "story.txt").write_text(STORY, encoding="utf-8")
    terminal = reader("story.txt", cwd=here, home=home)
    try:
        assert terminal.wait_for(lambda text: "¶ " in text), terminal.text
        terminal.send("nn")
        assert terminal.wait_for(lambda text: "Quote 2/2" in text), terminal.text
        terminal.send("y")
        assert terminal.wait_for(lambda text: "Copied link" in text), terminal.text
        (found,) = OSC52.findall(bytes(terminal.written))
        link = base64.b64decode(found).decode("utf-8")
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()
    assert link == "~/here/story.txt#q2"  # not ~/.cache/tui-reader/imports/….yaml#q2
    terminal = reader(link, cwd=there, home=home)  # through the cache, from elsewhere
    try:
        assert terminal.wait_for(lambda text: "Quote 2/2 · Ana Kov" in text), terminal.text
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


def test_a_missing_id_in_an_imported_text_names_the_text(places) -> None:
    home, here, there = places
    (here / "story.txt").write_text(STORY, encoding="utf-8")
    terminal = reader("~/here/story.txt#q99", cwd=there, home=home)
    try:
        assert terminal.wait_exit() == 2
        assert "tui-reader: ~/here/story.txt: no quote, fact or block with id 'q99'" in (
            terminal.text
        ), terminal.text
        assert ".cache" not in terminal.text and ".yaml" not in terminal.text
    finally:
        terminal.close()
