"""Figures for the article body: layout time, memory, jumps and render_line at 1k-100k paragraphs.

Run: ``.venv/bin/python benchmarks/body_layout.py`` (prints figures; nothing is asserted).
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tracemalloc
from pathlib import Path
from random import Random
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult
from textual.geometry import Region

from tui.model.article import Article, Meta, Paragraph
from tui.widgets.article_body import ArticleBody
from tui.widgets.body_layout import BodyLayout

SIZES = (1_000, 20_000, 100_000)
SOURCE = (
    "the minister said that talks on the accession would resume in Vilnius after a long "
    "pause while officials from both governments declined to comment on reports of a deal"
)
WORDS = SOURCE.split()


def paragraph_text(rng: Random, style: str) -> str:
    words: list[str] = []
    size = 0
    while size < 270:
        word = rng.choice(WORDS)
        if style == "news" and rng.random() < 0.05:
            word = f"“{word}”" if rng.random() < 0.5 else f"{word} —"
        words.append(word)
        size += len(word) + 1
    if style == "cjk":
        return "北京和东京的会谈今天恢复了，双方表示愿意继续对话。" * 5
    return " ".join(words)


def make_article(count: int, style: str) -> Article:
    rng = Random(count)
    blocks = tuple(Paragraph(f"p{i}", paragraph_text(rng, style)) for i in range(count))
    return Article(id="bench", meta=Meta(title="Benchmark"), blocks=blocks)


def layout_figures(article: Article) -> str:
    gc.collect()
    layout = BodyLayout(article)
    started = perf_counter()
    layout.relayout(80)
    first = perf_counter() - started
    started = perf_counter()
    layout.relayout(60)
    again = perf_counter() - started
    del layout
    gc.collect()
    tracemalloc.start()
    layout = BodyLayout(article)
    layout.relayout(80)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (
        f"layout {first * 1000:6.0f} ms, re-layout at a new width {again * 1000:6.0f} ms, "
        f"{layout.total:>8,} lines, memory {current / 2**20:5.1f} MB (peak {peak / 2**20:5.1f} MB)"
    )


class BodyApp(App[None]):
    def __init__(self, body: ArticleBody) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        yield self.body


async def widget_figures(article: Article) -> str:
    body = ArticleBody(article)
    app = BodyApp(body)
    started = perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ready = perf_counter() - started
        rng = Random(1)
        ids = [block.id for block in article.blocks]
        started = perf_counter()
        for _ in range(50):
            body.scroll_to_block(rng.choice(ids))
        jump = (perf_counter() - started) / 50
        region = Region(0, 0, body.size.width, body.size.height)
        started = perf_counter()
        for _ in range(50):
            body.scroll_to_block(rng.choice(ids))
            body.render_lines(region)  # the jump marked every line dirty
        jump_and_draw = (perf_counter() - started) / 50
        started = perf_counter()
        for _ in range(50):
            body.refresh()
            body.render_lines(region)
        render_line = (perf_counter() - started) / 50 / body.size.height
    return (
        f"ready in app {ready * 1000:6.0f} ms, jump {jump * 1e6:5.0f} µs, "
        f"jump + draw 40 lines {jump_and_draw * 1000:5.2f} ms, "
        f"draw {render_line * 1e6:3.0f} µs a line"
    )


def main() -> None:
    for style in ("ascii", "news", "cjk"):
        print(f"== {style} paragraphs (~270 characters; news: curly quotes and dashes)")
        for count in SIZES:
            if style == "cjk" and count > 20_000:
                continue
            article = make_article(count, style)
            print(f"{count:>7,}  {layout_figures(article)}")
            print(f"{'':>7}  {asyncio.run(widget_figures(article))}")


if __name__ == "__main__":
    main()
