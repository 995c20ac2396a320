"""Consistency checks inside one article, written onto the claims they concern as flags.

Problems start with ``inconsistent:``; checks that passed start with ``consistent:`` so that a
checker sees the arithmetic was done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from claims.model import Claim, Flag, FlagKind, Quantity
from claims.normalize.dates import parse_iso
from claims.ruleset import RuleSet

_BOUND_OK = {
    ">": lambda actual, stated: actual > stated,
    ">=": lambda actual, stated: actual >= stated,
    "<": lambda actual, stated: actual < stated,
    "<=": lambda actual, stated: actual <= stated,
    "~": lambda actual, stated: abs(actual - stated) <= max(1.0, 0.15 * stated),
    "=": lambda actual, stated: abs(actual - stated) <= 1.0,
}


@dataclass(frozen=True)
class ConsistencyWords:
    """What the checks read from the rules: groups of event nouns that name the same event (``dates``
    lexicon ``event_synonyms``), number words and the words of a bound (``quantities`` lexicon)."""

    synonyms: list[set[str]] = field(default_factory=list)
    number_words: Mapping[str, float] = field(default_factory=dict)
    bounds: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ruleset: RuleSet) -> ConsistencyWords:
        quantities = ruleset.lexicon("quantities")
        return cls(
            [set(group) for group in ruleset.lexicon("dates").get("event_synonyms", [])],
            quantities.get("number_words", {}),
            quantities.get("bounds", {}),
        )


def check_consistency(claims: list[Claim], published: dt.date | None, words: ConsistencyWords | None = None) -> None:
    """Add flags for anniversary arithmetic, "N years ago", repeated measures and percentage sums.

    Args:
        claims: the claims of one article.
        published: its publication date, when known.
        words: what the checks read from the rules.
    """
    _anniversaries(claims, published)
    _years_ago(claims, published, words or ConsistencyWords())
    _same_measure(claims)
    _percent_sums(claims)


def _anniversaries(claims: list[Claim], published: dt.date | None) -> None:
    for claim in claims:
        for q in claim.quantities:
            if q.unit != "anniversary" or not isinstance(q.value, float):
                continue
            dated = [
                d
                for c in claims
                for d in c.dates
                if d.value and c.sentence_start == claim.sentence_start and d.start > q.end and not d.relative
            ]
            if not dated:
                continue
            base = parse_iso(dated[0].value)
            if base is None:
                continue
            implied = base.year + int(q.value)
            if published is None:
                claim.flags.append(Flag(FlagKind.NOTE, f"{q.text} of {dated[0].value} implies {implied}"))
            elif implied == published.year:
                claim.flags.append(
                    Flag(FlagKind.CONSISTENT, f"{q.text} of {dated[0].value} implies {implied}, the article's year")
                )
            else:
                claim.flags.append(
                    Flag(
                        FlagKind.INCONSISTENT,
                        f"{q.text} of {dated[0].value} implies {implied}, but the article is dated {published.isoformat()}",
                    )
                )


def _years_ago(claims: list[Claim], published: dt.date | None, words: ConsistencyWords) -> None:
    """ "Signed more than two decades ago" against the date the article gives the same event."""
    if published is None:
        return
    absolute = [(d, c) for c in claims for d in c.dates if d.value and not d.relative and d.event]
    for claim in claims:
        for d in claim.dates:
            if not (d.relative and d.text.lower().endswith("ago") and d.value and d.event):
                continue
            same = [
                a
                for a, _ in absolute
                if a.event == d.event or any({a.event, d.event} <= group for group in words.synonyms)
            ]
            if not same:
                continue
            stated = _years_in(d.text, words.number_words)
            if stated is None:
                continue
            target = parse_iso(same[0].value)
            assert target is not None
            actual = (published - target).days / 365.25
            qualifier = _qualifier(d.text, words.bounds)
            ok = _BOUND_OK[qualifier](actual, stated)
            verdict = FlagKind.CONSISTENT if ok else FlagKind.INCONSISTENT
            claim.flags.append(
                Flag(
                    verdict,
                    f"'{d.text}' for the {d.event}, dated {same[0].value}: {actual:.1f} years before the article",
                )
            )


def _same_measure(claims: list[Claim]) -> None:
    """The same counted thing given two different values in one article."""
    seen: dict[tuple[str, str], list[tuple[Claim, Quantity]]] = defaultdict(list)
    for claim in claims:
        for q in claim.quantities:
            if (
                q.vague
                or q.value is None
                or not q.unit
                or q.unit in ("anniversary", "percent", "percentage_point", "year")
            ):
                continue
            key = (q.unit.lower(), (q.of or "").lower())
            seen[key].append((claim, q))
    for (unit, of), items in seen.items():
        if not of:
            continue
        values = {str(q.value) for _, q in items if q.qualifier in ("=", "~")}
        if len(values) > 1:
            for claim, q in items:
                others = ", ".join(sorted(v for v in values if v != str(q.value)))
                claim.flags.append(
                    Flag(FlagKind.INCONSISTENT, f"{unit} of {of} also given as {others} in this article")
                )


def _percent_sums(claims: list[Claim]) -> None:
    """Three or more shares in one sentence that add up to more than 100%."""
    by_sentence: dict[int, list[tuple[Claim, Quantity]]] = defaultdict(list)
    for claim in claims:
        for q in claim.quantities:
            if q.unit == "percent" and q.qualifier == "=" and isinstance(q.value, float):
                by_sentence[claim.sentence_start].append((claim, q))
    for items in by_sentence.values():
        if len(items) >= 3:
            total = sum(q.value for _, q in items)  # type: ignore[misc]
            if total > 100.5:
                for claim, _ in items:
                    claim.flags.append(Flag(FlagKind.INCONSISTENT, f"shares in this sentence add up to {total:g}%"))


def _years_in(text: str, numbers: Mapping[str, float]) -> float | None:
    words = text.lower().replace("-", " ").split()
    count = None
    for w in words:
        if w.isdigit():
            count = float(w)
        elif count is None and (w in numbers or w in ("a", "an")):
            count = float(numbers.get(w, 1))
    if count is None:
        return None
    if "decade" in text or "decades" in text:
        return count * 10
    if "year" in text:
        return count
    return None


def _qualifier(text: str, bounds: Mapping[str, str]) -> str:
    """The bound a date's words put on its number of years ("more than two decades ago": >), else ~."""
    lowered = text.lower()
    found = [(len(words), q) for words, q in bounds.items() if lowered.startswith(words + " ")]
    return max(found)[1] if found else "~"
