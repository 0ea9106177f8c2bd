"""Files the reader writes: crash reports, state, the library cache and exports.

Each writer is tried against a symlink planted where it writes (pointing at a file whose words
must stay as they are) and a file planted at the exact name (another user's, made with
``os.chown`` to ``nobody`` when the tests run as root), and its modes are checked under a
permissive umask (``os.umask(0)``, in a subprocess). Refused means one line naming the path,
the program going on, and the planted file unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

from tui import crash
from tui.cli import main
from tui.content_paths import default_article_path
from tui.library import default_cache_path, scan_library
from tui.state import StateStore

ROOT = Path(__file__).parent.parent
WORDS = "the victim's own words, which no writer may change\n"
NOBODY = 65534


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file some other program owns: a planted symlink points at it."""
    path = tmp_path / "victim.txt"
    path.write_text(WORDS)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def give_away(path: Path) -> None:
    """Makes ``path`` another user's (nobody's): only root can."""
    if os.geteuid() != 0:
        pytest.skip("not root: a file of another owner cannot be made here")
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def library(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "a.yaml").write_bytes(default_article_path().read_bytes())
    return directory


# --- Modes under a permissive umask ---------------------------------------------------------

MODES = """
import json, os, sys, tempfile
from pathlib import Path
os.umask(0)
home = Path(sys.argv[1])
from tui import crash
from tui.cli import main
from tui.library import scan_library
from tui.state import StateStore

store = StateStore()
assert store.save("article", {"anchor": None}), store.warnings
report = crash.write_report("Traceback: boom").path
scan_library(sys.argv[2])
(home / "file").write_text("")
os.environ["XDG_STATE_HOME"] = str(home / "file" / "state")  # cannot be made: the fallback
tempfile.tempdir = str(home / "tmp")
fallback = crash.write_report("Traceback: boom").path
assert main(["export", sys.argv[3], "--format", "md", "-o", str(home / "new.md")]) == 0
os.umask(0o022)
assert main(["export", sys.argv[3], "--format", "md", "-o", str(home / "umask.md")]) == 0
paths = [
    "state/tui-reader", store.path_for("article"), "state/tui-reader/reports", report,
    "cache/tui-reader", "cache/tui-reader/library", fallback.parent, fallback,
    "new.md", "umask.md",
]
print(json.dumps({str(p): oct(os.stat(home / p).st_mode & 0o777) for p in paths}))
print(json.dumps([str(p) for p in (home / "cache/tui-reader/library").iterdir()]))
"""


def test_every_file_is_private_whatever_the_umask(tmp_path: Path, library: Path) -> None:
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "-c", MODES, str(home), str(library), str(default_article_path())],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modes = list(json.loads(result.stdout.splitlines()[0]).values())
    # State directory and file, reports directory and report, cache directories and file ...
    assert modes[:8] == ["0o700", "0o600", "0o700", "0o600", "0o700", "0o700", "0o700", "0o600"]
    # ... and an export follows the umask, like any file a command is asked to write.
    assert modes[8:] == ["0o666", "0o644"]
    [cache] = json.loads(result.stdout.splitlines()[1])
    assert mode(Path(cache)) == 0o600


def test_a_directory_made_looser_by_an_older_version_is_made_private(tmp_path: Path) -> None:
    directory = tmp_path / "state"
    directory.mkdir(mode=0o755)
    directory.chmod(0o777)
    store = StateStore(directory)
    assert store.save("a", {"x": 1})
    assert mode(directory) == 0o700 and mode(store.path_for("a")) == 0o600


def test_a_shared_directory_is_never_made_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: given as the state directory, it is refused, not changed
    store = StateStore(shared)
    assert store.save("a", {"x": 1}) is False
    assert mode(shared) == 0o1777
    assert len(store.warnings) == 1 and "shared directory" in store.warnings[0]


# --- Crash reports ------------------------------------------------------------------------


class FixedClock(dt.datetime):
    """The moment of the crash, known to the test: the report's name is predictable."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> FixedClock:
        return cls(2024, 5, 6, 7, 8, 9)


REPORT_NAME = f"tui-reader-crash-20240506-070809-{os.getpid()}.txt"


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reports directory (not made yet), a fixed clock and a private temporary directory."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(crash, "dt", types.SimpleNamespace(datetime=FixedClock))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return tmp_path / "xdg" / "tui-reader" / "reports"


def crashed(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], Path | None]:
    """Reports a crash: the lines on stderr and the report's path, if one was written."""
    assert crash.report_crash("Traceback (most recent call last):\nValueError: boom") == 70
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert lines[-1].startswith("tui-reader: unexpected error (ValueError: boom).")
    if "Full report: " not in lines[-1]:
        return lines, None
    report = Path(lines[-1].split("Full report: ")[1])
    assert "ValueError: boom" in report.read_text()
    assert mode(report) == 0o600
    return lines, report


def assert_in_a_private_temporary_directory(report: Path, tmp_path: Path) -> None:
    assert report.parent.parent == tmp_path / "tmp"
    assert report.parent.name.startswith("tui-reader-") and mode(report.parent) == 0o700


def test_the_fallback_is_a_new_private_directory_not_a_name_planted_in_tmp(
    tmp_path: Path, reports: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: the state directory cannot be made, and another user has planted a
    symlink in /tmp at the name the report would have had."""
    (tmp_path / "xdg").write_text("a file where the state directory's parent should be")
    (tmp_path / "tmp" / REPORT_NAME).symlink_to(victim)
    lines, report = crashed(capsys)
    assert report is not None and len(lines) == 1
    assert_in_a_private_temporary_directory(report, tmp_path)
    assert victim.read_text() == WORDS


def test_a_report_goes_in_the_private_reports_directory(
    reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, report = crashed(capsys)
    assert len(lines) == 1 and report == reports / REPORT_NAME
    assert mode(reports) == mode(reports.parent) == 0o700


@pytest.mark.parametrize("planted", ["state directory", "reports directory", "report"])
def test_a_planted_symlink_is_refused_and_the_report_goes_elsewhere(
    planted: str,
    tmp_path: Path,
    reports: Path,
    victim: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    at = {"state directory": reports.parent, "reports directory": reports}.get(planted)
    if at is None:
        reports.mkdir(parents=True)
        at = reports / REPORT_NAME
    else:
        at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(victim if planted == "report" else elsewhere)
    lines, report = crashed(capsys)
    assert report is not None
    assert_in_a_private_temporary_directory(report, tmp_path)
    assert len(lines) == 2 and str(at) in lines[0] and "symbolic link" in lines[0]
    assert victim.read_text() == WORDS and list(elsewhere.iterdir()) == []


def test_a_file_planted_at_the_report_name_is_not_replaced(
    tmp_path: Path, reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports.mkdir(parents=True)
    (reports / REPORT_NAME).write_text(WORDS)
    lines, report = crashed(capsys)
    assert report is not None and report != reports / REPORT_NAME
    assert len(lines) == 2 and str(reports / REPORT_NAME) in lines[0]
    assert (reports / REPORT_NAME).read_text() == WORDS


def test_a_reports_directory_of_another_user_is_refused(
    tmp_path: Path, reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports.mkdir(parents=True)
    give_away(reports)
    lines, report = crashed(capsys)
    assert report is not None
    assert_in_a_private_temporary_directory(report, tmp_path)
    assert len(lines) == 2 and str(reports) in lines[0] and "another user" in lines[0]
    assert list(reports.iterdir()) == []


def test_no_place_for_a_report_is_one_line_with_the_reasons(
    tmp_path: Path,
    reports: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reports.parent.parent.mkdir()
    reports.parent.symlink_to(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such directory"))
    lines, report = crashed(capsys)
    assert report is None and len(lines) == 1
    assert "No report could be written: " in lines[0]
    assert f"{reports.parent} is a symbolic link" in lines[0] and "no such directory" in lines[0]


def test_the_crashing_reader_refuses_a_planted_reports_directory(tmp_path: Path) -> None:
    """The real program, crashing once it runs (``TUI_READER_CRASH_TEST``), in a pty."""
    from pty_terminal import PtyTerminal

    reports = tmp_path / "xdg" / "tui-reader" / "reports"
    reports.parent.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    reports.symlink_to(tmp_path / "elsewhere")
    (tmp_path / "tmp").mkdir()
    env = {
        "TUI_READER_CRASH_TEST": "1",
        "XDG_STATE_HOME": str(tmp_path / "xdg"),
        "TMPDIR": str(tmp_path / "tmp"),
    }
    terminal = PtyTerminal.reader("--no-animation", columns=100, rows=30, env=env)
    try:
        status = terminal.wait_exit(30)
    finally:
        terminal.close()
    assert status == 70
    written = bytes(terminal.written)
    after = written[written.rfind(b"\x1b[?1049l") :].decode()
    assert "Traceback" not in after
    refusal, message = [line for line in after.splitlines() if "tui-reader: " in line]
    assert f"{reports} is a symbolic link" in refusal
    report = Path(message.split("Full report: ")[1].strip())
    assert_in_a_private_temporary_directory(report, tmp_path)
    assert "ValueError: crash test" in report.read_text() and mode(report) == 0o600
    assert list((tmp_path / "elsewhere").iterdir()) == []


# --- State --------------------------------------------------------------------------------


def test_a_symlink_planted_for_a_state_file_is_neither_read_nor_replaced(
    tmp_path: Path, victim: Path
) -> None:
    victim.write_text('{"anchor": ["p1", 0, 0]}')
    store = StateStore(tmp_path / "state")
    store.directory.mkdir()
    store.path_for("a").symlink_to(victim)
    assert store.load("a") == {}
    assert store.save("a", {"anchor": None}) is False
    assert store.save("b", {"anchor": None})  # another article is still saved
    assert victim.read_text() == '{"anchor": ["p1", 0, 0]}'
    assert store.path_for("a").is_symlink()
    assert len(store.warnings) == 1 and str(store.path_for("a")) in store.warnings[0]
    assert "symbolic link" in store.warnings[0]


def test_a_state_file_of_another_user_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.directory.mkdir()
    planted = store.path_for("a")
    planted.write_text('{"anchor": ["p1", 0, 0]}')
    give_away(planted)
    assert store.load("a") == {}
    assert store.save("a", {"anchor": None}) is False
    assert planted.read_text() == '{"anchor": ["p1", 0, 0]}' and planted.stat().st_uid == NOBODY
    assert len(store.warnings) == 1 and "another user" in store.warnings[0]


@pytest.mark.parametrize("planted", ["symlink", "other owner"])
def test_a_planted_state_directory_is_refused(planted: str, tmp_path: Path, victim: Path) -> None:
    directory = tmp_path / "state"
    if planted == "symlink":
        directory.symlink_to(victim.parent)
    else:
        directory.mkdir()
        give_away(directory)
    store = StateStore(directory)
    assert store.load("a") == {}
    assert store.save("a", {"x": 1}) is False
    assert sorted(p.name for p in victim.parent.iterdir()) == sorted(["victim.txt", "state"])
    assert len(store.warnings) == 1
    assert str(directory) in store.warnings[0] and "running without saving" in store.warnings[0]


@pytest.mark.timeout(20)
def test_a_fifo_planted_for_a_state_file_does_not_block(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state")
    store.directory.mkdir()
    os.mkfifo(store.path_for("a"))  # opening it for reading used to wait for a writer
    assert store.load("a") == {}
    assert len(store.warnings) == 1 and "named pipe" in store.warnings[0]


# --- The library cache --------------------------------------------------------------------


def scan(library: Path) -> tuple[list[str], list[str]]:
    warnings: list[str] = []
    entries = scan_library(library, warn=warnings.append)
    return [entry.title for entry in entries], warnings


@pytest.fixture
def planted_cache(library: Path, victim: Path) -> Path:
    """A symlink to the victim where the library's cache would be."""
    cache = default_cache_path(library)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(victim)
    return cache


def test_a_symlink_planted_for_the_cache_is_neither_read_nor_replaced(
    library: Path, victim: Path, planted_cache: Path
) -> None:
    cache = planted_cache
    titles, warnings = scan(library)
    assert len(titles) == 1 and titles == scan(library)[0]
    assert len(warnings) == 1 and str(cache) in warnings[0] and "symbolic link" in warnings[0]
    assert victim.read_text() == WORDS and cache.is_symlink()


def test_a_cache_of_another_user_is_neither_read_nor_replaced(library: Path) -> None:
    titles, warnings = scan(library)
    cache = default_cache_path(library)
    data = json.loads(cache.read_text())
    record = next(record for record in data["files"] if record[0] == "a.yaml")
    record[3] = "A title another user wrote"
    cache.write_text(json.dumps(data))
    give_away(cache)
    again, warnings = scan(library)
    assert again == titles
    assert len(warnings) == 1 and str(cache) in warnings[0] and "another user" in warnings[0]
    assert json.loads(cache.read_text()) == data


def test_a_planted_cache_directory_is_refused(library: Path, victim: Path) -> None:
    directory = default_cache_path(library).parent
    directory.parent.mkdir(parents=True)
    directory.symlink_to(victim.parent)
    before = sorted(victim.parent.iterdir())
    titles, warnings = scan(library)
    assert len(titles) == 1
    assert len(warnings) == 1 and str(directory) in warnings[0]
    assert sorted(victim.parent.iterdir()) == before


def test_the_library_listing_says_once_that_the_cache_is_refused(
    library: Path, victim: Path, planted_cache: Path
) -> None:
    from test_cli_paths import reader

    result = reader(str(library))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and str(planted_cache) in result.stderr
    assert victim.read_text() == WORDS


# --- Exports ------------------------------------------------------------------------------


def export_to(target: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["export", str(default_article_path()), "--format", "md", "-o", str(target)])
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return status, err.splitlines()


def plant(kind: str, at: Path, victim: Path) -> None:
    if kind == "symlink to a device":
        at.symlink_to(os.devnull)
    elif kind == "symlink to a file":
        at.symlink_to(victim)
    elif kind == "FIFO":
        os.mkfifo(at)
    elif kind == "directory":
        at.mkdir()
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(at))
        server.close()
    else:
        at.write_text(WORDS)
        give_away(at)


@pytest.mark.parametrize(
    "kind",
    ["symlink to a device", "symlink to a file", "FIFO", "directory", "socket", "other owner"],
)
def test_an_export_never_replaces_or_writes_through_what_is_not_a_regular_file_of_ones_own(
    kind: str, tmp_path: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "article.md"
    target.parent.mkdir()
    plant(kind, target, victim)
    before = os.lstat(target)
    status, lines = export_to(target, capsys)
    assert status == 2 and len(lines) == 1
    assert lines[0].startswith(f"{target}: not written: it ")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode, after.st_uid) == (
        before.st_ino,
        before.st_mode,
        before.st_uid,
    )
    assert victim.read_text() == WORDS
    assert [p.name for p in target.parent.iterdir()] == ["article.md"]  # no temporary left


def test_an_export_replaces_a_file_of_ones_own_and_keeps_its_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "article.md"
    target.write_text("an older export")
    target.chmod(0o640)
    assert export_to(target, capsys) == (0, [])
    assert target.read_text().startswith("# NATO") and mode(target) == 0o640


#: Exports under a set umask, each new or over a file of a given mode; the mode each
#: temporary file had when it was made is recorded, as another user could open it then.
EXPORT_MODES = """
import json, os, stat, sys
from pathlib import Path
import tui.state
from tui.cli import main

made = []
create_new = tui.state.create_new

def recording(path, mode):
    descriptor = create_new(path, mode)
    made.append(stat.S_IMODE(os.fstat(descriptor).st_mode))
    return descriptor

tui.state.create_new = recording
home, article = Path(sys.argv[1]), sys.argv[2]
results = {}
for umask in (0o022, 0o077):
    os.umask(umask)
    for before in (None, 0o600, 0o640, 0o644, 0o444):
        target = home / f"{umask:03o}-{before and oct(before)}.md"
        if before is not None:
            target.write_text("an older export")
            target.chmod(before)
        made.clear()
        status = main(["export", article, "--format", "md", "-o", str(target)])
        results[target.name] = {
            "status": status,
            "mode": stat.S_IMODE(os.stat(target).st_mode),
            "temporary": list(made),
            "written": target.read_text().startswith("# NATO"),
        }
print(json.dumps(results))
"""


def test_an_export_follows_the_umask_keeps_a_replaced_files_mode_and_never_shows_more(
    tmp_path: Path,
) -> None:
    """New: 0644 under umask 022, 0600 under 077. Replaced: the old file's mode, and the
    temporary file never more open than that (it was made 0644 and then chmodded to 0600, so
    another user could open it in between and read the export written after). A read-only
    file is not replaced."""
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_MODES, str(home), str(default_article_path())],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)
    final = {name: (r["status"], oct(r["mode"]), r["written"]) for name, r in results.items()}
    assert final == {
        "022-None.md": (0, "0o644", True),
        "022-0o600.md": (0, "0o600", True),
        "022-0o640.md": (0, "0o640", True),
        "022-0o644.md": (0, "0o644", True),
        "022-0o444.md": (2, "0o444", False),
        "077-None.md": (0, "0o600", True),
        "077-0o600.md": (0, "0o600", True),
        "077-0o640.md": (0, "0o640", True),
        "077-0o644.md": (0, "0o644", True),
        "077-0o444.md": (2, "0o444", False),
    }
    for name, r in results.items():
        assert [made & ~r["mode"] for made in r["temporary"]] == [0] * r["written"], name
    assert f"{home / '022-0o444.md'}: not written: it is read-only" in result.stderr
    assert sorted(p.name for p in home.iterdir()) == sorted(results)  # no temporary left


def test_an_export_is_written_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renamed into place as the state is: a program reading the old file goes on reading it
    whole, and a write that fails (here the disk's fsync) leaves the old file as it was."""
    target = tmp_path / "article.md"
    target.write_text("an older export")
    with open(target) as reading:
        assert export_to(target, capsys) == (0, [])
        assert reading.read() == "an older export"
    assert target.read_text().startswith("# NATO")

    def failing(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    target.write_text("an older export")
    monkeypatch.setattr(os, "fsync", failing)
    assert export_to(target, capsys) == (2, [f"{target}: cannot write: Input/output error"])
    assert target.read_text() == "an older export"
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]
