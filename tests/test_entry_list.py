"""The library's list widget: a cursor over thousands of two-row entries, drawn where they show."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.scroll_view import ScrollView
from textual.widget import Widget

from tui.widgets.entry_list import EntryList
from tui.widgets.prompt import Line, Prompt


def entries(count: int, name: str = "Entry") -> list[Prompt]:
    return [
        Prompt([Line(Content(f"{name} {n}"), wraps=False), Line(Content(f"details {n}"))])
        for n in range(count)
    ]


class ListApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield EntryList(id="list")

    def on_mount(self) -> None:
        self.query_one(EntryList).set_entries(entries(self.count))
        self.query_one(EntryList).focus()

    def on_entry_list_selected(self, message: EntryList.Selected) -> None:
        self.selected.append(message.index)


def screen_text(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_view_shows_whole_entries_and_the_cursor_pages_through() -> None:
    app = ListApp(1_000)
    async with app.run_test(size=(40, 11)) as pilot:  # 11 rows: 5 whole entries and one row
        listed = app.query_one(EntryList)
        assert listed.entry_count == 1_000
        assert listed.highlighted == 0
        text = screen_text(app)
        assert text[0].strip() == "Entry 0" and text[9].strip() == "details 4"
        assert text[10].strip() == ""  # not half of entry 5
        await pilot.press("down", "j", "j", "j")
        assert listed.highlighted == 4 and round(listed.scroll_offset.y) == 0
        await pilot.press("down")  # past the bottom: entry 5 comes to the top
        assert listed.highlighted == 5 and round(listed.scroll_offset.y) == 10
        assert screen_text(app)[0].strip() == "Entry 5"
        await pilot.press("up")  # past the top: entry 4 comes to the bottom
        assert listed.highlighted == 4 and round(listed.scroll_offset.y) == 0
        await pilot.press("pagedown")
        assert listed.highlighted == 9
        await pilot.press("end")
        assert listed.highlighted == 999
        assert screen_text(app)[8].strip() == "Entry 999"  # the last page is whole entries
        await pilot.press("G", "down")
        assert listed.highlighted == 999
        await pilot.press("g", "up", "pageup")
        assert listed.highlighted == 0 and round(listed.scroll_offset.y) == 0


async def test_enter_and_a_click_select() -> None:
    app = ListApp(10)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("down", "enter")
        assert app.selected == [1]
        await pilot.click(EntryList, offset=(4, 6))  # row 6: entry 3 (border-less, 2 rows each)
        assert app.selected == [1, 3]
        assert app.query_one(EntryList).highlighted == 3


async def test_new_entries_keep_the_cursor_where_asked_and_the_scrollbar_follows() -> None:
    app = ListApp(1_000)
    async with app.run_test(size=(40, 12)) as pilot:
        listed = app.query_one(EntryList)
        await pilot.press("end")
        listed.set_entries(entries(3, "Other"), highlighted=7)
        await pilot.pause()
        assert listed.highlighted == 2  # clamped
        assert round(listed.scroll_offset.y) == 0
        assert screen_text(app)[0].strip() == "Other 0"
        # The virtual size follows without a layout pass, and so does the scrollbar.
        assert listed.virtual_size.height == 6
        listed.set_entries(entries(500), highlighted=0)
        await pilot.pause()
        assert listed.virtual_size.height == 1_000
        assert listed.vertical_scrollbar.window_virtual_size == 1_000
        listed.set_entries([], highlighted=0)
        await pilot.pause()
        assert listed.highlighted is None
        await pilot.press("down", "end", "enter")
        assert app.selected == []


async def test_new_entries_that_leave_the_view_as_it_was_repaint_nothing() -> None:
    app = ListApp(100)
    async with app.run_test(size=(40, 12)) as pilot:
        listed = app.query_one(EntryList)
        await pilot.pause()
        kept = listed._entries
        painted: list[int] = []
        original = listed.render_line

        def counted(y: int):
            painted.append(y)
            return original(y)

        listed.render_line = counted  # type: ignore[method-assign]
        listed.set_entries(list(kept), highlighted=0)  # the same entries, another sequence
        await pilot.pause()
        assert painted == []
        listed.set_entries(list(kept[1:]), highlighted=0)
        await pilot.pause()
        assert painted  # the view changed


def test_the_private_textual_api_the_list_uses_is_there() -> None:
    """``EntryList._update_virtual_size`` calls ``Widget._scroll_update``, and
    ``tui.widgets.steady_size`` overrides ``ScrollView._size_updated``: a Textual upgrade that
    drops either fails here."""
    assert callable(getattr(Widget, "_scroll_update", None))
    assert callable(getattr(ScrollView, "_size_updated", None))
