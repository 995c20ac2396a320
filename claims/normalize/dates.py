"""Date expressions turned into ISO values with their precision. Pure functions.

Absolute forms ("July 19, 2000", "April 2019", "2020") are read directly; relative forms
("Tuesday", "yesterday", "last year", "two decades ago", "August 10") are resolved against the
article's publication date. What neither handles goes to dateparser, cached per string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from claims.normalize.numbers import parse_number

_WORD = re.compile(r"[A-Za-z]+\.?|\d+(?:st|nd|rd|th)?|[^\sA-Za-z\d]")
_ISO = re.compile(r"^((?:1[5-9]|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?$")


def parse_iso(value: str | None) -> dt.date | None:
    """The first day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value covers; None when invalid."""
    if not value:
        return None
    match = _ISO.match(value.strip()[:10])
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(
    text: str,
    published: dt.date | None,
    lexicon: Mapping[str, object],
    future: bool = False,
) -> tuple[str | None, bool]:
    """Normalise a date expression.

    Args:
        text: the expression as written ("July 19, 2000", "Tuesday", "last year").
        published: the article's publication date, for relative expressions.
        lexicon: the ``dates`` lexicon (months, weekdays, period units) and ``number_words``.
        future: whether the sentence points forward (a weekday then means the next one).

    Returns:
        ``(value, relative)``: an ISO value of the precision the text gives (or None when it
        cannot be resolved) and whether the publication date was needed to get it.
    """
    months: Mapping[str, int] = lexicon["months"]  # type: ignore[assignment]
    weekdays: Mapping[str, int] = lexicon["weekdays"]  # type: ignore[assignment]
    words = [w.lower() for w in _WORD.findall(text)]
    words = [
        w
        for w in words
        if w
        not in {",", "the", "of", "on", "in", "since", "by", "until", "from", "during", "early", "late", "mid", "-"}
    ]
    if not words:
        return None, False

    iso = _ISO.match(text.strip())
    if iso:
        return (text.strip() if parse_iso(text.strip()) else None), False

    month = next((months[w] for w in words if w in months and not (w == "may" and len(words) == 1)), None)
    year = next((int(w) for w in words if re.fullmatch(r"(1[5-9]|20)\d\d", w)), None)
    day = next(
        (
            int(re.sub(r"\D", "", w))
            for w in words
            if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31
        ),
        None,
    )

    if month and year and day:
        return _valid(year, month, day), False
    if month and year:
        return f"{year:04d}-{month:02d}", False
    if year and not month and len(words) == 1:
        return f"{year:04d}", False
    if year and not month and any(w in {"year", "fiscal"} for w in words):
        return f"{year:04d}", False

    if published is None:
        return None, True
    if month and day:
        guess = _nearest_year(published, month, day, future)
        return _valid(guess, month, day), True
    if month and not year and not day:
        shift = {"last": -1, "next": 1, "this": 0, "coming": 1}.get(words[0])
        guess = published.year
        if shift == -1:
            guess -= 1 if month >= published.month else 0  # "last April": the most recent April before
        elif shift == 1:
            guess += 1 if month <= published.month else 0
        elif shift is None:
            guess = _nearest_year(published, month, 1, future, precision="month")
        return f"{guess:04d}-{month:02d}", True

    weekday = next((weekdays[w] for w in words if w in weekdays), None)
    if weekday is not None:
        return _weekday(published, weekday, future, words).isoformat(), True
    return _relative(words, published, lexicon)


def _relative(words: Sequence[str], published: dt.date, lexicon: Mapping[str, object]) -> tuple[str | None, bool]:
    units: Mapping[str, str] = lexicon["period_units"]  # type: ignore[assignment]
    head = words[0]
    if head in ("today", "tonight"):
        return published.isoformat(), True
    if head == "yesterday":
        return (published - dt.timedelta(days=1)).isoformat(), True
    if head == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat(), True
    if words[-1] == "ago":
        unit = units.get(words[-2]) if len(words) >= 2 else None
        count_words = [
            w
            for w in words[:-2]
            if w not in {"more", "less", "over", "nearly", "almost", "about", "some", "around", "than"}
        ]
        count = parse_number(count_words, lexicon.get("number_words", {}), {}) if count_words else None  # type: ignore[arg-type]
        if count is None and count_words and count_words[0] in ("a", "an"):
            count = 1
        if unit is None or count is None:
            return None, True
        return _shift(published, unit, -count), True
    unit_word = next((units[w] for w in words if w in units), None)
    if unit_word in ("year", "month", "day"):
        direction = 0
        if any(w in ("last", "past", "previous") for w in words):
            direction = -1
        elif any(w in ("next", "coming") for w in words):
            direction = 1
        return _shift(published, unit_word, direction), True
    return None, True


def _shift(published: dt.date, unit: str, amount: float) -> str | None:
    """The date ``amount`` units from publication, at the precision of the unit."""
    if unit in ("year", "decade", "century"):
        years = amount * {"year": 1, "decade": 10, "century": 100}[unit]
        return f"{published.year + round(years):04d}"
    if unit == "month":
        index = published.year * 12 + published.month - 1 + round(amount)
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "day":
        return (published + dt.timedelta(days=round(amount))).isoformat()
    return None


def _weekday(published: dt.date, weekday: int, future: bool, words: Sequence[str]) -> dt.date:
    if future or "next" in words:
        delta = (weekday - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if ("last" in words or "previous" in words) and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


# How far ahead a date written without its year may lie before it is read as last year's: news
# reports the past, but also what is due soon ("payable Dec. 15", "by February").
FORWARD_DAYS = 92


def _nearest_year(published: dt.date, month: int, day: int, future: bool, precision: str = "day") -> int:
    best = published.year
    best_gap = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        gap = (candidate - published).days
        if precision == "month" and year == published.year and month == published.month:
            gap = 0
        if not future and gap > FORWARD_DAYS:
            continue  # news reports the past unless told otherwise
        if future and gap < -1:
            continue
        if best_gap is None or abs(gap) < best_gap:
            best, best_gap = year, abs(gap)
    return best


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_with_dateparser(text: str, published_iso: str | None) -> str | None:
    """Fallback for forms the rules do not read; the result is day precision."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False, "REQUIRE_PARTS": ["year"]}
    if published_iso:
        base = parse_iso(published_iso)
        if base:
            settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None
