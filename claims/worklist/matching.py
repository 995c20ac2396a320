"""Claim matching: the same claim again, in this run or checked before, and figures that disagree.

Three things, computed when a worklist is built:

- **exact duplicates** in one run (the same claim words in the same sentence, as in a wire story
  printed by two outlets) become one row that lists every source and article;
- a claim that **states the same thing** as another — the same normalised values, the same named
  entities, similar wording — is grouped with it, and flagged "previously checked" (with the
  earlier verdict, date and link) when the other one has a verdict in the ledger;
- **conflicting figures**: two articles give values for the same measure (same unit and rate, the
  same entities, similar wording) that cannot both be true.

Named entities are taken from the sentence's capitalised names (no parser needed, so matching
works on claims read back from the ledger); names match when equal, when one is the other's
initials ("U.S." and "United States") or when they are near-identical with rapidfuzz ("North
Korea" and "North Korean"). Wording is compared on the content words that are neither names nor
figures. Synonyms are not known: "workers abroad" and "overseas labour force" share no word, so a
paraphrase that changes every word but the names and the figure is not matched.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from claims.model import Claim, Flag, FlagKind, Quantity, Review

ENTITY_SIMILARITY = 85  # rapidfuzz ratio above which two names are the same name
SAME_ENTITIES = 0.5  # share of names two claims must have in common
SAME_WORDING = 0.25  # overlap of the other content words for "states the same thing" (values and names already agree)
SAME_MEASURE_WORDING = 0.5  # content-word overlap for "a figure for the same measure" (values differ)
MAX_BUCKET = 400  # claims compared pairwise under one key; larger buckets are compared with reviewed claims only

_NAME = re.compile(r"[A-Z][\w'’.&-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+|and[ \t]+)?[A-Z][\w'’.&-]*)*")
_WORD = re.compile(r"[a-z][a-z'’-]+")
_CALENDAR = frozenset(name.lower() for name in (*calendar.month_name[1:], *calendar.day_name))  # C locale: English


@dataclass(frozen=True)
class MatchingWords:
    """What matching reads from the ``claim`` rules: words that say nothing about what a claim is about
    (reporting verbs, figure words), and the ways a unit is written ("$", "dollars" → usd)."""

    stop: frozenset[str] = frozenset(STOP_WORDS)
    unit_aliases: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, lexicon: dict[str, Any]) -> MatchingWords:
        """From the ``claim`` lexicon's ``matching_filler`` and ``unit_aliases``."""
        filler = {str(w).lower() for w in lexicon.get("matching_filler", [])}
        aliases = tuple(sorted((str(k).lower(), str(v)) for k, v in (lexicon.get("unit_aliases") or {}).items()))
        return cls(frozenset(STOP_WORDS) | filler, aliases)

    @cached_property
    def aliases(self) -> dict[str, str]:
        return dict(self.unit_aliases)


@dataclass
class Earlier:
    """A claim with a verdict in the ledger, and where to find the check."""

    claim: Claim
    review: Review
    title: str | None = None
    location: str | None = None
    reviewed_on: str | None = None

    @property
    def link(self) -> str | None:
        """The first http(s) link in the evidence, else the article's URL."""
        for word in (self.review.evidence or "").replace(";", " ").split():
            if word.startswith(("http://", "https://")):
                return word
        if self.location and self.location.startswith(("http://", "https://")):
            return self.location
        return None

    def flag(self) -> Flag:
        day = (self.review.checked_on or self.reviewed_on or "")[:10]
        where = f" in '{self.title}'" if self.title else ""
        link = f" {self.link}" if self.link else ""
        return Flag(
            FlagKind.PREVIOUSLY_CHECKED,
            f"{self.review.verdict}"
            + (f" on {day}" if day else "")
            + f" (claim {self.claim.claim_id[:9]}{where}){link}",
        )


@dataclass
class Matches:
    """What matching found, by claim id."""

    duplicates: dict[str, list[str]] = field(
        default_factory=dict
    )  # representative → the other claims merged into its row
    groups: dict[str, str] = field(default_factory=dict)  # claim → short id of its group
    flags: dict[str, list[Flag]] = field(default_factory=lambda: defaultdict(list))
    previously_checked: dict[str, Earlier] = field(default_factory=dict)


@dataclass(slots=True)
class Signature:
    """What two claims are compared on. Small tuples of shared (interned) strings: a run holds one per claim."""

    values: tuple[tuple, ...]
    measures: tuple[tuple[str, str, str], ...]  # (unit, rate, what) per figure
    bounds: tuple[tuple[float, float], ...]
    entities: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(slots=True)
class Candidate:
    """What matching keeps of a claim: enough to compare it, and to name its figures in another claim's flags."""

    claim_id: str
    article_id: str
    duplicate_key: bytes  # the same type, words and sentence (normalised) as an exact duplicate
    signature: Signature
    figures: tuple[str, ...]  # the figures of ``signature.measures``, described


def candidate(claim: Claim, words: MatchingWords) -> Candidate:
    """A claim reduced to what matching needs (the claim itself can then leave memory)."""
    key = "\x1f".join((claim.type, _norm(claim.text), _norm(claim.sentence)))
    return Candidate(
        claim.claim_id,
        claim.article_id,
        hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest(),
        signature(claim, words),
        tuple(q.describe() for q in _figures(claim) if _meaningful(q)),
    )


def match_claims(
    claims: Iterable[Claim | Candidate],
    titles: dict[str, str],
    reviews: dict[str, Review],
    earlier: Iterable[Earlier],
    words: MatchingWords,
) -> Matches:
    """Match the claims of one run with each other and with earlier checked claims.

    Args:
        claims: the run's claims (or their ``candidate``), highest priority first (the first of a group leads it).
        titles: article id → title, for flags that name another article.
        reviews: the run's claims' reviews from the ledger (a reviewed duplicate leads its row).
        earlier: claims with a verdict in the ledger.
        words: what matching reads from the rules.
    """
    found = Matches()
    items = [c if isinstance(c, Candidate) else candidate(c, words) for c in claims]
    representatives = _merge_duplicates(items, reviews, found)
    by_id = {c.claim_id: c for c in representatives}
    _previously_checked(representatives, reviews, earlier, found, words)
    _same_claims(representatives, titles, found)
    _conflicting_figures(representatives, by_id, titles, found)
    return found


def signature(claim: Claim, words: MatchingWords) -> Signature:
    figures = _figures(claim)
    values = {_value_key(q, words) for q in figures if _meaningful(q)}
    if not values:
        values = {("date", sys.intern(d.value)) for d in claim.dates if d.value and len(d.value) >= 7}
    sentence = claim.sentence or claim.text
    for q in figures:
        sentence = sentence.replace(q.text, " ")
    names = entities(claim.sentence or claim.text, words)
    name_words = _content_words(" ".join(sorted(names)), words)
    return Signature(
        values=tuple(sorted(values, key=repr)),
        measures=tuple(
            (_unit(q.unit, words), sys.intern(q.rate or ""), _stem_phrase(q.of, words))
            for q in figures
            if _meaningful(q)
        ),
        bounds=tuple(_bounds(q) for q in figures if _meaningful(q)),
        entities=tuple(sorted(names)),
        words=tuple(sorted(_content_words(sentence, words) - name_words)),
    )


def _figures(claim: Claim) -> list[Quantity]:
    return [q for q in claim.quantities if not q.vague and q.value is not None]


def entities(text: str, words: MatchingWords) -> set[str]:
    """Capitalised names in a sentence, normalised ("The United States" → "united states")."""
    names = set()
    for match in _NAME.findall(text):
        name = _name(match, words)
        if name:
            names.add(name)
    return names


@lru_cache(maxsize=1 << 16)
def _name(match: str, stop: MatchingWords) -> str | None:
    words = match.replace("’", "'").split()
    while words and (words[0].lower() in stop.stop or words[0].lower() in _CALENDAR):
        words.pop(0)
    while words and words[-1].lower() in ("of", "the", "and"):
        words.pop()
    if not words:
        return None
    name = " ".join(words).lower().replace(".", "")
    name = re.sub(r"'s$", "", name).strip("'-& ")
    if len(name) > 1 and name not in _CALENDAR and not name.isdigit():
        return sys.intern(name)
    return None


def same_entities(a: Iterable[str], b: Iterable[str]) -> float:
    """Fuzzy Jaccard: distinct names of ``a`` found in ``b`` over all distinct names (1.0 when both have none)."""
    a, b = set(a), set(b)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shared = 0
    for x in a:
        if x in b:  # the same name: no need to compare it with every other
            shared += 1
        else:
            for y in b:
                if _same_name(x, y):
                    shared += 1
                    break
    return shared / (len(a) + len(b) - shared)


def same_wording(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard overlap of two sets of distinct words."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@lru_cache(maxsize=1 << 16)
def _same_name(a: str, b: str) -> bool:
    if a == b or _initials(a) == b or _initials(b) == a or _stem_name(a) == _stem_name(b):
        return True
    return fuzz.ratio(a, b) >= ENTITY_SIMILARITY


@lru_cache(maxsize=1 << 16)
def _stem_name(name: str) -> str:
    """ "north korean" → "north korea", "russian" → "russi": demonyms and names share a key."""
    return " ".join(w[:5] for w in name.split() if w not in ("of", "the", "and"))


def name_keys(names: Iterable[str]) -> set[str]:
    """Keys under which claims with a name in common meet (stem and initials of each name)."""
    keys = set()
    for name in names:
        keys.add(_stem_name(name))
        keys.add(_initials(name))
    return keys or {""}


@lru_cache(maxsize=1 << 16)
def _initials(name: str) -> str:
    words = [w for w in name.split() if w not in ("of", "the", "and")]
    return "".join(w[0] for w in words) if len(words) > 1 else name


def _content_words(text: str, words: MatchingWords) -> set[str]:
    return {
        sys.intern(w[:5]) for w in _WORD.findall(text.lower().replace("’", "'")) if len(w) > 2 and w not in words.stop
    }


@lru_cache(maxsize=1 << 14)
def _stem_phrase(text: str | None, words: MatchingWords) -> str:
    return sys.intern(" ".join(sorted(_content_words(text or "", words))))


@lru_cache(maxsize=4096)
def _unit(unit: str | None, words: MatchingWords) -> str:
    key = (unit or "").strip().lower()
    key = words.aliases.get(key, key)
    return sys.intern(key[:-1] if key.endswith("s") and len(key) > 3 else key)


def _round(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, -math.floor(math.log10(abs(value))) + 2)


def _value_key(q: Quantity, words: MatchingWords) -> tuple:
    value = tuple(_round(v) for v in q.value) if isinstance(q.value, (list, tuple)) else _round(float(q.value))  # type: ignore[arg-type]
    return (_unit(q.unit, words), value, sys.intern(q.rate or ""))


def _meaningful(q: Quantity) -> bool:
    """Figures worth matching on: with a unit, or large enough not to be a count of a few things."""
    if q.unit in ("anniversary",) or q.is_change:  # the size of a change is no level to compare
        return False
    value = q.value[-1] if isinstance(q.value, (list, tuple)) else q.value
    return bool(q.unit) or abs(float(value or 0)) >= 100


def _bounds(q: Quantity) -> tuple[float, float]:
    """The values a figure allows: "more than 500" → (500, inf); "about 500" → (425, 575)."""
    if isinstance(q.value, (list, tuple)):
        return float(min(q.value)), float(max(q.value))
    v = float(q.value)  # type: ignore[arg-type]
    slack = {"=": 0.01, "~": 0.15}.get(q.qualifier, 0.0)
    if q.qualifier in (">", ">="):
        return v, math.inf
    if q.qualifier in ("<", "<="):
        return -math.inf, v
    return v - abs(v) * slack, v + abs(v) * slack


def _merge_duplicates(claims: list[Candidate], reviews: dict[str, Review], found: Matches) -> list[Candidate]:
    groups: dict[bytes, list[Candidate]] = defaultdict(list)
    for claim in claims:
        groups[claim.duplicate_key].append(claim)
    leaders = {}
    for members in groups.values():
        leader = next((c for c in members if c.claim_id in reviews), members[0])
        leaders[leader.claim_id] = leader
        others = [c.claim_id for c in members if c is not leader]
        if others:
            found.duplicates[leader.claim_id] = others
    return [c for c in claims if c.claim_id in leaders]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').casefold().split())


def _previously_checked(
    claims: list[Candidate],
    reviews: dict[str, Review],
    earlier: Iterable[Earlier],
    found: Matches,
    words: MatchingWords,
) -> None:
    index: dict[tuple, list[tuple[Earlier, Signature]]] = defaultdict(list)
    for item in earlier:
        sig = signature(item.claim, words)
        for key in _meeting_keys(sig):
            index[key].append((item, sig))
    if not index:
        return
    for claim in claims:
        if (reviews.get(claim.claim_id) or Review(claim.claim_id)).verdict:
            continue
        sig = claim.signature
        best: tuple[float, Earlier] | None = None
        tried: set[str] = set()
        for key in _meeting_keys(sig):
            for item, other in index.get(key, []):
                if item.claim.claim_id == claim.claim_id or item.claim.claim_id in tried:
                    continue
                tried.add(item.claim.claim_id)
                score = _same_claim_score(sig, other)
                if score is not None and (best is None or score > best[0]):
                    best = (score, item)
        if best is not None:
            item = best[1]
            found.previously_checked[claim.claim_id] = item
            found.flags[claim.claim_id].append(item.flag())
            found.groups[claim.claim_id] = item.claim.claim_id[:9]
            found.groups.setdefault(item.claim.claim_id, item.claim.claim_id[:9])


def _meeting_keys(sig: Signature) -> list[tuple]:
    """A claim meets only claims with a value and a name in common (or a value and no names).

    In a fixed order: which claim leads a group must not depend on the process's string hashing.
    """
    names = name_keys(sig.entities)
    return sorted({(value, name) for value in sig.values for name in names}, key=repr)


def _same_claim_score(a: Signature, b: Signature) -> float | None:
    """How surely two claims with a value in common state the same thing (None: they do not)."""
    if not _share(a.values, b.values):
        return None
    names = same_entities(a.entities, b.entities)
    words = same_wording(a.words, b.words)
    if names < SAME_ENTITIES or words < SAME_WORDING:
        return None
    return names + words


def _share(a: tuple, b: tuple) -> bool:
    return any(x in b for x in a)


def _same_claims(claims: list[Candidate], titles: dict[str, str], found: Matches) -> None:
    """Group the run's claims that state the same thing; the first (highest priority) leads."""
    buckets: dict[tuple, list[Candidate]] = defaultdict(list)
    for claim in claims:
        for key in _meeting_keys(claim.signature):
            buckets[key].append(claim)
    leader: dict[str, Candidate] = {}
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if second.claim_id in leader or first.claim_id == second.claim_id:
                    continue
                if _same_claim_score(first.signature, second.signature) is None:
                    continue
                head = leader.get(first.claim_id, first)
                leader[second.claim_id] = head
    for claim_id, head in leader.items():
        group = found.groups.get(head.claim_id) or found.groups.get(claim_id) or head.claim_id[:9]
        found.groups.setdefault(head.claim_id, group)
        found.groups.setdefault(claim_id, group)
        earlier = found.previously_checked.get(claim_id)
        if earlier is not None and earlier.claim.claim_id == head.claim_id:
            continue  # already flagged as previously checked against this very claim
        found.flags[claim_id].append(
            Flag(FlagKind.SAME_CLAIM, f"{head.claim_id[:9]} in '{titles.get(head.article_id, head.article_id)}'")
        )


def _conflicting_figures(
    claims: list[Candidate], by_id: dict[str, Candidate], titles: dict[str, str], found: Matches
) -> None:
    """Figures for the same measure, in different articles, that cannot both be true."""
    buckets: dict[tuple[str, str, str], list[tuple[str, int]]] = defaultdict(list)
    for claim in claims:
        sig = claim.signature
        for n, (unit, rate, _what) in enumerate(sig.measures):
            if not unit:
                continue
            for name in sorted(name_keys(sig.entities)):
                buckets[(unit, rate, name)].append((claim.claim_id, n))
    reported: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for i, (first_id, m) in enumerate(members):
            for second_id, n in members[i + 1 :]:
                first, second = by_id[first_id], by_id[second_id]
                if first.article_id == second.article_id or (first_id, second_id) in reported:
                    continue
                a, b = first.signature, second.signature
                if a.measures[m][:2] != b.measures[n][:2] or (
                    a.measures[m][2] and b.measures[n][2] and a.measures[m][2] != b.measures[n][2]
                ):
                    continue
                if _share(a.values, b.values) or _overlap(a.bounds[m], b.bounds[n]):
                    continue
                if (
                    same_entities(a.entities, b.entities) < SAME_ENTITIES
                    or same_wording(a.words, b.words) < SAME_MEASURE_WORDING
                ):
                    continue
                reported.update({(first_id, second_id), (second_id, first_id)})
                _flag_conflict(first, second, n, titles, found)
                _flag_conflict(second, first, m, titles, found)


def _flag_conflict(claim: Candidate, other: Candidate, index: int, titles: dict[str, str], found: Matches) -> None:
    value = other.figures[index]
    found.flags[claim.claim_id].append(
        Flag(
            FlagKind.CONFLICTING_FIGURE,
            f"'{titles.get(other.article_id, other.article_id)}' gives {value} (claim {other.claim_id[:9]})",
        )
    )


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
