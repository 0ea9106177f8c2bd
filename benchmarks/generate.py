"""Deterministic synthetic articles in the real content format, for benchmarks and scale tests.

``python benchmarks/generate.py 20000 -o /tmp/a20k.yaml`` writes an article of 20,000 paragraphs
of realistic length (~270 characters), N/4 quotes with speakers and anchors, N/10 facts (every
tenth with a series), all of which the strict loader accepts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

WORDS = (
    "alliance summit minister defence troops border statement officials government sanctions "
    "talks security forces region capital policy support meeting council leaders report "
    "military economy members agreement response crisis president spokesman diplomats week "
    "plans country parliament negotiations pressure aid vote warning decision"
).split()
SPEAKERS = [
    ("stoltenberg", "Jens Stoltenberg", "NATO Secretary General"),
    ("putin", "Vladimir Putin", "Russian President"),
    ("zelensky", "Volodymyr Zelensky", "Ukrainian President"),
    ("scholz", "Olaf Scholz", "German Chancellor"),
    ("macron", "Emmanuel Macron", "French President"),
    ("biden", "Joe Biden", "US President"),
    ("von-der-leyen", "Ursula von der Leyen", "European Commission President"),
    ("michel", "Charles Michel", "European Council President"),
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def article_yaml(paragraphs: int, seed: int = 1) -> str:
    """The whole article as YAML text; the same arguments always give the same text."""
    rng = random.Random(seed)
    out = [
        "schema: 1",
        f"id: synthetic-{paragraphs}",
        "meta:",
        f"  title: {q(f'Synthetic article of {paragraphs:,} paragraphs')}",
        f"  subtitle: {q('Generated for benchmarks: realistic lengths, quotes and facts')}",
        "  published: 2022-02-24T12:00:00+01:00",
        "  dateline: Brussels",
        "speakers:",
    ]
    out += [f"  - {{id: {i}, name: {q(n)}, role: {q(r)}}}" for i, n, r in SPEAKERS]
    out.append("body:")
    quotes: list[str] = []
    facts: list[str] = []
    for number in range(1, paragraphs + 1):
        block_id = f"p{number}"
        before = sentence(rng, rng.randint(8, 14))
        words = sentence(rng, rng.randint(6, 10))
        after = sentence(rng, rng.randint(10, 16))
        figure = f"{rng.randint(2, 90) * 1000:,}"
        text = f"{before} “{words}” he said, adding that {figure} troops {after}"
        if number % 50 == 0:
            out.append(f"  - {{id: fig{number}, figure: {{caption: {q(before)}, credit: AP}}}}")
        out.append(f"  - {{id: {block_id}, paragraph: {q(text)}}}")
        if number % 4 == 0:
            speaker = SPEAKERS[rng.randrange(len(SPEAKERS))][0]
            quotes.append(
                f"  - {{id: q{len(quotes) + 1}, speaker: {speaker}, text: {q(words[:-1])}, "
                f"at: {block_id}}}"
            )
        if number % 10 == 0:
            fact = (
                f"  - {{id: f{len(facts) + 1}, label: {q(f'Troops in paragraph {number}')}, "
                f"value: {q(figure + ' troops')}, at: {block_id}, unit: troops, as_of: 2022-02"
            )
            if number % 100 == 0:
                fact += (
                    ", series: {label: Troops, unit: troops, points: ["
                    "{label: '2021', value: '1,000', as_of: 2021}, "
                    f"{{label: '2022', value: {q(figure)}, as_of: 2022}}]}}"
                )
            facts.append(fact + "}")
    out.append("quotes:")
    out += quotes
    out.append("facts:")
    out += facts
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paragraphs", type=int)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    text = article_yaml(args.paragraphs, args.seed)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
