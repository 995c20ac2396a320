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

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import ClaimsError

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


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from the given file, ``$CLAIMS_CONFIG``, or ``./claims.toml``; defaults otherwise."""
    chosen = path or os.environ.get(CONFIG_ENV)
    file = Path(chosen) if chosen else Path("claims.toml")
    if not file.exists():
        if chosen:
            raise ClaimsError(f"{file}: configuration file not found")
        return Settings()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ClaimsError(f"{file}: not valid TOML ({exc})") from exc
    settings = Settings()
    worklist = data.get("worklist", {})
    settings.statuses = _strings(worklist.get("statuses"), settings.statuses, file, "worklist.statuses")
    settings.verdicts = _strings(worklist.get("verdicts"), settings.verdicts, file, "worklist.verdicts")
    if "verdict_meanings" in worklist:
        settings.verdict_meanings = {str(k): str(v) for k, v in dict(worklist["verdict_meanings"]).items()}
    settings.low_priority_below = float(worklist.get("low_priority_below", settings.low_priority_below))
    settings.protect = bool(worklist.get("protect", settings.protect))
    settings.ledger_path = data.get("ledger", {}).get("path")
    review = data.get("claimreview", {})
    settings.organization = str(review.get("organization", settings.organization))
    settings.organization_url = review.get("url")
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
