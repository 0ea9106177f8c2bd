"""The content layer and the command line import no Textual: checking a file stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["tui.model.loader", "tui.cli", "tui.content_paths"])
def test_importing_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_reader_imports_no_yaml_parser_for_its_first_frame() -> None:
    # The file is parsed in a forked child meanwhile (tui/load_ahead.py): PyYAML's import and
    # the loader's would otherwise come back onto the first frame's path.
    modules = "tui.cli, tui.app, tui.screens.reader, tui.load_ahead"
    loaded = "sorted(m for m in ('yaml', 'tui.model.loader') if m in sys.modules)"
    code = f"import sys, {modules}; print({loaded})"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["tui.linear", "tui.linear.reader", "tui.linear.document"])
def test_linear_mode_never_imports_textual(module: str) -> None:
    # A screen reader user's mode starts without the full-screen app's weight (it may use Rich's
    # cell widths, as the body's word wrap does).
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False"]


def _importer_modules() -> list[str]:
    import pkgutil

    import tui.importer

    return sorted(
        module.name for module in pkgutil.walk_packages(tui.importer.__path__, "tui.importer.")
    )


def test_the_importer_is_pure() -> None:
    # Every stage, the HTML extractor included, and what opens an import for reading.
    modules = [*_importer_modules(), "tui.import_cache", "tui.commands.import_"]
    assert "tui.importer.emit" in modules and "tui.importer.text" in modules
    code = (
        f"import importlib, sys\nfor name in {modules!r}: importlib.import_module(name)\n"
        # trafilatura is imported when a page is read: read one.
        "from tui.importer.html import parse_html\n"
        "parse_html('<html><body><article><p>' + 'A word. ' * 40 + '</p></article></body>')\n"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_finding_a_cached_import_imports_no_yaml_parser() -> None:
    # ``tui-reader seed.txt`` reopened: the cache is looked up before the first frame.
    code = (
        "import sys, tui.import_cache\n"
        "print(sorted(m for m in ('yaml', 'tui.model.loader', 'tui.importer.quotes')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
