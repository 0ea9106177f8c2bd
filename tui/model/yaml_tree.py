"""Plain YAML as a tree of string scalars, lists and mappings, built from parser events.

Only PyYAML's parser is used: its events become our own nodes without the composer, resolver
or constructors, so no scalar is ever guessed into a bool, number or date, and no tag can run
code. The build is a loop over events, never a recursion, so deep nesting cannot exhaust the
stack; an alias stops it at once, so an alias bomb costs nothing.

The items of a top-level list can be handed to a consumer a batch at a time, as soon as they
are read, instead of being kept in the tree: a long article is then read in the memory of a
few hundred of its blocks rather than of all of them (see ``build_tree``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from tui.model.errors import ContentError
from tui.model.problems import ErrorCollector, bounded_error, excerpt


class Mark(Protocol):
    """Where an event starts: 0-based, as both of PyYAML's parsers give it."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _EventSource(Protocol):
    """Either of PyYAML's parsers. Events are Any: which attributes an event has depends on
    its class, which the build loop tests faster than mypy can follow."""

    def get_event(self) -> Any: ...


DEFAULT_MAX_DEPTH = 32
DEFAULT_MAX_NODES = 2_000_000
MERGE_KEY = "<<"
#: The parser's own words are at most 70 characters; the rest is input that they quote.
PARSER_PROBLEM = 80


class _Positioned:
    """Where a node starts. The parser's mark is kept as it is and becomes a 1-based line and
    column only when asked, because most nodes are never named in an error. A mapping's value
    also keeps where its key starts, ``key_mark`` (see ``MapNode``)."""

    __slots__ = ("key_mark", "mark")
    key_mark: Mark

    def __init__(self, mark: Mark) -> None:
        self.mark = mark

    @property
    def line(self) -> int:
        return int(self.mark.line) + 1

    @property
    def column(self) -> int:
        return int(self.mark.column) + 1


class ScalarNode(_Positioned):
    """A scalar, always the text as written; ``plain`` when it had no quotes or block style."""

    __slots__ = ("style", "value")

    def __init__(self, value: str, style: str | None, mark: Mark) -> None:
        self.value = value
        self.style = style
        self.mark = mark

    @property
    def plain(self) -> bool:
        return not self.style


class SeqNode(_Positioned):
    """A list. A list whose items are handed to a consumer as they are read (see
    ``build_tree``) keeps only those not handed over yet: ``handed_over`` counts the others."""

    __slots__ = ("handed_over", "items")

    def __init__(self, mark: Mark) -> None:
        self.items: list[Node] = []
        self.handed_over = 0
        self.mark = mark

    @property
    def length(self) -> int:
        """How many items the list has, kept or handed over."""
        return self.handed_over + len(self.items)


class MapNode(_Positioned):
    """A mapping: each key's text -> its value's node, in file order.

    Keys are not nodes of their own (a file has as many keys as values, and they are only ever
    needed to name a problem): each value's ``key_mark`` holds where its key stands, and
    ``key_node`` makes a node of it.
    """

    __slots__ = ("entries",)

    def __init__(self, mark: Mark) -> None:
        self.entries: dict[str, Node] = {}
        self.mark = mark

    def key_node(self, key: str) -> ScalarNode:
        """The key ``key`` as a node, to name where it stands."""
        return ScalarNode(key, None, self.entries[key].key_mark)


Node = ScalarNode | SeqNode | MapNode


#: The items of a list go to its consumer this many at a time (the last batch may be smaller):
#: a call per item would cost more than a batch's nodes, a few hundred kilobytes, take.
HAND_OVER_BATCH = 256


class ListConsumer(Protocol):
    """Takes the items of a list as they are read, instead of the tree (see ``build_tree``)."""

    def add(self, items: list[Node], start: int) -> None:
        """Takes ``items``, read and complete, the first of them at index ``start``."""

    def close(self) -> None:
        """The list is read: it has no more items."""


class _Stop(Exception):
    """Raised inside the build to abandon a file that can give no trustworthy tree."""


def _make_parser(text: str | bytes) -> _EventSource:
    """A parser of ``text``, or of the UTF-8 bytes of a file: libyaml reads them as they are,
    without a decoded copy of the file or a re-encoded one."""
    if yaml.__with_libyaml__:
        from yaml._yaml import CParser

        return CParser(text)
    return _PythonParser(_text_of(text))


def _text_of(text: str | bytes) -> str:
    """``text`` itself, or the file's ``bytes`` decoded (they are known to be UTF-8)."""
    return text if isinstance(text, str) else text.decode("utf-8")


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser, for interpreters without libyaml: events, nothing more."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _TreeBuilder:
    """Turns a stream of events into nodes, recording every hazard it finds on the way."""

    def __init__(
        self, path: str, max_depth: int, max_nodes: int, consumers: Mapping[str, ListConsumer]
    ) -> None:
        self.path = path
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.consumers = consumers
        self.errors = ErrorCollector()
        self.root: Node | None = None
        self.documents = 0
        #: Open collections, outermost first, and the key or index each was reached by.
        self.stack: list[SeqNode | MapNode] = []
        self.steps: list[str | int] = []
        #: The key or index of the node being read, for errors; set only when one is found.
        self.step: str | int | None = None

    def error(self, mark: Mark | None, problem: str) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        self.errors.append(bounded_error(self.path, line, column, self.field_path(), problem))

    def field_path(self) -> str:
        """The dotted path of the node being read, as the validator would name it."""
        path = ""
        for step in [*self.steps[1:], self.step]:
            if isinstance(step, int):
                path += f"[{step}]"
            elif step is not None:
                step = excerpt(step)  # a key can be a whole line of the file, or a megabyte
                path += f".{step}" if path else step
        return path

    def build(self, text: str | bytes) -> bool:
        """Reads every event; False when the file was abandoned before its end."""
        parser = _make_parser(text)
        try:
            self.read_events(parser)
        except _Stop:
            return False
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.step = None
            self.error(mark, _syntax_problem(exc, text, mark))
            return False
        except yaml.YAMLError as exc:
            self.error(None, f"not valid YAML: {excerpt(str(exc))}")
            return False
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
        return True

    def read_events(self, parser: _EventSource) -> None:
        """One pass over the events. It runs once per node of files with a million of them,
        so the common cases are written out inline and the rare ones are calls; a key and its
        value are read in one turn of the loop."""
        get_event = parser.get_event
        stack, steps = self.stack, self.steps
        nodes, max_nodes, max_depth = 0, self.max_nodes, self.max_depth
        # The top-level list being read whose items go to a consumer, and its consumer.
        streamed: SeqNode | None = None
        consumer: Any = None
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                steps.pop()
                if stack and stack[-1] is streamed:  # an item of it is read
                    if len(streamed.items) >= HAND_OVER_BATCH:
                        _hand_over(streamed, consumer)
                elif done is streamed:
                    _hand_over(streamed, consumer)
                    consumer.close()
                    streamed = None
                continue
            if not (kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent):
                self.locate(stack[-1] if stack else None, None)
                self.on_other_event(event)
                continue
            # Any: the branches below tell a mapping from a list faster than mypy can follow.
            parent: Any = stack[-1] if stack else None
            key = None
            if type(parent) is MapNode:
                key = event
                # A fresh key is a text seen for the first time in this mapping, and no hazard.
                fresh = (
                    kind is ScalarEvent
                    and key.value not in parent.entries
                    and key.value != MERGE_KEY
                    and key.anchor is None
                    and key.tag is None
                )
                if not fresh:
                    fresh = self.check_key(key, parent)
                event = get_event()
                kind = type(event)
                nodes += 1
            nodes += 1
            if kind is ScalarEvent:
                node: Node = ScalarNode(event.value, event.style, event.start_mark)
            elif kind is MappingStartEvent:
                node = MapNode(event.start_mark)
            elif kind is SequenceStartEvent:
                node = SeqNode(event.start_mark)
            else:
                self.locate(parent, key)
                self.on_other_event(event)  # an alias: it stops the build
                continue
            if event.anchor is not None or event.tag is not None or nodes > max_nodes:
                self.locate(parent, key)
                self.check_node(event, nodes)
            if key is not None:
                if fresh:
                    parent.entries[key.value] = node
                    node.key_mark = key.start_mark
            elif parent is not None:
                parent.items.append(node)
                # A text item of a streamed list (always wrong there) is read as it comes too.
                if (
                    parent is streamed
                    and kind is ScalarEvent
                    and len(streamed.items) >= HAND_OVER_BATCH
                ):
                    _hand_over(streamed, consumer)
            else:
                self.root = node
            if kind is not ScalarEvent:
                if key is not None:
                    steps.append(key.value)
                else:
                    steps.append(parent.handed_over + len(parent.items) - 1 if parent else "")
                stack.append(node)  # type: ignore[arg-type]
                if len(stack) > max_depth:
                    self.error(event.start_mark, f"nested deeper than {max_depth} levels")
                    raise _Stop
                if key is not None and len(stack) == 2 and fresh and kind is SequenceStartEvent:
                    consumer = self.consumers.get(key.value)
                    if consumer is not None:
                        streamed = node  # type: ignore[assignment]

    def locate(self, parent: MapNode | SeqNode | None, key: ScalarEvent | None) -> None:
        """Notes the key or index of the node being read, for the errors about it."""
        if key is not None:
            self.step = key.value
        elif isinstance(parent, SeqNode):
            self.step = parent.length
        else:
            self.step = None

    def on_other_event(self, event: yaml.Event) -> None:
        if isinstance(event, AliasEvent):
            self.error(event.start_mark, f"aliases (*{excerpt(event.anchor)}) are not allowed")
            raise _Stop
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error(event.start_mark, "only one YAML document is allowed in a file")
                raise _Stop
        elif isinstance(event, StreamEndEvent) and self.documents == 0:
            self.errors.append(ContentError(self.path, 1, 1, "", "the file is empty"))

    def check_node(self, event: yaml.NodeEvent, nodes: int) -> None:
        if nodes > self.max_nodes:
            self.error(event.start_mark, f"more than {self.max_nodes:,} YAML nodes")
            raise _Stop
        if event.anchor is not None:
            self.error(event.start_mark, f"anchors (&{excerpt(event.anchor)}) are not allowed")
        tag = getattr(event, "tag", None)
        if tag is not None:
            problem = f"tags ({excerpt(_short_tag(tag))}) are not allowed: write plain text"
            self.error(event.start_mark, problem)

    def check_key(self, key: yaml.NodeEvent, mapping: MapNode) -> bool:
        """Reports the hazards of ``key``; True when its value belongs in the mapping. The
        first of duplicate keys wins and merge keys are dropped: both are reported. A key that
        is not text stops the build."""
        if not isinstance(key, ScalarEvent):
            self.step = None
            self.error(key.start_mark, "a key must be text, not a list or mapping")
            raise _Stop
        self.step = key.value
        self.check_node(key, 0)
        if _is_merge_key(key):
            self.error(key.start_mark, "merge keys (<<) are not allowed")
            return False
        if key.value in mapping.entries:
            first = mapping.entries[key.value].key_mark.line + 1
            problem = f"duplicate key {excerpt(key.value)!r} (first at line {first})"
            self.error(key.start_mark, problem)
            return False
        return True


def _hand_over(streamed: SeqNode, consumer: ListConsumer) -> None:
    """Hands the items of ``streamed`` read so far to ``consumer``."""
    items, start = streamed.items, streamed.handed_over
    streamed.items = []
    streamed.handed_over += len(items)
    if items:
        consumer.add(items, start)


def _is_merge_key(key: ScalarEvent) -> bool:
    return key.value == MERGE_KEY and not key.style


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str | bytes, mark: Mark | None) -> str:
    # The parser's words may quote the input (a tag handle, a character): an excerpt of it.
    problem = excerpt(exc.problem or "not valid YAML", PARSER_PROBLEM)
    if mark is not None:
        lines = _text_of(text).splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        if line[mark.column : mark.column + 1] == "\t" or "'\\t'" in problem:
            return "a tab where YAML expects spaces: indent with spaces, never tabs"
    return f"{problem} ({excerpt(exc.context)})" if exc.context else problem


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:str`` as the author wrote it: ``!!str``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def build_tree(
    text: str | bytes,
    path: str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
    consumers: Mapping[str, ListConsumer] | None = None,
) -> tuple[Node | None, ErrorCollector]:
    """The document in ``text`` (a ``str``, or a file's bytes known to be UTF-8) as nodes, and
    the YAML-level problems found in it (the first hundred kept, the rest counted).

    The tree is None when a problem (a syntax error, an alias, a second document, a limit)
    leaves no trustworthy document. Other problems (anchors, tags, duplicate or merge keys)
    are reported while the rest is still built, so that the file's other problems are found
    in the same run.

    When the document is a mapping, the items of the list under each top-level key named in
    ``consumers`` (its first occurrence) are handed to that key's consumer, in order, a batch
    at a time as soon as they are read, and the consumer is told when the list ends; the list
    keeps none of them. A consumer may be handed items of a file that is then abandoned (the
    tree is None): what it made of them must then be dropped.
    """
    builder = _TreeBuilder(path, max_depth, max_nodes, consumers or {})
    complete = builder.build(text)
    return (builder.root if complete else None), builder.errors
