"""A dialog to pick the speaker whose quotes the list shows, with each speaker's quote count."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.article import Article

ALL_SPEAKERS = "__all__"


class SpeakerPicker(ModalScreen[str | None]):
    """Dismisses with a speaker id, ``ALL_SPEAKERS``, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    SpeakerPicker {
        align: center middle;
        & > OptionList {
            width: auto;
            min-width: 30;
            max-width: 90%;
            max-height: 80%;
            border: round $primary;
        }
    }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, article: Article, current: str | None) -> None:
        super().__init__()
        self._article = article
        self._current = current

    def compose(self) -> ComposeResult:
        counts = self._article.quote_count_by_speaker()
        options = [Option(f"All speakers ({len(self._article.quotes)})", id=ALL_SPEAKERS)]
        options += [
            Option(Content(f"{speaker.attribution} ({counts.get(speaker.id, 0)})"), id=speaker.id)
            for speaker in self._article.speakers
        ]
        picker = OptionList(*options, markup=False)
        picker.border_title = "Filter quotes by speaker"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = picker.get_option_index(self._current or ALL_SPEAKERS)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
