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
