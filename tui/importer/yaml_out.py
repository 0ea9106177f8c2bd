"""YAML scalars and comments as the content files write them: plain where that is safe,
double-quoted otherwise; used by ``emit``.

Plain is used only where every YAML parser reads the text back as the same string: one line,
no indicator at the start, no ``: `` or `` #`` inside, nothing a YAML 1.1 or 1.2 resolver would
take for a number, a boolean, a null or a date (``"2014"``, ``"no"``). Everything else is
single-quoted when it is one line holding double quotes (``'"Yes," she said.'``), else
double-quoted with the escapes of YAML's double-quoted style, so any text survives.
"""

from __future__ import annotations

import re

#: Characters that may not start a plain scalar (YAML's indicators, and a space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: Characters a plain scalar may not hold in a flow collection (``{label: ..., value: ...}``).
_FLOW_INDICATORS = frozenset(",[]{}")
#: Text a resolver may read as something other than a string: a boolean or null of YAML 1.1,
#: a number (with ``_`` or ``:`` sexagesimals of 1.1), ``.inf``, ``.nan``, a date or time.
_NOT_A_STRING = re.compile(
    r"""(?x)
    ~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<
    |[-+]?(?:\.[0-9_]+|[0-9][0-9_,:]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?0[xob][0-9a-fA-F_]+
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?
    """
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_TO_ESCAPE = re.compile(r'[\\"\n\t\r]')
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85]+")


def plain_is_safe(text: str, *, flow: bool = False) -> bool:
    """True when ``text`` may be written without quotes and reads back as itself."""
    if not text or text[0] in _INDICATORS or text[-1] in " :":
        return False
    if any(char in text for char in "\n\t\r") or ": " in text or " #" in text:
        return False
    if flow and any(char in _FLOW_INDICATORS for char in text):
        return False
    return _NOT_A_STRING.fullmatch(text) is None


def quoted(text: str) -> str:
    """``text`` double-quoted, with ``\\``, ``"`` and line ends escaped."""
    return '"' + _TO_ESCAPE.sub(lambda match: _ESCAPES[match.group()], text) + '"'


def single_quoted(text: str) -> str:
    """``text`` in single quotes (``'`` doubled): for text of one line with double quotes in
    it, which the double-quoted style would escape at every one."""
    return "'" + text.replace("'", "''") + "'"


def scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when that is safe, else single-quoted when it holds
    double quotes and nothing to escape, else double-quoted."""
    if plain_is_safe(text, flow=flow):
        return text
    if '"' in text and not any(char in text for char in "\n\t\r"):
        return single_quoted(text)
    return quoted(text)


def comment(text: str) -> str:
    """``text`` as the words of one comment line: line breaks become spaces."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())
