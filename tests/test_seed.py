"""The seed article (a UPI story, bundled in articles/): what a fact-checker must find in it.

Every expected value here was read off the article text by hand.
"""

from __future__ import annotations

from claims.model import Claim


def _one(claims: list[Claim], text_part: str, claim_type: str | None = None) -> Claim:
    found = [c for c in claims if text_part in c.text and (claim_type is None or c.type == claim_type)]
    assert len(found) == 1, f"expected one claim with {text_part!r}, got {[(c.type, c.text) for c in found]}"
    return found[0]


def test_seed_metadata(seed_article):
    assert seed_article.title == "North Korea highlights ‘deepening friendship’ with Russia on anniversary"
    assert seed_article.outlet == "UPI"
    assert seed_article.published == "2021-07-20"
    assert seed_article.published_inferred is True


def test_footer_and_counters_are_not_article_text(seed_article, seed_claims):
    assert "LEAVE A REPLY" not in seed_article.text
    assert "Please enter" not in seed_article.text
    assert "\n0\n" not in seed_article.text and "112" not in seed_article.text
    assert not any("REPLY" in c.text or c.text.strip() in ("0", "112") for c in seed_claims)


def test_money_claim_with_source_and_relay(seed_claims):
    claim = _one(seed_claims, "$500 million", "money")
    assert claim.text == "more than $500 million annually"
    (quantity,) = claim.quantities
    assert quantity.value == 500_000_000
    assert quantity.unit == "USD"
    assert quantity.qualifier == ">"
    assert quantity.rate == "year"
    assert claim.source is not None
    assert claim.source.name == "United States"
    assert claim.source.kind == "government"
    assert [v.name for v in claim.source.via] == ["The Washington Post report, Sunday"]
    assert claim.quantities[0].describe() == "> 500,000,000 USD per year"


def test_declaration_date_attached_to_the_agreement(seed_claims):
    claim = _one(seed_claims, "July 19, 2000")
    (date,) = claim.dates
    assert date.value == "2000-07-19"
    assert date.event in ("agreement", "declaration")
    assert claim.source is not None and "foreign ministry" in claim.source.name


def test_summit_dated_april_2019(seed_claims):
    claim = _one(seed_claims, "April 2019")
    (date,) = claim.dates
    assert (date.value, date.event) == ("2019-04", "summit")


def test_russia_repatriation_statement(seed_claims):
    claim = _one(seed_claims, "majority", "attribution")
    assert claim.source is not None and claim.source.name == "Russia"
    assert claim.source.kind == "government"
    (vague,) = claim.quantities
    assert vague.vague and vague.text == "majority" and vague.of == "North Korean workers"


def test_tuesday_resolved_against_the_dateline(seed_claims):
    tuesdays = [d for c in seed_claims for d in c.dates if d.text == "Tuesday"]
    assert tuesdays and all(d.value == "2021-07-20" for d in tuesdays)


def test_two_decades_ago_is_consistent_with_2000(seed_claims):
    claim = _one(seed_claims, "more than two decades ago", "event")
    assert any(f.startswith("consistent:") and "2000" in f for f in claim.flags)


def test_ranking_has_russia_as_subject(seed_claims):
    claim = _one(seed_claims, "one of the top destinations", "ranking")
    assert claim.comparison is not None and claim.comparison["subject"] == "Russia"


def test_washington_post_report(seed_claims):
    claim = _one(seed_claims, "North Korean workers remain in Vladivostok")
    assert claim.source is not None
    assert (claim.source.name, claim.source.kind, claim.source.cue) == (
        "The Washington Post",
        "publication",
        "reported",
    )


def test_every_claim_offsets_point_into_the_text(seed_article, seed_claims):
    for claim in seed_claims:
        assert seed_article.text[claim.start : claim.end] == claim.text
        assert claim.sentence_start <= claim.start and claim.end <= claim.sentence_end
        assert claim.paragraph is not None
