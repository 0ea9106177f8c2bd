"""Labels a reader understands, made of the words around a figure: the noun phrase it
belongs to ("NATO’s rapid reaction force of 40,000 soldiers"), the thing a size measures, the
event a date dates, or else the rest of its clause."""

from __future__ import annotations

from tui.importer.fact_words import fact_words
from tui.importer.tokens import CLAUSE_MARKS, Token, possessor

DETERMINERS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
    }
)
ARTICLES = frozenset({"a", "an", "the"})
#: Words that open a clause of their own: a label's words stop at them.
CLAUSE_WORDS = frozenset(
    {
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "whereas",
        "because",
        "although",
        "though",
        "when",
        "where",
        "if",
        "unless",
        "but",
        "and",
        "or",
        "so",
    }
)
#: Words that open a clause about the noun before them ("taxes that are going up").
RELATIVE_WORDS = frozenset({"that", "which", "who"})
#: Words that may stand between a subject and the verb before an object ("NATO will hold").
AUXILIARIES = frozenset(
    {
        "will",
        "would",
        "also",
        "has",
        "have",
        "had",
        "to",
        "could",
        "can",
        "did",
        "not",
        "is",
        "was",
        "are",
        "were",
        "may",
        "might",
        "should",
        "then",
        "later",
        "again",
        "first",
    }
)
#: Words that open a phrase saying more of a noun ("participants in the GTA").
PREPOSITIONS = frozenset(
    {
        "in",
        "from",
        "at",
        "on",
        "with",
        "across",
        "for",
        "of",
        "inside",
        "outside",
        "over",
        "under",
        "between",
        "among",
        "within",
        "during",
        "near",
        "against",
        "to",
        "into",
        "throughout",
        "around",
        "toward",
        "towards",
    }
)
MAX_NOUN_PHRASE = 6
MAX_CLAUSE_WORDS = 12


def is_verb(word: str) -> bool:
    lower = word.lower()
    return (
        lower in fact_words().verbs
        or lower in fact_words().clause_verbs
        or (lower.endswith("ed") and not lower.endswith("eed") and len(lower) > 4)
    )


def is_content(token: Token) -> bool:
    """A word a label may end with: not a function word, not a vague noun, not a verb, not an
    adverb of how a figure moved ("closed 0.68% higher")."""
    lower = token.lower
    return (
        token.is_word
        and lower not in fact_words().non_nouns
        and lower not in fact_words().vague_nouns
        and lower not in fact_words().label_adverbs
        and not is_verb(lower)
    )


def is_name(token: Token) -> bool:
    """A capitalised word that is no function word and no possessive: a number after it is
    part of a name ("Highway 401", "Russell 2000"), not a figure."""
    return (
        token.is_word
        and token.is_capitalised
        and token.lower not in fact_words().non_nouns
        and possessor(token.text) is None
    )


def words(tokens: list[Token], text: str, first: int, last: int) -> str:
    """The text of tokens ``[first, last)`` as written, spaces and marks included."""
    if first >= last:
        return ""
    return text[tokens[first].start : tokens[last - 1].end]


def as_label(phrase: str) -> str:
    """``the video summit`` -> ``Video summit``: no leading article, a capital first."""
    head, _, rest = phrase.partition(" ")
    if head.lower() in DETERMINERS and rest:
        phrase = rest
    first, _, rest = phrase.partition(" ")
    owner = possessor(first)
    if owner is not None and rest and _is_acronym(owner):
        phrase, first = f"{owner} {rest}", owner  # "NATO’s rapid reaction force"
    if any(char.isupper() for char in first[1:]):
        return phrase  # "iPad", "eBay" keep their capitals where they are
    return phrase[:1].upper() + phrase[1:]


def _is_acronym(word: str) -> bool:
    """``NATO``, ``EU``, ``UN``: an organisation's capitals, which name a thing as an adjective
    does ("NATO rapid reaction force"), where a person's or a country's name owns it."""
    return len(word) > 1 and word.isalpha() and word.isupper()


def noun_phrase_before(tokens: list[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before token ``end`` and opens with a determiner or a
    possessive ("an emergency meeting", "NATO’s rapid reaction force"), as a token range."""
    last = end
    if last <= 0 or not is_content(tokens[last - 1]) or possessor(tokens[last - 1].text):
        return None
    position = last - 1
    while position >= 0 and last - position <= MAX_NOUN_PHRASE:
        token = tokens[position]
        if not token.is_word:
            return None
        lower = token.lower
        if lower in DETERMINERS:
            return position, last
        if possessor(token.text) is not None:
            # "NATO’s", "the alliance’s": the owner opens the phrase, with its own article.
            if position > 0 and tokens[position - 1].lower in ARTICLES:
                return position - 1, last
            start = position
            while start > 0 and tokens[start - 1].is_capitalised and tokens[start - 1].is_word:
                if tokens[start - 1].lower in fact_words().non_nouns:
                    break
                start -= 1
            return start, last
        if lower in fact_words().non_nouns or lower in CLAUSE_WORDS or lower in fact_words().verbs:
            return None
        position -= 1
    return None


def noun_phrase_after(tokens: list[Token], first: int, limit: int = 4) -> int:
    """Where the noun phrase that starts at token ``first`` ends ("summit would" -> after
    "summit"): content words, at most ``limit``, never past a verb."""
    last = first
    while last < len(tokens) and last - first < limit:
        token = tokens[last]
        if not token.is_word or token.lower in fact_words().non_nouns:
            break
        if token.lower in fact_words().verbs:
            break
        if is_verb(token.text) and not _modifies(tokens, last + 1):
            break  # "the plan stalled", but "planned spending"
        if last > first and token.is_capitalised and not tokens[last - 1].is_capitalised:
            break  # "champion Valentina Shevchenko": the name is not the champion's kind
        last += 1
    return last


def _modifies(tokens: list[Token], index: int) -> bool:
    """Whether the word before token ``index`` modifies it: the token is a noun-like word."""
    if index >= len(tokens):
        return False
    token = tokens[index]
    return token.is_word and token.text.islower() and is_content(token)


def owner_before(tokens: list[Token], text: str, first: int) -> str | None:
    """Who does what the phrase at ``first`` is the object of: "Jens Stoltenberg" in "Jens
    Stoltenberg told a media conference", "NATO" in "NATO will hold a summit", "The Tarsk
    parliament" in "The Tarsk parliament will hold a debate"."""
    verb = first - 1
    if verb < 0 or not tokens[verb].is_word or tokens[verb].is_capitalised:
        return None
    position = verb - 1
    while position >= 0 and tokens[position].lower in AUXILIARIES:
        position -= 1
    last = position + 1
    while position >= 0 and tokens[position].is_word and tokens[position].is_capitalised:
        if (
            tokens[position].lower in fact_words().non_nouns
            or tokens[position].lower in CLAUSE_WORDS
        ):
            break
        position -= 1
    if last - position - 1 >= 1:
        return words(tokens, text, position + 1, last)
    subject = noun_phrase_before(tokens, last)
    return words(tokens, text, *subject) if subject is not None else None


def possessive(owner: str, phrase: str, text: str) -> str:
    """``Jens Stoltenberg`` + ``media conference`` -> ``Jens Stoltenberg’s media conference``,
    with the paragraph's apostrophe; an acronym as an adjective: ``NATO video summit``."""
    if _is_acronym(owner):
        return f"{owner} {phrase}"
    mark = "’" if "’" in text else "'"
    ending = mark if owner.endswith("s") and not owner.isupper() else f"{mark}s"
    return f"{owner}{ending} {phrase}"


def clause_after(tokens: list[Token], text: str, start: int, limit: int = MAX_CLAUSE_WORDS) -> str:
    """The words of the clause from token ``start`` on ("people across Ukraine support the
    country’s path toward NATO membership"), at most ``limit``, without function words at
    its ends."""
    end = _clause_end(tokens, start, limit)
    return _label_of(tokens, text, start, end)


def clause_before(tokens: list[Token], text: str, end: int, limit: int = 6) -> str:
    """The words of the clause before token ``end`` ("South Korea’s Kospi added"), at most
    ``limit``, without function words at its ends. When that is a lone word ("going", in
    "property taxes that are going up by 4.5 per cent"), the noun a relative clause speaks of
    comes with it: "Property taxes that are going"."""
    start = _clause_start(tokens, end, limit)
    label = _label_of(tokens, text, start, end)
    if " " in label or start == 0 or tokens[start - 1].lower not in RELATIVE_WORDS:
        return label
    noun = start - 1
    while noun > 0 and start - noun <= 4 and is_content(tokens[noun - 1]):
        noun -= 1
    if noun == start - 1 or tokens[noun - 1].sentence != tokens[end - 1].sentence:
        return label
    return _label_of(tokens, text, noun, end)


def subject_before(tokens: list[Token], text: str, first: int) -> str:
    """The subject of the verb a figure follows in its clause: "the stock" in "The stock
    jumped 9.2 per cent to $133.95", "Britain’s FTSE 100" in "Britain’s FTSE 100 sank 0.5 per
    cent", "the contract" in "the contract added $1.60 to settle at $52.11". Empty when no verb
    stands between, or the subject is a pronoun."""
    if first <= 0:
        return ""
    sentence = tokens[first].sentence
    position, verb = first, False
    while position > 0 and first - position < MAX_PREDICATE:
        token = tokens[position - 1]
        if token.sentence != sentence or not _in_predicate(tokens, position - 1):
            break
        verb = verb or _verb_at(tokens, position - 1)
        position -= 1
    if not verb:
        return ""
    start = _noun_phrase_start(tokens, position)
    while start < position and not _opens(tokens[start]) and not _in_name(tokens, start):
        start += 1
    end = position
    while end > start and (not tokens[end - 1].is_word or not _opens(tokens[end - 1])):
        if tokens[end - 1].is_number and end - 1 > start and tokens[end - 2].is_capitalised:
            break  # "Britain’s FTSE 100"
        end -= 1
    if end == start or tokens[start].sentence != sentence:
        return ""
    return as_label(words(tokens, text, start, end))


#: Words between a subject and its figure: "jumped 9.2 per cent to", "was about to reach".
MAX_PREDICATE = 10


def _in_predicate(tokens: list[Token], index: int) -> bool:
    """Whether token ``index`` may stand between a subject and a figure: a verb, an adverb,
    a preposition, a number, a unit, a sign."""
    token = tokens[index]
    words = fact_words()
    if not token.is_word:
        return token.text not in CLAUSE_MARKS and not _in_name(tokens, index)
    lower = token.lower
    return (
        lower in AUXILIARIES
        or lower in PREPOSITIONS
        or lower in words.label_adverbs
        or lower in words.scales
        or lower in {"per", "cent", "percent", "up", "down", "only", "just", "by"}
        or (lower.endswith("ly") and token.text.islower())
        or _verb_at(tokens, index)
    )


def _verb_at(tokens: list[Token], index: int) -> bool:
    """A verb: a known form, a regular past, or a word after "to" ("to reach")."""
    token = tokens[index]
    if not token.is_word or not token.text.islower():
        return False
    if is_verb(token.text) or token.lower in AUXILIARIES - {"to"}:
        return True
    return index > 0 and tokens[index - 1].lower == "to" and token.lower not in PREPOSITIONS


def _noun_phrase_start(tokens: list[Token], end: int) -> int:
    """Where the noun phrase that ends before token ``end`` starts, read leftwards over
    content words, names, possessives and an inner "of" or "from the" ("level of
    governments", "revenues from the tariffs"); ``end`` when there is none."""
    start = end
    words = fact_words()
    while start > 0 and end - start < MAX_NOUN_PHRASE:
        token = tokens[start - 1]
        lower = token.bare.lower()
        if token.is_word and lower not in words.non_nouns and lower not in CLAUSE_WORDS:
            verb_form = is_verb(token.text) and not token.is_capitalised
            if start < end and verb_form and not _modifies(tokens, start):
                break  # "the rate averaged", but "new financed vehicles"
            start -= 1
            continue
        if token.text == "&" and start < end:
            start -= 1
            continue
        if _in_name(tokens, start - 1):
            start -= 1
            continue
        link = _inner_link(tokens, start - 1)
        if link and start < end:
            start -= link
            continue
        break
    return start


def _in_name(tokens: list[Token], index: int) -> bool:
    """A number or a hyphen in a name or a compound: "FTSE 100", "10-year Treasury note"."""
    token = tokens[index]
    if token.is_number:
        before = tokens[index - 1] if index > 0 else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        return (before is not None and before.is_word and before.is_capitalised) or (
            after is not None and after.text == "-"
        )
    return token.text == "-" and index > 0 and tokens[index - 1].is_number


def _inner_link(tokens: list[Token], index: int) -> int:
    """How many tokens, ending at ``index``, join a noun to the phrase after it: "of" ("level
    of governments"), "from the" ("revenues from the tariffs"); 0 when none do."""
    for width in (1, 2):
        lead = index - width + 1
        if lead < 1:
            return 0
        if width == 2 and tokens[index].lower not in DETERMINERS:
            continue
        noun = tokens[lead - 1]
        if (
            tokens[lead].lower in {"of", "from", "in", "on", "for"}
            and noun.is_word
            and noun.lower not in fact_words().non_nouns
            and not is_verb(noun.text)
        ):
            return width
    return 0


def who_does(tokens: list[Token], text: str, start: int) -> str:
    """A share of a group, said as who does what: "56 percent of people across Ukraine support
    the country’s path toward NATO membership" -> "People across Ukraine supporting NATO
    membership"; the subject and the verb's gerund and its object, at most seven words (the
    object cut to what its last preposition leads to, else the subject alone). The subject
    alone when the verb is "are" or has no gerund here ("36% of imports are computers");
    empty when the clause has no verb."""
    end = _clause_end(tokens, start, MAX_CLAUSE_WORDS + 4)
    verb = next((i for i in range(start + 1, end) if _finite_at(tokens, i)), None)
    if verb is None:
        return ""
    subject = _label_of(tokens, text, start, verb)
    if not subject:
        return ""
    gerund = _gerund(tokens[verb].lower)
    last = _trimmed(tokens, verb + 1, end)[1]
    first = verb + 1
    if first + 1 < last and tokens[first].lower == "the" and possessor(tokens[first + 1].text):
        first += 2  # "the country’s path": whose it is goes without saying
    if gerund is None or first >= last:
        return subject
    inner = [i for i in range(first + 1, last - 1) if tokens[i].lower in PREPOSITIONS]
    head = next((i for i in range(start + 1, verb) if tokens[i].lower in PREPOSITIONS), verb)
    for who, what in (
        (subject, first),
        (subject, inner[-1] + 1 if inner else first),
        (_label_of(tokens, text, start, head), inner[-1] + 1 if inner else first),
    ):
        label = f"{who} {gerund} {words(tokens, text, what, last)}"
        content = any(is_content(token) for token in tokens[what:last])
        if who and content and len(label.split()) <= MAX_LABEL_WORDS:
            return label
    return subject


#: At most this many words in a label made of a clause.
MAX_LABEL_WORDS = 7


def _finite_at(tokens: list[Token], index: int) -> bool:
    """A verb after a subject: a known form or a regular past ("employees voted"), a copula,
    or a plain word between a noun and a determiner ("people support the")."""
    token = tokens[index]
    if not token.is_word or not token.text.islower():
        return False
    lower = token.lower
    if lower in {"is", "are", "was", "were"} or is_verb(lower):
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        following is not None
        and following.lower in DETERMINERS
        and lower not in fact_words().non_nouns
        and lower not in PREPOSITIONS
        and is_content(tokens[index - 1])
    )


def _gerund(verb: str) -> str | None:
    """``voted`` -> ``voting``, ``supports`` -> ``supporting``, ``involve`` -> ``involving``;
    None for a copula or an irregular form (``are``, ``held``)."""
    words = fact_words()
    if verb in words.non_nouns or verb in words.verbs:
        return None
    if verb.endswith("ied"):
        return verb[:-3] + "ying"
    if verb.endswith("ed"):
        return verb[:-2] + "ing"
    if (verb.endswith("es") and verb[-3:-2] in set("sxz")) or verb.endswith(("ches", "shes")):
        verb = verb[:-2]
    elif verb.endswith("s") and not verb.endswith("ss"):
        verb = verb[:-1]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


def _clause_start(tokens: list[Token], end: int, limit: int) -> int:
    if end <= 0:
        return 0
    sentence = tokens[end - 1].sentence
    start = end
    while start > 0 and end - start < limit:
        previous = tokens[start - 1]
        if previous.sentence != sentence or not _in_clause(previous):
            break
        start -= 1
    return start


def post_modifier(tokens: list[Token], start: int, limit: int = 4) -> int:
    """Where the words that say more of a noun end, from token ``start``: a prepositional
    phrase ("in the GTA and Vancouver") or a participle ("gathered inside a high school");
    ``start`` itself when there are none."""
    if start >= len(tokens) or not tokens[start].is_word:
        return start
    lead = tokens[start].lower
    if lead not in PREPOSITIONS and not (is_verb(lead) and lead not in fact_words().verbs):
        return start
    end = _clause_end(tokens, start + 1, limit)
    first, last = _trimmed(tokens, start + 1, end)
    return last if last > first else start


def _in_clause(token: Token) -> bool:
    if token.text in CLAUSE_MARKS or token.lower in CLAUSE_WORDS:
        return False
    return token.is_word or token.is_number or token.text in "$%€£-"


def _clause_end(tokens: list[Token], start: int, limit: int) -> int:
    if start >= len(tokens):
        return start
    sentence = tokens[start].sentence
    end = start
    while end < len(tokens) and end - start < limit:
        following = tokens[end]
        if following.sentence != sentence or not _in_clause(following):
            break
        end += 1
    return end


def _label_of(tokens: list[Token], text: str, first: int, last: int) -> str:
    first, last = _trimmed(tokens, first, last)
    if not any(is_content(token) for token in tokens[first:last]):
        return ""
    return as_label(words(tokens, text, first, last))


def _trimmed(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """The range without function words, numbers and marks at its ends."""
    while first < last and not _opens(tokens[first]):
        first += 1
    while last > first and not _closes(tokens[last - 1]):
        last -= 1
    return first, last


def _opens(token: Token) -> bool:
    words = fact_words()
    return (
        token.is_word
        and token.lower not in words.non_nouns
        and token.lower not in CLAUSE_WORDS
        and token.lower not in words.scales  # "billion", left of another figure's words
    )


def _closes(token: Token) -> bool:
    if not token.is_word or token.lower in fact_words().non_nouns:
        return False
    return token.is_capitalised or is_content(token) or is_verb(token.text)
