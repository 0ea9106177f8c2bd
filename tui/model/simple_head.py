"""The ``meta`` of a file's start in the plain shape nearly every file has, read without YAML.

Setting up libyaml and building a tree costs some 40 microseconds a file, reading ``meta``
from the tree 20 more: most of a library's first listing of 10,000 files. The head the library
peeks at (``schema``, ``id`` and ``meta``) is nearly always a few lines of ``key: value``, which
this reads with one regular expression. It accepts only lines whose meaning is beyond doubt
(one-line plain, single- or double-quoted scalars, one-line flow lists of plain items, mappings
nested by spaces, comments and blank lines), reads their values by the loader's own rules, and
says None for anything else or any problem, so that the caller reads the start with YAML's
parser instead. Part of the pure content layer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tui.model.article import SCHEMA_VERSION, Meta, Source
from tui.model.fields import ID_PATTERN, LANGUAGE_PATTERN, WHOLE_PATTERN, Report, read_published
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import ScalarNode

#: Characters that may not start a plain scalar here (YAML's indicators, and a space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: What a plain item of a flow list may not hold here.
_FLOW_SPECIAL = re.compile(r"[,\[\]{}#'\":]")
#: Line breaks other than ``\n``, tabs and the byte-order mark: the YAML parser decides those.
_AWKWARD = re.compile("[\r\t\x85\u2028\u2029\ufeff]")
#: Every line: a blank or comment line (no key), or ``key:`` with its indent and the rest.
_LINE = re.compile(r"^( *)(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*)|)|(?:#.*)?)$", re.MULTILINE)
_DOUBLE = re.compile(r'"((?:[^"\\]|\\[\\"ntr])*)"(?: +#.*| *)')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_FLOW = re.compile(r"\[([^\[\]]*)\](?: +#.*| *)")
_DOUBLE_ESCAPES = re.compile(r"\\(.)")
_ESCAPED = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
#: A date, or a date and time to the second with a zone (hours to 23, minutes to 59) or none.
_ISO_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?"
)
#: The keys at each level, as the loader allows them.
_TOP = ("schema", "id", "meta")
_META = ("title", "subtitle", "published", "dateline", "source", "authors", "language", "tags")
_SOURCE = ("outlet", "url")
#: Where a date's problem would be named: never, as a problem makes the reading None.
_NOWHERE = type("_Nowhere", (), {"line": 0, "column": 0})()


def simple_meta(text: str) -> Meta | None:
    """The ``meta`` of ``text`` (the whole lines of a file's start: ``schema``, ``id`` and
    ``meta`` last, in any order), as the loader would read it; None where ``text`` is not of
    the simple shape, may mean anything else to a YAML parser, or has any problem."""
    if _AWKWARD.search(text) is not None:
        return None
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:
        return None  # a line of another shape
    top: dict[str, str] = {}
    meta: dict[str, str] = {}
    source: dict[str, str] = {}
    level = 0  # 0: the top; 1: in ``meta``; 2: in ``meta.source``
    meta_indent = source_indent = 0
    for indent, key, value in rows:
        if not key:
            continue  # a blank or comment line
        value = value.lstrip(" ")
        if value.startswith("#"):
            value = ""
        width = len(indent)
        if width == 0:
            if level or key not in _TOP or key in top:
                return None  # a key after ``meta``, unknown, or twice
            top[key] = value
            if key == "meta":
                level = 1
                if value:
                    return None
            continue
        if level == 0:
            return None  # an indented line after a top-level value: YAML decides
        meta_indent = meta_indent or width
        if level == 2 and width > meta_indent:
            source_indent = source_indent or width
            if width != source_indent or key not in _SOURCE or key in source:
                return None
            source[key] = value
            continue
        if width != meta_indent or key not in _META or key in meta:
            return None
        meta[key] = value
        level = 2 if key == "source" and not value else 1
    if "meta" not in top:
        return None
    try:
        return _read(top, meta, source)
    except _Unsure:
        return None


class _Unsure(Exception):
    """The start is not of the simple shape, or has a problem: YAML's parser reads it."""


def _read(top: dict[str, str], meta: dict[str, str], source: dict[str, str]) -> Meta:
    """The ``Meta`` of the values as written after their keys ("" for a key left out)."""
    schema, ident = _scalar(top.get("schema", "")), _scalar(top.get("id", ""))
    if schema is not None and not (
        WHOLE_PATTERN.fullmatch(schema) and len(schema) <= 9 and int(schema) == SCHEMA_VERSION
    ):
        raise _Unsure
    if ident is not None and ID_PATTERN.fullmatch(ident) is None:
        raise _Unsure
    fields: dict[str, Any] = {}
    for key, written in meta.items():
        if not written:
            continue  # left out
        if key == "published":
            fields[key] = _published(_scalar(written))
        elif key == "language":
            language = _scalar(written)
            if language is None or LANGUAGE_PATTERN.fullmatch(language) is None:
                raise _Unsure
            fields[key] = language
        elif key == "authors" or key == "tags":
            fields[key] = _items(written)
        elif key == "source":
            raise _Unsure  # a value on the line of ``source:``: not a mapping
        else:
            fields[key] = _text(written)
    if "title" not in fields:
        raise _Unsure  # the one required field
    if source:
        fields["source"] = Source(_text(source.get("outlet", "")), _text(source.get("url", "")))
    return Meta(**fields)


def _published(value: str | None) -> dt.date | dt.datetime:
    """The loader's reading of a date, or of a date and time (``read_published``)."""
    if value is None:
        raise _Unsure
    if _ISO_MOMENT.fullmatch(value):
        # The common forms, which ``fromisoformat`` reads as the loader does, in C.
        try:
            return (
                dt.date.fromisoformat(value)
                if len(value) == 10
                else dt.datetime.fromisoformat(value)
            )
        except ValueError:
            raise _Unsure from None
    published = read_published(Report(""), ScalarNode(value, None, _NOWHERE), "")
    if published is None:
        raise _Unsure
    return published


def _text(written: str) -> str | None:
    """The sanitised text of a value; None for one left out."""
    value = _scalar(written)
    if value is None:
        return None
    text = clean_text(value)
    if not text:
        raise _Unsure  # "must not be empty"
    return text


def _items(written: str) -> tuple[str, ...]:
    """The texts of a one-line flow list of plain items; () for one left out."""
    if not written:
        return ()
    found = _FLOW.fullmatch(written)
    if found is None:
        raise _Unsure
    inside = found.group(1)
    if not inside.strip(" "):
        return ()
    items = []
    for item in inside.split(","):
        item = item.strip(" ")
        if not item or item[0] in _INDICATORS or _FLOW_SPECIAL.search(item) is not None:
            raise _Unsure
        items.append(_text(item) or "")
    return tuple(items)


def _scalar(written: str) -> str | None:
    """The value of a one-line scalar as written after its key; None for a key left out
    (nothing after it). ``_Unsure`` where it is not such a scalar beyond doubt."""
    if not written:
        return None
    first = written[0]
    if first == '"':
        found = _DOUBLE.fullmatch(written)
        if found is None:
            raise _Unsure
        value = found.group(1)
        if "\\" in value:
            value = _DOUBLE_ESCAPES.sub(lambda escape: _ESCAPED[escape.group(1)], value)
        return value
    if first == "'":
        found = _SINGLE.fullmatch(written)
        if found is None:
            raise _Unsure
        return found.group(1).replace("''", "'")
    comment = written.find(" #")
    if comment >= 0:
        written = written[:comment]
    written = written.rstrip(" ")
    if not written or first in _INDICATORS or written[-1] == ":" or ": " in written:
        raise _Unsure  # also a flow list where a text belongs: the loader names the problem
    return written
