"""Snapshots of the seed article as a person would judge it: wide, medium, narrow, after a jump.

Update after an intended visual change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the SVGs (``snapshot_report.html``) before committing them.
"""

from __future__ import annotations

import pytest

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article


def seed_app() -> ReaderApp:
    # A fixed theme so the snapshot does not depend on the environment of the run.
    return ReaderApp(
        load_article(default_article_path()), theme="textual-dark", animate=False, environ={}
    )


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 20)])
def test_seed_article(snap_compare, size) -> None:
    assert snap_compare(seed_app(), terminal_size=size)


def test_seed_article_after_fifth_quote(snap_compare) -> None:
    assert snap_compare(seed_app(), terminal_size=(120, 40), press=["n"] * 5)


def test_help_dialog(snap_compare) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24), press=["question_mark"])


def test_about_dialog(snap_compare) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24), press=["i"])


def test_status_line_at_40x12_after_copying_a_link(snap_compare) -> None:
    # One row: the notice of the key just pressed, shortened in its middle to fit.
    assert snap_compare(seed_app(), terminal_size=(40, 12), press=["n", "y"])


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_feed_items(snap_compare, tmp_path, size) -> None:
    # Read and unread items, a title cut with an ellipsis, an item whose page failed.
    from feed_store import sample_store

    from tui.screens.feed_items import FeedItemsScreen

    path = tmp_path / "feeds.sqlite3"
    screen = FeedItemsScreen(path, sample_store(path))
    app = ReaderApp(None, screen=screen, theme="textual-dark", animate=False, environ={})
    assert snap_compare(app, terminal_size=size)
