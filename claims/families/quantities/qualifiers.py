"""What is written around a figure that qualifies it: a bound ("more than", "or more"), a change
("jumped 76%", "up 2.8%") and a rate ("annually", "a year")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token


def bound_before(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """ "more than $500 million", "at least 20": the bound written before token ``start``, and where it starts."""
    bounds: dict[str, str] = lexicon["bounds"]
    for width in (3, 2, 1):
        if start - width < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start - width : start])
        if words in bounds:
            return bounds[words], start - width
    return None, start


def bound_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """ "20 or more", "100 plus": the bound written from token ``end`` on, and the token after it."""
    bounds: dict[str, str] = lexicon["trailing_bounds"]
    for width in (3, 2, 1):
        if end + width > len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[end : end + width])
        if words in bounds and not (words == "+" and end + width < len(doc) and doc[end + width].like_num):
            return bounds[words], end + width
    return None, end


def change_adverb(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """ "up 2.8%", "down 68p", "+0.3%": the figure is the size of a change."""
    adverbs: dict[str, str] = lexicon["change_adverbs"]
    if start > 0 and doc[start - 1].lower_ in adverbs and doc[start - 1].pos_ in ("ADV", "ADP", "PART"):
        word = doc[start - 1]
        if word.dep_ == "prt" and word.head.lemma_.lower() not in lexicon["change_particle_verbs"]:
            return None  # "gave up 517 yards"
        return adverbs[word.lower_], start - 1
    first = doc[start]
    if first.text.startswith("+") and any(c.isdigit() for c in first.text):
        return "up", start
    return None


@dataclass(frozen=True)
class Movement:
    """What the words around a figure say about a change: its direction, the figure's part in it and the
    word that states it. ``role`` is ``amount`` for the size of the change ("rose 5%", "by 2 points"),
    ``to`` for the level it reached ("rose to 4.6%") and ``from`` for the level it left ("down from 17%")."""

    direction: str | None
    role: str
    word: int


_ROLES = {"by": "amount", "to": "to", "from": "from"}
_AMOUNT_DEPS = ("dobj", "npadvmod", "nummod", "pobj", "attr", "advmod", "quantmod", "compound", "appos", "nsubj")


def change_of(doc: Doc, span: Span, lexicon: dict[str, Any], kind: str = "measure") -> Movement | None:
    """The change a figure belongs to, or None when it states a level, a count or nothing moves.

    Args:
        doc: the parsed article.
        span: the figure's tokens.
        lexicon: the ``quantities`` lexicon (change verbs and adverbs).
        kind: ``money``, ``duration`` (a length of time: never the size of a change unless "by"
            says so), else ``measure`` or ``count``. Money a verb takes in or someone hands over is
            what was acted on ("raised $26 million", "she lost $5,000"), not the size of a change.
    """
    if span[0].lower_ == "from" and len(span) > 2:  # "revised down from 157,000 to 133,000", matched as one range
        direction, changes = verb_direction(span[0].head, lexicon)
        return Movement(direction, "from", span[0].head.i) if changes else None
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _ROLES:
        word = head.head
        direction, changes = verb_direction(word, lexicon)
        if not changes:
            return _after_preposition(doc, span, lexicon)
        return Movement(direction, _ROLES[head.lower_], word.i)  # "rose to 4.6%", "down from 17%", "by 2 points"
    written = _after_preposition(doc, span, lexicon)
    if written is not None or _preposition_before(doc, span) in ("to", "from"):
        return written  # after "to" or "from" a figure is a level, never the size of a change
    if kind == "duration":
        return None  # "rise over 20 years", "grew for three years": how long, not how much
    if root.dep_ not in _AMOUNT_DEPS or is_a_part(doc, span):
        return None  # "12 of their 14 games" is a part of a whole
    if root.dep_ in ("nummod", "compound", "quantmod") and head.dep_ in ("dobj", "npadvmod"):
        head = head.head
    if head.pos_ != "VERB":
        return None  # a noun of change ("a 5% pay rise") names the change; its figure is its size, not a move
    direction, _ = verb_direction(head, lexicon)
    if direction is None:
        return None
    objects = root.dep_ == "dobj" or (root.dep_ in ("nummod", "compound") and root.head.dep_ == "dobj")
    if objects and kind == "money" and _acted_on(head, lexicon):
        return None  # "raised $26 million", "she lost $5,000": money taken in or handed over
    return Movement(direction, "amount", head.i)


def _after_preposition(doc: Doc, span: Span, lexicon: dict[str, Any]) -> Movement | None:
    """ "spending rising 37% to 705m rupees", where the parser hangs "to" on the number: the word before the
    figure says its part, the nearest change word before it in the clause says the change."""
    at = _preposition_at(doc, span)
    if at is None:
        return None
    sentence_start = doc[at].sent.start
    for i in range(at - 1, max(sentence_start, at - 12) - 1, -1):
        word = doc[i]
        if word.lower_ in lexicon["clause_breaks"] or word.lower_ in ("to", "from"):
            return None
        if word.pos_ in ("VERB", "ADV", "ADJ", "NOUN"):
            direction, changes = verb_direction(word, lexicon)
            if changes:
                return Movement(direction, _ROLES[doc[at].lower_], word.i)
    return None


def _preposition_at(doc: Doc, span: Span) -> int | None:
    """Where "to", "from" or "by" stands right before a figure (a currency sign or code may come between)."""
    at = span.start - 1
    while at >= 0 and at >= span.start - 2 and (doc[at].is_currency or (doc[at].is_upper and len(doc[at]) <= 3)):
        at -= 1  # "to US $7.2 billion", "to C $5m"
    return at if at >= 0 and doc[at].lower_ in _ROLES else None


def _preposition_before(doc: Doc, span: Span) -> str | None:
    at = _preposition_at(doc, span)
    return doc[at].lower_ if at is not None else None


def verb_direction(word: Token, lexicon: dict[str, Any]) -> tuple[str | None, bool]:
    """Direction of a change word and whether it states a change at all: "rose" (up), "revised down"
    (down), "revised" (a change, direction unknown), "down" (down), "said" (no change)."""
    adverbs: dict[str, str] = lexicon["change_adverbs"]
    lemma, lower = word.lemma_.lower(), word.lower_
    particle_verbs = lexicon["change_particle_verbs"]
    for child in word.children:
        particle = child.dep_ in ("prt", "advmod") and child.lower_ in adverbs and child.i == word.i + 1
        if particle and (lemma in particle_verbs or lemma in lexicon["change_neutral"]):
            return adverbs[child.lower_], True  # "revised down", "went up" (not "making up a third")
    if word.pos_ in ("ADV", "ADP") and lower in adverbs:
        return adverbs[lower], True  # "down from 17%", "up 5%"
    if lemma in lexicon["change_up"] or lower in lexicon["change_up"]:
        return "up", True
    if lemma in lexicon["change_down"] or lower in lexicon["change_down"]:
        return "down", True
    return None, lemma in lexicon["change_neutral"]


def is_a_part(doc: Doc, span: Span) -> bool:
    """ "12 of their 14 games", "280 million of the 1.5 billion shekels": a figure read against a whole."""
    after = span.end
    if after >= len(doc) or doc[after].lower_ != "of":
        return False
    return any(t.like_num for t in doc[after + 1 : after + 4])


def _acted_on(verb: Token, lexicon: dict[str, Any]) -> bool:
    """Whether a transitive change verb acts on what it names ("raised $26m", "Ford lost $5bn"), as
    opposed to a measure that moves by it ("shares lost 5%", "oil gained $2")."""
    if verb.lemma_.lower() in lexicon["acquiring_verbs"]:
        return True  # "raised $26 million", "earned $5bn": money taken in, not a level that rose
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    return subject.ent_type_ == "PERSON" or subject.lower_ in lexicon["agent_pronouns"]


def rate_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """ "$500 million annually", "40 tons of coal a day": the rate in time, and the token after it.

    The rate may stand a few words on ("a day" after "of coal"); then the phrase is not widened.
    """
    rates: dict[str, str] = lexicon["rates"]
    lowers = [t.lower_ for t in doc[end : end + 7]]  # the words the loop reads, each looked up once
    for skip in (0, 1, 2, 3, 4, 5):
        for width in (2, 1):
            s = end + skip
            if s + width > len(doc):
                continue
            words = " ".join(lowers[skip : skip + width])
            if words in rates and not any(t.is_sent_start or t.is_space for t in doc[end : s + width]):
                if s + width < len(doc) and doc[s + width].lower_ in lexicon["times_not_rates"]:
                    return None, end  # "a year earlier", "a week ago": a time, not a rate
                if skip and any(t.is_punct or t.pos_ in ("VERB", "AUX") or t.like_num for t in doc[end:s]):
                    continue  # the rate of a later figure ("15 to 22 miles per hour")
                if skip and doc[s - 1].lower_ in lexicon["duration_prepositions"]:
                    continue  # a length of time, not a rate: "54GB of data for a month", "done in a day"
                return rates[words], (s + width if not skip else end)
    return None, end
