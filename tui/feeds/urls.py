"""The feeds a person subscribes to: the plain ``urls`` file in the user config directory.

As newsboat's ``urls``: one feed address a line, anything after it on the line (tags) and
``#`` comment lines are kept as they are, in their order; ``add`` appends, ``remove`` drops only
the lines of the addresses named. The file is rewritten atomically (``tui.state``), keeping its
mode, and never through a symlink. Pure: the standard library and platformdirs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.private_files import RefusedPath, user_directory

APP_NAME = "tui-reader"
#: A subscription list is a few kilobytes: a larger file is not one a person keeps.
MAX_URLS_BYTES = 4 * 1024 * 1024


def default_urls_path() -> Path:
    """``$XDG_CONFIG_HOME/tui-reader/urls`` (``~/.config/tui-reader/urls`` on Linux);
    ``RefusedPath`` without a home."""
    import platformdirs

    return user_directory(lambda: platformdirs.user_config_dir(APP_NAME)) / "urls"


def url_of(line: str) -> str | None:
    """The feed address a line of the file names, or None for a blank or ``#`` comment line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    return text.split(None, 1)[0]


@dataclass
class UrlsFile:
    """The lines of one ``urls`` file, read once; ``save`` writes them back."""

    path: Path
    lines: list[str]

    @classmethod
    def read(cls, path: Path | None = None) -> UrlsFile:
        """The file at ``path`` (default: the user's), empty when there is none yet.
        ``OSError`` (``RefusedPath`` too) when it cannot be read."""
        place = path if path is not None else default_urls_path()
        try:
            with open(place, "rb", opener=_no_follow) as file:
                data = file.read(MAX_URLS_BYTES + 1)
        except FileNotFoundError:
            return cls(place, [])
        if len(data) > MAX_URLS_BYTES:
            raise RefusedPath(place, f"is larger than {MAX_URLS_BYTES:,} bytes")
        text = data.decode("utf-8", "replace")
        return cls(place, text.splitlines())

    def urls(self) -> list[str]:
        """Every address, in the file's order, each once."""
        return list(dict.fromkeys(url for line in self.lines if (url := url_of(line))))

    def add(self, urls: Iterable[str]) -> list[str]:
        """Appends the addresses not there yet; those appended."""
        present = set(self.urls())
        added = []
        for url in urls:
            if url not in present:
                present.add(url)
                added.append(url)
                self.lines.append(url)
        return added

    def remove(self, urls: Iterable[str]) -> list[str]:
        """Drops the lines of these addresses (comments stay); those that were there."""
        unwanted = set(urls)
        removed = [url for url in self.urls() if url in unwanted]
        self.lines = [line for line in self.lines if url_of(line) not in unwanted]
        return removed

    def save(self) -> None:
        """Writes the lines back atomically; ``OSError`` when it cannot."""
        from tui.private_files import private_directory
        from tui.state import write_atomically

        if not self.path.parent.exists():
            private_directory(self.path.parent)
        text = "".join(f"{line}\n" for line in self.lines)
        write_atomically(self.path, text.encode("utf-8"), private=False)


def _no_follow(path: str | os.PathLike[str], flags: int) -> int:
    """Opens without following a symlink at the last component, nor blocking on a FIFO."""
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
