"""Deep links: splitting ``path#id``, resolving ids, and opening the reader at the item."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tui.app import ReaderApp
from tui.content_paths import DEFAULT_ARTICLE, default_article_path
from tui.links import Target, display_path, link, resolve, split_link
from tui.model.article import Article
from tui.model.loader import load_article
from tui.screens.about import about_table


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(default_article_path())


def test_split_link(tmp_path: Path) -> None:
    assert split_link("content/x.yaml#q3") == ("content/x.yaml", "q3")
    assert split_link("content/x.yaml") == ("content/x.yaml", None)
    assert split_link("a#b/x.yaml#f2") == ("a#b/x.yaml", "f2")
    odd = tmp_path / "odd#name.yaml"
    odd.write_text("x")
    assert split_link(str(odd)) == (str(odd), None)


def test_resolve_kinds(seed: Article) -> None:
    assert resolve(seed, "q3") == Target("quote", "q3")
    assert resolve(seed, "f2") == Target("fact", "f2")
    assert resolve(seed, "p7") == Target("block", "p7")
    assert resolve(seed, "fig2") == Target("block", "fig2")
    assert resolve(seed, "q3", "fact") is None
    assert resolve(seed, "nope") is None


def test_link_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "srv"
    (home / "a").mkdir(parents=True)
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "a")
    # Never relative to the working directory: the link opens the same file from any other.
    assert link("x.yaml", "q3") == "~/a/x.yaml#q3"
    monkeypatch.chdir(elsewhere)
    assert link("x.yaml", "q3") == f"{elsewhere.resolve()}/x.yaml#q3"
    assert link(None, "q3") == "#q3"


def test_the_bundled_article_is_linked_by_its_name(tmp_path: Path) -> None:
    name = DEFAULT_ARTICLE.removesuffix(".yaml")
    assert link(str(default_article_path()), "q3") == f"{name}#q3"
    assert display_path(str(default_article_path())) == name
    # A copy of it is another file: linked by its own path.
    copy = tmp_path / DEFAULT_ARTICLE
    copy.write_bytes(default_article_path().read_bytes())
    assert link(str(copy), "q3") == f"{copy}#q3"


def test_a_link_names_the_same_file_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = DEFAULT_ARTICLE.removesuffix(".yaml")
    monkeypatch.chdir(tmp_path)
    bundled = str(default_article_path())
    assert split_link(f"{name}#q3") == (bundled, "q3")
    assert split_link(name) == (bundled, None)
    assert split_link(f"{DEFAULT_ARTICLE}#f2") == (bundled, "f2")
    # A file of that name here is what the user means.
    (tmp_path / name).write_text("x")
    assert split_link(f"{name}#q3") == (name, "q3")
    # ``~/x.yaml`` the shell did not expand (it was quoted, or passed by a program).
    home = tmp_path / "home"
    home.mkdir()
    (home / "x.yaml").write_text("x")
    monkeypatch.setenv("HOME", str(home))
    assert split_link("~/x.yaml#q3") == (str(home / "x.yaml"), "q3")
    assert split_link("~/nowhere.yaml#q3") == ("~/nowhere.yaml", "q3")  # reported as given
    assert split_link("no/such/name#q3") == ("no/such/name", "q3")


@pytest.mark.parametrize(
    ("target", "check"),
    [
        (Target("quote", "q14"), "quote"),
        (Target("fact", "f9"), "fact"),
        (Target("block", "p20"), "block"),
    ],
)
async def test_reader_opens_at_the_target(seed: Article, target: Target, check: str) -> None:
    app = ReaderApp(seed, animate=False, environ={}, start=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        body = screen.body
        first, stop = body.visible_block_range()
        if check == "quote":
            quote = next(q for q in seed.quotes if q.id == target.id)
            assert screen.quote_list.current_quote is quote
            assert body.highlighted_spans == quote.spans
            block = quote.spans[0].block_id
        elif check == "fact":
            fact = next(f for f in seed.facts if f.id == target.id)
            assert screen.facts_panel.current_fact is fact
            block = fact.block_id
        else:
            block = target.id
        assert first <= seed.block_index[block] < stop


async def test_y_copies_the_link_of_the_current_quote_and_help_shows_it(seed: Article) -> None:
    app = ReaderApp(seed, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "y")
        quote = seed.quotes[1]
        name = DEFAULT_ARTICLE.removesuffix(".yaml")
        assert app.clipboard == link(seed.path, quote.id) == f"{name}#{quote.id}"
        assert f"Copied link {name}#{quote.id}" in app.screen.status_line.text
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").render())
        assert f"{name}#{quote.id}" in text


def test_the_about_dialog_names_the_bundled_article(seed: Article) -> None:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(about_table(seed))
    text = console.export_text()
    name = DEFAULT_ARTICLE.removesuffix(".yaml")
    assert f"{name} (bundled with tui-reader)" in text
    assert ".yaml" not in text and "content/" not in text


def test_an_import_is_linked_and_named_by_its_source(seed: Article, tmp_path: Path) -> None:
    cached = seed.imported_from(None)
    assert cached is seed and cached.origin == seed.path
    story = str(tmp_path / "story.txt")
    imported = seed.imported_from(story)
    assert imported.path == seed.path and imported.origin == story
    assert link(imported.origin, "q3") == f"{Path(story).resolve()}#q3"
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(about_table(imported))
    assert str(Path(story).resolve()) in console.export_text()


@pytest.mark.parametrize(
    "address", ["https://example.com/news/story", "http://example.com/a?b=1#comments"]
)
def test_an_address_is_linked_as_it_is_and_the_link_splits_back(address: str) -> None:
    linked = link(address, "q3")
    assert linked == f"{address}#q3"
    assert split_link(linked) == (address, "q3")


async def test_y_on_an_import_copies_the_source_link_and_help_shows_it(
    seed: Article, tmp_path: Path
) -> None:
    story = str(tmp_path / "story.txt")
    app = ReaderApp(seed.imported_from(story), animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "y")
        expected = f"{Path(story).resolve()}#{seed.quotes[0].id}"
        assert app.clipboard == expected
        await pilot.press("question_mark")
        assert expected in str(app.screen.query_one("#help-text").render())
