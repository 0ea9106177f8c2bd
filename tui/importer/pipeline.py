"""One source imported: a plain-text or HTML file, an ``http(s)://`` address or standard input
(``-``) in, the content file's YAML out (``import_source``). Source -> ``Document`` (``text``
or ``html``) -> ``Draft`` (``quotes``, ``facts``) -> YAML (``emit``).

Every way a source can fail is a value, ``ImportFailure``, with one line for the user: missing,
unreadable, empty, binary, not UTF-8 (or not the charset it declares), too large, an HTTP
error or a timeout. Nothing here raises for a bad source.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from tui.model import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from tui.importer.draft import Document, Draft

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "ImportFailure",
    "Imported",
    "Raw",
    "import_raw",
    "import_source",
    "is_url",
    "read_source",
    "source_kind",
]

Kind = Literal["text", "html"]
#: Sources read as web pages, and as plain text, by their names' endings; other files are
#: read as a web page when they start like one, else as plain text.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
#: Content files already: nothing to import.
CONTENT_SUFFIXES = (".yaml", ".yml")
#: Bumped whenever the importer makes other YAML of the same source: cached imports are redone.
IMPORT_VERSION = 1
#: How much of a source is looked at to tell binary data from text.
SNIFF_BYTES = 8192
#: The first bytes of common binary files that are not text or HTML.
BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_URL = re.compile(r"https?://", re.IGNORECASE)
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
#: Control characters that plain text never holds (all of C0 but tab, line ends and form feed).
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})


@dataclass(frozen=True)
class ImportFailure:
    """Why ``source`` could not be imported: ``problem`` is one line, for ``SOURCE: problem``."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{shown(self.source)}: {self.problem}"


@dataclass(frozen=True)
class Raw:
    """A source's bytes and what is known of them before they are read."""

    source: str
    data: bytes
    kind: Kind
    #: Where a page came from (the address after redirects), for its links and metadata.
    url: str | None = None
    #: The charset the server declared, if any.
    charset: str | None = None

    @property
    def digest(self) -> str:
        """What identifies this import: the bytes, how they are read and the importer's version."""
        head = f"{IMPORT_VERSION}\0{self.kind}\0{self.url or ''}\0{self.charset or ''}\0"
        return hashlib.sha256(head.encode("utf-8", "surrogateescape") + self.data).hexdigest()


@dataclass(frozen=True)
class Imported:
    """A source imported: the YAML (which always loads) and the draft it was written from."""

    source: str
    yaml: str
    draft: Draft
    digest: str


def is_url(source: str) -> bool:
    return _URL.match(source) is not None


def shown(source: str) -> str:
    """The source as a message names it: standard input as ``<stdin>``, control characters
    and overlong addresses never printed as they are."""
    if source == "-":
        return "<stdin>"
    from tui.model.inert import inert

    return inert(source, 300)


def source_kind(source: str, data: bytes = b"") -> Kind:
    """How a file is read: by its ending, else by how its bytes start."""
    suffix = os.path.splitext(source)[1].casefold()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "html" if _HTML_START.match(data.removeprefix(codecs.BOM_UTF8)[:SNIFF_BYTES]) else "text"


def import_source(
    source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Imported | ImportFailure:
    """The import of ``source``: a file's path, an ``http(s)://`` address or ``-``."""
    raw = read_source(source, max_bytes=max_bytes, stdin=stdin)
    return raw if isinstance(raw, ImportFailure) else import_raw(raw)


def read_source(
    source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Raw | ImportFailure:
    """The bytes of ``source``, or why there are none."""
    if is_url(source):
        return _fetched(source)
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            return ImportFailure(source, _too_large(max_bytes))
        return _checked(Raw(source, data, source_kind("", data)))
    if source.casefold().endswith(CONTENT_SUFFIXES):
        return ImportFailure(
            source, "already a content file: read it with tui-reader FILE, or check it"
        )
    data = _read_file(source, max_bytes)
    if isinstance(data, ImportFailure):
        return data
    return _checked(Raw(source, data, source_kind(source, data)))


def _read_file(source: str, max_bytes: int) -> bytes | ImportFailure:
    """A regular file's bytes; anything else (a FIFO, a device) as the loader reads it."""
    try:
        status = os.stat(source)
        if stat.S_ISREG(status.st_mode):
            if status.st_size > max_bytes:
                return ImportFailure(source, _too_large(max_bytes, status.st_size))
            with open(source, "rb") as file:
                data = file.read(max_bytes + 1)
            if len(data) <= max_bytes:
                return data
            return ImportFailure(source, _too_large(max_bytes))
    except FileNotFoundError:
        return ImportFailure(source, "no such file")
    except PermissionError:
        return ImportFailure(source, "permission denied")
    except OSError:
        pass  # said as the loader says it
    from tui.model.errors import ContentInvalid
    from tui.model.loader import _read_bytes

    try:
        return _read_bytes(source, max_bytes)  # the loader's: devices, FIFOs and sizes
    except ContentInvalid as invalid:
        return ImportFailure(source, invalid.errors[0].problem)


def _fetched(source: str) -> Raw | ImportFailure:
    from tui.importer.fetch import FetchError, fetch

    page = fetch(source)
    if isinstance(page, FetchError):
        return ImportFailure(source, page.message)
    kind: Kind = "text" if page.content_type == "text/plain" else "html"
    return _checked(Raw(source, page.data, kind, url=page.url, charset=page.charset))


def _too_large(max_bytes: int, size: int | None = None) -> str:
    found = f"{size:,} bytes, over" if size is not None else "over"
    return f"too large: {found} the limit of {max_bytes:,} bytes (--max-bytes N raises it)"


def _checked(raw: Raw) -> Raw | ImportFailure:
    """``raw``, unless its bytes are empty or binary."""
    if not raw.data.strip():
        return ImportFailure(raw.source, "empty: there is nothing to import")
    problem = binary_problem(raw.data)
    return ImportFailure(raw.source, problem) if problem else raw


def binary_problem(data: bytes) -> str | None:
    """Why ``data`` is not text or HTML (a PDF, an image, NUL bytes), or None."""
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            return f"{what}, not text or HTML: tui-reader imports plain text and web pages"
    from tui.importer.charset import bom_codec

    head = data[:SNIFF_BYTES]
    if (bom_codec(head) or ("utf-8", 0))[0] != "utf-8":
        return None  # UTF-16 or UTF-32 by its mark: zero bytes are expected
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls > len(head) // 100:
        return "binary data, not text or HTML: tui-reader imports plain text and web pages"
    return None


def import_raw(raw: Raw) -> Imported | ImportFailure:
    """The import of bytes already read."""
    document = _document(raw)
    if isinstance(document, ImportFailure):
        return document
    if not any(document.paragraphs()):
        where = "the page" if raw.kind == "html" else "the text"
        return ImportFailure(raw.source, f"no article text found in {where}")
    draft = build_draft(document)
    from tui.importer.emit import to_yaml

    yaml_text = to_yaml(draft, source=_named(raw))
    return Imported(raw.source, yaml_text, draft, raw.digest)


def _named(raw: Raw) -> str:
    if raw.url:
        return raw.url
    return "standard input" if raw.source == "-" else os.path.basename(raw.source)


def build_draft(document: Document) -> Draft:
    """The document with its speakers, quotes and facts."""
    from tui.importer.draft import Draft
    from tui.importer.facts import find_facts
    from tui.importer.quotes import attribute

    speakers, quotes = attribute(document)
    return Draft(document, speakers, quotes, find_facts(document))


def _document(raw: Raw) -> Document | ImportFailure:
    if raw.kind == "html":
        from tui.importer.charset import NotDecodable, decode
        from tui.importer.html import parse_html

        try:
            text = decode(raw.data, raw.charset)
        except NotDecodable as undecodable:
            return ImportFailure(raw.source, undecodable.message)
        return parse_html(text, url=raw.url)
    text = _text(raw)
    if isinstance(text, ImportFailure):
        return text
    from tui.importer.text import parse_text

    return parse_text(text)


def _text(raw: Raw) -> str | ImportFailure:
    """Plain text: by its byte-order mark, else the charset the server declared, else UTF-8."""
    from tui.importer.charset import bom_codec

    data, codec, declared = raw.data, "utf-8", False
    if bom := bom_codec(data):
        codec, length = bom
        data, declared = data[length:], True
    elif raw.charset:
        try:
            codec, declared = codecs.lookup(raw.charset).name, True
        except LookupError:
            problem = f"the server declares an unknown charset {raw.charset!r}"
            return ImportFailure(raw.source, problem)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if declared:
            return ImportFailure(
                raw.source, f"not {codec} text, as it declares (byte {error.start:,})"
            )
        return ImportFailure(raw.source, _not_utf8(data, error))


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    line_start = data.rfind(b"\n", 0, error.start) + 1
    column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
    byte = data[error.start]
    return (
        f"not UTF-8 (byte 0x{byte:02X} at line {line}, column {column}; is it Latin-1 or"
        " Windows-1252?): save it as UTF-8"
    )


def output_stem(source: str) -> str:
    """The name ``-o DIR`` gives the import of ``source``: its file name without its ending
    (``seed.txt`` -> ``seed``), an address's last path segment or host, ``stdin`` for ``-``."""
    if source == "-":
        return "stdin"
    if is_url(source):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(source)
        segment = unquote(parts.path.rstrip("/").rpartition("/")[2])
        stem = os.path.splitext(segment)[0] or segment or (parts.hostname or "")
    else:
        name = os.path.basename(source.rstrip(os.sep))
        stem = os.path.splitext(name)[0] or name
    stem = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "-", stem).strip(" .-")
    return stem[:200] or "article"
