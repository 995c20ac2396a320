"""The pure normalisers (claims.normalize): tables of written forms, and invariants checked with hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.normalize.dates import parse_iso
from claims.normalize.numbers import (
    SCIENTIFIC,
    GluedFigure,
    hyphenated_number,
    order_of_magnitude_range,
    parse_digits,
    parse_fraction,
    parse_number,
    parse_ordinal,
    scientific_value,
    split_glued,
)
from claims.ruleset import load_rule_file, rules_dir

_, LEXICON, _ = load_rule_file(rules_dir() / "quantities.yml")
WORDS, SCALES, DENOMINATORS = LEXICON["number_words"], LEXICON["scales"], LEXICON["denominators"]
FILLERS = LEXICON["number_fillers"]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["500", "million"], 500_000_000),
        (["1.13bn"], 1_130_000_000),
        (["5.3", "million"], 5_300_000),
        (["twenty", "-", "four"], 24),
        (["twenty-four"], 24),
        (["half", "a", "million"], 500_000),
        (["a", "dozen"], 12),
        (["two", "dozen"], 24),
        (["two", "and", "a", "half"], 2.5),
        (["two-thirds"], 2 / 3),
        (["three", "quarters"], 0.75),
        (["a", "third"], 1 / 3),
        (["3/4"], 0.75),
        (["1⁄32"], 1 / 32),
        (["minus", "387"], -387),
        (["minus-130"], -130),
        (["−4"], -4),
        (["+0.3"], 0.3),
        (["1,307,000"], 1_307_000),
        (["three", "hundred"], 300),
        (["four", "thousand", "five", "hundred"], 4500),
    ],
)
def test_parse_number(words, expected):
    assert parse_number(words, WORDS, SCALES, DENOMINATORS, FILLERS) == pytest.approx(expected)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("Forty", "one", 41),
        ("twenty", "five", 25),
        ("ninety", "nine", 99),
        ("one", "third", 1 / 3),
        ("two", "thirds", 2 / 3),
        ("three", "quarters", 0.75),
        ("five", "six", None),
        ("twenty", "thirty", None),
        ("one", "two", None),
        ("forty", "eleven", None),
        ("the", "third", None),
    ],
)
def test_hyphenated_number_is_one_number_or_none_for_a_range(first, second, expected):
    found = hyphenated_number(first, second, WORDS, DENOMINATORS)
    assert found == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("words", [["shells"], [], ["the", "report"], ["12th"]])
def test_parse_number_refuses_what_is_not_a_number(words):
    assert parse_number(words, WORDS, SCALES, DENOMINATORS, FILLERS) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("US$1.13bn", GluedFigure("us$", False, 1.13, "bn")),
        ("$-50.8bn", GluedFigure("$", False, -50.8, "bn")),
        ("PS8.1bn", GluedFigure("ps", False, 8.1, "bn")),
        ("Y=590", GluedFigure("y=", False, 590.0, "")),
        ("RM23.50", GluedFigure("rm", False, 23.5, "")),
        ("640bhp", GluedFigure("", False, 640.0, "bhp")),
        ("5.5kWh", GluedFigure("", False, 5.5, "kWh")),
        ("32m2", GluedFigure("", False, 32.0, "m2")),
        ("~45", GluedFigure("", True, 45.0, "")),
        ("sub-7", GluedFigure("sub-", False, 7.0, "")),
        ("minus-5", GluedFigure("minus-", False, 5.0, "")),
        ("to-260,000", GluedFigure("to-", False, 260_000.0, "")),
    ],
)
def test_split_glued(text, expected):
    assert split_glued(text) == expected


@pytest.mark.parametrize("text", ["1.99×10−30", "3-4", "shells", ""])
def test_split_glued_refuses_more_or_less_than_one_figure(text):
    assert split_glued(text) is None


@pytest.mark.parametrize(
    "word, scale, expected",
    [
        ("hundreds", 1, [100, 1000]),
        ("dozens", 1, [12, 120]),
        ("tens", 1000, [10_000, 100_000]),
        ("millions", 1, [1e6, 1e7]),
    ],
)
def test_order_of_magnitude_range(word, scale, expected):
    assert order_of_magnitude_range(word, LEXICON["magnitudes"], scale) == expected


def test_ordinals_and_fractions():
    assert parse_ordinal("21st", LEXICON["ordinal_words"]) == 21
    assert parse_ordinal("third", LEXICON["ordinal_words"]) == 3
    assert parse_ordinal("anniversary", LEXICON["ordinal_words"]) is None
    assert parse_fraction("1/16") == 0.0625
    assert parse_fraction("1/0") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_thousands_separators_round_trip(n):
    assert parse_digits(f"{n:,}") == n
    assert parse_digits(str(n)) == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion", "trillion"]))
def test_a_scale_word_multiplies(n, scale):
    assert parse_number([str(n), scale], WORDS, SCALES, fillers=FILLERS) == n * SCALES[scale]


@given(
    st.decimals(min_value="0.01", max_value="99999", places=2),
    st.sampled_from(["US$", "PS", "Y=", "RM", ""]),
    st.sampled_from(["bn", "m", "kWh", ""]),
)
def test_split_glued_keeps_every_part(number, prefix, suffix):
    glued = split_glued(f"{prefix}{number}{suffix}")
    assert glued is not None
    assert (glued.prefix, glued.number, glued.suffix) == (prefix.lower(), float(number), suffix)


@given(st.integers(min_value=0, max_value=10**9))
def test_a_sign_negates(n):
    assert parse_digits(f"-{n}") == -n
    assert parse_number(["minus", str(n)], WORDS, SCALES, fillers=FILLERS) == -n


@given(st.dates(min_value=dt.date(1500, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_iso_dates_round_trip(day):
    assert parse_iso(day.isoformat()) == day
    assert parse_iso(day.isoformat()[:7]) == day.replace(day=1)
    assert parse_iso(str(day.year)) == dt.date(day.year, 1, 1)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.99×10^30", 1.99e30),
        ("3 x 10^8", 3e8),
        ("1.99×10−30", 1.99e-30),  # the exponent's superscript lost in copy: the sign is glued to the 10
        ("2×10⁻³", 0.002),
        ("6.022e23", 6.022e23),
        ("5 x 10^-3", 0.005),
    ],
)
def test_scientific_notation(text, value):
    match = SCIENTIFIC.fullmatch(text)
    assert match is not None and scientific_value(match) == value


@pytest.mark.parametrize("text", ["3x10", "version 10", "the 1990s", "4.3e", "10^8"])
def test_not_scientific_notation(text):
    assert SCIENTIFIC.search(text) is None
