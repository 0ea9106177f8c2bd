"""OSC 52 clipboard sequences that survive SSH, tmux and GNU screen."""

from __future__ import annotations

import base64
from collections.abc import Mapping

#: Many terminals drop OSC 52 payloads past ~100 kB; stay well under it.
MAX_PAYLOAD_BYTES = 74_000


def osc52(text: str) -> str:
    """The bare OSC 52 sequence that sets the system clipboard to ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"too long to copy through the terminal ({len(text)} characters)")
    return f"\x1b]52;c;{payload}\a"


def multiplexer_wrapped(sequence: str, environ: Mapping[str, str]) -> str | None:
    """``sequence`` wrapped for the multiplexer we run inside, or ``None`` outside one.

    tmux passes a DCS ``tmux;`` sequence (ESC doubled) to the outer terminal when
    ``allow-passthrough`` is on; with ``set-clipboard on`` it takes the bare one instead, so
    callers send both. GNU screen passes anything inside its own DCS.
    """
    if environ.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if environ.get("STY"):
        return "\x1bP" + sequence + "\x1b\\"
    return None


def quote_with_attribution(words: str, attribution: str) -> str:
    """``“…” — Jens Stoltenberg, NATO Secretary General``."""
    return f"“{words}” — {attribution}"


def fact_with_source(label: str, value: str, source: str) -> str:
    """``NATO member countries: 30-nation — NATO activates defence plans, Reuters``."""
    return f"{label}: {value} — {source}"
