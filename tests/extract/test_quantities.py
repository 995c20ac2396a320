"""Quantities (claims/rules/quantities.yml): what the figures hold beyond their values.

The sentence → figures table (every expected value worked out by hand) lives in the rule file,
as the examples of the rule that finds each figure (``expect: {figures: [...]}``); tests/test_rules.py
runs them all. Here: the figure's text and offsets, and vague quantifiers.
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _figures(claims: list[Claim]) -> list[tuple]:
    found = []
    for claim in claims:
        for q in claim.quantities:
            if q.vague:
                continue
            figure = (q.value, q.unit, q.qualifier) + ((q.rate,) if q.rate else ())
            found.append(figure)
    return sorted(found, key=repr)


def test_figure_text_covers_the_bound_and_the_rate(run):
    (claim,) = [c for c in run("The government earned more than $500 million annually.") if c.quantities]
    assert claim.quantities[0].text == "more than $500 million annually"
    assert (claim.quantities[0].kind, claim.type) == ("money", "quantity")


@pytest.mark.parametrize(
    "text, word, of",
    [
        ("Russia said the majority of North Korean workers were repatriated.", "majority", "North Korean workers"),
        ("Several Russian construction supervisors confirmed it.", "Several", "Russian construction supervisors"),
    ],
)
def test_vague_quantifiers_are_kept_as_words(run, text, word, of):
    vague = [q for c in run(text) for q in c.quantities if q.vague]
    assert [(q.text, q.of, q.value) for q in vague] == [(word, of, None)]


def test_offsets_point_at_the_figure(run):
    text = "Nintendo plunged 4.28 percent to Y=28,030 while Sony lost 2.70 percent."
    for claim in run(text):
        for q in claim.quantities:
            assert text[q.start : q.end] == q.text
    values = _figures(run(text))
    assert (28_030, "JPY", "=") in values and (4.28, "percent", "down") in values and (2.7, "percent", "down") in values
