"""schema.org ClaimReview JSON-LD for reviewed claims, the format fact-checks are published in.

One record per claim with a verdict: ``claimReviewed`` (the sentence), ``reviewRating`` (the
verdict as ``alternateName``, and its number on the scale from ``claims.toml`` when there is
one), ``itemReviewed`` (a ``Claim`` whose ``author`` is the source and whose ``appearance`` is
every article the claim appeared in, by URL), ``author`` (the fact-checking organisation from
``claims.toml``) and ``datePublished`` (the day it was checked).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from claims.config import Settings
from claims.model import Article, Claim, Review
from claims.worklist.store import ReviewStore


def claim_review(
    claim: Claim,
    article: Article,
    review: Review,
    settings: Settings,
    also_in: list[Article] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """One ClaimReview for a claim with a verdict.

    Args:
        claim: the claim as extracted.
        article: the article it was found in.
        review: its review; ``verdict`` must be set.
        settings: organisation and rating scale.
        also_in: other articles with the same claim, word for word.
        today: the date used when the review has no ``checked_on``.
    """
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": review.verdict}
    scale = settings.rating_scale
    if review.verdict in scale:
        rating.update(
            ratingValue=scale[review.verdict], bestRating=max(scale.values()), worstRating=min(scale.values())
        )
    organization: dict[str, Any] = {"@type": "Organization", "name": settings.organization}
    if settings.organization_url:
        organization["url"] = settings.organization_url
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.claim_id,
        "claimReviewed": claim.checked or claim.sentence or claim.text,
        "reviewRating": rating,
        "itemReviewed": _item(claim, [article, *(also_in or [])]),
        "author": organization,
        "datePublished": (review.checked_on or (today or dt.date.today()).isoformat())[:10],
    }
    links = [w for w in (review.evidence or "").replace(";", " ").split() if w.startswith(("http://", "https://"))]
    if links:
        record["citation"] = links
    return record


def _item(claim: Claim, articles: list[Article]) -> dict[str, Any]:
    first = articles[0]
    if claim.source is not None:
        author = {"@type": "Person" if claim.source.kind == "person" else "Organization", "name": claim.source.name}
    elif first.outlet:
        author = {"@type": "Organization", "name": first.outlet}
    elif first.author:
        author = {"@type": "Person", "name": first.author}
    else:
        author = {"@type": "Organization", "name": "Unknown"}
    appearance = []
    for article in articles:
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if article.url and article.url.lower().startswith(("http://", "https://")):
            work["url"] = article.url
        if article.title:
            work["headline"] = article.title
        if article.published:
            work["datePublished"] = article.published
        if len(work) > 1:
            appearance.append(work)
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": author,
        "appearance": appearance or [{"@type": "CreativeWork", "headline": claim.text}],
    }
    if first.published:
        item["datePublished"] = first.published
    return item


_EMBED_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(records: list[dict[str, Any]]) -> str:
    """The records as JSON-LD that is safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` (and the line separators U+2028 and U+2029) are written as ``\\u003c``-style
    escapes, so a claim that says ``</script><script>…`` cannot close the script element of the page
    that publishes it. JSON reads the escapes back as the same characters. Outside strings JSON has
    none of these characters, so escaping the whole text escapes only string contents.
    """
    return json.dumps(records, ensure_ascii=False, indent=2).translate(_EMBED_SAFE) + "\n"


def claim_reviews(ledger: ReviewStore, settings: Settings, today: dt.date | None = None) -> list[dict[str, Any]]:
    """ClaimReview records for every claim in the ledger with a verdict, by claim id."""
    records = []
    for claim, article, review, also_in in ledger.reviewed_for_publishing():
        records.append(claim_review(claim, article, review, settings, also_in, today))
    return records
