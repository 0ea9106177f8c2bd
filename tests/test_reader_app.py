"""The reader driven from the keyboard with Pilot: focus, jumps, highlights, filter, copy, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.content import Content

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_picker import SpeakerPicker
from tui.widgets.article_body import ArticleBody


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def make_app(article: Article) -> ReaderApp:
    return ReaderApp(article, animate=False, environ={})


def reader(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def block_in_view(body: ArticleBody, block_id: str) -> bool:
    first, stop = body.visible_block_range()
    return first <= body.article.block_index[block_id] < stop


def span_text(article: Article, span) -> str:
    block = article.blocks[article.block_index[span.block_id]]
    return block.text[span.start : span.end]


async def test_tab_cycles_panes_and_focus_is_visible(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        assert app.focused is screen.body
        await pilot.press("tab")
        assert app.focused is screen.quote_list
        await pilot.press("tab")
        assert app.focused is screen.facts_panel
        await pilot.press("tab")
        assert app.focused is screen.body
        await pilot.press("shift+tab")
        assert app.focused is screen.facts_panel
        # The focused pane is drawn differently: its border uses the focus colour.
        assert screen.facts_panel.styles.border_top != screen.quote_list.styles.border_top


async def test_n_jumps_to_first_quote_and_highlights_exactly_its_words(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n")
        quote = seed.quotes[0]
        assert screen.quote_list.highlighted == 0
        assert screen.body.highlighted_spans == quote.spans
        assert [span_text(seed, s) for s in quote.spans] == list(quote.parts)
        assert block_in_view(screen.body, quote.spans[0].block_id)
        assert "Quote 1/" in screen.status_line.text
        assert seed.speaker_of(quote).name in screen.status_line.text


async def test_n_and_brackets_walk_quotes_with_context_above(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        body = screen.body
        for expected in range(6):
            await pilot.press("n" if expected % 2 else "right_square_bracket")
            quote = seed.quotes[expected]
            assert screen.quote_list.highlighted == expected
            assert body.highlighted_spans == quote.spans
            assert block_in_view(body, quote.spans[0].block_id)
        await pilot.press("N")
        assert screen.quote_list.highlighted == 4
        await pilot.press("left_square_bracket")
        assert screen.quote_list.highlighted == 3


async def test_a_quote_already_in_view_is_highlighted_where_it_stands(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        body = screen.body
        await pilot.press("n")  # the first quote, in the first paragraph on screen
        assert screen.quote_list.highlighted == 0
        assert body.highlighted_spans == seed.quotes[0].spans
        assert body.scroll_offset.y == 0  # the photo and its caption above stay whole
        await pilot.press("n", "n", "n", "n")
        assert screen.quote_list.highlighted == 4
        assert block_in_view(body, seed.quotes[4].spans[0].block_id)
        assert body.scroll_offset.y == 0


async def test_a_smaller_window_keeps_the_highlighted_quote_in_view(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press(*"nnnnn")
        fifth = seed.quotes[4]
        assert block_in_view(screen.body, fifth.spans[0].block_id)
        assert screen.body.scroll_offset.y == 0
        await pilot.resize_terminal(120, 16)  # from the top, its paragraph is below the view
        await pilot.pause()
        assert screen.body.scroll_offset.y > 0
        assert screen.body.spans_in_view(fifth.spans)
        assert screen.quote_list.highlighted == 4
        # The list too shows it, from the top of an item.
        quotes = screen.quote_list
        starts, top = quotes.rows.starts(), quotes.scroll_offset.y
        assert top in starts
        assert top <= starts[4] and starts[5] <= top + quotes.scrollable_content_region.height
        await pilot.press("n")
        assert screen.quote_list.highlighted == 5
        assert block_in_view(screen.body, seed.quotes[5].spans[0].block_id)


async def test_jump_far_down_keeps_context_above_the_quote(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        body = screen.body
        await pilot.press("N")  # from the top, N wraps to the last quote
        last = seed.quotes[-1]
        assert screen.quote_list.highlighted == len(seed.quotes) - 1
        line = body.line_of_block(seed.block_index[last.spans[0].block_id])
        if body.max_scroll_y > line:
            # Not glued to the top edge: some lines of context stay above the quote.
            assert 0 < line - body.scroll_offset.y <= 4
        assert block_in_view(body, last.spans[0].block_id)


async def test_multi_paragraph_quote_highlights_both_parts(seed: Article) -> None:
    app = make_app(seed)
    two_part = next(q for q in seed.quotes if len(q.parts) == 2)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        screen.jump_to_quote(two_part)
        await pilot.pause()
        assert screen.body.highlighted_spans == two_part.spans
        assert len({span.block_id for span in two_part.spans}) == 2


async def test_the_list_cursor_shows_its_quote_and_enter_brings_it_back(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("tab")
        await pilot.press("down", "down", "down")
        index = screen.quote_list.highlighted
        assert index == 2
        # Moving the cursor shows the quote: highlighted where it stands, no scroll.
        assert screen.body.highlighted_spans == seed.quotes[index].spans
        assert screen.body.scroll_offset.y == 0
        await pilot.press("1", "G")  # read on, far from it
        assert not block_in_view(screen.body, seed.quotes[index].spans[0].block_id)
        await pilot.press("2", "enter")
        assert screen.body.highlighted_spans == seed.quotes[index].spans
        assert block_in_view(screen.body, seed.quotes[index].spans[0].block_id)


async def test_facts_f_and_enter_highlight_the_figure(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("f")
        fact = seed.facts[0]
        assert screen.facts_panel.highlighted == 0
        assert screen.body.highlighted_spans == (fact.span,)
        assert f"Fact 1/{len(seed.facts)} · {fact.label}" in screen.status_line.text
        assert span_text(seed, fact.span) in seed.blocks[seed.block_index[fact.block_id]].text
        await pilot.press("f", "f")
        assert screen.facts_panel.highlighted == 2
        await pilot.press("F")
        assert screen.facts_panel.highlighted == 1
        # Enter on a fact in the panel.
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is screen.facts_panel
        await pilot.press("end", "enter")
        last = seed.facts[-1]
        assert screen.body.highlighted_spans == (last.span,)
        assert block_in_view(screen.body, last.block_id)


async def test_series_fact_draws_a_bar_chart(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)):
        screen = reader(app)
        index = next(i for i, f in enumerate(seed.facts) if f.series is not None)
        prompt = str(screen.facts_panel.get_option_at_index(index).prompt)
        assert "█" in prompt
        for point in seed.facts[index].series.points:
            assert point.value in prompt


async def test_scrolling_by_hand_keeps_the_current_quote(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n")
        assert screen.quote_list.highlighted == 0
        await pilot.press("G")
        await pilot.pause()
        assert screen.quote_list.current_quote is seed.quotes[0]
        assert screen.body.highlighted_spans == seed.quotes[0].spans
        await pilot.press("N")  # from the view: the last quote above its top
        last = screen.quote_list.current_quote
        assert last is not None and last is not seed.quotes[-1]
        assert block_in_view(screen.body, last.spans[0].block_id)


async def test_speaker_filter_narrows_the_list_and_n_follows_it(seed: Article) -> None:
    app = make_app(seed)
    putin = seed.speakers_by_id["putin"]
    putin_quotes = [q for q in seed.quotes if q.speaker_id == "putin"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        total = screen.quote_list.option_count
        await pilot.press("s")  # first speaker
        await pilot.press("s")  # second speaker: Putin
        assert screen.quote_list.speaker_filter == "putin"
        assert screen.quote_list.option_count == len(putin_quotes) < total
        assert f"Filter: {putin.name}" in screen.status_line.text
        await pilot.press("n")
        assert screen.quote_list.current_quote == putin_quotes[0]
        assert screen.body.highlighted_spans == putin_quotes[0].spans
        await pilot.press("s")  # back to everyone
        assert screen.quote_list.speaker_filter is None
        assert screen.quote_list.option_count == total
        assert "Filter" not in screen.status_line.text


async def test_pick_speaker_from_a_list(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("S")
        assert isinstance(app.screen, SpeakerPicker)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.quote_list.speaker_filter == seed.speakers[0].id


async def test_s_after_picking_a_speaker_without_quotes_goes_on_to_the_first() -> None:
    # Found by the crawl of every key (tests/test_outside_text.py): ``S`` lists every speaker,
    # one with no quotes too, and ``s`` then failed (exit 70) to find it in its cycle.
    article = load_article(Path(__file__).parent / "data" / "good" / "full.yaml")
    assert not any(quote.speaker_id == "biden" for quote in article.quotes)
    app = make_app(article)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        screen.set_speaker_filter("biden")
        await pilot.press("s")
        assert screen.quote_list.speaker_filter == "stoltenberg"
        await pilot.press("s")
        assert screen.quote_list.speaker_filter is None


async def test_a_speaker_named_like_markup_filters_without_crashing(tmp_path: Path) -> None:
    # The quote list's title names the speaker filtered by; Textual parses a str title as
    # markup, and "[/]" in a name ended the reader (exit 70).
    text = (Path(__file__).parent / "data" / "good" / "full.yaml").read_text(encoding="utf-8")
    path = tmp_path / "markup.yaml"
    path.write_text(text.replace("name: Jens Stoltenberg", 'name: "[/] Jens [b]"'), "utf-8")
    app = make_app(load_article(path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.quote_list.speaker_filter == "stoltenberg"
        subtitle = screen.quote_list.border_subtitle  # as markup, in which the name is escaped
        assert subtitle is not None and Content.from_markup(subtitle).plain == "[/] Jens [b] · 4"


async def test_c_copies_quote_with_attribution(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n", "c")
        quote = seed.quotes[1]
        speaker = seed.speaker_of(quote)
        assert app.clipboard == f"“{quote.text}” — {speaker.name}, {speaker.role}"
        assert "Copied quote 2" in screen.status_line.text


async def test_c_without_quotes_says_so() -> None:
    from tui.model.loader import parse_article

    article = parse_article(
        "schema: 1\nid: a\nmeta: {title: T}\nbody:\n  - {id: p1, paragraph: Text.}\n", "a.yaml"
    )
    app = make_app(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert "No quotes" in reader(app).status_line.text
        await pilot.press("c")
        assert "No quote selected" in reader(app).status_line.text
        assert app.clipboard == ""


async def test_escape_clears_the_highlight(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n")
        assert screen.body.highlighted_spans
        await pilot.press("escape")
        assert not screen.body.highlighted_spans


async def test_help_is_built_from_live_bindings(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for binding in ReaderScreen.BINDINGS:
            if text_shown := binding.tooltip or binding.description:
                assert text_shown in text
        assert "Next quote" in text and "Quit" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
    assert app.return_code in (0, None)


@pytest.mark.parametrize(
    ("size", "layout", "visible"),
    [
        ((120, 40), "-wide", {"body", "quotes", "facts"}),
        ((80, 24), "-medium", {"body", "quotes"}),
        ((50, 20), "-narrow", {"body"}),
        ((40, 12), "-narrow", {"body"}),
    ],
)
async def test_responsive_layout(seed: Article, size, layout, visible) -> None:
    app = make_app(seed)
    async with app.run_test(size=size) as pilot:
        screen = reader(app)
        await pilot.pause()
        assert screen.has_class(layout)
        shown = {pane for pane in ("body", "quotes", "facts") if screen.pane_widget(pane).region}
        assert shown == visible
        # Every pane stays reachable with Tab, whatever the size.
        for pane in ("quotes", "facts", "body"):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is screen.pane_widget(pane)
            assert screen.pane_widget(pane).region.width > 0


@pytest.mark.parametrize("width", [50, 56, 60, 64, 70, 80, 90, 99, 120])
async def test_a_panel_title_is_whole_or_without_its_hint_never_cut(seed: Article, width) -> None:
    # At 60x20 the quote list's title read ``Quotes · Tab: fac…``.
    app = make_app(seed)
    async with app.run_test(size=(width, 20)) as pilot:
        screen = reader(app)
        for _ in range(3):  # the quote list, the facts panel, the body (each panel shown)
            await pilot.press("tab")
            await pilot.pause()
            for panel, name in ((screen.quote_list, "Quotes"), (screen.facts_panel, "Facts")):
                if not panel.region:
                    continue
                strips = app.screen._compositor.render_strips()
                top = strips[panel.region.y].crop(panel.region.x, panel.region.right).text
                assert "…" not in top, top
                assert name in top, top
                hint = "Tab: facts" if name == "Quotes" else "Tab: body"
                # The hint where panels take turns and it fits whole.
                room = panel.region.width - 6
                wanted = not screen.has_class("-wide") and cell_len(f"{name} · {hint}") <= room
                assert (hint in top) == wanted, top


async def test_body_text_never_wider_than_its_pane(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(50, 20)):
        body = reader(app).body
        width = body.scrollable_content_region.width
        for y in range(body.scrollable_content_region.height):
            assert cell_len(body.render_line(y).text.rstrip()) <= width


async def test_too_small_shows_a_notice_and_keeps_the_selection(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.press("n", "n")
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert "too small" in str(screen.query_one("#too-small").render()).lower()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        assert screen.quote_list.highlighted == 1
        assert block_in_view(screen.body, seed.quotes[1].spans[0].block_id)


async def test_status_line_shows_position(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        paragraphs = len(seed.paragraph_ids)
        assert f"/{paragraphs} · 0%" in screen.status_line.text
        await pilot.press("G")
        await pilot.pause()
        assert f"/{paragraphs} · 100%" in screen.status_line.text


async def test_text_from_the_file_is_never_markup() -> None:
    from tui.model.loader import parse_article

    article = parse_article(
        """
schema: 1
id: markup
meta:
  title: "[bold]Title[/] [@click=app.quit]x[/]"
speakers:
  - {id: a, name: "[red]Ann[/red]"}
body:
  - id: p1
    paragraph: "She said “[link=file:///etc/passwd]click[/link]” and [/ left."
quotes:
  - {id: q1, speaker: a, text: "[link=file:///etc/passwd]click[/link]", at: p1}
""",
        "markup.yaml",
    )
    app = make_app(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "c")
        screen = reader(app)
        assert "[red]Ann[/red]" in screen.status_line.text
        assert app.clipboard.startswith("“[link=file:///etc/passwd]click[/link]”")
        assert app.is_running


@pytest.mark.parametrize(
    ("environ", "animate", "level"),
    [
        ({}, True, "full"),
        ({}, False, "none"),
        ({"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"}, True, "none"),
        ({"SSH_TTY": "/dev/pts/3"}, True, "none"),
    ],
)
def test_no_animation_over_ssh_or_when_asked(seed: Article, environ, animate, level) -> None:
    app = ReaderApp(seed, animate=animate, environ=environ)
    if level == "full":
        assert app.animation_level != "none"
    else:
        assert app.animation_level == "none"


def test_theme_option_sets_the_theme(seed: Article) -> None:
    assert ReaderApp(seed, theme="ansi-dark", environ={}).theme == "ansi-dark"


@pytest.mark.parametrize(
    "keys",
    [
        ["f", "f", "f"],
        ["n", "n", "N"],
        ["f", "F", "3", "down", "down"],
        ["n", "n", "n", "n", "n", "N", "n", "n"],  # the current quote unfolds and folds again
        ["2", "G", "k", "k", "k", "j"],
    ],
)
async def test_partial_list_repaints_draw_what_a_full_repaint_draws(seed: Article, keys) -> None:
    # The lists repaint only the rows of the items the cursor leaves and lands on: the screen
    # must look exactly as it does after repainting everything.
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        partial = app.export_screenshot()
        screen = reader(app)
        screen.quote_list.refresh()
        screen.facts_panel.refresh()
        await pilot.pause()
        assert app.export_screenshot() == partial


async def test_a_list_scrolls_by_a_page_when_its_cursor_leaves_the_view(seed: Article) -> None:
    """Past the bottom the cursor's item comes to the top, past the top it shows at the bottom
    below whole items; within the view nothing scrolls (each step then repaints two items, not
    the whole list)."""
    app = make_app(seed)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        quotes = reader(app).quote_list
        quotes.focus()
        height = quotes.scrollable_content_region.height

        def last_whole() -> int:
            starts = quotes.rows.starts()
            bottom = round(quotes.scroll_offset.y) + height
            return max(i for i in range(quotes.option_count) if starts[i + 1] <= bottom)

        await pilot.press("down")
        assert quotes.highlighted == 0
        while quotes.highlighted < last_whole():
            await pilot.press("down")
            assert quotes.scroll_offset.y == 0  # in view: no scroll yet
        in_view = quotes.highlighted + 1
        assert len(seed.quotes) > in_view + 2
        await pilot.press("down")
        assert quotes.highlighted == in_view
        assert quotes.scroll_offset.y == quotes.rows.starts()[in_view]  # the new item on top
        await pilot.press("down")
        assert quotes.scroll_offset.y == quotes.rows.starts()[in_view]  # in view already
        await pilot.press("up", "up")
        assert quotes.highlighted == in_view - 1
        starts = quotes.rows.starts()
        top = quotes.scroll_offset.y
        assert top in starts and top <= starts[in_view - 1]
        assert starts[in_view] <= top + height  # at the bottom, whole


@pytest.mark.parametrize(
    ("width", "first_line"),
    [
        (40, "Jens Stoltenberg  ¶ 1"),
        (21, "Jens Stoltenberg  ¶ 1"),
        (20, "Jens Stoltenbe…  ¶ 1"),
        (12, "Jens S…  ¶ 1"),
        (10, "Jens Stol…"),  # no room for a useful name: the line is cut at its end
    ],
)
def test_a_narrow_quote_list_shortens_the_name_not_the_paragraph(
    seed: Article, width: int, first_line: str
) -> None:
    from textual.style import Style
    from textual.visual import RenderOptions

    from tui.widgets.quote_list import quote_prompt

    prompt = quote_prompt(seed, seed.quotes[0])
    strips = prompt.render_strips(width, None, Style(), RenderOptions(lambda _: Style(), {}))
    assert strips[0].text.rstrip() == first_line
    assert strips[0].cell_length <= width
