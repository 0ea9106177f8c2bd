"""The help (``?``) and the command palette (``Ctrl+P``): built from the live bindings, every key
and every reader action, each said as what it does."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.command import CommandInput, CommandList
from textual.widget import Widget

from tui.app import ReaderApp
from tui.bindings import class_bindings
from tui.content_paths import default_article_path
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.about import AboutScreen
from tui.screens.commands import READER_COMMANDS
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.speaker_picker import SpeakerPicker
from tui.widgets.search_bar import SearchBar, SearchInput


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def make_app(article: Article) -> ReaderApp:
    return ReaderApp(article, animate=False, environ={})


def reader(app: ReaderApp) -> ReaderScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReaderScreen))


async def help_text(app: ReaderApp, pilot) -> str:
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    return str(app.screen.query_one("#help-text").render())


def said(binding: Binding) -> str:
    """What the help says a binding does: its tooltip (the long form), else its description."""
    return binding.tooltip or binding.description


# --- The help -----------------------------------------------------------------------------


async def test_the_help_lists_every_key_of_every_pane_and_the_search_bar(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        text = await help_text(app, pilot)
        panes = [app, screen, screen.body, screen.quote_list, screen.facts_panel, SearchBar]
        for node in panes:
            for binding in class_bindings(node):
                if not binding.system:
                    assert said(binding) in text, (node, binding)
        for binding in class_bindings(SearchInput, inherited=False):
            assert said(binding) in text
        # The facts panel has its section (with the quote list's when both move alike), and
        # the keys a new user asks for are there: the palette, the search bar's Enter and scope.
        assert "facts panel" in text.casefold()
        assert "Search bar" in text
        for words in ("Command palette", "^p", "^t", "Go to the first match"):
            assert words in text
        assert "Copy quote with attribution" in text


async def test_no_key_that_scrolls_sideways_is_bound_or_listed(seed: Article) -> None:
    """The body and the lists wrap: left, right and Ctrl+PgUp/PgDn would do nothing."""
    sideways = {"left", "right", "ctrl+pageup", "ctrl+pagedown"}
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        for pane in (screen.body, screen.quote_list, screen.facts_panel):
            pane.focus()
            await pilot.pause()
            bound = {key for key, active in app.active_bindings.items() if active.node is pane}
            assert not bound & sideways, pane
        screen.body.focus()
        text = await help_text(app, pilot)
        for words in ("Scroll Left", "Scroll Right", "Page Left", "Page Right", "←", "→"):
            assert words not in text


async def test_each_binding_the_help_reads_is_one_textual_dispatches(seed: Article) -> None:
    """``class_bindings`` merges the classes' bindings as Textual does (``inherit_bindings``
    included): a Textual upgrade that changes how, or renames what it reads, fails here."""
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        for pane in (screen.body, screen.quote_list, screen.facts_panel):
            pane.focus()
            await pilot.pause()
            bound = {key for key, active in app.active_bindings.items() if active.node is pane}
            assert bound == {binding.key for binding in class_bindings(pane)}, pane


def test_a_class_made_without_inherited_bindings_has_none_of_its_bases() -> None:
    class Base(Widget):
        BINDINGS = [Binding("x", "x", "X")]

    class Own(Base, inherit_bindings=False):
        BINDINGS = [Binding("y", "y", "Y")]

    class Below(Own):
        BINDINGS = [Binding("z", "z", "Z")]

    assert [b.key for b in class_bindings(Base)] == ["x"]
    assert [b.key for b in class_bindings(Own)] == ["y"]
    assert [b.key for b in class_bindings(Below)] == ["z", "y"]
    assert [b.key for b in class_bindings(Below, inherited=False)] == ["z"]


async def test_every_label_is_in_sentence_case(seed: Article) -> None:
    """One style: the first word capitalised, the others not ("Page down", not "Page Down")."""
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        nodes = [app, screen, screen.body, screen.quote_list, screen.facts_panel, SearchBar]
        shown = [b for node in nodes for b in class_bindings(node)]
        shown += class_bindings(SearchInput, inherited=False)
        labels = {
            text
            for binding in shown
            if not binding.system
            for text in (binding.description, binding.tooltip)
            if text
        }
        for label in labels:
            first, *rest = label.split()
            assert first[0].isupper(), label
            assert all(not word[0].isupper() for word in rest), label
        text = await help_text(app, pilot)
        assert "Page down" in text and "Page Down" not in text


async def test_the_library_help_lists_its_keys(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(default_article_path().read_text(encoding="utf-8"))
    app = ReaderApp(library=tmp_path, animate=False, environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("tab")
        text = await help_text(app, pilot)
    for binding in class_bindings(LibraryScreen):
        assert said(binding) in text
    assert "Library" in text and "Command palette" in text


# --- The command palette ------------------------------------------------------------------


def offers(app: ReaderApp) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def type_in_palette(app: ReaderApp, pilot, words: str, title: str | None) -> list[str]:
    """Put ``words`` in the open palette's input (as a paste would: a key at a time costs
    0.1 s in a test); what it offers once ``title`` is among it (or, for None, once the
    search has settled). Its search is a worker: polled, at most 3 s."""
    await pilot.press(words[0])
    app.screen.query_one(CommandInput).value = words
    seen: list[str] = []
    for _ in range(60):
        await pilot.pause(0.05)
        now = offers(app)
        if title is None and now == seen and app.screen.query_one(CommandList).display:
            break
        if title is not None and any(line.startswith(title) for line in now):
            return now
        seen = now
    return seen


async def run_command(app: ReaderApp, pilot, words: str, title: str) -> None:
    """Open the palette, type ``words``, pick the command ``title`` among those offered."""
    await pilot.press("ctrl+p")
    offered = await type_in_palette(app, pilot, words, title)
    assert any(line.startswith(title) for line in offered), (words, offered)
    commands = app.screen.query_one(CommandList)
    commands.highlighted = next(i for i, line in enumerate(offered) if line.startswith(title))
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_the_palette_finds_and_runs_every_reader_action_by_its_words(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)

        await run_command(app, pilot, "jump to quote", "Jump to the next quote")
        assert screen.quote_list.current_quote is not None
        assert screen.body.highlighted_spans
        quote = screen.quote_list.current_quote

        await run_command(app, pilot, "copy quote", "Copy quote with attribution")
        assert quote.text in app.clipboard

        await run_command(app, pilot, "link", "Copy link to the quote")
        assert app.clipboard.endswith(f"#{quote.id}")

        await run_command(app, pilot, "next fact", "Jump to the next fact")
        assert screen.facts_panel.current_fact is not None

        for words, pane in (("show quotes", "quotes"), ("show facts", "facts")):
            await run_command(app, pilot, words, f"Show the {pane}")
            assert screen.pane == pane
        await run_command(app, pilot, "show body", "Show the body")
        assert screen.pane == "body" and app.focused is screen.body

        await run_command(app, pilot, "search", "Search the article")
        assert screen.search_bar_open
        await pilot.press("escape")

        await run_command(app, pilot, "filter by speaker", "Filter by speaker")
        assert isinstance(app.screen, SpeakerPicker)
        await pilot.press("escape")

        await run_command(app, pilot, "help", "Help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")

        await run_command(app, pilot, "about", "About the article")
        assert isinstance(app.screen, AboutScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_every_reader_binding_is_a_palette_command(seed: Article) -> None:
    app = make_app(seed)
    async with app.run_test(size=(120, 40)):
        screen = reader(app)
        commands = list(app.get_system_commands(screen))
        titles = [command.title for command in commands]
    actions = {action for _, action in READER_COMMANDS}
    for binding in class_bindings(ReaderScreen):
        if binding.action not in ("app.quit", "app.help"):
            assert binding.action in actions, binding
    assert "Quit" in titles and "Help: every key" in titles
    # Each said with its key, from the live binding.
    assert any(line.startswith("Key: c") for line in (c.help for c in commands))


async def test_the_palette_has_one_help_and_not_textuals_key_panel(seed: Article, tmp_path) -> None:
    """Textual's "Keys" squeezed the body into a panel that Escape did not close."""
    app = make_app(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles
        await pilot.press("ctrl+p")
        assert "Keys" not in " ".join(await type_in_palette(app, pilot, "keys", None))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader(app)
        assert not app.screen.query("HelpPanel")
    (tmp_path / "a.yaml").write_text(default_article_path().read_text(encoding="utf-8"))
    library = ReaderApp(library=tmp_path, animate=False, environ={})
    async with library.run_test(size=(100, 30)):
        titles = [command.title for command in library.get_system_commands(library.screen)]
        assert "Keys" not in titles and "Help: every key" in titles
