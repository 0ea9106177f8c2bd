"""Live reload: a changed file is shown in place; a broken one leaves the last good version up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from list_marks import assert_quote_shown_everywhere

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article
from tui.screens.reader import ReaderScreen


async def settle(app: ReaderApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A copy of the seed article that the test edits."""
    copy = tmp_path / "article.yaml"
    shutil.copy(default_article_path(), copy)
    return copy


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_reload_keeps_position_quote_and_shows_new_text(path: Path) -> None:
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press(*"nnnnnn")
        quote = screen.quote_list.current_quote
        top = screen.body.top_block_index
        edited(path, "He said it would include elements", "He said the plans would include parts")
        screen.check_file()
        await settle(app, pilot)
        assert any("would include parts" in b.text for b in screen.article.blocks)
        assert screen.body.article is screen.article
        assert screen.quote_list.current_quote.id == quote.id
        assert screen.body.top_block_index == top
        # The highlight follows the quote's words to their new offsets.
        new_quote = screen.quote_list.current_quote
        assert screen.body.highlighted_spans == new_quote.spans
        assert screen.errors_panel is None  # mounted only when the file first goes wrong


async def test_broken_file_keeps_last_good_version_until_fixed(path: Path) -> None:
    good = load_article(path)
    app = ReaderApp(good, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        edited(path, "speaker: stoltenberg", "speaker: stoltenburg")
        screen.check_file()
        await settle(app, pilot)
        assert screen.article is good
        lines = screen.errors_panel.lines
        assert lines and "article.yaml:" in lines[0] and ".speaker" in lines[0]
        assert screen.errors_panel.display
        edited(path, "speaker: stoltenburg", "speaker: stoltenberg")
        screen.check_file()
        await settle(app, pilot)
        assert screen.article is not good
        assert not screen.errors_panel.lines
        assert not screen.errors_panel.has_class("-shown")


async def test_file_that_vanishes_keeps_the_reader_going(path: Path) -> None:
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        path.unlink()
        screen.check_file()
        await settle(app, pilot)
        assert "gone" in screen.errors_panel.lines[0]
        await pilot.press("n", "f", "G")
        assert app.is_running
        shutil.copy(default_article_path(), path)
        screen.check_file()
        await settle(app, pilot)
        assert not screen.errors_panel.lines


async def test_search_runs_again_on_the_new_text(path: Path) -> None:
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("slash", *"crimea", "enter")
        before = screen.search_result.count
        edited(path, "deploying its forces to defend the country.", "deploying forces to Crimea.")
        screen.check_file()
        await settle(app, pilot)
        assert screen.errors_panel is None
        assert screen.search_result.count == before + 1


async def test_the_file_is_watched_without_being_asked(path: Path) -> None:
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        edited(path, "Stoltenberg also confirmed", "Stoltenberg confirmed")
        await pilot.pause(1.6)  # one poll interval and the load
        await settle(app, pilot)
        assert any("Stoltenberg confirmed" in b.text for b in app.screen.article.blocks)


async def test_after_a_reload_the_list_marks_the_quote_n_goes_to(path: Path) -> None:
    # The reload rebuilt the list's items and left its row count empty: the list kept marking
    # the quote of before the reload while n moved the status line and the body highlight.
    app = ReaderApp(load_article(path), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("n", "n")
        edited(path, "Stoltenberg also confirmed", "Stoltenberg confirmed")
        screen.check_file()
        await settle(app, pilot)
        assert any("Stoltenberg confirmed" in b.text for b in screen.article.blocks)
        assert_quote_shown_everywhere(app, 1)  # kept through the reload
        await pilot.press("n")
        await pilot.pause()
        assert_quote_shown_everywhere(app, 2)


# --- An imported text: its source is watched and imported again ----------------------------

STORY = """\
Harbour council approves floating garden for Port Velna

The harbour council voted 7-2 on Friday to build a floating garden on the old ferry pier.

“It is the greenest thing this town has done in forty years,” Mayor Ilse Maren told reporters.

“We will keep fishing here,” said Ana Kov, who leads the fishermen’s union.
"""


def imported(source: Path):
    """The article as ``tui-reader SOURCE`` opens it: its import in the cache, named by it."""
    from tui.import_cache import imported_path

    made = imported_path(source)
    assert isinstance(made, Path), made
    return load_article(made).imported_from(str(source))


async def test_an_edited_source_is_imported_again_keeping_the_quote(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    first = imported(source)
    app = ReaderApp(first, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("n", "n")
        assert screen.quote_list.current_quote.id == "q2"
        source.write_text(STORY.replace("voted 7-2", "voted 8-1 late"), encoding="utf-8")
        screen.check_file()
        await settle(app, pilot)
        assert any("voted 8-1 late" in block.text for block in screen.article.blocks)
        assert screen.article.origin == str(source)  # still named and linked by its source
        assert screen.article.path != first.path  # the new import, beside the first
        assert screen.quote_list.current_quote.id == "q2"
        assert screen.errors_panel is None


async def test_a_source_that_no_longer_imports_says_why_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    first = imported(source)
    app = ReaderApp(first, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        source.write_bytes("Caf\xe9 society\n".encode("latin-1"))
        screen.check_file()
        await settle(app, pilot)
        assert screen.article is first  # the last good version stays up
        (line,) = screen.errors_panel.lines
        assert line.startswith(f"{source}: not UTF-8"), line
        source.write_text(STORY.replace("7-2", "9-0"), encoding="utf-8")
        screen.check_file()
        await settle(app, pilot)
        assert not screen.errors_panel.lines
        assert any("voted 9-0" in block.text for block in screen.article.blocks)


async def test_an_imported_address_is_not_watched(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    article = imported(source).imported_from("http://127.0.0.1:9/story")
    app = ReaderApp(article, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        Path(article.path).unlink()  # the cached import: not what is watched
        screen.check_file()
        await settle(app, pilot)
        assert screen.errors_panel is None and screen.article is article
