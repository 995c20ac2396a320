"""Units from pint's definitions and currencies from babel's ISO 4217 data (claims.normalize.units, .money).

The expected values are what the registries say a written form means, worked out by hand from
pint's ``default_en.txt`` and CLDR's English currency names and symbols, with the choices the
rules' lexicon makes where news means something else.
"""

from __future__ import annotations

import pytest

from claims.normalize.money import currency_tables
from claims.normalize.units import build_unit_tables, plural, read_definitions, unit_tables
from claims.ruleset import load_rule_file, rules_dir

_, LEXICON, _ = load_rule_file(rules_dir() / "quantities.yml")
UNITS = unit_tables(LEXICON["unit_registry"])
MONEY = currency_tables(LEXICON["currency_registry"])


@pytest.mark.parametrize(
    "written, unit",
    [
        ("degrees f", "fahrenheit"),  # pint's degF, as lower-cased wire copy writes it
        ("deg c", "celsius"),
        ("degrees celsius", "celsius"),
        ("kilometres", "kilometre"),
        ("kilometers", "kilometre"),
        ("miles an hour", "mile per hour"),
        ("kilowatt-hours", "kilowatt hour"),
        ("terawatt hours", "terawatt hour"),
        ("square feet", "square foot"),
        ("sq ft", "square foot"),
        ("hectares", "hectare"),
        ("imperial gallons", "imperial gallon"),
        ("nautical miles", "nautical mile"),
        ("light-years", "light year"),
        ("gigatonnes", "gigatonne"),
        ("millisieverts", "millisievert"),
        ("megabits per second", "megabit per second"),
        ("kwh", "kilowatt hour"),  # a symbol in lower case, where only one unit has it
    ],
)
def test_unit_names_from_pint(written, unit):
    assert UNITS.names[written] == unit


@pytest.mark.parametrize(
    "symbol, unit",
    [
        ("km", "kilometre"),
        ("MW", "megawatt"),
        ("mW", "milliwatt"),
        ("°F", "fahrenheit"),
        ("Mbps", "megabit per second"),
    ],
)
def test_unit_symbols_are_read_as_written(symbol, unit):
    assert UNITS.symbols[symbol] == unit


@pytest.mark.parametrize("word", ["in", "a", "at", "s", "section", "quarter", "league", "pound", "count"])
def test_everyday_words_are_not_units(word):
    assert word not in UNITS.names and word not in UNITS.symbols


def test_skipped_symbols_named_final_are_kept_apart_for_the_end_of_a_sentence():
    text = "# Time\nsecond = [time] = s\nhour = 60 * 60 * second = h\nyear = 365.25 * 24 * hour = a = yr\n"
    config = {"sections": ["Time"], "skip_symbols": ["a", "s", "h"], "final_symbols": ["a", "h"]}
    tables = build_unit_tables(text, config)
    assert tables.final_symbols == {"a": "year", "h": "hour"}
    assert "a" not in tables.symbols and "a" not in tables.names and tables.symbols["yr"] == "year"


def test_lower_case_symbols_that_two_units_share_are_left_to_the_rules():
    assert "mw" not in UNITS.names  # mW or MW: the rules' lexicon says megawatt


def test_a_definitions_file_is_read_as_data():
    text = "# Length\nmeter = [length] = m = metre\nkilo- = 1e3 = k-\n@group Imperial\n    mile = 1609.344 * meter = mi\n@end\n"
    units, prefixes = read_definitions(text)
    assert [(u.name, u.symbol, u.aliases, u.section) for u in units] == [
        ("meter", "m", ("metre",), "Length"),
        ("mile", "mi", (), "Imperial"),
    ]
    assert prefixes == {"kilo": ("k",)}
    config = {"sections": ["Length"], "prefixed_units": {"meter": ["kilo"]}, "spellings": {"meter": "metre"}}
    tables = build_unit_tables(text, config)
    assert (tables.names["kilometres"], tables.symbols["km"], tables.names["meters"]) == (
        "kilometre",
        "kilometre",
        "metre",
    )
    assert "mile" not in tables.names  # not in a section the config takes


@pytest.mark.parametrize(
    "word, expected", [("mile", "miles"), ("inch", "inches"), ("century", "centuries"), ("day", "days")]
)
def test_plural(word, expected):
    assert plural(word, {}) == expected


@pytest.mark.parametrize(
    "written, code",
    [
        ("canadian dollars", "CAD"),
        ("danish kroner", "DKK"),
        ("euros", "EUR"),
        ("zloty", "PLN"),
        ("ringgit", "MYR"),
        ("dollar", "USD"),  # shared by many currencies: the rules' default
        ("pounds", "GBP"),
    ],
)
def test_currency_words_from_babel(written, code):
    assert MONEY.words[written] == code


@pytest.mark.parametrize(
    "symbol, code",
    [
        ("$", "USD"),
        ("£", "GBP"),
        ("hk$", "HKD"),
        ("ca$", "CAD"),
        ("sg$", "SGD"),
        ("₹", "INR"),
        ("rm", "MYR"),
        ("r$", "BRL"),
    ],
)
def test_currency_symbols_from_babel(symbol, code):
    assert MONEY.symbols[symbol] == code


@pytest.mark.parametrize(
    "qualifier, code", [("canadian", "CAD"), ("hong kong", "HKD"), ("new zealand", "NZD"), ("swiss", "CHF")]
)
def test_the_word_before_a_currency_word_says_which(qualifier, code):
    assert MONEY.qualifiers[qualifier] == code


@pytest.mark.parametrize("word", ["real", "gold", "mark", "won"])
def test_currency_names_that_are_english_words_are_left_out(word):
    assert word not in MONEY.words
