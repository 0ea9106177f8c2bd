"""Quotes in an article's paragraphs, and who said each: ``attribute(document)``.

Finding (``marks.py``): every passage between quotation marks, a quote over paragraphs as one
``Quote`` with a part per paragraph. A few quoted words inside the reporter's own sentence are a
fragment; a title of a work in quotation marks ("Morning Town Hour") is left out, and so is a
short fragment that no cue attributes (a scare quote).

Attributing (``cues.py``, ``mentions.py``, ``people.py``, ``pronouns.py``): the cue in the
quote's sentence, else the one before it in its paragraph, else the one after; a quote with no
cue in its paragraph goes on from the latest speech cue (or quote) of the last few paragraphs.
The article is read once, in order, so that pronouns resolve against what came before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.importer.cues import Cue, Sentence, find_cues, mask, sentences
from tui.importer.draft import Document, Figure, Quote, QuotePart, Speaker
from tui.importer.marks import SHORT, Passage, find_passages, is_fragment, is_title
from tui.importer.mentions import MASK, Mention, name_runs
from tui.importer.people import (
    Entity,
    Registry,
    given_name_gender,
    is_title_word,
    lexicon,
    parse_name,
)
from tui.importer.pronouns import Discourse, is_person_noun

_PRONOUN = re.compile(r"\b(?:he|she|He|She|they|They)\b")
#: How many paragraphs back the quote before may stand for a quote with no cue to go on from it.
FLOAT_REACH = 3


@dataclass
class Found:
    """A quote being attributed: its passages and what has been decided about it."""

    passages: list[Passage]
    fragment: bool = False
    entity: Entity | None = None
    context: str | None = None
    note: str | None = None
    cue: Cue | None = field(default=None, repr=False)


def find_quotes(paragraphs: list[tuple[int, str]]) -> list[Found]:
    """Every quoted passage, those running over paragraphs joined into one quote."""
    return [Found(passages) for passages in find_passages(paragraphs)]


# --- Attributing --------------------------------------------------------------------------------


class Reader:
    """Reads the article once, in order, keeping the discourse that pronouns resolve against."""

    def __init__(self, paragraphs: list[tuple[int, str]]) -> None:
        self.paragraphs = paragraphs
        #: Words the article writes in lower case: evidence a capitalised one is no name.
        self.lower_words = frozenset(
            w for _, text in paragraphs for w in re.findall(r"\b[a-z][a-z'’-]*\b", text)
        )
        self.registry = Registry()
        self.discourse = Discourse()
        self.sentence_count = 0
        self.offset = 0  # running character position of the current paragraph
        #: The entity each cue's speaker resolved to, by (sentence number, speaker's start).
        self.resolved: dict[tuple[int, int], Entity | None] = {}
        #: (paragraph, entity) of every cue with a speaker, in reading order.
        self.cue_history: list[tuple[int, Entity]] = []
        self.para = 0

    def read(self, para: int, here: list[Passage]) -> list[tuple[Sentence, int, list[Cue]]]:
        """Sentences of a paragraph with their running numbers and resolved cues."""
        _, text = self.paragraphs[para]
        self.para = para
        masked = mask(text, [(p.mark, p.region_end) for p in here])
        quote_ends = {p.region_end: text[p.start : p.end] for p in here}
        result = []
        for sentence in sentences(masked, quote_ends):
            number = self.sentence_count
            self.sentence_count += 1
            cues = find_cues(masked, sentence)
            self._mentions(masked, sentence, number, cues)
            result.append((sentence, number, cues))
        self.offset += len(text) + 2
        return result

    def _mentions(self, masked: str, sentence: Sentence, number: int, cues: list[Cue]) -> None:
        """Put the sentence's names and pronouns into the discourse, in order, and resolve
        each cue's speaker."""
        cue_at = {c.speaker.start: c for c in cues}
        items: list[Mention] = name_runs(masked, sentence.start, sentence.end)
        for match in _PRONOUN.finditer(masked, sentence.start, sentence.end):
            if match.start() not in cue_at:
                items.append(Mention(match.start(), match.end(), match.group(), "pronoun"))
        for cue in cues:
            if cue.speaker.form != "name" or cue.speaker.start not in {m.start for m in items}:
                items = [m for m in items if m.start != cue.speaker.start]
                items.append(cue.speaker)
        items.sort(key=lambda m: m.start)
        first = True
        resolved: dict[int, Entity | None] = {}
        for mention in items:
            cue = cue_at.get(mention.start)
            position = self.offset + mention.start
            said: Mention | None = cue.speaker if cue else mention
            if mention.form == "name" and not masked[sentence.start : mention.start].strip():
                said = self._drop_sentence_word(mention if cue is None else cue.speaker)
            entity = self._resolve(said, number, position) if said else None
            if cue is not None:
                resolved[mention.start] = entity
                if entity is not None:
                    entity.cue_subject = True
                    self.cue_history.append((self.para, entity))
            if entity is not None:
                subject = first or cue is not None or mention.form == "pronoun"
                self.discourse.add(entity, number, position, subject)
            first = False
        self.resolved.update({(number, k): v for k, v in resolved.items()})

    def read_captions(self, document: Document) -> None:
        """Names with a title in the figures' captions ("NATO Secretary General Jens
        Stoltenberg speaks ..."): the role a person has, when the body gives a lesser one."""
        for block in document.blocks:
            if isinstance(block, Figure):
                for run in name_runs(block.caption, 0, len(block.caption)):
                    parsed = parse_name(run.text)
                    if parsed.role and parsed.kind == "person" and len(parsed.name.split()) > 1:
                        self.registry.named(run.text)

    def _drop_sentence_word(self, mention: Mention) -> Mention | None:
        """A name at a sentence's start without its first word when the article writes that
        word in lower case elsewhere ("Should I", "Police Chief Smith" stays: a title)."""
        words = mention.text.split()
        while (
            words
            and words[0].lower() in self.lower_words
            and not (is_title_word(words[0]) or given_name_gender(words[0]))
        ):
            words.pop(0)
        if not words:
            return None
        text = " ".join(words)
        start = mention.end - len(text) if mention.text.endswith(text) else mention.start
        return Mention(start, mention.end, text, "name", mention.role, mention.head)

    def _resolve(self, mention: Mention, sentence: int, position: int) -> Entity | None:
        if mention.form == "name":
            entity = self.registry.named(mention.text, mention.role)
            if mention.role:
                entity.nouns.update(w.lower() for w in mention.role.split())
            return entity
        if mention.form == "pronoun":
            return self.discourse.pronoun(mention.text, sentence, position)
        head = (mention.head or "").lower()
        entity = self.discourse.nominal(head, sentence, position)
        if entity is not None:
            return entity
        if head in lexicon("group_nouns") or head in lexicon("organisation_words"):
            return self.registry.group(mention.text)
        if is_person_noun(head):
            return None
        return None

    def speaker_of(self, cue: Cue, number: int) -> Entity | None:
        return self.resolved.get((number, cue.speaker.start))


Analysis = list[tuple[Sentence, int, list[Cue]]]


def attribute(document: Document) -> tuple[tuple[Speaker, ...], tuple[Quote, ...]]:
    """The speakers and quotes of a document's paragraphs, in reading order."""
    paragraphs = document.paragraphs()
    found = find_quotes(paragraphs)
    by_para: dict[int, list[Passage]] = {}
    for quote in found:
        for passage in quote.passages:
            by_para.setdefault(passage.para, []).append(passage)
    ending: dict[int, list[Found]] = {}
    for quote in found:
        ending.setdefault(quote.passages[-1].para, []).append(quote)
    reader = Reader(paragraphs)
    reader.read_captions(document)
    analyses: dict[int, Analysis] = {}
    previous: Found | None = None
    kept: list[Found] = []
    for para in range(len(paragraphs)):
        here = sorted(by_para.get(para, []), key=lambda p: p.start)
        analyses[para] = reader.read(para, here)
        for quote in ending.get(para, []):
            _attribute_one(quote, paragraphs, analyses, reader, previous)
            if _keep(quote, paragraphs[quote.passages[0].para][1]):
                kept.append(quote)
                previous = quote
    kept.sort(key=lambda q: (q.passages[0].para, q.passages[0].start))
    for quote in kept:
        if quote.entity is not None:
            quote.entity.spoke = True
    ids, speakers = reader.registry.speakers()
    quotes = tuple(
        Quote(
            tuple(
                QuotePart(p.block, p.start, paragraphs[p.para][1][p.start : p.end])
                for p in q.passages
            ),
            ids.get(id(q.entity)) if q.entity is not None else None,
            fragment=q.fragment,
            context=q.context,
            note=q.note,
        )
        for q in kept
    )
    return speakers, quotes


def _sentence_of(analysis: Analysis, position: int) -> tuple[Sentence, int, list[Cue]]:
    return next((a for a in analysis if a[0].start <= position < a[0].end), analysis[-1])


def _attribute_one(
    quote: Found,
    paragraphs: list[tuple[int, str]],
    analyses: dict[int, Analysis],
    reader: Reader,
    previous: Found | None,
) -> None:
    """Speaker, fragment flag and context of one quote, from its cue or the quote before."""
    first, last = quote.passages[0], quote.passages[-1]
    quote.fragment = len(quote.passages) == 1 and is_fragment(paragraphs[first.para][1], first)
    own = _sentence_of(analyses[first.para], first.mark)
    choice = _nearest(own[2], first, own[1])
    if choice is None and last is not first:
        closing = _sentence_of(analyses[last.para], last.region_end - 1)
        choice = _nearest(closing[2], last, closing[1])
    if choice is None:
        # No cue in its sentence: the cue before it in the paragraph ("“Q1,” says X. “Q2.”"),
        # else the one after ("“Q1.” X said the plan ...").
        others = [(c, n) for s, n, cues in analyses[first.para] for c in cues if s is not own[0]]
        before = [cn for cn in others if cn[0].end <= first.mark]
        if before or others:
            choice = min(before or others, key=lambda cn: _distance(cn[0], first))
    if choice is not None:
        cue, number = choice
        quote.cue = cue
        quote.entity = reader.speaker_of(cue, number)
        quote.context = cue.context or _paragraph_context(analyses[first.para], reader, cue)
        if cue.speaker.form == "pronoun":
            quote.note = f'speaker from "{cue.speaker.text} {cue.verb}"'
    else:
        last_cue = next((pe for pe in reversed(reader.cue_history) if pe[0] < first.para), None)
        after = previous.passages[-1].para if previous is not None else -1
        if (
            last_cue is not None
            and last_cue[0] >= after
            and first.para - last_cue[0] <= FLOAT_REACH
        ):
            # "Ruiz says that is not what the union sees." then a quote with no cue.
            quote.entity = last_cue[1]
            quote.note = "speaker from the paragraph before"
        elif previous is not None and first.para - after <= FLOAT_REACH:
            quote.entity = previous.entity
            quote.note = "speaker from the quote before"
    if (
        previous is not None
        and quote.context is None
        and previous.entity is quote.entity
        and first.para - previous.passages[-1].para <= 1
    ):
        quote.context = previous.context


def _paragraph_context(analysis: Analysis, reader: Reader, cue: Cue) -> str | None:
    """How an earlier cue of the same speaker in the paragraph says it was said ("Putin
    justified it in a televised address ... He also claimed ...")."""
    speaker = None
    earlier: list[tuple[Cue, Entity | None]] = []
    for _, number, cues in analysis:
        for other in cues:
            entity = reader.speaker_of(other, number)
            if other is cue:
                speaker = entity
                break
            earlier.append((other, entity))
        if speaker is not None:
            break
    if speaker is None:
        return None
    return next((c.context for c, e in reversed(earlier) if e is speaker and c.context), None)


def _distance(cue: Cue, passage: Passage) -> int:
    if cue.start >= passage.region_end:
        return cue.start - passage.region_end
    return max(passage.mark - cue.end, 0)


def _nearest(cues: list[Cue], passage: Passage, number: int) -> tuple[Cue, int] | None:
    if not cues:
        return None
    return min(cues, key=lambda c: _distance(c, passage)), number


def _keep(quote: Found, text: str) -> bool:
    """Leave out titles of works and scare quotes: short passages that no cue attributes."""
    passage = quote.passages[0]
    words = text[passage.start : passage.end]
    short = len(quote.passages) == 1 and len(words.split()) <= SHORT
    if short and quote.fragment and is_title(words):
        return False
    if short and quote.fragment and quote.cue is None:
        return False
    return MASK not in words
