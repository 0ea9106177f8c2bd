"""The speaker's words on either side of a cue verb: noun phrases and appositives.

A noun phrase read back from a verb ends at its determiner (a name in front read whole: "a
Department of Health spokesperson"); one read forwards after an inverted cue ends at a comma or
a clause ("says Portvale cartoonist Ana Mirel", "says Ruiz’s publisher, Ana Mirel"). An
appositive ("X, a professor at Y,") describes the name before it, and the role it gives must
look like one (a title, a person's noun, or a few words after "a"/"the" with no verb). Someone
described by the body they speak for ("a spokeswoman for the port") is that description.
"""

from __future__ import annotations

import re

from tui.importer.mentions import (
    MASK,
    Mention,
    Token,
    bare,
    is_name_word,
    name_runs,
    person_name,
    speaker_noun,
    tokens,
)
from tui.importer.people import (
    NAME_PARTICLES,
    given_name_gender,
    is_common_capitalised,
    is_organisation_word,
    is_title_word,
    lexicon,
)

#: "the 71-year-old": a person, by age.
AGE = re.compile(r"\d+-year-old")
INDEFINITE = frozenset("a an another".split())
DETERMINERS = frozenset("the a an his her its their our this that these those one another".split())
NP_STOPS = frozenset(
    "and or but that which who whom whose when while as if because so than after before since "
    "until with by from into to in on at about for of is was were are be been has had have not "
    "said says told".split()
)
#: Small words a name may have inside it ("Department of Health", "Minister for Transport").
NAME_LINKS = frozenset("of for".split()) | NAME_PARTICLES
#: Prepositions that may stand inside a noun phrase read forwards ("the founder of X").
NP_INNER = frozenset("of for at".split())
NP_END_FORWARD = frozenset(
    "in on during who which that when while and but because as after before with to".split()
)


#: A United States politician's party and state after the name: "R-Ky.", "D-N.Y.".
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][A-Za-z.]*")

#: Verbs that make a comma-delimited stretch a clause rather than a description of a name.
_FINITE = frozenset(
    "is are was were has have had will would can could should may might do does did".split()
)


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
            if (
                len(runs) >= 2
                and first >= 2
                and toks[first - 1].low == "and"
                and runs[-2].end == toks[first - 2].end
                and person_name(run.text)
                and (person_name(runs[-2].text) or given_name_gender(runs[-2].text))
            ):
                # "Tom Ruiz and Ana Mirel said", "Tom and Ana Ruiz said": the two of them.
                text = masked[runs[-2].start : run.end]
                return Mention(runs[-2].start, run.end, text, "names")
            described = _described_back(masked, toks, first, run)
            if described is not None:
                return described
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
    aged = bool(AGE.fullmatch(head.low))  # "the 71-year-old"
    if not (head.text[0].isalpha() or aged) or head.low in NP_STOPS or head.low in DETERMINERS:
        return None
    k = last
    while k - 1 >= 0:
        prev = toks[k - 1]
        if prev.low in DETERMINERS:
            k -= 1
            break
        if is_name_word(prev) and k - 2 >= 0 and toks[k - 2].low in NAME_LINKS:
            # "a Department of Health spokesperson": the name in front, "of" and all.
            runs = name_runs(masked, toks[0].start, prev.end)
            if runs and runs[-1].end == prev.end and runs[-1].start < toks[k - 2].start:
                k = next(i for i, t in enumerate(toks) if t.start == runs[-1].start)
                continue
        if prev.low in NP_STOPS or not (prev.text[0].isalnum()) or k <= last - 5:
            break
        k -= 1
    if k >= 3 and _described_by(toks[k - 1].low, bare(toks[k - 2].low)):
        # "another member of the public", "a senior official in the department": the noun
        # before the preposition.
        inner = noun_phrase_back(masked, toks, k - 2)
        if inner is not None and inner.form == "nominal" and inner.start < toks[k - 2].start:
            head = toks[k - 2]
            k = next(i for i, t in enumerate(toks) if t.start == inner.start)
    words = toks[k : last + 1]
    text = masked[words[0].start : words[-1].end]
    return Mention(words[0].start, words[-1].end, text, "nominal", head=bare(head.low).rstrip("."))


def _described_by(link: str, noun: str) -> bool:
    """Whether "NOUN LINK the ..." describes a person by what follows ("member of the public",
    "official in the department"); "of" after any speaker's noun, others after a person's."""
    if link == "of":
        return speaker_noun(noun)
    return (
        link in ("in", "at", "for", "with", "from")
        and speaker_noun(noun)
        and not is_organisation_word(noun)
        and noun not in lexicon("group_nouns")
    )


def _described_back(masked: str, toks: list[Token], first: int, run: Mention) -> Mention | None:
    """ "A spokeswoman for the Portvale Harbour Authority" read back from its name: someone
    the text describes by a body they speak for, not the body."""
    link = first - 1
    if link >= 1 and toks[link].low == "the":
        link -= 1
    if link < 2:
        return None
    noun = bare(toks[link - 1].low)
    if not _described_by(toks[link].low, noun) or not _described_by("for", noun):
        return None
    k = link - 1
    while k >= 0 and k > link - 4 and toks[k].low not in INDEFINITE:
        if not toks[k].text[:1].isalpha() or toks[k].low in NP_STOPS:
            return None
        k -= 1
    if k < 0 or toks[k].low not in INDEFINITE:
        return None
    text = masked[toks[k].start : run.end]
    return Mention(toks[k].start, run.end, text, "nominal", head=noun)


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
            or (len(between) == 1 and bool(_PARTY_TAG.fullmatch(first.text)))
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
    named = _named_after(masked, words[-1].end, end)
    if named is not None:
        # "says Ruiz's publisher, Ana Mirel.": the name the description is given.
        role = text.split(None, 1)[1] if words[0].low in DETERMINERS and len(words) > 1 else text
        return Mention(named.start, named.end, named.text, "name", role)
    return Mention(words[0].start, words[-1].end, text, "nominal", head=bare(head.low).rstrip("."))


def _named_after(masked: str, start: int, end: int) -> Mention | None:
    """A person's name set off by a comma right after ``start``, ending its clause."""
    comma = re.match(r",\s+", masked[start:end])
    if comma is None:
        return None
    runs = name_runs(masked, start + comma.end(), end)
    if not runs or runs[0].start != start + comma.end() or not person_name(runs[0].text):
        return None
    rest = masked[runs[0].end : end].lstrip(" ")
    return runs[0] if not rest or rest[0] in ",.;" else None


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
