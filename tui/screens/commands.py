"""The command palette's commands: every reader action, under the words a person would type."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.bindings import class_bindings
from tui.screens.help import action_keys

if TYPE_CHECKING:
    from tui.app import ReaderApp
    from tui.screens.reader import ReaderScreen

#: (title, action of the reader screen). The title holds the words typed to find it ("jump",
#: "link", "search"...); what the command does, and its key, come from the live binding.
READER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("Jump to the next quote", "next_quote"),
    ("Jump to the previous quote", "previous_quote"),
    ("Jump to the next fact", "next_fact"),
    ("Jump to the previous fact", "previous_fact"),
    ("Copy quote with attribution", "copy_quote"),
    ("Copy link to the quote", "copy_link"),
    ("Search the article", "search"),
    ("Filter by speaker", "pick_speaker"),
    ("Filter by the next speaker", "cycle_speaker"),
    ("Show the body", "show_pane('body')"),
    ("Show the quotes", "show_pane('quotes')"),
    ("Show the facts", "show_pane('facts')"),
    ("Next pane", "cycle_pane(1)"),
    ("Previous pane", "cycle_pane(-1)"),
    ("About the article", "about"),
    ("End search or clear highlight", "clear"),
)


def help_command(app: ReaderApp) -> SystemCommand:
    keys, text = action_keys(app, class_bindings(app))["help"]
    return SystemCommand("Help: every key", said("Help: every key", keys, text), app.action_help)


def said(title: str, keys: str, text: str) -> str:
    """The line under a command: its key, and what it does where the title does not say it."""
    return f"Key: {keys}" if text.casefold() == title.casefold() else f"Key: {keys} · {text}"


def reader_commands(screen: ReaderScreen) -> Iterable[SystemCommand]:
    """The reader screen's actions, each said as its binding says it, with its key."""
    keys = action_keys(screen.app, class_bindings(screen))
    for title, action in READER_COMMANDS:
        key, text = keys[action]
        yield SystemCommand(title, said(title, key, text), partial(screen.run_action, action))
    yield SystemCommand(
        "Show all speakers", "Clear the speaker filter", partial(screen.set_speaker_filter, None)
    )
