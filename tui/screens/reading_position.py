"""Deep links and the saved reading position, on the reader screen."""

from __future__ import annotations

from tui.links import Target, link
from tui.model.article import Article
from tui.state_writer import StateWriter


class ReadingPosition:
    """Mixed into ``ReaderScreen``: open at a target, copy links, save and restore the place.

    The position is kept in the app's ``state`` store (none in most tests), per article id,
    through the app's ``state_writer``: each change is handed to it as it is shown, so a hang-up
    or a kill at any moment finds it saved or pending (and the app flushes what is pending).
    """

    article: Article
    _notice: str
    _resume: bool
    _last: str | None
    #: The last position saved or handed to the writer (the one loaded, at first).
    _saved_position: dict[str, object] | None = None

    def go_to_target(self, target: Target) -> None:
        """Open at a deep link's quote, fact or block."""
        if target.kind == "quote":
            self.jump_to_quote(next(q for q in self.article.quotes if q.id == target.id))
        elif target.kind == "fact":
            self.jump_to_fact(next(f for f in self.article.facts if f.id == target.id))
        else:
            self.body.scroll_to_block(target.id, context=0)

    def current_link(self) -> str | None:
        """The deep link of the fact the status line names, else of the current quote (what
        ``y`` copies and the help shows)."""
        fact = self.facts_panel.current_fact
        if self.shown == "fact" and fact is not None:
            return link(self.article.origin, fact.id)
        quote = self.quote_list.current_quote
        return None if quote is None else link(self.article.origin, quote.id)

    def action_copy_link(self) -> None:
        address = self.current_link()
        if address is None:
            self._notice = "No quote selected: press n"
        else:
            self.app.copy_to_clipboard(address)
            self._notice = f"Copied link {address}"
        self._update_status()

    def position_state(self) -> dict[str, object]:
        """What reopening the article restores: place in the body, the current quote and fact,
        which of them is shown, and the speaker filter."""
        quote = self.quote_list.current_quote
        fact = self.facts_panel.current_fact
        anchor = self.body.reading_anchor()
        shown = self.shown
        in_view = self.body.highlight_in_view()
        if in_view is None:  # no body to tell (leaving, or a narrow layout): as last saved
            in_view = (self._saved_position or {}).get("in_view") is True
        return {
            # A list, as it comes back from the JSON: a position compares equal to its saved self.
            "anchor": list(anchor) if anchor is not None else None,
            "quote": quote.id if quote is not None else None,
            "fact": fact.id if fact is not None else None,
            "shown": shown if shown in ("quote", "fact") else None,
            # Whether its words showed: then they show again in a window of another size.
            "in_view": in_view,
            "speaker": self.quote_list.speaker_filter,
        }

    def restore_position(self, saved: dict[str, object]) -> None:
        """Undo ``position_state``; anything that no longer exists in the article is skipped.

        The place in the body comes back as it was, the current quote or fact highlighted
        where it stands, and brought into view if it showed when it was saved (a smaller window
        would hide it: ``n`` would then go on from the view, not from it); with no place saved,
        its words are brought into view."""
        speaker = saved.get("speaker")
        if isinstance(speaker, str) and speaker in self.article.speakers_by_id:
            self.quote_list.filter_by_speaker(speaker)
        quote, fact, shown = saved.get("quote"), saved.get("fact"), saved.get("shown")
        if isinstance(quote, str):
            self.quote_list.mark(quote)
        if isinstance(fact, str):
            self.facts_panel.mark(fact)
        self._last = shown if shown in ("quote", "fact") else None
        self.show_current(scroll=False)
        anchor = saved.get("anchor")
        if isinstance(anchor, list) and len(anchor) == 3:
            block_id, kind, offset = anchor
            if isinstance(block_id, str) and isinstance(kind, int) and isinstance(offset, int):
                # Saved before it was saved, the quote was one the list marked because it
                # was in view.
                keep = saved.get("in_view", True) is True
                if self.body.go_to_anchor((block_id, kind, offset), keep_highlight=keep):
                    return
        self.show_current(scroll=True)

    def _state_store_load(self) -> dict[str, object]:
        store = getattr(self.app, "state", None)
        saved = store.load(self.article.id) if store is not None else {}
        self._saved_position = saved
        return saved

    def schedule_save(self) -> None:
        """Hand the position to the writer when it has changed (called on every status update:
        each key that moves the reader). The write happens off the event loop."""
        writer: StateWriter | None = getattr(self.app, "state_writer", None)
        if writer is None or self.body.reading_anchor() is None:
            return  # no store, or the body not laid out yet (the restored place is not shown)
        position = self.position_state()
        if position != self._saved_position:
            self._saved_position = position
            writer.submit(self.article.id, position)

    def save_position(self) -> None:
        """Save the position now, with anything still pending (on leaving, on a hang-up)."""
        writer: StateWriter | None = getattr(self.app, "state_writer", None)
        if writer is not None:
            self.schedule_save()
            writer.flush()

    def on_unmount(self) -> None:
        self.save_position()
