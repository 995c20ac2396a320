"""schema.org ClaimReview JSON-LD for reviewed claims, the format fact-checks are published in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claims.config import Settings
from claims.model import Article, Claim, Review


def claim_review(claim: Claim, article: Article, review: Review, settings: Settings) -> dict[str, Any]:
    """One ClaimReview for a claim with a verdict."""
    scale = settings.rating_scale
    values = [v for v in scale.values()]
    rating = scale.get(review.verdict or "")
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if claim.source is not None:
        kind = "Person" if claim.source.kind == "person" else "Organization"
        item["author"] = {"@type": kind, "name": claim.source.name}
    elif article.outlet:
        item["author"] = {"@type": "Organization", "name": article.outlet}
    if article.published:
        item["datePublished"] = article.published
    organization: dict[str, Any] = {"@type": "Organization", "name": settings.organization}
    if settings.organization_url:
        organization["url"] = settings.organization_url
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.sentence or claim.text,
        "itemReviewed": item,
        "author": organization,
        "datePublished": (review.checked_on or dt.date.today().isoformat())[:10],
        "reviewRating": {
            "@type": "Rating",
            "alternateName": review.verdict,
            "ratingValue": rating if rating is not None else -1,
            "bestRating": max(values) if values else 5,
            "worstRating": min(values) if values else 0,
        },
        "identifier": claim.claim_id,
    }
    if review.evidence:
        record["citation"] = [e.strip() for e in review.evidence.replace(";", "\n").split() if e.startswith(("http://", "https://"))]
    return record
