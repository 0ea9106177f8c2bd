"""The benchmark suite's generator writes articles the strict loader accepts; the driver imports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tui.model.loader import load_article

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(
            f"benchmarks_{name}", BENCHMARKS / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_generated_article_of_200_paragraphs_loads(tmp_path: Path) -> None:
    generate = _module("generate")
    path = tmp_path / "a200.yaml"
    assert generate.main(["200", "-o", str(path)]) == 0
    article = load_article(path)
    paragraphs = [block for block in article.blocks if type(block).__name__ == "Paragraph"]
    assert len(paragraphs) == 200
    assert len(article.quotes) == 50
    assert len(article.facts) == 20
    assert all(quote.in_body for quote in article.quotes)
    # Deterministic: the same arguments give the same text.
    assert generate.article_yaml(200) == path.read_text(encoding="utf-8")


def test_plain_text_starts_with_the_title(tmp_path: Path) -> None:
    generate = _module("generate")
    plain = _module("plain_text")
    path = tmp_path / "a20.yaml"
    path.write_text(generate.article_yaml(20), encoding="utf-8")
    article = load_article(path)
    text = plain.plain_text(article)
    assert text.startswith(article.meta.title + "\n\n")
    assert "\x1b" not in text


def test_driver_imports() -> None:
    driver = _module("run")
    assert callable(driver.main)
    assert set(driver.MODES) == {"default", "no-animation", "ssh"}
    assert {"n", "f", "pagedown", "G"} <= set(driver.KEYS)
