"""The quote list and the facts panel draw the items a page away while the reader is idle,
so that a scroll by a page finds them drawn instead of drawing them inside the key."""

from __future__ import annotations

from itertools import accumulate

import pytest
from list_marks import marked_text, screen_rows

from benchmarks.generate import article_yaml
from tui.app import ReaderApp
from tui.model.loader import parse_article
from tui.widgets import facts_panel, item_list, quote_list
from tui.widgets.item_list import ItemList

ARTICLE = parse_article(article_yaml(400), "generated.yaml")
#: Long enough for the timers that draw ahead, and all they draw.
SETTLE = 0.5


def shown_items(items: ItemList) -> set[int]:
    """The indexes of the items drawn: with a row in view, and whole or the first (an item cut
    at the bottom is left blank)."""
    starts = items.rows.starts()
    top = round(items.scroll_offset.y)
    bottom = top + items.scrollable_content_region.height
    return {
        i
        for i in range(items.option_count)
        if starts[i] < bottom
        and starts[i + 1] > top
        and (starts[i + 1] <= bottom or starts[i] <= top)
    }


def count_builds(monkeypatch, module, name: str) -> list[str]:
    """Patch ``module.name`` (a prompt builder: article, item, pattern) to note each item's id."""
    built: list[str] = []
    build = getattr(module, name)

    def counted(article, item, pattern=None):
        built.append(item.id)
        return build(article, item, pattern)

    monkeypatch.setattr(module, name, counted)
    return built


def test_the_textual_pinned_has_the_render_cache_the_lists_draw_from() -> None:
    # ItemList draws its rows, and draws ahead, through OptionList's own (private) render
    # method and its cache, and its hover state: a Textual without them must fail here.
    from textual.widgets import OptionList

    assert callable(getattr(ItemList, "_get_option_render", None))
    assert OptionList("a")._mouse_hovering_over is None


async def test_what_is_drawn_ahead_is_the_cursors_neighbours_then_the_pages_around() -> None:
    app = ReaderApp(ARTICLE, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        quotes = app.screen.quote_list
        height = quotes.scrollable_content_region.height
        quotes.highlighted = 0
        await pilot.pause()
        wanted = quotes.warm_items()
        assert wanted[0] == (1, True)  # the next quote, in the cursor's style
        plain = [index for index, highlighted in wanted if not highlighted]
        starts = quotes.rows.starts()
        # What is in view is drawn already: each item drawn ahead has rows out of view.
        assert all(starts[index + 1] > height for index in plain)
        # Two pages below the view, and nothing above its top.
        assert starts[min(plain)] <= height < starts[min(plain) + 1]
        assert starts[max(plain)] < 3 * height <= starts[max(plain) + 1]
        quotes.highlighted = 60
        await pilot.pause()
        top = round(quotes.scroll_offset.y)
        assert top > height
        wanted = quotes.warm_items()
        assert {(59, True), (61, True)} <= set(wanted)
        plain = [index for index, highlighted in wanted if not highlighted]
        above = [index for index in plain if starts[index] < top]
        assert above and starts[min(above)] <= top - height  # a page above it too


@pytest.mark.parametrize("draw_ahead", [True, False])
async def test_a_page_down_the_list_finds_its_items_drawn(monkeypatch, draw_ahead: bool) -> None:
    built = count_builds(monkeypatch, quote_list, "quote_prompt")
    if not draw_ahead:  # the same scroll without it: the test can tell the difference
        monkeypatch.setattr(ItemList, "warm_soon", lambda self: None)
    app = ReaderApp(ARTICLE, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.set_focus(app.screen.quote_list)
        quotes = app.screen.quote_list
        await pilot.pause(SETTLE)
        starts = quotes.rows.starts()
        bottom = quotes.scrollable_content_region.height
        last_shown = max(i for i in shown_items(quotes) if starts[i + 1] <= bottom)
        quotes.highlighted = last_shown  # wholly in view: the list stays
        await pilot.pause(SETTLE)
        # Only what the scroll's own frame draws is counted, not what it then draws ahead.
        monkeypatch.setattr(ItemList, "warm_soon", lambda self: None)
        quotes.highlighted = last_shown + 1  # past the bottom: the list scrolls a page
        built.clear()
        await pilot.pause()
        now_shown = shown_items(quotes)
        assert last_shown + 1 in now_shown and last_shown not in now_shown
        ids = {quotes.quotes[index].id for index in now_shown}
        drawn_in_the_frame = ids & set(built)
        if draw_ahead:
            assert drawn_in_the_frame == set()
        else:
            assert drawn_in_the_frame == ids


async def test_the_facts_panel_draws_ahead_too(monkeypatch) -> None:
    built = count_builds(monkeypatch, facts_panel, "fact_prompt")
    app = ReaderApp(ARTICLE, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(SETTLE)
        facts = app.screen.facts_panel
        below = {facts.facts[index].id for index, _ in facts.warm_items()}
        assert below and below <= set(built)


async def test_drawing_ahead_gives_way_to_keys(monkeypatch) -> None:
    # Each turn draws for at most WARM_SLICE, then queues the rest behind what else waits.
    monkeypatch.setattr(item_list, "WARM_SLICE", 0.0)
    app = ReaderApp(ARTICLE, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        quotes = app.screen.quote_list
        turns: list[int] = []
        step = ItemList._warm_step
        monkeypatch.setattr(ItemList, "_warm_step", lambda self: turns.append(1) or step(self))
        quotes.highlighted = 3
        await pilot.pause(SETTLE)
        assert len(turns) >= len(quotes.warm_items())  # one item a turn


# --- Keys, whole items, folding -------------------------------------------------------------


def seed_app() -> ReaderApp:
    from tui.content_paths import default_article_path
    from tui.model.loader import load_article

    return ReaderApp(load_article(default_article_path()), animate=False, environ={})


@pytest.mark.parametrize("pane", ["2", "3"])
async def test_the_body_keys_move_a_list_cursor(pane: str) -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        items = screen.quote_list if pane == "2" else screen.facts_panel
        last = items.option_count - 1
        await pilot.press(pane, "j")  # from no current item: the first in view
        assert items.highlighted == 0
        await pilot.press("j", "j", "k")
        assert items.highlighted == 1
        await pilot.press("G")
        assert items.highlighted == last
        await pilot.press("g")
        assert items.highlighted == 0
        await pilot.press("space")
        paged = items.highlighted
        assert paged is not None and paged > 1
        await pilot.press("b")
        assert items.highlighted is not None and items.highlighted < paged


def whole_items_shown(items: ItemList) -> bool:
    """The top row is an item's first, and no item is cut at the bottom of the view but the
    first one (taller than the view)."""
    starts = items.rows.starts()
    top = round(items.scroll_offset.y)
    if top not in starts:
        return False
    height = items.scrollable_content_region.height
    for y in range(height):
        row = top + y
        index = next(
            (i for i in range(items.option_count) if starts[i] <= row < starts[i + 1]), None
        )
        cut = index is not None and starts[index] > top and starts[index + 1] > top + height
        if cut and items.render_line(y).text.strip():
            return False
    return True


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 20)])
@pytest.mark.parametrize("pane", ["2", "3"])
async def test_a_list_shows_whole_items_after_end_and_paging(size, pane: str) -> None:
    # After G or a page down the top row was half an item: a quote without its speaker line.
    app = seed_app()
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        items = screen.quote_list if pane == "2" else screen.facts_panel
        await pilot.press(pane)
        for key in ("G", "pageup", "space", "space", "g", "pagedown", "b", "end", "up"):
            await pilot.press(key)
            await pilot.pause()
            assert whole_items_shown(items), (key, items.scroll_offset.y, items.rows.starts())


async def test_the_end_of_a_list_is_blank_rows_not_half_an_item() -> None:
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        quotes = screen.quote_list
        await pilot.press("2", "G")
        await pilot.pause()
        starts = quotes.rows.starts()
        height = quotes.scrollable_content_region.height
        assert quotes.scroll_offset.y == quotes.max_scroll_y
        assert starts[-1] - quotes.max_scroll_y < height  # rows to spare at the end
        assert quotes.render_line(height - 1).text.strip() == ""


@pytest.mark.parametrize(
    "keys", [["n"] * 5, ["n"] * 6 + ["N"], ["N", "N"], ["2", "G", "k", "k", "j", "k"]]
)
async def test_the_rows_kept_as_the_cursor_moves_are_the_rows_counted_afresh(keys) -> None:
    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        quotes = app.screen.quote_list
        await pilot.press(*keys)
        await pilot.pause()
        index = quotes.highlighted
        assert index is not None
        width = quotes.scrollable_content_region.width
        heights = [
            option.prompt.height(width, number == index)
            for number, option in enumerate(quotes.options)
        ]
        assert heights[index] > 2  # the current quote is unfolded
        assert quotes.rows.starts() == [0, *accumulate(heights)]
        for row in range(quotes.rows.total):
            item = quotes.rows.item_at(row)
            assert quotes.rows.start(item) <= row < quotes.rows.end(item)


# --- The current quote's whole text --------------------------------------------------------


async def test_the_current_quote_shows_all_its_words_in_the_list() -> None:
    app = seed_app()
    seed = app.article
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        quotes = screen.quote_list
        width = quotes.scrollable_content_region.width
        long = next(
            i for i, q in enumerate(seed.quotes) if len(" ".join(q.text.split())) > 2 * width
        )
        screen.jump_to_quote(seed.quotes[long])
        await pilot.pause()
        words = " ".join(seed.quotes[long].text.split())
        marked = marked_text(app, quotes)
        assert "…" not in marked
        assert " ".join(marked.split()[1:]).endswith(f"“{words}”"[-20:]), marked
        assert " ".join(marked.split()).count(" ") >= words.count(" ")
        # Folded again once the cursor leaves it: one row, cut with an ellipsis.
        await pilot.press("n")
        await pilot.pause()
        rows = [text for text, _ in screen_rows(app, quotes)]
        cut = [row for row in rows if row.strip().startswith(f"“{words[:10]}")]
        assert len(cut) == 1 and cut[0].rstrip().endswith("…"), rows


def test_a_wrapping_fact_label_keeps_its_paragraph_mark_with_its_last_word() -> None:
    # A label that filled its row left ``¶ 4`` alone on the next one.
    from tui.content_paths import default_article_path
    from tui.model.loader import load_article
    from tui.widgets.body_layout import line_count, wrap

    seed = load_article(default_article_path())
    fact = next(fact for fact in seed.facts if " " in fact.label)
    prompt = facts_panel.fact_prompt(seed, fact)
    heading = prompt.lines[0].content.plain
    number = seed.paragraph_numbers[fact.block_id]
    rows = [heading[start:end] for start, end in wrap(heading, len(fact.label))]
    assert not rows[-1].replace("\u00a0", " ").startswith("¶")
    last_word = fact.label.split()[-1]
    assert rows[-1].split(" ")[-1].startswith(last_word) and rows[-1].endswith(f"¶\u00a0{number}")
    assert line_count(heading, len(fact.label)) == len(rows)
    # A label that fits with its mark is one row, as before.
    assert wrap(heading, len(heading)) == [(0, len(heading))]
    assert heading.replace("\u00a0", " ") == f"{fact.label}  ¶ {number}"
