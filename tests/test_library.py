"""The library: scanning a directory with its metadata cache, and the screen that lists it."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import pytest

import tui.library
from tui.app import ReaderApp
from tui.cli import main
from tui.library import LibraryEntry, scan_library
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


def article_text(
    title: str, published: str | None = None, outlet: str | None = None, quotes: int = 0
) -> str:
    lines = ["schema: 1", "id: a", "meta:", f"  title: {json.dumps(title)}"]
    if published:
        lines.append(f"  published: {published}")
    if outlet:
        lines += ["  source:", f"    outlet: {json.dumps(outlet)}"]
    lines += ["speakers:", "  - {id: ann, name: Ann}", "body:"]
    lines += [f"  - {{id: p{n}, paragraph: 'Ann said: word{n} here.'}}" for n in range(1, 4)]
    if quotes:
        lines.append("quotes:")
        lines += [
            f"  - {{id: q{n}, speaker: ann, text: word{n}, at: p{n}}}" for n in range(1, quotes + 1)
        ]
    return "\n".join(lines) + "\n"


BROKEN = "schema: 1\nid: broken\nmeta:\n  title: Broken\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    (directory / "2022").mkdir(parents=True)
    (directory / ".git").mkdir()
    (directory / "old.yaml").write_text(article_text("Old news", "2020-01-01", "Daily"))
    (directory / "2022" / "new.yaml").write_text(
        article_text("New summit", "2022-02-24T12:00:00+01:00", "Example Times", quotes=2)
    )
    (directory / "middle.yml").write_text(article_text("Middle", "2021-06-01T00:00:00"))
    (directory / "undated.yaml").write_text(article_text("An undated piece"))
    (directory / "broken.yaml").write_text(BROKEN)
    (directory / "notes.md").write_text("not content")
    (directory / ".git" / "hidden.yaml").write_text(article_text("Hidden"))
    return directory


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "library.json"


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's default cache location, away from the user's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", os.fspath(tmp_path / "xdg-cache"))


def titles(entries: list[LibraryEntry]) -> list[str]:
    return [entry.title for entry in entries]


# --- Scanning ----------------------------------------------------------------------------


def test_scan_lists_newest_first_undated_last(library: Path, cache: Path) -> None:
    entries = scan_library(library, cache_path=cache)
    assert titles(entries) == [
        "New summit",
        "Middle",
        "Old news",
        "An undated piece",
        "broken.yaml",
    ]
    new = entries[0]
    assert new.path == library / "2022" / "new.yaml"
    assert new.published == dt.datetime(2022, 2, 24, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert (new.source, new.quotes, new.facts, new.error) == ("Example Times", 2, 0, None)
    assert entries[2].published == dt.date(2020, 1, 1)


def test_invalid_file_is_listed_with_its_first_error(library: Path, cache: Path) -> None:
    broken = next(entry for entry in scan_library(library, cache_path=cache) if entry.error)
    assert broken.path == library / "broken.yaml"
    assert not broken.valid
    # path:line:column: field: problem, like ``tui-reader check``.
    assert broken.error == f"{library / 'broken.yaml'}:1:1: body: missing required field"


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    loaded: list[str] = []
    real = tui.library.load_article

    def counting(path, **kwargs):
        loaded.append(os.fspath(path))
        return real(path, **kwargs)

    monkeypatch.setattr(tui.library, "load_article", counting)
    return loaded


def test_warm_scan_reads_no_yaml_and_a_touched_file_is_read_again(
    library: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = count_loads(monkeypatch)
    first = scan_library(library, cache_path=cache)
    assert len(loaded) == 5
    loaded.clear()
    assert scan_library(library, cache_path=cache) == first
    assert loaded == []
    changed = library / "old.yaml"
    changed.write_text(article_text("Old news, updated", "2020-01-01", "Daily"))
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 1_000_000))
    again = scan_library(library, cache_path=cache)
    assert loaded == [os.fspath(changed)]
    assert "Old news, updated" in titles(again)


def test_removed_and_added_files_follow_the_directory(library: Path, cache: Path) -> None:
    scan_library(library, cache_path=cache)
    (library / "middle.yml").unlink()
    (library / "fresh.yaml").write_text(article_text("Fresh", "2023-01-01"))
    assert titles(scan_library(library, cache_path=cache))[:2] == ["Fresh", "New summit"]
    assert "Middle" not in titles(scan_library(library, cache_path=cache))


def test_cache_is_written_atomically(
    library: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def recording_replace(source, target) -> None:
        replaced.append((os.fspath(source), os.fspath(target)))
        real_replace(source, target)

    monkeypatch.setattr(tui.library.os, "replace", recording_replace)
    scan_library(library, cache_path=cache)
    # Written once the files are listed, and again once they are checked: each time whole.
    assert replaced
    for temporary, target in replaced:
        assert target == os.fspath(cache)
        assert Path(temporary).parent == cache.parent  # same file system: the rename is atomic
        assert not Path(temporary).exists()
    assert sorted(p.name for p in cache.parent.iterdir()) == [cache.name]
    assert len(json.loads(cache.read_text())["files"]) == 5


@pytest.mark.parametrize(
    "corrupt",
    [b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": 1, "files": {"old.yaml": 3}}', "shape"],
)
def test_corrupt_cache_is_ignored_and_rebuilt(
    library: Path, cache: Path, corrupt: bytes | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = scan_library(library, cache_path=cache)
    if corrupt == "shape":  # the right header, records of the wrong shape
        data = json.loads(cache.read_text())
        files = {record[0]: record for record in data["files"]}
        files["old.yaml"][3] = 7  # its title
        files["broken.yaml"][3] = "text"  # its error
        corrupt = json.dumps(data).encode()
    cache.write_bytes(corrupt)
    loaded = count_loads(monkeypatch)
    assert scan_library(library, cache_path=cache) == expected
    assert len(loaded) == 5
    loaded.clear()
    assert scan_library(library, cache_path=cache) == expected
    assert loaded == []


def test_a_cached_date_that_is_no_date_means_one_warning_and_a_fresh_scan(
    library: Path, cache: Path
) -> None:
    expected = scan_library(library, cache_path=cache)
    data = json.loads(cache.read_text())
    dated = next(record for record in data["files"] if len(record) > 4 and record[4])
    dated[4] = "the day before yesterday"  # a text where its date belongs
    cache.write_text(json.dumps(data))
    warnings: list[str] = []
    assert scan_library(library, cache_path=cache, warn=warnings.append) == expected
    assert warnings == [f"library cache {cache} is damaged; reading every file again"]
    warnings.clear()
    assert scan_library(library, cache_path=cache, warn=warnings.append) == expected
    assert warnings == []


def test_a_warm_scan_lists_in_the_cached_order_and_a_new_file_takes_its_place(
    library: Path, cache: Path
) -> None:
    first = scan_library(library, cache_path=cache)
    assert scan_library(library, cache_path=cache) == first
    (library / "zzz.yaml").write_text(article_text("Amid the others", "2022-02-23"))
    again = titles(scan_library(library, cache_path=cache))
    assert again == titles(scan_library(library, cache_path=cache.with_name("fresh.json")))
    assert "Amid the others" in again
    # A file changed to come first, and one gone: each in its place, as a fresh scan has it.
    (library / "old.yaml").write_text(article_text("Old news, updated", "2030-01-01"))
    (library / "zzz.yaml").unlink()
    again = titles(scan_library(library, cache_path=cache))
    assert again == titles(scan_library(library, cache_path=cache.with_name("fresh2.json")))
    assert again[0] == "Old news, updated" and "Amid the others" not in again
    assert titles(scan_library(library, cache_path=cache)) == again


def test_cached_records_from_another_size_limit_are_checked_again(
    library: Path, cache: Path
) -> None:
    scan_library(library, cache_path=cache)
    entries = scan_library(library, cache_path=cache, max_bytes=100)
    too_big = [entry.title for entry in entries if "over the limit of 100" in (entry.error or "")]
    assert len(too_big) == 4  # all but the short broken file


def test_default_cache_path_is_one_file_per_directory(tmp_path: Path) -> None:
    one = tui.library.default_cache_path(tmp_path / "a")
    assert one == tui.library.default_cache_path(tmp_path / "a" / ".." / "a")
    assert one != tui.library.default_cache_path(tmp_path / "b")
    assert one.is_relative_to(tmp_path / "xdg-cache")


# --- The screen ---------------------------------------------------------------------------


def make_app(directory: Path) -> ReaderApp:
    return ReaderApp(library=directory, animate=False, environ={})


async def ready(app: ReaderApp, pilot) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.entries is not None
    return screen


def option_text(screen: LibraryScreen, index: int) -> str:
    return str(screen.entry_list.entry_at(index))


async def test_library_lists_each_entry_with_its_details(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        assert screen.entry_list.entry_count == 5
        assert option_text(screen, 0) == (
            "New summit\n2022-02-24 12:00 · Example Times · 2 quotes · 0 facts · 2022/new.yaml"
        )
        assert option_text(screen, 2) == (
            "Old news\n2020-01-01 · Daily · 0 quotes · 0 facts · old.yaml"
        )
        assert option_text(screen, 4).startswith("broken.yaml\n")
        assert "body: missing required field" in option_text(screen, 4)
        assert "5 articles · 1 invalid" in screen.status_text
        assert app.focused is screen.filter_input


async def test_typing_filters_and_arrows_move_while_typing(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press(*"NEWS")
        assert titles(screen.shown) == ["Old news"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"times")
        assert titles(screen.shown) == ["New summit"]  # the source matches
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"2022/")
        assert titles(screen.shown) == ["New summit"]  # and the path
        await pilot.press("escape")
        assert screen.filter_input.value == ""
        assert len(screen.shown) == 5
        assert screen.entry_list.highlighted == 0
        await pilot.press("down", "down")
        assert app.focused is screen.filter_input
        assert screen.current_entry is not None
        assert screen.current_entry.title == "Old news"
        await pilot.press("tab")
        assert app.focused is screen.entry_list
        await pilot.press("tab")
        assert app.focused is screen.filter_input


async def test_enter_opens_and_escape_returns_to_the_same_place(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("s")
        kept = [entry.title for entry in screen.shown]
        assert kept == ["New summit", "Old news"]
        await pilot.press("down")
        chosen = screen.current_entry
        assert chosen is not None
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.meta.title == chosen.title
        await pilot.press("n")  # a highlight: Escape clears it first
        if reader.body.highlighted_spans:
            await pilot.press("escape")
            assert app.screen is reader
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.filter_input.value == "s"
        assert [entry.title for entry in screen.shown] == kept
        assert screen.current_entry == chosen
        await pilot.press("tab", "enter")  # Enter in the list opens too
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.meta.title == chosen.title


async def test_an_invalid_entry_does_not_open_and_says_why(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press(*"broken", "enter")
        assert app.screen is screen
        assert "Cannot open broken.yaml: 1 problem" in screen.status_text
        assert "body: missing required field" in screen.status_text


async def test_help_in_the_library_lists_its_keys(library: Path) -> None:
    from tui.screens.help import HelpScreen

    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("tab", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_escape_in_a_reader_opened_alone_stays(library: Path) -> None:
    from tui.model.loader import load_article

    app = ReaderApp(load_article(library / "old.yaml"), animate=False, environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        await pilot.press("escape")
        assert app.screen is reader


def test_cli_refuses_an_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "notes.md").write_text("not content")
    assert main([os.fspath(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{tmp_path}: no .yaml, .yml, .txt or .html files in this directory\n"


def test_cli_lists_a_directory_when_there_is_no_terminal(
    library: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main([os.fspath(library)]) == 0  # stdout is captured: not a terminal
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{library / '2022' / 'new.yaml'}: New summit"
    assert lines[-1].endswith("broken.yaml:1:1: body: missing required field")


async def test_q_types_in_the_filter_and_quits_from_the_list(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("q")
        assert screen.filter_input.value == "q"
        assert app.is_running
        await pilot.press("escape", "tab", "q")
        await pilot.pause()
        assert not app.is_running


async def test_the_footer_says_how_to_open_and_how_to_quit(library: Path) -> None:
    """Enter opens from the filter and the list alike; q quits from the list, and in the
    filter (where q is typed) the footer names Ctrl+Q."""
    from tui.widgets.key_footer import KeyFooter

    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        footer = screen.query_one(KeyFooter)

        def shown() -> list[str]:
            return [f"{key.display} {key.description}" for key in footer.shown]

        assert app.focused is screen.filter_input
        assert shown()[0] == "⏎ Open" and "^q Quit" in shown() and "q Quit" not in shown()
        await pilot.press("tab")
        assert app.focused is screen.entry_list
        assert shown()[0] == "⏎ Open" and "q Quit" in shown() and "^q Quit" not in shown()
        await pilot.press("shift+tab", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_invalid_files_come_after_every_valid_one(tmp_path: Path, cache: Path) -> None:
    """Not between the dated and the undated, where an invalid file's name sorted it."""
    (tmp_path / "0-broken.yaml").write_text(BROKEN)
    (tmp_path / "b.yaml").write_text(article_text("Zebra, undated"))
    (tmp_path / "c.yaml").write_text(article_text("Dated", "2021-01-01"))
    (tmp_path / "a-broken.yaml").write_text(BROKEN)
    entries = scan_library(tmp_path, cache_path=cache)
    assert titles(entries) == ["Dated", "Zebra, undated", "0-broken.yaml", "a-broken.yaml"]
    # The same order from the cache.
    assert titles(scan_library(tmp_path, cache_path=cache)) == titles(entries)


async def test_one_article_is_said_in_the_singular(tmp_path: Path) -> None:
    (tmp_path / "only.yaml").write_text(article_text("Only one", "2021-01-01"))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        assert screen.status_text == "1 article"
        assert option_text(screen, 0).endswith(" · only.yaml")  # each entry names its file
        await pilot.press(*"nothing")
        assert screen.status_text.startswith("0 of 1 article · nothing matches")


def test_the_library_module_imports_no_textual() -> None:
    import subprocess
    import sys

    code = "import sys, tui.library; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False"]


@pytest.fixture(scope="module")
def slow_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 articles (a few seconds to read without a cache) and two links to itself, which
    used to make the walk loop for ever."""
    from tui.content_paths import default_article_path

    directory = tmp_path_factory.mktemp("slow") / "content"
    directory.mkdir()
    text = default_article_path().read_bytes()
    for number in range(1500):
        (directory / f"a{number:04}.yaml").write_bytes(text)
    (directory / "here").symlink_to(".")
    (directory / "again").symlink_to(".")
    return directory


@pytest.mark.parametrize("key", ["q", "\x11", "\x03"], ids=["q", "ctrl+q", "ctrl+c"])
def test_a_scan_in_progress_quits_at_once(slow_library: Path, key: str) -> None:
    import time

    from pty_terminal import PtyTerminal

    terminal = PtyTerminal.reader("--no-animation", str(slow_library), columns=100, rows=30)
    try:
        assert terminal.wait_for(lambda text: "Scanning" in text or "Reading" in text), (
            terminal.text
        )
        terminal.send(key)
        sent = time.monotonic()
        assert terminal.wait_exit(10) == 0, terminal.text
        assert time.monotonic() - sent < 3.0
        assert "1,500 articles" not in terminal.text  # it quit before the scan was done
    finally:
        terminal.close()


async def test_the_library_names_what_its_bounds_left_out(tmp_path: Path) -> None:
    from tui.content_walk import MAX_DEPTH

    directory = tmp_path / "deep"
    path = directory
    for level in range(MAX_DEPTH + 1):
        path = path / f"d{level}"
    path.mkdir(parents=True)
    (directory / "a.yaml").write_text(article_text("Shallow"))
    (path / "b.yaml").write_text(article_text("Too deep"))
    app = make_app(directory)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await ready(app, pilot)
        assert titles(screen.entries or []) == ["Shallow"]
        assert screen.status_text == (
            f"1 article · 1 folder deeper than {MAX_DEPTH} levels not searched"
        )


TEXT_ARTICLE = """\
Harbour council approves garden

The harbour council voted on Friday to build a floating garden on the old pier.

“It is the greenest thing this town has done,” Mayor Ilse Maren said.
"""
PAGE_ARTICLE = """<html><head><title>Velna votes</title></head><body><article>
<h1>Velna votes</h1><p>The council voted 7-2 on Friday to build a floating garden on the pier,
the first of its kind on the coast, after a debate of more than four hours.</p>
</article></body></html>"""


def test_texts_and_pages_are_listed_beside_content_files(library: Path, cache: Path) -> None:
    (library / "harbour.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (library / "2022" / "velna.html").write_text(PAGE_ARTICLE, encoding="utf-8")
    (library / "latin.txt").write_bytes("Caf\xe9\n".encode("latin-1"))
    entries = scan_library(library, cache_path=cache)
    by_file = {entry.relative: entry for entry in entries}
    assert by_file["harbour.txt"].title == "Harbour council approves garden"
    assert by_file["harbour.txt"].quotes == 1
    assert by_file["2022/velna.html"].title == "Velna votes"
    error = by_file["latin.txt"].error
    assert error == f"{library / 'latin.txt'}: not UTF-8 (byte 0xE9 at line 1, column 4;" + (
        " is it Latin-1 or Windows-1252?): save it as UTF-8"
    )
    assert "notes.md" not in by_file
    assert titles(scan_library(library, cache_path=cache)) == titles(entries)  # cached


async def test_enter_opens_an_imported_text(library: Path) -> None:
    (library / "harbour.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        for character in "harbour":
            await pilot.press(character)
        assert [entry.title for entry in screen.shown] == ["Harbour council approves garden"]
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.meta.title == "Harbour council approves garden"
        assert [quote.speaker_id for quote in reader.article.quotes] == ["maren"]
        # Read from its import in the cache, but linked by the text listed.
        await pilot.press("n", "y")
        assert reader.article.origin == str(library / "harbour.txt")
        assert app.clipboard == f"{(library / 'harbour.txt').resolve()}#q1"


def on_screen(app: ReaderApp, text: str) -> bool:
    """True when ``text`` is somewhere in what the screen shows (its SVG screenshot)."""
    shown = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
    return text in shown.replace("\xa0", " ")


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 20)])
async def test_the_count_is_on_the_screen_at_every_size(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # More entries than the screen has rows: the list must not push the status line off it.
    directory = tmp_path / "many"
    directory.mkdir()
    for number in range(60):
        (directory / f"a{number:02d}.yaml").write_text(article_text(f"Article {number}"))
    app = make_app(directory)
    async with app.run_test(size=size) as pilot:
        screen = await ready(app, pilot)
        status = screen.query_one("#library-status")
        assert status.region.bottom <= size[1] - 1  # above the footer, within the screen
        assert screen.region.width == size[0]  # no scroll bar on the screen itself
        assert status.region.height == 1
        assert on_screen(app, "60 articles")


# --- Listing from the start of each file -------------------------------------------------


def test_titles_sort_naturally(tmp_path: Path, cache: Path) -> None:
    directory = tmp_path / "parts"
    directory.mkdir()
    for number in (10, 2, 1, 21):
        (directory / f"p{number}.yaml").write_text(article_text(f"Part {number}"))
    (directory / "b.yaml").write_text(article_text("part 3"))
    assert titles(scan_library(directory, cache_path=cache)) == [
        "Part 1",
        "Part 2",
        "part 3",
        "Part 10",
        "Part 21",
    ]


def test_the_listing_from_each_start_is_what_a_full_load_gives(tmp_path: Path) -> None:
    # Generated articles of every shape the benchmarks use, with dates, outlets and titles
    # that need quoting: the metadata listed first is the metadata checked after.
    from benchmarks.generate import article_yaml

    directory = tmp_path / "generated"
    directory.mkdir()
    shapes = [
        ("Part 2: “quoted” — dashes", "2022-02-24", None),
        ("Ünïcode: a colon", "2021-06-01T00:00:00", "Le Monde"),
        ("Plain", None, "Example: Times"),
    ]
    for number in range(12):
        title, published, outlet = shapes[number % 3]
        text = article_yaml(3 + number, seed=number).replace(
            "2022-02-24T12:00:00+01:00", published or "", 1
        )
        text = text.replace(f'"Synthetic article of {3 + number} paragraphs"', json.dumps(title))
        if outlet:
            text = text.replace(
                "  dateline:", f"  source:\n    outlet: {json.dumps(outlet)}\n  dateline:"
            )
        (directory / f"a{number}.yaml").write_text(text, encoding="utf-8")
    lists: list[list[LibraryEntry]] = []
    checked = scan_library(directory, cache_path=tmp_path / "c.json", listed=lists.append)
    [listed] = lists
    assert not any(entry.checked for entry in listed)
    assert all(entry.valid for entry in checked)

    def meta(entry: LibraryEntry) -> tuple[object, ...]:
        return entry.relative, entry.title, entry.published, entry.source

    assert [meta(entry) for entry in listed] == [meta(entry) for entry in checked]


def test_a_file_valid_at_its_start_and_broken_after_is_listed_last_once_checked(
    tmp_path: Path, cache: Path
) -> None:
    directory = tmp_path / "misjudged"
    directory.mkdir()
    (directory / "good.yaml").write_text(article_text("Good", "2020-01-01"))
    # The start says a fine article of 2024; the body has a quote of nobody.
    broken = article_text("Looks fine", "2024-01-01") + "  - {id: p9, speaker: nobody}\n"
    (directory / "late.yaml").write_text(broken)
    lists: list[list[LibraryEntry]] = []
    entries = scan_library(directory, cache_path=cache, listed=lists.append)
    [listed] = lists
    assert titles(listed) == ["Looks fine", "Good"]
    assert not listed[0].checked and not listed[0].valid  # never shown as valid
    assert [entry.relative for entry in entries] == ["good.yaml", "late.yaml"]
    assert entries[1].error is not None and not entries[1].valid
    assert entries[0].valid and entries[0].checked
    # Warm: the cache holds the checked records; nothing is listed unchecked again.
    lists.clear()
    assert scan_library(directory, cache_path=cache, listed=lists.append) == entries
    assert lists == []


def test_a_start_that_cannot_say_is_loaded_whole_at_once(tmp_path: Path, cache: Path) -> None:
    directory = tmp_path / "odd"
    directory.mkdir()
    # Flow style, and meta after the body: the start alone cannot say, so the file is loaded.
    (directory / "flow.yaml").write_text(
        '{schema: 1, id: f, meta: {title: "Flow"}, body: [{id: p1, paragraph: "Hi."}]}\n'
    )
    (directory / "late-meta.yaml").write_text(
        "schema: 1\nid: l\nbody:\n  - {id: p1, paragraph: Hi.}\nmeta:\n  title: Late meta\n"
    )
    (directory / "bad-meta.yaml").write_text(
        "schema: 1\nid: b\nmeta:\n  title: Bad\n  published: yesterday\n"
        "body:\n  - {id: p1, paragraph: Hi.}\n"
    )
    lists: list[list[LibraryEntry]] = []
    entries = scan_library(directory, cache_path=cache, listed=lists.append)
    assert lists == []  # every file was read whole: there was nothing left to check
    assert titles(entries) == ["Flow", "Late meta", "bad-meta.yaml"]
    assert "published" in (entries[2].error or "")


def test_a_long_check_keeps_what_was_listed_if_the_reader_quits_first(tmp_path: Path) -> None:
    from tui.content_walk import ContentWalk, WalkCancelled

    directory = tmp_path / "many"
    directory.mkdir()
    count = tui.library.CHECKED_BEFORE_WRITING + 1
    for number in range(count):
        (directory / f"{number}.yaml").write_text(article_text(f"Article {number}"))
    cache = tmp_path / "cache.json"
    lists: list[list[LibraryEntry]] = []
    walk = ContentWalk(directory, cancelled=lambda: bool(lists))
    with pytest.raises(WalkCancelled):
        scan_library(directory, cache_path=cache, walk=walk, listed=lists.append)
    assert len(lists[0]) == count
    assert len(json.loads(cache.read_text())["files"]) == count  # the peeks, not checked yet


def test_a_warm_scan_gives_the_remembered_listing_before_it_walks(tmp_path: Path) -> None:
    """The cache's listing comes first; what the walk then finds changed comes in the
    scan's own listing."""
    directory = tmp_path / "library"
    directory.mkdir()
    (directory / "a.yaml").write_text(article_text("First title", "2020-01-01"))
    (directory / "b.yaml").write_text(article_text("Second title", "2021-01-01"))
    cache = tmp_path / "cache.json"
    first = scan_library(directory, cache_path=cache)
    remembered: list[list] = []
    assert scan_library(directory, cache_path=cache, remembered=remembered.append) == first
    assert remembered == [first]
    # Nothing changed: the scan's listing is the one remembered, not made again.
    again = scan_library(directory, cache_path=cache, remembered=remembered.append)
    assert again is remembered[-1]
    remembered.clear()
    remembered.clear()
    (directory / "a.yaml").write_text(article_text("A new title, longer", "2020-01-01"))
    (directory / "b.yaml").unlink()
    changed = scan_library(directory, cache_path=cache, remembered=remembered.append)
    assert [titles(listing) for listing in remembered] == [titles(first)]
    assert titles(changed) == ["A new title, longer"]
    # No cache, nothing remembered.
    remembered.clear()
    scan_library(directory, cache_path=tmp_path / "other.json", remembered=remembered.append)
    assert remembered == []


async def test_a_warm_start_lists_what_it_remembers_once(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The remembered listing is laid out once: the scan that finds nothing changed only
    says so in the status line. A file changed since is listed as it is now."""
    scan_library(library)  # the app's default cache
    shown: list[int] = []
    original = LibraryScreen._show_entries

    def counted(self: LibraryScreen, entries: list[LibraryEntry]) -> None:
        shown.append(len(entries))
        original(self, entries)

    monkeypatch.setattr(LibraryScreen, "_show_entries", counted)
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        assert shown == [5]
        assert "5 articles · 1 invalid" in screen.status_text
        assert "looking for" not in screen.status_text
    (library / "old.yaml").write_text(article_text("Old news, revised", "2020-01-01", "Daily"))
    shown.clear()
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        assert "Old news, revised" in titles(screen.shown)
        assert shown[0] == 5 and len(shown) >= 2


def test_an_entry_is_drawn_as_its_prompt_reads_cut_with_an_ellipsis() -> None:
    from textual.style import Style

    from tui.screens.library import EntryVisual

    entry = LibraryEntry(
        "/lib", "2022/wide.yaml", "Gipfel in 東京\x1b[31m", source="Die Zeitung", quotes=1
    )
    visual = EntryVisual(entry)
    title, details = str(visual).split("\n")
    assert "\x1b" not in title  # inert
    wide = visual.render_strips(80, 2, Style(), None)  # type: ignore[arg-type]
    assert [strip.text.rstrip() for strip in wide] == [title, details]
    assert all(strip.cell_length == 80 for strip in wide)
    narrow = visual.render_strips(13, 2, Style(), None)  # type: ignore[arg-type]
    assert all(strip.cell_length == 13 for strip in narrow)
    assert narrow[0].text.rstrip() == "Gipfel in 東…"
    assert narrow[1].text == "undated · Di…"
