"""One paint at start-up: a screen draws nothing until its widgets have settled at their sizes.

Textual 8.2.8 draws a screen as soon as its first layout pass has given the widgets their
sizes, before any of them has handled that size (``Resize``), and then draws it again for each
that changes something, for each widget's own first refresh and once more for the screen's
``refresh`` on resume: five full paints of the reader over SSH, 77 KB at 120x40 where one is
15 KB. A screen with ``FirstPaint`` renders nothing until it says its state is complete
(``first_paint_ready``); then the whole screen is drawn once, with what each widget shows by
then. A safety timer draws it anyway after ``FIRST_PAINT_TIMEOUT``: never a blank terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.events import ScreenResume
from textual.screen import Screen
from textual.timer import Timer

#: Seconds after the screen is first shown by which it is drawn, ready or not.
FIRST_PAINT_TIMEOUT = 1.0
#: Seconds from the refresh that draws the first frame to the callbacks waiting for it. The
#: driver's writer thread hands the frame to the terminal in pieces (a pty takes 4 KB at a
#: time) and needs the interpreter lock for each: a full garbage collection started at once
#: held the rest of the frame back by 30-50 ms, a screen half drawn.
AFTER_FIRST_PAINT_DELAY = 0.1


class FirstPaint(Screen):
    """A screen drawn once its start-up state is complete (see the module)."""

    _first_paint_held = True
    _first_paint_due = False
    _first_paint_timer: Timer | None = None
    _after_first_paint: list[Callable[[], object]] | None = None
    #: Callbacks for the wait between ``first_paint_ready`` and the frame.
    _while_first_paint_waits: list[Callable[[], object]] | None = None
    _first_paint_waiting = False

    @property
    def first_paint_held(self) -> bool:
        """True until the screen has been allowed to draw its first frame."""
        return self._first_paint_held

    def on_screen_resume(self, event: ScreenResume) -> None:
        if self._first_paint_held and self._first_paint_timer is None:
            # Shown for the first time: every widget was styled as it was mounted, just now.
            # Textual 8.2.8 styles the whole screen again here, 10-18 ms of the first frame.
            event.refresh_styles = False
            self._first_paint_timer = self.set_timer(
                FIRST_PAINT_TIMEOUT, self._release_first_paint, name="first paint"
            )

    def first_paint_ready(self) -> None:
        """What the first frame shows is in place: the next refresh draws it, after its layout
        pass (which lays out what the widgets' first sizes changed).

        In that refresh, not once it is done: the frame then waited for one more, a tick of
        the screen's 60 Hz update timer later (11-17 ms). Where that refresh also repaints the
        screen (a second render after its layout pass), the frame is drawn by that render, or
        it would be drawn twice.
        """
        if self._first_paint_held:
            self._first_paint_due = True
            self.refresh(repaint=False, layout=True)  # a refresh comes, whatever else changed
            if not self._first_paint_waiting:
                self._first_paint_waiting = True
                callbacks, self._while_first_paint_waits = self._while_first_paint_waits or [], None
                for callback in callbacks:
                    self.call_later(callback)

    def call_while_first_paint_waits(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once what the first frame shows is in place, while the screen
        waits for the refresh that draws it (up to a tick of its 60 Hz update timer, in which
        it is idle). Never once the frame is drawn."""
        if not self._first_paint_held:
            return
        if self._first_paint_waiting:
            self.call_later(callback)
        else:
            if self._while_first_paint_waits is None:
                self._while_first_paint_waits = []
            self._while_first_paint_waits.append(callback)

    def first_paint_released(self) -> None:
        """Called once what the first frame shows is complete, as it is drawn; for subclasses."""

    def call_after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame has been drawn and written."""
        if self._after_first_paint is None:
            self._after_first_paint = []
            if not self._first_paint_held:
                self.call_after_refresh(self._first_paint_written)
        self._after_first_paint.append(callback)

    def _release_first_paint(self, *, refresh: bool = True) -> None:
        if not self._first_paint_held:
            return
        self._first_paint_held = False
        if self._first_paint_timer is not None:
            self._first_paint_timer.stop()
            self._first_paint_timer = None
        if refresh:
            self.refresh()
        self.first_paint_released()
        if self._after_first_paint is not None:
            self.call_after_refresh(self._first_paint_written)

    def _first_paint_written(self) -> None:
        self.set_timer(AFTER_FIRST_PAINT_DELAY, self._run_after_first_paint, name="first paint")

    def _run_after_first_paint(self) -> None:
        callbacks, self._after_first_paint = self._after_first_paint or [], None
        for callback in callbacks:
            callback()

    def _compositor_refresh(self) -> None:
        # Textual's private step that renders the screen's changes and writes them (8.2.8):
        # every layout pass and repaint goes through it. Skipped while the first paint is
        # held, so nothing is rendered or written; the dirty regions it leaves are all drawn by
        # the full frame that follows. tests/test_first_paint.py fails if Textual renames it.
        if self._first_paint_held:
            # ``_repaint_required`` (private, 8.2.8): the screen's own repaint, which
            # ``_on_timer_update`` renders after the layout pass in the same refresh.
            if not self._first_paint_due or self._repaint_required:
                return
            # Nothing was drawn, so all of the screen is to be: no refresh asked for (it would
            # draw it all a second time).
            self._release_first_paint(refresh=False)
        super()._compositor_refresh()
