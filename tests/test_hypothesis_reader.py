"""Whatever ``check`` accepts, the reader shows: drawn dates in every field that holds one.

The loader accepts a date exactly when it exists (judged here from the numbers it was written
from, not by parsing it again), and everything that shows a loaded date works on it: every
export, the library. The app mounts any article the loader accepts, and every key bound in
the reader (read from its live bindings, so a new key is covered) works on it, in each pane,
in the dialogs it opens and in the search bar.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_hypothesis_content import yaml_string

from tui.app import ReaderApp
from tui.library import scan_library
from tui.linear.document import render_plain
from tui.model.article import Article, PartialDate
from tui.model.errors import ContentInvalid
from tui.model.loader import parse_article
from tui.render.common import published_human
from tui.render.html import render_html
from tui.render.json_export import render_json
from tui.render.markdown import render_markdown
from tui.screens.reader import ReaderScreen


class Drawn(NamedTuple):
    """A date as written, and what it means: None when there is no such date."""

    text: str
    value: PartialDate | dt.date | dt.datetime | None


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if year >= 1 and 1 <= month <= 12 else 0


def _partial(year: int, month: int | None, day: int | None) -> Drawn:
    text = f"{year:04d}" + (f"-{month:02d}" if month is not None else "")
    text += f"-{day:02d}" if day is not None else ""
    exists = year >= 1 and (month is None or 1 <= month <= 12)
    exists = exists and (day is None or (month is not None and 1 <= day <= _days(year, month)))
    return Drawn(text, PartialDate(year, month, day) if exists else None)


# Edge cases first (year 0000, month and day 00, 29 February, the last day), then any number
# that two or four digits can write.
years = st.one_of(
    st.sampled_from([0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 9999]), st.integers(0, 9999)
)
months = st.one_of(st.sampled_from([0, 1, 2, 12, 13]), st.integers(0, 99))
days = st.one_of(st.sampled_from([0, 1, 28, 29, 30, 31, 32]), st.integers(0, 99))
partial_dates = st.one_of(
    st.builds(_partial, years, months, days),
    st.builds(_partial, years, months, st.none()),
    st.builds(_partial, years, st.none(), st.none()),
)


def _published(
    date: Drawn,
    separator: str,
    hour: int,
    minute: int,
    second: int | None,
    fraction: str | None,
    zone: tuple[str, int, int, bool] | str | None,
) -> Drawn:
    """``date`` with a time of day and maybe a zone, as ``published`` takes it."""
    text = f"{date.text}{separator}{hour:02d}:{minute:02d}"
    if second is not None:
        text += f":{second:02d}" + (f".{fraction}" if fraction else "")
    tzinfo: dt.tzinfo | None = None
    zone_exists = True
    if zone == "Z":
        text, tzinfo = text + "Z", dt.UTC
    elif isinstance(zone, tuple):
        sign, hours, minutes, colon = zone
        text += f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"
        zone_exists = hours <= 23 and minutes <= 59
        if zone_exists:
            offset = dt.timedelta(hours=hours, minutes=minutes)
            tzinfo = dt.timezone(-offset if sign == "-" else offset)
    day = date.value
    exists = isinstance(day, PartialDate) and hour <= 23 and minute <= 59 and zone_exists
    if not exists or (second is not None and second > 59):
        return Drawn(text, None)
    assert isinstance(day, PartialDate) and day.month and day.day
    microsecond = int(fraction.ljust(6, "0")) if second is not None and fraction else 0
    moment = dt.datetime(day.year, day.month, day.day, hour, minute, second or 0, microsecond)
    return Drawn(text, moment.replace(tzinfo=tzinfo))


def _as_date(drawn: Drawn) -> Drawn:
    value = drawn.value
    return Drawn(drawn.text, dt.date(*value) if isinstance(value, PartialDate) else None)


full_dates = st.builds(_partial, years, months, days)
two_digits = st.integers(0, 99)
zones = st.one_of(
    st.none(),
    st.just("Z"),
    st.tuples(
        st.sampled_from("+-"),
        st.one_of(st.sampled_from([0, 1, 14, 23, 24]), two_digits),
        st.one_of(st.sampled_from([0, 30, 59, 60]), two_digits),
        st.booleans(),
    ),
)
published_dates = st.one_of(
    full_dates.map(_as_date),
    st.builds(
        _published,
        full_dates,
        st.sampled_from("T "),
        st.one_of(st.sampled_from([0, 23, 24]), two_digits),
        st.one_of(st.sampled_from([0, 59, 60]), two_digits),
        st.one_of(st.none(), st.sampled_from([0, 59, 60]), two_digits),
        st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=6)),
        zones,
    ),
)


class Dates(NamedTuple):
    """The date in every field of the template that holds one; None leaves it out."""

    published: Drawn | None
    facts: tuple[Drawn | None, Drawn | None, Drawn | None]
    points: tuple[Drawn | None, Drawn | None]


article_dates = st.builds(
    Dates,
    st.none() | published_dates,
    st.tuples(*[st.none() | partial_dates] * 3),
    st.tuples(*[st.none() | partial_dates] * 2),
)


def article_yaml(dates: Dates) -> str:
    """An article with two speakers, quotes and facts, a figure, a pull quote, a series, and
    ``dates`` in ``published`` and every ``as_of``."""

    def field(name: str, drawn: Drawn | None, indent: str = "") -> str:
        return "" if drawn is None else f"{indent}{name}: {yaml_string(drawn.text)}"

    def inline(drawn: Drawn | None) -> str:
        return "" if drawn is None else f", as_of: {yaml_string(drawn.text)}"

    f1, f2, f3 = dates.facts
    p1, p2 = dates.points
    published = field("published", dates.published, "  ")
    return f"""schema: 1
id: dates
meta:
  title: Dated facts
{published}
  source: {{outlet: The Example, url: "https://example.com/a"}}
speakers:
  - {{id: ann, name: Ann Example, role: Minister}}
  - {{id: bo, name: Bo Example}}
body:
  - {{id: p1, paragraph: "Ann said the plan costs 40,000 euros and 56 percent agree."}}
  - {{id: h1, subheading: Prices}}
  - id: fig1
    figure: {{caption: A chart, credit: The Example}}
  - id: pq1
    pullquote: {{text: The plan is sound, speaker: ann}}
  - {{id: p2, paragraph: "Bo said prices rose 30% since 2014, and wages 2%."}}
quotes:
  - {{id: q1, speaker: ann, text: the plan costs, at: p1}}
  - {{id: q2, speaker: bo, text: prices rose, at: p2}}
  - {{id: q3, speaker: bo, text: Later words, not_in_body: true, context: On radio}}
facts:
  - {{id: f1, label: Cost, value: "40,000 euros", at: p1{inline(f1)}}}
  - {{id: f2, label: Agree, value: 56 percent, at: p1{inline(f2)}}}
  - id: f3
    label: Prices
    value: 30%
    at: p2
{field("as_of", f3, "    ")}
    series:
      label: Prices since 2014
      unit: percent
      points:
        - {{label: "2014", value: 0%{inline(p1)}}}
        - {{label: now, value: 30%{inline(p2)}}}
"""


def every_date(dates: Dates) -> list[tuple[str, Drawn | None]]:
    """Each field that holds a date, by the path an error names it with."""
    return [
        ("meta.published", dates.published),
        ("facts[0].as_of", dates.facts[0]),
        ("facts[1].as_of", dates.facts[1]),
        ("facts[2].as_of", dates.facts[2]),
        ("facts[2].series.points[0].as_of", dates.points[0]),
        ("facts[2].series.points[1].as_of", dates.points[1]),
    ]


def load(dates: Dates) -> Article | None:
    """The article, or None when the loader refuses it: then exactly for the dates that do not
    exist, each named by its field."""
    missing = {name for name, drawn in every_date(dates) if drawn and drawn.value is None}
    try:
        article = parse_article(article_yaml(dates), "dates.yaml")
    except ContentInvalid as invalid:
        assert {error.field for error in invalid.errors} == missing, str(invalid)
        assert all("date" in error.problem for error in invalid.errors), str(invalid)
        return None
    assert not missing, f"{missing} do not exist but loaded"
    return article


settings_for_the_loader = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@settings_for_the_loader
@given(article_dates)
def test_the_loader_accepts_a_date_exactly_when_it_exists(dates: Dates) -> None:
    article = load(dates)
    if article is None:
        return
    wanted = [drawn.value if drawn else None for _name, drawn in every_date(dates)]
    f1, f2, f3 = article.facts
    assert f3.series is not None
    loaded = [article.meta.published, f1.as_of, f2.as_of, f3.as_of]
    loaded += [point.as_of for point in f3.series.points]
    assert loaded == wanted
    assert [type(value) for value in loaded] == [type(value) for value in wanted]


@settings_for_the_loader
@given(article_dates)
def test_every_view_of_a_loaded_date_works(dates: Dates) -> None:
    article = load(dates)
    if article is None:
        return
    as_of = [fact.as_of for fact in article.facts if fact.as_of]
    for value in as_of:
        assert value.human() and str(value)
    published_human(article.meta.published)
    render_plain(article)
    render_markdown(article)
    render_html(article)
    data = json.loads(render_json(article))
    written = [drawn.text for drawn in dates.facts if drawn]
    assert [fact["as_of"] for fact in data["facts"] if fact["as_of"]] == written
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "dates.yaml").write_text(article_yaml(dates), encoding="utf-8")
        for _ in range(2):  # read, then from the library's cache
            cache = Path(directory) / "cache.json"
            (entry,) = scan_library(directory, cache_path=cache)
            assert entry.published == article.meta.published and entry.error is None


# --- Every key of the reader ---------------------------------------------------------------

QUIT_ACTIONS = {"quit", "app.quit"}


def bound_keys(app: ReaderApp, inner: bool = False) -> list[str]:
    """A key for each action bound on the current screen for the focused widget, from
    Textual's live bindings (aliases such as ``j`` and ``down`` do the same: one of them is
    pressed). Actions that quit are left out, for last.

    ``inner``: the keys of a dialog or the search bar: not those of the app (the command
    palette's would run its commands) or of the reader screen (pressed already), and of
    Textual's own widgets only Enter (their other keys are Textual's to test)."""
    screen = app.screen
    keys: dict[tuple[int, str], str] = {}
    for key, active in screen.active_bindings.items():
        node, action = active.node, active.binding.action
        if action in QUIT_ACTIONS:
            continue
        if inner and (node is app or isinstance(node, ReaderScreen)):
            continue
        if inner and not is_ours(node) and key != "enter":
            continue
        keys.setdefault((id(node), action), key)
    return list(keys.values())


def is_ours(node: object) -> bool:
    """A screen or widget of the reader's own, not one of Textual's."""
    return type(node).__module__.startswith("tui.")


async def press_everything(app: ReaderApp, pilot, reader: ReaderScreen, key: str) -> None:
    """Presses ``key``; when it opens one of the reader's dialogs or the search bar, presses
    every key bound there too (opening it again when one closes it), then goes back to the
    ``reader`` screen."""
    panes = (reader.body, reader.quote_list, reader.facts_panel)
    await pilot.press(key)
    if app.screen is not reader and is_ours(app.screen):  # not the command palette
        for inner in bound_keys(app, inner=True):
            if app.screen is reader:
                await pilot.press(key)
            await pilot.press(inner)
    elif app.screen is reader and app.focused not in panes:  # the search bar
        await pilot.press(*"e 2")
        for inner in bound_keys(app, inner=True):
            if app.focused in panes:
                await pilot.press(key)
            await pilot.press(inner)
    for _ in range(3):  # back to the reader
        if app.screen is reader and app.focused in panes:
            break
        await pilot.press("escape")


async def every_key(article: Article) -> None:
    app = ReaderApp(article, animate=False, environ={})
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen
        pressed: set[tuple[str, str]] = set()
        for pane in (reader.body, reader.quote_list, reader.facts_panel):
            pane.focus()
            await pilot.pause()
            for key in bound_keys(app):
                # A key the screen or app binds does the same in every pane: once is enough.
                node = app.screen.active_bindings[key].node
                where = type(pane).__name__ if node is pane else "screen"
                if (key, where) in pressed:
                    continue
                pressed.add((key, where))
                if app.focused is not pane:
                    pane.focus()
                await press_everything(app, pilot, reader, key)
                assert app.is_running, f"{key!r} in {where} ended the reader"
            app.export_screenshot()  # draws every line of the screen
        await pilot.resize_terminal(40, 12)
        await pilot.press("n", "f", "F", "N", "i", "escape", "end", "tab", "end")
        app.export_screenshot()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    # Every pane's keys and the screen's and the app's (no pane binds the keys that scroll
    # sideways: the body and the lists wrap).
    assert len(pressed) > 35


def load_or_none(dates: Dates) -> Article | None:
    """The article if the loader accepts it (what it accepts is tested above)."""
    try:
        return parse_article(article_yaml(dates), "dates.yaml")
    except ContentInvalid:
        return None


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Drawn among the articles the loader accepts, whatever it accepts.
@given(article_dates.filter(lambda dates: load_or_none(dates) is not None))
# The case: a fact dated in month 00 passed check and ended the reader on "f".
@example(Dates(None, (Drawn("2022-00-10", None), None, None), (None, None)))
def test_any_article_the_loader_accepts_takes_every_key(dates: Dates) -> None:
    article = load_or_none(dates)
    if article is not None:  # the month 00 example, once the loader refuses it
        asyncio.run(every_key(article))
