"""Reviews follow their claim when an article is read again.

When an article is extracted again (new rules, or an edited text), claims it no longer yields are
*retired*, never deleted: they keep their reviews and history but leave the worklist. Each retired
claim is linked to its *successor*, the new claim that states it:

- **moved**: the old claim's words lie inside the new claim (a figure or date row of an earlier
  version of `claims` inside today's sentence-level row, or the same sentence at another offset).
  Its review moves to the successor, with its history and a history entry saying so. Where two
  old reviews with different values meet on one claim, the first is the review and each other
  value is an open conflict: both stay visible until a reviewer settles them.
- **held**: the article was edited and the claim's words changed ("… rose to $40 billion, a record"
  → "… far below the forecast"). The review stays on the retired claim and is shown, held, on the
  successor's row until someone marks it again.

A claim with no successor (its sentence was deleted) keeps its review on the retired claim.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass

from rapidfuzz import fuzz

from claims.model import Claim, Review

SIMILAR = 70  # rapidfuzz ratio (0–100) from which an edited sentence is an earlier version of a new one
WINDOW = 5000  # characters either side of an old claim's place where its successor is looked for
MOVED_NOTE = "moved from claim {old} when the article was read again ({why})"
HELD_REASON = "the article changed since this review: the claim read “{text}”"


@dataclass
class Successor:
    claim_id: str
    moved: bool  # False: held (the words changed)


def find_successor(old: Claim, new_claims: list[Claim], starts: list[int] | None = None) -> Successor | None:
    """The new claim that states what ``old`` stated (see the module docstring).

    Only the new claims near the old one's place are compared (``WINDOW`` characters either side),
    so that reading a long article again stays linear; ``starts`` are the new claims' starts, sorted
    like ``new_claims``.
    """
    starts = starts if starts is not None else [c.start for c in new_claims]
    near = new_claims[bisect.bisect_left(starts, old.start - WINDOW) : bisect.bisect_right(starts, old.end + WINDOW)]
    holding = [c for c in near if old.text and old.text in c.text]
    if holding:
        best = min(holding, key=lambda c: (abs(c.start - old.start), c.end - c.start))
        return Successor(best.claim_id, True)
    scored = [(fuzz.ratio(old.text, c.text), -abs(c.start - old.start), c) for c in near]
    scored = [s for s in scored if s[0] >= SIMILAR]
    if not scored:
        return None
    return Successor(max(scored, key=lambda s: (s[0], s[1]))[2].claim_id, False)


def retire_missing(db: sqlite3.Connection, article_id: str, claims: list[Claim], stamp: str) -> None:
    """Retire the article's claims that ``claims`` no longer holds and carry their reviews (inside a transaction)."""
    current = {c.claim_id for c in claims}
    gone = [
        Claim.from_dict(json.loads(r[0]))
        for r in db.execute(
            "SELECT data FROM claims WHERE article_id=? AND retired IS NULL ORDER BY rowid", (article_id,)
        )
        if json.loads(r[0])["claim_id"] not in current
    ]
    ordered = sorted(claims, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    for old in gone:
        successor = find_successor(old, ordered, starts)
        db.execute(
            "UPDATE claims SET retired=?, successor=?, moved=? WHERE claim_id=?",
            (stamp, successor.claim_id if successor else None, int(bool(successor and successor.moved)), old.claim_id),
        )
        review = _review(db, old.claim_id)
        if successor is None or review is None or review.is_empty():
            continue
        if successor.moved:
            _move(db, old, successor.claim_id, review, stamp)
        else:
            _hold(db, old, successor.claim_id, review, stamp)


def _review(db: sqlite3.Connection, claim_id: str) -> Review | None:
    row = db.execute(f"SELECT {', '.join(Review.REVIEW_FIELDS)} FROM reviews WHERE claim_id=?", (claim_id,)).fetchone()
    return Review(claim_id, *row) if row else None


def _move(db: sqlite3.Connection, old: Claim, new_id: str, review: Review, stamp: str) -> None:
    present = _review(db, new_id)
    if present is not None and not present.is_empty():
        for name in Review.REVIEW_FIELDS:
            mine, theirs = getattr(present, name), getattr(review, name)
            if (theirs or None) is not None and (mine or None) != (theirs or None):
                db.execute(
                    "INSERT INTO conflicts (claim_id, field, ledger_value, sheet_value, import_id, created)"
                    " VALUES (?,?,?,?,NULL,?)",
                    (new_id, name, mine, theirs, stamp),
                )
        return
    version = 0
    for entry in db.execute(
        "SELECT version, values_json, changed_at, import_id, source_file, who FROM review_history"
        " WHERE claim_id=? ORDER BY id",
        (old.claim_id,),
    ).fetchall():
        version = entry[0]
        db.execute(
            "INSERT INTO review_history (claim_id, version, values_json, changed_at, import_id, source_file, who)"
            " VALUES (?,?,?,?,?,?,?)",
            (new_id, *entry),
        )
    values = review.values()
    why = "its words are part of this claim"
    db.execute(
        "INSERT INTO review_history (claim_id, version, values_json, changed_at, import_id, source_file, who)"
        " VALUES (?,?,?,?,NULL,?,NULL)",
        (
            new_id,
            version + 1,
            json.dumps(values, ensure_ascii=False),
            stamp,
            MOVED_NOTE.format(old=old.claim_id, why=why),
        ),
    )
    db.execute(
        f"INSERT INTO reviews (claim_id, {', '.join(Review.REVIEW_FIELDS)}, version, updated_at, import_id)"
        f" VALUES (?, {', '.join('?' * len(Review.REVIEW_FIELDS))}, ?, ?, NULL)",
        (new_id, *values.values(), version + 1, stamp),
    )


def _hold(db: sqlite3.Connection, old: Claim, new_id: str, review: Review, stamp: str) -> None:
    values = json.dumps(review.values(), ensure_ascii=False)
    text = old.text if len(old.text) <= 80 else old.text[:77] + "…"
    db.execute(
        "INSERT INTO held_reviews (claim_id, values_json, reason, import_id, source_file, created)"
        " VALUES (?,?,?,NULL,?,?)",
        (new_id, values, HELD_REASON.format(text=text), "ledger", stamp),
    )
