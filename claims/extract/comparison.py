"""Comparisons and rankings with their subject and scope, from ``claims/rules/comparison.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.extract.spans import name_phrase
from claims.nlp.matchers import RuleMatch


@dataclass
class FoundComparison:
    """A ranking or comparison: rule, claim type, token bounds and the normalised record."""

    rule_id: str
    claim_type: str
    start: int
    end: int
    comparison: dict[str, Any]


def find_comparisons(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any]) -> list[FoundComparison]:
    by_span = {(m.span.start, m.span.end): m for m in matches if m.rule.family == "comparison"}
    found = []
    for span in filter_spans([Span(doc, s, e) for s, e in by_span]):
        match = by_span[(span.start, span.end)]
        subject = _subject(span)
        record: dict[str, Any] = {"kind": match.rule.type, "phrase": span.text, "subject": subject}
        if match.rule.type == "ranking":
            record["rank"] = _rank(span, lexicon)
            record["scope"] = _scope(span)
            member = " one of" if span[0].lower_ in ("one", "among") else ""
            rank = f" #{record['rank']}" if record["rank"] else ""
            record["describe"] = f"ranking{rank}: {subject or '?'} is{member} {record['scope'] or span.text}"
        else:
            multiplier = lexicon.get("multipliers", {}).get(span[-1].lower_)
            record["multiplier"] = multiplier
            since = _since(span)
            record["since"] = since
            base = f"×{multiplier:g}" if multiplier else span.text
            record["describe"] = f"{match.rule.type}: {subject or '?'} {base}" + (f" since {since}" if since else "")
        found.append(FoundComparison(match.rule.id, match.rule.type or "comparison", span.start, span.end, record))
    return found


def _subject(span: Span) -> str | None:
    token: Token = span.root
    for _ in range(4):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and not (span.start <= subject.i < span.end):
            s, e = name_phrase(subject)
            return span.doc[s:e].text
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _rank(span: Span, lexicon: dict[str, Any]) -> int | None:
    ordinals = lexicon.get("ordinal_ranks", {})
    for token in span:
        if token.lower_ in ordinals:
            return int(ordinals[token.lower_])
        if token.like_num and token.text[:-2].isdigit():
            return int(token.text[:-2])
    if span[0].lower_ in ("the",) and len(span) >= 2 and span[-1].tag_ == "JJS":
        return 1
    return None


def _scope(span: Span) -> str:
    """The ranked group with what limits it: "top destinations for North Korean forced laborers"."""
    doc = span.doc
    noun = span[-1] if span[-1].pos_ in ("NOUN", "PROPN") else span.root
    end = span.end
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "in", "among", "on"):
            end = max(end, child.right_edge.i + 1)
    start = span.start
    while start < end and doc[start].lower_ in ("one", "among", "of", "the"):
        start += 1
    return doc[start:end].text


def _since(span: Span) -> str | None:
    for token in span.root.head.subtree if span.root.head.i != span.root.i else span.root.subtree:
        if token.lower_ == "since":
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return objects[0].text
    return None
