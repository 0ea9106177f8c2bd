"""Test-wide set-up: no test reads or writes the real user's state or cache directories."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_user_directories(tmp_path_factory: pytest.TempPathFactory) -> None:
    # platformdirs follows these on Linux, and subprocesses inherit them.
    home = tmp_path_factory.mktemp("xdg")
    os.environ["XDG_STATE_HOME"] = str(home / "state")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
