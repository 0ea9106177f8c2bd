"""Schema version 1: checks a YAML tree field by field and builds the ``Article`` from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tui.model.article import (
    SCHEMA_VERSION,
    Article,
    Block,
    Fact,
    Figure,
    Meta,
    Paragraph,
    PullQuote,
    Quote,
    Source,
    Speaker,
    Subheading,
)
from tui.model.fields import (
    ID_PATTERN,
    Record,
    Report,
    UniqueIds,
    as_record,
    is_empty,
    kind_of,
)
from tui.model.references import References, read_fact, read_quote, unknown_speaker
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import ListConsumer, MapNode, Node, ScalarNode, SeqNode

TOP_KEYS = ("schema", "id", "meta", "speakers", "body", "quotes", "facts")
META_KEYS = ("title", "subtitle", "published", "dateline", "source", "authors", "language", "tags")
SOURCE_KEYS = ("outlet", "url")
SPEAKER_KEYS = ("id", "name", "role")
BLOCK_KINDS = ("paragraph", "subheading", "figure", "pullquote")
BLOCK_KEYS = ("id", *BLOCK_KINDS)
FIGURE_KEYS = ("caption", "credit", "alt", "image")
PULLQUOTE_KEYS = ("text", "speaker")


@dataclass
class Body:
    """The body blocks, and where each id stands, for the quotes and facts that refer to them."""

    blocks: list[Block] = field(default_factory=list)
    by_id: dict[str, Block] = field(default_factory=dict)
    #: Position in the body of every valid block id, even of a block with other problems, so
    #: a reference to it is not reported a second time.
    position: dict[str, int] = field(default_factory=dict)
    #: The kind of block at each position, None where the block has problems.
    kinds: list[str | None] = field(default_factory=list)


class _ListReader:
    """The consumer of one top-level list: takes its items as the tree builder hands them
    over, a batch at a time, and has ``read`` read them, once ``ready`` says that what they
    refer to has been read (until then they wait, as they would in the tree)."""

    def __init__(
        self,
        read: Callable[[Node, int], None],
        ready: Callable[[], bool],
        on_close: Callable[[], None],
    ) -> None:
        self.read = read
        self.ready = ready
        self.on_close = on_close
        #: Batches taken and not read yet, each with the index of its first item.
        self.waiting: list[tuple[list[Node], int]] = []
        self.closed = False

    def add(self, items: list[Node], start: int) -> None:
        self.waiting.append((items, start))
        if self.ready():
            self.flush()

    def close(self) -> None:
        self.closed = True
        if self.ready():
            self.flush()
        self.on_close()

    def flush(self) -> None:
        """Reads the items taken so far."""
        read = self.read
        for items, start in self.waiting:
            for index, item in enumerate(items, start):
                read(item, index)
        self.waiting.clear()

    def read_all(self, top: Record, key: str) -> None:
        """Reads the items taken so far, then those left in the tree (all of them, when the
        list was not handed over). Reports ``key`` when it is not a list."""
        node = top.get(key)
        items = top.items(key)
        self.flush()
        start = node.handed_over if isinstance(node, SeqNode) else 0
        for index, item in enumerate(items, start):
            self.read(item, index)


class Lists:
    """Reads the article's top-level lists: speakers, body, quotes and facts.

    Pass ``consumers`` to ``build_tree``: the items of each list are read a batch at a time
    as the parser goes, and their nodes freed, so that a long article is never held as one
    tree; then pass this to ``build_article``, which reads whatever was left. Quotes and
    facts are read as they come only when the speakers and body came first (as in every
    article we know of); otherwise they wait for ``build_article``. The speakers of pull
    quotes are checked once the speakers are known.
    """

    def __init__(self, path: str) -> None:
        #: The lists' problems: they count only if the rest of the file is read too.
        self.report = Report(path)
        self.speakers: list[Speaker] = []
        #: Every valid speaker id, even of a speaker with problems.
        self.speaker_ids: dict[str, Speaker] = {}
        self.unique_speaker_ids = UniqueIds()
        self.body = Body()
        self.unique_block_ids = UniqueIds()
        #: Each pull quote that names a speaker: its position, the block (None when it has
        #: other problems), the speaker's node and field.
        self.pullquote_speakers: list[tuple[int, PullQuote | None, ScalarNode, str]] = []
        #: Set once the speakers and the body are read.
        self.refs: References | None = None
        self.quotes: list[Quote] = []
        self.facts: list[Fact] = []
        self.speakers_list = _ListReader(self._read_speaker, _always, self._after_list)
        self.body_list = _ListReader(self._read_block, _always, self._after_list)
        self.quotes_list = _ListReader(self._read_quote, self._has_refs, _nothing)
        self.facts_list = _ListReader(self._read_fact, self._has_refs, _nothing)

    def consumers(self) -> dict[str, ListConsumer]:
        """The consumer of each top-level list, for ``build_tree``."""
        return {
            "speakers": self.speakers_list,
            "body": self.body_list,
            "quotes": self.quotes_list,
            "facts": self.facts_list,
        }

    def read_all(self, top: Record) -> None:
        """Reads what is left of every list in ``top`` (the root record), in the order in which
        they depend on one another; adds every problem to ``top.report``."""
        self.speakers_list.read_all(top, "speakers")
        body = top.get("body")
        self.body_list.read_all(top, "body")
        if isinstance(body, SeqNode) and not body.length:
            self.report.add(body, "body", "the body needs at least one block")
        self._references()
        self.quotes_list.read_all(top, "quotes")
        self.facts_list.read_all(top, "facts")
        top.report.errors.extend(self.report.errors)

    def _after_list(self) -> None:
        if self.speakers_list.closed and self.body_list.closed:
            self._references()

    def _has_refs(self) -> bool:
        return self.refs is not None

    def _references(self) -> References:
        """What quotes and facts refer to, once every speaker and block is read: the speakers
        of pull quotes are checked first (a pull quote with an unknown one is no block)."""
        if self.refs is not None:
            return self.refs
        body, speaker_ids = self.body, self.speaker_ids
        dropped: set[str] = set()
        for index, block, node, name in self.pullquote_speakers:
            if node.value in speaker_ids:
                continue
            self.report.add(node, name, unknown_speaker(node.value, speaker_ids))
            body.kinds[index] = None
            if block is not None:
                del body.by_id[block.id]
                dropped.add(block.id)
        if dropped:
            body.blocks = [block for block in body.blocks if block.id not in dropped]
        self.refs = References(self.report, speaker_ids, body.by_id, body.position, body.kinds)
        return self.refs

    def _read_speaker(self, item: Node, index: int) -> None:
        fields = ("id", "name")
        record = as_record(self.report, item, f"speakers[{index}]", SPEAKER_KEYS, fields)
        if record is None:
            return
        ident = self.unique_speaker_ids.claim(record)
        name = record.text("name")
        role = record.text("role")
        if ident is None:
            return
        speaker = Speaker(ident, name or "", role)
        self.speaker_ids[ident] = speaker
        if name:
            self.speakers.append(speaker)

    def _read_block(self, item: Node, index: int) -> None:
        body = self.body
        block: Block | None = _plain_paragraph(item, self.unique_block_ids, body, index)
        if block is None:
            record = as_record(self.report, item, f"body[{index}]", BLOCK_KEYS, ("id",))
            block = self._read_record_block(record, index) if record else None
        body.kinds.append(block.kind if block else None)
        if block is not None:
            body.blocks.append(block)
            body.by_id[block.id] = block

    def _read_record_block(self, record: Record, index: int) -> Block | None:
        ident = self.unique_block_ids.claim(record)
        if ident is not None:
            self.body.position[ident] = index
        kinds = [kind for kind in BLOCK_KINDS if kind in record.node.entries]
        if len(kinds) != 1:
            found = f"found {' and '.join(kinds)}" if kinds else "found none"
            problem = f"a block has exactly one of {', '.join(BLOCK_KINDS)}; {found}"
            record.report.add(record.node, record.field, problem)
            return None
        kind = kinds[0]
        if not record.has(kind):
            key = record.key_node(kind)
            assert key is not None
            record.report.add(key, record.name(kind), "has no value")
            return None
        if kind == "paragraph" or kind == "subheading":
            text = record.text(kind)
            if ident is None or text is None:
                return None
            return Paragraph(ident, text) if kind == "paragraph" else Subheading(ident, text)
        if kind == "figure":
            return _read_figure(record, ident)
        return self._read_pullquote(record, ident, index)

    def _read_pullquote(self, block: Record, ident: str | None, index: int) -> PullQuote | None:
        """The pull quote; its speaker is checked once the speakers are known."""
        pullquote = block.record("pullquote", PULLQUOTE_KEYS, ("text",))
        if pullquote is None:
            return None
        text = pullquote.text("text")
        speaker = pullquote.id("speaker")
        result = None
        if ident is not None and text is not None:
            result = PullQuote(ident, text, speaker_id=speaker)
        if speaker is not None:
            node = pullquote.get("speaker")
            assert isinstance(node, ScalarNode)
            self.pullquote_speakers.append((index, result, node, pullquote.name("speaker")))
        return result

    def _read_quote(self, item: Node, index: int) -> None:
        quote = read_quote(item, index, self._references())
        if quote is not None:
            self.quotes.append(quote)

    def _read_fact(self, item: Node, index: int) -> None:
        fact = read_fact(item, index, self._references())
        if fact is not None:
            self.facts.append(fact)


def _always() -> bool:
    return True


def _nothing() -> None:
    pass


def build_article(
    root: Node | None, report: Report, source_path: str | None, lists: Lists | None = None
) -> Article | None:
    """The article in ``root``; None when ``report`` holds any problem afterwards.

    ``lists`` is the reader that ``build_tree`` handed the top-level lists to, if any.
    """
    if root is None:
        return None
    if not isinstance(root, MapNode):
        problem = f"expected a mapping of schema, id, meta, body ..., got {kind_of(root)}"
        report.add(root, "", "the file is empty" if is_empty(root) else problem)
        return None
    top = Record(report, root, "", TOP_KEYS, ("schema", "id", "meta", "body"))
    if not _schema_supported(top):
        return None
    article_id = top.id("id")
    meta = _read_meta(top)
    if lists is None:
        lists = Lists(report.path)
    lists.read_all(top)
    if report.errors or article_id is None or meta is None:
        return None
    return Article(
        id=article_id,
        meta=meta,
        blocks=tuple(lists.body.blocks),
        speakers=tuple(lists.speakers),
        quotes=tuple(lists.quotes),
        facts=tuple(lists.facts),
        path=source_path,
    )


def _schema_supported(top: Record) -> bool:
    """False for a schema version this reader does not know: its other errors would be noise."""
    version = top.whole("schema")
    if version is None or version == SCHEMA_VERSION:
        return True
    node = top.get("schema")
    assert node is not None
    problem = f"unsupported schema version {version} (this reader reads {SCHEMA_VERSION})"
    top.report.add(node, "schema", problem)
    return False


def _read_meta(top: Record) -> Meta | None:
    meta = top.record("meta", META_KEYS, ("title",))
    if meta is None:
        return None
    title = meta.text("title")
    source = meta.record("source", SOURCE_KEYS)
    result = Meta(
        title=title or "",
        subtitle=meta.text("subtitle"),
        published=meta.published("published"),
        dateline=meta.text("dateline"),
        source=Source(source.text("outlet"), source.text("url")) if source else Source(),
        authors=meta.texts("authors"),
        language=meta.language("language") or "en",
        tags=meta.texts("tags"),
    )
    return result if title else None


def _plain_paragraph(item: Node, ids: UniqueIds, body: Body, index: int) -> Paragraph | None:
    """The block at ``item`` when it is a paragraph without any problem; None otherwise, to be
    read (and its problems reported) field by field. Most blocks are such paragraphs, and this
    reads one in half the time."""
    if type(item) is not MapNode or len(item.entries) != 2:
        return None
    ident, text = item.entries.get("id"), item.entries.get("paragraph")
    if type(ident) is not ScalarNode or type(text) is not ScalarNode:
        return None
    if ID_PATTERN.fullmatch(ident.value) is None or ident.value in ids.first:
        return None
    paragraph = clean_text(text.value)
    if not paragraph:
        return None
    ids.first[ident.value] = ident.mark.line
    body.position[ident.value] = index
    return Paragraph(ident.value, paragraph)


def _read_figure(block: Record, ident: str | None) -> Figure | None:
    figure = block.record("figure", FIGURE_KEYS, ("caption",))
    if figure is None:
        return None
    caption = figure.text("caption")
    credit, alt, image = figure.text("credit"), figure.text("alt"), figure.text("image")
    if ident is None or caption is None:
        return None
    return Figure(ident, caption, credit=credit, alt=alt, image_url=image)
