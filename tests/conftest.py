"""Shared fixtures: one spaCy pipeline per session, the bundled seed article, helpers to run text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from claims.ingest import read_paths
from claims.ingest.text import paragraphs_of
from claims.model import Article, Claim, Source, short_hash
from claims.nlp.parse import extract_claims
from claims.nlp.pipeline import load_pipeline

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
        _, claims = next(extract_claims(nlp, [_article(text, published)]))
        return claims

    return _run


@pytest.fixture(scope="session")
def run_all(nlp, run):
    """``run`` with no floor: every sentence that is a statement gives a row, however low its priority
    (for tests of what a row holds, not of which rows make the worklist)."""
    scorer = nlp.get_pipe("claims").extractor.scorer

    def _run_all(text: str, published: str | None = None) -> list[Claim]:
        floor, scorer.floor = scorer.floor, 0.0
        try:
            return run(text, published)
        finally:
            scorer.floor = floor

    return _run_all


@dataclass
class Reported:
    """A statement the attribution family found: who said it (``source``) and what (``content_start:content_end``)."""

    rule_id: str
    source: Source | None
    content_start: int
    content_end: int


@pytest.fixture(scope="session")
def find(nlp):
    """What the families find in a text or an article, before claims are made of their findings:
    ``(doc, {family name: findings})``."""
    component = nlp.get_pipe("claims")

    def _find(text: str | Article, published: str | None = None):
        article = text if isinstance(text, Article) else _article(text, published)
        doc = nlp(article.text)
        return doc, component.extractor.findings(doc, article)

    return _find


@pytest.fixture(scope="session")
def reported(find):
    """The attribution family's statements in a text, as ``Reported`` records in reading order."""

    def _reported(text: str | Article) -> list[Reported]:
        doc, found = find(text)
        out = []
        for a in found["attribution"]:
            content = doc[a.content[0] : a.content[1]]
            source = Source.from_dict(a.source.to_dict()) if a.source else None
            if source is not None:
                source.via = list(a.via)
            out.append(Reported(a.rule_id, source, content.start_char, content.end_char))
        return out

    return _reported


def _article(text: str, published: str | None = None) -> Article:
    return Article(id="t" + short_hash(text, length=12), text=text, published=published, paragraphs=paragraphs_of(text))
