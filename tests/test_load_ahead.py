"""The article loaded by a forked child while Textual is imported: the same article, the same
errors, and the file loaded here whenever the child does not deliver."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui import load_ahead
from tui.content_paths import default_article_path
from tui.load_ahead import PendingArticle, can_load_ahead
from tui.model import DEFAULT_MAX_BYTES
from tui.model.errors import ContentInvalid
from tui.model.loader import load_article

DATA = Path(__file__).parent / "data"
SEED = default_article_path()

needs_fork = pytest.mark.skipif(not can_load_ahead(), reason="no fork, or one core")


def errors_of(path: Path, loader) -> tuple:
    with pytest.raises(ContentInvalid) as raised:
        loader(path)
    return raised.value.errors


def test_the_article_is_the_one_the_loader_gives() -> None:
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@pytest.mark.parametrize(
    "path",
    [DATA / "bad" / "dangling_speaker.yaml", DATA / "bad" / "latin1.yaml", DATA / "nope.yaml"],
    ids=["invalid", "not-utf8", "missing"],
)
def test_a_bad_file_gives_the_loaders_errors(path: Path) -> None:
    expected = errors_of(path, load_article)
    assert errors_of(path, lambda p: PendingArticle(p, DEFAULT_MAX_BYTES).result()) == expected
    assert all(error.path == str(path) for error in expected)


def test_the_size_limit_holds_in_the_child() -> None:
    expected = errors_of(SEED, lambda p: load_article(p, max_bytes=100))
    assert errors_of(SEED, lambda p: PendingArticle(p, 100).result()) == expected


@needs_fork
def test_the_parent_never_imports_the_yaml_parser() -> None:
    code = (
        "import sys; from tui.load_ahead import PendingArticle; "
        f"article = PendingArticle({str(SEED)!r}, 1 << 20).result(); "
        "print('yaml' in sys.modules, article.meta.title[:4])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "NATO"]


def _exit_silently(writing: int, path: object, max_bytes: int) -> None:
    os._exit(0)


def _send_half(writing: int, path: object, max_bytes: int) -> None:
    data = pickle.dumps(("article", load_article(SEED)))
    os.write(writing, data[: len(data) // 2])
    os._exit(0)


@needs_fork
@pytest.mark.parametrize("child", [_exit_silently, _send_half], ids=["nothing", "half"])
def test_a_child_that_does_not_deliver_leaves_the_load_to_the_parent(monkeypatch, child) -> None:
    monkeypatch.setattr(load_ahead, "_load_and_send", child)
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@needs_fork
def test_a_child_that_does_not_deliver_still_reports_the_errors(monkeypatch) -> None:
    monkeypatch.setattr(load_ahead, "_load_and_send", _exit_silently)
    path = DATA / "bad" / "dangling_speaker.yaml"
    pending = PendingArticle(path, DEFAULT_MAX_BYTES)
    assert errors_of(path, lambda _: pending.result()) == errors_of(path, load_article)


def test_without_a_second_core_the_file_loads_here(monkeypatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked with one core")

    monkeypatch.setattr(load_ahead, "can_load_ahead", lambda: False)
    monkeypatch.setattr(os, "fork", no_fork)
    assert PendingArticle(SEED, DEFAULT_MAX_BYTES).result() == load_article(SEED)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        (
            str(DATA / "bad" / "three_problems.yaml"),
            [":5:14: meta.published:", ":9:5: body[0].captoin:", ":12:14: quotes[0].speaker:"],
        ),
        (f"{SEED}#q99", ["no quote, fact or block with id 'q99'"]),
    ],
    ids=["invalid", "missing-target"],
)
def test_in_a_terminal_a_bad_file_ends_with_its_errors(argument: str, expected: list[str]) -> None:
    # The path a terminal takes: the file loaded in the child while Textual is imported.
    terminal = PtyTerminal.reader(argument, columns=200, rows=20)
    try:
        assert terminal.wait_exit(30) == 2, terminal.text
        shown = terminal.text
        assert all(part in shown for part in expected), shown
        assert "Traceback" not in shown
    finally:
        terminal.close()
