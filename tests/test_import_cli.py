"""``tui-reader import`` and opening a .txt, .html or address directly: files, standard input
and a local web server in, content files that pass ``check`` out, one line per bad source."""

from __future__ import annotations

import http.server
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.import_cache import find_import
from tui.importer import pipeline
from tui.importer.pipeline import ImportFailure, Raw, import_raw, output_stem
from tui.model.loader import load_article, parse_article

ARTICLE = """\
Harbour council approves ‘floating garden’ for Port Velna

Mayor Ilse Maren says the garden will open next spring

Mayor Ilse Maren at the harbour office in Port Velna, March 3, 2023. (Tomas Brell/Velna Gazette)

The harbour council voted 7-2 on Friday to build a floating garden on the old ferry pier.

“It is the greenest thing this town has done in forty years,” Maren told reporters.

“We will keep fishing here,” said Ana Kov, who leads the fishermen’s union.

read more:
Never miss breaking news on Velna
"""

PAGE = """<!doctype html>
<html><head><title>Velna votes for a garden</title>
<meta property="og:title" content="Velna votes for a garden">
<script>document.write("not text")</script><style>p { color: red }</style></head>
<body><article><h1>Velna votes for a garden</h1>
<p>The harbour council voted 7-2 on Friday to build a floating garden on the old ferry pier,
the first of its kind on the coast of the Velna peninsula.</p>
<p>“It is the greenest thing this town has done in forty years,” Mayor Ilse Maren told
reporters after the vote, which followed a debate of more than four hours.</p>
<p>Fishermen said the garden would block the slipway their boats use every morning, and
their union asked the council to move it to the north side of the harbour.</p>
</article></body></html>
"""


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.fixture
def article_txt(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --- One source ------------------------------------------------------------------------


def test_a_text_file_is_imported_to_standard_output(article_txt: Path) -> None:
    result = run_cli("import", str(article_txt))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    article = parse_article(result.stdout.decode("utf-8"), "<stdout>")
    assert article.meta.title == "Harbour council approves ‘floating garden’ for Port Velna"
    assert [block.id for block in article.blocks] == ["fig1", "p1", "p2", "p3"]
    assert {speaker.name for speaker in article.speakers} == {"Ilse Maren", "Ana Kov"}
    assert "Never miss" not in result.stdout.decode("utf-8")


def test_what_import_writes_passes_check(article_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "harbour.yaml"
    assert run_cli("import", str(article_txt), "-o", str(out)).returncode == 0
    checked = run_cli("check", str(out))
    assert checked.returncode == 0 and checked.stdout.decode().strip() == f"{out}: ok"


def test_standard_input(tmp_path: Path) -> None:
    result = run_cli("import", "-", stdin=ARTICLE.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "import from standard input" in text
    parse_article(text, "<stdout>")


def test_an_html_file(tmp_path: Path) -> None:
    page = tmp_path / "velna.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_cli("import", str(page))
    assert result.returncode == 0, result.stderr
    article = parse_article(result.stdout.decode("utf-8"), "<stdout>")
    assert article.meta.title == "Velna votes for a garden"
    body = " ".join(getattr(block, "text", "") for block in article.blocks)
    assert "floating garden" in body and "not text" not in body and "color" not in body


def test_the_usage_line_names_the_command() -> None:
    result = run_cli("import", "--help")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("usage: tui-reader import ")


# --- Writing files ---------------------------------------------------------------------


def test_o_file_follows_the_umask_and_is_not_replaced_without_force(
    article_txt: Path, tmp_path: Path
) -> None:
    out = tmp_path / "harbour.yaml"
    previous = os.umask(0o022)
    try:
        assert main(["import", str(article_txt), "-o", str(out)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.write_text("mine\n")
    result = run_cli("import", str(article_txt), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"{out}: already there; --force replaces it"
    assert out.read_text() == "mine\n"
    out.chmod(0o600)
    assert run_cli("import", str(article_txt), "-o", str(out), "--force").returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # a file of one's own keeps its mode
    load_article(out)


def test_a_symlink_is_not_written_through(article_txt: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text("kept\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    result = run_cli("import", str(article_txt), "-o", str(link), "--force")
    assert result.returncode == 2 and b"not written" in result.stderr
    assert target.read_text() == "kept\n"


def test_several_sources_go_to_a_directory_one_stem_each(article_txt: Path, tmp_path: Path) -> None:
    page = tmp_path / "velna.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("import", str(article_txt), str(page), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["harbour.yaml", "velna.yaml"]
    for path in out.iterdir():
        load_article(path)
    assert b"harbour.txt -> " in result.stdout


def test_two_sources_of_one_stem_get_two_files(article_txt: Path, tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("import", str(article_txt), str(page), "-o", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["harbour-2.yaml", "harbour.yaml"]


def test_several_sources_need_a_directory(article_txt: Path) -> None:
    result = run_cli("import", str(article_txt), str(article_txt))
    assert result.returncode == 2
    assert b"several sources need -o DIR" in result.stderr


# --- Bad sources -----------------------------------------------------------------------


def bad_sources(tmp_path: Path) -> dict[str, str]:
    """Each bad source and the words its one line must hold."""
    (tmp_path / "empty.txt").write_bytes(b"  \n\n ")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 at the pier.\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path / "big.txt").write_text("A paragraph of text. " * 200)
    (tmp_path / "furniture.txt").write_text("Share this article\n\nSign up for our newsletter\n")
    (tmp_path / "article.yaml").write_text("schema: 1\n")
    (tmp_path / "folder.txt").mkdir()
    return {
        str(tmp_path / "missing.txt"): "no such file",
        str(tmp_path / "empty.txt"): "empty",
        str(tmp_path / "latin1.txt"): "not UTF-8 (byte 0xE9 at line 1, column 4",
        str(tmp_path / "binary.txt"): "binary data, not text or HTML",
        str(tmp_path / "photo.txt"): "a PNG image, not text or HTML",
        str(tmp_path / "big.txt"): "too large",
        str(tmp_path / "furniture.txt"): "no article text found",
        str(tmp_path / "article.yaml"): "already a content file",
        str(tmp_path / "folder.txt"): "is a directory",
    }


def test_each_bad_source_gets_one_line_and_the_others_are_imported(
    article_txt: Path, tmp_path: Path
) -> None:
    bad = bad_sources(tmp_path)
    out = tmp_path / "out"
    result = run_cli("import", *bad, str(article_txt), "-o", str(out), "--max-bytes", "2000")
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == len(bad), lines
    for line, (source, words) in zip(lines, bad.items(), strict=True):
        assert line.startswith(f"{source}: ") and words in line, line
    assert b"Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["harbour.yaml"]


def test_a_declared_charset_is_used_and_a_wrong_one_is_said(tmp_path: Path) -> None:
    latin = Raw(
        "a.txt", "Caf\xe9 at the pier, said Ana Kov.".encode("latin-1"), "text", charset="latin-1"
    )
    imported = import_raw(latin)
    assert not isinstance(imported, ImportFailure) and "Café" in imported.yaml
    wrong = Raw("a.txt", b"\xfa\xfb broken", "text", charset="utf-8")
    failure = import_raw(wrong)
    assert isinstance(failure, ImportFailure) and failure.problem.startswith("not utf-8 text")
    unknown = import_raw(Raw("a.txt", b"text", "text", charset="klingon"))
    assert isinstance(unknown, ImportFailure) and "unknown charset" in unknown.problem


def test_a_bug_in_a_stage_is_one_line_and_a_report(
    article_txt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    calls = []

    def broken(document):
        calls.append(document)
        if len(calls) == 1:
            raise ValueError("boom")
        return real(document)

    real = pipeline.build_draft
    monkeypatch.setattr(pipeline, "build_draft", broken)
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE)
    status = main(["import", str(article_txt), str(other), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"{article_txt}: not imported: the importer failed (ValueError: boom)")
    assert len(err.splitlines()) == 1
    assert (tmp_path / "out" / "other.yaml").is_file()


def test_output_stems() -> None:
    assert output_stem("news/seed.txt") == "seed"
    assert output_stem("https://example.com/world/nato-plans.html?x=1") == "nato-plans"
    assert output_stem("https://example.com/") == "example.com"
    assert output_stem("-") == "stdin"
    assert output_stem("../.hidden.txt") == "hidden"


# --- Addresses -------------------------------------------------------------------------


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article.html":
            self._send(200, "text/html; charset=utf-8", PAGE.encode("utf-8"))
        elif self.path == "/article.txt":
            self._send(200, "text/plain; charset=utf-8", ARTICLE.encode("utf-8"))
        elif self.path == "/latin.txt":
            body = "Caf\xe9 at the pier, said Ana Kov.".encode("latin-1")
            self._send(200, "text/plain; charset=iso-8859-1", body)
        elif self.path == "/photo.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n")
        else:
            self._send(404, "text/html", b"<p>Not here</p>")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_addresses_end_to_end(server: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    sources = [f"{server}/article.html", f"{server}/article.txt", f"{server}/latin.txt"]
    bad = [f"{server}/missing.html", f"{server}/photo.png"]
    result = run_cli("import", *sources, *bad, "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith(f"{server}/missing.html: HTTP error 404"), lines
    assert lines[1].startswith(f"{server}/photo.png: not a web page"), lines
    assert sorted(p.name for p in out.iterdir()) == ["article-2.yaml", "article.yaml", "latin.yaml"]
    page = load_article(out / "article.yaml")
    assert page.meta.title == "Velna votes for a garden"
    assert page.meta.source.url == f"{server}/article.html"
    assert "Café" in load_article(out / "latin.yaml").blocks[0].text


def test_an_address_opens_directly(server: str) -> None:
    result = run_cli(f"{server}/article.txt")  # not a terminal: the article as plain text
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("Harbour council approves")


# --- Opening directly ------------------------------------------------------------------


def test_a_text_file_opens_directly_and_its_import_is_cached(
    article_txt: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "tui", str(article_txt)],
            capture_output=True,
            timeout=120,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().startswith("Harbour council approves")
    cached = list((tmp_path / "cache" / "tui-reader" / "imports").iterdir())
    assert len(cached) == 1 and stat.S_IMODE(cached[0].stat().st_mode) == 0o600


def test_the_cache_is_keyed_by_content_and_the_article_id_by_title(
    article_txt: Path, tmp_path: Path
) -> None:
    first = find_import(str(article_txt), directory=tmp_path / "cache")
    assert not isinstance(first, ImportFailure) and not first.ready
    path = first.make()
    assert isinstance(path, Path) and path.is_file()
    again = find_import(str(article_txt), directory=tmp_path / "cache")
    assert not isinstance(again, ImportFailure) and again.ready and again.path == path
    article_txt.write_text(ARTICLE.replace("7-2", "8-1"), encoding="utf-8")
    edited = find_import(str(article_txt), directory=tmp_path / "cache")
    assert not isinstance(edited, ImportFailure) and edited.path != path
    made = edited.make()
    assert isinstance(made, Path)
    # The reading position is kept per article id, which the edit leaves as it was.
    assert load_article(made).id == load_article(path).id


def test_a_bad_text_opened_directly_is_one_line(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9\n".encode("latin-1"))
    result = run_cli(str(latin))
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith(f"{latin}: not UTF-8")


@pytest.mark.parametrize(
    ("name", "kind"),
    [("x.md", "a Markdown export"), ("x.json", "a JSON export"), ("x.pdf", "a .pdf file")],
)
def test_a_file_the_reader_cannot_read_gets_one_line(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_text("# Some title\n\nText.\n")
    result = run_cli(str(path))
    assert result.returncode == 2
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith(f"{path}: {kind} is not an article the reader can open;")
    assert "tui-reader import SOURCE -o ARTICLE.yaml" in line


def test_the_reader_opens_a_text_file_in_a_terminal(article_txt: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from pty_terminal import PtyTerminal

    terminal = PtyTerminal.reader("--no-animation", str(article_txt))
    try:
        assert terminal.wait_for(lambda text: "Harbour council approves" in text)
        assert terminal.wait_for(lambda text: "Quotes: 2" in text or "2 quotes" in text.lower())
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


# --- Any input -------------------------------------------------------------------------

BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "said",
                " he said.",
                "\n",
                "\n\n",
                "(AP)",
                "Jane Doe",
                ": ",
                "#",
                "- ",
                "READ MORE: x",
                "Feb 24, 2022",
                "40,000 soldiers",
                "\x1b[2J",
                "\u202e",
                "<p>",
                "</p>",
                "<script>x</script>",
                "\r\n",
                "\t",
                "\x00",
                "\ufeff",
                "é",
            ]
        ),
        max_size=40,
    ).map(lambda parts: "".join(parts).encode("utf-8")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BYTES, st.sampled_from(["text", "html"]))
def test_any_source_gives_a_failure_or_a_file_that_loads(data: bytes, kind: str) -> None:
    raw = Raw(f"any.{'txt' if kind == 'text' else 'html'}", data, kind)  # type: ignore[arg-type]
    checked = pipeline._checked(raw)
    result = checked if isinstance(checked, ImportFailure) else import_raw(checked)
    if isinstance(result, ImportFailure):
        assert result.problem and "\n" not in result.problem
    else:
        parse_article(result.yaml, "<hypothesis>")


def test_check_says_a_text_is_no_content_file_in_one_line(article_txt: Path) -> None:
    result = run_cli("check", str(article_txt))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"{article_txt}: not a content file; tui-reader import {article_txt} makes one"
        f" (tui-reader {article_txt} reads it as it is)"
    ]


def test_an_address_with_a_fragment_of_its_own_opens(server: str) -> None:
    page = run_cli(f"{server}/article.txt#comments")
    assert page.returncode == 0, page.stderr
    assert page.stdout.decode().startswith("Harbour council approves")
