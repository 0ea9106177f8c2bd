"""A user with no home: ``HOME`` unset and a uid with no passwd entry.

``Path.home()`` then raises (``RuntimeError``, or ``KeyError`` from ``pwd``) and platformdirs
cannot place the state or cache directory. The reader used to crash on ``i`` (the About dialog
shortens the file's path to ``~/...``), or at start with a traceback when no XDG variable was
set either. Now paths are shortened less, and the reader runs without saving, with one line.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from tui import crash
from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.library import scan_library
from tui.links import display_path
from tui.model.loader import load_article
from tui.state import StateStore

ROOT = Path(__file__).parent.parent


@pytest.fixture
def no_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No ``HOME``, no passwd entry, no XDG variables; the working directory is ``tmp_path``,
    where nothing may be made (no ``./~/.local/state``)."""

    def missing(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", missing)
    for name in ("HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises((RuntimeError, KeyError)):
        Path.home()
    return tmp_path


def test_paths_are_shown_without_home(no_home: Path) -> None:
    assert display_path("a/x.yaml") == str(no_home.resolve() / "a" / "x.yaml")
    assert display_path("/etc/x.yaml") == "/etc/x.yaml"


def test_a_symlink_loop_is_shown_as_given(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert display_path(str(tmp_path / "a" / "x.yaml")).endswith("a/x.yaml")


async def test_the_about_dialog_opens_without_home(no_home: Path) -> None:
    app = ReaderApp(load_article(default_article_path()), animate=False, environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "AboutScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader


def test_state_cache_and_reports_without_home(
    no_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = StateStore()
    assert store.load("a") == {} and store.save("a", {"x": 1}) is False
    assert len(store.warnings) == 1 and "running without saving" in store.warnings[0]
    library = no_home / "content"
    library.mkdir()
    shutil.copy(default_article_path(), library / "a.yaml")
    warnings: list[str] = []
    assert len(scan_library(library, warn=warnings.append)) == 1
    assert len(warnings) == 1 and warnings[0].startswith("library cache not used")
    (no_home / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(no_home / "tmp"))
    assert crash.report_crash("ValueError: boom") == 70
    err = capsys.readouterr().err
    assert "Full report: " + str(no_home / "tmp") in err and "Traceback" not in err
    assert sorted(p.name for p in no_home.iterdir()) == ["content", "tmp"]  # no ./~ made


#: Runs the reader as a uid without a passwd entry, with HOME unset (``pwd`` answers as it
#: would for such a uid), and every XDG variable named on the command line unset too.
WITHOUT_HOME = """
import os, pwd, sys
def missing(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = missing
os.environ.pop("HOME", None)
for name in sys.argv[1:]:
    os.environ.pop(name, None)
sys.argv[1:] = ["--no-animation"]
from tui.__main__ import main
sys.exit(main())
"""


def press_i_and_quit(terminal: PtyTerminal) -> tuple[int | None, str]:
    try:
        assert terminal.wait_for(lambda text: "Quotes" in text), terminal.text
        terminal.send("i")
        assert terminal.wait_for(lambda text: "File" in text), terminal.text
        terminal.send("\x1b")
        terminal.pump(0.3)
        terminal.send("q")
        status = terminal.wait_exit()
    finally:
        terminal.close()
    return status, bytes(terminal.written).decode("utf-8", "replace")


@pytest.mark.parametrize("unset", [[], ["XDG_STATE_HOME", "XDG_CACHE_HOME"]], ids=["xdg", "none"])
def test_the_reader_runs_without_home(unset: list[str], tmp_path: Path) -> None:
    terminal = PtyTerminal(
        [sys.executable, "-c", WITHOUT_HOME, *unset],
        columns=100,
        rows=30,
        env={"PYTHONPATH": str(ROOT)},
        cwd=str(tmp_path),
    )
    status, written = press_i_and_quit(terminal)
    assert status == 0 and "Traceback" not in written and "unexpected error" not in written
    assert written.count("running without saving") == (1 if unset else 0)
    assert list(tmp_path.iterdir()) == []


#: The reader with HOME and the XDG variables unset, for a real uid without a passwd entry
#: (``env -u`` cannot be used: that uid may exec the interpreter only from ``setpriv``).
UNSET_AND_RUN = """
import os, sys
for name in ("HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ.pop(name, None)
sys.argv[1:] = ["--no-animation"]
from tui.__main__ import main
sys.exit(main())
"""


def test_the_reader_runs_as_a_uid_without_a_passwd_entry(tmp_path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run as a uid without a passwd entry")
    try:
        pwd.getpwuid(12345)
        pytest.skip("uid 12345 has a passwd entry here")
    except KeyError:
        pass
    tmp_path.chmod(0o777)
    drop = ["setpriv", "--reuid=12345", "--regid=12345", "--clear-groups", sys.executable]
    probe = subprocess.run(
        [*drop, "-c", "import tui, textual"],
        capture_output=True,
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"uid 12345 cannot run the reader here: {probe.stderr[-200:]!r}")
    terminal = PtyTerminal(
        [*drop, "-c", UNSET_AND_RUN],
        columns=100,
        rows=30,
        env={"PYTHONPATH": str(ROOT)},
        cwd=str(tmp_path),
    )
    status, written = press_i_and_quit(terminal)
    assert status == 0 and "Traceback" not in written
    assert written.count("running without saving") == 1
    assert list(tmp_path.iterdir()) == []
