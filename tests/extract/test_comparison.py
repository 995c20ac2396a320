"""Rankings and comparisons (claims/rules/comparison.yml): each record worked out by hand from its sentence.

A ranking is subject + rank + scope (what it is ranked within) + time; a superlative that only
picks out a group ("the poorest 20%") ranks nothing; a comparison names the two things compared.
The sentence → records table is in the rule file (``expect: {comparisons: [...]}``), run by
tests/test_rules.py; here, how a ranking is described.
"""

from __future__ import annotations

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


def test_a_ranking_describes_subject_rank_scope_and_time(run):
    (comparison,) = _comparisons(
        run("Spirited Away, which earned 30bn yen to become the biggest film in Japan in 2001, opens in Paris today.")
    )
    assert comparison["describe"] == "ranking: Spirited Away is #1 biggest film in Japan (2001)"
