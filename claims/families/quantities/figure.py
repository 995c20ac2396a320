"""The figure's own tokens: its value, and the currency, unit and bound written in or glued to
them ("US$1.13bn", "5.5kWh", "sub-7", "3 billion Danish crowns")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from claims.families.quantities.units import currency_named, qualified_currency, unit_at, unit_named
from claims.normalize.numbers import GluedFigure, hyphenated_number, parse_number, parse_range, split_glued


@dataclass
class Figure:
    """What the tokens of a figure say: its value, currency, unit, sign and bound written in it."""

    value: float | list[float]
    currency: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    scaled: bool = False
    unit_end: int = 0  # token after a unit written inside the matched words ("275 pound-feet")


def read_figure(span: Span, lexicon: dict[str, Any], is_range: bool) -> Figure | None:
    """The value of the figure's tokens, with what is written glued to them ("US$1.13bn", "5.5kWh")."""
    doc = span.doc
    currencies: dict[str, str] = lexicon["currencies"]
    figure = Figure(value=0.0)
    read = _read_tokens(span, lexicon, figure)
    if read is None:
        return None
    words, symbol, measure_word, cased_scale = read
    if figure.currency is None and span.start > 0:
        figure.currency = currency_before(doc[span.start - 1], lexicon)  # "€ 40", "SEK 2.3 billion", "chf 400m"
        after = doc[span.end] if figure.currency and span.end < len(doc) else None
        if after is not None and not figure.scaled and after.lower_ in lexicon["scales"]:
            words.append(after.lower_)  # "chf 400m": the scale a money figure's rule leaves out
            figure.scaled, figure.unit_end = True, span.end + 1
    money = figure.currency is not None or any(currencies.get(t.lower_) for t in span if not t.like_num)
    million = len(span) > 1 and span[-1].lower_ == "m" and with_million(span, lexicon) is span
    value = _value(span, words, lexicon, money or million, cased_scale, is_range)
    if value is None:
        return None
    figure.value = value
    measures: dict[str, str] = lexicon.get("measure_currency_words", {})
    if (
        measure_word in measures
        and symbol is None
        and not figure.scaled
        and not (span.end < len(doc) and doc[span.end].lower_ == "sterling")
    ):
        figure.currency, figure.unit = None, measures[measure_word]  # "208 pounds" is a weight
    if figure.currency:
        figure.currency = qualified_currency(doc, span, figure.currency, lexicon)
    return figure


def with_million(span: Span, lexicon: dict[str, Any]) -> Span:
    """The figure with an "m" glued to it that means million, not metres, because things it counts follow:
    "39m cases", "more than 1m people", "2.5m barrels" (not "a 39m yacht", nor a race: "the 100m hurdles")."""
    doc = span.doc
    if span[-1].lower_ == "m" and len(span) > 1:
        last, after = span[-2], span.end
    else:
        last, after = span[-1], span.end + 1
    if after >= len(doc) or doc[after - 1].lower_ != "m" or last.whitespace_ or not last.like_num:
        return span
    noun, before = doc[after], doc[span.start - 1] if span.start > 0 else None
    if noun.tag_ != "NNS" or not noun.is_alpha or (before is not None and before.lower_ == "the"):
        return span  # "the 100m hurdles": a race
    return span if span.end == after else doc[span.start : after]


def currency_before(token: Token, lexicon: dict[str, Any]) -> str | None:
    """The currency of a symbol or an ISO 4217 code written before a figure: "€ 40", "SEK 2.3 billion", and in
    lower-cased copy "chf 400 million" (a code that is an English word, "try" or "all", counts in capitals only)."""
    currencies: dict[str, str] = lexicon["currencies"]
    code = token.text.upper()
    if len(code) != 3 or not code.isalpha() or code not in lexicon["currency_codes"]:
        return currencies[token.lower_] if token.is_currency and token.lower_ in currencies else None
    return code if token.text.isupper() or currencies.get(token.lower_) == code else None


def _read_tokens(
    span: Span, lexicon: dict[str, Any], figure: Figure
) -> tuple[list[str], str | None, str | None, bool] | None:
    """The words of the figure's number, and what its tokens say besides (onto ``figure``): the glued
    currency symbol, a currency word ("euros"), whether a scale was written in capitals ("3M")."""
    doc = span.doc
    currencies: dict[str, str] = lexicon["currencies"]
    glued_currencies: dict[str, str] = lexicon["glued_currencies"]
    symbol: str | None = None
    measure_word: str | None = None
    cased_scale = False
    words: list[str] = []
    for token in span:
        lower = token.lower_
        if lower in glued_currencies and not any(c.isdigit() for c in lower) and token.i + 1 < span.end:
            symbol = lower
            figure.currency = glued_currencies[lower]
            continue
        glued = split_glued(token.text) if any(c.isdigit() for c in token.text) else None
        if (glued is not None and (glued.prefix or glued.suffix or glued.approximate) and not token.like_num) or (
            glued and glued.approximate
        ):
            parsed = _read_glued(glued, symbol, lexicon)
            if parsed is None:
                return None
            number, currency, scale_word, unit, qualifier = parsed
            words.extend([format(number, "f")] + ([scale_word] if scale_word else []))
            figure.currency = currency or figure.currency
            figure.unit = unit or figure.unit
            figure.qualifier = qualifier or figure.qualifier
            figure.scaled = figure.scaled or bool(scale_word)
            continue
        if currencies.get(lower) and not token.like_num:
            as_unit = unit_at(doc, token.i, lexicon)
            if as_unit is None:
                figure.currency = currency_named(doc, token, lexicon)  # "40 euros", "3 billion Danish crowns"
                measure_word = lower
            else:
                figure.unit, figure.unit_end = as_unit  # "275 pound-feet"
            continue
        if lower in lexicon["scales"]:
            figure.scaled = True
        words.append(lower if token.text in lexicon.get("cased_scales", []) else token.text)
        if token.text in lexicon.get("cased_scales", []):
            cased_scale = True
    return words, symbol, measure_word, cased_scale


def _value(
    span: Span, words: list[str], lexicon: dict[str, Any], money: bool, cased_scale: bool, is_range: bool
) -> float | list[float] | None:
    """The number (or the two ends of the range) the words say; "m" is a million only for money or "M"."""
    scales = {
        k: v for k, v in lexicon["scales"].items() if money or cased_scale or k not in lexicon["money_only_scales"]
    }
    number_words = lexicon["number_words"]
    denominators = lexicon.get("denominators", {})
    value: float | list[float] | None
    if is_range and _hyphenated(span):
        value = hyphenated_number(span[0].text, span[2].text, number_words, denominators)  # "forty-one", "two-thirds"
        if value is None:
            value = parse_range(words, number_words, scales, lexicon["range_separators"], lexicon["number_fillers"])
    elif is_range:
        value = parse_range(words, number_words, scales, lexicon["range_separators"], lexicon["number_fillers"])
    else:
        kept = [w for w in words if _is_number_word(w, lexicon, money)]
        value = parse_number(kept, number_words, scales, denominators, lexicon["number_fillers"])
    return value


def _hyphenated(span: Span) -> bool:
    """Three tokens written as one word with a hyphen: "forty-one", "two-thirds" (not "10 - 20")."""
    return (
        len(span) == 3
        and span[1].text == "-"
        and not span[0].whitespace_
        and not span[1].whitespace_
        and span[0].is_alpha
        and span[2].is_alpha
    )


def _read_glued(
    glued: GluedFigure, symbol: str | None, lexicon: dict[str, Any]
) -> tuple[float, str | None, str | None, str | None, str | None] | None:
    """Number, currency, scale word, unit and bound of a token such as ``"$-50.8bn"`` or ``"sub-7"``."""
    glued_currencies: dict[str, str] = lexicon["glued_currencies"]
    currency = None
    qualifier = "~" if glued.approximate else None
    number = glued.number
    prefix = glued.prefix
    if prefix:
        key = (symbol or "") + prefix if symbol and (symbol + prefix) in glued_currencies else prefix
        if key in glued_currencies:
            currency = glued_currencies[key]
        elif prefix in lexicon["glued_bounds"]:
            bound = lexicon["glued_bounds"][prefix]
            if bound == "-":
                number = -number
            else:
                qualifier = bound
        elif prefix != "to-":
            return None
    elif symbol:
        currency = glued_currencies.get(symbol)
    suffix = re.sub(r"\)?-long$", "", glued.suffix)
    if suffix.endswith("."):
        suffix = suffix[:-1]  # "6kW." at the end of a sentence
    scale_word = None
    unit = None
    if suffix:
        money = currency is not None
        scales = lexicon["scales"]
        lower = suffix.lower()
        if suffix in lexicon.get("cased_scales", []):
            return number, currency, suffix.lower(), None, qualifier  # "4.3M": million, not metres
        unit = unit_named(suffix, lexicon) if not money else None
        if unit is None:
            for width in range(len(lower), 0, -1):
                head, rest = lower[:width], suffix[width:]
                if head in scales and (money or head not in lexicon["money_only_scales"]):
                    rest_unit = unit_named(rest, lexicon) if rest else None
                    if rest and rest_unit is None:
                        continue
                    scale_word, unit = head, rest_unit
                    break
            else:
                if lower in lexicon["percent_words"]:
                    unit = "percent"
                else:
                    return None  # "5G", "3s", "90s": not a figure with a unit we know
    return number, currency, scale_word, unit, qualifier


def _is_number_word(word: str, lexicon: dict[str, Any], money: bool) -> bool:
    lower = word.lower()
    if lower in lexicon["currencies"] or lower in ("%",) or lower in lexicon["figure_unit_words"]:
        return False
    if lower in lexicon["scales"] or lower in lexicon["number_words"] or lower in lexicon.get("denominators", {}):
        return True
    return lower in lexicon["number_joiners"] or bool(re.match(r"^[+\-−~]?[\d.]", lower)) or "-" in lower
