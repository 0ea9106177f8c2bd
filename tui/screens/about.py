"""The about dialog: every piece of metadata, so nothing the compact header cuts off is lost."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.content_paths import bundled_name
from tui.links import display_path
from tui.model.article import Article
from tui.model.inert import inert
from tui.render.common import published_human


def about_table(article: Article) -> Table:
    """Label and value in two columns, so a long value wraps under itself, not under the label."""
    meta = article.meta
    rows: list[tuple[str, str]] = [
        ("Title", meta.title),
        ("Subtitle", meta.subtitle or ""),
        ("Published", published_human(meta.published) or ""),
        ("Dateline", meta.dateline or ""),
        ("Outlet", meta.source.outlet or ""),
        ("URL", meta.source.url or ""),
        ("Authors", ", ".join(meta.authors)),
        ("Language", meta.language),
        ("Tags", ", ".join(meta.tags)),
        ("Paragraphs", str(len(article.paragraph_ids))),
        ("Quotes", str(len(article.quotes))),
        ("Facts", str(len(article.facts))),
        ("Speakers", "; ".join(s.attribution for s in article.speakers)),
        # The file name is not content: the loader never sanitised it.
        ("File", inert(_file(article.origin)) if article.origin else ""),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        if value:
            # Text, not a str: Rich would parse a str as markup.
            table.add_row(Text(label), Text(value))
    return table


def _file(path: str) -> str:
    """``~/x.yaml`` or ``/srv/x.yaml``; a bundled article by the name that opens it."""
    name = display_path(path)
    return f"{name} (bundled with tui-reader)" if name == bundled_name(path) else name


class AboutScreen(ModalScreen[None]):
    """The article's metadata in full; Escape or q closes it."""

    DEFAULT_CSS = """
    AboutScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
            & > Static {
                width: 1fr;
                height: auto;
            }
        }
    }
    """

    BINDINGS = [Binding("escape,q,i", "dismiss", "Close")]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self._article = article

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "About this article"
            yield Static(about_table(self._article))
