"""A local HTTP server on 127.0.0.1 serving feeds of real shape (RSS 2.0 and Atom, with guids,
dates and links to article pages), a malformed feed, a 404, a slow feed and a feed that changes;
it answers conditional requests with 304 and keeps every request it saw."""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next"
    " spring, after engineers found corrosion in two of its supporting piers.",
    '"We cannot keep a bridge open that we would not let our own children cross," said Maria'
    " Lindqvist, the council's head of transport, after the vote.",
    "The repairs are expected to cost 14 million euros and to take at least three years, the"
    " council said in a statement. About 22,000 cars cross the bridge each day.",
    'Shop owners on the north bank said they feared for their trade. "Half of our customers'
    ' come over that bridge," said Jonas Berg, who runs a bakery near the harbour.',
]


def article_page(title: str, extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="author" content="Ada Reporter"></head>
<body><header><nav><a href="/">Home</a></nav></header>
<article><h1>{title}</h1>
<p class="byline">By Ada Reporter, 3 March 2024</p>
{body}<p>{extra}</p>
</article><footer>Copyright The Harbour Times</footer></body></html>
""".encode()


def rss(items: list[tuple[str, str, str, str]]) -> bytes:
    """RSS 2.0 of ``(guid, title, path, date)`` items."""
    entries = "".join(
        f"""    <item>
      <title>{title}</title>
      <link>{{base}}{path}</link>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>{date}</pubDate>
      <description>&lt;p&gt;Summary of {title}: the council and the bridge.&lt;/p&gt;</description>
    </item>
"""
        for guid, title, path, date in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>The Harbour Times</title>
  <link>{{base}}/</link>
  <description>Local news</description>
{entries}</channel></rss>
""".encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Science Weekly</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-04T10:00:00Z</updated>
  <entry>
    <title>Corrosion found in bridge piers</title>
    <link rel="alternate" href="{base}/pages/piers.html"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2024-03-04T09:00:00Z</updated>
    <summary>Engineers report corrosion in two piers.</summary>
  </entry>
  <entry>
    <title>A page that is gone</title>
    <link rel="alternate" href="{base}/pages/gone.html"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6b</id>
    <updated>2024-03-01T09:00:00Z</updated>
    <summary>The summary of a page that cannot be fetched: it is all there is to read.</summary>
  </entry>
</feed>
"""

ATOM_MODIFIED = "Mon, 04 Mar 2024 10:00:00 GMT"


@dataclass
class FeedServer:
    """The server's state: the changing feed's items, and the requests seen."""

    changing: list[tuple[str, str, str, str]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    slow_seconds: float = 5.0

    def start(self) -> FeedServer:
        state = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                status, headers, body = state.answer(self.path, dict(self.headers.items()))
                state.requests.append((self.path, dict(self.headers.items()), status))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[tuple[dict[str, str], int]]:
        return [(headers, status) for seen, headers, status in self.requests if seen == path]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if path == "/rss.xml":
            if headers.get("If-None-Match") == '"rss-v1"':
                return 304, {"ETag": '"rss-v1"'}, b""
            items = [
                (
                    "harbour-1",
                    "Bridge to close",
                    "/pages/bridge.html",
                    "Tue, 05 Mar 2024 08:00:00 GMT",
                ),
                (
                    "harbour-2",
                    "Shops fear for trade",
                    "/pages/shops.html",
                    "Mon, 04 Mar 2024 08:00:00 GMT",
                ),
            ]
            return 200, {**xml, "ETag": '"rss-v1"'}, self._based(rss(items))
        if path == "/atom.xml":
            if headers.get("If-Modified-Since") == ATOM_MODIFIED:
                return 304, {}, b""
            atom = {"Content-Type": "application/atom+xml", "Last-Modified": ATOM_MODIFIED}
            return 200, atom, self._based(ATOM)
        if path == "/changing.xml":
            return 200, xml, self._based(rss(self.changing))
        if path == "/bad.xml":
            return 200, {"Content-Type": "text/xml"}, b"<html><body>Not a feed: <b>oops</body>"
        if path == "/slow.xml":
            time.sleep(self.slow_seconds)
            return 200, xml, self._based(rss([]))
        if path.startswith("/pages/") and path.endswith(".html") and path != "/pages/gone.html":
            name = path.removeprefix("/pages/").removesuffix(".html")
            html = {"Content-Type": "text/html; charset=utf-8"}
            return 200, html, article_page(f"Harbour page {name}", f"Page {name} ends here.")
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def _based(self, data: bytes) -> bytes:
        return data.replace(b"{base}", self.base.encode())


def rfc822(seconds: float) -> str:
    return email.utils.formatdate(seconds, usegmt=True)
