"""The about dialog: every piece of metadata, so nothing the compact header cuts off is lost."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.model.article import Article
from tui.widgets.article_header import published_text


def about_content(article: Article) -> Content:
    meta = article.meta
    rows: list[tuple[str, str]] = [
        ("Title", meta.title),
        ("Subtitle", meta.subtitle or ""),
        ("Published", published_text(meta.published)),
        ("Dateline", meta.dateline or ""),
        ("Outlet", meta.source.outlet or ""),
        ("URL", meta.source.url or ""),
        ("Authors", ", ".join(meta.authors)),
        ("Language", meta.language),
        ("Tags", ", ".join(meta.tags)),
        ("Paragraphs", str(len(article.paragraph_ids))),
        ("Quotes", str(len(article.quotes))),
        ("Facts", str(len(article.facts))),
        ("Speakers", ", ".join(s.attribution for s in article.speakers)),
        ("File", article.path or ""),
    ]
    return Content("\n").join(
        Content.assemble((f"{label:<11}", "bold"), value) for label, value in rows if value
    )


class AboutScreen(ModalScreen[None]):
    """The article's metadata in full; Escape or q closes it."""

    DEFAULT_CSS = """
    AboutScreen {
        align: center middle;
        & > VerticalScroll {
            width: 80%;
            height: auto;
            max-height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
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
            yield Static(about_content(self._article))
