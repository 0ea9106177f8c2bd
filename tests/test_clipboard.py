"""OSC 52 sequences: bare, wrapped for tmux and screen, and refused when too long."""

from __future__ import annotations

import base64

import pytest

from tui.app import ReaderApp
from tui.clipboard import MAX_PAYLOAD_BYTES, multiplexer_wrapped, osc52, quote_with_attribution
from tui.model.loader import parse_article


def test_bare_sequence_carries_base64_utf8() -> None:
    sequence = osc52("“Wir” — Ω")
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\a")
    payload = sequence[len("\x1b]52;c;") : -1]
    assert base64.b64decode(payload).decode("utf-8") == "“Wir” — Ω"


def test_tmux_passthrough_doubles_every_escape() -> None:
    bare = osc52("x")
    wrapped = multiplexer_wrapped(bare, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]52;c;eA==\a\x1b\\"


def test_screen_wraps_in_its_own_dcs() -> None:
    assert multiplexer_wrapped(osc52("x"), {"STY": "123.pts-0"}) == "\x1bP\x1b]52;c;eA==\a\x1b\\"


def test_no_multiplexer_no_wrapping() -> None:
    assert multiplexer_wrapped(osc52("x"), {}) is None


def test_too_long_is_refused_not_truncated() -> None:
    with pytest.raises(ValueError, match="too long"):
        osc52("x" * (MAX_PAYLOAD_BYTES))


def test_attribution_format() -> None:
    assert quote_with_attribution("We stand", "Jens Stoltenberg, NATO Secretary General") == (
        "“We stand” — Jens Stoltenberg, NATO Secretary General"
    )


async def test_too_long_quote_tells_the_user() -> None:
    words = "word " * 12_000
    article = parse_article(
        "schema: 1\nid: a\nmeta: {title: T}\nspeakers: [{id: s, name: S}]\nbody:\n"
        f"  - {{id: p1, paragraph: “{words.strip()}”}}\n"
        f"quotes: [{{id: q1, speaker: s, text: {words.strip()}, at: p1}}]\n",
        "long.yaml",
    )
    app = ReaderApp(article, animate=False, environ={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "c")
        assert "Not copied" in app.screen.status_line.text
        assert app.clipboard == ""
