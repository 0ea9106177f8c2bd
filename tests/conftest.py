"""Test-wide set-up: no test reads or writes the real user's state or cache directories; shared
fixtures."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_user_directories(tmp_path_factory: pytest.TempPathFactory) -> None:
    # platformdirs follows these on Linux, and subprocesses inherit them.
    home = tmp_path_factory.mktemp("xdg")
    os.environ["XDG_STATE_HOME"] = str(home / "state")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["XDG_DATA_HOME"] = str(home / "data")  # ``serve``'s host key, the feed store
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")  # the feeds' ``urls`` file


@pytest.fixture
def open_pipe(tmp_path: Path) -> Iterator[Path]:
    """A FIFO whose writer sends the start of an article and then stays open (for 60 s)."""
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    writer = subprocess.Popen(
        ["sh", "-c", f"(printf 'schema: 1\\n'; sleep 60) > '{path}'"], start_new_session=True
    )
    yield path
    os.killpg(writer.pid, 9)
    writer.wait()
