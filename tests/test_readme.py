"""The README keeps its promises: the set-up commands CI runs, keys that are bound, links that
lead somewhere, figures that docs/performance.md backs, and the keys near the top."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shlex
import tomllib
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import tui.screens
import tui.widgets

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINES = README.splitlines()

#: How the README writes a key, and Textual's name for it; a letter or digit is itself.
KEY_NAMES = {
    "Tab": "tab",
    "Shift+Tab": "shift+tab",
    "Space": "space",
    "PgDn": "pagedown",
    "PgUp": "pageup",
    "Home": "home",
    "End": "end",
    "Enter": "enter",
    "Esc": "escape",
    "↓": "down",
    "↑": "up",
    "←": "left",
    "→": "right",
    "?": "question_mark",
    "/": "slash",
    "]": "right_square_bracket",
    "[": "left_square_bracket",
}


def section(title: str) -> list[str]:
    """The lines of the ``## title`` section, up to the next ``## `` heading."""
    start = LINES.index(f"## {title}")
    end = next((n for n in range(start + 1, len(LINES)) if LINES[n].startswith("## ")), len(LINES))
    return LINES[start + 1 : end]


def shell_blocks(lines: list[str]) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", "\n".join(lines), re.DOTALL)


def steps(command: str) -> list[list[str]]:
    return [shlex.split(step) for step in command.split("&&")]


def ci_line(word: str) -> list[str]:
    """The one command of ``.ci/run`` that holds ``word``, as words."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    (line,) = [line for line in script if word in line and not line.lstrip().startswith("#")]
    return shlex.split(line)


def test_the_two_set_up_commands_are_the_ones_ci_runs() -> None:
    run, test = shell_blocks(section("Set-up"))
    venv = [["python3", "-m", "venv", ".venv"], [".", ".venv/bin/activate"]]
    # One installs the package and opens the bundled article with the installed command ...
    assert steps(run) == [*venv, ["pip", "install", "."], ["tui-reader"]]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["tui-reader"] == "tui.__main__:main"
    # ... the other installs what CI installs and runs the tests as CI does.
    *setup, install, pytest = steps(test)
    assert setup == venv
    ci_install = ci_line("pip install")
    assert install[:2] == ["pip", "install"] and install[-1] == ci_install[-1] == ".[test]"
    ci_pytest = ci_line("pytest")
    start = ci_pytest.index("python")
    assert ci_pytest[start : start + len(pytest)] == pytest == ["python", "-m", "pytest", "-q"]
    # Nothing but a time limit before it, and no terminal on stdin.
    assert ci_pytest[0] == "timeout" and ci_pytest[start + len(pytest) :] == ["<", "/dev/null"]


def test_a_new_reader_finds_the_keys_and_the_commands_within_a_screenful() -> None:
    headings = {line: number for number, line in enumerate(LINES, 1) if line.startswith("## ")}
    assert headings["## Set-up"] < headings["## Keys"] <= 60
    assert headings["## Keys"] < headings["## Commands"] <= 90
    commands = "\n".join(section("Commands"))
    for command in ("tui-reader check", "tui-reader export", "tui-reader content/", "#q9"):
        assert command in commands, command


def bound_keys() -> set[str]:
    """Every key bound in the reader's app, screens and widgets, with what they inherit from
    Textual (OptionList's Enter, the palette's Ctrl+P)."""
    modules = [importlib.import_module("tui.app")]
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    keys = {App.COMMAND_PALETTE_BINDING}
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or not cls.__module__.startswith("tui."):
                continue
            for base in cls.__mro__:
                declared = base.__dict__.get("BINDINGS") or []
                for binding in Binding.make_bindings(declared):
                    keys |= {key.strip() for key in binding.key.split(",")}
    return keys


def test_every_key_in_the_readme_is_bound() -> None:
    rows = [line for line in section("Keys") if line.startswith("| `")]
    assert len(rows) >= 10
    named = [key for row in rows for key in re.findall(r"`([^`]+)`", row.split(" | ")[0])]
    bound = bound_keys()
    unknown, unbound = [], []
    for key in named:
        if key in KEY_NAMES:
            name = KEY_NAMES[key]
        elif len(key) == 1 and key.isalnum():
            name = key
        elif re.fullmatch(r"Ctrl\+[A-Z]", key):
            name = key.lower()
        else:
            unknown.append(key)  # a new way of writing a key: name it in KEY_NAMES
            continue
        if name not in bound:
            unbound.append(key)
    assert (unknown, unbound) == ([], [])


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    anchors = set()
    for title in re.findall(r"^#+ (.+)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_every_link_in_the_readme_and_docs_leads_somewhere() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for document in documents:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # an address on the web: not checked without a network
            path, _, anchor = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            if not linked.exists():
                broken.append(f"{document.name}: {target}")
            elif anchor and anchor not in heading_anchors(linked.read_text(encoding="utf-8")):
                broken.append(f"{document.name}: {target} (no such heading)")
    assert broken == []
    for name in ("content-format", "export-format", "security", "performance"):
        assert f"(docs/{name}.md)" in README, name


def test_the_readme_performance_table_is_short_and_backed_by_docs_performance() -> None:
    rows = [line for line in section("Performance") if line.startswith("| ")][2:]
    assert 3 <= len(rows) <= 8
    performance = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    figures = [
        figure
        for row in rows
        for figure in re.findall(r"\d[\d,.]*\d|\d", row.split(" | ")[1])  # the figure column
    ]
    assert figures and [f for f in figures if f not in performance] == []
    # The benchmark that makes the figures is named, with how to run it.
    assert "benchmarks/run.py" in performance and "--quick" in performance
