"""Units of measure from a maintained registry: pint's unit definitions, read as data. Pure functions.

pint ships its definitions as a text file (``default_en.txt``: ``name = definition = symbol =
alias ...``, grouped under section comments such as ``# Length`` or ``@group Avoirdupois``). That
file is read here without importing pint; the rules' ``unit_registry`` lexicon says which sections
to take, which units take SI prefixes, how a unit is named in the output (``metre``, ``celsius``)
and which names and symbols are everyday words in news and so are left out ("section", "a").
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

_SECTION = re.compile(r"^#{1,4}\s*([A-Z][A-Za-z ]{2,40}?)\s*#*$")
_DEG_ALIAS = re.compile(r"^(deg|degree)([A-Z][a-z]?)$")  # pint's degF, degreeC: written "deg f", "degrees c"


@dataclass(frozen=True)
class UnitDefinition:
    """One unit of pint's file: canonical name, symbol, aliases and the section it is defined in."""

    name: str
    symbol: str | None
    aliases: tuple[str, ...]
    section: str


@dataclass
class UnitTables:
    """Written forms of units: ``names`` compared in lower case, ``symbols`` exactly as written."""

    names: dict[str, str] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)
    final_symbols: dict[str, str] = field(default_factory=dict)  # skipped symbols read only ending a sentence


def pint_definitions_path() -> Path | None:
    """Where the installed pint package keeps ``default_en.txt`` (found without importing pint)."""
    spec = importlib.util.find_spec("pint")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "default_en.txt"
        if path.is_file():
            return path
    return None


def read_definitions(text: str) -> tuple[list[UnitDefinition], dict[str, tuple[str, ...]]]:
    """The units and prefixes of a pint definitions file.

    Returns:
        The unit definitions in file order, and the prefixes (``"kilo"`` → ``("k",)``: symbol and
        aliases, without their trailing hyphen).
    """
    units: list[UnitDefinition] = []
    prefixes: dict[str, tuple[str, ...]] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        heading = _SECTION.match(line)
        if heading and "=" not in line:
            section = heading.group(1).strip()
            continue
        if line.startswith("@group"):
            section = line.split()[1]
            continue
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith(("@", "[")) or "=" not in line:
            continue
        parts = [p.strip() for p in line.split("=")]
        name, rest = parts[0], parts[2:]
        if name.endswith("-"):
            prefixes[name[:-1]] = tuple(p[:-1] for p in rest if p.endswith("-") and p != "_-")
            continue
        if not re.fullmatch(r"[A-Za-z_][\w]*", name):
            continue
        symbol = rest[0] if rest and rest[0] != "_" else None
        units.append(UnitDefinition(name, symbol, tuple(rest[1:]), section))
    return units, prefixes


def plural(word: str, irregular: Mapping[str, str]) -> str:
    """English plural of a unit word: "mile" → "miles", "inch" → "inches", "century" → "centuries"."""
    if word in irregular:
        return irregular[word]
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _plural_forms(name: str, irregular: Mapping[str, str]) -> list[str]:
    """ "mile per hour" → "miles per hour"; "watt hour" → "watt hours"; "degree celsius" → "degrees celsius".

    The word before "per" takes the plural; otherwise both the first and the last word are tried (a
    form nobody writes, such as "degree celsiuses", is never looked up)."""
    words = name.split(" ")
    places = [words.index("per") - 1] if "per" in words[1:] else sorted({0, len(words) - 1})
    return [
        " ".join([*words[:at], plural(words[at], irregular), *words[at + 1 :]])
        for at in places
        if at >= 0 and words[at].isalpha()
    ]


def _written_forms(name: str, config: Mapping[str, object]) -> set[str]:
    """The ways a unit name is written: "kilowatt_hour" → kilowatt hour(s), kilowatt-hour(s); "mile per hour" →
    "miles an hour"; British and American spellings ("kilometre", "kilometer")."""
    irregular: Mapping[str, str] = config.get("plurals", {})  # type: ignore[assignment]
    spellings: Mapping[str, str] = config.get("spellings", {})  # type: ignore[assignment]
    base = name.replace("_", " ").lower()
    variants = {base}
    for american, british in spellings.items():
        for form in list(variants):
            if american in form:
                variants.add(form.replace(american, british))
    forms: set[str] = set()
    for form in variants:
        for written in (form, *_plural_forms(form, irregular)):
            forms.add(written)
            if " " in written and " per " not in written:
                forms.add(written.replace(" ", "-"))
            if " per " in written:
                forms.update(written.replace(" per ", f" {article} ") for article in ("a", "an"))  # "miles an hour"
    return forms


def _degree_forms(alias: str) -> list[str]:
    """pint's ``degF`` / ``degreeC`` as news writes them: "deg f", "degree f", "degrees f"."""
    match = _DEG_ALIAS.match(alias)
    if not match:
        return []
    letter = match.group(2).lower()
    return [f"deg {letter}", f"degree {letter}", f"degrees {letter}", f"° {letter}"]


def _output_name(name: str, config: Mapping[str, object]) -> str:
    """How a unit is named in the output: "kilometer_per_hour" → "kilometre per hour"."""
    names: Mapping[str, str] = config.get("names", {})  # type: ignore[assignment]
    if name in names:
        return names[name]
    spellings: Mapping[str, str] = config.get("spellings", {})  # type: ignore[assignment]
    words = [spellings.get(w, w) for w in name.replace("_", " ").lower().split(" ")]
    out = " ".join(words)
    for american, british in spellings.items():
        out = out.replace(american, british)
    return out


def build_unit_tables(text: str, config: Mapping[str, object]) -> UnitTables:
    """Written unit forms from a pint definitions file, as the ``unit_registry`` lexicon selects them.

    Args:
        text: the definitions file.
        config: ``sections`` to take; ``prefixed_units`` (a unit → the SI prefixes it takes in news:
            ``watt: [kilo, mega, giga]``); ``skip_units`` and ``skip_symbols`` (everyday words and
            letters); ``names`` (output names); ``spellings`` (American → British); ``plurals``
            (irregular plurals); ``final_symbols`` (skipped symbols read as units where they end a sentence
            right after a figure: "a" year, "h" hour).
    """
    units, prefixes = read_definitions(text)
    sections = set(cast(list[str], config.get("sections", [])))
    skip_units = set(cast(list[str], config.get("skip_units", [])))
    skip_symbols = set(cast(list[str], config.get("skip_symbols", [])))
    prefixed: Mapping[str, list[str]] = config.get("prefixed_units", {})  # type: ignore[assignment]
    tables = UnitTables()
    kept = [u for u in units if u.section in sections and u.name not in skip_units and not _has_digit(u.name)]
    for unit in kept:
        out = _output_name(unit.name, config)
        _add(tables, unit.name, unit.symbol, unit.aliases, out, config, skip_units, skip_symbols)
    for unit in kept:
        for prefix in prefixed.get(unit.name, []):
            symbol = prefixes.get(prefix, ("",))[0]
            written = [a for a in (unit.name, *unit.aliases) if not _has_digit(a)]
            names = tuple(prefix + a for a in written if not _is_symbol(a))
            symbols = tuple(symbol + a for a in (unit.symbol or "", *written) if a and symbol and _is_symbol(a))
            out = prefix + _output_name(unit.name, config)
            _add(tables, out, None, names + symbols, out, config, skip_units, skip_symbols)
    _add_lower_symbols(tables, skip_symbols)
    return tables


def _add_lower_symbols(tables: UnitTables, skip_symbols: set[str]) -> None:
    """Symbols written in lower case ("KM", "kwh") where that leaves no doubt: "mw" may be mW or MW, "gb" only GB."""
    lowered: dict[str, set[str]] = {}
    for symbol, unit in tables.symbols.items():
        if symbol.isascii() and "_" not in symbol:
            lowered.setdefault(symbol.lower(), set()).add(unit)
    for lower, found in lowered.items():
        if len(found) == 1 and lower not in skip_symbols:
            tables.names.setdefault(lower, next(iter(found)))


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _add(
    tables: UnitTables,
    name: str,
    symbol: str | None,
    aliases: Iterable[str],
    out: str,
    config: Mapping[str, object],
    skip_units: set[str],
    skip_symbols: set[str],
) -> None:
    """Enter a unit's written forms; a form already taken keeps its first unit (base units come first)."""
    final: set[str] = set(cast(list[str], config.get("final_symbols", [])))
    for alias in (name, *([symbol] if symbol else []), *aliases):
        if alias in final and alias in skip_symbols:
            tables.final_symbols.setdefault(alias, out)  # "for 10 a.", "took 3 h.": a unit where nothing else can be
        if alias in skip_units or alias in skip_symbols or _has_digit(alias):
            continue
        if _is_symbol(alias) and "_" not in alias:
            tables.symbols.setdefault(alias, out)
            for form in _degree_forms(alias):
                tables.names.setdefault(form, out)
            continue
        for form in _written_forms(alias, config):  # a name, or a symbol written in words ("sq_ft")
            tables.names.setdefault(form, out)


def _is_symbol(alias: str) -> bool:
    """A symbol or abbreviation ("km", "degF", "°C", "MPH") rather than a word ("kilometre", "celsius")."""
    letters = alias.replace("_", "").replace(" ", "")
    return not letters.isalpha() or not letters.islower() or len(letters) <= 3


@lru_cache(maxsize=4)
def _cached_tables(path: str, config_json: str) -> UnitTables:
    return build_unit_tables(Path(path).read_text(encoding="utf-8"), json.loads(config_json))


def unit_tables(config: Mapping[str, object]) -> UnitTables:
    """The unit tables of the installed pint's definitions (empty when pint is not installed)."""
    path = pint_definitions_path()
    if path is None:
        return UnitTables()
    return _cached_tables(str(path), json.dumps(config, sort_keys=True))
