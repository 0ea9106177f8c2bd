"""Turns a page's bytes into text the way a browser would: ``decode`` and ``NotDecodable``.

The order is the one HTML sets out (WHATWG Encoding, "determine the character encoding"): a
byte-order mark wins, then the charset the server declared (``Content-Type: text/html;
charset=...``), then the one the page declares in its first bytes (``<meta charset>``, the
``http-equiv`` form, an XML declaration), then UTF-8; but bytes that are valid UTF-8 beyond
ASCII are UTF-8 whatever is declared, as a browser's detector would find. A page that none
of these decode is an error value for the pipeline, never text full of replacement
characters.
"""

from __future__ import annotations

import codecs
import re

#: Byte-order marks and the codec each selects; the longest first (UTF-32's starts as UTF-16's).
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: How far into the page a declaration is looked for. The standard's pre-scan reads 1,024
#: bytes; pages with long comments or scripts before their ``<meta>`` are common enough that
#: reading a little further costs nothing and finds theirs.
PRESCAN_BYTES = 4096

#: Labels that browsers decode as another encoding (WHATWG's label table): ISO-8859-1 and ASCII
#: pages are read as windows-1252, whose 0x80-0x9F are the curly quotes and dashes such pages
#: mean; a UTF-16 label on an ASCII-compatible page cannot be true and means UTF-8.
LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-user-defined": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-32": "utf-8",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.()+-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_.-]+)""")


class NotDecodable(ValueError):
    """The bytes are not text in UTF-8 or in the charset they declare.

    ``message`` is one line for the user (the pipeline prints it as the source's error line).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label as pages and servers write it, or None when the
    label names no encoding Python knows."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom_codec(data: bytes) -> tuple[str, int] | None:
    """The codec a byte-order mark selects and the mark's length, if ``data`` starts with one."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def declared_in_page(data: bytes) -> str | None:
    """The charset label the page declares in its first bytes, if any."""
    head = data[:PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, declared: str | None = None) -> str:
    """``data`` as text: by its byte-order mark, else the charset the server ``declared``,
    else the one the page declares, else UTF-8.

    Bytes that are valid UTF-8 beyond ASCII are read as UTF-8 whatever is declared (a page
    saying ``windows-1252`` that is really UTF-8 is common; the reverse cannot happen by
    chance). A declared charset that does not decode the bytes is passed over for the next;
    windows-1252 leaves five bytes undefined, and a page using them is read as ISO-8859-1 as
    Python defines it. Raises
    ``NotDecodable`` when nothing decodes the bytes, or when they hold NUL bytes, which no
    web page has and every binary file does.
    """
    bom = bom_codec(data)
    if bom is not None:
        codec, length = bom
        text = _decode(data[length:], codec)
        if text is not None:
            return text
        raise NotDecodable(f"not text: the bytes do not match their {codec} byte-order mark")
    if b"\x00" in data:
        raise NotDecodable("not a web page: the file holds binary data")
    # Bytes beyond ASCII that are valid UTF-8 are UTF-8 whatever the page says: text in a
    # legacy charset almost never forms valid UTF-8 sequences, while pages that declare
    # windows-1252 and are UTF-8 are common (a template's old <meta>).
    as_utf8 = _decode(data, "utf-8")
    if as_utf8 is not None and not data.isascii():
        return as_utf8
    tried: list[str] = []
    for label in (declared, declared_in_page(data), "utf-8"):
        codec = codec_for(label)
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        text = as_utf8 if codec == "utf-8" else _decode(data, codec)
        if text is not None:
            return text
        if codec == "cp1252":
            return data.decode("latin-1")
    named = ", ".join(tried)
    raise NotDecodable(f"not text in {named}: the page has bytes that are not characters")
