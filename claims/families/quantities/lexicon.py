"""The quantities lexicon with the unit and currency registries merged in.

``claims/rules/quantities.yml`` holds what news writes that the registries do not know ("sq m",
"year-old", "C$", "crowns") and the decisions a registry cannot make ("dollar" alone is USD, "pc"
is percent, not parsec). pint's unit definitions and babel's ISO 4217 data give the rest
(``claims.normalize.units``, ``claims.normalize.money``). Where both give a form, the rules win.
"""

from __future__ import annotations

from typing import Any

from claims.normalize.money import currency_tables
from claims.normalize.units import unit_tables

_MERGED: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_KEPT = 8


def registry_lexicon(lexicon: dict[str, Any]) -> dict[str, Any]:
    """``lexicon`` with ``units``, ``cased_units``, ``currencies``, ``glued_currencies`` and
    ``currency_qualifiers`` completed from the registries, and ``currency_codes`` (ISO 4217 codes in
    use). Worked out once per lexicon."""
    if lexicon.get("_registries"):
        return lexicon
    cached = _MERGED.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    merged = dict(lexicon)
    units = unit_tables(lexicon.get("unit_registry", {}))
    own_units: dict[str, str] = lexicon.get("units", {})
    merged["units"] = {**units.names, **own_units}
    merged["final_symbols"] = dict(units.final_symbols)
    merged["measures"] = frozenset(units.names.values()) | frozenset(
        units.symbols.values()
    )  # what is measured, not counted
    merged["cased_units"] = {
        **{s: u for s, u in units.symbols.items() if s.lower() not in own_units},
        **lexicon.get("cased_units", {}),
    }
    money = currency_tables(lexicon.get("currency_registry", {}))
    prefixes: dict[str, str] = lexicon.get("currency_prefixes", {})
    words = {s: c for s, c in money.symbols.items() if not s.isalpha() or len(s) >= 3}
    word_codes = set(lexicon.get("currency_registry", {}).get("word_codes", []))
    codes = {c.lower(): c for c in money.codes if c.lower() not in word_codes}  # "USD 40m", "40 eur", "USD10m"
    merged["currencies"] = {**codes, **money.words, **words, **lexicon.get("currencies", {})}
    merged["glued_currencies"] = {
        **codes,
        **money.symbols,
        **{p + "$": c for p, c in prefixes.items()},
        **{"$" + p: c for p, c in prefixes.items()},
        **lexicon.get("glued_currencies", {}),
    }
    merged["currency_qualifiers"] = {**money.qualifiers, **lexicon.get("currency_qualifiers", {})}
    merged["currency_codes"] = frozenset(money.codes)
    merged["_registries"] = True
    if len(_MERGED) >= _KEPT:
        _MERGED.clear()  # lexicons come from a few rule sets per process; never let a caller's fresh dicts pile up
    _MERGED[id(lexicon)] = (lexicon, merged)
    return merged
