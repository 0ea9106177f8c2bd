"""``tui-reader check``: ok lines on stdout, each problem on stderr, exit status 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from tui.cli import main
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_valid_files_are_ok(capsys: pytest.CaptureFixture[str]) -> None:
    files = [GOOD / "minimal.yaml", GOOD / "full.yaml"]
    status, out, err = run_main(capsys, "check", *map(str, files))
    assert status == 0
    assert out.splitlines() == [f"{path}: ok" for path in files]
    assert err == ""


def test_invalid_files_print_every_error_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    bad = BAD / "three_problems.yaml"
    status, out, err = run_main(capsys, "check", str(GOOD / "minimal.yaml"), str(bad))
    assert status == 2
    assert out == f"{GOOD / 'minimal.yaml'}: ok\n"
    lines = err.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        [f"{bad}:5:14", "meta.published"],
        [f"{bad}:9:5", "body[0].captoin"],
        [f"{bad}:12:14", "quotes[0].speaker"],
    ]


def test_a_directory_is_searched_recursively_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    minimal = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    for name in ("z.yaml", "b/a.yml", "a.YAML", ".hidden/x.yaml", "notes.txt"):
        (tmp_path / name).write_text(minimal, encoding="utf-8")
    status, out, err = run_main(capsys, "check", str(tmp_path))
    assert status == 0, err
    assert out.splitlines() == [
        f"{tmp_path / 'a.YAML'}: ok",
        f"{tmp_path / 'b' / 'a.yml'}: ok",
        f"{tmp_path / 'z.yaml'}: ok",
    ]


def test_every_bad_file_fails_and_every_good_one_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_main(capsys, "check", str(BAD), str(GOOD))
    assert status == 2
    assert sorted(out.splitlines()) == sorted(f"{p}: ok" for p in GOOD.glob("*.yaml"))
    for path in BAD.glob("*.yaml"):
        assert f"{path}:" in err, path.name


def test_an_empty_directory_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run_main(capsys, "check", str(tmp_path))
    assert status == 2
    assert out == ""
    assert err == f"{tmp_path}: no .yaml or .yml files in this directory\n"


def test_a_missing_path_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    status, out, err = run_main(capsys, "check", str(missing))
    assert (status, out, err) == (2, "", f"{missing}:0:0: no such file\n")


def test_max_bytes_applies_to_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run_main(capsys, "check", "--max-bytes", "20", str(GOOD / "full.yaml"))
    assert status == 2
    assert "over the limit of 20 " in err


def test_reading_a_bad_file_exits_2_before_the_reader_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)  # importing the reader would fail
    status, out, err = run_main(capsys, str(BAD / "alias.yaml"), "--no-mouse")
    assert (status, out) == (2, "")
    assert err == f"{BAD / 'alias.yaml'}:5:13: meta.subtitle: aliases (*title) are not allowed\n"


def test_reading_a_good_file_runs_the_reader(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    defaults = {"theme": None, "animate": True, "mouse": True, "start": None, "fresh": False}

    def run(article: Article, **options: object) -> int:
        calls.append((article.id, options))
        return 0

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(run=run))
    # capsys is no terminal: without this the article would be printed as plain text.
    monkeypatch.setattr("tui.cli.full_screen_possible", lambda: True)
    path = str(GOOD / "minimal.yaml")
    assert run_main(capsys, path, "--theme", "nord", "--no-animation") == (0, "", "")
    assert run_main(capsys, "--no-mouse") == (0, "", "")
    assert calls == [
        ("minimal", {**defaults, "theme": "nord", "animate": False}),
        (load_article(default_article_path()).id, {**defaults, "mouse": False}),
    ]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["--max-bytes", "lots"])
    assert raised.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.startswith("tui-reader ")


def test_ctrl_c_exits_130_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.model.loader.load_article", interrupted)
    assert run_main(capsys, "check", str(GOOD / "minimal.yaml")) == (130, "", "")


def test_control_characters_in_a_file_name_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "evil\x1b[2J.yaml"
    status, _out, err = run_main(capsys, "check", str(missing))
    assert status == 2
    assert "\x1b" not in err and "evil\\x1b[2J.yaml" in err


def test_python_m_tui_check_in_a_subprocess() -> None:
    bad = BAD / "duplicate_key.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{bad}:6:3: meta.title: duplicate key 'title' (first at line 4)\n"


def test_unknown_theme_is_refused_with_the_choices(capsys) -> None:
    assert main(["--theme", "no-such-theme"]) == 2
    err = capsys.readouterr().err
    assert "unknown theme 'no-such-theme'" in err
    assert "ansi-dark" in err and "Traceback" not in err
