"""The real program with a crawler in it that presses every key of every live binding (tests).

``python tests/crawl_bindings.py REPORT ARGS...`` runs ``tui-reader ARGS`` as the command does,
in whatever terminal it is given, so every byte still goes through the real driver. When the
first screen is up (and the file ``REPORT.start`` exists, if ``CRAWL_WAIT`` is set), a crawler
on the app's own loop walks every screen it can reach: in each one it presses every key of
``App.active_bindings`` (the live bindings of the screen, the focused widget and the app, so
a new dialog or key is crawled without a list to update) and pastes ``CRAWL_PASTE``, once per
screen and focused widget. A key that opens a screen is followed into it; a key that leaves
a screen is undone by going back to the first screen and pressing the keys that led there
again. What it saw goes to ``REPORT`` as JSON; then the app waits on the first screen, with
nothing focused, for the test to press ``q``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events
from textual.app import App
from textual.screen import Screen

from tui.app import ReaderApp

#: Keys that would end or stop the program are never pressed (the test quits at the end).
LEAVING_ACTIONS = frozenset({"quit", "app.quit", "suspend_process", "app.suspend_process"})
#: How deep screens are followed (reader, dialog, a palette over it); ``CRAWL_DEPTH`` sets
#: another: the screens at that depth are shown but their keys not pressed.
MAX_DEPTH = int(os.environ.get("CRAWL_DEPTH", "4"))
#: A bound on the crawl, should a screen keep making new ones.
MAX_PRESSES = 1500
PASTE = "<paste>"


class Crawler:
    def __init__(self, app: App, report: Path) -> None:
        self.app = app
        self.report = report
        self.paste = os.environ.get("CRAWL_PASTE", "")
        self.tried: set[tuple[tuple[str, ...], tuple[str, str]]] = set()
        self.visited: set[tuple[str, ...]] = set()
        self.pressed: dict[str, set[str]] = {}
        self.presses = 0
        #: Each press: where, with what focused, which key.
        self.log: list[str] = []
        #: States the crawl could not get back to, to finish their keys.
        self.lost: list[str] = []
        self.exit_requests = 0

    def stack(self) -> tuple[str, ...]:
        return tuple(type(screen).__name__ for screen in self.app.screen_stack)

    def focus(self) -> str:
        focused = self.app.focused
        return "" if focused is None else type(focused).__name__

    def untried(self, stack: tuple[str, ...]) -> str | None:
        """A key for something not done yet here: each action of each binding once per
        screen (one of its keys: ``j`` and ``down`` both scroll; a screen's ``n`` does the
        same whichever pane has focus), and the paste once per focused widget."""
        live = [
            (key, active)
            for key, active in self.app.active_bindings.items()
            if active.enabled and active.binding.action not in LEAVING_ACTIONS
        ]
        # The screen's and the app's keys first, in the state the screen opened in: pressed
        # after the focused widget's (an input's or a list's End and PgDn), the library's Enter
        # found the cursor on its last entry, an invalid file, and never opened an article.
        live.sort(key=lambda item: not isinstance(item[1].node, Screen | App))
        choices = [
            ((type(active.node).__name__, active.binding.action), key) for key, active in live
        ]
        for done, key in [*choices, ((self.focus(), PASTE), PASTE)]:
            if (stack, done) not in self.tried:
                self.tried.add((stack, done))
                return key
        return None

    async def settle(self) -> None:
        """Long enough for the key to be handled and its frame written to the terminal."""
        await asyncio.sleep(0.03)
        await self.app.animator.wait_until_complete()
        await asyncio.sleep(0.01)

    async def press(self, key: str) -> None:
        self.presses += 1
        self.pressed.setdefault(self.stack()[-1], set()).add(key)
        self.log.append(f"{' > '.join(self.stack())} [{self.focus()}] {key}")
        if key == PASTE:
            self.app.post_message(events.Paste(self.paste))
        else:
            self.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await self.settle()

    async def back_to_first_screen(self) -> None:
        """Escape, as a person leaves a screen (a screen popped from outside can still have
        its workers and timers running); popped only when Escape does not leave it."""
        for _ in range(3 * len(self.app.screen_stack)):
            if len(self.app.screen_stack) == 1:
                return
            self.app.post_message(events.Key("escape", None))
            await self.settle()
        while len(self.app.screen_stack) > 1:
            self.app.workers.cancel_node(self.app.screen)
            await self.app.pop_screen()
            await self.settle()

    async def go(self, route: list[str], stack: tuple[str, ...]) -> bool:
        """Back at ``stack`` by its route from the first screen; False if that fails."""
        await self.back_to_first_screen()
        for key in route:
            await self.press(key)
        for _ in range(50):  # a loaded machine may take a while to push a screen
            if self.stack() == stack:
                return True
            await asyncio.sleep(0.02)
        self.lost.append(" > ".join(stack))
        return False

    async def explore(self, route: list[str]) -> None:
        """Every key here, with the focus where it is and then on each widget of the screen's
        focus chain in turn (a widget's own keys are live only while it has focus)."""
        stack = self.stack()
        crawling = -1  # the index in the focus chain of the widget whose keys are pressed
        while self.presses < MAX_PRESSES:
            if self.stack() != stack:
                if not await self.go(route, stack):
                    return
                await self.focus_on(crawling)
            key = self.untried(stack)
            if key is None:
                crawling += 1
                if crawling >= len(self.app.screen.focus_chain):
                    return
                await self.focus_on(crawling)
                continue
            await self.press(key)
            reached = self.stack()
            if reached != stack and reached not in self.visited:
                self.visited.add(reached)
                if len(route) + 1 < MAX_DEPTH:
                    await self.explore([*route, key])

    async def focus_on(self, index: int) -> None:
        chain = self.app.screen.focus_chain
        if 0 <= index < len(chain):
            self.app.set_focus(chain[index])
            await self.settle()

    async def run(self) -> None:
        if os.environ.get("CRAWL_WAIT"):
            start = self.report.with_name(self.report.name + ".start")
            while not start.exists():
                await asyncio.sleep(0.05)
        # Nothing the crawl reaches may end the app (a palette command, say): counted instead.
        exit_app = self.app.exit

        def count_exit(*args: object, **kwargs: object) -> None:
            self.exit_requests += 1

        self.app.exit = count_exit  # type: ignore[method-assign]
        await self.settle()
        self.visited.add(self.stack())
        try:
            await self.explore([])
            await self.back_to_first_screen()
        finally:
            self.app.exit = exit_app  # type: ignore[method-assign]
        self.app.set_focus(None)
        self.report.write_text(
            json.dumps(
                {
                    "screens": sorted(self.pressed),
                    "keys": {screen: sorted(keys) for screen, keys in self.pressed.items()},
                    "states": sorted(" > ".join(stack) for stack in self.visited),
                    "presses": self.presses,
                    "exit_requests": self.exit_requests,
                    "lost": self.lost,
                    "log": self.log,
                }
            )
        )


def main() -> int:
    report = Path(sys.argv[1])
    sys.argv = ["tui-reader", *sys.argv[2:]]
    ready = ReaderApp.on_ready

    def on_ready(app: ReaderApp) -> None:
        ready(app)
        app.run_worker(Crawler(app, report).run(), name="crawler")

    ReaderApp.on_ready = on_ready  # type: ignore[method-assign]
    from tui.__main__ import main as run_command

    return run_command()


if __name__ == "__main__":
    sys.exit(main())
