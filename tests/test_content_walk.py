"""The one walk of a content directory (library and ``check``): every real directory once, so
symlink loops end; every file once; bounded in depth and names; stopped between entries."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import tui.library
from tui.content_walk import MAX_DEPTH, ContentWalk, WalkCancelled
from tui.library import content_files, scan_library

ROOT = Path(__file__).parent.parent
MINIMAL = (ROOT / "tests" / "data" / "good" / "minimal.yaml").read_text()


def listed(directory: Path) -> list[str]:
    """What the library's walk lists, sorted; cut at 1,000 names, so that a walk that loops
    (as it did) fails here instead of running for ever."""
    return sorted(name for name, _ in itertools.islice(content_files(directory), 1000))


def command(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real program on a pipe (so a directory is listed as text); 20 s at most."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "XDG_CACHE_HOME": str(Path(args[-1]).parent / "cache")},
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    (directory / "sub").mkdir(parents=True)
    (directory / "a.yaml").write_text(MINIMAL)
    (directory / "sub" / "b.yaml").write_text(MINIMAL)
    return directory


def test_two_links_to_the_directory_itself_end_and_list_each_file_once(library: Path) -> None:
    (library / "here").symlink_to(".")
    (library / "again").symlink_to(".")
    assert listed(library) == ["a.yaml", "sub/b.yaml"]
    cache = library.parent / "cache.json"
    assert [entry.relative for entry in scan_library(library, cache_path=cache)] == [
        "a.yaml",
        "sub/b.yaml",
    ]
    listing = command(library)  # not a terminal: the library as lines
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.count("\n") == 2 and listing.stderr == ""
    check = command("check", library)
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines() == [
        f"{library / 'a.yaml'}: ok",
        f"{library / 'sub/b.yaml'}: ok",
    ]


def test_one_link_to_the_directory_lists_the_article_once_not_41_times(library: Path) -> None:
    (library / "self").symlink_to(".")
    assert listed(library) == ["a.yaml", "sub/b.yaml"]


def test_a_link_to_the_parent_and_a_chain_of_links_end(library: Path) -> None:
    (library / "sub" / "up").symlink_to("..")
    (library / "one").symlink_to("two")
    (library / "two").symlink_to("three")
    (library / "three").symlink_to("sub")
    (library / "sub" / "loop").symlink_to("../one")
    assert listed(library) == ["a.yaml", "sub/b.yaml"]


def test_a_linked_folder_outside_is_followed_once(library: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "deeper").mkdir(parents=True)
    (outside / "deeper" / "c.yaml").write_text(MINIMAL)
    (outside / "back").symlink_to(library)  # and a way back in: still each file once
    (library / "linked").symlink_to(outside)
    (library / "linked-too").symlink_to(outside)
    assert listed(library) == ["a.yaml", "linked/deeper/c.yaml", "sub/b.yaml"]


def test_a_file_and_links_to_it_are_listed_once_under_its_real_name(
    library: Path, tmp_path: Path
) -> None:
    (library / "0-link.yaml").symlink_to("sub/b.yaml")  # sorts before the real name
    (library / "sub" / "hard.yaml").hardlink_to(library / "a.yaml")
    (tmp_path / "outside.yaml").write_text(MINIMAL)
    (library / "outside.yaml").symlink_to(tmp_path / "outside.yaml")
    assert listed(library) == ["a.yaml", "outside.yaml", "sub/b.yaml"]


def nested(directory: Path, levels: int) -> Path:
    """``directory/d1/d2/...`` ``levels`` deep, an article at each level."""
    path = directory
    for level in range(1, levels + 1):
        path = path / f"d{level}"
        path.mkdir()
        (path / f"at{level}.yaml").write_text(MINIMAL)
    return path


def test_folders_deeper_than_the_bound_are_not_searched_and_said(tmp_path: Path) -> None:
    directory = tmp_path / "deep"
    directory.mkdir()
    nested(directory, MAX_DEPTH + 3)
    walk = ContentWalk(directory)
    found = sorted(name.rsplit("/", 1)[-1] for name, _ in walk)
    assert found == sorted(f"at{level}.yaml" for level in range(1, MAX_DEPTH + 1))
    assert walk.too_deep == 1
    assert walk.notice == f"1 folder deeper than {MAX_DEPTH} levels not searched"
    check = command("check", directory)  # not all of it is checked: status 2, and why
    assert check.returncode == 2
    assert check.stdout.count(": ok\n") == MAX_DEPTH
    assert check.stderr == f"{directory}: 1 folder deeper than {MAX_DEPTH} levels not searched\n"


def test_the_walk_stops_at_its_bound_of_names_even_through_a_link_to_the_root(
    library: Path,
) -> None:
    (library / "everything").symlink_to("/")
    walk = ContentWalk(library, max_entries=500)
    found = [name for name, _ in walk]
    assert walk.stopped and walk.notice == "stopped after 500 names"
    assert {"a.yaml", "sub/b.yaml"} <= set(found)  # the real files come first


def test_a_cancelled_walk_stops_between_entries(library: Path) -> None:
    for number in range(50):
        (library / f"n{number}.yaml").write_text(MINIMAL)
    asked = itertools.count()
    walk = ContentWalk(library, cancelled=lambda: next(asked) >= 10)
    with pytest.raises(WalkCancelled):
        list(walk)


def test_a_cancelled_scan_stops_between_files(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = tui.library.file_metadata

    def recording(path: str, **options: int) -> dict[str, object]:
        parsed.append(path)
        return real(path, **options)

    monkeypatch.setattr(tui.library, "file_metadata", recording)
    walk = ContentWalk(library, cancelled=lambda: len(parsed) >= 1)
    with pytest.raises(WalkCancelled):
        scan_library(library, cache_path=tmp_path / "cache.json", walk=walk)
    assert len(parsed) == 1  # the walk ran whole; parsing stopped before the second file


def test_only_regular_files_are_listed(library: Path) -> None:
    for target in ("/dev/null", "/dev/ptmx", "/dev/tty", "/dev/stdin", "/proc/self/fd/0"):
        (library / f"{Path(target).name}.yaml").symlink_to(target)
    os.mkfifo(library / "pipe.yaml")
    (library / "dangling.yaml").symlink_to("nowhere.yaml")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(os.fspath(library / "socket.yaml"))
        assert listed(library) == ["a.yaml", "sub/b.yaml"]
