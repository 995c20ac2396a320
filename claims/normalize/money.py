"""Currencies from ISO 4217 data as babel keeps it (CLDR): codes, English names and symbols. Pure functions.

From babel come the currencies in use in some territory today, their English names ("Canadian
dollar", "Danish kroner"), their symbols in English ("CA$", "HK$", "₹") and in the English of
the countries that use them ("$" in en_AU, "RM" in en_MY, "R" in en_ZA). From those this module
derives the words and symbols a news story writes:

- the name and its plural, and the word before the currency word, which says which one it is
  ("Canadian" dollars, "Hong Kong" dollars);
- the last word of a name alone ("euros", "ringgit") when only one currency in use has it; a
  word several currencies share ("dollar", "pound") means the one the rules' lexicon names;
- a country's two letters before a dollar sign ("CA$", "AU$", "SG$") for every currency that is
  written "$" where it is used; the one-letter forms newsrooms write ("C$", "A$") come from the
  rules' lexicon.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast


@dataclass
class CurrencyTables:
    """Written forms of currencies, lower-cased: words, qualifiers before a currency word, symbols, codes."""

    words: dict[str, str] = field(default_factory=dict)  # "euros" → EUR, "canadian dollars" → CAD
    qualifiers: dict[str, str] = field(default_factory=dict)  # "canadian" → CAD, "hong kong" → HKD
    symbols: dict[str, str] = field(default_factory=dict)  # "hk$" → HKD, "₹" → INR, "rm" → MYR
    codes: set[str] = field(default_factory=set)  # ISO 4217 codes in use ("USD", "EUR")


def currency_tables(config: Mapping[str, object]) -> CurrencyTables:
    """Currency tables from babel's data, as the ``currency_registry`` lexicon adjusts them.

    Args:
        config: ``head_defaults`` (a word several currencies share → the one it means alone:
            ``dollar: USD``), ``skip_words`` (names that are everyday English words: "real", "sol"),
            ``symbol_defaults`` (a symbol several currencies share → the one it means: ``kr: SEK``),
            ``min_symbol_length`` (shorter letter symbols, such as "R" or "K", are left out).
    """
    return _cached(json.dumps(config, sort_keys=True))


@lru_cache(maxsize=4)
def _cached(config_json: str) -> CurrencyTables:
    config = json.loads(config_json)
    try:
        from babel import Locale, localedata
        from babel.numbers import get_currency_name, get_territory_currencies
    except ImportError:  # babel not installed: the rules' own tables only
        return CurrencyTables()
    english = Locale("en")
    codes = set()
    for territory in english.territories:
        if isinstance(territory, str) and re.fullmatch(r"[A-Z]{2}", territory):
            codes.update(get_territory_currencies(territory))
    tables = CurrencyTables(codes=codes)
    names = {code: (get_currency_name(code, 1, "en"), get_currency_name(code, 2, "en")) for code in sorted(codes)}
    _names(tables, names, config)
    _symbols(tables, english, localedata, codes, config)
    return tables


def _names(tables: CurrencyTables, names: Mapping[str, tuple[str, str]], config: Mapping[str, object]) -> None:
    """ "Canadian dollar(s)" → CAD; "canadian" → CAD as a qualifier; "euro(s)" → EUR where the word is one currency's."""
    skip = set(cast(list[str], config.get("skip_words", [])))
    defaults: Mapping[str, str] = config.get("head_defaults", {})  # type: ignore[assignment]
    heads: dict[str, set[str]] = {}
    for code, (one, many) in names.items():
        for name in (one, many):
            lower = name.lower()
            if not re.fullmatch(r"[a-z][a-z .'-]*", lower):
                continue
            tables.words.setdefault(lower, code)
            words = lower.split(" ")
            heads.setdefault(words[-1], set()).add(code)
            if len(words) > 1:
                tables.qualifiers.setdefault(" ".join(words[:-1]), code)
    for head, found in heads.items():
        if head in skip:
            continue
        if head in defaults:
            tables.words[head] = defaults[head]
        elif len(found) == 1:
            tables.words.setdefault(head, next(iter(found)))


def _symbols(tables: CurrencyTables, english, localedata, codes: set[str], config: Mapping[str, object]) -> None:
    """Symbols in English and in the English of each country, and "CA$"-style forms of local dollar signs."""
    from babel import Locale

    defaults: Mapping[str, str] = config.get("symbol_defaults", {})  # type: ignore[assignment]
    shortest = int(cast(int, config.get("min_symbol_length", 2)))
    found: dict[str, set[str]] = {}
    for code, symbol in english.currency_symbols.items():
        if code in codes and symbol != code:
            tables.symbols.setdefault(symbol.lower(), code)  # the English symbol wins: "$" is USD, "£" GBP
    for identifier in localedata.locale_identifiers():
        if not identifier.startswith("en_"):
            continue
        locale = Locale.parse(identifier)
        if not locale.territory or not re.fullmatch(r"[A-Z]{2}", locale.territory):
            continue
        from babel.numbers import get_territory_currencies

        for code in get_territory_currencies(locale.territory):
            symbol = locale.currency_symbols.get(code)
            if not symbol or symbol == code:
                continue
            if symbol == "$":
                found.setdefault(f"{locale.territory.lower()}$", set()).add(code)  # "CA$", "AU$", "SG$"
            elif not symbol.isalpha() or len(symbol) >= shortest:
                found.setdefault(symbol.lower(), set()).add(code)
    for symbol, currencies in found.items():
        if symbol in defaults:
            tables.symbols.setdefault(symbol, defaults[symbol])
        elif len(currencies) == 1:
            tables.symbols.setdefault(symbol, next(iter(currencies)))
