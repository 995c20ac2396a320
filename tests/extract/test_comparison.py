"""Comparisons and rankings (claims/rules/comparison.yml): subject, rank, multiplier, checked by hand per sentence."""

from __future__ import annotations

import pytest

from claims.model import Claim


def _comparisons(claims: list[Claim]) -> list[dict]:
    return [c for claim in claims for c in claim.comparisons]


@pytest.mark.parametrize(
    "text, kind, subject, rank",
    [
        ("Russia is one of the top destinations for workers.", "ranking", "Russia", None),
        ("China is the largest buyer of Russian oil.", "ranking", "China", 1),
        ("Everest is the second-highest peak on the list.", "ranking", "Everest", 2),
    ],
)
def test_rankings(run, text, kind, subject, rank):
    (comparison,) = _comparisons(run(text))
    assert (comparison["kind"], comparison["subject"], comparison["rank"]) == (kind, subject, rank)


def test_ranking_scope_keeps_what_limits_it(run):
    (comparison,) = _comparisons(run("Russia is one of the top destinations for workers."))
    assert comparison["scope"] == "top destinations for workers"


def test_a_multiplier_with_its_start(run):
    (comparison,) = _comparisons(run("Exports have more than doubled since 2010."))
    assert (comparison["kind"], comparison["subject"], comparison["multiplier"], comparison["since"]) == (
        "trend",
        "Exports",
        2,
        "2010",
    )


@pytest.mark.parametrize("text", ["The ministry issued a statement on Tuesday.", "Exports rose in March."])
def test_no_comparison_where_none_is_made(run, text):
    assert _comparisons(run(text)) == []
