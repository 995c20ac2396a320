"""A change, a level and a bound are different things (issue 16).

The sentences, one per kind of language, with the figures a checker should get (worked out by
hand: value, unit, qualifier, change, from, to, by, by_unit; ratios and odds; prices for a number
of things) are examples in claims/rules/quantities.yml (``expect: {figures: [...]}``), run by
tests/test_rules.py. The qualifier is what the contract scores: the bound when one is written,
else ``up``/``down`` for the size of a change ("rose 5%"), else ``=``; a level a change reached or
left ("rose to 4.6%", "down from 17%") keeps its direction in ``change`` and the levels in
``from``/``to``. Here: how the worklist writes them.
"""

from __future__ import annotations


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
