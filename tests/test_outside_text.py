"""Outside text is inert: no file name, key, variable or paste reaches the terminal as a sequence.

Content is sanitised at load (``tests/test_hostile_content.py``); everything else the reader
shows goes through ``tui.model.inert.inert``: file and directory names, paths, error messages
that quote a YAML key, environment values (``$XDG_STATE_HOME`` in a warning, ``$TMPDIR`` in a
crash line), what is pasted, command-line arguments. The names and keys here are made of the
issue's payloads: OSC 52 (sets the clipboard), OSC 0 (sets the window title), a right-to-left
override and an 8-bit CSI (C1).

Three layers of tests:

1. The function itself: every control class, surrogates, the fast path, the bound, and that
   its result is printable and unchanged by a second pass.
2. Each place the issue names, in a real pseudo-terminal that records every byte: the
   reader (``i``, ``?`` with the link, ``y``, live reload of a file made invalid by a hostile
   key and then removed, the warning printed after exit), the library (its list, the notice for
   the bad file, the directory in its title), ``check``, ``export`` (stderr, stdout, ``-o``),
   argparse errors, the crash line. The count of live sequences must be 0.
3. Tests that fail when a *new* place shows outside text without the function:
   - ``test_a_crawl_of_every_key_*`` poison every outside input at once (names, the YAML key,
     ``HOME``, ``TERM``, ``LANG``, ``SSH_CONNECTION``, ``TMPDIR``, the state, cache and
     download directories, a paste) and run the real program with ``tests/crawl_bindings.py``
     in it: it walks every screen it can reach and presses a key of every live binding
     (``App.active_bindings``: of the app, the screen and the focused widget) in each, and
     pastes in each. A new dialog, key or widget is crawled without any list to update, and
     whatever it shows of the poisoned inputs is in the bytes searched.
   - ``test_nothing_writes_to_the_terminal_but_print_line`` reads ``tui/`` (AST): a line
     written to stdout or stderr other than through ``print_line`` (``print``,
     ``sys.stderr.write``, ``traceback.print_exc``, an ``argparse.ArgumentParser`` whose
     ``error`` prints the bad argument raw) fails it, whichever command or path prints it.
"""

from __future__ import annotations

import ast
import io
import json
import os
import select
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pty_terminal import PtyTerminal

from tui.crash import summary_of
from tui.model.errors import ContentError
from tui.model.inert import inert
from tui.terminal_lines import print_line

TESTS = Path(__file__).parent
GOOD = TESTS / "data" / "good"

OSC52 = "\x1b]52;c;SGVsbG8=\x1b\\"
TITLE = "\x1b]0;PWNED\x1b\\"
#: What the file and directory names, the YAML key and the variables are made of.
HOSTILE = f"{OSC52}{TITLE}\u202e\u009b"
#: The same as a double-quoted YAML string.
HOSTILE_YAML = '"\\e]52;c;SGVsbG8=\\e\\\\\\e]0;PWNED\\e\\\\\\u202e\\x9b"'
#: What would act on the terminal if any of HOSTILE got through whole.
LIVE = {
    "OSC 52": b"\x1b]52;c;SGVsbG8=",
    "OSC 0": b"\x1b]0;PWNED",
    "RLO": "\u202e".encode(),
    "C1 CSI": "\u009b".encode(),
}
#: How HOSTILE shows once inert: the user sees that the name is odd.
SHOWN = "\\x1b]52;c;SGVsbG8=\\x1b\\\\x1b]0;PWNED\\x1b\\\\u202e\\x9b"


def live_sequences(written: bytes) -> dict[str, int]:
    return {name: written.count(sequence) for name, sequence in LIVE.items()}


def assert_none_live(written: bytes) -> None:
    counts = live_sequences(written)
    assert counts == dict.fromkeys(LIVE, 0), f"live sequences reached the terminal: {counts}"


# --- 1. The function ----------------------------------------------------------------------


def test_printable_text_is_returned_as_it_is() -> None:
    for text in ["content/nato.yaml", "C:\\x1b.yaml", "北京 报道.yaml", "🇺🇦 Kyiv", "ä"]:
        assert inert(text) is text
    # Spaces other than ASCII's and private-use characters are only drawn by a terminal.
    for text in ["a\u00a0b", "a\u3000b", "icon \ue0b0"]:
        assert inert(text) == text


@pytest.mark.parametrize(
    "codes",
    [range(0x00, 0x20), [0x7F], range(0x80, 0xA0)],
    ids=["C0", "DEL", "C1"],
)
def test_every_control_shows_as_its_escape(codes: range) -> None:
    for code in codes:
        char = chr(code)
        assert inert(f"a{char}b") == f"a{repr(char)[1:-1]}b"
        assert "\\" in inert(char)
    assert inert("\x1b\n\t\r") == "\\x1b\\n\\t\\r"


def test_format_characters_separators_and_unassigned_show_as_escapes() -> None:
    formats = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert {"\u202e", "\u2066", "\u200b", "\ufeff", "\U000e0001"} <= set(formats)
    for char in [*formats, "\u2028", "\u2029", "\u0378", "\ufffe"]:
        shown = inert(char)
        assert shown == repr(char)[1:-1] and shown.startswith(("\\u", "\\U", "\\x")), shown


def test_undecodable_bytes_of_a_name_show_as_surrogate_escapes() -> None:
    name = os.fsdecode(b"caf\xe9-\xff.yaml")
    assert inert(name) == "caf\\udce9-\\udcff.yaml"
    assert inert("\ud800") == "\\ud800"


def test_the_issue_payloads_show_as_text() -> None:
    assert inert(HOSTILE) == SHOWN
    assert "\x1b" not in SHOWN and SHOWN.isprintable()


@given(st.text())
def test_inert_text_is_printable_and_inert_again(text: str) -> None:
    shown = inert(text)
    refused = {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}
    assert not any(unicodedata.category(char) in refused for char in shown)
    assert inert(shown) == shown
    if text.isprintable():
        assert shown == text


def test_a_limit_cuts_between_whole_escapes() -> None:
    assert inert("abc", 3) == "abc"
    assert inert("abcd", 3) == "ab…"
    assert inert("\x1b" * 10, 10) == "\\x1b\\x1b…"  # not "\x1b\x1b\x…"
    assert inert("ab\x1b", 6) == "ab\\x1b"


@given(st.text(), st.integers(min_value=1, max_value=40))
def test_a_limit_bounds_the_result(text: str, limit: int) -> None:
    shown = inert(text, limit)
    assert len(shown) <= limit
    assert inert(shown, limit) == shown
    if len(inert(text)) <= limit:
        assert shown == inert(text)
    else:
        assert shown.endswith("…") and inert(text).startswith(shown[:-1])


def test_print_line_is_the_same_rule() -> None:
    stream = io.StringIO()
    print_line(stream, f"{HOSTILE}.yaml: ok\nfake: ok")
    assert stream.getvalue() == inert(f"{HOSTILE}.yaml: ok\nfake: ok") + "\n"


def test_an_error_shows_its_path_field_and_problem_inert() -> None:
    error = ContentError(f"/tmp/{HOSTILE}.yaml", 3, 1, f"meta.{HOSTILE}", f"unknown {HOSTILE}")
    assert str(error) == f"/tmp/{SHOWN}.yaml:3:1: meta.{SHOWN}: unknown {SHOWN}"
    assert str(ContentError(HOSTILE, 0, 0, "", HOSTILE)) == f"{SHOWN}:0:0: {SHOWN}"


def test_the_crash_summary_is_inert_and_short() -> None:
    summary = summary_of(f"Traceback:\n  ...\nValueError: {HOSTILE}{'x' * 500}")
    assert summary.startswith(f"ValueError: {SHOWN}") and len(summary) <= 200


async def test_a_paste_shows_as_typed_escapes() -> None:
    from textual import events

    from tui.app import ReaderApp

    app = ReaderApp(None, library=GOOD, environ={})
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.post_message(events.Paste(f"{HOSTILE}\nsecond line"))
        await pilot.pause()
        assert app.screen.filter_input.value == SHOWN


def test_a_library_entry_read_from_a_changed_cache_is_inert() -> None:
    from tui.library import LibraryEntry
    from tui.screens.library import entry_prompt

    # The title and source of a valid entry come from the cache file, not from the loader.
    entry = LibraryEntry("lib", f"a{HOSTILE}.yaml", title=f"T{HOSTILE}", source=f"S{HOSTILE}")
    bad = LibraryEntry("lib", f"b{HOSTILE}.yaml", title="b", error=f"lib/b:1:1: {HOSTILE}")
    for shown in (entry_prompt(entry).plain, entry_prompt(bad).plain):
        assert "\x1b" not in shown and "PWNED" in shown, shown


# --- 2. Each place, in a pseudo-terminal ---------------------------------------------------


class Tree(NamedTuple):
    """Files whose names hold the payloads, in a directory whose name does too."""

    root: Path
    #: Relative to ``root`` (the reader's working directory): ``d…[b]``.
    directory: Path
    #: A valid article (dated, with quotes), an invalid one (the hostile key), a valid undated
    #: one whose title sorts after the invalid one's name (the invalid is listed last all the
    #: same).
    valid: Path
    invalid: Path
    undated: Path
    #: A regular file: a directory under it cannot be made (state, caches).
    blocker: Path


def hostile_article(valid: str) -> str:
    """``valid`` with a top-level key made of the payloads: an unknown key, one error."""
    return f"{valid}{HOSTILE_YAML}: x\n"


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return make_tree(tmp_path)


def make_tree(tmp_path: Path) -> Tree:
    directory = Path(f"d{HOSTILE}[b]")
    (tmp_path / directory).mkdir()
    valid = directory / f"a{HOSTILE}.yaml"
    invalid = directory / f"b{HOSTILE}.yaml"
    undated = directory / f"z{HOSTILE}.yaml"
    shutil.copy(GOOD / "full.yaml", tmp_path / valid)
    minimal = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / invalid).write_text(hostile_article(minimal), encoding="utf-8")
    zebra = minimal.replace("A minimal article", "Zebra crossing")
    (tmp_path / undated).write_text(zebra, encoding="utf-8")
    blocker = tmp_path / f"f{HOSTILE}"
    blocker.write_text("not a directory\n", encoding="utf-8")
    return Tree(tmp_path, directory, valid, invalid, undated, blocker)


def spawn(*argv: str, env: dict[str, str] | None = None, **options) -> PtyTerminal:
    """``tui-reader ARGV`` in a pty, run from ``options["cwd"]`` on this checkout's code."""
    return PtyTerminal.reader(
        *argv, env={"PYTHONPATH": str(TESTS.parent), **(env or {})}, **options
    )


class Session:
    """A program in a pty, driven by keys; what it should show as escapes is checked as it
    goes, and the live sequences counted at the end (so a failure gives the count)."""

    def __init__(self, terminal: PtyTerminal) -> None:
        self.terminal = terminal
        self.missing: list[str] = []

    def step(self, keys: str | None, wanted: str, timeout: float = 15) -> None:
        """Send the keys (if any), then wait until the screen shows ``wanted`` (``-TEXT``:
        until it no longer shows TEXT)."""
        terminal = self.terminal
        if keys:
            terminal.send(keys)
        if wanted.startswith("-"):
            ok = terminal.wait_for(lambda text: wanted[1:] not in text, timeout)
        else:
            ok = terminal.wait_for(lambda text: wanted in text, timeout)
        assert ok, (wanted, terminal.text)

    def check(self, shown: str) -> None:
        """The screen shows ``shown`` now (an escaped name, say)."""
        if shown not in self.terminal.text:
            self.missing.append(shown)

    def assert_clean(self) -> None:
        assert_none_live(bytes(self.terminal.written))
        assert not self.missing, (self.missing, self.terminal.text)


def test_the_reader_shows_odd_names_and_keys_as_escapes(tree: Tree) -> None:
    terminal = spawn(
        "--no-animation",
        f"{tree.valid}#q1",
        columns=200,
        rows=50,
        cwd=str(tree.root),
        # The state directory cannot be made: its warning, printed after exit, names it.
        env={"XDG_STATE_HOME": str(tree.blocker / "state")},
    )
    session = Session(terminal)
    try:
        session.step(None, "Quote 1/4")
        session.step("i", "About this article")
        terminal.pump(0.5)
        session.check("PWNED")  # as text: an OSC 0 that acted would not show
        session.step("\x1b", "-About this article")
        session.step("?", "Keys")
        for _ in range(12):
            terminal.send("\x1b[6~")  # page down, to the link at the end
            terminal.pump(0.05)
        session.step(None, "Link to the current quote")
        terminal.pump(0.3)
        session.step("\x1b", "-Link to the current")
        session.step("y", "Copied link")
        # The link is the absolute path (shortened in the middle if it is longer than the line).
        session.check(f"{inert(tree.valid.name)}#q1")
        path = tree.root / tree.valid
        path.write_text(hostile_article(path.read_text(encoding="utf-8")), encoding="utf-8")
        session.step(None, "unknown key")
        session.check(f"{inert(str(tree.valid))}:")
        session.check(f": {SHOWN}: unknown key")
        path.unlink()
        session.step(None, "the file is gone")
        session.check(f"{inert(str(tree.valid))}: the file is gone")
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text
        session.check(f"cannot save state in {inert(str(tree.blocker))}")
    finally:
        terminal.close()
    session.assert_clean()


def test_the_library_shows_odd_names_and_keys_as_escapes(tree: Tree) -> None:
    terminal = spawn(
        "--no-animation", str(tree.directory), columns=200, rows=50, cwd=str(tree.root)
    )
    session = Session(terminal)
    try:
        session.step(None, "3 articles · 1 invalid")
        # The directory in the list's title, as written: not markup ([b]), not a sequence.
        session.check(inert(str(tree.directory)))
        session.check(inert(tree.invalid.name))
        session.check(f"{inert(str(tree.invalid))}:10:1: {SHOWN}: unknown key")
        # Down twice, to the invalid file, listed after the valid ones (the list moves while
        # typing).
        for _ in range(2):
            terminal.send("\x1b[B")
            terminal.pump(0.2)
        session.step("\r", "Cannot open")
        session.check(f"Cannot open {inert(tree.invalid.name)}: 1 problem")
        for _ in range(2):
            terminal.send("\x1b[A")
            terminal.pump(0.2)
        session.step("\r", "¶ 1/")  # the reader's status line: it is up
        session.step("\x1b", "3 articles")
        terminal.send("\t")
        terminal.pump(0.3)
        terminal.send("q")
        assert terminal.wait_exit() == 0, terminal.text
    finally:
        terminal.close()
    session.assert_clean()


def crash_environment(tree: Tree) -> dict[str, str]:
    """A crash whose report goes to ``$TMPDIR`` (the state directory cannot be made)."""
    tmp = tree.root / f"t{HOSTILE}"
    tmp.mkdir(exist_ok=True)
    return {
        "TUI_READER_CRASH_TEST": "1",
        "XDG_STATE_HOME": str(tree.blocker / "state"),
        "TMPDIR": str(tmp),
    }


#: Each command that prints a path, an error or an argument: its arguments (and environment)
#: for a tree, and its exit status.
COMMAND_LINES: dict[str, tuple[Callable[[Tree], tuple[list[str], dict[str, str]]], int]] = {
    "check a directory": (lambda t: (["check", str(t.directory)], {}), 2),
    "check a missing file": (lambda t: (["check", f"{t.directory}/m{HOSTILE}.yaml"], {}), 2),
    "export to stdout": (lambda t: (["export", str(t.valid), "--format", "md"], {}), 0),
    "export an invalid file": (lambda t: (["export", str(t.invalid)], {}), 2),
    "export -o into the directory": (
        lambda t: (["export", str(t.valid), "-o", f"{t.directory}/o{HOSTILE}.txt"], {}),
        0,
    ),
    "export -o where it cannot write": (
        lambda t: (["export", str(t.valid), "-o", f"{t.directory}/n{HOSTILE}/o.txt"], {}),
        2,
    ),
    "an unknown theme": (lambda t: (["--theme", HOSTILE, str(t.valid)], {}), 2),
    "an unknown option": (lambda t: ([f"--x{HOSTILE}", str(t.valid)], {}), 2),
    "a bad format": (lambda t: (["export", str(t.valid), "--format", HOSTILE], {}), 2),
    "a bad size": (lambda t: (["check", "--max-bytes", HOSTILE, str(t.valid)], {}), 2),
    "the library as text": (lambda t: ([str(t.directory)], {"TERM": "dumb"}), 0),
    "a missing deep link": (lambda t: ([f"{t.valid}#{HOSTILE}"], {}), 2),
    "a crash": (lambda t: ([str(t.valid)], crash_environment(t)), 70),
}


class Ended(NamedTuple):
    status: int | None
    written: bytes


@pytest.fixture(scope="module")
def command_lines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tree, dict[str, Ended]]:
    """Every command of ``COMMAND_LINES`` run at once, each in its own pty: how each ended."""
    tree = make_tree(tmp_path_factory.mktemp("cli"))
    terminals = {}
    for case, (arguments, _) in COMMAND_LINES.items():
        argv, env = arguments(tree)
        terminals[case] = spawn(*argv, columns=400, rows=30, cwd=str(tree.root), env=env)
    try:
        ended = {
            case: Ended(terminal.wait_exit(30), bytes(terminal.written))
            for case, terminal in terminals.items()
        }
    finally:
        for terminal in terminals.values():
            terminal.close()
    return tree, ended


@pytest.mark.parametrize("case", COMMAND_LINES)
def test_command_line_output_shows_odd_names_as_escapes(
    command_lines: tuple[Tree, dict[str, Ended]], case: str
) -> None:
    tree, ended = command_lines
    status, written = ended[case]
    assert status == COMMAND_LINES[case][1], written
    assert_none_live(written)
    if case == "export -o into the directory":
        assert (tree.root / tree.directory / f"o{HOSTILE}.txt").is_file()
    elif case != "export to stdout":
        assert b"PWNED" in written, written  # the name or argument, shown as text


# --- 3. Every key of every screen, and every write to the terminal ------------------------


def poisoned_environment(tree: Tree) -> dict[str, str]:
    """Every variable whose value the reader might show, made of the payloads."""
    home = tree.root / f"h{HOSTILE}"
    home.mkdir(exist_ok=True)
    tmp = tree.root / f"t{HOSTILE}"
    tmp.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_STATE_HOME": str(tree.blocker / "state"),
        "XDG_CACHE_HOME": str(tree.blocker / "cache"),
        "XDG_DOWNLOAD_DIR": str(tmp),
        "TERM": f"xterm-256color{HOSTILE}",
        "LANG": f"C.UTF-8{HOSTILE}",
        "SSH_CONNECTION": HOSTILE,
        "SSH_TTY": HOSTILE,
        "CRAWL_PASTE": f"{HOSTILE}\n{HOSTILE}",
    }


class Crawl:
    """The real program with the crawler in it, in a pty; its bytes are kept, not drawn."""

    def __init__(self, tree: Tree, report: Path, args: list[str], env: dict[str, str]) -> None:
        self.report = report
        self.terminal = PtyTerminal(
            [sys.executable, str(TESTS / "crawl_bindings.py"), str(report), *args],
            columns=160,
            rows=100,
            cwd=str(tree.root),
            env={**poisoned_environment(tree), **env},
        )
        self.written = bytearray()

    def read(self) -> None:
        """What the program wrote so far (no pyte screen: a crawl writes megabytes)."""
        fd = self.terminal.process.fd
        while select.select([fd], [], [], 0)[0]:
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                return
            if not data:
                return
            self.written.extend(data)

    def finished(self) -> bool:
        self.read()
        return self.report.exists() or not self.terminal.process.isalive()

    def shows(self, text: bytes) -> bool:
        self.read()
        return text in self.written

    def ended(self) -> bool:
        self.read()  # a program blocked on a full pty would never end
        return not self.terminal.process.isalive()


def wait_all(predicates: list[Callable[[], bool]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not all(predicate() for predicate in predicates) and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_crawl_of_every_key_shows_no_outside_text_live(tree: Tree, tmp_path: Path) -> None:
    # Two programs at once: the reader on the file (made invalid by the hostile key before
    # the crawl, removed after it), and the library on the directory.
    reader = Crawl(
        tree, tmp_path / "reader.json", ["--no-animation", f"{tree.valid}#q1"], {"CRAWL_WAIT": "1"}
    )
    # The library on a tree of its own: the reader's crawl makes its dated article invalid.
    (tmp_path / "library").mkdir()
    own = make_tree(tmp_path / "library")
    library = Crawl(
        own,
        tmp_path / "library.json",
        ["--no-animation", str(own.directory)],
        {"CRAWL_DEPTH": "1"},
    )
    crawls = [reader, library]
    try:
        wait_all([lambda: reader.shows(b"Quote 1/4")], 20)
        path = tree.root / tree.valid
        path.write_text(hostile_article(path.read_text(encoding="utf-8")), encoding="utf-8")
        wait_all([lambda: reader.shows(b"unknown key")], 10)
        assert b"unknown key" in reader.written
        reader.report.with_name("reader.json.start").touch()
        wait_all([crawl.finished for crawl in crawls], 120)
        path.unlink()
        wait_all([lambda: reader.shows(b"the file is gone")], 10)
        for crawl in crawls:
            crawl.terminal.send("q")
        wait_all([crawl.ended for crawl in crawls], 15)
        for crawl in crawls:
            crawl.read()
            assert not crawl.terminal.process.isalive(), crawl.written[-2000:]
            crawl.terminal.process.wait()
            crashes = [p.read_text() for p in tree.root.glob("t*/tui-reader-crash-*.txt")]
            assert crawl.terminal.process.exitstatus == 0, crashes or crawl.written[-2000:]
    finally:
        for crawl in crawls:
            crawl.terminal.close()

    reports = {
        name: json.loads(c.report.read_text())
        for name, c in zip(["reader", "library"], crawls, strict=True)
    }
    # The crawl did reach every screen (else the scan below would prove little).
    assert {
        "ReaderScreen > AboutScreen",
        "ReaderScreen > HelpScreen",
        "ReaderScreen > SpeakerPicker",
        "ReaderScreen > CommandPalette",
    } <= set(reports["reader"]["states"]), reports["reader"]
    assert {"LibraryScreen > ReaderScreen", "LibraryScreen > HelpScreen"} <= set(
        reports["library"]["states"]
    ), reports["library"]
    assert b"the file is gone" in reader.written
    for crawl in crawls:
        assert_none_live(bytes(crawl.written))
        assert b"PWNED" in crawl.written  # the names were on screen, as text


#: The one place that writes a line to the user's terminal (outside the full-screen app).
PRINTER = "tui/terminal_lines.py"
#: Writes that are not lines of outside text: the rendered article, sanitised at load.
RENDERED_OUTPUT = {("tui/cli.py", "_write_text")}
STREAMS = {"stdout", "stderr", "__stdout__", "__stderr__"}
TRACEBACK_PRINTERS = {"print_exc", "print_exception", "print_tb", "print_stack", "print_last"}


def _is_terminal_descriptor(node: ast.expr | None) -> bool:
    """``1``, ``2`` or ``sys.stderr.fileno()``: where ``os.write`` reaches the terminal."""
    if isinstance(node, ast.Constant):
        return node.value in (1, 2)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "fileno"
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr in STREAMS
    )


def terminal_writes(tree: ast.Module) -> list[tuple[int, str, str]]:
    """(line, enclosing function, what) of each write to stdout or stderr in ``tree``."""
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                found.append((node.lineno, function, "print()"))
            elif isinstance(func, ast.Attribute):
                owner = func.value
                if (
                    func.attr in ("write", "writelines")
                    and isinstance(owner, ast.Attribute)
                    and owner.attr in STREAMS
                ):
                    found.append((node.lineno, function, f"{owner.attr}.{func.attr}()"))
                if func.attr in TRACEBACK_PRINTERS:
                    found.append((node.lineno, function, f"{func.attr}()"))
                if func.attr == "ArgumentParser":
                    found.append((node.lineno, function, "argparse.ArgumentParser()"))
                if (
                    func.attr == "write"
                    and isinstance(owner, ast.Name)
                    and owner.id == "os"
                    and _is_terminal_descriptor(node.args[0] if node.args else None)
                ):
                    found.append((node.lineno, function, "os.write()"))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_nothing_writes_to_the_terminal_but_print_line() -> None:
    root = TESTS.parent
    offending = []
    for path in sorted((root / "tui").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name == PRINTER:
            continue
        for line, function, what in terminal_writes(ast.parse(path.read_text(encoding="utf-8"))):
            if (name, function) not in RENDERED_OUTPUT:
                offending.append(f"{name}:{line}: {what} in {function or 'module'}")
    assert not offending, "write lines with tui.terminal_lines.print_line:\n" + "\n".join(offending)


def test_the_static_check_sees_each_kind_of_write() -> None:
    code = """
import argparse, os, sys, traceback
def f():
    print("x")
    sys.stderr.write("x")
    sys.__stdout__.writelines(["x"])
    traceback.print_exc()
    argparse.ArgumentParser()
    os.write(2, b"x")
    os.write(sys.stdout.fileno(), b"x")
    os.write(pipe, b"x")
"""
    whats = [what for _, _, what in terminal_writes(ast.parse(code))]
    assert whats == [
        "print()",
        "stderr.write()",
        "__stdout__.writelines()",
        "print_exc()",
        "argparse.ArgumentParser()",
        "os.write()",
        "os.write()",
    ]
