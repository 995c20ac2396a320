"""Rankings and comparisons from ``claims/rules/comparison.yml``, read from the parse.

A ranking is a subject, a rank, the group it is ranked in and when: "Howl's Moving Castle, which
took 20bn yen to become the biggest film in Japan in 2004" is ("Howl's Moving Castle", #1,
"film in Japan", 2004). A superlative that only picks out a group ("the poorest 20%") ranks
nothing. A comparison needs two things compared: "the poorest 20% pay more than the richest 20%".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.families.spans import name_phrase
from claims.ruleset.matchers import RuleMatch


@dataclass
class FoundComparison:
    """A ranking or comparison: rule, claim type, token bounds and the normalised record."""

    rule_id: str
    claim_type: str
    start: int
    end: int
    comparison: dict[str, Any]


def find_comparisons(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any]) -> list[FoundComparison]:
    """Rankings (subject, rank, scope, time), comparisons of two things, and changes by a multiple."""
    by_span = {(m.span.start, m.span.end): m for m in matches if m.rule.family == "comparison"}
    found = []
    for span in filter_spans([Span(doc, s, e) for s, e in by_span]):
        match = by_span[(span.start, span.end)]
        kind = match.rule.type or "comparison"
        if kind == "ranking":
            read = _ranking(span, lexicon)
        elif kind == "comparison":
            read = _comparison(span, lexicon)
        else:
            read = _trend(span, lexicon)
        if read is None:
            continue
        record, end = read
        found.append(FoundComparison(match.rule.id, kind, span.start, max(end, span.end), record))
    return found


def _ranking(span: Span, lexicon: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
    """Subject, rank, what is ranked (its scope) and when; None for a superlative that picks out a group."""
    doc = span.doc
    word = _rank_word(span, lexicon)
    if _picks_out_a_group(doc, word, lexicon):
        return None  # "the poorest 20%", "the richest 10 per cent": who, not a ranking
    graded = word  # "most" of "the most popular": the adjective it grades is what ranks
    if word.tag_ == "RBS" and word.i + 1 < len(doc) and doc[word.i + 1].pos_ == "ADJ":
        graded = doc[word.i + 1]
    noun = span[-1] if span[-1].pos_ in ("NOUN", "PROPN") and span[-1].i not in (word.i, graded.i) else None
    if noun is None and graded.head.pos_ in ("NOUN", "PROPN") and graded.head.i > graded.i:
        noun = graded.head  # "the biggest film", "the most expensive film"
    held = noun or graded
    time, time_end = _time_of(held, lexicon)
    scope_start = (word.i + 1) if noun is not None else word.i
    scope_end = _scope_end(held, lexicon)
    scope = doc[scope_start:scope_end].text if scope_end > scope_start else word.text
    member = span[0].lower_ in ("one", "among")
    rank = _rank(span, lexicon)
    subject = (member and _set_off_noun(span)) or _subject(held)
    record: dict[str, Any] = {
        "kind": "ranking",
        "phrase": span.text,
        "subject": subject,
        "rank": rank,
        "by": doc[word.i : graded.i + 1].text.lower(),
        "scope": scope,
        "time": time,
        "member": member,
    }
    place = f"#{rank} " if rank else ""
    among = "one of the " if member else ""
    when = f" ({time})" if time else ""
    what = f"{word.lower_} {scope}" if noun is not None else scope
    record["describe"] = f"ranking: {subject or '?'} is {among}{place}{what}{when}"
    return record, max(scope_end, time_end)


def _rank_word(span: Span, lexicon: dict[str, Any]) -> Token:
    """The word that ranks: the superlative or rank word ("biggest", "top", "second-highest")."""
    words = set(lexicon.get("rank_words", []))
    ranked = [t for t in span if t.tag_ in ("JJS", "RBS") or t.lower_ in words]
    return ranked[-1] if ranked else span[-1]


def _picks_out_a_group(doc: Doc, word: Token, lexicon: dict[str, Any]) -> bool:
    """ "the poorest 20%", "the richest 10 per cent of households", "the top 1%": a share of people picked by
    a superlative, not something ranked."""
    after = word.i + 1
    if after >= len(doc) or not doc[after].like_num:
        return False
    shares = set(lexicon.get("share_words", []))
    return doc[after].text.endswith("%") or any(t.lower_ in shares for t in doc[after + 1 : after + 3])


def _scope_end(noun: Token, lexicon: dict[str, Any]) -> int:
    """End of what a ranking is within: the noun and the phrases that limit it ("film in Japan", "year on
    record for the company"), not a time ("in 2004") and not a clause."""
    scope_preps = set(lexicon.get("scope_prepositions", []))
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ != "prep" or child.lower_ not in scope_preps or _is_time(child):
            break
        end = max(end, _limited_end(child))
    return end


def _limited_end(prep: Token) -> int:
    """Right edge of a prepositional phrase, stopping before a time phrase inside it."""
    end = prep.i + 1
    for token in prep.subtree:
        if token.i > prep.i and token.dep_ == "prep" and _is_time(token):
            break
        end = max(end, token.i + 1)
    return end


def _is_time(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].ent_type_ == "DATE"


def _time_of(noun: Token, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """When the ranking holds: a time phrase on the ranked noun or on the verb that ranks it ("in 2004")."""
    holders = [noun]
    if noun.dep_ in ("attr", "oprd", "dobj", "pobj", "nsubj") and noun.head.pos_ in ("VERB", "AUX"):
        holders.append(noun.head)
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.i > noun.i and _is_time(child):
                obj = next(c for c in child.children if c.dep_ == "pobj")
                start, end = min(t.i for t in obj.subtree), max(t.i for t in obj.subtree) + 1
                return noun.doc[start:end].text, end
    return None, noun.i + 1


def _set_off_noun(span: Span) -> str | None:
    """ "the event, one of the most popular in North America": the noun a membership is set off after."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].pos_ in ("NOUN", "PROPN"):
        s, e = name_phrase(doc[span.start - 2])
        return doc[s:e].text
    return None


def _subject(token: Token) -> str | None:
    """Who or what is ranked or compared: the subject of the clause ("China is the largest buyer"), through
    "to become" and a relative pronoun to the noun it stands for ("X, which became the biggest film")."""
    doc = token.doc
    if token.dep_ == "appos" and token.head.pos_ in ("NOUN", "PROPN"):
        s, e = name_phrase(token.head)  # "Everest, the highest peak"
        return doc[s:e].text
    current = token
    for _ in range(5):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        own = (
            token.pos_ in ("NOUN", "PROPN")
            and token.left_edge.i <= (subject.i if subject is not None else -1) <= token.i
        )
        if subject is not None and subject.i != token.i and not own:  # not the ranked noun's own words
            if subject.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                subject = current.head  # "which" → the noun it stands for
            s, e = name_phrase(subject)
            return doc[s:e].text
        if current.head.i == current.i:
            break
        current = current.head
    return None


def _rank(span: Span, lexicon: dict[str, Any]) -> int | None:
    ordinals = lexicon.get("ordinal_ranks", {})
    for token in span:
        if token.lower_ in ordinals:
            return int(ordinals[token.lower_])
        if token.like_num and token.text[:-2].isdigit():
            return int(token.text[:-2])
    if span[0].lower_ in ("one", "among"):
        return None
    if any(t.tag_ in ("JJS", "RBS") for t in span):
        return 1
    return None


def _comparison(span: Span, lexicon: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
    """Two things compared: "Germany grew faster than France", "the poorest 20% pay more than the richest
    20%". None when the other side is a number ("more than 500": a bound, not a comparison)."""
    doc = span.doc
    than = next((t for t in span if t.lower_ == "than"), None)
    if than is None or than.i + 1 >= len(doc):
        return None
    first = doc[than.i + 1]
    if first.like_num or first.is_currency or first.lower_ in lexicon.get("not_compared", []):
        return None
    other_end = max([t.i for t in first.subtree] + [t.i for c in than.children for t in c.subtree] + [first.i]) + 1
    other = doc[than.i + 1 : other_end].text
    if (
        any(t.like_num for t in doc[than.i + 1 : min(other_end, than.i + 3)])
        and first.pos_ == "DET"
        and first.lower_ in ("a", "an")
    ):
        return None  # "more than a third"
    subject = _subject(span.root)
    word = span[0].lower_
    record = {
        "kind": "comparison",
        "phrase": span.text,
        "subject": subject,
        "comparative": word,
        "other": other,
        "describe": f"comparison: {subject or '?'} {word} than {other}",
    }
    return record, other_end


def _trend(span: Span, lexicon: dict[str, Any]) -> tuple[dict[str, Any], int]:
    multiplier = lexicon.get("multipliers", {}).get(span[-1].lower_)
    subject = _subject(span.root)
    since = _since(span)
    base = f"×{multiplier:g}" if multiplier else span.text
    record = {
        "kind": "trend",
        "phrase": span.text,
        "subject": subject,
        "multiplier": multiplier,
        "since": since,
        "describe": f"trend: {subject or '?'} {base}" + (f" since {since}" if since else ""),
    }
    return record, span.end


def _since(span: Span) -> str | None:
    for token in span.root.head.subtree if span.root.head.i != span.root.i else span.root.subtree:
        if token.lower_ == "since":
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return objects[0].text
    return None
