"""Shared fixtures: one spaCy pipeline per session, the bundled seed article, helpers to run text."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.ingest import read_paths
from claims.ingest.text import paragraphs_of
from claims.model import Article, Claim, short_hash
from claims.nlp.pipeline import load_pipeline
from claims.pipeline import extract_claims

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def seed_article() -> Article:
    (article,) = list(read_paths([SEED]))
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="session")
def seed_claims(nlp, seed_article) -> list[Claim]:
    _, claims = next(extract_claims(nlp, [seed_article]))
    return claims


@pytest.fixture(scope="session")
def run(nlp):
    """Extract claims from a text given as is (optionally with a publication date)."""

    def _run(text: str, published: str | None = None) -> list[Claim]:
        article = Article(
            id="t" + short_hash(text, length=12), text=text, published=published, paragraphs=paragraphs_of(text)
        )
        _, claims = next(extract_claims(nlp, [article]))
        return claims

    return _run
