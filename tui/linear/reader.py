"""Linear mode's loop: load, say the opening, then one reply per key until ``q`` or a hang-up."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from tui.collector import resume_after_start_up
from tui.linear import LinearOptions
from tui.linear.lines import Line
from tui.linear.output import LinearOutput
from tui.linear.session import LinearSession, Reply
from tui.linear.terminal import EXIT_HANGUP, HangUp, KeyTerminal, open_keyboard
from tui.links import display_path
from tui.model.article import Article
from tui.model.errors import ContentInvalid
from tui.state import StateStore
from tui.state_writer import StateWriter
from tui.terminal_lines import print_line

#: Exit status for an invalid file or a deep link to nothing (as ``tui.cli``'s).
EXIT_INVALID = 2


def read_article(path: str | Path, options: LinearOptions, environ: Mapping[str, str]) -> int:
    """Reads ``path`` (an article, or a directory's list of them) in linear mode, keys from
    the terminal; the exit status."""
    output = LinearOutput(sys.stdout, color=options.color, environ=environ)
    keyboard = open_keyboard(sys.stdin.fileno())
    if keyboard is None:  # no terminal to read keys from (``ssh host cmd < file``): all of it
        return _print_whole(path, options, output)
    store = StateStore()
    problems: list[str] = []
    try:
        # Keys first: what is typed while the file loads is not echoed, and waits for it.
        with KeyTerminal(keyboard) as terminal:
            reading = Reading(terminal, output, store, problems)
            if os.path.isdir(path):
                status = reading.library(path, options)
            else:
                status = reading.article(path, options)
    except HangUp as hang_up:
        _silence_terminal()
        return hang_up.status
    except OSError:  # a write to a terminal that has gone (EIO): a hang-up too
        _silence_terminal()
        return EXIT_HANGUP
    finally:
        if keyboard != sys.stdin.fileno():
            os.close(keyboard)
    for line in [*problems, *(f"tui-reader: {warning}" for warning in store.warnings)]:
        print_line(sys.stderr, line)
    return status


class Reading:
    """Linear mode on one terminal: an article, or a list of articles and those opened from it."""

    def __init__(
        self, terminal: KeyTerminal, output: LinearOutput, store: StateStore, problems: list[str]
    ) -> None:
        self.terminal = terminal
        self.output = output
        self.store = store
        #: What is printed on stderr once the terminal is given back.
        self.problems = problems

    def article(self, path: str | Path, options: LinearOptions) -> int:
        article = _load(path, options, self.output, self.problems)
        if article is None:
            return EXIT_INVALID
        self.read(article, options)
        return 0

    def read(self, article: Article, options: LinearOptions) -> None:
        """The key loop, until ``q``: every reply said, the place saved as it changes (in a
        thread, as the full-screen reader does) and at every end."""
        session = LinearSession(article)
        target = options.wanted.resolve(article) if options.wanted else None
        saved = None if options.fresh or target is not None else self.store.load(article.id)
        writer = StateWriter(self.store)
        said = session.start(target, saved)
        # Saved only once it moves: opening and quitting keeps a place the other mode saved.
        last_position = session.position()
        try:
            self.output.say(said.lines)
            resume_after_start_up()
            for key in self.terminal.read_keys():
                reply = session.key(key)
                if reply.prompt is not None:
                    self.output.prompt(reply.prompt)
                    typed = self.terminal.read_line()
                    if not typed.endswith("\n"):  # Ctrl-D: the terminal echoed no line end
                        self.output.say([Line("")])
                    reply = Reply(session.search(typed.rstrip("\r\n")))
                self.say(reply)
                position = session.position()
                if position != last_position:
                    last_position = position
                    writer.submit(article.id, position)
                if reply.quit:
                    return
        finally:
            writer.flush()

    def say(self, reply: Reply) -> None:
        self.output.say(reply.lines)
        if reply.copy is not None:
            try:
                self.output.copy(reply.copy)
            except ValueError as error:
                self.output.say([Line(f"Not copied: {error}.", "notice")])

    def library(self, directory: str | Path, options: LinearOptions) -> int:
        """The directory's articles one a key; Enter reads one, whose ``q`` comes back."""
        from tui.content_walk import ContentWalk
        from tui.library import scan_library
        from tui.linear.library import LibrarySession

        walk = ContentWalk(directory)
        notices: list[str] = []
        entries = scan_library(
            directory, max_bytes=options.max_bytes, walk=walk, warn=notices.append
        )
        if not entries:
            self.problems.append(f"{directory}: no .yaml or .yml files in this directory")
            return EXIT_INVALID
        if walk.notice:
            notices.append(walk.notice)
        session = LibrarySession(entries, os.fspath(directory))
        self.output.say([*(Line(notice, "notice") for notice in notices), *session.start()])
        resume_after_start_up()
        # Opened from the list, an article is read as from the command line, with no link.
        options = options._replace(wanted=None)
        for key in self.terminal.read_keys():
            reply = session.key(key)
            self.output.say(reply.lines)
            if reply.quit:
                return 0
            if reply.open is None:
                continue
            problems: list[str] = []
            article = _load(reply.open.path, options, self.output, problems)
            if article is None:  # said here: the list goes on
                self.output.say(Line(problem, "notice") for problem in problems)
            else:
                self.read(article, options)
            self.output.say(session.back())
        return 0


def _print_whole(path: str | Path, options: LinearOptions, output: LinearOutput) -> int:
    """The whole article as linear mode says it (a directory's list), with no keys to wait for."""
    if os.path.isdir(path):
        from tui.library import scan_library
        from tui.linear.library import LibrarySession

        entries = scan_library(path, max_bytes=options.max_bytes)
        if not entries:
            print_line(sys.stderr, f"{path}: no .yaml or .yml files in this directory")
            return EXIT_INVALID
        session = LibrarySession(entries, os.fspath(path))
        output.say(session.say(index) for index in range(len(entries)))
        return 0
    problems: list[str] = []
    article = _load(path, options, output, problems)
    for line in problems:
        print_line(sys.stderr, line)
    if article is None:
        return EXIT_INVALID
    output.say(LinearSession(article).whole())
    return 0


def _load(
    path: str | Path, options: LinearOptions, output: LinearOutput, problems: list[str]
) -> Article | None:
    """The article, or None with its problems (a file's errors, a link to nothing) in
    ``problems``, to be printed once the terminal is given back."""
    from tui.content_paths import loads_in_background
    from tui.model.loader import load_article

    name = options.source or os.fspath(path)  # an import by its source, not its cached file
    if loads_in_background(path, options.max_bytes):
        size = os.path.getsize(path) / 1_000_000
        output.say([Line(f"Loading {display_path(name)} ({size:.1f} MB)…", "notice")])
    try:
        article = load_article(path, max_bytes=options.max_bytes)
    except ContentInvalid as invalid:
        problems.extend(invalid.errors.lines())
        return None
    wanted = options.wanted
    if wanted is not None and wanted.resolve(article) is None:
        problems.append(wanted.missing(name))
        return None
    return article.imported_from(options.source)


def _silence_terminal() -> None:
    """After a hang-up: stdout and stderr point at /dev/null, so that nothing left to flush at
    exit fails again on a terminal that has gone (or writes over a shell that took it back)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for descriptor in (1, 2):
        os.dup2(devnull, descriptor)
    os.close(devnull)
