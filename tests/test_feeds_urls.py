"""The feeds subscribed to: the ``urls`` file keeps a person's comments and order, ``feeds
add|remove|list|import|export`` change it, and OPML goes out and comes back the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main
from tui.feeds.opml import OpmlError, Outline, parse_opml, read_opml, write_opml
from tui.feeds.urls import UrlsFile, default_urls_path

EDITED = """\
# news I read
https://example.org/news.rss  politics "~Example news"

# science
https://example.net/atom.xml
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "tui-reader" / "urls"


def test_the_urls_file_is_in_the_user_config_directory(config: Path) -> None:
    assert default_urls_path() == config


def test_add_and_remove_keep_the_comments_tags_and_order(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text(EDITED)
    urls = UrlsFile.read()
    assert urls.urls() == ["https://example.org/news.rss", "https://example.net/atom.xml"]
    assert urls.add(["https://example.com/feed", "https://example.net/atom.xml"]) == [
        "https://example.com/feed"
    ]
    assert urls.remove(["https://example.org/news.rss", "https://nowhere.example/"]) == [
        "https://example.org/news.rss"
    ]
    urls.save()
    assert config.read_text() == (
        "# news I read\n\n# science\nhttps://example.net/atom.xml\nhttps://example.com/feed\n"
    )


def test_feeds_add_list_remove_on_the_command_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "add", "https://a.example/feed", "http://b.example/rss"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://a.example/feed: added",
        "http://b.example/rss: added",
    ]
    assert config.stat().st_mode & 0o777 != 0  # a plain file a person edits
    assert main(["feeds", "add", "https://a.example/feed"]) == 0
    assert "already subscribed" in capsys.readouterr().out
    assert main(["feeds", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://a.example/feed",
        "http://b.example/rss",
    ]
    assert main(["feeds", "remove", "https://a.example/feed", "https://c.example/"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "https://a.example/feed: removed\n"
    assert captured.err == "https://c.example/: not subscribed\n"
    assert config.read_text() == "http://b.example/rss\n"


@pytest.mark.parametrize("bad", ["ftp://a.example/feed", "news.rss", "http://", "file:///etc"])
def test_feeds_add_refuses_what_is_not_a_web_address(
    config: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    assert main(["feeds", "add", bad, "https://ok.example/feed"]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"{bad}: not a feed address: give an http:// or https:// address\n"
    assert config.read_text() == "https://ok.example/feed\n"


def test_opml_round_trip_through_the_command_line(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = tmp_path / "subscriptions.opml"
    nested.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>From another reader</title></head>
  <body>
    <outline text="News">
      <outline text="Example &amp; Co" type="rss" xmlUrl="https://example.org/news.rss"/>
      <outline text="Deeper">
        <outline text="Science" type="rss" xmlUrl="https://example.net/atom.xml?a=1&amp;b=2"/>
      </outline>
    </outline>
    <outline text="Top level" type="rss" xmlUrl="http://top.example/rss"/>
    <outline text="A folder with no feed"/>
  </body>
</opml>
""",
        encoding="utf-8",
    )
    assert main(["feeds", "import", str(nested)]) == 0
    capsys.readouterr()
    wanted = [
        "https://example.org/news.rss",
        "https://example.net/atom.xml?a=1&b=2",
        "http://top.example/rss",
    ]
    assert UrlsFile.read().urls() == wanted
    assert main(["feeds", "export"]) == 0
    exported = tmp_path / "exported.opml"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    assert [outline.url for outline in read_opml(exported)] == wanted
    assert '<opml version="2.0">' in exported.read_text()
    config.unlink()
    assert main(["feeds", "import", str(exported)]) == 0
    assert UrlsFile.read().urls() == wanted


def test_titles_and_awkward_characters_survive_a_round_trip() -> None:
    outlines = [
        Outline("https://a.example/?x=1&y=<2>", "Quotes \" and ' & <tags>"),
        Outline("https://b.example/feed", "Line\nbreak\x07bell"),
    ]
    back = parse_opml(write_opml(outlines).encode("utf-8"))
    assert back == [outlines[0], Outline("https://b.example/feed", "Line breakbell")]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<opml><body><outline", "line 1, column 13: unclosed token"),
        (b"<rss version='2.0'/>", "not OPML: the document is <rss>, not <opml>"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaa">]><opml/>',
            "line 2: a document type declaration is not read",
        ),
    ],
)
def test_a_bad_opml_file_is_named_with_its_line(data: bytes, problem: str) -> None:
    with pytest.raises(OpmlError, match=problem):
        parse_opml(data)


def test_feeds_import_of_a_bad_file_says_why_in_one_line(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<opml><body>")
    assert main(["feeds", "import", str(bad)]) == 2
    assert main(["feeds", "import", str(tmp_path / "missing.opml")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"tui-reader feeds: {bad}: not an OPML file that can be read: line 1, column 13:"
        " no element found",
        f"tui-reader feeds: {tmp_path / 'missing.opml'}: cannot read: No such file or directory",
    ]
    assert not config.exists()
