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

from claims.families.spans import QUOTES
from claims.model import DateValue
from claims.normalize.dates import parse_with_dateparser, resolve_against, resolve_date
from claims.ruleset.matchers import RuleMatch


@dataclass
class FoundDate:
    """A date with the rule that found it and its token bounds."""

    rule_id: str
    date: DateValue
    start: int
    end: int
    event_token: int | None = None


_YEARLESS = {"MONTH_DAY", "MONTH", "DAY_RANGE"}  # labels of dates written without their year


def find_dates(
    doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], published: dt.date | None
) -> list[FoundDate]:
    """Dates in a doc, resolved against the text where it says which year or date it means, else ``published``.

    A date told against another ("the previous year", "that month") is resolved against the nearest
    date before it in the sentence, else against the publication date ("a year earlier" in a results
    story is the year before publication); a month or day written without its year ("in March")
    takes the year written before it in the sentence ("In 2004 ... in March" is March 2004), else
    the publication date's. A wider reach (the paragraph) was tried and measured worse on TimeBank
    half A: stories move between years from one sentence to the next.
    """
    spans: dict[tuple[int, int], RuleMatch] = {}
    for match in matches:
        if match.rule.family != "dates":
            continue
        start, end = match.span.start, match.span.end
        while start < end - 1 and doc[start].text in QUOTES:
            start += 1  # '“Today we ...': the day, not the quote mark that opens the sentence
        if match.rule.label == "YEAR" and end < len(doc) and doc[end].lower_ in lexicon.get("measures_after_year", ()):
            continue  # "1520 sq m" is an area
        while (
            start < end - 1
            and doc[start].lower_ in lexicon["leading_words"]
            and doc[start + 1].lower_ not in ("year",)
            and match.rule.label != "ANAPHORIC"
        ):
            start += 1
        if match.rule.label in ("WEEKDAY", "MONTH") and start > 0 and doc[start - 1].lower_ in lexicon["deictic_words"]:
            start -= 1  # "last Wednesday", "this September", "next Monday": the word decides which one
        spans[(start, end)] = match
    kept = filter_spans([Span(doc, s, e) for s, e in spans])
    found: list[FoundDate] = []
    for span in kept:
        match = spans[(span.start, span.end)]
        value, relative, until = _resolve(span, match.span.text, match.rule.label, found, published, lexicon)
        event, event_token = _event(span, lexicon)
        date = DateValue(
            value=value,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            event=event,
            relative=relative,
            until=until,
        )
        found.append(FoundDate(match.rule.id, date, span.start, span.end, event_token))
    return _shared_events(found)


def _resolve(
    span: Span,
    match_text: str,
    label: str,
    before: list[FoundDate],
    published: dt.date | None,
    lexicon: dict[str, Any],
) -> tuple[str | None, bool, str | None]:
    """Value, whether context was needed, and the last day of a range, for one date span (``label``: its rule's)."""
    if label == "ANAPHORIC":
        anchor = _anchor(span, before, written_only=False)
        if anchor is None and not _looks_back(span, lexicon):
            return (
                None,
                True,
                None,
            )  # "the following month", "that day": told against a date this sentence does not give
        base = anchor.date.value if anchor is not None else (published.isoformat() if published else None)
        return (resolve_against(span.text, base, lexicon) if base else None), True, None
    if label == "CURRENT_PERIOD":
        return (f"{published.year:04d}" if published else None), True, None
    text, until_day = (match_text if label == "MONTH" else span.text), None  # "in May": the month, not "may"
    if label == "DAY_RANGE":
        text, until_day = _first_day(span)
    year = None
    if label in _YEARLESS and not any(t.shape_ == "dddd" for t in span):
        anchor = _anchor(span, before)
        year = int(anchor.date.value[:4]) if anchor is not None and anchor.date.value else None
    future = _points_forward(span, lexicon)
    past = not future and _points_back(span, lexicon)
    value, relative = resolve_date(text, published, lexicon, future=future, context_year=year, past=past)
    if value is None and not relative and any(c.isdigit() for c in text):
        value = parse_with_dateparser(text, published.isoformat() if published else None)
    until = f"{value[:8]}{until_day:02d}" if value and until_day and len(value) == 10 else None
    return value, relative, until


def _looks_back(span: Span, lexicon: dict[str, Any]) -> bool:
    """ "a year earlier", "the previous year": without a date in the sentence, these count back from publication."""
    directions: dict[str, int] = lexicon["anaphoric_directions"]
    words = span.text.lower().replace("-", " ").split()
    return any(directions.get(w, 0) < 0 for w in words)


def _first_day(span: Span) -> tuple[str, int | None]:
    """ "19-20 March 2024" → ("19 March 2024", 20); "March 19-20" → ("March 19", 20)."""
    tokens = list(span)
    dash = next((i for i, t in enumerate(tokens) if t.text in ("-", "–", "—")), None)
    if dash is None or dash + 1 >= len(tokens):
        return span.text, None
    last = int(tokens[dash + 1].text)
    kept = [t for i, t in enumerate(tokens) if i not in (dash, dash + 1)]
    return " ".join(t.text for t in kept), last


def _anchor(span: Span, before: list[FoundDate], written_only: bool = True) -> FoundDate | None:
    """The nearest date with a value before ``span`` in its sentence; with ``written_only`` one whose
    year is written ("in 2004", not "Tuesday"). A date after "since" or "until" is a bound of a span
    of time, not the time the sentence is about."""
    sentence = span[0].sent.start
    doc = span.doc
    found = [
        f
        for f in before
        if f.date.value
        and not (written_only and f.date.relative)
        and sentence <= f.start
        and f.end <= span.start
        and not (f.start > 0 and doc[f.start - 1].lower_ in ("since", "until", "till"))
    ]
    return found[-1] if found else None


def _shared_events(found: list[FoundDate]) -> list[FoundDate]:
    """ "come out on 1 April, not 1 January": a date whose event word is another date takes that date's event."""
    for item in found:
        if item.event_token is None:
            continue
        holder = next((f for f in found if f is not item and f.start <= item.event_token < f.end), None)
        if holder is not None:
            item.date.event, item.event_token = holder.date.event, holder.event_token
    return found


def _points_back(span: Span, lexicon: dict[str, Any]) -> bool:
    """Whether a date lies before publication: after "since", or dating a verb in the past tense."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in lexicon.get("past_prepositions", []):
        return True
    token = span.root
    if token.dep_ == "pobj":
        token = token.head  # the preposition: "signed in May", "ended Jan. 31"
    verb = token.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i == token.i:
        return False  # "payable Dec. 7": not dated by a verb
    return verb.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in verb.children)


def _points_forward(span: Span, lexicon: dict[str, Any]) -> bool:
    markers = set(lexicon.get("future_markers", []))
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if any(c.lower_ in markers for c in verb.children if c.dep_ in ("aux", "auxpass")):
        return True
    # "set to resume Monday", "is scheduled to close Monday" (not "allowed to inspect since Jan. 13")
    heads = lexicon.get("future_infinitive_heads", [])
    infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children) and verb.tag_ == "VB"
    if infinitive and (verb.head.lemma_.lower() in heads or verb.head.lower_ in heads):
        return True
    return any(t.lower_ in markers for t in span)  # "next Monday", "the coming week"


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
    if head.pos_ in ("VERB", "AUX") and head.lemma_ == "be":
        goal = next((c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if goal is not None:  # "today is to begin issuing": the beginning, not "be"
            head = goal
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
