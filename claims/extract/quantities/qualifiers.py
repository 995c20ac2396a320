"""What is written around a figure that qualifies it: a bound ("more than", "or more"), a change
("jumped 76%", "up 2.8%") and a rate ("annually", "a year")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span


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


def change_direction(doc: Doc, span: Span, lexicon: dict[str, Any]) -> str | None:
    """``up``/``down`` when the figure is the size of a change ("jumped 76%", "fell by 2 points")."""
    root = span.root
    head = root.head
    via_by = False
    if root.dep_ == "pobj" and head.lower_ in ("by",):
        head, via_by = head.head, True
    elif root.dep_ == "pobj" and head.lower_ == "to" and head.head.pos_ == "VERB":
        head, via_by = head.head, True  # "rose 18 sen to RM23.50": where the change took it
    elif root.dep_ == "pobj" and head.lower_ in ("to", "from", "at"):
        return None
    if (
        root.dep_
        not in ("dobj", "npadvmod", "nummod", "pobj", "attr", "advmod", "quantmod", "compound", "appos", "nsubj")
        and not via_by
    ):
        return None
    if root.dep_ in ("nummod", "compound", "quantmod") and head.dep_ in ("dobj", "npadvmod"):
        head = head.head
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB" or via_by:
        if lemma in lexicon["change_up"] or head.lower_ in lexicon["change_up"]:
            return "up"
        if lemma in lexicon["change_down"] or head.lower_ in lexicon["change_down"]:
            return "down"
    return None  # a noun of change ("a 5% pay rise") names the change; its figure is its size, not a move


def rate_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """ "$500 million annually", "40 tons of coal a day": the rate in time, and the token after it.

    The rate may stand a few words on ("a day" after "of coal"); then the phrase is not widened.
    """
    rates: dict[str, str] = lexicon["rates"]
    for skip in (0, 1, 2, 3, 4, 5):
        for width in (2, 1):
            s = end + skip
            if s + width > len(doc):
                continue
            words = " ".join(t.lower_ for t in doc[s : s + width])
            if words in rates and not any(t.is_sent_start or t.is_space for t in doc[end : s + width]):
                if s + width < len(doc) and doc[s + width].lower_ in lexicon["times_not_rates"]:
                    return None, end  # "a year earlier", "a week ago": a time, not a rate
                if skip and any(t.is_punct or t.pos_ in ("VERB", "AUX") or t.like_num for t in doc[end:s]):
                    continue  # the rate of a later figure ("15 to 22 miles per hour")
                if skip and doc[s - 1].lower_ in ("for", "in", "within", "over", "after", "than"):
                    continue  # a length of time, not a rate: "54GB of data for a month", "done in a day"
                return rates[words], (s + width if not skip else end)
    return None, end
