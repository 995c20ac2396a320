"""Numbers written in news copy, in digits or words, turned into floats. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

_MINUS = "−–"  # unicode minus and en dash written as a sign
_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_DIGITS_WITH_SCALE = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_FRACTION = re.compile(r"^(\d+)\s*[/⁄](\d+)$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
# a figure written as one token with what is glued to it: "US$1.13bn", "PS8.1bn", "640bhp", "~25"
_GLUED = re.compile(
    r"^(?P<prefix>[^\d+\-−~.]*?)(?P<sign>[+\-−~]?)(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<suffix>[^\d].*)?$"
)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# scientific notation: "1.99×10^30", "3 x 10^8", "1.99×10−30" (the exponent's superscript lost), "6.022e23", "2×10⁻³"
SCIENTIFIC = re.compile(
    r"(?<![\w.,])(?P<mantissa>\d+(?:\.\d+)?)\s?(?:[×x*]\s?10(?:\s?(?:\^|\*\*)\s?(?P<power>[+\-−]?\d{1,3})"
    r"|(?P<glued>[\-−]\d{1,3}|[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))|[eE](?P<e>[+\-]?\d{1,3}))(?![\w.])"
)


def scientific_value(match: re.Match[str]) -> float:
    """The value of a ``SCIENTIFIC`` match: "1.99×10^30" → 1.99e30, "1.99×10−30" → 1.99e-30, "6.022e23" → 6.022e23."""
    exponent = match.group("power") or match.group("glued") or match.group("e") or "0"
    exponent = _plain(exponent.translate(_SUPERSCRIPTS))
    return tidy(float(match.group("mantissa")) * 10.0 ** int(exponent))


def _plain(text: str) -> str:
    return text.strip().translate({ord(c): "-" for c in _MINUS})


def parse_digits(text: str) -> float | None:
    """``"1,000"`` → 1000.0, ``"5.3"`` → 5.3, ``"−4"`` → -4.0; None when the text is not a plain number."""
    text = _plain(text)
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


@dataclass(frozen=True)
class GluedFigure:
    """The parts of a figure written as one token: ``"US$1.13bn"`` → ``us$``, ``1.13``, ``bn``."""

    prefix: str  # lower-cased text before the number ("us$", "ps", "y=", "" when none)
    approximate: bool  # written with a leading "~"
    number: float  # signed
    suffix: str  # the text after the number, as written ("bn", "kWh", "pc", "" when none)


def split_glued(text: str) -> GluedFigure | None:
    """Split a token such as ``"$-50.8bn"``, ``"USD10m"``, ``"5.5kWh"`` or ``"~45"`` into its parts.

    Returns None when the token holds no number, or more than one ("1.99×10−30", "3-4").
    """
    match = _GLUED.match(text.strip())
    if not match:
        return None
    suffix = match.group("suffix") or ""
    if any(c.isdigit() for c in suffix) and not re.match(r"^[a-zA-Z]+[23]$", suffix):
        return None  # "m2", "cm2" are units; "×10−30", "-20" are not one figure
    prefix = match.group("prefix").lower()
    sign = match.group("sign")
    if prefix[-1:].isalpha() and sign in ("-", "−"):
        prefix, sign = prefix + "-", ""  # "minus-5", "sub-7", "to-260,000": a hyphen, not a sign
    number = float(match.group("number").replace(",", ""))
    if sign in ("-", "−"):
        number = -number
    return GluedFigure(prefix=prefix, approximate=sign == "~", number=number, suffix=suffix)


def parse_fraction(text: str) -> float | None:
    """``"1/16"`` → 0.0625, ``"1⁄32"`` → 0.03125; None otherwise."""
    match = _FRACTION.match(text.strip())
    if not match or not int(match.group(2)):
        return None
    return int(match.group(1)) / int(match.group(2))


def parse_number(
    words: Sequence[str],
    number_words: Mapping[str, float],
    scales: Mapping[str, float],
    denominators: Mapping[str, float] | None = None,
    fillers: Collection[str] = (),
) -> float | None:
    """Parse the words of one number: digits, number words, scales, fractions and their combinations.

    Examples: ``["500", "million"]`` → 5e8, ``["1.13bn"]`` → 1.13e9, ``["twenty", "-", "four"]`` → 24,
    ``["half", "a", "million"]`` → 5e5, ``["a", "dozen"]`` → 12, ``["3/4"]`` → 0.75,
    ``["two-thirds"]`` → 0.667 (with ``denominators``), ``["minus", "5"]`` → -5.

    Args:
        words: the tokens of the number, in order.
        number_words: word → value for units and tens ("two" → 2, "dozen" → 12, "half" → 0.5).
        scales: word → multiplier ("million" → 1e6, "bn" → 1e9).
        denominators: plural fraction word → denominator ("thirds" → 3): "two thirds" → 2/3.
        fillers: words that join the parts of a number and add nothing ("and", "a", "of").

    Returns:
        The value, or None when a word is not part of a number.
    """
    reader = _NumberReader(number_words, scales, denominators or {}, fillers)
    for word in words:
        for token in re.split(r"(?<=[a-z])-(?=[a-z])", _plain(word).lower()):
            if token and not reader.read(token):
                return None
    return reader.value()


class _NumberReader:
    """``parse_number``'s state as it reads the tokens of a number, left to right."""

    def __init__(
        self,
        number_words: Mapping[str, float],
        scales: Mapping[str, float],
        denominators: Mapping[str, float],
        fillers: Collection[str],
    ):
        self.number_words, self.scales, self.denominators, self.fillers = number_words, scales, denominators, fillers
        self.total = 0.0
        self.current: float | None = None
        self.seen_any = False
        self.sign = 1.0
        self.after_and = False

    def value(self) -> float | None:
        return tidy(self.sign * (self.total + (self.current or 0.0))) if self.seen_any else None

    def read(self, token: str) -> bool:
        """Take one token; False when it is not part of a number."""
        if token in ("minus", "negative") and not self.seen_any:
            self.sign = -1.0
            return True
        if token.startswith("minus-") and not self.seen_any:
            self.sign, token = -1.0, token[len("minus-") :]
        if token in self.fillers:
            self.after_and = self.after_and or token == "and"
            return True
        found = self._digits(token) or self._word(token) or self._scale(token)
        self.seen_any = self.seen_any or found
        return found

    def _digits(self, token: str) -> bool:
        """Digits ("500", "1.13bn", "3/4") and what they add to the number read so far."""
        current = self.current
        digits = parse_digits(token)
        if digits is not None:
            self.current = current + digits if current is not None and current >= 20 and 0 <= digits < 10 else digits
            return True
        with_scale = _DIGITS_WITH_SCALE.match(token)
        if with_scale and with_scale.group(2) in self.scales:
            self.total += float(with_scale.group(1).replace(",", "")) * self.scales[with_scale.group(2)]
            self.current = None
            return True
        fraction = parse_fraction(token)
        if fraction is not None:
            self.current = (current or 0.0) + fraction
            return True
        return False

    def _word(self, token: str) -> bool:
        """A fraction's denominator ("two thirds") or a number word ("twenty four", "two and a half")."""
        current = self.current
        if token in self.denominators and current is not None and current >= 1 and not self.after_and:
            self.current = current / float(self.denominators[token])  # "two thirds", "three quarters"
            return True
        if token not in self.number_words:
            return False
        value = float(self.number_words[token])
        if current is not None and value < 1 and current >= 1:
            self.current = current + value  # "two and a half"
        elif current is not None and current >= 20 and value < 10:
            self.current = current + value  # "twenty four"
        elif current is not None and value in (12.0,) and token.startswith("dozen"):
            self.current = current * value  # "two dozen"
        else:
            self.current = value if current is None else current + value
        return True

    def _scale(self, token: str) -> bool:
        """A scale word: "hundred" multiplies what was read, the others close a group ("five million")."""
        if token not in self.scales:
            return False
        scale = float(self.scales[token])
        if scale == 100:
            self.current = (self.current if self.current is not None else 1.0) * scale
        else:
            self.total += (self.current if self.current is not None else 1.0) * scale
            self.current = None
        return True


def tidy(value: float) -> float:
    """A value rid of binary rounding noise: 16.4 × 1e6 is 16,400,000, not 16,399,999.999999998."""
    return float(f"{value:.12g}")


def hyphenated_number(
    first: str, second: str, number_words: Mapping[str, float], denominators: Mapping[str, float]
) -> float | None:
    """One number written as two words joined by a hyphen, or None when the two are a range.

    ``"forty"``, ``"one"`` → 41.0 ("forty-one"); ``"two"``, ``"thirds"`` → 0.667 ("two-thirds");
    ``"five"``, ``"six"`` → None ("five-six" is a range).
    """
    head = number_words.get(first.lower())
    tail = second.lower()
    if head is None:
        return None
    if tail in denominators and head >= 1:
        return head / float(denominators[tail])
    unit = number_words.get(tail)
    if unit is not None and 20 <= head < 100 and head % 10 == 0 and 1 <= unit <= 9 and unit == int(unit):
        return head + unit
    return None


def parse_range(
    words: Sequence[str],
    number_words: Mapping[str, float],
    scales: Mapping[str, float],
    separators: Collection[str] = (),
    fillers: Collection[str] = (),
) -> list[float] | None:
    """Parse the words of a range into [low, high]: ``["5", "to", "7", "million"]`` → [5e6, 7e6].

    A scale written only after the second number applies to both ("5 to 7 million").

    Args:
        words: the tokens of the range, "between"/"from" and the connector ("and", "to", "-") included.
        number_words: word → value, as for ``parse_number``.
        scales: word → multiplier, as for ``parse_number``.
        separators: the words between its two ends ("and", "to", "-").
        fillers: as for ``parse_number``.

    Returns:
        The two values in the order written, or None unless the words are exactly two numbers.
    """
    groups: list[list[str]] = [[]]
    for word in words:
        lower = word.lower()
        if lower in ("between", "from"):
            continue
        if lower in separators:
            groups.append([])
            continue
        groups[-1].append(word)
    if len(groups) != 2:
        return None
    low = parse_number(groups[0], number_words, scales, fillers=fillers)
    high = parse_number(groups[1], number_words, scales, fillers=fillers)
    if low is None or high is None:
        return None
    high_scale = next((scales[w.lower()] for w in groups[1] if w.lower() in scales), None)
    low_scale = next((scales[w.lower()] for w in groups[0] if w.lower() in scales), None)
    if high_scale and not low_scale:
        low = tidy(low * high_scale)  # "5 to 7 million"
    return [low, high]


def order_of_magnitude_range(word: str, magnitudes: Mapping[str, float], scale: float = 1.0) -> list[float] | None:
    """The range a plural of magnitude stands for: ``"hundreds"`` → [100, 1000], ``"dozens"`` → [12, 120].

    ``scale`` multiplies it: "tens of thousands" is ``("tens", scale=1000)`` → [10000, 100000].
    """
    low = magnitudes.get(word.lower())
    if low is None:
        return None
    return [float(low) * scale, float(low) * 10 * scale]
