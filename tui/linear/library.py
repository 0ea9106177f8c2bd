"""Linear mode on a directory: its articles one a key, as the library lists them (pure).

``tui.library`` finds and orders them (newest first, undated next, invalid files last) and
caches what it read; here each is said on one line, and Enter opens the one said last.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.library import LibraryEntry
from tui.linear.lines import Line, counted
from tui.render.common import published_human

#: What ``h`` prints in the list.
LIST_KEYS = (
    "Keys in the list of articles:",
    "n, Space or Down: the next article. N, b or Up: the previous one.",
    "Enter: open the article said last; q in the article comes back here.",
    "g: the first article. h: these keys. q: quit.",
)


class ListReply(NamedTuple):
    """What one key does in the list: lines to say, an entry to open, the end."""

    lines: list[Line]
    open: LibraryEntry | None = None
    quit: bool = False


class LibrarySession:
    """Which article of the list was said last, and what each key says."""

    def __init__(self, entries: list[LibraryEntry], directory: str) -> None:
        self.entries = entries
        self.directory = directory
        self.current = 0

    def start(self) -> list[Line]:
        count = counted(len(self.entries), "article")
        head = f"{count[0].upper()}{count[1:]} in {self.directory}, newest first."
        return [Line(f"{head} Enter opens one, h for keys.", "notice"), self.say(0)]

    def say(self, index: int) -> Line:
        """``Article 2 of 5: Title. 24 February 2022, Reuters, 16 quotes, 10 facts, x.yaml``."""
        self.current = index
        entry = self.entries[index]
        head = f"Article {index + 1} of {len(self.entries)}"
        if entry.error is not None:
            return Line(f"{head}, {entry.relative} cannot be read: {entry.error}", "notice")
        details = [published_human(entry.published), entry.source]
        details += [counted(entry.quotes, "quote"), counted(entry.facts, "fact"), entry.relative]
        return Line(f"{head}: {entry.title}. {', '.join(d for d in details if d)}", "title")

    def key(self, name: str) -> ListReply:
        last = len(self.entries) - 1
        if name in ("n", "space", "down", "page-down"):
            if self.current == last:
                return ListReply([Line("End of the list. g goes to the first.", "notice")])
            return ListReply([self.say(self.current + 1)])
        if name in ("N", "b", "up", "page-up"):
            if self.current == 0:
                return ListReply([Line("Start of the list.", "notice")])
            return ListReply([self.say(self.current - 1)])
        if name in ("g", "home"):
            return ListReply([self.say(0)])
        if name == "enter":
            return ListReply([], open=self.entries[self.current])
        if name == "h":
            return ListReply([Line(text, "notice") for text in LIST_KEYS])
        if name in ("q", "ctrl-d"):
            return ListReply([], quit=True)
        return ListReply([Line("That key does nothing in the list. Press h for keys.", "notice")])

    def back(self) -> list[Line]:
        """After ``q`` in an article: where the list is."""
        return [Line("Back to the list.", "notice"), self.say(self.current)]
