"""Rankings and comparisons (claims/rules/comparison.yml): each record worked out by hand from its sentence.

A ranking is subject + rank + scope (what it is ranked within) + time; a superlative that only
picks out a group ("the poorest 20%") ranks nothing; a comparison names the two things compared.
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _comparisons(claims: list[Claim]) -> list[dict]:
    seen, found = set(), []
    for claim in claims:
        for comparison in claim.comparisons:
            key = (comparison["kind"], comparison["phrase"], comparison.get("start"))
            if key not in seen:
                seen.add(key)
                found.append(comparison)
    return found


RANKINGS = [
    # (sentence, subject, rank, scope, time)
    ("China is the largest buyer of Russian oil.", "China", 1, "buyer of Russian oil", None),
    ("Everest is the second-highest peak on the list.", "Everest", 2, "peak on the list", None),
    ("Russia is one of the top destinations for workers.", "Russia", None, "destinations for workers", None),
    ("The firm is now the third-largest carmaker in Europe.", "The firm", 3, "carmaker in Europe", None),
    # through "to become" and a relative pronoun to what is ranked; the time kept apart from the scope
    (
        "Spirited Away, which earned 30bn yen to become the biggest film in Japan in 2001, opens in Paris today.",
        "Spirited Away",
        1,
        "film in Japan",
        "2001",
    ),
    ("It was the worst year on record for the airline.", "It", 1, "year on record for the airline", None),
]


@pytest.mark.parametrize("text, subject, rank, scope, time", RANKINGS, ids=[r[0] for r in RANKINGS])
def test_rankings(run, text, subject, rank, scope, time):
    (comparison,) = _comparisons(run(text))
    assert comparison["kind"] == "ranking"
    assert (comparison["subject"], comparison["rank"], comparison["scope"], comparison["time"]) == (
        subject,
        rank,
        scope,
        time,
    )


def test_a_ranking_describes_subject_rank_scope_and_time(run):
    (comparison,) = _comparisons(
        run("Spirited Away, which earned 30bn yen to become the biggest film in Japan in 2001, opens in Paris today.")
    )
    assert comparison["describe"] == "ranking: Spirited Away is #1 biggest film in Japan (2001)"


@pytest.mark.parametrize(
    "text, subject, other",
    [
        # a superlative that picks out a group is no ranking; the two groups are compared
        (
            "In France the poorest 10% pay more than the richest 10% in tax.",
            "the poorest 10%",
            "the richest 10% in tax",
        ),
        ("Women earn less than men in most jobs.", "Women", "men in most jobs"),
        ("Prices were higher than in 2010.", "Prices", "in 2010"),
    ],
)
def test_comparisons_name_both_sides(run, text, subject, other):
    (comparison,) = _comparisons(run(text))
    assert (comparison["kind"], comparison["subject"], comparison["other"]) == ("comparison", subject, other)


def test_a_multiplier_with_its_start(run):
    (comparison,) = _comparisons(run("Exports have more than doubled since 2010."))
    assert (comparison["kind"], comparison["subject"], comparison["multiplier"], comparison["since"]) == (
        "trend",
        "Exports",
        2,
        "2010",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The ministry issued a statement on Tuesday.",
        "Exports rose in March.",
        "The state earned more than $500 million.",  # a bound, not a comparison
        "Sales were higher than expected.",  # nothing else is compared
        "More than a third of voters stayed home.",
    ],
)
def test_no_comparison_where_none_is_made(run, text):
    assert _comparisons(run(text)) == []
