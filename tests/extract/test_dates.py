"""Dates (claims/rules/dates.yml): published on Tuesday 2021-07-20 unless said otherwise.

The sentence → dates table (text, value, event, each worked out by hand: relative dates count
back from the publication date; the event is the noun or verb the date anchors) lives in the rule
file, as examples (``published: 2021-07-20``, ``expect: {dates: [...]}``) that tests/test_rules.py
runs. Here: what a date holds beyond the table.
"""

from __future__ import annotations

import pytest

PUBLISHED = "2021-07-20"  # a Tuesday


def test_relative_dates_are_marked_as_resolved_from_context(run):
    (date,) = [d for c in run("The ministry issued a statement on Tuesday.", published=PUBLISHED) for d in c.dates]
    assert date.relative is True
    (date,) = [
        d for c in run("The two countries signed the agreement on July 19, 2000.", published=PUBLISHED) for d in c.dates
    ]
    assert date.relative is False


def test_without_a_publication_date_a_weekday_stays_unresolved(run):
    (date,) = [d for c in run("The ministry issued a statement on Tuesday.") for d in c.dates]
    assert date.value is None


def test_a_range_of_days_keeps_both_ends(run):
    (date,) = [d for c in run("The summit runs March 19-20, 2024, in Brussels.", published=PUBLISHED) for d in c.dates]
    assert (date.value, date.until, date.describe()) == ("2024-03-19", "2024-03-20", "2024-03-19 to 2024-03-20 (run)")


@pytest.mark.parametrize("text", ["The polls closed at 10.32 GMT on Tuesday.", "Trading opens at 9:30 ET."])
def test_a_time_of_day_is_no_figure(run, text):
    assert [q.text for c in run(text, published=PUBLISHED) for q in c.quantities] == []
