"""Typed reading of YAML nodes (text, ids, flags, numbers, dates), recording every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re

from tui.model.article import PartialDate
from tui.model.problems import ErrorCollector, bounded_error, excerpt
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import MapNode, Node, ScalarNode, SeqNode

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
WHOLE_PATTERN = re.compile(r"[0-9]+")
#: Longer whole numbers are refused: no count in an article needs them, and Python refuses to
#: convert more than 4,300 digits at all (a ValueError that must not escape the loader).
MAX_WHOLE_DIGITS = 18
DECIMAL_PATTERN = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
PARTIAL_DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
#: Year, month, day, hour, minute, second, fraction and zone (``Z``, ``+01:00`` or ``+0100``).
DATE_TIME_PATTERN = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
#: The first number in a value as written: "40,000 soldiers", "56 percent", "-1.5", "30%".
#: A sign counts only at the start of a word, so "COVID-19" reads as 19.
NUMBER_IN_TEXT = re.compile(
    r"(?:(?<![\w.,])[-+\u2212])?(?<![\w.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
)


def kind_of(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    return "text"


def show(value: str) -> str:
    """An excerpt of ``value`` quoted for an error message; ``repr`` escapes anything a
    terminal would obey."""
    return repr(excerpt(value))


def is_empty(node: Node) -> bool:
    """``key:`` with nothing after it: the same as leaving the key out."""
    return type(node) is ScalarNode and not node.value and not node.style


def number_in_text(text: str) -> float | None:
    """The first number written in ``text``, commas read as thousands separators."""
    match = NUMBER_IN_TEXT.search(text)
    if match is None:
        return None
    number = float(match.group().replace(",", "").replace("\u2212", "-"))
    return number if math.isfinite(number) else None  # 400 digits are no number to chart


class Report:
    """The problems found in one file, each with its place and field: the first hundred
    kept, the rest counted (see ``ErrorCollector``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors = ErrorCollector()

    def add(self, node: Node, field: str, problem: str) -> None:
        self.errors.append(bounded_error(self.path, node.line, node.column, field, problem))


class UniqueIds:
    """The ids of one list (blocks, speakers, quotes or facts), each allowed once."""

    def __init__(self) -> None:
        #: Where each id is first used: the 0-based line of its mark. Not its node: the nodes
        #: of a long list are freed as soon as its items are read (see ``validate.Lists``).
        self.first: dict[str, int] = {}

    def claim(self, record: Record) -> str | None:
        """The record's id; None when it is missing, invalid or already taken (reported)."""
        ident = record.id("id")
        if ident is None:
            return None
        node = record.values["id"]
        first = self.first.get(ident)
        if first is not None:
            problem = f"duplicate id {show(ident)} (first at line {first + 1})"
            record.report.add(node, record.name("id"), problem)
            return None
        self.first[ident] = node.mark.line
        return ident


class Record:
    """One mapping read as a record: known keys only, required ones present, typed values.

    A key with an empty value (``subtitle:``) counts as left out. The typed readers return
    None for a key that is left out or has a problem, and report the problem; the file is
    rejected at the end when any was reported, so a None never reaches the model.
    """

    __slots__ = ("field", "node", "report", "values")

    def __init__(
        self,
        report: Report,
        node: MapNode,
        field: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> None:
        self.report = report
        self.node = node
        self.field = field
        #: The value node of each known key that has a value: the mapping's own entries when
        #: all are known and have one, as in almost every record of a valid file.
        self.values: dict[str, Node] = node.entries
        for key, value in node.entries.items():
            if key not in allowed or is_empty(value):
                self.values = self._known_values(allowed)
                break
        for key in required:
            if key not in self.values:
                self._missing(key)

    def _known_values(self, allowed: tuple[str, ...]) -> dict[str, Node]:
        values = {}
        for key, value in self.node.entries.items():
            if key not in allowed:
                key_node = self.node.key_node(key)
                self.report.add(key_node, self.name(excerpt(key)), _unknown_key(key, allowed))
            elif not is_empty(value):
                values[key] = value
        return values

    def _missing(self, key: str) -> None:
        if key in self.node.entries:
            self.report.add(self.node.key_node(key), self.name(key), "has no value")
        else:
            self.report.add(self.node, self.name(key), "missing required field")

    def name(self, key: str) -> str:
        """The dotted field path of ``key`` in this record."""
        return f"{self.field}.{key}" if self.field else key

    def get(self, key: str) -> Node | None:
        """The value node of ``key``, None when left out."""
        return self.values.get(key)

    def has(self, key: str) -> bool:
        return key in self.values

    def key_node(self, key: str) -> ScalarNode | None:
        """Where ``key`` itself stands, when it is there (even without a value)."""
        return self.node.key_node(key) if key in self.node.entries else None

    def scalar(self, key: str) -> ScalarNode | None:
        node = self.values.get(key)
        if node is None or type(node) is ScalarNode:
            return node
        self.report.add(node, self.name(key), f"expected text, got {kind_of(node)}")
        return None

    def text(self, key: str) -> str | None:
        """The sanitised text of ``key``."""
        node = self.values.get(key)
        if node is None:
            return None
        if type(node) is ScalarNode:
            text = clean_text(node.value)
            if text:
                return text
        return read_text(self.report, node, self.name(key))

    def id(self, key: str = "id") -> str | None:
        node = self.values.get(key)
        if node is None:
            return None
        if type(node) is ScalarNode and ID_PATTERN.fullmatch(node.value):
            return node.value
        scalar = self.scalar(key)
        return read_id(self.report, scalar, self.name(key)) if scalar else None

    def flag(self, key: str) -> bool:
        node = self.scalar(key)
        if node is None:
            return False
        if node.value not in ("true", "false"):
            self.report.add(node, self.name(key), f"expected true or false, got {show(node.value)}")
            return False
        return node.value == "true"

    def whole(self, key: str) -> int | None:
        node = self.scalar(key)
        if node is None:
            return None
        if not WHOLE_PATTERN.fullmatch(node.value):
            problem = f"expected a whole number such as 1, got {show(node.value)}"
            self.report.add(node, self.name(key), problem)
            return None
        if len(node.value) > MAX_WHOLE_DIGITS:
            digits = f"{len(node.value):,}"
            problem = f"a whole number of at most {MAX_WHOLE_DIGITS} digits, got {digits}"
            self.report.add(node, self.name(key), problem)
            return None
        return int(node.value)

    def decimal(self, key: str) -> float | None:
        node = self.scalar(key)
        if node is None:
            return None
        if not DECIMAL_PATTERN.fullmatch(node.value):
            problem = f"expected a number such as 40000 or -1.5, got {show(node.value)}"
            self.report.add(node, self.name(key), problem)
            return None
        number = float(node.value)
        if not math.isfinite(number):
            self.report.add(node, self.name(key), f"too large a number: {show(node.value)}")
            return None
        return number

    def partial_date(self, key: str) -> PartialDate | None:
        node = self.scalar(key)
        if node is None:
            return None
        return read_partial_date(self.report, node, self.name(key))

    def published(self, key: str) -> dt.date | dt.datetime | None:
        node = self.scalar(key)
        if node is None:
            return None
        return read_published(self.report, node, self.name(key))

    def language(self, key: str) -> str | None:
        node = self.scalar(key)
        if node is None:
            return None
        if not LANGUAGE_PATTERN.fullmatch(node.value):
            problem = f"expected a language tag such as en or pt-BR, got {show(node.value)}"
            self.report.add(node, self.name(key), problem)
            return None
        return node.value

    def items(self, key: str) -> list[Node]:
        """The items of the list at ``key``; empty when absent or not a list."""
        node = self.get(key)
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            self.report.add(node, self.name(key), f"expected a list, got {kind_of(node)}")
            return []
        return node.items

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts, such as ``authors`` or ``tags``; empty items are errors."""
        values = []
        for index, item in enumerate(self.items(key)):
            value = read_text(self.report, item, f"{self.name(key)}[{index}]")
            if value is not None:
                values.append(value)
        return tuple(values)

    def record(
        self, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> Record | None:
        node = self.get(key)
        if node is None:
            return None
        return as_record(self.report, node, self.name(key), allowed, required)


def as_record(
    report: Report,
    node: Node,
    field: str,
    allowed: tuple[str, ...],
    required: tuple[str, ...] = (),
) -> Record | None:
    """``node`` read as a record, or None (with an error) when it is not a mapping."""
    if not isinstance(node, MapNode):
        report.add(node, field, f"expected a mapping, got {kind_of(node)}")
        return None
    return Record(report, node, field, allowed, required)


def read_text(report: Report, node: Node, field: str) -> str | None:
    if not isinstance(node, ScalarNode):
        report.add(node, field, f"expected text, got {kind_of(node)}")
        return None
    text = clean_text(node.value)
    if not text:
        report.add(node, field, "must not be empty")
        return None
    return text


def read_id(report: Report, node: ScalarNode, field: str) -> str | None:
    if ID_PATTERN.fullmatch(node.value) is None:
        problem = (
            f"invalid id {show(node.value)}: use at most 64 letters, digits, _ - . or :,"
            " starting with a letter or digit"
        )
        report.add(node, field, problem)
        return None
    return node.value


def read_partial_date(report: Report, node: ScalarNode, field: str) -> PartialDate | None:
    match = PARTIAL_DATE_PATTERN.fullmatch(node.value)
    if match is None:
        problem = f"expected a date such as 2014, 2021-02 or 2022-02-24, got {show(node.value)}"
        report.add(node, field, problem)
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires it
    try:
        # Month 00 and day 00 are no month or day (``month or 1`` would take them for 01).
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError as exc:
        report.add(node, field, f"invalid date {show(node.value)} ({exc})")
        return None
    return PartialDate(year, month, day)


def read_published(report: Report, node: ScalarNode, field: str) -> dt.date | dt.datetime | None:
    value = node.value
    date = PARTIAL_DATE_PATTERN.fullmatch(value) if len(value) == 10 else None
    date_time = DATE_TIME_PATTERN.fullmatch(value) if date is None else None
    if date is None and date_time is None:
        problem = (
            "expected a date such as 2022-02-24 or a date and time such as"
            f" 2022-02-24T14:30:00+01:00, got {show(value)}"
        )
        report.add(node, field, problem)
        return None
    try:
        if date is not None:
            return dt.date(*(int(part) for part in date.groups()))
        assert date_time is not None
        return _date_time(*date_time.groups())
    except ValueError as exc:
        what = "date" if date is not None else "date and time"
        report.add(node, field, f"invalid {what} {show(value)} ({exc})")
        return None


def _date_time(
    year: str,
    month: str,
    day: str,
    hour: str,
    minute: str,
    second: str | None,
    fraction: str | None,
    zone: str | None,
) -> dt.datetime:
    """The moment the parts of ``DATE_TIME_PATTERN`` name; ValueError when there is none.

    Read here, not by ``datetime.fromisoformat``, which takes a zone of ``+05:99`` for
    +06:39 and accepts other forms in each Python version."""
    tzinfo = None
    if zone == "Z":
        tzinfo = dt.UTC
    elif zone:
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        if hours > 23 or minutes > 59:
            raise ValueError("a zone is +HH:MM or -HH:MM, hours 00 to 23, minutes 00 to 59")
        offset = dt.timedelta(hours=hours, minutes=minutes)
        tzinfo = dt.timezone(-offset if zone[0] == "-" else offset)
    microsecond = int(fraction.ljust(6, "0")) if fraction else 0
    return dt.datetime(
        *(int(part) for part in (year, month, day, hour, minute, second or 0)),
        microsecond,
        tzinfo=tzinfo,
    )


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(allowed)}"
    return f"unknown key {show(key)}{hint}"
