"""The strict content loader: a YAML file in, an ``Article`` or every problem in it out."""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import re
import select
import stat
import time
from collections.abc import Iterator

from tui.model import DEFAULT_MAX_BYTES
from tui.model.article import Article
from tui.model.errors import ContentError, ContentInvalid
from tui.model.fields import Report
from tui.model.validate import Lists, build_article
from tui.model.yaml_tree import DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, build_tree

__all__ = ["DEFAULT_MAX_BYTES", "load_article", "parse_article"]

#: How long a pipe (a FIFO, ``<(command)``) may take to deliver the whole file, at most.
PIPE_SECONDS = 5.0
#: A pipe is read this many bytes at a time.
PIPE_CHUNK_BYTES = 1 << 16
#: Characters YAML forbids raw: C0 controls other than tab and line ends, DEL and C1 controls
#: (the format forbids NEL too), lone surrogates (only a str can hold them) and two
#: non-characters.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Printable ASCII and the line-layout controls. Deleting them from a file's bytes is 8 times
#: faster than searching its text for control characters, and leaves little to search.
PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
FORBIDDEN_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]"
)
#: Past this many, more forbidden characters add nothing but noise.
MAX_CHARACTER_ERRORS = 10
#: UTF-8 is checked this many bytes at a time, so that no decoded copy of a whole file is made.
UTF8_CHECK_BYTES = 1 << 20
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def load_article(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """The article in the file at ``path``.

    Raises ``ContentInvalid`` with every problem found, sorted by line: the file cannot be read,
    is too big, is not UTF-8, is not plain YAML, or does not follow the content format.
    """
    name = os.fspath(path)
    data = _read_bytes(name, max_bytes)
    _check_utf8(data, name)
    if _may_hold_forbidden(data):
        _check_characters(data.decode("utf-8").removeprefix("\ufeff"), name)
    # The parser reads the bytes as they are: the file's text is never held as a whole ``str``
    # (two or four bytes a character for a file with any character beyond Latin-1). It is
    # given them without a byte-order mark, as ``parse_article`` gives it text.
    return _parse(data.removeprefix(codecs.BOM_UTF8), name, source_path=name)


def parse_article(
    text: str,
    path: str = "<string>",
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Article:
    """The article in ``text``; ``path`` only names it in errors. Raises ``ContentInvalid``."""
    text = text.removeprefix("\ufeff")
    _check_characters(text, path)
    return _parse(text, path, source_path=None, max_depth=max_depth, max_nodes=max_nodes)


def _check_characters(text: str, path: str) -> None:
    """Raises ``ContentInvalid`` when ``text`` (without its byte-order mark) holds a character
    that YAML forbids raw."""
    forbidden = _forbidden_character_errors(text, path)
    if forbidden:
        raise ContentInvalid(forbidden)


def _parse(
    source: str | bytes,
    path: str,
    *,
    source_path: str | None,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Article:
    """The article in ``source``: text without a byte-order mark, or a file's bytes, known to
    be UTF-8 without any character that YAML forbids."""
    report = Report(path)
    with collector_paused():
        article = _build(source, report, source_path, max_depth, max_nodes)
    if article is None or report.errors:
        if not report.errors:  # a tree-level failure always says why; this is a safety net
            report.errors.append(ContentError(path, 0, 0, "", "not a valid article"))
        raise ContentInvalid(report.errors.problems())
    return article


def _build(
    source: str | bytes, report: Report, source_path: str | None, max_depth: int, max_nodes: int
) -> Article | None:
    """The article in ``source``, its problems added to ``report``. The YAML tree lives only
    while this runs, so it is gone before the garbage collector is resumed. The top-level
    lists (the body, quotes and facts: nearly all of a long article) are no part of it: their
    items are read a few hundred at a time as the parser goes, and their nodes freed."""
    lists = Lists(report.path)
    root, errors = build_tree(
        source,
        report.path,
        max_depth=max_depth,
        max_nodes=max_nodes,
        consumers=lists.consumers(),
    )
    report.errors.extend(errors)
    return build_article(root, report, source_path, lists)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the cyclic garbage collector, which would otherwise walk the growing tree again
    and again while it is built (a third of the load time of a big file). The tree holds no
    cycles: it is freed by reference counting, and the collector has nothing to find."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fail(path: str, problem: str, line: int = 0, column: int = 0) -> ContentInvalid:
    return ContentInvalid([ContentError(path, line, column, "", problem)])


def _read_bytes(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file; every OS failure becomes a ``ContentInvalid``.

    A regular file is read whole. A pipe (a FIFO, ``<(command)``, ``/dev/stdin`` fed by a
    pipe) must deliver all of it within ``PIPE_SECONDS``. Anything else (a terminal, another
    device, a socket) is refused before it is opened: reading it could wait for ever.
    """
    try:
        found = os.stat(path)
        refused = _not_a_file(found.st_mode)
        if refused:
            raise _fail(path, refused)
        if found.st_size > max_bytes:
            raise _fail(path, _too_big(found.st_size, max_bytes))
        # Never blocks: a FIFO with no writer would otherwise hang here for ever, and a terminal
        # swapped in since the stat must not become our controlling terminal.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            mode = os.fstat(descriptor).st_mode
            if refused := _not_a_file(mode):
                raise _fail(path, refused)
            if stat.S_ISFIFO(mode):
                data = _read_pipe(descriptor, path, max_bytes)
            else:
                data = _read_file(descriptor, found.st_size, max_bytes)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except PermissionError:
        raise _fail(path, "permission denied") from None
    except OSError as exc:
        raise _fail(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise _fail(path, _too_big(len(data), max_bytes))
    return data


def _not_a_file(mode: int) -> str | None:
    """Why a file of this mode is not read (a directory, a device, a socket); None for a
    regular file or a pipe."""
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"is {kind}, not a file"


def _read_file(descriptor: int, size: int, max_bytes: int) -> bytes:
    """A regular file's bytes, up to one more than ``max_bytes``."""
    os.set_blocking(descriptor, True)
    with open(descriptor, "rb", closefd=False) as file:
        # Read one byte more than the size: the stat may be stale.
        # (Reading ``max_bytes + 1`` at once would allocate that much for any file.)
        data = file.read(min(size, max_bytes) + 1)
        if size < len(data) <= max_bytes:
            data += file.read(max_bytes + 1 - len(data))
    return data


def _read_pipe(descriptor: int, path: str, max_bytes: int) -> bytes:
    """What a pipe delivers until its writer closes it, up to one more than ``max_bytes``,
    within ``PIPE_SECONDS`` in all: a writer that stays open, or trickles, cannot hold the
    reader (or ``q``, or Ctrl-C) for longer."""
    deadline = time.monotonic() + PIPE_SECONDS
    poll = select.poll()
    poll.register(descriptor, select.POLLIN)
    data = bytearray()
    while len(data) <= max_bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poll.poll(remaining * 1000):
            if not data:
                raise _fail(path, f"nothing was written to this pipe within {PIPE_SECONDS:g} s")
            raise _fail(
                path,
                f"the pipe was still open after {PIPE_SECONDS:g} s ({len(data):,} bytes read):"
                " its writer must close it",
            )
        try:
            chunk = os.read(descriptor, min(PIPE_CHUNK_BYTES, max_bytes + 1 - len(data)))
        except BlockingIOError:
            continue  # another reader took what was there
        if not chunk:
            break  # the writer closed it: that is the whole file
        data += chunk
    return bytes(data)


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"the file is {size:,} bytes, over the limit of {max_bytes:,}"
        " (tui-reader --max-bytes N raises it)"
    )


def _check_utf8(data: bytes, path: str) -> None:
    """Raises ``ContentInvalid`` unless ``data`` is UTF-8, saying where it is not. The text is
    decoded a slice at a time and dropped: a whole copy would take two or four times the
    file's size."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise _fail(path, f"the file is {encoding}; save it as UTF-8", 1, 1)
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        # Text of ASCII letters with a zero byte before or after each is UTF-16 without a BOM.
        raise _fail(path, "the file looks like UTF-16; save it as UTF-8", 1, 1)
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with memoryview(data) as view:
            for start in range(0, len(data), UTF8_CHECK_BYTES):
                decoder.decode(view[start : start + UTF8_CHECK_BYTES])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        raise _not_utf8(data, path) from None


def _not_utf8(data: bytes, path: str) -> ContentInvalid:
    """The error for ``data``, which is not UTF-8, at its first byte that is not."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        byte = data[exc.start]
        problem = f"not UTF-8 (byte 0x{byte:02X}; is it Latin-1 or Windows-1252?): save it as UTF-8"
        return _fail(path, problem, line, column)
    return _fail(path, "not UTF-8: save it as UTF-8")  # not reached: the slices did not decode


def _may_hold_forbidden(data: bytes) -> bool:
    """False when the UTF-8 ``data`` surely holds no character that YAML forbids raw."""
    return FORBIDDEN_BYTES.search(data.translate(None, PLAIN_ASCII)) is not None


def _forbidden_character_errors(text: str, path: str) -> list[ContentError]:
    errors: list[ContentError] = []
    for match in FORBIDDEN_CHARACTERS.finditer(text):
        position = match.start()
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        code = ord(match.group())
        kind = "raw control character" if code <= 0x9F else "character"
        problem = f"{kind} U+{code:04X} is not allowed in a YAML file"
        if len(errors) == MAX_CHARACTER_ERRORS:
            problem = "more forbidden characters from here on"
        errors.append(ContentError(path, line, column, "", problem))
        if len(errors) > MAX_CHARACTER_ERRORS:
            break
    return errors
