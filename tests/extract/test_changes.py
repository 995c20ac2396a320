"""A change, a level and a bound are different things (issue 16): one sentence per kind of language.

Each row is a sentence written for the case and the figures a checker should get, worked out by
hand: ``(value, unit, qualifier, change, from, to, by, by_unit)``. The qualifier is what the
contract scores: the bound when one is written, else ``up``/``down`` for the size of a change
("rose 5%"), else ``=``; a level a change reached or left ("rose to 4.6%", "down from 17%") keeps
its direction in ``change`` and the levels in ``from``/``to``.
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _figures(claims: list[Claim]) -> list[tuple]:
    seen, found = set(), []
    for claim in claims:
        for q in claim.quantities:
            if q.vague or (q.start, q.end) in seen:
                continue
            seen.add((q.start, q.end))
            found.append((q.value, q.unit, q.qualifier, q.change, q.from_value, q.to_value, q.by, q.by_unit))
    return sorted(found, key=repr)


CHANGES = [
    # a level reached is not a change of that size
    ("Unemployment rose to 4.6 per cent in March.", [(4.6, "percent", "=", "up", None, 4.6, None, None)]),
    ("Inflation has fallen to 3.9% this year.", [(3.9, "percent", "=", "down", None, 3.9, None, None)]),
    # the size of a change and the level it reached, in one clause
    (
        "The bank raised rates by 0.27 percentage points to 5.8%.",
        [
            (0.27, "percentage_point", "up", "up", None, None, None, None),
            (5.8, "percent", "=", "up", None, 5.8, 0.27, "percentage_point"),
        ],
    ),
    (
        "Research spending rose 37% to 705m rupees.",
        [
            (37, "percent", "up", "up", None, None, None, None),
            (705_000_000, "INR", "=", "up", None, 705_000_000, 37, "percent"),
        ],
    ),
    (
        "The number of jobless people rose 32,000 to 1.41 million.",
        [
            (32_000, None, "up", "up", None, None, None, None),
            (1_410_000, None, "=", "up", None, 1_410_000, 32_000, None),
        ],
    ),
    (
        "Oil gained $1.32 to $44.45 a barrel.",
        [
            (1.32, "USD", "up", "up", None, None, None, None),
            (44.45, "USD per barrel", "=", "up", None, 44.45, 1.32, "USD"),
        ],
    ),
    # two levels: from and to, in either order
    (
        "Payroll growth was revised down from 157,000 to 133,000.",
        [([133_000, 157_000], None, "=", "down", 157_000, 133_000, None, None)],
    ),
    ("The limit was changed from 5% to 7%.", [([5, 7], "percent", "=", "up", 5, 7, None, None)]),
    (
        "Revenue rose to $7.36 billion from $6.78 billion a year earlier.",
        [
            (6_780_000_000, "USD", "=", "up", 6_780_000_000, 7_360_000_000, None, None),
            (7_360_000_000, "USD", "=", "up", 6_780_000_000, 7_360_000_000, None, None),
        ],
    ),
    (
        "Growth slowed to 11.5% in 2004, down from 17% the previous year.",
        [
            (11.5, "percent", "=", "down", None, 11.5, None, None),
            (17, "percent", "=", "down", 17, None, None, None),
        ],
    ),
    # a spread is not a change
    (
        "Flats sell for from $370,000 to $5.5 million.",
        [([370_000, 5_500_000], "USD", "=", None, None, None, None, None)],
    ),
    # a bound and a change together: the bound is the qualifier, the change is kept
    ("Shares were down more than 25% this year.", [(25, "percent", ">", "down", None, None, None, None)]),
    ("The index was up about 19 per cent for the year.", [(19, "percent", "~", "up", None, None, None, None)]),
    # the size of a change without a verb of its own ("and Toyota by 3%"), and a noun of change with "by"
    (
        "Shares in Ford fell 5% and Toyota by 3%.",
        [
            (3, "percent", "down", "down", None, None, None, None),
            (5, "percent", "down", "down", None, None, None, None),
        ],
    ),
    ("The budget saw a decrease by 2 percent.", [(2, "percent", "down", "down", None, None, None, None)]),
    # a change without a verb between two clauses belongs to the first ("..., Intel by 2.6% and Dell was ...")
    (
        "Shares of Apple and Oracle were down 2.3%, Intel by 2.6% and Dell was down 1.9% before the bell.",
        [
            (1.9, "percent", "down", "down", None, None, None, None),
            (2.3, "percent", "down", "down", None, None, None, None),
            (2.6, "percent", "down", "down", None, None, None, None),
        ],
    ),
    (
        "Sales were up 5%, profits by 3% and costs by 1%.",
        [
            (1, "percent", "up", "up", None, None, None, None),
            (3, "percent", "up", "up", None, None, None, None),
            (5, "percent", "up", "up", None, None, None, None),
        ],
    ),
    # a part of a whole, money taken in, a length of time: no change
    (
        "The team lost 12 of their 14 games.",
        [(12, "game", "=", None, None, None, None, None), (14, "game", "=", None, None, None, None, None)],
    ),
    ("The club raised $26 million from fans.", [(26_000_000, "USD", "=", None, None, None, None, None)]),
    ("Prices will rise over 20 or 30 years.", [([20, 30], "year", "=", None, None, None, None, None)]),
    ("He served over 20 years in prison.", [(20, "year", ">", None, None, None, None, None)]),
    (
        "With Germany making up a third of the economy, demand is weak.",
        [(pytest.approx(1 / 3), None, "=", None, None, None, None, None)],
    ),
]


@pytest.mark.parametrize("text, expected", CHANGES, ids=[t for t, _ in CHANGES])
def test_changes_levels_and_bounds(run, text, expected):
    assert _figures(run(text)) == sorted(expected, key=repr)


def _ratios(claims: list[Claim]) -> list[tuple]:
    return sorted(
        {
            (q.value, q.unit, q.qualifier, tuple(q.ratio or ()), q.of)
            for c in claims
            for q in c.quantities
            if not q.vague
        }
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # a share written as a ratio: 1/5 of what it counts, not five of them
        ("One in five households cannot pay their bills.", [(0.2, None, "=", (1, 5), "households")]),
        ("Nearly 1 in 10 adults smoke.", [(0.1, None, "<", (1, 10), "adults")]),
        # odds are odds, not a fraction of something
        (
            "The favourite was priced at odds of 4/9 before the race.",
            [(pytest.approx(4 / 9), "odds", "=", (4, 9), None)],
        ),
        ("He backed the outsider at 5/1 odds.", [(5, "odds", "=", (5, 1), None)]),
    ],
)
def test_ratios_and_odds(run, text, expected):
    assert _ratios(run(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a price for a number of things is one figure, its unit the things
        ("The tax adds 7p on 20 cigarettes.", [(7, "GBX per 20 cigarette", "up")]),  # the price goes up by 7p
        ("Coffee costs $5 per 100 grams.", [(5, "USD per 100 gram", "=")]),
    ],
)
def test_a_price_for_a_number_of_things(run, text, expected):
    found = sorted({(q.value, q.unit, q.qualifier) for c in run(text) for q in c.quantities if not q.vague})
    assert found == expected


def test_the_worklist_says_which_figure_is_the_change():
    from claims.model import Quantity

    level = Quantity(5.8, "percent", "5.8%", 0, 4, "=", change="up", to_value=5.8, by=0.27, by_unit="percentage_point")
    amount = Quantity(25, "percent", "down more than 25%", 0, 4, ">", change="down")
    pair = Quantity(
        [133_000, 157_000],
        None,
        "from 157,000 to 133,000",
        0,
        4,
        "=",
        change="down",
        from_value=157_000,
        to_value=133_000,
    )
    odds = Quantity(4 / 9, "odds", "4/9", 0, 3, "=", ratio=[4, 9])
    share = Quantity(0.2, None, "one in five households", 0, 3, "=", of="households", ratio=[1, 5])
    assert level.describe() == "5.8 percent (up by 0.27 percentage_point)"
    assert amount.describe() == "down > 25 percent"
    assert pair.describe() == "157,000 → 133,000 (down)"
    assert odds.describe() == "odds 4/9"
    assert share.describe() == "1 in 5 of households"
    assert (level.is_change, amount.is_change, pair.is_change) == (False, True, False)
