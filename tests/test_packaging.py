"""The wheel carries the default article, schema and stylesheet, and finds them installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    (path,) = out.glob("tui_reader-*.whl")
    return path


def test_wheel_contains_content_schema_and_stylesheet(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/content/nato-defence-plans-2022-02-24.yaml" in names
    assert "tui/schema/article.schema.json" in names
    assert "tui/reader.tcss" in names
    assert "tui/importer/lexicon/boilerplate.txt" in names  # the importer's word lists
    assert not any(name.startswith(("tests/", "content/")) for name in names)


def test_installed_wheel_finds_the_default_article_from_another_directory(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tui.content_paths import default_article_path as d; print(d())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert Path(found).is_relative_to(site), found
    checked = subprocess.run(
        [sys.executable, "-m", "tui", "check", found],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert "ok" in checked.stdout


def test_the_tui_reader_command_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    # The console script as pip writes it: import the entry point named in the wheel, call it.
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    scripts = archive.read(entry_points).decode()
    (line,) = [line for line in scripts.splitlines() if line.startswith("tui-reader")]
    module, function = line.split("=", 1)[1].strip().split(":")
    site = tmp_path / "site"
    archive.extractall(site)
    script = f"import sys; from {module} import {function}; sys.exit({function}())"
    checked = subprocess.run(
        [sys.executable, "-c", script, "check", str(site / "tui/content")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().endswith("nato-defence-plans-2022-02-24.yaml: ok")
