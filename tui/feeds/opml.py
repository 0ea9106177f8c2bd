"""OPML 2.0, the file feed readers exchange subscriptions in: ``read_opml`` finds every feed in
nested outlines, ``write_opml`` makes the file. Pure: the standard library (expat) only.

A document type declaration is refused before anything is read from it: no entity can expand
(the billion laughs) and nothing outside the file is fetched.
"""

from __future__ import annotations

import os
import xml.parsers.expat
from dataclasses import dataclass
from email.utils import formatdate
from xml.sax.saxutils import escape, quoteattr

#: A subscription file of tens of thousands of feeds is a few megabytes.
MAX_OPML_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file: its address and the name it was given there (or "")."""

    url: str
    title: str = ""


class OpmlError(ValueError):
    """Why a file is not OPML that can be read, in one line (with its line where known)."""


class _Refused(Exception):
    pass


def parse_opml(data: bytes) -> list[Outline]:
    """The feeds of an OPML document, in its order, each address once; ``OpmlError``."""
    parser = xml.parsers.expat.ParserCreate()
    found: dict[str, Outline] = {}
    root: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if not root:
            root.append(name)
        url = (attributes.get("xmlUrl") or attributes.get("xmlurl") or "").strip()
        if name == "outline" and url and url not in found:
            title = attributes.get("title") or attributes.get("text") or ""
            found[url] = Outline(url, " ".join(title.split()))

    def doctype(*_: object) -> None:
        raise _Refused("a document type declaration is not read (no entities in OPML)")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise OpmlError(f"line {parser.CurrentLineNumber}: {refused}") from None
    except xml.parsers.expat.ExpatError as error:
        problem = xml.parsers.expat.ErrorString(error.code)
        raise OpmlError(f"line {error.lineno}, column {error.offset + 1}: {problem}") from None
    if root[:1] != ["opml"]:
        raise OpmlError(f"not OPML: the document is <{root[0] if root else ''}>, not <opml>")
    return list(found.values())


def read_opml(path: str | os.PathLike[str]) -> list[Outline]:
    """The feeds of the OPML file at ``path``; ``OpmlError`` or ``OSError``."""
    with open(path, "rb") as file:
        data = file.read(MAX_OPML_BYTES + 1)
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"too large: over {MAX_OPML_BYTES:,} bytes")
    return parse_opml(data)


def write_opml(outlines: list[Outline], *, title: str = "tui-reader feeds") -> str:
    """An OPML 2.0 document of these feeds, one ``<outline type="rss">`` each."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{formatdate(usegmt=True)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for outline in outlines:
        name = outline.title or outline.url
        lines.append(
            f'    <outline type="rss" text={_attribute(name)} title={_attribute(name)}'
            f" xmlUrl={_attribute(outline.url)}/>"
        )
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    """Without the characters XML 1.0 cannot hold (control characters but tab and line ends)."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))


def _text(text: str) -> str:
    return escape(_clean(text))


def _attribute(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
