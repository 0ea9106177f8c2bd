"""ArticleBody and its pure layout: wrapping, jumps, highlights, messages and positions."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size
from textual import events
from textual.app import App, ComposeResult
from textual.strip import Strip

from tui.model.article import (
    Article,
    Block,
    Fact,
    Figure,
    Meta,
    Paragraph,
    PullQuote,
    Quote,
    Span,
    Speaker,
    Subheading,
)
from tui.widgets.article_body import GUTTER, RIGHT_PAD, THUMB, ArticleBody
from tui.widgets.body_layout import (
    _NOT_SINGLE_CELL,
    ROW_TEXT,
    BodyLayout,
    display_text,
    line_count,
    wrap,
)

WORDS = ("the", "minister", "said", "that", "talks", "would", "resume", "in", "Vilnius")
WORDS += ("after", "a", "long", "pause")


def sentence(seed: int, length: int = 270) -> str:
    words, size = [], 0
    while size < length:
        word = WORDS[(seed * 7 + len(words) * 3) % len(WORDS)]
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def article(blocks: list[Block], **kwargs: object) -> Article:
    return Article(id="a", meta=Meta(title="Test"), blocks=tuple(blocks), **kwargs)  # type: ignore[arg-type]


def paragraphs(count: int, length: int = 270) -> list[Block]:
    return [Paragraph(id=f"p{i}", text=sentence(i, length)) for i in range(count)]


class BodyApp(App[None]):
    def __init__(self, body: ArticleBody) -> None:
        super().__init__()
        self.body = body
        self.scrolled: list[ArticleBody.Scrolled] = []

    def compose(self) -> ComposeResult:
        yield self.body

    def on_mount(self) -> None:
        self.body.focus()

    def on_article_body_scrolled(self, message: ArticleBody.Scrolled) -> None:
        self.scrolled.append(message)


def strip_text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def render_all(body: ArticleBody) -> list[Strip]:
    return [body.render_line(y) for y in range(body.size.height)]


# --- Pure wrapping -------------------------------------------------------------------------


def check_wrap(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert line_count(text, width) == len(lines)
    assert lines[0][0] == 0
    for start, end in lines:
        assert cell_len(text[start:end]) <= width
    # Only spaces and line breaks are dropped between lines; nothing is lost or repeated.
    for (_, end), (start, _) in pairwise(lines):
        assert end <= start
        assert set(text[end:start]) <= {" ", "\n"}
    assert set(text[lines[-1][1] :]) <= {" "}


text_chars = st.sampled_from([*"ab cd  ef—’é", "世", "界", "👍", "\u0301", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(text_chars, max_size=80).map("".join), st.integers(min_value=2, max_value=30))
def test_wrap_fits_and_loses_nothing(text: str, width: int) -> None:
    check_wrap(text, width)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abcdefgh", min_size=1, max_size=9), min_size=1, max_size=40),
    st.integers(min_value=10, max_value=60),
)
def test_ascii_wrap_matches_textwrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    expected = textwrap.wrap(text, width, break_on_hyphens=False)
    assert [text[start:end] for start, end in wrap(text, width)] == expected
    assert line_count(text, width) == len(expected)


def reference_wrap(text: str, width: int) -> list[tuple[int, int]]:
    """A plain character-by-character greedy wrap, to check the bisecting one against."""
    widths = [cell_len(char) for char in text]
    lines, first = [], 0
    while first < len(text):
        used, index, brk = 0, first, -1
        while index < len(text):
            if index > first and (text[index] == " " or 2 in (widths[index], widths[index - 1])):
                brk = index
            if used + widths[index] > width:
                break
            used += widths[index]
            index += 1
        if index >= len(text):
            lines.append((first, len(text)))
            break
        stop = brk if brk > first else max(index, first + 1)
        lines.append((first, stop))
        first = stop
        while first < len(text) and text[first] == " ":
            first += 1
    return lines or [(0, 0)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab  ’", "世", "👍"]), max_size=60).map("".join),
    st.integers(min_value=2, max_value=20),
)
def test_wide_wrap_is_greedy(text: str, width: int) -> None:
    assert wrap(text, width) == reference_wrap(text, width)


def test_cjk_and_emoji_are_two_cells_wide() -> None:
    text = "世界和平" * 10
    lines = wrap(text, 9)
    assert all(cell_len(text[start:end]) == 8 for start, end in lines)
    mixed = "Talks 👍 in 北京 resumed 👨\u200d👩\u200d👧 today"
    check_wrap(mixed, 7)
    assert all(cell_len(mixed[start:end]) <= 7 for start, end in wrap(mixed, 7))


def test_long_url_is_broken_hard() -> None:
    url = "https://example.com/" + "a" * 150
    text = f"see {url} now"
    lines = wrap(text, 40)
    assert [text[start:end] for start, end in lines][:2] == ["see", url[:40]]
    assert [end - start for start, end in lines[1:]] == [40, 40, 40, 40, 14]
    assert "".join(text[start:end] for start, end in lines[1:]) == f"{url} now"
    check_wrap(text, 40)


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 10) == [(0, 0)]
    assert line_count("", 10) == 1


def test_control_characters_keep_offsets() -> None:
    assert display_text("a\tb\x1bc\nd") == "a b\ufffdc\nd"


def test_single_cell_class_agrees_with_rich() -> None:
    singles = [chr(code) for code in range(0x20, 0x10000) if not _NOT_SINGLE_CELL.match(chr(code))]
    assert len(singles) > 2000
    assert all(get_character_cell_size(char) == 1 for char in singles)


def test_layout_module_does_not_import_textual() -> None:
    code = "import sys, tui.widgets.body_layout; print('textual' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert result.stdout.strip() == "False", result.stderr


def test_layout_maps_lines_to_blocks() -> None:
    layout = BodyLayout(article([Subheading("h", "Head"), *paragraphs(3)]))
    layout.relayout(80)
    # Head (1), blank + 4 lines per paragraph.
    assert list(layout.starts) == [0, 1, 6, 11]
    assert layout.total == 16
    assert [layout.block_at_line(y) for y in (0, 1, 2, 5, 6, 15)] == [0, 1, 1, 1, 2, 3]
    assert layout.line_of_block(2) == 7


# --- The widget ----------------------------------------------------------------------------


def mixed_article() -> Article:
    blocks: list[Block] = [
        Paragraph("intro", sentence(1)),
        Subheading("h1", "What the minister said"),
        Paragraph("cjk", "北京和东京的会谈今天恢复了。" * 8),
        Figure("fig", caption=sentence(2, 120), credit="Photo: A. Person / Agency", alt="x"),
        PullQuote("pq", text=sentence(3, 100), speaker_id="s1"),
        Paragraph("url", "Read more at https://example.com/" + "segment/" * 30 + " today."),
        Paragraph("emoji", "Crowds 👍 cheered 🎉 " * 12),
        Paragraph("empty", ""),
        *paragraphs(12),
    ]
    return article(blocks, speakers=(Speaker("s1", "Jens Stoltenberg", "NATO"),))


@pytest.mark.parametrize("size", [(100, 30), (40, 12)])
async def test_every_strip_fits_the_width(size: tuple[int, int]) -> None:
    body = ArticleBody(mixed_article())
    async with BodyApp(body).run_test(size=size) as pilot:
        text_width = body.body_layout.width
        assert text_width == min(80, size[0] - GUTTER - RIGHT_PAD)
        seen = set()
        for top in [*range(0, body.max_scroll_y, body.size.height), body.max_scroll_y]:
            body.scroll_to(y=top, animate=False)
            await pilot.pause()
            thumb = body.thumb_rows()
            for y, strip in enumerate(render_all(body)):
                assert strip.cell_length == body.size.width
                # Past the gutter and the text width: blank space, then the position mark.
                after = strip_text(strip.crop(GUTTER + text_width, strip.cell_length))
                assert after == " " * (len(after) - 1) + (THUMB if y in thumb else " ")
                seen.add(body.scroll_offset.y + y)
        assert seen >= set(range(body.body_layout.total))


async def test_line_count_after_layout() -> None:
    blocks = paragraphs(5)
    body = ArticleBody(article(blocks))
    async with BodyApp(body).run_test(size=(100, 30)):
        expected = sum(len(textwrap.wrap(block.text, 80)) for block in blocks) + len(blocks) - 1
        assert body.body_layout.width == 80
        assert body.body_layout.total == expected
        assert body.virtual_size.height == expected


async def test_figure_and_pull_quote_are_drawn_with_their_parts() -> None:
    body = ArticleBody(mixed_article())
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        body.scroll_to_block("fig", context=0)
        await pilot.pause()
        lines = [strip_text(strip) for strip in render_all(body)]
        assert lines[0].startswith("  ▍ ▣ Figure")
        assert any("▍ — Photo: A. Person / Agency" in line for line in lines)
        assert any(line.startswith("      — Jens Stoltenberg") for line in lines)
        assert any(line.startswith("      " + sentence(3, 100)[:20]) for line in lines)


async def test_scroll_to_block_keeps_context_above() -> None:
    body = ArticleBody(article(paragraphs(40)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        body.scroll_to_block("p20")
        await pilot.pause()
        assert body.scroll_offset.y == body.line_of_block(20) - 3
        assert body.top_block_index == 19  # the context lines show the end of p19
        body.scroll_to_block("p0", context=5)
        await pilot.pause()
        assert body.scroll_offset.y == 0
        body.scroll_to_block("p39", context=2)
        await pilot.pause()
        assert body.scroll_offset.y == body.max_scroll_y == body.body_layout.total - 30


async def test_scroll_to_block_shows_a_span_deep_in_a_long_paragraph() -> None:
    long_text = sentence(5, 6000)
    after = [Paragraph(f"after{i}", sentence(i)) for i in range(3)]
    blocks = [*paragraphs(3), Paragraph("long", long_text), *after]
    body = ArticleBody(article(blocks))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        assert body.scroll_offset.y == 0
        span = Span("long", 5000, 5030)
        body.scroll_to_block("long", span=span)
        await pilot.pause()
        span_line = body.body_layout.line_of_offset(3, 5000)
        assert body.scroll_offset.y == span_line - 3
        assert body.line_of_block(3) < body.scroll_offset.y


async def test_the_position_mark_follows_the_view_and_the_wheel_still_scrolls() -> None:
    body = ArticleBody(article(paragraphs(40)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        height, total = body.size.height, body.body_layout.total
        assert body.scrollbar_size_vertical == 0  # no Textual scrollbar: the mark replaces it
        top = body.thumb_rows()
        assert top.start == 0 and len(top) == max(1, height * height // total)
        marks = [y for y, strip in enumerate(render_all(body)) if strip.text.endswith(THUMB)]
        assert marks == list(top)
        body.scroll_to(y=body.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert body.thumb_rows().stop == height
        body.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        body.post_message(events.MouseScrollDown(body, 10, 10, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert body.scroll_offset.y > 0  # the mouse wheel still scrolls


async def test_no_position_mark_when_the_whole_article_shows() -> None:
    body = ArticleBody(article(paragraphs(2)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert body.thumb_rows() == range(0)
        assert not any(THUMB in strip.text for strip in render_all(body))


async def test_scroll_to_block_leaves_words_already_in_view_where_they_are() -> None:
    body = ArticleBody(article(paragraphs(40)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        body.scroll_to(y=10, animate=False, immediate=True)
        await pilot.pause()
        layout = body.body_layout
        bottom = 10 + body.scrollable_content_region.height  # the first line below the view
        # A paragraph whose first words show a few rows below the top: nothing moves.
        shown = next(i for i in range(40) if layout.line_of_block(i) >= 12)
        body.scroll_to_block(f"p{shown}", span=Span(f"p{shown}", 0, 20))
        await pilot.pause()
        assert body.scroll_offset.y == 10
        # A paragraph cut by the bottom edge: its words come up, with context above.
        cut = layout.block_at_line(bottom - 1)
        text = body.article.blocks[cut].text
        assert layout.line_of_offset(cut, len(text) - 1) >= bottom
        body.scroll_to_block(f"p{cut}", span=Span(f"p{cut}", 0, len(text)))
        await pilot.pause()
        assert body.scroll_offset.y == layout.line_of_block(cut) - 3


async def test_jump_and_highlight_before_size_are_honoured() -> None:
    body = ArticleBody(article(paragraphs(40)))
    body.scroll_to_block("p30", context=4)
    body.highlight([Span("p30", 0, 10)])
    body.measure = 70
    body.set_article(article(paragraphs(41)))
    assert body.visible_block_range() == (0, 0)
    assert body.position() == (1, 41, 0)
    assert body.top_block_index == body.block_at_line(99) == body.line_of_block(30) == 0
    assert body.render_line(0).cell_length == 0
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert body.body_layout.width == 70
        assert body.scroll_offset.y == body.line_of_block(30) - 4
        assert styled_offsets(body, 30, "reverse") == set(range(10))


def styled_offsets(body: ArticleBody, block_index: int, attribute: str | None) -> set[int]:
    """Text offsets of block ``block_index`` drawn with ``attribute`` (e.g. reverse) on screen.

    With ``attribute=None``: every offset drawn (spaces at line breaks are not).
    """
    found = set()
    for y, strip in enumerate(render_all(body)):
        line = body.scroll_offset.y + y
        index, _wrapped, (kind, start, end) = body.body_layout.row_at(line)
        if index != block_index or kind != ROW_TEXT:
            continue
        column = -GUTTER  # the gutter may share a segment with text of its style
        for segment in strip:
            styled = attribute is None or bool(getattr(segment.style, attribute))
            for _char in segment.text:  # ASCII text: one character per cell
                if styled and column >= 0 and start + column < end:
                    found.add(start + column)
                column += 1
    return found


async def test_highlight_styles_exactly_the_span_characters() -> None:
    blocks = paragraphs(6)
    quote = Quote("q1", "s1", ("a", "b"), spans=(Span("p1", 200, 260), Span("p2", 0, 30)))
    fact = Fact("f1", "label", "value", span=Span("p3", 5, 12))
    body = ArticleBody(article(blocks, quotes=(quote,), facts=(fact,)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        drawn = {index: styled_offsets(body, index, None) for index in range(4)}
        assert set(range(200, 260)) - drawn[1]  # a line break falls inside the quote
        assert styled_offsets(body, 1, "reverse") == set()
        assert styled_offsets(body, 1, "italic") == set(range(200, 260)) & drawn[1]
        assert styled_offsets(body, 3, "bold") == set(range(5, 12))

        repainted: list[tuple[int, int]] = []
        original = body.refresh_lines
        body.refresh_lines = lambda y, n=1: (repainted.append((y, n)), original(y, n))[1]  # type: ignore[method-assign]
        body.highlight(quote.spans)
        await pilot.pause()
        assert styled_offsets(body, 1, "reverse") == set(range(200, 260)) & drawn[1]
        assert styled_offsets(body, 2, "reverse") == set(range(30)) & drawn[2]
        assert styled_offsets(body, 0, "reverse") == set()
        lines_of = body.body_layout.line_of_offset
        assert repainted == [
            (lines_of(1, 200), lines_of(1, 259) - lines_of(1, 200) + 1),
            (lines_of(2, 0), 1),
        ]

        body.highlight(None)
        await pilot.pause()
        assert styled_offsets(body, 1, "reverse") == set()
        assert styled_offsets(body, 1, "italic") == set(range(200, 260)) & drawn[1]


async def test_keys_scroll_and_post_scrolled() -> None:
    body = ArticleBody(article(paragraphs(40)))
    app = BodyApp(body)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.scrolled[-1].top_block_index == 0
        assert app.scrolled[-1].control is body
        await pilot.press("space")
        assert body.scroll_offset.y == 29
        assert app.scrolled[-1].top_block_index == body.block_at_line(29) > 0
        assert app.scrolled[-1].visible_range == body.visible_block_range()
        await pilot.press("G")
        assert body.scroll_offset.y == body.max_scroll_y
        assert app.scrolled[-1].top_block_index == body.block_at_line(body.max_scroll_y)
        assert body.visible_block_range()[1] == 40
        count = len(app.scrolled)
        await pilot.press("end")  # already there: no new message
        assert len(app.scrolled) == count
        await pilot.press("g")
        assert body.scroll_offset.y == 0
        assert app.scrolled[-1].top_block_index == 0
        await pilot.press("j", "j", "down")
        assert body.scroll_offset.y == 3
        await pilot.press("k", "up")
        assert body.scroll_offset.y == 1
        await pilot.press("pagedown", "b")
        assert body.scroll_offset.y == 1


async def test_page_down_repaints_once() -> None:
    body = ArticleBody(article(paragraphs(40)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        calls: list[int] = []
        original = body.render_line
        body.render_line = lambda y: (calls.append(y), original(y))[1]  # type: ignore[method-assign]
        await pilot.press("space")
        await pilot.pause()
        assert sorted(calls) == list(range(30))


async def test_position() -> None:
    blocks = [Subheading("h", "Start"), *paragraphs(30), Figure("f", "A caption")]
    body = ArticleBody(article(blocks))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        assert body.position() == (1, 30, 0)
        body.scroll_to_block("p9", context=0)
        await pilot.pause()
        assert body.top_block_index == 10
        number, count, percent = body.position()
        assert (number, count) == (10, 30)
        assert percent == round(100 * body.scroll_offset.y / body.max_scroll_y)
        await pilot.press("G")
        assert body.position()[1:] == (30, 100)


async def test_resize_rewraps_and_keeps_the_top_block() -> None:
    body = ArticleBody(article(paragraphs(40)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        body.scroll_to_block("p17", context=0)
        await pilot.pause()
        wide_total = body.body_layout.total
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert body.body_layout.width == 40 - GUTTER - RIGHT_PAD
        assert body.body_layout.total > wide_total
        assert body.top_block_index == 17
        assert body.scroll_offset.y == body.line_of_block(17)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert body.body_layout.total == wide_total
        assert body.top_block_index == 17


async def test_measure_limits_the_text_width() -> None:
    body = ArticleBody(article(paragraphs(10)), measure=60)
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        assert body.body_layout.width == 60
        body.measure = 40
        await pilot.pause()
        assert body.body_layout.width == 40
        # The last column is the position mark's.
        texts = [strip_text(strip.crop(0, strip.cell_length - 1)) for strip in render_all(body)]
        assert max(cell_len(text.rstrip()) for text in texts) <= 42


async def test_set_article_keeps_position() -> None:
    blocks = paragraphs(40)
    body = ArticleBody(article(blocks))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        body.scroll_to_block("p15", context=0)
        body.highlight([Span("p15", 0, 5)])
        await pilot.pause()
        body.set_article(article([Paragraph("new", "A new first paragraph."), *blocks]))
        await pilot.pause()
        assert body.top_block_index == 16
        assert body.scroll_offset.y == body.line_of_block(16)
        assert styled_offsets(body, 16, "reverse") == set(range(5))
        body.set_article(article(blocks[:3]))  # the top block is gone: no crash, still valid
        await pilot.pause()
        assert body.scroll_offset.y <= body.max_scroll_y


async def test_large_article_lays_out_and_jumps_to_the_end() -> None:
    count = 20_000
    body = ArticleBody(article(paragraphs(count)))
    async with BodyApp(body).run_test(size=(100, 30)) as pilot:
        per_paragraph = len(textwrap.wrap(sentence(0), 80))
        assert body.body_layout.total == count * (per_paragraph + 1) - 1
        body.scroll_to_block(f"p{count - 1}")
        await pilot.pause()
        assert body.scroll_offset.y == body.max_scroll_y
        assert body.visible_block_range()[1] == count
        assert body.position() == (count - 5, count, 100)
        assert all(strip.cell_length == body.size.width for strip in render_all(body))


async def test_empty_article_and_empty_paragraph() -> None:
    body = ArticleBody(article([]))
    async with BodyApp(body).run_test(size=(40, 12)) as pilot:
        assert body.body_layout.total == 0
        assert body.position() == (0, 0, 100)
        assert body.visible_block_range() == (0, 0)
        render_all(body)
        body.set_article(article([Paragraph("e", ""), Paragraph("f", "After")]))
        await pilot.pause()
        assert body.body_layout.total == 3
        assert [strip_text(strip).strip() for strip in render_all(body)][:3] == ["", "", "After"]


def test_settle_freezes_what_is_alive_after_a_collection() -> None:
    import gc

    from tui.collector import settle

    garbage: list[object] = []
    garbage.append(garbage)  # a cycle only the collector can free
    del garbage
    try:
        settle()
        assert gc.get_freeze_count() > 0
        assert gc.collect() == 0  # the cycle went before the freeze
    finally:
        gc.unfreeze()
