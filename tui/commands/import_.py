"""``tui-reader import SOURCE... [-o PATH] [--force]``: articles no one annotated, as content
files.

One source: the YAML on standard output, or in ``-o FILE``. Several: ``-o DIR`` gets one
``STEM.yaml`` each. A file already there is replaced only with ``--force``, atomically, as
``export -o`` writes. Exit status 0 when every source was imported, 2 otherwise, with one line
per source that was not; the others are still imported.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from tui.terminal_lines import print_line

#: Exit status for any source not imported, or a command line that cannot be followed.
EXIT_INVALID = 2


def parser() -> argparse.ArgumentParser:
    from tui.cli import ArgumentParser, add_max_bytes

    command = ArgumentParser(
        prog="tui-reader import",
        description=(
            "Make a content file from an article no one annotated: a plain-text file (text"
            " copied from a web page), an HTML file, an http(s):// address, or - for standard"
            " input. Finds the title and metadata the source states, the body, speakers,"
            " quotes and facts. What it writes always passes tui-reader check; comments in it"
            " say what was inferred rather than read."
        ),
        epilog=(
            "One source: the YAML goes to standard output, or to -o FILE. Several: -o DIR"
            " gets one STEM.yaml per source. Exit status 2 when any source could not be"
            " imported (one line each on stderr); the others are still imported."
        ),
    )
    command.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a .txt or .html file, an http(s):// address, or - for standard input",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH: a file for one source, a directory (made if need be) for several",
    )
    command.add_argument(
        "--force", action="store_true", help="replace files that are already there"
    )
    add_max_bytes(command)
    return command


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    sources: list[str] = args.sources
    if sources.count("-") > 1:
        print_line(sys.stderr, "tui-reader import: - (standard input) can be read only once")
        return EXIT_INVALID
    if len(sources) > 1 and args.output is None:
        print_line(
            sys.stderr,
            "tui-reader import: several sources need -o DIR (one STEM.yaml each);"
            " one source goes to standard output",
        )
        return EXIT_INVALID
    targets = _targets(sources, args.output)
    if isinstance(targets, str):
        print_line(sys.stderr, targets)
        return EXIT_INVALID
    status = 0
    for source, target in zip(sources, targets, strict=True):
        if not _import_one(source, target, args):
            status = EXIT_INVALID
    return status


def _targets(sources: list[str], output: str | None) -> list[Path | None] | str:
    """Where each source's YAML goes (None: standard output), or why nowhere."""
    from tui.importer.pipeline import output_stem

    if output is None:
        return [None]
    path = Path(output)
    if len(sources) == 1 and not path.is_dir() and not output.endswith(os.sep):
        return [path]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"{output}: cannot make the directory: {error.strerror or error}"
    if not path.is_dir():
        return f"{output}: not a directory, and several sources need one"
    targets: list[Path | None] = []
    taken: set[str] = set()
    for source in sources:
        stem, number = output_stem(source), 1
        name = stem
        while name.casefold() in taken:  # two sources of one name: news.txt and news.html
            number += 1
            name = f"{stem}-{number}"
        taken.add(name.casefold())
        targets.append(path / f"{name}.yaml")
    return targets


def _import_one(source: str, target: Path | None, args: argparse.Namespace) -> bool:
    """Imports ``source`` to ``target``; False (having said why, in one line) when it fails."""
    from tui.importer.pipeline import ImportFailure, import_source, shown

    if target is not None and target.exists() and not args.force:
        print_line(sys.stderr, f"{target}: already there; --force replaces it")
        return False
    try:
        imported = import_source(source, max_bytes=args.max_bytes)
    except Exception:
        # A bug in a stage of the importer: a report, one line, and the next source.
        from tui.crash import summary_of, write_report

        details = traceback.format_exc()
        written = write_report(details)
        where = f"; details in {written.path}" if written.path else ""
        line = f"{shown(source)}: not imported: the importer failed ({summary_of(details)}){where}"
        print_line(sys.stderr, line)
        return False
    if isinstance(imported, ImportFailure):
        print_line(sys.stderr, str(imported))
        return False
    if target is None:
        from tui.cli import _write_text  # the one writer of rendered (sanitised) output

        _write_text(imported.yaml)
        return True
    if not _write(target, imported.yaml):
        return False
    draft = imported.draft
    paragraphs = len(draft.document.paragraphs())
    counts = f"{paragraphs} paragraphs, {len(draft.quotes)} quotes, {len(draft.facts)} facts"
    print_line(sys.stdout, f"{shown(source)} -> {target} ({counts} found)")
    return True


def _write(target: Path, text: str) -> bool:
    """Writes ``text`` to ``target`` as ``export -o`` does: atomically, a new file by the
    umask, a file of one's own keeping its mode; never through a symlink or over a device."""
    from tui.private_files import RefusedPath
    from tui.state import write_atomically

    try:
        write_atomically(target, text.encode("utf-8"), private=False)
    except RefusedPath as refused:
        print_line(sys.stderr, f"{target}: not written: it {refused.problem}")
        return False
    except OSError as error:
        print_line(sys.stderr, f"{target}: cannot write: {error.strerror or error}")
        return False
    return True
