"""Date expressions turned into ISO values with their precision. Pure functions.

Absolute forms ("July 19, 2000", "April 2019", "2020") are read directly; relative forms
("Tuesday", "yesterday", "last year", "two decades ago", "August 10") are resolved against the
article's publication date. What neither handles goes to dateparser, cached per string.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

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


def month_numbers(spellings: Mapping[str, int] | None = None) -> dict[str, int]:
    """Month names, their abbreviations with and without a period ("jan", "jan."), and other ``spellings``
    → month number; names from Python's calendar module (English: Python keeps the C locale)."""
    found: dict[str, int] = {}
    for number in range(1, 13):
        name, short = calendar.month_name[number].lower(), calendar.month_abbr[number].lower()
        found |= {name: number, short: number} | ({f"{short}.": number} if short != name else {})
    return found | dict(spellings or {})


def weekday_numbers(spellings: Mapping[str, int] | None = None) -> dict[str, int]:
    """Weekday names and abbreviations ("wed"), and other ``spellings``, → weekday number (Monday 0)."""
    found = {calendar.day_name[n].lower(): n for n in range(7)} | {calendar.day_abbr[n].lower(): n for n in range(7)}
    return found | dict(spellings or {})


def resolve_date(
    text: str,
    published: dt.date | None,
    lexicon: Mapping[str, object],
    future: bool = False,
    context_year: int | None = None,
    past: bool = False,
) -> tuple[str | None, bool]:
    """Normalise a date expression.

    Args:
        text: the expression as written ("July 19, 2000", "Tuesday", "last year").
        published: the article's publication date, for relative expressions.
        lexicon: the ``dates`` lexicon (months, weekdays, period units) and ``number_words``.
        future: whether the sentence points forward (a weekday then means the next one).
        context_year: the year the text is about ("In 2004 ... in March"), for a month or day written
            without one; without it the year comes from the publication date.
        past: whether the date lies before publication ("since Jan. 13", a verb in the past).

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
        if w not in lexicon["filler_words"]  # type: ignore[operator]
    ]
    if not words:
        return None, False

    iso = _ISO.match(text.strip())
    if iso:
        return (text.strip() if parse_iso(text.strip()) else None), False

    month, year, day = _parts(words, months, len(_WORD.findall(text)))
    written_whole, value = _absolute(words, year, month, day)
    if written_whole:
        return value, False
    if month:
        return _without_year(words, month, day, published, lexicon, context_year, future, past)
    if published is None:
        return None, True
    weekday = next((weekdays[w] for w in words if w in weekdays), None)
    if weekday is not None:
        return _weekday(published, weekday, future, words).isoformat(), True
    return _relative(words, published, lexicon)


def _parts(words: Sequence[str], months: Mapping[str, int], written: int) -> tuple[int | None, int | None, int | None]:
    """The month, year and day the words give ("may" alone is no month: it is the verb)."""
    month = next((months[w] for w in words if w in months and not (w == "may" and written == 1)), None)
    year = next((int(w) for w in words if re.fullmatch(r"(1[5-9]|20)\d\d", w)), None)
    day = next(
        (
            int(re.sub(r"\D", "", w))
            for w in words
            if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31
        ),
        None,
    )
    return month, year, day


def _absolute(words: Sequence[str], year: int | None, month: int | None, day: int | None) -> tuple[bool, str | None]:
    """Whether the words are a date written with its year ("July 19, 2000", "April 2019", "2004", "fiscal
    2004"), and its value (None for a day that does not exist)."""
    if month and year and day:
        return True, _valid(year, month, day)
    if month and year:
        return True, f"{year:04d}-{month:02d}"
    if year and not month and (len(words) == 1 or any(w in {"year", "fiscal"} for w in words)):
        return True, f"{year:04d}"
    return False, None


def _without_year(
    words: Sequence[str],
    month: int,
    day: int | None,
    published: dt.date | None,
    lexicon: Mapping[str, object],
    context_year: int | None,
    future: bool,
    past: bool,
) -> tuple[str | None, bool]:
    """A month, or a month and day, written without its year: the year the sentence is about, else the
    one the publication date and the words around it ("last April", "payable Aug. 15") point to."""
    shifts: Mapping[str, int] = lexicon["deictic_shifts"]  # type: ignore[assignment]
    shift = shifts.get(words[0])
    if context_year is not None and shift is None:
        if day:
            return _valid(context_year, month, day), True
        return f"{context_year:04d}-{month:02d}", True  # "In 2004 ... in March"
    if published is None:
        return None, True
    if day:
        return _valid(_nearest_year(published, month, day, future, past=past), month, day), True
    guess = published.year
    if shift == -1:
        guess -= 1 if month >= published.month else 0  # "last April": the most recent April before
    elif shift == 1:
        guess += 1 if month <= published.month else 0
    elif shift is None:
        guess = _nearest_year(published, month, 1, future, precision="month", past=past)
    return f"{guess:04d}-{month:02d}", True


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
            if w not in lexicon["ago_hedges"]  # type: ignore[operator]
        ]
        count = (
            parse_number(count_words, lexicon.get("number_words", {}), {}, fillers=lexicon.get("number_fillers", ()))  # type: ignore[arg-type]
            if count_words
            else None
        )
        if count is None and count_words and count_words[0] in ("a", "an"):
            count = 1
        if unit is None or count is None:
            return None, True
        return _shift(published, unit, -count), True
    unit_word = next((units[w] for w in words if w in units), None)
    if unit_word in ("year", "month", "day"):
        direction = 0
        shifts: Mapping[str, int] = lexicon["deictic_shifts"]  # type: ignore[assignment]
        direction = next((shifts[w] for w in words if w in shifts), 0)
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
    if unit in ("day", "week"):
        days = round(amount * (7 if unit == "week" else 1))
        return (published + dt.timedelta(days=days)).isoformat()
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


def _nearest_year(
    published: dt.date, month: int, day: int, future: bool, precision: str = "day", past: bool = False
) -> int:
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
        if not future and gap > (0 if past else FORWARD_DAYS):
            continue  # news reports the past unless told otherwise; "since Jan. 13", "ended Jan. 31" lie before
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


_ANAPHORIC_COUNT = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)$")


def resolve_against(text: str, anchor: str, lexicon: Mapping[str, object]) -> str | None:
    """A date told against another ("the previous year", "a year earlier", "that month", "two days later"),
    resolved against ``anchor`` (an ISO value: the date it is told against).

    The result has the precision of the period the text names, and never more than the anchor's:
    "the following month" after "2004" is 2004 (the month is not known).
    """
    base = parse_iso(anchor)
    if base is None:
        return None
    directions: Mapping[str, int] = lexicon["anaphoric_directions"]  # type: ignore[assignment]
    units: Mapping[str, str] = lexicon["period_units"]  # type: ignore[assignment]
    words = [w for part in text.lower().replace("-", " ").split() for w in [part.strip(".,")] if w]
    unit = next((units[w] for w in words if w in units), None)
    direction = next((directions[w] for w in words if w in directions), None)
    if unit is None or direction is None:
        return None
    count = 1
    for w in words:
        if _ANAPHORIC_COUNT.match(w):
            number = cast(Mapping[str, Any], lexicon.get("number_words", {})).get(w)
            count = int(w) if w.isdigit() else int(number) if number else 1
    precision = len(anchor.split("-"))  # 1 year, 2 month, 3 day
    needed = {"year": 1, "decade": 1, "century": 1, "month": 2, "week": 3, "day": 3}.get(unit, 1)
    value = _shift(base, unit, direction * count)
    if value is None:
        return None
    return "-".join(value.split("-")[: min(precision, needed)])
