"""fetch against a local HTTP server on 127.0.0.1: pages, redirects, errors and limits."""

from __future__ import annotations

import gzip
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import tui
from tui.importer.fetch import Fetched, FetchError, fetch

PAGE = "<html><body><p>“Quay closed,” said Ilse Brandvold.</p></body></html>".encode()
#: The requests the server saw: (path, User-Agent).
SEEN: list[tuple[str, str | None]] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN.append((self.path, self.headers.get("User-Agent")))
        path = self.path
        html = "text/html; charset=utf-8"
        if path == "/page":
            self.send(200, PAGE, Content_Type=html)
        elif path == "/latin":
            self.send(
                200, "<p>ø</p>".encode("iso-8859-15"), Content_Type="text/html; charset=ISO-8859-15"
            )
        elif path == "/plain":
            self.send(200, b"Plain words.\n\nAnother paragraph.", Content_Type="text/plain")
        elif path == "/xhtml":
            self.send(200, PAGE, Content_Type="application/xhtml+xml")
        elif path == "/untyped":
            self.send(200, PAGE)
        elif path == "/redirect":
            self.send(302, Location="/page")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.send(301, Location=f"/chain/{left - 1}" if left else "/page")
        elif path == "/loop-a":
            self.send(307, Location="/loop-b")
        elif path == "/loop-b":
            self.send(308, Location=f"http://127.0.0.1:{self.server.server_port}/loop-a")
        elif path == "/to-ftp":
            self.send(302, Location="ftp://127.0.0.1/file")
        elif path == "/missing":
            self.send(404, b"<p>gone</p>", Content_Type=html)
        elif path == "/broken":
            self.send(500, b"", Content_Type=html)
        elif path == "/slow-headers":
            time.sleep(2)
            self.send(200, PAGE, Content_Type=html)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Content-Length", str(50 * 2**20))
            self.end_headers()
        elif path == "/huge-streamed":
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 4096 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path == "/binary":
            self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Content_Type="image/png")
        elif path == "/octets":
            self.send(200, b"\x00\x01\x02", Content_Type="application/octet-stream")
        elif path == "/binary-as-html":
            self.send(200, b"MZ\x90\x00\x03\x00\x00\x00", Content_Type=html)
        elif path == "/gzip":
            self.send(200, gzip.compress(PAGE), Content_Type=html, Content_Encoding="gzip")
        elif path == "/gzip-bomb":
            body = gzip.compress(b"<p>" + b"a" * (4 * 2**20))
            self.send(200, body, Content_Type=html, Content_Encoding="gzip")
        elif path == "/gzip-broken":
            self.send(200, b"\x1f\x8b\x08garbage", Content_Type=html, Content_Encoding="gzip")
        elif path == "/brotli":
            self.send(200, b"\x0b\x02\x80", Content_Type=html, Content_Encoding="br")
        elif path == "/not-http":
            self.wfile.write(b"\x16\x03\x01 nonsense\r\n\r\n")
            self.close_connection = True
        else:
            self.send(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The client hangs up on the slow, huge and dripping answers by design.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page(server):
    result = fetch(f"{server}/page")
    assert result == Fetched(f"{server}/page", "text/html", PAGE, "utf-8")


def test_user_agent_names_the_program(server):
    fetch(f"{server}/page")
    assert SEEN[-1] == ("/page", f"tui-reader/{tui.__version__}")


@pytest.mark.parametrize(
    ("path", "content_type", "charset"),
    [
        ("/plain", "text/plain", None),
        ("/xhtml", "application/xhtml+xml", None),
        ("/untyped", "text/html", None),
        ("/latin", "text/html", "ISO-8859-15"),
    ],
)
def test_text_types(server, path, content_type, charset):
    result = fetch(server + path)
    assert isinstance(result, Fetched)
    assert (result.content_type, result.charset) == (content_type, charset)


def test_a_redirect_gives_the_final_address(server):
    result = fetch(f"{server}/redirect")
    assert isinstance(result, Fetched)
    assert result.url == f"{server}/page" and result.data == PAGE


def test_five_redirects_are_followed_and_six_are_too_many(server):
    assert isinstance(fetch(f"{server}/chain/4"), Fetched)  # 5 redirects
    result = fetch(f"{server}/chain/5")
    assert result == FetchError(f"{server}/chain/5", "more than 5 redirects")
    assert isinstance(fetch(f"{server}/chain/5", max_redirects=6), Fetched)


def test_a_redirect_loop(server):
    result = fetch(f"{server}/loop-a")
    assert isinstance(result, FetchError)
    assert result.message.startswith("redirect loop at ")


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ftp://127.0.0.1/file", "only http and https addresses are fetched, not ftp:"),
        ("file:///etc/passwd", "only http and https addresses are fetched, not file:"),
        ("127.0.0.1/page", "only http and https addresses are fetched, not no scheme"),
        ("http:///page", "not a web address: it names no host"),
        ("http://127.0.0.1:99999/", "not a web address (Port out of range 0-65535)"),
    ],
)
def test_bad_addresses(address, message):
    assert fetch(address) == FetchError(address, message)


def test_a_redirect_to_another_scheme(server):
    result = fetch(f"{server}/to-ftp")
    assert result == FetchError(
        f"{server}/to-ftp", "only http and https addresses are fetched, not ftp:"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP error 404 (Not Found)"),
        ("/broken", "HTTP error 500 (Internal Server Error)"),
        ("/binary", "not a web page: the server sent image/png"),
        ("/octets", "not a web page: the server sent application/octet-stream"),
        ("/binary-as-html", "not a web page: the server sent binary data"),
        ("/brotli", "the server sent br-encoded data, not plain"),
        ("/gzip-broken", "the server's gzip data is damaged"),
    ],
)
def test_errors_are_one_line_values(server, path, message):
    assert fetch(server + path) == FetchError(server + path, message)


def test_gzip_is_unpacked(server):
    result = fetch(f"{server}/gzip")
    assert isinstance(result, Fetched) and result.data == PAGE


def test_too_large_by_its_declared_length_without_reading(server):
    start = time.monotonic()
    result = fetch(f"{server}/huge-declared")
    assert result == FetchError(
        f"{server}/huge-declared", "too large: 52,428,800 bytes, more than 10,485,760"
    )
    assert time.monotonic() - start < 2


def test_too_large_while_reading_stops_at_the_limit(server):
    result = fetch(f"{server}/huge-streamed", max_bytes=50_000)
    assert result == FetchError(f"{server}/huge-streamed", "too large: more than 50,000 bytes")


def test_a_gzip_bomb_is_too_large_as_it_unpacks(server):
    result = fetch(f"{server}/gzip-bomb", max_bytes=2**20)
    assert result == FetchError(f"{server}/gzip-bomb", "too large: more than 1,048,576 bytes")


def test_a_slow_answer_times_out(server):
    start = time.monotonic()
    result = fetch(f"{server}/slow-headers", timeout=0.5)
    assert result == FetchError(f"{server}/slow-headers", "timed out after 0.5 s")
    assert time.monotonic() - start < 1.5


def test_a_dripped_body_times_out_in_total(server):
    # Each piece comes within the timeout, but the whole takes 2 s.
    start = time.monotonic()
    result = fetch(f"{server}/drip", timeout=0.6)
    assert result == FetchError(f"{server}/drip", "timed out after 0.6 s")
    assert time.monotonic() - start < 1.5


def test_not_http(server):
    result = fetch(f"{server}/not-http")
    assert isinstance(result, FetchError)
    assert result.message.startswith("the server's answer is not valid HTTP")


def test_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/")
    assert isinstance(result, FetchError)
    assert result.message.startswith("could not connect to 127.0.0.1 (")


def test_host_not_found(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = fetch("https://news.invalid/story")
    assert result == FetchError(
        "https://news.invalid/story", "could not find the host news.invalid"
    )


def test_messages_are_one_sanitised_line(server):
    for path in ("/missing", "/binary", "/loop-a", "/chain/9"):
        result = fetch(server + path)
        assert isinstance(result, FetchError)
        assert "\n" not in result.message and len(result.message) < 200


def test_a_host_name_that_takes_forever_to_look_up_times_out(monkeypatch):
    def slow_lookup(*args, **kwargs):
        time.sleep(3)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    start = time.monotonic()
    result = fetch("http://slow-dns.invalid/", timeout=0.3)
    assert result == FetchError("http://slow-dns.invalid/", "timed out after 0.3 s")
    assert time.monotonic() - start < 1.5
