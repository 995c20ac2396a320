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
    # a date told against another in the sentence; else "a year earlier" counts back from publication
    (
        "Sales were 11.5% in 2004, down from 17% the previous year.",
        [("2004", "2004", "be"), ("previous year", "2003", None)],
    ),
    (
        "In 1988 imports fell, and that year exports rose.",
        [("1988", "1988", "import"), ("that year", "1988", "export")],
    ),
    ("Revenue rose to $5m from $4m a year earlier.", [("a year earlier", "2020", None)]),
    ("The results were below year-earlier figures.", [("year-earlier", "2020", "figure")]),
    (
        "Talks began in March and ended the following month.",
        [("March", "2021-03", "start"), ("following month", "2021-04", "end")],
    ),
    ("The firm was split the following month.", [("following month", None, "split")]),  # told against nothing given
    # a month or day without its year takes the year the sentence is about
    (
        "In 2019 prices rose in March and fell in May.",
        [("2019", "2019", "price"), ("March", "2019-03", "rise"), ("May", "2019-05", "fall")],
    ),
    ("The treaty was signed in May.", [("May", "2021-05", "signing")]),
    # the publication year named as a period
    ("The firm expects higher profit for the full year.", [("full year", "2021", "profit")]),
    ("Jobs will be cut by year end.", [("by year end", "2021", "cut")]),
    # a range of days: the first day, and the last in until (see test_a_range_of_days)
    ("The summit ran on 19-20 March in Brussels.", [("19-20 March", "2021-03-19", "run")]),
    # "X, not Y": the date set against another shares its event
    (
        "The festival will come out on 1 April, not 1 January.",
        [("1 April", "2022-04-01", "come"), ("1 January", "2022-01-01", "come")],
    ),
    # a date that a past verb or "since" dates lies before publication
    ("The company was founded in January.", [("January", "2021-01", "founding")]),
    ("Inspectors had worked there since Aug. 13.", [("Aug. 13", "2020-08-13", "work")]),
    ("They met two weeks ago.", [("two weeks ago", "2021-07-06", "meeting")]),
    # four-digit figures that are not years
    ("The 1520 sq m centre is leased to a clinic.", []),
    ("The iPhone 12 comes with 3687 mAh.", []),
    ("Russia said that 2,020 workers had left.", []),
]


@pytest.mark.parametrize("text, expected", DATES, ids=[t for t, _ in DATES])
def test_dates(run_all, text, expected):  # dates of a sentence, whatever its priority
    assert _dates(run_all(text, published=PUBLISHED)) == sorted(expected)


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
