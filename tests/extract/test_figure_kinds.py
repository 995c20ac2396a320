"""Figures whose unit is written elsewhere than next to them (issue 16): one sentence per kind of language.

A figure is ``(value, unit, qualifier)``; every expected value was worked out by hand from the sentence.
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _figures(claims: list[Claim]) -> list[tuple]:
    return sorted(
        {(q.value, q.unit, q.qualifier) for claim in claims for q in claim.quantities if not q.vague}, key=repr
    )


FIGURES = [
    # one member of a group a superlative ranks: one of that group, named by the superlative's base form
    ("Lagos is one of the largest cities in Africa.", [(1, "large city", "=")]),
    ("Are you looking for one of the best wireless speakers around?", [(1, "good wireless speaker", "=")]),
    ("She is one of the most successful coaches in the league.", [(1, "successful coach", "=")]),
    ("It was one of the company's founders.", [(1, None, "=")]),  # no superlative: one of them, kind unsaid
    # a bare figure dated like the figure before it is the same series: it takes that unit
    ("Inflation was 3.2 percent in May and 2.9 in June.", [(2.9, "percent", "="), (3.2, "percent", "=")]),
    ("He scored 12 goals in 2018 and 9 in 2019.", [(9, "goal", "="), (12, "goal", "=")]),
    (
        "The pitcher had a 1.4 degree launch angle in 2018 and 2.1 last year.",
        [(1.4, "degree", "="), (2.1, "degree", "=")],
    ),
    # not a series: a verb of its own, and a unit of its own
    ("The rate was 4.5% in 2010 and 120 people lost jobs in 2011.", [(4.5, "percent", "="), (120, "person", "=")]),
    # a number word capitalised inside a name is no figure; at the start of a sentence it is
    ('Henry told BBC Radio Five Live: "The referee gave me 10 yards."', [(10, "yard", "=")]),
    ("Five people died in the crash on the M4 in 2004.", [(5, "person", "=")]),
]


@pytest.mark.parametrize("text, expected", FIGURES, ids=[t for t, _ in FIGURES])
def test_figures(run, text, expected):
    assert _figures(run(text)) == sorted(expected, key=repr)


def test_one_of_the_largest_is_a_membership_not_first(run):
    (claim,) = run("It was one of the proudest moments of his career.")
    (ranking,) = claim.comparisons
    assert (ranking["member"], ranking["rank"], ranking["by"]) == (True, None, "proudest")
