"""The state store: atomic writes that survive SIGKILL, defaults and one warning otherwise."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.state import StateStore, default_state_directory

ROOT = Path(__file__).parent.parent
KILLS = 50

#: Saves versions 1, 2, 3 ... of a ~200 kB record for one key, printing each number once it
#: is saved, until it is killed.
SAVER = """
import sys
from pathlib import Path
from tui.state import StateStore

store = StateStore(Path(sys.argv[1]))
version = int(sys.argv[2])
print("ready", flush=True)
while True:
    version += 1
    assert store.save("article", {"version": version, "payload": str(version % 10) * 200_000})
    print(version, flush=True)
"""


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    assert store.load("nato") == {}
    saved = {"paragraph": 12, "quote": "q3", "title": "Ünïcödé ‘x’"}
    assert store.save("nato", saved)
    assert StateStore(tmp_path).load("nato") == saved
    assert store.warnings == []


def test_keys_are_hashed_to_safe_file_names(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    for key in ["../../etc/passwd", "/abs/path.yaml", "a" * 5000, "\x00\n", ""]:
        path = store.path_for(key)
        assert path.parent == tmp_path
        assert len(path.stem) == 64 and all(c in "0123456789abcdef" for c in path.stem)
        assert store.save(key, {"k": key})
        assert store.load(key) == {"k": key}
    assert store.path_for("a") != store.path_for("b")


def test_the_default_directory_is_the_user_state_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert StateStore().directory == default_state_directory() == tmp_path / "tui-reader"


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b'{"paragraph": 1', b"\xff\xfe\x00", b"[1, 2]", b"null", b'"text"'],
    ids=["empty", "brace", "truncated", "not-utf8", "list", "null", "string"],
)
def test_a_corrupt_file_falls_back_to_defaults_with_one_warning(
    tmp_path: Path, damage: bytes
) -> None:
    store = StateStore(tmp_path)
    store.path_for("nato").write_bytes(damage)
    assert store.load("nato") == {}
    assert store.load("nato") == {}  # read twice, still one problem
    assert len(store.warnings) == 1
    assert str(store.path_for("nato")) in store.warnings[0]
    # Saving over it mends it.
    assert store.save("nato", {"paragraph": 2})
    assert store.load("nato") == {"paragraph": 2}


def test_an_unreadable_file_falls_back_to_defaults(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.path_for("nato").mkdir()  # a directory where the file should be: EISDIR
    assert store.load("nato") == {}
    assert len(store.warnings) == 1


def test_a_directory_that_cannot_be_made_runs_without_saving(tmp_path: Path) -> None:
    # Tests run as root, where chmod does not stop a write; a parent that is a file does.
    (tmp_path / "home").write_text("not a directory")
    store = StateStore(tmp_path / "home" / "state")
    assert store.save("a", {"x": 1}) is False
    assert store.save("b", {"x": 2}) is False
    assert store.load("a") == {}
    assert len(store.warnings) == 1
    assert "running without saving" in store.warnings[0]


def test_a_read_only_directory_runs_without_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore(tmp_path)
    assert store.save("a", {"version": 1})

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.state._new_temporary", refused)
    assert store.save("a", {"version": 2}) is False
    assert store.save("a", {"version": 3}) is False
    assert len(store.warnings) == 1 and "Permission denied" in store.warnings[0]
    assert store.load("a") == {"version": 1}


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore(tmp_path)
    assert store.save("a", {"version": 1})

    def refused(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    assert store.save("a", {"version": 2}) is False
    monkeypatch.undo()
    assert store.load("a") == {"version": 1}
    assert [p.name for p in tmp_path.iterdir()] == [store.path_for("a").name]


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_version(tmp_path: Path) -> None:
    """SIGKILL a process that saves in a loop, KILLS times at random moments: the file always
    parses, whole, as the last version reported saved or the one being written."""
    rng = random.Random(5)
    store = StateStore(tmp_path)
    path = store.path_for("article")
    last = 0
    mid_write = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(tmp_path), str(last)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.03))
        process.send_signal(signal.SIGKILL)
        reported = [int(line) for line in process.stdout.read().split()]
        process.wait()
        process.stdout.close()
        saved_before = reported[-1] if reported else last
        data = json.loads(path.read_bytes()) if path.exists() else {"version": 0}
        version = data["version"]
        assert version in (saved_before, saved_before + 1), (version, saved_before)
        if version:
            assert data["payload"] == str(version % 10) * 200_000
        mid_write += version == saved_before + 1
        last = version
    print(f"{KILLS} kills, {mid_write} of them while a new version was being written")
    assert last > KILLS / 2, "the saver hardly ran: the test proves little"
    # Each killed write may leave its temporary file behind, but never in place of the state.
    assert StateStore(tmp_path).load("article")["version"] == last


def run_reader_and_quit(env: dict[str, str]) -> tuple[int | None, str]:
    """The real program in a pty: read, move, quit; the exit status and what it printed."""
    sys.path.insert(0, str(Path(__file__).parent))
    from pty_terminal import PtyTerminal

    terminal = PtyTerminal.reader("--no-animation", columns=100, rows=30, env=env)
    try:
        assert terminal.wait_for(lambda text: "Quotes" in text), terminal.text
        terminal.send("nn")
        assert terminal.wait_for(lambda text: "Quote 2/" in text), terminal.text
        terminal.send("q")
        status = terminal.wait_exit()
        terminal.pump(0.3)
    finally:
        terminal.close()
    return status, bytes(terminal.written).decode("utf-8", "replace")


def test_the_reader_with_an_unwritable_state_directory_warns_once(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("a file where the state directory's parent should be")
    status, written = run_reader_and_quit({"XDG_STATE_HOME": str(tmp_path / "home" / "state")})
    assert status == 0
    assert written.count("cannot save state") == 1
    assert "Traceback" not in written


def test_the_reader_with_a_corrupt_state_file_starts_at_the_top_and_warns_once(
    tmp_path: Path,
) -> None:
    from tui.content_paths import default_article_path
    from tui.model.loader import load_article

    store = StateStore(tmp_path / "tui-reader")
    store.directory.mkdir()
    store.path_for(load_article(default_article_path()).id).write_bytes(b'{"quote": "q')
    status, written = run_reader_and_quit({"XDG_STATE_HOME": str(tmp_path)})
    assert status == 0
    assert written.count("is damaged; using defaults") == 1
    assert "Traceback" not in written
    # The reader saved over it on the way out: the next start has a position again.
    assert StateStore(tmp_path / "tui-reader").load(load_article(default_article_path()).id)
