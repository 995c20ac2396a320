"""Numbers written in news copy, in digits or words, turned into floats. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_DIGITS_WITH_SCALE = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_FILLER = {"and", "a", "an", "-", "of"}


def parse_digits(text: str) -> float | None:
    """``"1,000"`` → 1000.0, ``"5.3"`` → 5.3; None when the text is not a plain number."""
    text = text.strip()
    if not text or not _DIGITS.match(text) or not any(c.isdigit() for c in text):
        return None
    return float(text.replace(",", ""))


def parse_ordinal(text: str, ordinal_words: Mapping[str, float]) -> int | None:
    """``"21st"`` → 21, ``"third"`` → 3; None otherwise."""
    match = _ORDINAL_DIGITS.match(text.strip())
    if match:
        return int(match.group(1))
    value = ordinal_words.get(text.strip().lower())
    return int(value) if value is not None else None


def parse_number(words: Sequence[str], number_words: Mapping[str, float], scales: Mapping[str, float]) -> float | None:
    """Parse the words of one number: digits, number words, scales and their combinations.

    Examples: ``["500", "million"]`` → 5e8, ``["1.13bn"]`` → 1.13e9, ``["twenty", "-", "four"]`` → 24,
    ``["half", "a", "million"]`` → 5e5, ``["a", "dozen"]`` → 12, ``["3/4"]`` → 0.75.

    Args:
        words: the tokens of the number, in order.
        number_words: word → value for units and tens ("two" → 2, "dozen" → 12, "half" → 0.5).
        scales: word → multiplier ("million" → 1e6, "bn" → 1e9).

    Returns:
        The value, or None when a word is not part of a number.
    """
    tokens: list[str] = []
    for word in words:
        tokens.extend(t for t in re.split(r"(?<=[a-z])-(?=[a-z])", word.strip().lower()) if t)
    total = 0.0
    current: float | None = None
    seen_any = False
    for token in tokens:
        if token in _FILLER:
            continue
        digits = parse_digits(token)
        if digits is not None:
            current = (current or 0.0) + digits if current is not None and current >= 20 and digits < 10 else digits
            seen_any = True
            continue
        with_scale = _DIGITS_WITH_SCALE.match(token)
        if with_scale and with_scale.group(2) in scales:
            current = float(with_scale.group(1).replace(",", "")) * scales[with_scale.group(2)]
            total += current
            current = None
            seen_any = True
            continue
        fraction = _FRACTION.match(token)
        if fraction and int(fraction.group(2)):
            current = (current or 0.0) + int(fraction.group(1)) / int(fraction.group(2))
            seen_any = True
            continue
        if token in number_words:
            value = float(number_words[token])
            if current is not None and value < 1 and current >= 1:
                current += value  # "two and a half"
            elif current is not None and current >= 20 and value < 10:
                current += value  # "twenty four"
            elif current is not None and value in (12.0,) and token.startswith("dozen"):
                current *= value  # "two dozen"
            else:
                current = value if current is None else current + value
            seen_any = True
            continue
        if token in scales:
            scale = float(scales[token])
            if scale == 100:
                current = (current if current is not None else 1.0) * scale
            else:
                total += (current if current is not None else 1.0) * scale
                current = None
            seen_any = True
            continue
        return None
    if not seen_any:
        return None
    return total + (current or 0.0)
