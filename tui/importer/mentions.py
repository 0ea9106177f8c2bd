"""Who a stretch of a sentence names: capitalised name runs and noun phrases, read before or
after a cue verb, with the role an appositive or the words in front give.

Works on a masked paragraph (quotes replaced by ``MASK``, offsets kept): a run of capitalised
words is a name unless it starts a sentence with a function word or sits in a photo credit; a
noun phrase read back from a verb ends at its determiner; an appositive ("X, a professor at Y,")
describes the name before it, and the role it gives must look like one (a title, a person's
noun, or a few words after "a"/"the" with no verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.importer.people import (
    NAME_PARTICLES,
    is_common_capitalised,
    is_organisation_word,
    is_title_word,
    lexicon,
    parse_name,
)

MASK = "\x00"
WORD = re.compile(r"[\w'’.&-]*\w[\w'’&-]*\.?|[\w]|" + MASK + r"+|[,;:()—–]")
DETERMINERS = frozenset("the a an his her its their our this that these those one another".split())
NP_STOPS = frozenset(
    "and or but that which who whom whose when while as if because so than after before since "
    "until with by from into to in on at about for of is was were are be been has had have not "
    "said says told".split()
)
#: Prepositions that may stand inside a noun phrase read forwards ("the founder of X").
NP_INNER = frozenset("of for at".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today".split())
NP_END_FORWARD = frozenset(
    "in on during who which that when while and but because as after before with to".split()
)


#: Verbs that make a comma-delimited stretch a clause rather than a description of a name.
_FINITE = frozenset(
    "is are was were has have had will would can could should may might do does did".split()
)


def speaker_noun(word: str) -> bool:
    """A common noun that can head a speaker: a person ("spokeswoman"), a body ("company")."""
    low = word.lower()
    return (
        is_title_word(low)
        or low in lexicon("person_nouns")
        or low in lexicon("group_nouns")
        or is_organisation_word(low)
    )


@dataclass(frozen=True)
class Mention:
    """Words in a paragraph that name, or stand for, someone."""

    start: int
    end: int
    text: str
    #: ``name`` (capitalised run), ``pronoun``, or ``nominal`` ("the company", "officials").
    form: str
    #: A role the text gives beside it: an appositive or lower-case words in front.
    role: str | None = None
    #: For a nominal, its head noun ("company", "spokeswoman").
    head: str | None = None


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def low(self) -> str:
        return self.text.lower()


def tokens(masked: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(masked) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(masked, start, end)]


def bare(word: str) -> str:
    """A token without a possessive or a closing full stop ("Mirel's" -> "Mirel")."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def is_name_word(token: Token) -> bool:
    return token.capital and token.text[0] != MASK and any(c.isalpha() for c in token.text)


def person_name(text: str) -> bool:
    parsed = parse_name(text)
    return parsed.kind == "person" and (
        len(parsed.name.split()) >= 2 or bool(parsed.gender) or bool(parsed.role)
    )


def _in_credit(masked: str, position: int) -> bool:
    """Inside a photo credit such as "(Jane Roe / The Daily)": a name that says nothing."""
    opening = masked.rfind("(", 0, position)
    if opening < 0 or masked.rfind(")", opening, position) >= 0:
        return False
    closing = masked.find(")", position)
    inside = masked[opening : closing if closing >= 0 else len(masked)]
    return " / " in inside or "/" in inside.split()[-1:]


def name_runs(masked: str, start: int, end: int) -> list[Mention]:
    """Runs of capitalised words in ``masked[start:end]``: the names a sentence mentions."""
    toks = tokens(masked, start, end)
    runs: list[Mention] = []
    i = 0
    while i < len(toks):
        if not is_name_word(toks[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            nxt = toks[j + 1]
            if masked[toks[j].end : nxt.start] != " " or toks[j].text.endswith(("'s", "’s")):
                break
            if is_name_word(nxt):
                j += 1
                continue
            after = toks[j + 2] if j + 2 < len(toks) else None
            joins = nxt.low in NAME_PARTICLES or (
                nxt.low in ("of", "for")
                and (is_title_word(toks[j].text) or is_organisation_word(toks[j].text))
            )
            if joins and after is not None and is_name_word(after):
                j += 2
                continue
            break
        run = toks[i : j + 1]
        if _in_credit(masked, toks[i].start):
            i = j + 1
            continue
        while run and is_common_capitalised(run[0].text):
            run = run[1:]
        while len(run) > 1 and run[-1].low.rstrip(".") in _WEEKDAYS:
            run = run[:-1]
        if run:
            text = " ".join([*(t.text for t in run[:-1]), bare(run[-1].text)])
            runs.append(Mention(run[0].start, run[-1].end, text.rstrip("."), "name"))
        i = j + 1
    return runs


def adverb(token: Token) -> bool:
    """A word that may stand between a speaker and the verb: "also", "has", "quickly"."""
    return token.low in lexicon("cue_adverbs") or (
        token.low.endswith("ly") and token.text.isalpha() and token.text.islower()
    )


def sentence_subject(masked: str, start: int, end: int) -> Mention | None:
    """The first name or pronoun of a sentence, before ``end``: what it is about."""
    toks = tokens(masked, start, end)
    for tok in toks:
        if tok.low in ("he", "she", "they"):
            return Mention(tok.start, tok.end, tok.text, "pronoun")
        if is_name_word(tok) and not is_common_capitalised(tok.text):
            runs = name_runs(masked, tok.start, end)
            if runs:
                run = runs[0]
                return Mention(run.start, run.end, run.text, "name")
    return None


def noun_phrase_back(masked: str, toks: list[Token], last: int) -> Mention | None:
    """The noun phrase ending at ``toks[last]``: a name (with lower-case role words in front)
    or a common noun phrase back to its determiner."""
    titled = last >= 1 and (is_title_word(toks[last - 1].text) or is_name_word(toks[last - 1]))
    if is_name_word(toks[last]) and (not is_common_capitalised(toks[last].text) or titled):
        # "Ms. May", "Theresa May": a month or a common word after a title or a name is a name.
        runs = name_runs(masked, toks[0].start, toks[last].end)
        if runs and runs[-1].end == toks[last].end:
            run = runs[-1]
            first = next(i for i, t in enumerate(toks) if t.start == run.start)
            link = first - 1
            if link >= 1 and toks[link].low in DETERMINERS:
                link -= 1
            if (
                len(runs) >= 2
                and link >= 1
                and toks[link].low in ("of", "from", "with", "at")
                and runs[-2].end == toks[link - 1].end
                and (toks[link].low != "of" or link == first - 1)
                and person_name(runs[-2].text)
            ):
                # "Sen. Tom Ruiz of Westland", "Ana Mirel with the Portvale Harbour
                # Authority": the person, not the place or the body.
                run = runs[-2]
                first = next(i for i, t in enumerate(toks) if t.start == run.start)
            role_words = []
            k = first - 1
            while k >= 0 and len(role_words) < 3:
                word = toks[k]
                if word.capital or word.low in NP_STOPS or word.low in DETERMINERS:
                    break
                if not word.text[0].isalpha():
                    break
                role_words.insert(0, word.text)
                k -= 1
            if role_words and not is_title_word(role_words[-1]):
                role_words = []
            return Mention(run.start, run.end, run.text, "name", " ".join(role_words) or None)
        return None
    head = toks[last]
    if not head.text[0].isalpha() or head.low in NP_STOPS or head.low in DETERMINERS:
        return None
    k = last
    while k - 1 >= 0:
        prev = toks[k - 1]
        if prev.low in DETERMINERS:
            k -= 1
            break
        if prev.low in NP_STOPS or not (prev.text[0].isalnum()) or k <= last - 5:
            break
        k -= 1
    words = toks[k : last + 1]
    text = masked[words[0].start : words[-1].end]
    return Mention(words[0].start, words[-1].end, text, "nominal", head=bare(head.low))


def appositive_subject(masked: str, toks: list[Token]) -> Mention | None:
    """The name before an appositive or a relative clause ("X, a professor at Y," / "X, who
    ..., said"): the person before the first comma whose words after it are a description."""
    candidates = []
    for i, tok in enumerate(toks):
        if tok.text != "," or i == 0:
            continue
        between = toks[i + 1 :]
        if not between or len(between) > 25 or any(t.text[0] == MASK for t in between):
            continue
        if any(t.low in lexicon("cue_verbs") for t in between):
            continue
        mention = noun_phrase_back(masked, toks[:i], i - 1)
        if mention is None or mention.form == "pronoun":
            continue
        named = name_runs(masked, between[0].start, between[-1].end)
        if (
            len(named) == 1
            and named[0].start == between[0].start
            and named[0].end == between[-1].end
            and person_name(named[0].text)
            and (mention.form == "nominal" or not person_name(mention.text))
        ):
            # "One rural senator, Westland Sen. Tom Ruiz, said": the name is the appositive.
            candidates.append(Mention(named[0].start, named[0].end, named[0].text, "name", None))
            continue
        if mention.form == "nominal" and not speaker_noun(mention.head or ""):
            continue
        clause = between[0].low in ("who", "whose")
        if not clause and any(t.low in _FINITE for t in between):
            continue  # "yes, the tide is late, says X": a clause, not a description
        first = between[0]
        descriptive = (
            first.low in DETERMINERS
            or first.low in ("who", "whose")
            or not first.capital
            or is_title_word(first.text)
            or first.text[0].isdigit()
            or first.text.endswith(("'s", "’s"))
        )
        if not descriptive:
            continue
        role_toks = between
        if role_toks and role_toks[0].low in ("a", "an", "the"):
            role_toks = role_toks[1:]
        role = None
        if role_toks and role_toks[0].low not in ("who", "whose"):
            role = masked[role_toks[0].start : role_toks[-1].end]
            role = role if looks_like_role(role) else None
        candidates.append(
            Mention(
                mention.start,
                mention.end,
                mention.text,
                mention.form,
                role or mention.role,
                mention.head,
            )
        )
    if not candidates:
        return None
    # "Director, operations at Northbank, Ana Mirel, agreed": the person's name.
    return next((c for c in candidates if person_name(c.text)), candidates[0])


def subject_after(masked: str, start: int, end: int, nominal_ok: bool) -> Mention | None:
    """The speaker written after a cue verb ("said Jane Doe, a ...", "says Portvale cartoonist
    Ana Mirel", "according to the report"): the noun phrase up to a comma or a clause,
    its head a name when it ends in one, else the noun before any "of"."""
    toks = tokens(masked, start, end)
    adverbs = lexicon("cue_adverbs")
    while toks and toks[0].low in adverbs:
        toks.pop(0)
    if not toks:
        return None
    first = toks[0]
    if first.low in ("he", "she", "they"):
        return Mention(first.start, first.end, first.text, "pronoun")
    if not (is_name_word(first) or first.low in DETERMINERS or nominal_ok):
        return None
    words: list[Token] = []
    for tok in toks:
        if tok.text in ",;:()—–" or tok.text[0] == MASK or not tok.text[0].isalnum():
            break
        if tok.low in NP_END_FORWARD and words:
            nxt = toks[toks.index(tok) + 1] if toks.index(tok) + 1 < len(toks) else None
            if not (tok.low == "and" and words[-1].capital and nxt is not None and nxt.capital):
                break
        words.append(tok)
        if len(words) >= 12:
            break
    if not words:
        return None
    inner = next((i for i, w in enumerate(words) if w.low in NP_INNER and i > 0), len(words))
    head_words = words[:inner]
    runs = name_runs(masked, head_words[0].start, head_words[-1].end)
    if runs and runs[-1].end == head_words[-1].end:
        run = runs[-1]
        before = masked[head_words[0].start : run.start].strip()
        role = before if before and before.lower() not in DETERMINERS else None
        if role and role.split()[0].lower() in ("the", "a", "an"):
            role = role.split(None, 1)[1] if len(role.split()) > 1 else None
        role = role or appositive_after(masked, words[-1].end, end)
        return Mention(run.start, run.end, run.text, "name", role)
    head = head_words[-1]
    if not head.text[0].isalpha() or head.low in NP_STOPS:
        return None
    text = masked[words[0].start : words[-1].end]
    return Mention(words[0].start, words[-1].end, text, "nominal", head=bare(head.low))


def appositive_after(masked: str, start: int, end: int) -> str | None:
    """ ", chief engineer at Northbank," after a name: the role it gives, without its article."""
    match = re.match(
        r",\s+((?:a|an|the)\s+)?([^,;" + MASK + r"]{2,80}?)\s*(?:,|\.|$)", masked[start:end]
    )
    if match is None:
        return None
    role = match.group(2).strip()
    first = role.split()[0] if role.split() else ""
    if first[:1].isupper() and not is_title_word(first):
        return None
    if first.lower() in NP_STOPS or first.lower() in NP_END_FORWARD:
        return None
    return role if looks_like_role(role, bool(match.group(1))) else None


def looks_like_role(text: str, article: bool = False) -> bool:
    """A description that says what someone is: a title or a person's noun among its words,
    or, after "a"/"the", a few words with no verb ("the county engineer")."""
    words = re.findall(r"[\w’'.-]+", text)[:8]
    if any(speaker_noun(w) or speaker_noun(bare(w)) for w in words):
        return True
    return article and len(words) <= 6 and not any(w.lower() in _FINITE for w in words)
