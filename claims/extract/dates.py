"""Dates: each calendar date found by ``claims/rules/dates.yml``, resolved, with the event it dates.

The event comes from the parse: the noun the date modifies ("the April 2019 summit"), the noun a
dated participle describes ("a statement published Tuesday"), or the verb it is attached to
("agreed in 2000" → agreement).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.model import DateValue
from claims.nlp.matchers import RuleMatch
from claims.normalize.dates import parse_with_dateparser, resolve_date

_DEICTIC = {"last", "next", "this", "previous", "coming"}
_LEADING = {
    "in",
    "on",
    "since",
    "by",
    "until",
    "till",
    "from",
    "during",
    "of",
    "through",
    "to",
    "before",
    "after",
    "the",
    "and",
    "or",
    "between",
    "year",
    "fiscal",
}


@dataclass
class FoundDate:
    """A date with the rule that found it and its token bounds."""

    rule_id: str
    date: DateValue
    start: int
    end: int
    event_token: int | None = None


def find_dates(
    doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], published: dt.date | None
) -> list[FoundDate]:
    """Dates in a doc, resolved against ``published`` where they need it."""
    spans: dict[tuple[int, int], RuleMatch] = {}
    for match in matches:
        if match.rule.family != "dates":
            continue
        start, end = match.span.start, match.span.end
        if (
            match.rule.id == "date.year"
            and end < len(doc)
            and doc[end].lower_ in lexicon.get("measures_after_year", ())
        ):
            continue  # "1520 sq m" is an area
        while start < end - 1 and doc[start].lower_ in _LEADING and doc[start + 1].lower_ not in ("year",):
            start += 1
        if match.rule.id in ("date.weekday", "date.month") and start > 0 and doc[start - 1].lower_ in _DEICTIC:
            start -= 1  # "last Wednesday", "this September", "next Monday": the word decides which one
        spans[(start, end)] = match
    kept = filter_spans([Span(doc, s, e) for s, e in spans])
    found = []
    for span in kept:
        match = spans[(span.start, span.end)]
        future = _points_forward(span, lexicon)
        value, relative = resolve_date(span.text, published, lexicon, future=future)
        if value is None and not relative and any(c.isdigit() for c in span.text):
            value = parse_with_dateparser(span.text, published.isoformat() if published else None)
        event, event_token = _event(span, lexicon)
        date = DateValue(
            value=value, text=span.text, start=span.start_char, end=span.end_char, event=event, relative=relative
        )
        found.append(FoundDate(match.rule.id, date, span.start, span.end, event_token))
    return found


def _points_forward(span: Span, lexicon: dict[str, Any]) -> bool:
    markers = set(lexicon.get("future_markers", []))
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if any(c.lower_ in markers for c in verb.children if c.dep_ in ("aux", "auxpass")):
        return True
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VB":
        return True  # "set to resume Monday", "is scheduled to close Monday"
    return any(t.lower_ in ("next", "upcoming", "coming") for t in span)


def _event(span: Span, lexicon: dict[str, Any]) -> tuple[str | None, int | None]:
    """The event a date anchors, from the parse; None when the date stands alone."""
    not_events = set(lexicon.get("not_events", []))
    verb_events: dict[str, str] = lexicon.get("verb_events", {})
    doc = span.doc
    after = span.end
    while after < len(doc) and doc[after].text in (",", "’s", "'s"):
        after += 1
    if (
        after < len(doc)
        and after - span.end <= 1
        and doc[after].pos_ == "NOUN"
        and doc[after].lemma_.lower() not in not_events
    ):
        noun = doc[after]
        if noun.head.i != noun.i and (
            noun.head.i in range(span.start, span.end)
            or span.root.head.i == noun.i
            or noun.dep_ in ("compound", "appos", "pobj", "nsubj", "dobj")
        ):
            return noun.lemma_.lower(), noun.i
    root = span.root
    token: Token = root
    if root.dep_ == "pobj" and root.head.dep_ == "prep":
        token = root.head
    head = token.head
    if head.i == token.i:
        return None, None
    if head.i >= span.start and head.i < span.end:
        return None, None
    if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in not_events:
        return head.lemma_.lower(), head.i
    if head.pos_ in ("VERB", "AUX"):
        if head.dep_ in ("acl", "relcl") and head.head.pos_ == "NOUN" and head.head.lemma_.lower() not in not_events:
            return head.head.lemma_.lower(), head.head.i
        lemma = head.lemma_.lower()
        return verb_events.get(lemma, lemma), head.i
    if head.pos_ == "ADJ" and head.head.pos_ in ("NOUN", "VERB"):
        target = head.head
        lemma = target.lemma_.lower()
        return (verb_events.get(lemma, lemma) if target.pos_ == "VERB" else lemma), target.i
    return None, None
