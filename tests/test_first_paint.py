"""One paint at start-up (issue #13): over SSH at 120x40 the reader draws its screen once, and
that first frame is complete; repeated sizes and unchanged keys draw nothing; the Textual
internals this relies on are still there."""

from __future__ import annotations

import inspect
import sys

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import OptionList

from benchmarks.generate import article_yaml
from benchmarks.run import MODES, start_up
from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article
from tui.screens.first_paint import FIRST_PAINT_TIMEOUT
from tui.widgets.key_footer import KeyFooter

ARTICLE = load_article(default_article_path())
TITLE = ARTICLE.meta.title[:40]
#: One paint of the reader at 120x40 over SSH is ~15 KB; five were 78 KB before issue #13, and
#: two would be ~30 KB. (``benchmarks/run.py`` holds the 24,000 budget, timed against the
#: minimal app.)
MAX_START_UP_BYTES = 24_000


def ssh_start_up(
    columns: int = 120,
    rows: int = 40,
    *,
    sync: bool = False,
    title: str = TITLE[:20],
    args: tuple[str, ...] = (),
):
    """The real reader in a pty that answers like xterm (or, with ``sync``, like a terminal
    that brackets frames), with the environment ssh leaves."""
    import benchmarks.run as bench

    saved = bench.COLUMNS, bench.ROWS
    bench.COLUMNS, bench.ROWS = columns, rows
    try:
        argv = [sys.executable, "-m", "tui", *args]
        return start_up(argv, MODES["ssh"][1], title, 60, sync=sync)
    finally:
        bench.COLUMNS, bench.ROWS = saved


def test_over_ssh_the_reader_writes_one_paint_before_it_is_quiet() -> None:
    run = ssh_start_up()
    assert run.bytes <= MAX_START_UP_BYTES, run.bursts


def test_the_first_frame_shows_everything_and_no_frame_follows() -> None:
    """Counted where the terminal brackets each frame (synchronized output)."""
    run = ssh_start_up(sync=True)
    assert run.frames <= 2, run.bursts  # one; the second would be a late repaint of a part
    screen = "\n".join(run.first_screen)
    # Title, body, both panels with their titles, the status line with the place and the
    # count of quotes (none is current yet), and the footer's keys: all in the first frame,
    # none a frame later.
    assert TITLE in screen
    assert "NATO is activating its “defense plans”" in screen
    assert "Quotes" in run.first_screen[4] and "Facts" in screen
    assert "Stoltenberg's media conference" in screen
    assert "¶ 1/24 · 0%   16 quotes" in screen
    assert "q Quit" in run.first_screen[-1] and "n Next quote" in run.first_screen[-1]


def test_a_large_file_draws_its_loading_screen_once_then_the_reader_once(tmp_path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(article_yaml(4_000), encoding="utf-8")  # 1.5 MB: loaded behind a frame
    run = ssh_start_up(sync=True, title="Synthetic article of 4,000", args=(str(path),))
    screen = "\n".join(run.first_screen)
    assert "Synthetic article of 4,000" in screen and "Loading large.yaml" in screen
    # The loading screen's frame, a line a second while it loads, the reader's frame (before
    # issue #13, 9 frames and ~75 KB: each screen was drawn four or five times).
    assert run.bytes <= 2 * MAX_START_UP_BYTES, run.bursts
    assert run.frames <= 3 + run.bursts[-1][0], run.bursts


def test_a_window_too_small_shows_its_notice_at_once() -> None:
    """No body is laid out there: the notice is the first frame, without waiting for the
    safety timer."""
    run = ssh_start_up(30, 10, title="Terminal too small: 30x10")
    # Drawn as soon as the screen is up (the first frame's own time), not after the timeout.
    assert run.bursts[-1][0] - run.first_frame < FIRST_PAINT_TIMEOUT


async def test_the_first_paint_waits_for_the_widgets_and_is_one_full_render() -> None:
    app = ReaderApp(ARTICLE, animate=False)
    renders: list[bool] = []
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        compositor = reader._compositor
        render_update = compositor.render_update

        def counted(*args, **kwargs):
            update = render_update(*args, **kwargs)
            renders.append(reader.first_paint_held)
            return update

        compositor.render_update = counted
        await pilot.pause(0.2)
        assert not reader.first_paint_held
        # Everything the first frame shows was in place when it was drawn.
        assert reader.body.size.height > 0 and reader.quote_list.option_count == 16
        assert reader.status_line.text.startswith("¶ 1/24 · 0%   16 quotes")
    assert renders and not any(renders)  # nothing was rendered while the paint was held


async def test_the_same_size_again_lays_nothing_out() -> None:
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.reader
        layouts: list[Size | None] = []
        refresh_layout = reader._refresh_layout

        def counted(size=None, scroll=False):
            layouts.append(size)
            return refresh_layout(size, scroll)

        reader._refresh_layout = counted
        for _ in range(3):
            app.post_message(events.Resize(Size(120, 40), Size(120, 40)))
            await pilot.pause()
        assert layouts == []
        app.post_message(events.Resize(Size(80, 24), Size(80, 24)))
        await pilot.pause(0.1)
        assert Size(80, 24) in layouts  # a new size still lays the screen out
        assert reader.has_class("-medium")


async def test_the_footer_keeps_its_keys_while_they_stay_the_same() -> None:
    """The first frame has the footer's keys, and moving between panes, which changes no key
    shown, does not draw the footer again (each time was a repaint of its line)."""
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.reader.query_one(KeyFooter)
        keys = footer.shown
        assert {"Quit", "Help"} <= {key.description for key in keys}
        refreshes = 0
        refresh = footer.refresh

        def counted(*args, **kwargs):
            nonlocal refreshes
            refreshes += 1
            return refresh(*args, **kwargs)

        footer.refresh = counted
        for key in ("tab", "tab", "tab", "1"):
            await pilot.press(key)
        await pilot.pause()
        assert footer.shown == keys
        assert refreshes == 0


def test_the_textual_internals_the_first_paint_relies_on() -> None:
    """``FirstPaint`` skips ``Screen._compositor_refresh``, through which every layout pass and
    repaint renders and writes, and the restyle of ``Screen._on_screen_resume``; ``ItemList``
    calls ``OptionList._update_lines`` in the layout pass. When one of these goes, look at what
    Textual does instead."""
    assert "self._compositor_refresh()" in inspect.getsource(Screen._refresh_layout)
    assert "self._compositor_refresh()" in inspect.getsource(Screen._on_timer_update)
    assert "app._display(" in inspect.getsource(Screen._compositor_refresh)
    # ``FirstPaint`` turns off the restyle of the screen's first ``ScreenResume``.
    assert "event.refresh_styles" in inspect.getsource(Screen._on_screen_resume)
    # It draws the first frame in the render after the layout pass unless the screen's own
    # repaint follows it there.
    assert "if self._repaint_required:" in inspect.getsource(Screen._on_timer_update)
    assert "self.virtual_size" in inspect.getsource(OptionList._update_lines)


@pytest.mark.parametrize("size", [(80, 24), (50, 20)])
async def test_every_size_gets_its_first_frame(size: tuple[int, int]) -> None:
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.2)
        assert not app.reader.first_paint_held


async def test_the_lists_draw_nothing_ahead_before_the_first_frame(monkeypatch) -> None:
    """The items below and above the view are drawn once the first frame is out: drawn while
    it was held (the lists' first size set off the drawing ahead), they delayed it. The items
    it shows are drawn while it waits for the refresh that draws it."""
    from tui.widgets import item_list
    from tui.widgets.item_list import ItemList

    drawn: list[tuple[str, int]] = []
    render = OptionList._get_option_render

    def recorded(self, option, style):
        if self.screen.first_paint_held:
            drawn.append((self.id, self._option_to_index[option]))
        return render(self, option, style)

    monkeypatch.setattr(ItemList, "_get_option_render", recorded)
    # At once, not 20 ms after the lists' first size: on a real terminal the first frame came
    # later than that (the headless one comes sooner).
    monkeypatch.setattr(item_list, "WARM_DELAY", 0.001)
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        reader = app.reader
        in_view = {
            (panel.id, index)
            for panel in (reader.quote_list, reader.facts_panel)
            for index in _items_in_view(panel)
        }
    assert drawn  # the first frame's own items, drawn while it waits for its refresh
    assert set(drawn) <= in_view, sorted(set(drawn) - in_view)


def _items_in_view(panel) -> range:
    top = round(panel.scroll_offset.y)
    height = panel.scrollable_content_region.height
    return range(panel.rows.item_at(top), panel.rows.item_at(top + height - 1) + 1)


async def test_the_first_showing_styles_no_widget_again(monkeypatch) -> None:
    """Every widget is styled as it is mounted; the screen's first ``ScreenResume`` styled the
    whole screen again (10-18 ms of the first frame). What a widget looks like is the same."""
    styled: list[object] = []
    update_node_styles = Screen.update_node_styles

    def recorded(self, animate: bool = True) -> None:
        if sys._getframe(1).f_code.co_name == "_on_screen_resume":  # not a class change's
            styled.append(self)
        update_node_styles(self, animate)

    monkeypatch.setattr(Screen, "update_node_styles", recorded)
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        reader = app.reader
        assert reader not in styled
        # Styled as the rules say: the layout class the first frame is drawn with, the
        # focused body, the lists' borders.
        assert reader.has_class("-wide") and reader.body.has_focus
        assert reader.quote_list.styles.border_top[0] != ""
        assert reader.query_one("#side").styles.width is not None


async def test_the_first_frame_is_drawn_in_the_refresh_after_it_is_ready(monkeypatch) -> None:
    """Once what it shows is in place, the first frame is drawn by the next refresh, after
    that refresh's layout pass; it waited for one more refresh before (a tick of the screen's
    60 Hz update timer, 11-17 ms), and with the lists' scrollbars laid out in the first pass,
    that pass left nothing to repaint after the frame."""
    from textual._compositor import Compositor

    from tui.screens.first_paint import FirstPaint

    steps: list[str] = []
    ready, refresh_layout, render_update = (
        FirstPaint.first_paint_ready,
        Screen._refresh_layout,
        Compositor.render_update,
    )

    def recorded_ready(self) -> None:
        steps.append("ready")
        ready(self)

    def recorded_layout(self, size=None, scroll=False) -> None:
        steps.append("layout")
        refresh_layout(self, size, scroll)

    def recorded_render(self, *args, **kwargs):
        update = render_update(self, *args, **kwargs)
        if update is not None:
            steps.append("render")
        return update

    monkeypatch.setattr(FirstPaint, "first_paint_ready", recorded_ready)
    monkeypatch.setattr(Screen, "_refresh_layout", recorded_layout)
    monkeypatch.setattr(Compositor, "render_update", recorded_render)
    app = ReaderApp(ARTICLE, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
    first = steps.index("ready")
    assert steps[first:].count("render") == 1, steps  # one frame, nothing repainted after
    assert steps[first : steps.index("render")].count("layout") == 1, steps
