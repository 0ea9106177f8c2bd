"""The ``tui-reader`` command: read an article (the default) or ``check`` content files."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

import tui
from tui.model.errors import ContentError, ContentInvalid
from tui.model.loader import DEFAULT_MAX_BYTES, load_article

#: Exit statuses: a problem with the content or the command line, and an interrupt (128 + SIGINT).
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130
CONTENT_SUFFIXES = (".yaml", ".yml")


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command; the exit status. Never a traceback for a bad file or a Ctrl-C."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["check"]:
            return _check(_check_parser().parse_args(args[1:]))
        return _read(_read_parser().parse_args(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``tui-reader check . | head``): nothing to say.
        _silence_stdout()
        return 1


def _max_bytes(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return size


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse content files larger than N bytes (default {DEFAULT_MAX_BYTES:,})",
    )


def _read_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-reader",
        description="Read a structured news article in the terminal: body, quotes and facts.",
        epilog="tui-reader check PATH... validates content files without opening the reader.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="the article to read (a .yaml file); default: the bundled article",
    )
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, such as textual-light")
    parser.add_argument("--no-animation", action="store_true", help="scroll without animation")
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")
    _add_max_bytes(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {tui.__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    _add_max_bytes(parser)
    return parser


def _read(args: argparse.Namespace) -> int:
    from tui.content_paths import default_article_path

    if args.theme is not None and (problem := _theme_problem(args.theme)):
        _print_line(sys.stderr, problem)
        return EXIT_INVALID
    path = args.path if args.path is not None else default_article_path()
    try:
        article = load_article(path, max_bytes=args.max_bytes)
    except ContentInvalid as invalid:
        _print_errors(invalid.errors)
        return EXIT_INVALID
    # Imported only now: checking a file, or failing to load one, never pays for Textual.
    from tui.app import run

    return run(article, theme=args.theme, animate=not args.no_animation, mouse=not args.no_mouse)


def _theme_problem(name: str) -> str | None:
    """Why ``--theme NAME`` cannot be used, or None when it names a Textual theme."""
    from textual.theme import BUILTIN_THEMES

    if name in BUILTIN_THEMES:
        return None
    return f"tui-reader: unknown theme {name!r}; choose one of: {', '.join(sorted(BUILTIN_THEMES))}"


def _check(args: argparse.Namespace) -> int:
    status = 0
    for given in args.paths:
        for path in _content_files(Path(given)):
            if path is None:
                _print_line(sys.stderr, f"{given}: no .yaml or .yml files in this directory")
                status = EXIT_INVALID
                continue
            try:
                load_article(path, max_bytes=args.max_bytes)
            except ContentInvalid as invalid:
                _print_errors(invalid.errors)
                status = EXIT_INVALID
            else:
                _print_line(sys.stdout, f"{path}: ok")
    return status


def _content_files(path: Path) -> Iterator[Path | None]:
    """The files to check for ``path``: itself, or every content file under a directory
    (sorted, skipping hidden ones such as ``.git``); a single None for a directory without
    any. A missing path is yielded as it is, for the loader to report."""
    if not path.is_dir():
        yield path
        return
    found = sorted(
        child
        for child in path.rglob("*")
        if child.suffix.lower() in CONTENT_SUFFIXES
        and not any(part.startswith(".") for part in child.relative_to(path).parts)
        and child.is_file()
    )
    if not found:
        yield None
    yield from found


def _print_errors(errors: Sequence[ContentError]) -> None:
    for error in errors:
        _print_line(sys.stderr, str(error))


def _print_line(stream: TextIO, line: str) -> None:
    """Prints ``line``, with anything a terminal would obey (from a file name, say) escaped."""
    if not line.isprintable():
        line = "".join(char if char.isprintable() else repr(char)[1:-1] for char in line)
    print(line, file=stream)


def _silence_stdout() -> None:
    """Points stdout at /dev/null, so that flushing it at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
