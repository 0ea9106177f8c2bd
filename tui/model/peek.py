"""A glance at a content file's ``meta`` before the whole file is loaded and checked.

The reader shows a large article's title at once, while the loader works through the rest in
the background. Only the start of the file is read, and nothing here is trusted: the peek is
shown as plain text, sanitised like everything else, and replaced by the loaded article (or by
the loader's errors) as soon as the full load ends. Part of the pure content layer.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)

from tui.model.article import Meta
from tui.model.sanitize import clean_text
from tui.model.simple_head import simple_meta
from tui.model.yaml_tree import MapNode, _make_parser, build_tree

#: How much of the file is read: ``meta`` comes first in every article we know of.
PEEK_BYTES = 64 * 1024
#: Longer values are cut: a peek is a line or two on the screen.
MAX_VALUE_CHARACTERS = 500
#: The ``meta`` fields a peek keeps.
PEEKED_FIELDS = ("title", "subtitle", "dateline")


@dataclass(frozen=True, slots=True)
class MetaPeek:
    """What the start of a content file says about its article (empty where it says nothing)."""

    title: str = ""
    subtitle: str = ""
    dateline: str = ""


def peek_meta(path: str | os.PathLike[str], limit: int = PEEK_BYTES) -> MetaPeek:
    """The title, subtitle and dateline from the first ``limit`` bytes of the file at ``path``;
    an empty ``MetaPeek`` when they are not there or the file cannot be read."""
    try:
        with open(path, "rb") as file:
            data = file.read(limit)
    except OSError:
        return MetaPeek()
    return peek_meta_text(data.decode("utf-8", errors="ignore"))


def peek_meta_text(text: str) -> MetaPeek:
    """The peek from the start of a content file's text (it may stop mid-file)."""
    found: dict[str, str] = {}
    # The prefix may end mid-token, or the file be broken: keep what was found before.
    with contextlib.suppress(yaml.YAMLError):
        _scan(text.removeprefix("\ufeff"), found)
    return MetaPeek(**found)


def _scan(text: str, found: dict[str, str]) -> None:
    """Fills ``found`` from the ``meta`` mapping at the top level of the first document."""
    parser = _make_parser(text)
    depth = 0
    # At depth 1 (the top mapping) and 2 (inside ``meta``): the key whose value comes next.
    key: str | None = None
    in_meta = False
    expecting_key = True
    while True:
        event = parser.get_event()
        if isinstance(event, StreamEndEvent | AliasEvent):
            return
        if isinstance(event, CollectionStartEvent):
            if depth == 0 and not isinstance(event, MappingStartEvent):
                return  # not an article: the top level is a list
            if depth == 1 and not expecting_key:
                in_meta = key == "meta" and isinstance(event, MappingStartEvent)
                expecting_key = True
            elif depth == 2 and in_meta and not expecting_key:
                expecting_key = True  # a list or mapping value inside ``meta``: skipped
            depth += 1
            continue
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            if depth == 1 and in_meta:
                return  # the end of ``meta``: nothing more to find
            continue
        if not isinstance(event, ScalarEvent) or depth not in (1, 2):
            continue
        if depth == 2 and not in_meta:
            continue
        if expecting_key:
            key = event.value
            expecting_key = False
            continue
        expecting_key = True
        if depth == 2 and key in PEEKED_FIELDS and key not in found:
            found[key] = _short(clean_text(event.value))


#: How much of a file the library reads for its metadata: ``meta`` of a real article is a few
#: hundred bytes; a larger one is read whole.
META_PEEK_BYTES = 16 * 1024
#: Read first: ``meta`` and the key after it are within it in nearly every file.
FIRST_READ_BYTES = 4096
#: The first line of a top-level key, at column 0: where the mapping before it has ended.
_TOP_KEY_LINE = re.compile(rb"^[^\s#\-.][^\n]*:", re.MULTILINE)
_META_LINE = re.compile(rb"^meta:[ \t]*(#[^\n]*)?\n", re.MULTILINE)
#: A FIFO or terminal put in a file's place is not waited on.
_FILE_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def peek_article_meta(path: str | os.PathLike[str], limit: int = META_PEEK_BYTES) -> Meta | None:
    """The article's ``meta`` as the loader would read it, from the first ``limit`` bytes of
    the file at ``path``; None when the start alone cannot say (``meta`` is not the block
    mapping right after ``schema`` and ``id``, goes on past ``limit``, or has any problem):
    then only the whole file can, and the caller loads it.

    It reads only ``schema``, ``id`` and ``meta`` with the loader's own rules, so what it
    returns is what a full load gives for a valid file: but not that the file is valid.
    """
    try:
        # Not ``open``: its buffered file object costs more than reading the start does.
        descriptor = os.open(path, _FILE_FLAGS)
    except OSError:
        return None
    try:
        data = os.read(descriptor, min(limit, FIRST_READ_BYTES))
        head = _head(data)
        if head is None and len(data) == FIRST_READ_BYTES < limit:
            data += os.read(descriptor, limit - len(data))
            head = _head(data)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return None if head is None else _meta_of_head(head, os.fspath(path))


def peek_article_meta_bytes(data: bytes, path: str = "<string>") -> Meta | None:
    """``peek_article_meta`` of the start of a file's bytes."""
    head = _head(data)
    return None if head is None else _meta_of_head(head, path)


def _head(data: bytes) -> bytes | None:
    """The lines of ``data`` before the top-level key after ``meta`` (without a byte-order
    mark); None when there is no such key in ``data``."""
    data = data.removeprefix(codecs.BOM_UTF8)
    start = _META_LINE.search(data)
    if start is None:
        return None
    after = _TOP_KEY_LINE.search(data, start.end())
    return None if after is None else data[: after.start()]


def _meta_of_head(head: bytes, path: str) -> Meta | None:
    from tui.model.loader import _may_hold_forbidden

    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _may_hold_forbidden(head):
        return None  # a character YAML forbids raw, perhaps: the loader's check says which
    simple = simple_meta(text)
    return simple if simple is not None else yaml_meta(head, path)


def yaml_meta(head: bytes, path: str = "<string>") -> Meta | None:
    """``meta`` of a file's start (UTF-8 bytes that YAML allows), read with YAML's parser and
    the loader's rules; None for any problem."""
    from tui.model.fields import Record, Report
    from tui.model.validate import TOP_KEYS, _read_meta, _schema_supported

    root, errors = build_tree(head, path)
    if errors or not isinstance(root, MapNode) or list(root.entries)[-1:] != ["meta"]:
        return None
    report = Report(path)
    top = Record(report, root, "", TOP_KEYS)
    if not _schema_supported(top):
        return None
    top.id("id")
    meta = _read_meta(top)
    return meta if meta is not None and not report.errors else None


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_VALUE_CHARACTERS:
        return text
    return text[: MAX_VALUE_CHARACTERS - 1] + "…"
