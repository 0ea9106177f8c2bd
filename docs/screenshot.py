"""Regenerate ``docs/screenshot.svg`` (the README's picture): the seed article after five ``n``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.app import ReaderApp
from tui.content_paths import default_article_path
from tui.model.loader import load_article

OUT = Path(__file__).with_name("screenshot.svg")


async def main() -> None:
    app = ReaderApp(
        load_article(default_article_path()), theme="textual-dark", animate=False, environ={}
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nnnnn")
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


if __name__ == "__main__":
    asyncio.run(main())
