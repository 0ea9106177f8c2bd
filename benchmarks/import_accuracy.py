"""How well ``tui-reader import`` reads real news: every section of figures, from
``../shared/eval/`` (see its README for how each is counted) and the seed.

``python benchmarks/import_accuracy.py`` prints, section by section:

- quotes and speakers on the 37 plain-text articles (``accuracy_quotes``: precision of quotes
  of 5 words or more, recall, speaker accuracy, speaker errors by kind, against the regex
  baseline), then the same through the import's own text reader (``tui.importer.text``: page
  furniture left out, captions as figures), which is what ``tui-reader import`` runs;
- HTML bodies (word F1 over the 55 pages) and metadata (title, author and date on the 9)
  (``accuracy_html``);
- facts (``accuracy_facts``);
- the seed against the shipped article, line by line (``accuracy_seed``).

``--errors`` lists each speaker error too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import accuracy_facts  # noqa: E402
import accuracy_html  # noqa: E402
import accuracy_quotes  # noqa: E402
import accuracy_seed  # noqa: E402

from tui.importer.draft import Figure, Subheading  # noqa: E402
from tui.importer.quotes import attribute  # noqa: E402
from tui.importer.text import parse_text  # noqa: E402


def quotes_through_the_text_reader() -> list[str]:
    """The quote figures with each article read as ``tui-reader import`` reads a .txt, and
    what the text reader made of the articles' lines."""
    articles = []
    lines = kept = figures = credits = subheadings = titles = authors = 0
    for article in accuracy_quotes.eval_articles():
        text = (accuracy_quotes.EVAL / article.name).read_text(encoding="utf-8")
        document = parse_text(text)
        articles.append(accuracy_quotes.EvalArticle(article.name, document, article.gold))
        lines += sum(1 for line in text.splitlines() if line.strip())
        kept += len(document.blocks)
        figures += sum(isinstance(block, Figure) for block in document.blocks)
        credits += sum(
            isinstance(block, Figure) and bool(block.credit) for block in document.blocks
        )
        subheadings += sum(isinstance(block, Subheading) for block in document.blocks)
        titles += document.meta.title is not None
        authors += bool(document.meta.authors)
    result = accuracy_quotes.score(articles, attribute)
    in_paragraphs = sum(
        any(" ".join(gold.text.split()[:6]) in text for _index, text in a.document.paragraphs())
        for a in articles
        for gold in a.gold
    )
    gold = sum(len(a.gold) for a in articles)
    return [
        accuracy_quotes.summary("import", result),
        f"text reader: {lines:,} lines in {len(articles)} articles -> {kept:,} blocks"
        f" ({lines - kept:,} lines left out as furniture, bylines or repeats);"
        f" {figures} figures ({credits} with a credit), {subheadings} subheadings,"
        f" {titles} titles, {authors} with authors; gold quotes left in a paragraph"
        f" {in_paragraphs}/{gold}",
    ]


def sections(errors: bool = False) -> list[tuple[str, list[str]]]:
    return [
        ("Quotes and speakers: plain text", accuracy_quotes.report(errors=errors)),
        (
            "Quotes and speakers: through tui-reader import's text reader",
            quotes_through_the_text_reader(),
        ),
        ("HTML: body and metadata", accuracy_html.report()),
        ("Facts", accuracy_facts.report()),
        ("The seed", accuracy_seed.report()),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each speaker error")
    args = parser.parse_args(argv)
    for title, lines in sections(errors=args.errors):
        print(f"== {title}")
        for line in lines:
            print(line)
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
