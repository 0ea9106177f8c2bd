"""The ``tui-reader`` command: read an article (the default), ``check``, ``export`` or
``import`` files, ``serve`` the reader over SSH (``tui.serve.command``), ``feeds`` and
``update`` (``tui.commands.feeds``, ``tui.commands.update``)."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import tui
from tui.collector import resume_after_start_up
from tui.links import ArticleRequest, Wanted, split_link
from tui.model import DEFAULT_MAX_BYTES
from tui.model.errors import ContentInvalid, Problems
from tui.model.inert import inert
from tui.terminal_lines import print_line

if TYPE_CHECKING:
    from tui.load_ahead import Prepare

#: Exit statuses: a problem with the content or the command line, and an interrupt (128 + SIGINT).
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130
EXPORT_FORMATS = ("txt", "md", "json", "html")
#: An argument quoted in a command-line error is cut to this many characters.
MAX_ARGUMENT_ERROR = 500


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command; the exit status. Never a traceback for a bad file or a Ctrl-C."""
    args = _command_first(list(sys.argv[1:] if argv is None else argv))
    try:
        if args[:1] in (["check"], ["export"], ["import"], ["serve"], ["update"]) or (
            args[:1] == ["feeds"] and args[1:2] and not args[1].startswith("-")
        ):
            resume_after_start_up()  # nothing is drawn: no first frame to wait for
        if args[:1] == ["update"]:
            from tui.commands import update

            return update.run(args[1:])
        if args[:1] == ["feeds"]:
            from tui.commands import feeds

            return feeds.run(args[1:])
        if args[:1] == ["import"]:
            from tui.commands import import_

            return import_.run(args[1:])
        if args[:1] == ["check"]:
            return _check(_check_parser().parse_args(args[1:]))
        if args[:1] == ["export"]:
            return _export(_export_parser().parse_args(args[1:]))
        if args[:1] == ["serve"]:
            from tui.serve import command as serve

            return serve.run(_subcommand_parser("serve", serve.add_arguments).parse_args(args[1:]))
        _check_environment()
        return _read(_read_parser().parse_args(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``tui-reader check . | head``): nothing to say.
        _silence_stdout()
        return 1
    except Exception:
        # A bug: one line and a report file, never a traceback over the user's screen.
        import traceback

        from tui.crash import report_crash

        return report_crash(traceback.format_exc())


#: The options ``add_screen_options`` adds, and whether each takes a value.
_SCREEN_OPTIONS = {"--theme": True, "--no-animation": False, "--no-mouse": False}


def _command_first(args: list[str]) -> list[str]:
    """``tui-reader --theme ansi-dark feeds`` as ``tui-reader feeds --theme ansi-dark``: the
    screen options before the one full-screen command besides the reader (``feeds`` with
    nothing after it). A file or directory named ``feeds`` is still read as one."""
    index = 0
    while index < len(args):
        name = args[index].split("=", 1)[0]
        if name not in _SCREEN_OPTIONS:
            break
        index += 2 if _SCREEN_OPTIONS[name] and "=" not in args[index] else 1
    if 0 < index < len(args) and args[index:] == ["feeds"] and not os.path.lexists("feeds"):
        return ["feeds", *args[:index]]
    return args


def _check_environment() -> None:
    """Bad Textual settings in the environment (``TEXTUAL_COLOR_SYSTEM=bogus``) fall back to
    Textual's defaults with a warning each, before anything imports Textual."""
    from tui.environment import check_textual_environment

    for warning in check_textual_environment(os.environ):
        print_line(sys.stderr, warning)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, whose error message (which quotes the bad argument: an unknown
    option, a value) is printed inert, as every line outside the app is."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print_line(sys.stderr, f"{self.prog}: error: {inert(message, MAX_ARGUMENT_ERROR)}")
        raise SystemExit(EXIT_INVALID)


def _max_bytes(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return size


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse content files larger than N bytes (default {DEFAULT_MAX_BYTES:,})",
    )


def add_screen_options(parser: argparse.ArgumentParser) -> None:
    """The options of every full-screen command: ``--theme``, ``--no-animation``,
    ``--no-mouse``."""
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, such as textual-light")
    parser.add_argument("--no-animation", action="store_true", help="scroll without animation")
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")


def _read_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="tui-reader",
        description="Read a structured news article in the terminal: body, quotes and facts.",
        epilog=(
            "tui-reader check PATH... validates content files without opening the reader;"
            " tui-reader export PATH --format md|txt|json|html writes the article out;"
            " tui-reader import SOURCE... makes content files of texts and web pages;"
            " tui-reader serve [PATH] serves the reader over SSH;"
            " tui-reader feeds add URL subscribes to a feed, tui-reader update fetches the"
            " feeds and tui-reader feeds lists their items."
            " When stdout is not a terminal (a pipe, a file) or TERM=dumb, the article is"
            " printed as plain text instead of opening the reader."
        ),
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="the article to read (a .yaml file; a .txt, an .html or an http(s) address is"
        " imported as it opens), or a directory to list its articles; default: the bundled"
        " article",
    )
    jump = parser.add_mutually_exclusive_group()
    jump.add_argument("--quote", metavar="ID", help="open at this quote (like PATH#ID)")
    jump.add_argument("--fact", metavar="ID", help="open at this fact")
    jump.add_argument("--paragraph", metavar="ID", help="open at this paragraph (or any block)")
    parser.add_argument(
        "--fresh", action="store_true", help="open at the top, not where you left off"
    )
    add_screen_options(parser)
    parser.add_argument(
        "--linear",
        action="store_true",
        help="plain lines, a paragraph, quote or fact a key, for screen readers and braille"
        " displays (see docs/accessibility.md)",
    )
    parser.add_argument("--color", action="store_true", help="with --linear: colour some lines")
    add_max_bytes(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {tui.__version__}")
    return parser


def _subcommand_parser(
    name: str, add_arguments: Callable[[argparse.ArgumentParser], None]
) -> argparse.ArgumentParser:
    """The parser of ``tui-reader NAME``, whose module adds its own arguments."""
    parser = ArgumentParser(prog=f"tui-reader {name}")
    add_arguments(parser)
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="tui-reader check",
        description=(
            "Validate content files: PATH: ok for each valid one, and every problem as"
            " path:line:column: field: problem on stderr. Exit status 2 when any is invalid."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .yaml file, or a directory to search for .yaml and .yml files",
    )
    add_max_bytes(parser)
    return parser


def _read(args: argparse.Namespace) -> int:
    from tui.content_paths import default_article_path, loads_in_background

    if args.theme is not None and (problem := theme_problem(args.theme)):
        print_line(sys.stderr, problem)
        return EXIT_INVALID
    fragment: str | None = None
    path: str | Path = default_article_path()
    if args.path is not None:
        path, fragment = split_link(args.path)
        if fragment and _is_importable(path) and not _is_block_id(fragment):
            # An address copied with its own fragment (#comments): not a quote to open at.
            path, fragment = args.path.partition("#")[0], None
    if args.linear and sys.stdout.isatty():  # to a pipe or a file: plain text, as below
        return _read_linear(args, path, fragment)
    if os.path.isdir(path):
        return _read_library(args, path)
    if problem := _not_readable(path):
        print_line(sys.stderr, problem)
        return EXIT_INVALID
    prepare: Prepare | None = None
    source: str | None = None  # what an import is named and linked by (not its cached file)
    if _is_importable(path):
        # A text, web page or address: its import is cached, or made while Textual loads.
        source = os.fspath(path)
        found = _find_import(source, args.max_bytes)
        if isinstance(found, str):
            print_line(sys.stderr, found)
            return EXIT_INVALID
        path, prepare = found
    wanted = _wanted_target(args, fragment)
    options = {
        "theme": args.theme,
        "animate": not args.no_animation,
        "mouse": not args.no_mouse,
        "fresh": args.fresh,
    }
    if not full_screen_possible():
        return _print_plain(path, args.max_bytes, prepare)
    if prepare is None and loads_in_background(path, args.max_bytes):
        # Textual first: the reader shows the title at once and loads the file in a thread.
        from tui.app import run

        return run(ArticleRequest(os.fspath(path), args.max_bytes, wanted, source), **options)
    from tui.load_ahead import NotPrepared, PendingArticle

    # The file is loaded on another core while Textual is imported (see tui.load_ahead). An
    # invalid file's errors come after that import (~0.3 s); ``check`` never imports Textual.
    pending = PendingArticle(path, args.max_bytes, prepare)
    from tui.app import run

    try:
        article = pending.result().imported_from(source)
    except ContentInvalid as invalid:
        _print_errors(invalid.errors)
        return EXIT_INVALID
    except NotPrepared as failed:
        print_line(sys.stderr, failed.line)
        return EXIT_INVALID
    start = wanted.resolve(article) if wanted else None
    if wanted and start is None:
        print_line(sys.stderr, wanted.missing(source or path))
        return EXIT_INVALID
    return run(article, start=start, **options)


def _read_linear(args: argparse.Namespace, path: str | Path, fragment: str | None) -> int:
    """``--linear`` on a terminal; a text, web page or address is imported first, as the
    full-screen reader does it (from the cache when it is there)."""
    from tui.linear import LinearOptions, read_linear

    source: str | None = None
    if not os.path.isdir(path) and _is_importable(path):
        source = os.fspath(path)
        found = _find_import(source, args.max_bytes)
        if isinstance(found, str):
            print_line(sys.stderr, found)
            return EXIT_INVALID
        from tui.load_ahead import NotPrepared, prepared

        try:
            path = prepared(*found)
        except NotPrepared as failed:
            print_line(sys.stderr, failed.line)
            return EXIT_INVALID
    wanted = _wanted_target(args, fragment)
    options = LinearOptions(args.max_bytes, wanted, args.fresh, args.color, source)
    return read_linear(path, options)


def _print_plain(path: str | Path, max_bytes: int, prepare: Prepare | None = None) -> int:
    """Not a terminal (a pipe, a file, ``TERM=dumb``): the article as plain text."""
    from tui.linear.document import render_plain
    from tui.load_ahead import NotPrepared, prepared
    from tui.model.loader import load_article

    try:
        article = load_article(prepared(path, prepare), max_bytes=max_bytes)
    except NotPrepared as failed:
        print_line(sys.stderr, failed.line)
        return EXIT_INVALID
    except ContentInvalid as invalid:
        _print_errors(invalid.errors)
        return EXIT_INVALID
    _write_text(render_plain(article))
    return 0


#: What the reader opens, for the line that says so about a file it cannot read.
OPENS = (
    "tui-reader opens .yaml articles, and .txt and .html files and http(s) addresses,"
    " which it imports as it opens them"
)
#: Files the reader writes but cannot read back, and what they are.
EXPORTS = {".md": "Markdown", ".json": "JSON"}


def _not_readable(path: str | Path) -> str | None:
    """The one line for a file the reader cannot read (an export's ``.md`` or ``.json``, a
    ``.pdf``): what it opens and how to import; None for what it may read."""
    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].casefold()
    if not suffix or suffix in (".yaml", ".yml") or _is_importable(name):
        return None
    if not os.path.isfile(name):
        return None  # missing: the loader says so
    what = EXPORTS.get(suffix)
    kind = f"a {what} export" if what else f"a {suffix} file"
    return (
        f"{name}: {kind} is not an article the reader can open; {OPENS}."
        " To make an article of a text or web page: tui-reader import SOURCE -o ARTICLE.yaml"
    )


def _is_block_id(fragment: str) -> bool:
    """True for an id the importer gives (``q3``, ``f2``, ``p12``, ``fig1``, ``h2``)."""
    return re.fullmatch(r"(?:q|f|p|h|fig)[0-9]+", fragment) is not None


def _is_importable(path: str | Path) -> bool:
    from tui.import_cache import is_importable

    return is_importable(path)


def _find_import(source: str, max_bytes: int) -> tuple[Path, Prepare | None] | str:
    """Where the import of ``source`` is cached, and what makes it when it is not there yet;
    or the line that says why it cannot be imported."""
    from tui.import_cache import find_import
    from tui.importer.pipeline import ImportFailure

    found = find_import(source, max_bytes=max_bytes)
    if isinstance(found, ImportFailure):
        return str(found)
    return found.path, None if found.ready else found.make


def _wanted_target(args: argparse.Namespace, fragment: str | None) -> Wanted | None:
    """The target from --quote, --fact, --paragraph or ``PATH#ID`` (any kind)."""
    if args.quote:
        return Wanted("quote", args.quote)
    if args.fact:
        return Wanted("fact", args.fact)
    if args.paragraph:
        return Wanted("block", args.paragraph)
    return Wanted(None, fragment) if fragment else None


def _read_library(args: argparse.Namespace, directory: str | os.PathLike[str]) -> int:
    """``tui-reader DIRECTORY``: the library screen, listing every article under it."""
    from tui.content_walk import LIBRARY_SUFFIXES, ContentWalk

    walk = ContentWalk(directory, suffixes=LIBRARY_SUFFIXES)
    if not full_screen_possible():
        from tui.library import scan_library

        def warn(line: str) -> None:
            print_line(sys.stderr, f"tui-reader: {line}")

        entries = scan_library(directory, max_bytes=args.max_bytes, walk=walk, warn=warn)
        if not entries:
            return _no_articles(directory)
        for entry in entries:
            print_line(sys.stdout, entry.error or f"{entry.path}: {entry.title}")
        if walk.notice:
            print_line(sys.stderr, f"{directory}: {walk.notice}")
        return 0
    if next(iter(walk), None) is None:
        return _no_articles(directory)
    from tui.app import run

    return run(
        None,
        library=directory,
        max_bytes=args.max_bytes,
        theme=args.theme,
        animate=not args.no_animation,
        mouse=not args.no_mouse,
    )


def _no_articles(directory: str | os.PathLike[str]) -> int:
    """The library of a directory with nothing to list."""
    print_line(sys.stderr, f"{directory}: no .yaml, .yml, .txt or .html files in this directory")
    return EXIT_INVALID


def _no_content_files(directory: str | os.PathLike[str]) -> int:
    print_line(sys.stderr, f"{directory}: no .yaml or .yml files in this directory")
    return EXIT_INVALID


def full_screen_possible() -> bool:
    """False when the reader cannot draw: stdout is a pipe or a file, or ``TERM=dumb``."""
    return sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


def _export_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="tui-reader export",
        description=(
            "Write the article with its quotes and facts as plain text, Markdown, JSON"
            " (see docs/export-format.md) or one self-contained HTML file."
        ),
    )
    parser.add_argument("path", metavar="PATH", help="the article (a .yaml file)")
    parser.add_argument(
        "--format", choices=EXPORT_FORMATS, default="txt", help="the output format (default txt)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    add_max_bytes(parser)
    return parser


def _export(args: argparse.Namespace) -> int:
    from tui.model.loader import load_article

    try:
        article = load_article(args.path, max_bytes=args.max_bytes)
    except ContentInvalid as invalid:
        _print_errors(invalid.errors)
        return EXIT_INVALID
    from tui.render import render

    text = render(article, args.format)
    if args.output is None:
        _write_text(text)
        return 0
    from tui.private_files import RefusedPath
    from tui.state import write_atomically

    try:
        # Written beside the file and renamed over it, as the state is: a new file (by the
        # umask) or a writable regular file of the user's own (keeping its mode), or nothing.
        # A symlink (``/dev/stdout``), device, FIFO, directory or read-only file is kept.
        write_atomically(Path(args.output), text.encode("utf-8"), private=False)
    except RefusedPath as refused:
        # ``-o /dev/stdout`` (a symlink to a terminal or pipe), ``-o /dev/tty``: what was
        # wanted is what happens without -o.
        target = args.output
        usual = os.path.isfile(target) or os.path.isdir(target)
        hint = "" if usual else "; without -o it goes to stdout"
        print_line(sys.stderr, f"{args.output}: not written: it {refused.problem}{hint}")
        return EXIT_INVALID
    except OSError as error:
        print_line(sys.stderr, f"{args.output}: cannot write: {error.strerror or error}")
        return EXIT_INVALID
    return 0


def _write_text(text: str) -> None:
    """Writes ``text`` to stdout; a character the output encoding lacks (``LANG=C`` without
    UTF-8 mode, ``PYTHONIOENCODING=ascii``) becomes ``?`` rather than an error."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(text)
    sys.stdout.flush()


def theme_problem(name: str) -> str | None:
    """Why ``--theme NAME`` cannot be used, or None when it names a Textual theme."""
    from textual.theme import BUILTIN_THEMES

    if name in BUILTIN_THEMES:
        return None
    return f"tui-reader: unknown theme {name!r}; choose one of: {', '.join(sorted(BUILTIN_THEMES))}"


def _check(args: argparse.Namespace) -> int:
    from tui.model.loader import load_article

    status = 0
    for given in args.paths:
        paths, notice = _content_files(Path(given))
        if not paths:
            status = _no_content_files(given)
        for path in paths:
            if _is_importable(path) and os.path.isfile(path):
                # A text or web page is no content file, and its parser errors would say nothing.
                line = f"{path}: not a content file; tui-reader import {path} makes one"
                print_line(sys.stderr, f"{line} (tui-reader {path} reads it as it is)")
                status = EXIT_INVALID
                continue
            try:
                load_article(path, max_bytes=args.max_bytes)
            except ContentInvalid as invalid:
                _print_errors(invalid.errors)
                status = EXIT_INVALID
            else:
                print_line(sys.stdout, f"{path}: ok")
        if notice:  # part of the directory was not searched: it is not all checked
            print_line(sys.stderr, f"{given}: {notice}")
            status = EXIT_INVALID
    return status


def _content_files(path: Path) -> tuple[list[Path], str | None]:
    """The files to check for ``path``: itself, or every content file under a directory, as
    the library finds them (``tui.content_walk``), sorted; and what the walk's bounds left
    out, if anything. A missing path is given as it is, for the loader to report."""
    if not path.is_dir():
        return [path], None
    from tui.content_walk import ContentWalk

    walk = ContentWalk(path)
    return sorted(path / relative for relative, _ in walk), walk.notice


def _print_errors(errors: Problems) -> None:
    """Each of the file's first problems, then how many more there are (if any)."""
    for line in errors.lines():
        print_line(sys.stderr, line)


def _silence_stdout() -> None:
    """Points stdout at /dev/null, so that flushing it at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
