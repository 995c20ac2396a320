"""The seed article (a UPI story, bundled in articles/): what a fact-checker must find in it.

Every expected value here was read off the article text by hand.
"""

from __future__ import annotations

from claims.model import Claim, FlagKind


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
    claim = _one(seed_claims, "$500 million", "quantity")
    assert claim.text == (
        "The United States has said that the North Korean government earned more than $500 million annually"
        " from its overseas labor force before sanctions, according to the report."
    )
    (quantity,) = claim.quantities
    assert quantity.text == "more than $500 million annually"
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
    (date,) = [d for d in claim.dates if d.text == "July 19, 2000"]
    assert date.value == "2000-07-19"
    assert date.event in ("agreement", "declaration")
    assert claim.source is not None and "foreign ministry" in claim.source.name


def test_summit_dated_april_2019(seed_claims):
    claim = _one(seed_claims, "April 2019")
    (date,) = claim.dates
    assert (date.value, date.event) == ("2019-04", "summit")


def test_russia_repatriation_statement(seed_claims):
    claim = _one(seed_claims, "majority")
    assert claim.text == "Russia said in 2020 that the “majority” of North Korean workers were repatriated."
    assert claim.source is not None and claim.source.name == "Russia"
    assert claim.source.kind == "government"
    (vague,) = claim.quantities
    assert vague.vague and vague.text == "majority" and vague.of == "North Korean workers"
    ((year, value),) = [(d.text, d.value) for d in claim.dates]
    assert (year, value) == ("2020", "2020")


def test_tuesday_resolved_against_the_dateline(seed_claims):
    tuesdays = [d for c in seed_claims for d in c.dates if d.text == "Tuesday"]
    assert tuesdays and all(d.value == "2021-07-20" for d in tuesdays)


def test_two_decades_ago_is_consistent_with_2000(seed_claims):
    claim = _one(seed_claims, "more than two decades ago")
    assert any(f.kind is FlagKind.CONSISTENT and "2000" in f.detail for f in claim.flags)


def test_ranking_has_russia_as_subject(seed_claims):
    claim = _one(seed_claims, "one of the top destinations")
    (ranking,) = claim.comparisons
    assert ranking["kind"] == "ranking" and ranking["subject"] == "Russia"


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


def test_one_row_per_sentence_and_none_for_the_headline_or_furniture(seed_article, seed_claims):
    """The title repeats the lede and the counters "0" and "112" are site furniture: no row. Of the
    thirteen sentences of the story's eleven paragraphs, eleven are rows; none joins two statements
    about different things, so none is split. "Some workers may still be active, however." says
    nothing anyone could look up (a hedge, no figure, no date, no name), and "The accord is a
    “historical document that has important significance ...”" is how North Korea describes the
    accord, in quotation marks, with nothing to look up: both fall below the floor."""
    assert not any(c.text.startswith("North Korea highlights") for c in seed_claims)
    assert [c.text[:30] for c in seed_claims] == [
        "North Korea said Pyongyang’s f",
        "North Korea’s foreign ministry",
        "State media previously has sai",
        "The foreign ministry said Tues",
        "“Based on the declaration, mut",
        "Pyongyang also mentioned the A",
        "Russia was one of the top dest",
        "The laborers often were sent t",
        "Russia said in 2020 that the “",
        "The Washington Post reported S",
        "The United States has said tha",
    ]


def test_the_four_claims_a_checker_must_find_are_one_row_each(seed_claims):
    """Issue 13's acceptance: the $500m figure, the July 19, 2000 declaration, the April 2019 summit
    and Russia's 2020 statement, each on exactly one row."""
    for words in ("$500 million", "July 19, 2000", "April 2019 summit", "Russia said in 2020"):
        assert sum(words in c.text for c in seed_claims) == 1, words
