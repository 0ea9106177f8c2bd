"""The import cache is bounded: the imports used least recently go first, once a start, never
the one being opened, and nothing but the user's own imports is ever removed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui import import_cache
from tui.import_cache import find_import, prune
from tui.importer.pipeline import ImportFailure
from tui.model.loader import load_article

STORY = """\
Harbour council approves floating garden for Port Velna

The harbour council voted 7-2 on Friday to build a floating garden on the old ferry pier.

“We will keep fishing here,” said Ana Kov, who leads the fishermen’s union.
"""


def planted(directory: Path, count: int, *, size: int = 10, start: int = 0) -> list[Path]:
    """``count`` imports, the first used longest ago (a minute apart)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    made = []
    for number in range(start, start + count):
        path = directory / f"{number:040x}.yaml"
        path.write_bytes(b"x" * size)
        os.utime(path, ns=(number * 60 * 10**9 + 10**18,) * 2)
        made.append(path)
    return made


def test_the_least_recently_used_go_beyond_the_count_and_the_one_opened_stays(
    tmp_path: Path,
) -> None:
    imports = planted(tmp_path, 10)
    oldest = imports[0]
    assert prune(tmp_path, keep=oldest, max_imports=4) == 6
    # The one being opened counts as the newest: it and the three used last are left.
    assert sorted(tmp_path.iterdir()) == [oldest, *imports[7:]]


def test_the_bytes_bound_too_whichever_comes_first(tmp_path: Path) -> None:
    imports = planted(tmp_path, 10, size=100)
    keep = tmp_path / ("f" * 40 + ".yaml")  # not made yet
    assert prune(tmp_path, keep=keep, max_imports=500, max_bytes=350) == 7
    assert sorted(tmp_path.iterdir()) == imports[7:]


def test_nothing_but_the_users_own_imports_is_removed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("mine")
    cache = tmp_path / "cache"
    planted(cache, 3)
    link = cache / ("e" * 40 + ".yaml")
    link.symlink_to(outside)
    others = [cache / "notes.txt", cache / "ABC.yaml", cache / ".x.yaml.1234abcd.tmp"]
    for other in others:
        other.write_text("not an import")
        os.utime(other, ns=(0, 0))
    prune(cache, keep=cache / "none", max_imports=1, max_bytes=1)
    assert sorted(cache.iterdir()) == sorted([link, *others])
    assert outside.read_text() == "mine"


@pytest.fixture
def fresh_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no directory pruned yet."""
    monkeypatch.setattr(import_cache, "_PRUNED", set())


def test_opening_marks_the_import_used_and_prunes_once_a_start(
    tmp_path: Path, fresh_start: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    cache = tmp_path / "cache"
    first = find_import(str(source), directory=cache)
    assert not isinstance(first, ImportFailure)
    made = first.make()
    assert isinstance(made, Path)
    os.utime(made, ns=(0, 0))  # used long ago, older than every import below
    monkeypatch.setattr(import_cache, "MAX_IMPORTS", 3)
    monkeypatch.setattr(import_cache, "_PRUNED", set())  # the next start
    imports = planted(cache, 5)
    again = find_import(str(source), directory=cache)
    assert not isinstance(again, ImportFailure) and again.ready and again.path == made
    assert made.stat().st_mtime_ns > imports[-1].stat().st_mtime_ns  # touched: used now
    assert sorted(cache.iterdir()) == sorted([made, *imports[3:]])
    later = planted(cache, 5, start=100)
    find_import(str(source), directory=cache)  # the same start: not pruned again
    assert len(list(cache.iterdir())) == 3 + len(later)


# --- The files: private, never written through a planted symlink ------------------------


def story(tmp_path: Path) -> Path:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    return source


def test_the_directory_is_0700_and_each_import_0600_whatever_the_umask(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "imports"
    previous = os.umask(0)
    try:
        found = find_import(str(story(tmp_path)), directory=cache)
        assert not isinstance(found, ImportFailure)
        made = found.make()
    finally:
        os.umask(previous)
    assert made == found.path and made.parent == cache
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700  # made by the reader too
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert [path.name for path in cache.iterdir()] == [made.name]  # no temporary file left


def test_a_symlink_planted_at_an_imports_name_is_not_followed(tmp_path: Path) -> None:
    source = story(tmp_path)
    cache = tmp_path / "cache"
    name = find_import(str(source), directory=cache)
    assert not isinstance(name, ImportFailure)
    target = tmp_path / "victim.yaml"
    target.write_text("keep me")
    name.path.symlink_to(target)
    found = find_import(str(source), directory=cache)
    assert not isinstance(found, ImportFailure) and not found.ready  # not an import of ours
    made = found.make()
    assert isinstance(made, Path) and made.parent != cache  # the private temporary directory
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert target.read_text() == "keep me" and name.path.is_symlink()
    assert load_article(made).meta.title.startswith("Harbour council")


def test_a_symlink_planted_as_the_directory_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "cache"
    cache.symlink_to(elsewhere)
    found = find_import(str(story(tmp_path)), directory=cache)
    assert not isinstance(found, ImportFailure)
    made = found.make()
    assert isinstance(made, Path) and not made.is_relative_to(cache)
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert list(elsewhere.iterdir()) == []
