"""The worklist's rows in order, planned from compact keys so that a worklist of any size fits in memory.

Sorting by priority, claim matching and grouping need every claim of the run at once, but only a
little of each: its id, score, article and position, what matching compares (``Candidate``) and
a digest of what its row shows. That is what is kept while the claims stream past once. The
full claims stay in the ledger (or, without one, in memory) and are fetched in row order, a
batch at a time, as the rows are written.

The plan also has a fingerprint of everything the workbook would show, so that a worklist that
would come out the same as the one already on disk need not be written again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass

from claims.config import Settings
from claims.errors import LedgerError
from claims.model import Article, Claim, Flag, Review
from claims.ruleset import cached_rules
from claims.score import Scorer
from claims.worklist.matching import Candidate, Earlier, Matches, MatchingWords, candidate, match_claims
from claims.worklist.rows import LAYOUT_VERSION, WorklistRow
from claims.worklist.store import ReviewStore

WHY_SIGNALS = 3  # signals the Why column names; `claims explain` shows them all

BATCH = 1000  # claims fetched from the ledger at a time while rows are written


@dataclass(slots=True)
class _Key:
    """What the order and the fingerprint need of a claim."""

    claim_id: str
    article_id: str
    score: float
    strength: float  # the sum of the score's signal weights: orders claims whose scores both round to 1
    order: int  # the article's position in the run
    start: int
    digest: bytes  # everything the claim's row shows of it


@dataclass(slots=True)
class _Entry:
    """A row to be: its claim, the exact duplicates sharing it, its flags and group."""

    key: _Key
    duplicates: tuple[_Key, ...]
    flags: list[Flag]
    group: str


class WorklistPlan:
    """The rows of a worklist, in order, before they are built.

    ``len(plan)`` is the number of rows, ``plan.rows()`` builds them (fetching the claims in
    batches), ``plan.fingerprint`` identifies what the workbook would show, and
    ``plan.claim_counts`` counts the claims per article (duplicates included).
    """

    def __init__(
        self,
        entries: list[_Entry],
        articles: list[Article],
        reviews: dict[str, Review],
        settings: Settings,
        scorer: Scorer,
        fetch: Callable[[list[str]], dict[str, Claim]],
        claim_counts: Counter[str],
        fingerprint: str,
    ):
        self.entries, self.articles, self.reviews, self.settings = entries, articles, reviews, settings
        self.scorer, self.fetch, self.claim_counts, self.fingerprint = scorer, fetch, claim_counts, fingerprint

    def __len__(self) -> int:
        return len(self.entries)

    def rows(self, batch: int = BATCH) -> Iterator[WorklistRow]:
        """The rows in order; only one batch of full claims is in memory at a time."""
        by_id = {a.id: a for a in self.articles}
        for start in range(0, len(self.entries), batch):
            chunk = self.entries[start : start + batch]
            wanted = [k.claim_id for e in chunk for k in (e.key, *e.duplicates)]
            claims = self.fetch(wanted)
            missing = [c for c in wanted if c not in claims]
            if missing:
                raise LedgerError(
                    f"claim {missing[0]} of this run is not in the ledger ({len(missing)} missing); extract again"
                )
            for entry in chunk:
                claim = claims[entry.key.claim_id]
                yield WorklistRow(
                    claim=claim,
                    article=by_id[claim.article_id],
                    review=self.reviews.get(claim.claim_id),
                    extra_flags=list(entry.flags),
                    why=strongest_signals(self.scorer, claim.reasons),
                    low_priority=claim.score < self.settings.low_priority_below,
                    group=entry.group,
                    duplicates=[(claims[k.claim_id], by_id[k.article_id]) for k in entry.duplicates],
                )


def strongest_signals(scorer: Scorer, reasons: list[tuple[str, float]], keep: int = WHY_SIGNALS) -> str:
    """The Why column: the ``keep`` signals that weigh most (either way), and how many others there are."""
    strongest = sorted(reasons, key=lambda reason: -abs(reason[1]))[:keep]
    text = scorer.says(strongest)
    others = len(reasons) - len(strongest)
    return f"{text} (+{others} more)" if text and others > 0 else text


def plan_worklist(
    claims: Iterable[Claim],
    articles: list[Article],
    settings: Settings,
    ledger: ReviewStore | None,
    scorer: Scorer,
    rules_version: str = "",
    words: MatchingWords | None = None,
) -> WorklistPlan:
    """Order the run's claims by priority, match them, group them, and fingerprint the result.

    Args:
        claims: the run's claims, read once (a stream from the ledger is fine).
        articles: the run's articles, in order.
        settings: what the workbook shows besides the claims (lists, low priority threshold).
        ledger: where the claims are fetched from again, and the reviews, conflicts and held reviews;
            without one the claims are kept in memory.
        scorer: turns a claim's reasons into the Why column.
        rules_version: the rule set's version (the Why texts come from it).
        words: what claim matching reads from the rules (default: those of ``$CLAIMS_RULES`` or the package).
    """
    words = words or MatchingWords.of(cached_rules(None).lexicon("claim"))
    keys, candidates, kept, counts = _keys(claims, articles, words, keep=ledger is None)
    reviews = ledger.reviews([k.claim_id for k in keys]) if ledger else {}
    notes = ledger.open_conflicts() if ledger else {}
    for claim_id, held in (ledger.held_reviews() if ledger else {}).items():
        notes.setdefault(claim_id, []).extend(held)
    earlier = (
        Earlier(claim, review, info["title"], info["location"], info["updated_at"])  # type: ignore[arg-type]
        for claim, review, info in (ledger.reviewed_claims() if ledger else [])
    )
    titles = {a.id: a.title or a.location or a.id for a in articles}
    matches = match_claims([candidates[k.claim_id] for k in keys], titles, reviews, earlier, words)
    del candidates
    entries = _grouped(_entries(keys, matches, notes))
    fetch = ledger.claims_by_id if ledger else (lambda ids: {i: kept[i] for i in ids if i in kept})
    fingerprint = _fingerprint(entries, articles, reviews, settings, counts, rules_version)
    return WorklistPlan(entries, articles, reviews, settings, scorer, fetch, counts, fingerprint)


def _keys(
    claims: Iterable[Claim], articles: list[Article], words: MatchingWords, keep: bool
) -> tuple[list[_Key], dict[str, Candidate], dict[str, Claim], Counter[str]]:
    """Each claim's sort key (highest priority first) and what matching needs of it; the claims themselves
    only when ``keep`` (no ledger to fetch them from again); and the claims per article."""
    order = {a.id: i for i, a in enumerate(articles)}
    keys: list[_Key] = []
    candidates: dict[str, Candidate] = {}
    kept: dict[str, Claim] = {}
    counts: Counter[str] = Counter()
    for claim in claims:
        counts[claim.article_id] += 1
        strength = sum(weight for _, weight in claim.reasons)
        keys.append(
            _Key(
                claim.claim_id,
                claim.article_id,
                claim.score,
                strength,
                order[claim.article_id],
                claim.start,
                _digest(claim),
            )
        )
        candidates[claim.claim_id] = candidate(claim, words)
        if keep:
            kept[claim.claim_id] = claim
    keys.sort(key=lambda k: (-k.score, -k.strength, k.order, k.start))
    return keys, candidates, kept, counts


def _entries(keys: list[_Key], matches: Matches, notes: dict[str, list[Flag]]) -> list[_Entry]:
    """One entry per row: a claim with its exact duplicates, its flags and its group."""
    merged = {m for members in matches.duplicates.values() for m in members}
    key_by_id = {k.claim_id: k for k in keys}
    entries = []
    for key in keys:
        if key.claim_id in merged:
            continue
        duplicates = tuple(key_by_id[m] for m in matches.duplicates.get(key.claim_id, []))
        flags = [*notes.get(key.claim_id, []), *matches.flags.get(key.claim_id, [])]
        for other in duplicates:
            flags.extend(notes.get(other.claim_id, []))
        entries.append(_Entry(key, duplicates, flags, matches.groups.get(key.claim_id, "")))
    return entries


def _grouped(entries: list[_Entry]) -> list[_Entry]:
    """Keep priority order, but bring each group's rows together where its first row stands."""
    members: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.group:
            members.setdefault(entry.group, []).append(entry)
    out: list[_Entry] = []
    placed: set[str] = set()
    for entry in entries:
        if not entry.group:
            out.append(entry)
        elif entry.group not in placed:
            placed.add(entry.group)
            out.extend(members[entry.group])
    return out


def _digest(claim: Claim) -> bytes:
    """A digest of everything a claim's row shows of it (text, sentence, value, score, source, reasons...)."""
    source = claim.source
    parts = [
        claim.claim_id,
        claim.article_id,
        claim.type,
        claim.text,
        claim.sentence,
        claim.value_text(),
        claim.score,
        claim.paragraph,
        claim.rule_id,
        "\x1e".join(str(f) for f in claim.flags),
        claim.reasons,
    ]
    if source is not None:
        parts += [source.name, source.kind, source.text, "\x1e".join(str(v.name) for v in source.via)]
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _fingerprint(
    entries: list[_Entry],
    articles: list[Article],
    reviews: dict[str, Review],
    settings: Settings,
    counts: Counter[str],
    rules_version: str,
) -> str:
    """What the workbook would show, as a digest: its layout, settings, articles and every row in order."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(("\x1f".join(map(str, parts)) + "\x1e").encode("utf-8", "surrogatepass"))

    add(LAYOUT_VERSION, rules_version, repr(astuple(settings)))
    for article in articles:
        add(
            article.id,
            article.title,
            article.outlet,
            article.published,
            article.published_inferred,
            article.location,
            article.url,
            len(article.paragraphs),
            article.sha256,
            "\x1d".join(article.notes),
            counts.get(article.id, 0),
        )
    for entry in entries:
        review = reviews.get(entry.key.claim_id)
        add(
            entry.key.digest.hex(),
            entry.group,
            "\x1d".join(str(f) for f in entry.flags),
            repr(review.values()) if review else "",
            *(k.digest.hex() for k in entry.duplicates),
        )
    return digest.hexdigest()
