"""The quote list and the facts panel draw the items a page away while the reader is idle,
so that a scroll by a page finds them drawn instead of drawing them inside the key."""

from __future__ import annotations

import pytest

from benchmarks.generate import article_yaml
from tui.app import ReaderApp
from tui.model.loader import parse_article
from tui.widgets import facts_panel, item_list, quote_list
from tui.widgets.item_list import ItemList

ARTICLE = parse_article(article_yaml(400), "generated.yaml")
#: Long enough for the timers that draw ahead, and all they draw.
SETTLE = 0.5


def shown_items(items: ItemList) -> set[int]:
    """The indexes of the items with at least one row in view."""
    starts = items._row_starts()
    top = round(items.scroll_offset.y)
    bottom = top + items.scrollable_content_region.height
    return {i for i in range(items.option_count) if starts[i] < bottom and starts[i + 1] > top}


def count_builds(monkeypatch, module, name: str) -> list[str]:
    """Patch ``module.name`` (a prompt builder: article, item, pattern) to note each item's id."""
    built: list[str] = []
    build = getattr(module, name)

    def counted(article, item, pattern=None):
        built.append(item.id)
        return build(article, item, pattern)

    monkeypatch.setattr(module, name, counted)
    return built


def test_the_textual_pinned_has_the_render_cache_drawing_ahead_fills() -> None:
    # ItemList draws ahead through OptionList's own render method, so that its cache holds
    # what the next scroll draws. A Textual without it would not break the reader, only make
    # scrolls slower again: this says so at once.
    assert callable(getattr(ItemList, "_get_option_render", None))


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
        starts = quotes._row_starts()
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
        starts = quotes._row_starts()
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
