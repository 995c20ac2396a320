"""Settings from ``claims.toml`` (optional, in the working folder or given with ``--config``).

Everything has a default; the file only needs what a newsroom wants to change::

    [worklist]
    statuses = ["To check", "In progress", "Done", "Not checkable"]
    verdicts = ["Accurate", "Mostly accurate", "Misleading", "Inaccurate", "Unverifiable"]
    low_priority_below = 0.5
    protect = true

    [ledger]
    path = "exports/ledger.sqlite"

    [worklist.verdict_meanings]
    Accurate = "The claim is correct and nothing important is missing."

    [claimreview]
    organization = "Example Fact Check"
    url = "https://factcheck.example.org"
    rating_scale = { Accurate = 5, "Mostly accurate" = 4, Misleading = 2, Inaccurate = 1, Unverifiable = 0 }
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, RuleProblem

CONFIG_ENV = "CLAIMS_CONFIG"
DEFAULT_STATUSES = ["To check", "In progress", "Done", "Not checkable"]
DEFAULT_VERDICTS = ["Accurate", "Mostly accurate", "Misleading", "Inaccurate", "Unverifiable"]
DEFAULT_RATINGS = {"Accurate": 5, "Mostly accurate": 4, "Misleading": 2, "Inaccurate": 1, "Unverifiable": 0}
DEFAULT_MEANINGS = {
    "Accurate": "The claim is correct and nothing important is missing.",
    "Mostly accurate": "Correct, but needs clarification or context.",
    "Misleading": "Contains an element of truth but gives a wrong impression.",
    "Inaccurate": "The claim is false.",
    "Unverifiable": "No reliable evidence either way could be found.",
}
LIST_FORMULA_LIMIT = 255  # Excel's limit for a dropdown list typed into the validation
# The tables of claims.toml and the keys each takes. verdict_meanings and rating_scale map verdicts (any name).
KEYS: dict[str, tuple[str, ...]] = {
    "worklist": ("statuses", "verdicts", "low_priority_below", "protect", "verdict_meanings"),
    "ledger": ("path",),
    "claimreview": ("organization", "url", "rating_scale"),
}
_TABLE_LINE = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")
_KEY_LINE = re.compile(r"\s*\"?([\w.-]+?)\"?\s*=")


@dataclass
class Settings:
    statuses: list[str] = field(default_factory=lambda: list(DEFAULT_STATUSES))
    verdicts: list[str] = field(default_factory=lambda: list(DEFAULT_VERDICTS))
    low_priority_below: float = 0.5
    protect: bool = True
    ledger_path: str | None = None
    organization: str = "Fact-checking desk"
    organization_url: str | None = None
    rating_scale: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_RATINGS))
    verdict_meanings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MEANINGS))


def config_path(path: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The settings file: the one given, ``$CLAIMS_CONFIG``, or ``./claims.toml``; and whether it was chosen."""
    chosen = path or os.environ.get(CONFIG_ENV)
    return (Path(chosen) if chosen else Path("claims.toml")), bool(chosen)


def settings_problems(path: str | os.PathLike[str] | None = None) -> list[RuleProblem]:
    """Everything wrong in the settings file, as rows of the rules' problem table (``claims rules check``)."""
    file, _ = config_path(path)
    try:
        load_settings(path)
    except ClaimsError as exc:
        try:
            text = file.read_text(encoding="utf-8")
            keys = key_problems(tomllib.loads(text), text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            keys = []
        if keys:
            return [RuleProblem(str(file), line, "", message) for message, line in keys]
        return [RuleProblem(str(file), None, "", str(exc).removeprefix(f"{file}: "))]
    return []


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from the given file, ``$CLAIMS_CONFIG``, or ``./claims.toml``; defaults otherwise."""
    file, chosen = config_path(path)
    if not file.exists():
        if chosen:
            raise ClaimsError(f"{file}: configuration file not found")
        return Settings()
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ClaimsError(f"{file}: not valid TOML ({exc})") from exc
    check_keys(data, file, text)
    settings = Settings()
    worklist = data.get("worklist", {})
    settings.statuses = _strings(worklist.get("statuses"), settings.statuses, file, "worklist.statuses")
    settings.verdicts = _strings(worklist.get("verdicts"), settings.verdicts, file, "worklist.verdicts")
    if "verdict_meanings" in worklist:
        meanings = _typed(worklist["verdict_meanings"], dict, file, "worklist.verdict_meanings", "a table")
        settings.verdict_meanings = {str(k): str(v) for k, v in meanings.items()}
    below = _typed(
        worklist.get("low_priority_below", 0.5), (int, float), file, "worklist.low_priority_below", "a number"
    )
    settings.low_priority_below = float(below)
    settings.protect = _typed(worklist.get("protect", True), bool, file, "worklist.protect", "true or false")
    settings.ledger_path = _typed(data.get("ledger", {}).get("path"), (str, type(None)), file, "ledger.path", "text")
    review = data.get("claimreview", {})
    settings.organization = _typed(
        review.get("organization", settings.organization), str, file, "claimreview.organization", "text"
    )
    settings.organization_url = _typed(review.get("url"), (str, type(None)), file, "claimreview.url", "text")
    if "rating_scale" in review:
        try:
            settings.rating_scale = {str(k): int(v) for k, v in dict(review["rating_scale"]).items()}
        except (TypeError, ValueError) as exc:
            raise ClaimsError(
                f"{file}: claimreview.rating_scale must map each verdict to a whole number ({exc})"
            ) from exc
        missing = [v for v in settings.verdicts if v not in settings.rating_scale]
        if missing:
            raise ClaimsError(
                f"{file}: claimreview.rating_scale has no rating for {', '.join(repr(m) for m in missing)}; "
                f"give every verdict in worklist.verdicts a number"
            )
    elif settings.verdicts != DEFAULT_VERDICTS:
        settings.rating_scale = {}  # custom verdicts without a scale: ClaimReview gives the verdict's name only
    return settings


def check_keys(data: dict, file: Path, text: str = "") -> None:
    """Every table and key of ``claims.toml`` must be one this version reads: a misspelt key is an error
    naming it, with the close match it probably meant, never silently ignored. All are reported at once.

    Raises:
        ClaimsError: ``claims.toml:3: unknown key 'worklist.verdict'; did you mean 'verdicts'? allowed in ...``
    """
    problems = key_problems(data, text)
    if len(problems) == 1:
        message, line = problems[0]
        raise ClaimsError(f"{file}:{line}: {message}" if line else f"{file}: {message}")
    if problems:
        raise ClaimsError(f"{file}: " + "; ".join(f"line {n}: {m}" if n else m for m, n in problems))


def key_problems(data: dict, text: str = "") -> list[tuple[str, int | None]]:
    """Each table or key of ``claims.toml`` this version does not read, with the line it is on."""
    lines = _key_lines(text)
    problems: list[tuple[str, int | None]] = []
    for table, value in data.items():
        if table not in KEYS:
            problems.append((_unknown(table, list(KEYS), "tables"), lines.get(table)))
        elif not isinstance(value, dict):
            problems.append((f"'{table}' must be a table ([{table}])", lines.get(table)))
        else:
            scope = f"in [{table}]"
            problems += [
                (_unknown(f"{table}.{key}", list(KEYS[table]), scope), lines.get(f"{table}.{key}"))
                for key in value
                if key not in KEYS[table]
            ]
    return problems


def _unknown(key: str, allowed: list[str], scope: str) -> str:
    close = difflib.get_close_matches(key.rpartition(".")[2], allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown key '{key}'; {hint}allowed {scope}: {', '.join(allowed)}"


def _key_lines(text: str) -> dict[str, int]:
    """The line each dotted key (``worklist.verdicts``) is first written on, as far as plain lines tell."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header:
            table = header.group(1).strip('"')
            found.setdefault(table, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            found.setdefault(f"{table}.{key.group(1)}" if table else key.group(1), number)
    return found


def _typed(value: object, kinds: type | tuple[type, ...], file: Path, key: str, wanted: str) -> Any:
    """``value`` when it is one of ``kinds`` (a boolean is no number here); else a ClaimsError naming the key."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ClaimsError(f"{file}: {key} must be {wanted}, not {value!r}")
    return value


def _strings(value: object, default: list[str], file: Path, key: str) -> list[str]:
    if value is None:
        return default
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ClaimsError(f"{file}: {key} must be a non-empty list of strings")
    items = [" ".join(v.split()) for v in value]
    bad = [v for v in items if "," in v or '"' in v]
    if bad:
        raise ClaimsError(
            f"{file}: {key}: {bad[0]!r} contains a comma or a double quote, which a spreadsheet dropdown cannot hold"
        )
    if len({v.casefold() for v in items}) != len(items):
        raise ClaimsError(f"{file}: {key} lists the same value twice (case is ignored when reading sheets back)")
    if len(",".join(items)) > LIST_FORMULA_LIMIT - 2:
        raise ClaimsError(
            f"{file}: {key} is too long for a spreadsheet dropdown ({len(','.join(items))} characters; "
            f"the limit is {LIST_FORMULA_LIMIT - 2}); use shorter or fewer values"
        )
    return items
