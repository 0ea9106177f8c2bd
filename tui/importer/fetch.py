"""A web page's bytes from its address, within limits: ``fetch``, ``Fetched`` and ``FetchError``.

http and https only; at most ``max_redirects`` redirects and no loop; ``timeout`` seconds in
all (connecting, waiting and reading, so a body dripped slowly times out too); at most
``max_bytes`` (the ``Content-Length`` is checked first, then reading stops at the limit, and
a gzip body is counted as it unpacks); only ``text/html``, ``application/xhtml+xml`` and
``text/plain``, and no binary data under those names. Every failure is a ``FetchError`` with
a one-line message for the user, never an exception. Standard library only (``http.client``),
so the limits hold on every read.

A feed is fetched the same way with ``Request``: other types (``FEED_TYPES``), and the
validators of the last answer sent (``If-None-Match``, ``If-Modified-Since``), so that an
unchanged feed answers ``304`` (``Fetched.status``) with no body.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import tui
from tui.model.sanitize import clean_text

USER_AGENT = f"tui-reader/{tui.__version__}"
#: The content types a page may have; anything else is not an article.
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
#: What a feed may be sent as (servers send RSS and Atom under any of these).
FEED_TYPES = TEXT_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Bytes read at a time: small enough that a dripped body meets the deadline soon.
CHUNK_BYTES = 64 * 1024
#: How much of a body is looked at for the NUL bytes that mark binary data.
SNIFF_BYTES = 8192
#: How long past the deadline the request's own timeouts are given to end it first.
JOIN_GRACE_SECONDS = 0.25
#: Characters left of a server's reason phrase or an error's text in a message.
MAX_DETAIL_CHARS = 80
#: Characters the path and query of an address keep as they are (the rest is %-escaped).
SAFE_URL_CHARS = "/%:@!$&'()*+,;=-._~?#[]"


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it: the final address (after redirects), its media type
    (``text/html``), its bytes (unpacked if they came gzipped) and the declared charset."""

    url: str
    content_type: str
    data: bytes
    charset: str | None = None
    #: 200, or 304 for a conditional request the server says is unchanged (``data`` is empty).
    status: int = 200
    #: The validators for the next conditional request, if the server sent them.
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Request:
    """What is asked for besides a web page: other types, and the validators of the last
    answer (a feed's, from the store)."""

    types: frozenset[str] = TEXT_TYPES
    accept: str = ACCEPT
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {"Accept": self.accept}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


PAGE = Request()


@dataclass(frozen=True)
class FetchError:
    """Why ``url`` gave no page, in one line for the user."""

    url: str
    message: str


class _Failure(Exception):
    """Carries a ``FetchError`` message out of the reading loop."""


def _detail(text: object) -> str:
    detail = " ".join(clean_text(str(text)).split())
    return detail[:MAX_DETAIL_CHARS] or "no detail"


def _checked_address(url: str) -> tuple[str, str, int | None, str]:
    """``(scheme, host, port, path and query)`` of ``url``, or ``_Failure``."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise _Failure(f"not a web address ({_detail(error)})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise _Failure(f"only http and https addresses are fetched, not {shown}")
    if not parts.hostname:
        raise _Failure("not a web address: it names no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Failure("not a web address: the host name is not valid") from None
    path = quote(parts.path or "/", safe=SAFE_URL_CHARS)
    if parts.query:
        path += "?" + quote(parts.query, safe=SAFE_URL_CHARS)
    return scheme, host, port, path


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left


def _connect(scheme: str, host: str, port: int | None, deadline: _Deadline):
    if scheme == "https":
        return http.client.HTTPSConnection(
            host, port, timeout=deadline.left(), context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(host, port, timeout=deadline.left())


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of a ``Content-Type`` header."""
    if not header:
        return None, None
    message = Message()
    message["content-type"] = header
    return message.get_content_type(), message.get_param("charset")


def _read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    deadline: _Deadline,
    max_bytes: int,
    gzipped: bool,
) -> bytes:
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    chunks: list[bytes] = []
    size = 0
    too_large = f"too large: more than {max_bytes:,} bytes"
    while True:
        if sock is not None:
            sock.settimeout(deadline.left())
        chunk = response.read1(CHUNK_BYTES)
        deadline.left()  # a dripped body times out here
        if not chunk:
            break
        if unpack is not None:
            try:
                chunk = unpack.decompress(chunk, max_bytes + 1 - size)
            except zlib.error:
                raise _Failure("the server's gzip data is damaged") from None
        size += len(chunk)
        if size > max_bytes:
            raise _Failure(too_large)
        chunks.append(chunk)
        if unpack is not None and unpack.unconsumed_tail:
            raise _Failure(too_large)
    return b"".join(chunks)


def _validator(value: str | None) -> str | None:
    """A validator header worth sending back: printable ASCII, of a sane length."""
    if value is None:
        return None
    value = value.strip()
    return value if value.isascii() and value.isprintable() and len(value) <= 200 else None


def _get(url: str, deadline: _Deadline, max_bytes: int, request: Request) -> Fetched | str:
    """One request: the page, or the address a redirect points to."""
    scheme, host, port, path = _checked_address(url)
    connection = _connect(scheme, host, port, deadline)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                **request.headers(),
                "Accept-Encoding": "gzip",
                "Connection": "close",
            },
        )
        # The socket's timeout was set when it connected; what is left of the deadline is
        # less. The response reads from this socket after the connection lets go of it.
        sock = connection.sock
        if sock is not None:
            sock.settimeout(deadline.left())
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES:
            location = response.getheader("Location")
            if not location:
                raise _Failure(f"HTTP {response.status} redirect without an address")
            return urljoin(url, location.strip())
        etag = _validator(response.getheader("ETag"))
        last_modified = _validator(response.getheader("Last-Modified"))
        if response.status == 304 and (request.etag or request.last_modified):
            return Fetched(url, "", b"", None, 304, etag or request.etag, last_modified)
        if response.status >= 400:
            raise _Failure(f"HTTP error {response.status} ({_detail(response.reason)})")
        if response.status != 200:
            raise _Failure(f"HTTP {response.status} ({_detail(response.reason)}): no page")
        media_type, charset = _media_type(response.getheader("Content-Type"))
        if media_type is not None and media_type not in request.types:
            raise _Failure(f"not a web page: the server sent {_detail(media_type)}")
        length = (response.getheader("Content-Length") or "").strip()
        if length.isascii() and length.isdigit() and int(length) > max_bytes:
            raise _Failure(f"too large: {int(length):,} bytes, more than {max_bytes:,}")
        encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip"):
            raise _Failure(f"the server sent {_detail(encoding)}-encoded data, not plain")
        data = _read_body(response, sock, deadline, max_bytes, encoding != "identity")
    finally:
        connection.close()
    if b"\x00" in data[:SNIFF_BYTES]:
        raise _Failure("not a web page: the server sent binary data")
    if media_type is None:
        media_type = "text/html" if data.lstrip()[:1] == b"<" else "text/plain"
    return Fetched(url, media_type, data, charset, 200, etag, last_modified)


def _shown(url: str) -> str:
    """``url`` as the user may see it in a message."""
    try:
        parts = urlsplit(url)
        return _detail(urlunsplit(parts._replace(query="", fragment="")))
    except ValueError:
        return _detail(url)


def _fetch(
    url: str, deadline: _Deadline, max_bytes: int, max_redirects: int, request: Request
) -> Fetched | FetchError:
    seen: set[str] = set()
    current = url
    try:
        while True:
            seen.add(current)
            result = _get(current, deadline, max_bytes, request)
            if isinstance(result, Fetched):
                return result
            if result in seen:
                raise _Failure(f"redirect loop at {_shown(result)}")
            if len(seen) > max_redirects:
                raise _Failure(f"more than {max_redirects} redirects")
            current = result
    except _Failure as failure:
        return FetchError(url, str(failure))
    except TimeoutError:
        return FetchError(url, f"timed out after {deadline.seconds:g} s")
    except socket.gaierror:
        host = urlsplit(current).hostname or current
        return FetchError(url, f"could not find the host {_detail(host)}")
    except ssl.SSLError as error:
        return FetchError(url, f"secure connection failed ({_detail(error.reason or error)})")
    except http.client.HTTPException as error:
        kind = type(error).__name__
        return FetchError(url, f"the server's answer is not valid HTTP ({kind})")
    except OSError as error:
        host = urlsplit(current).hostname or current
        reason = error.strerror or type(error).__name__
        return FetchError(url, f"could not connect to {_detail(host)} ({_detail(reason)})")
    except ValueError as error:  # a value http.client refuses, from a server's answer
        return FetchError(url, f"could not fetch the page ({_detail(error)})")


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10 * 2**20,
    max_redirects: int = 5,
    request: Request = PAGE,
) -> Fetched | FetchError:
    """The page at ``url``, or why there is none (see the module's docstring for the
    limits)."""
    deadline = _Deadline(timeout)
    outcome: list[Fetched | FetchError] = []
    # Looking up the host name takes no timeout (getaddrinfo blocks as long as the resolver
    # does), so the request runs in a thread of its own and is given up on at the deadline;
    # its own reads stop at the same deadline.
    worker = threading.Thread(
        target=lambda: outcome.append(_fetch(url, deadline, max_bytes, max_redirects, request)),
        name="tui-reader fetch",
        daemon=True,
    )
    worker.start()
    worker.join(timeout + JOIN_GRACE_SECONDS)
    return outcome[0] if outcome else FetchError(url, f"timed out after {timeout:g} s")
