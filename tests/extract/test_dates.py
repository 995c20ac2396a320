"""Dates (claims/rules/dates.yml): one sentence per case, published on Tuesday 2021-07-20 unless said otherwise.

Each expected value was worked out by hand: relative dates count back from the publication
date; the event is the noun or verb the date anchors.
"""

from __future__ import annotations

import pytest

from claims.model import Claim

PUBLISHED = "2021-07-20"  # a Tuesday


def _dates(claims: list[Claim]) -> list[tuple[str, str | None, str | None]]:
    return sorted((d.text, d.value, d.event) for c in claims for d in c.dates)


DATES = [
    ("The two countries signed the agreement on July 19, 2000.", [("July 19, 2000", "2000-07-19", "signing")]),
    ("Leaders met at the April 2019 summit in Vladivostok.", [("April 2019", "2019-04", "summit")]),
    ("The ministry issued a statement on Tuesday.", [("Tuesday", "2021-07-20", "issue")]),
    ("Output fell last year.", [("last year", "2020", "fall")]),
    ("Prices rose in March.", [("March", "2021-03", "rise")]),
    ("The accord was signed more than two decades ago.", [("more than two decades ago", "2001", "signing")]),
    ("The centre opened in 2019.", [("2019", "2019", "opening")]),
    # no year written: the nearest one, looking up to a quarter ahead for what is due
    ("The dividend is payable Aug. 15 to holders of record.", [("Aug. 15", "2021-08-15", None)]),
    ("The company was founded on Nov. 3.", [("Nov. 3", "2020-11-03", "founding")]),
    ("The chip was unveiled last April.", [("last April", "2021-04", "unveil")]),
    ("The election is due this September.", [("this September", "2021-09", None)]),
    ("The ministers met last Tuesday.", [("last Tuesday", "2021-07-13", "meeting")]),
    ("Talks are set to resume Monday.", [("Monday", "2021-07-26", "resume")]),
    # four-digit figures that are not years
    ("The 1520 sq m centre is leased to a clinic.", []),
    ("The iPhone 12 comes with 3687 mAh.", []),
    ("Russia said that 2,020 workers had left.", []),
]


@pytest.mark.parametrize("text, expected", DATES, ids=[t for t, _ in DATES])
def test_dates(run, text, expected):
    assert _dates(run(text, published=PUBLISHED)) == sorted(expected)


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
