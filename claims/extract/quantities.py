"""Quantities: the figure a rule found, widened with its bound, unit, rate and change.

``rules/quantities.yml`` finds the figure; its lexicon says which words around the figure are
bounds ("more than"), rates ("annually"), currencies, scales and change verbs. The value itself
comes from the pure normalisers in ``claims.normalize``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.extract.spans import sentence_of
from claims.model import Quantity
from claims.nlp.matchers import RuleMatch
from claims.normalize.numbers import parse_digits, parse_number, parse_ordinal

_TYPE_PRIORITY = {"money": 3, "percent": 3, "ranking": 1, "quantity": 2}
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]?\d{3}[-.\s]\d{4}$|^\d{3}-\d{4}$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")
_SPORT_WORDS = {"win", "won", "beat", "lose", "lost", "defeat", "victory", "draw", "drew", "score", "scored", "goal", "goals", "match", "game", "lead", "led", "half-time", "halftime", "final", "set", "sets", "innings", "points"}
_STREET_WORDS = {"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard", "blvd", "lane", "drive", "place", "square", "way"}
_SCORE = re.compile(r"^\d{1,2}$")


@dataclass
class FoundQuantity:
    """A quantity with the rule that found it and its token bounds (figure widened to its phrase)."""

    rule_id: str
    claim_type: str
    quantity: Quantity
    start: int
    end: int


def find_quantities(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], taken: set[int]) -> list[FoundQuantity]:
    """Quantities in a doc, leaving out tokens already taken by calendar dates.

    Args:
        doc: the parsed article.
        matches: all rule matches of the doc.
        lexicon: the ``quantities`` lexicon.
        taken: token indices that belong to dates (years are not quantities).
    """
    candidates = [m for m in matches if m.rule.family == "quantities"]
    by_span: dict[tuple[int, int], RuleMatch] = {}
    for match in candidates:
        key = (match.span.start, match.span.end)
        current = by_span.get(key)
        if current is None or _TYPE_PRIORITY.get(match.rule.type or "", 0) > _TYPE_PRIORITY.get(current.rule.type or "", 0):
            by_span[key] = match
    spans = filter_spans([Span(doc, s, e) for s, e in by_span])
    found = []
    for span in spans:
        match = by_span[(span.start, span.end)]
        if any(i in taken for i in range(span.start, span.end)) and match.rule.type not in ("money", "percent"):
            continue
        result = _build(doc, span, match, lexicon)
        if result is not None:
            found.append(result)
    return found


def _build(doc: Doc, span: Span, match: RuleMatch, lexicon: dict[str, Any]) -> FoundQuantity | None:
    rule = match.rule
    words = [t.lower_ for t in span]
    if rule.label == "VAGUE":
        return _vague(doc, span, rule.id)
    if rule.label == "ORDINAL":
        value = parse_ordinal(span[0].text, lexicon["ordinal_words"])
        if value is None:
            return None
        noun = span[-1].lemma_.lower()
        quantity = Quantity(value=float(value), unit=noun, text=span.text, start=span.start_char, end=span.end_char, qualifier="=")
        return FoundQuantity(rule.id, "quantity", quantity, span.start, span.end)
    if _is_not_a_quantity(doc, span, lexicon):
        return None

    currency = _currency(span, lexicon)
    claim_type = rule.type or "quantity"
    unit: str | None = None
    value: float | list[float] | None
    number_words = lexicon["number_words"]
    scales = {k: v for k, v in lexicon["scales"].items() if currency or k not in lexicon["money_only_scales"]}
    if rule.id == "quantity.range":
        value = _range_value(span, number_words, scales)
    else:
        value = parse_number([t.text for t in span if _is_number_word(t, lexicon, currency)], number_words, scales)
    if value is None:
        return None

    start, end = span.start, span.end
    if currency:
        unit, claim_type = currency, "money"
    elif any(w in ("%", "percent", "pct", "per-cent", "cent") for w in words) and "percentage" not in words:
        unit, claim_type = "percent", "percent"
    elif "percentage" in words or "basis" in words:
        unit, claim_type = "percentage_point", "percent"
        if "basis" in words and isinstance(value, float):
            value = value / 100
    else:
        unit, end = _unit_after(doc, span, lexicon)
    if unit is None and claim_type == "quantity" and _YEAR.match(span.text) and not _counted_noun(span):
        return None  # a bare year-like number with nothing counted is a year

    if isinstance(value, list) and span.end < len(doc) and doc[span.end].text in ("%",):
        unit, claim_type, end = "percent", "percent", span.end + 1

    qualifier, start = _bound_before(doc, start, lexicon)
    trailing, end = _bound_after(doc, end, lexicon)
    qualifier = qualifier or trailing or "="
    change = _change(doc, span, lexicon)
    if change and qualifier == "=":
        qualifier = change
    rate, end = _rate_after(doc, end, lexicon)
    quantity = Quantity(
        value=value,
        unit=unit,
        text=doc[start:end].text,
        start=doc[start].idx,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier=qualifier,
        rate=rate,
        of=_counted(doc, span),
    )
    return FoundQuantity(rule.id, claim_type, quantity, start, end)


def _vague(doc: Doc, span: Span, rule_id: str) -> FoundQuantity:
    head = span[0]
    counted = _counted(doc, span)
    if counted is None and span.end < len(doc) and doc[span.end - 1].pos_ in ("NOUN", "PROPN", "ADJ") and len(span) > 1:
        counted = span[-1].text
    word_span = span if len(span) == 1 or span[-1].lower_ != "of" else span[:-1]
    if len(span) > 1 and span[-1].lower_ != "of":
        word_span = span[:1]
        noun = span[1] if span[1].pos_ in ("NOUN", "PROPN") else span[1].head
        if noun.i > span.start:
            counted = doc[span.start + 1 : noun.i + 1].text
    quantity = Quantity(value=None, unit=None, text=word_span.text, start=word_span.start_char, end=word_span.end_char,
                        qualifier="~", vague=True, of=counted)
    return FoundQuantity(rule_id, "quantity", quantity, word_span.start, word_span.end)


def _is_number_word(token: Token, lexicon: dict[str, Any], currency: str | None) -> bool:
    lower = token.lower_
    if lower in lexicon["currencies"] or token.text in ("%",) or lower in ("percent", "per", "cent", "pct", "percentage", "points", "point", "basis"):
        return False
    return token.like_num or lower in lexicon["number_words"] or lower in lexicon["scales"] or lower in ("a", "an", "and", "-") or bool(re.match(r"^\d", lower))


def _range_value(span: Span, number_words: dict[str, float], scales: dict[str, float]) -> list[float] | None:
    groups: list[list[str]] = [[]]
    for token in span:
        if token.lower_ in ("between", "from"):
            continue
        if token.lower_ in ("and", "to", "until", "-", "–", "—"):
            groups.append([])
            continue
        groups[-1].append(token.text)
    if len(groups) != 2:
        return None
    low = parse_number(groups[0], number_words, scales)
    high = parse_number(groups[1], number_words, scales)
    if low is None or high is None:
        return None
    high_scale = next((scales[w.lower()] for w in groups[1] if w.lower() in scales), None)
    low_scale = next((scales[w.lower()] for w in groups[0] if w.lower() in scales), None)
    if high_scale and not low_scale:
        low *= high_scale  # "5 to 7 million"
    return [low, high]


def _currency(span: Span, lexicon: dict[str, Any]) -> str | None:
    currencies = lexicon["currencies"]
    qualifiers = lexicon["currency_qualifiers"]
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    for token in span:
        code = currencies.get(token.lower_)
        if code:
            previous = doc[token.i - 1].lower_ if token.i > 0 else ""
            return qualifiers.get(previous, code) if code in ("USD",) and previous in qualifiers else code
    return currencies.get(before) if before in ("$", "£", "€", "¥", "us$") else None


def _unit_after(doc: Doc, span: Span, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """The unit or counted noun of a figure, and the token end of the widened phrase."""
    units = lexicon["units"]
    end = span.end
    if end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in units:
            return units[nxt.lower_], end + 1
        if nxt.lower_ in ("-",) and end + 1 < len(doc) and doc[end + 1].lower_ in units:
            return units[doc[end + 1].lower_], end + 2
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= span.end:
        head = root.head
        if head.i - span.end <= 3:
            lemma = head.lemma_.lower()
            unit = units.get(head.lower_, units.get(lemma, lemma))
            return unit, head.i + 1
    if end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].dep_ != "compound":
        lemma = doc[end].lemma_.lower()
        return units.get(doc[end].lower_, units.get(lemma, lemma)), end + 1
    return None, end


def _counted(doc: Doc, span: Span) -> str | None:
    """What a vague or counted figure is of: "the majority of North Korean workers" → "North Korean workers"."""
    last = span[-1]
    of = None
    if last.lower_ == "of":
        of = last
    elif span.end < len(doc) and doc[span.end].lower_ == "of":
        of = doc[span.end]
    else:
        of = next((c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    left = min(t.i for t in obj.subtree if t.dep_ not in ("relcl",))
    left = max(left, of.i + 1)
    while left < obj.i and doc[left].pos_ == "DET":
        left += 1
    return doc[left : obj.i + 1].text


def _counted_noun(span: Span) -> bool:
    root = span.root
    return root.dep_ == "nummod" and root.head.pos_ == "NOUN"


def _bound_before(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    bounds: dict[str, str] = lexicon["bounds"]
    for width in (3, 2, 1):
        if start - width < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start - width : start])
        if words in bounds:
            return bounds[words], start - width
    return None, start


def _bound_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    bounds: dict[str, str] = lexicon["trailing_bounds"]
    for width in (2, 1):
        if end + width > len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[end : end + width])
        if words in bounds:
            return bounds[words], end + width
    return None, end


def _rate_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    rates: dict[str, str] = lexicon["rates"]
    for skip in (0, 1, 2, 3, 4, 5):
        for width in (2, 1):
            s = end + skip
            if s + width > len(doc):
                continue
            words = " ".join(t.lower_ for t in doc[s : s + width])
            if words in rates:
                if skip and any(t.is_punct or t.pos_ in ("VERB", "AUX") for t in doc[end:s]):
                    continue
                return rates[words], (s + width if not skip else end)
    return None, end


def _change(doc: Doc, span: Span, lexicon: dict[str, Any]) -> str | None:
    """``up``/``down`` when the figure is the size of a change ("jumped 76%", "fell by 2 points")."""
    root = span.root
    head = root.head
    via_by = False
    if root.dep_ == "pobj" and head.lower_ in ("by",):
        head, via_by = head.head, True
    elif root.dep_ == "pobj" and head.lower_ in ("to", "from", "at"):
        return None
    if root.dep_ not in ("dobj", "npadvmod", "nummod", "pobj", "attr", "advmod", "quantmod", "compound", "appos", "nsubj") and not via_by:
        return None
    if root.dep_ in ("nummod", "compound", "quantmod") and head.dep_ in ("dobj", "npadvmod"):
        head = head.head
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB" or via_by:
        if lemma in lexicon["change_up"] or head.lower_ in lexicon["change_up"]:
            return "up"
        if lemma in lexicon["change_down"] or head.lower_ in lexicon["change_down"]:
            return "down"
    if head.pos_ == "NOUN" and lemma in ("increase", "rise", "gain", "jump", "growth", "hike"):
        return "up"
    if head.pos_ == "NOUN" and lemma in ("decrease", "fall", "drop", "decline", "cut", "loss", "reduction"):
        return "down"
    return None


def _is_not_a_quantity(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    """Identifiers, phone numbers, times, street numbers and match scores are not figures."""
    text = span.text
    if _PHONE.match(text) or _TIME.match(text):
        return True
    first = span[0]
    if first.ent_type_ == "TIME" and first.like_num and span.end < len(doc) and doc[span.end].lower_ in ("a.m.", "p.m.", "am", "pm", "o'clock"):
        return True
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.lower_ in lexicon["identifier_nouns"] and parse_digits(first.text) is not None:
        return True
    if previous is not None and previous.text in ("#", "No.", "no."):
        return True
    if span.end < len(doc) and doc[span.end].pos_ == "PROPN" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in _STREET_WORDS:
        return True
    if span.end < len(doc) and doc[span.end].lower_ in _STREET_WORDS and doc[span.end].is_title:
        return True
    if len(span) == 3 and span[1].text in ("-", "–") and _SCORE.match(span[0].text) and _SCORE.match(span[2].text):
        sentence_words = {t.lower_ for t in sentence_of(span[0])}
        if sentence_words & _SPORT_WORDS:
            return True
    if span.root.ent_type_ in ("DATE", "TIME") and _YEAR.match(first.text) and len(span) == 1:
        return True
    return False
