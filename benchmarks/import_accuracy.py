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

from tui.importer.quotes import attribute  # noqa: E402
from tui.importer.text import parse_text  # noqa: E402


def quotes_through_the_text_reader() -> list[str]:
    """The quote figures with each article read as ``tui-reader import`` reads a .txt."""
    articles = [
        accuracy_quotes.EvalArticle(
            article.name,
            parse_text((accuracy_quotes.EVAL / article.name).read_text(encoding="utf-8")),
            article.gold,
        )
        for article in accuracy_quotes.eval_articles()
    ]
    result = accuracy_quotes.score(articles, attribute)
    return [accuracy_quotes.summary("import", result)]


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
