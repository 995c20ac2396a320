"""Attribution: who said it (as written and resolved), the cue, what exactly they said, and via whom.

Every sentence here was written for these tests and every expected value checked by hand. Content
follows the PolNeAR convention: without the cue and the speaker, with "that" and quote marks. The
table of every statement a sentence holds (mention, name, kind, cue, content) is in
claims/rules/attribution.yml (``expect: {statements: [...]}``), run by tests/test_rules.py.
"""

from __future__ import annotations

import pytest

from tests.conftest import Reported


def _attributed(claims: list[Reported], text: str) -> list[tuple[str | None, str, str, str | None, str]]:
    """(mention, name, kind, cue, content) of every attributed claim, once per statement."""
    seen = []
    for claim in claims:
        if claim.source is None:
            continue
        s = claim.source
        row = (s.text, s.name, s.kind, s.cue, text[claim.content_start : claim.content_end])
        if row not in seen:
            seen.append(row)
    return seen


# pronouns and generic references resolve to the nearest compatible earlier mention
RESOLVED = [
    ("Maria Garcia won the primary on Tuesday. She said the polls had been wrong.", "She", "Maria Garcia", "person"),
    ("Vladimir Putin met the envoy. Putin said the talks were useful.", "Putin", "Vladimir Putin", "person"),
    (
        "North Korea's foreign ministry issued a statement. The ministry said the accord was a milestone.",
        "The ministry",
        "North Korea's foreign ministry",
        "government",
    ),
    ("Senator Ana Ruiz spoke first. “We will not back down,” she said.", "she", "Ana Ruiz", "person"),
    # unqualified state media belong to the country of the government that spoke last
    (
        "North Korea’s foreign ministry said the accord was a milestone. State media said the two leaders met in 2000. "
        "North Korean workers remain in Russia.",
        "State media",
        "North Korean state media",
        "publication",
    ),
]


@pytest.mark.parametrize(("text", "mention", "name", "kind"), RESOLVED, ids=[r[2] for r in RESOLVED])
def test_sources_resolve_to_earlier_mentions(reported, text, mention, name, kind):
    (row,) = [r for r in _attributed(reported(text), text) if r[0] == mention]
    assert row[:3] == (mention, name, kind)


def test_nested_report_is_relayed_by_the_outer_one(reported):
    text = "The Washington Post reported Sunday that officials said the plant had closed."
    outer, inner = sorted((c for c in reported(text) if c.source is not None), key=lambda c: c.content_start)
    assert (outer.source.name, outer.source.kind, outer.source.cue) == (
        "The Washington Post",
        "publication",
        "reported",
    )
    assert text[outer.content_start : outer.content_end] == "that officials said the plant had closed"
    assert outer.source.via == []
    assert (inner.source.text, inner.source.cue) == ("officials", "said")
    assert text[inner.content_start : inner.content_end] == "the plant had closed"
    assert [(v.name, v.kind, v.cue) for v in inner.source.via] == [("The Washington Post", "publication", "reported")]


def test_a_speakers_own_view_is_one_statement(reported):
    text = "Senator Ana Ruiz said she believed the vote would fail."
    (claim,) = [c for c in reported(text) if c.source is not None]
    assert (claim.source.name, claim.source.cue) == ("Ana Ruiz", "said")
    assert text[claim.content_start : claim.content_end] == "she believed the vote would fail"


def test_according_to_the_report_names_the_report_announced_earlier(run):
    text = (
        "The Washington Post reported Sunday that the workers remain in the port. "
        "The United States has said that the government earned more than $500 million, according to the report."
    )
    money = next(c for c in run(text) if any(q.kind == "money" for q in c.quantities))
    assert (money.source.name, money.source.kind) == ("United States", "government")
    assert [v.name for v in money.source.via] == ["The Washington Post report, Sunday"]


def test_a_second_that_clause_stays_in_the_report_and_is_relayed_by_it(reported):
    text = "The Washington Post reported Sunday that workers remain in the port and that several supervisors confirmed they still hire them."
    outer, inner = sorted((c for c in reported(text) if c.source is not None), key=lambda c: c.content_start)
    assert text[outer.content_start : outer.content_end] == (
        "that workers remain in the port and that several supervisors confirmed they still hire them"
    )
    assert (inner.source.text, inner.source.cue, text[inner.content_start : inner.content_end]) == (
        "several supervisors",
        "confirmed",
        "they still hire them",
    )
    assert [v.name for v in inner.source.via] == ["The Washington Post"]


def test_seed_article_sources(reported, seed_article):
    by_mention = {(c.source.text, c.source.cue): c.source for c in reported(seed_article) if c.source is not None}
    assert by_mention[("State media", "said")].name == "North Korean state media"
    assert by_mention[("The foreign ministry", "said")].name == "North Korea’s foreign ministry"
    assert by_mention[("The Washington Post", "reported")].kind == "publication"
    supervisors = by_mention[("several Russian construction supervisors", "confirmed")]
    assert [v.name for v in supervisors.via] == ["The Washington Post"]


# constructions of reported speech beyond a verb and its clause: (mention, cue, content)
MORE = [
    # a relative pronoun fronted before the speaker: what is said is the clause after the cue
    ("The wall, which he said Mexico should pay for, was never built.", ("he", "said", "Mexico should pay for")),
    # a reporting noun with its owner and a that-clause
    (
        "Garcia's claim that the election was stolen was rejected by the court.",
        ("Garcia", "claim", "that the election was stolen"),
    ),
    # "hopes" (which the lemmatizer reads as a form of "hop") with a clause
    (
        "The governor hopes that the bridge will reopen soon.",
        ("The governor", "hopes", "that the bridge will reopen soon"),
    ),
    # attacking someone is a stated position, like criticizing them
    (
        "The mayor attacked the governor for ignoring the warnings.",
        ("The mayor", "attacked", "the governor for ignoring the warnings"),
    ),
    # what someone wants or plans to do
    ("The senator wants to cut taxes.", ("The senator", "wants", "to cut taxes")),
]


@pytest.mark.parametrize(("text", "expected"), MORE, ids=[m[0][:40] for m in MORE])
def test_more_constructions(reported, text, expected):
    rows = [(r[0], r[3], r[4]) for r in _attributed(reported(text), text)]
    assert expected in rows
