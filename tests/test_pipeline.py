"""The streaming pipeline: worker processes give exactly the claims one process gives, in order."""

from __future__ import annotations

from pathlib import Path

from claims.ingest import read_paths
from claims.model import Article
from claims.nlp.parse import extract_claims

ROOT = Path(__file__).resolve().parents[1]


def test_two_workers_give_the_same_claims_in_the_same_order(nlp):
    articles = [a for a in read_paths([ROOT / "articles" / "wikinews"]) if isinstance(a, Article)][:7]
    articles.append(next(a for a in read_paths([ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"])))
    one = [(a.id, [c.to_dict() for c in claims]) for a, claims in extract_claims(nlp, articles, batch_size=2, jobs=1)]
    two = [(a.id, [c.to_dict() for c in claims]) for a, claims in extract_claims(nlp, articles, batch_size=2, jobs=2)]
    assert [article_id for article_id, _ in one] == [a.id for a in articles]
    assert two == one
    assert sum(len(claims) for _, claims in one) > 50
