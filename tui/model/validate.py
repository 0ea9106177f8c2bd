"""Schema version 1: checks a YAML tree field by field and builds the ``Article`` from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.article import (
    SCHEMA_VERSION,
    Article,
    Block,
    Figure,
    Meta,
    Paragraph,
    PullQuote,
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
from tui.model.references import References, read_facts, read_quotes, unknown_speaker
from tui.model.sanitize import clean_text
from tui.model.yaml_tree import MapNode, Node, ScalarNode, SeqNode

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


def build_article(root: Node | None, report: Report, source_path: str | None) -> Article | None:
    """The article in ``root``; None when ``report`` holds any problem afterwards."""
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
    speaker_ids: dict[str, Speaker] = {}
    speakers = _read_speakers(top, speaker_ids)
    body = _read_body(top, speaker_ids)
    refs = References(report, speaker_ids, body.by_id, body.position, body.kinds)
    quotes = read_quotes(top, refs)
    facts = read_facts(top, refs)
    if report.errors or article_id is None or meta is None:
        return None
    return Article(
        id=article_id,
        meta=meta,
        blocks=tuple(body.blocks),
        speakers=speakers,
        quotes=quotes,
        facts=facts,
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


def _read_speakers(top: Record, speaker_ids: dict[str, Speaker]) -> tuple[Speaker, ...]:
    """The speakers; ``speaker_ids`` gets every valid id, even of a speaker with problems."""
    ids = UniqueIds()
    speakers = []
    for index, item in enumerate(top.items("speakers")):
        record = as_record(top.report, item, f"speakers[{index}]", SPEAKER_KEYS, ("id", "name"))
        if record is None:
            continue
        ident = ids.claim(record)
        name = record.text("name")
        role = record.text("role")
        if ident is None:
            continue
        speaker = Speaker(ident, name or "", role)
        speaker_ids[ident] = speaker
        if name:
            speakers.append(speaker)
    return tuple(speakers)


def _read_body(top: Record, speaker_ids: dict[str, Speaker]) -> Body:
    body = Body()
    items = top.items("body")
    node = top.get("body")
    if isinstance(node, SeqNode) and not items:
        top.report.add(node, "body", "the body needs at least one block")
    ids = UniqueIds()
    for index, item in enumerate(items):
        block: Block | None = _plain_paragraph(item, ids, body, index)
        if block is None:
            record = as_record(top.report, item, f"body[{index}]", BLOCK_KEYS, ("id",))
            block = _read_block(record, ids, speaker_ids, body, index) if record else None
        body.kinds.append(block.kind if block else None)
        if block is not None:
            body.blocks.append(block)
            body.by_id[block.id] = block
    return body


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
    ids.first[ident.value] = ident
    body.position[ident.value] = index
    return Paragraph(ident.value, paragraph)


def _read_block(
    record: Record, ids: UniqueIds, speaker_ids: dict[str, Speaker], body: Body, index: int
) -> Block | None:
    ident = ids.claim(record)
    if ident is not None:
        body.position[ident] = index
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
    return _read_pullquote(record, ident, speaker_ids)


def _read_figure(block: Record, ident: str | None) -> Figure | None:
    figure = block.record("figure", FIGURE_KEYS, ("caption",))
    if figure is None:
        return None
    caption = figure.text("caption")
    credit, alt, image = figure.text("credit"), figure.text("alt"), figure.text("image")
    if ident is None or caption is None:
        return None
    return Figure(ident, caption, credit=credit, alt=alt, image_url=image)


def _read_pullquote(
    block: Record, ident: str | None, speaker_ids: dict[str, Speaker]
) -> PullQuote | None:
    pullquote = block.record("pullquote", PULLQUOTE_KEYS, ("text",))
    if pullquote is None:
        return None
    text = pullquote.text("text")
    speaker = pullquote.id("speaker")
    if speaker is not None and speaker not in speaker_ids:
        node = pullquote.get("speaker")
        assert node is not None
        problem = unknown_speaker(speaker, speaker_ids)
        block.report.add(node, pullquote.name("speaker"), problem)
        return None
    if ident is None or text is None:
        return None
    return PullQuote(ident, text, speaker_id=speaker)
