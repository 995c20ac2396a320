"""One quantity from one rule match: the figure, widened with its bound, unit, change and rate.

Vague amounts ("the majority of", "several") and orders of magnitude ("hundreds of miles") are
read from their own rules; every other figure is read by ``figure.read_figure`` and widened here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.quantities.figure import Figure, read_figure
from claims.families.quantities.negatives import is_a_year, is_not_a_quantity
from claims.families.quantities.qualifiers import (
    Movement,
    bound_after,
    bound_before,
    change_adverb,
    change_of,
    rate_after,
)
from claims.families.quantities.units import (
    counted_phrase,
    currency_after,
    noun_unit,
    superlative_member,
    unit_after,
    unit_at,
    unit_denominator,
    unit_named,
)
from claims.model import Quantity
from claims.normalize.numbers import order_of_magnitude_range, parse_number, parse_ordinal, split_glued, tidy
from claims.ruleset import Rule
from claims.ruleset.matchers import RuleMatch


@dataclass
class FoundQuantity:
    """A quantity with the rule that found it and its token bounds (figure widened to its phrase).

    ``figure_start``/``figure_end`` are the tokens of the figure itself (currency and scale
    included), ``start``/``end`` the widened phrase; ``scaled`` says a scale word was written.
    """

    rule_id: str
    claim_type: str
    quantity: Quantity
    start: int
    end: int
    figure_start: int = -1
    figure_end: int = -1
    scaled: bool = False
    unit_written: bool = False
    movement: Movement | None = None  # the change the figure belongs to, if any
    member: bool = False  # "one of the largest cities": one member of a group a superlative ranks


def build_quantity(
    doc: Doc, span: Span, match: RuleMatch, lexicon: dict[str, Any], taken: set[int]
) -> FoundQuantity | None:
    """The quantity a rule matched, widened to its phrase; None when the match is not a quantity.

    Args:
        doc: the parsed article.
        span: the figure the rule matched.
        match: the rule match (its rule says vague, ordinal, magnitude or figure).
        lexicon: the ``quantities`` lexicon.
        taken: token indices that belong to dates (a counted noun there is part of a date).
    """
    rule = match.rule
    if rule.label == "VAGUE":
        return _vague(doc, span, rule.id)
    if rule.label == "ORDINAL":
        value = parse_ordinal(span[0].text, lexicon["ordinal_words"])
        if value is None:
            return None
        noun = span[-1].lemma_.lower()
        quantity = Quantity(
            value=float(value), unit=noun, text=span.text, start=span.start_char, end=span.end_char, qualifier="="
        )
        return FoundQuantity(rule.id, "quantity", quantity, span.start, span.end, span.start, span.end)
    if rule.label == "MAGNITUDE":
        return _magnitude(doc, span, rule.id, lexicon)
    if rule.label == "SUSPENDED":
        return _suspended(doc, span, rule.id, lexicon)
    if rule.label == "RATIO":
        return _ratio(doc, span, rule.id, lexicon)
    if is_not_a_quantity(doc, span, lexicon):
        return None
    return _figure(doc, span, rule, lexicon, taken)


@dataclass
class _Measure:
    """What a figure measures, as read so far: its unit, claim type, the token after it and whether the unit is written."""

    unit: str | None
    claim_type: str
    end: int
    written: bool
    member: bool = False


def _figure(doc: Doc, span: Span, rule: Rule, lexicon: dict[str, Any], taken: set[int]) -> FoundQuantity | None:
    """A figure with its unit, bound, change and rate (every match that is not vague, ordinal or a magnitude)."""
    figure = read_figure(span, lexicon, rule.label == "RANGE")
    if figure is None:
        return None
    value = figure.value
    start = span.start
    if (
        start > 0
        and doc[start - 1].lower_ in ("minus", "negative")
        and isinstance(value, float)
        and value > 0
        and span[0].lower_ not in ("minus", "negative")
    ):
        value, start = -value, start - 1  # "minus 5C": the sign is written as a word before a glued figure
    measure = _measure(doc, span, start, figure, value, lexicon, taken)
    if is_a_year(span, value, measure.unit, measure.written, measure.claim_type):
        return None
    unit, claim_type, end = measure.unit, measure.claim_type, measure.end
    if isinstance(value, list) and end < len(doc) and doc[end].text in ("%",):
        unit, claim_type, end = "percent", "percent", end + 1
    value, end = _sign_after(doc, end, value, unit, lexicon)  # "5 degrees below zero" is -5 degrees
    qualifier, movement, start, end = _bound_and_change(doc, span, start, end, figure, unit, claim_type, lexicon)
    if unit:
        money = claim_type == "money" or (unit.isupper() and len(unit) == 3)  # "7p" is GBX
        per, end = unit_denominator(doc, end, lexicon, money=money)
        if per:
            unit = f"{unit} per {per}"
    rate, end = rate_after(doc, end, lexicon)
    odds = _odds(doc, span, lexicon)
    if odds is not None:  # "odds of 4/9", "5/1 odds": odds, not a fraction of something
        value, unit, claim_type = odds[0] / odds[1], "odds", "quantity"
        end = max(end, span.end + 1) if span.end < len(doc) and doc[span.end].lower_ in lexicon["odds_words"] else end
    quantity = Quantity(
        value=value,
        unit=unit,
        text=doc[start:end].text,
        start=doc[start].idx,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier=qualifier,
        rate=rate,
        of=counted_phrase(doc, span),
    )
    if odds is not None:
        quantity.ratio = list(odds)
    if movement is not None:
        quantity.change = movement.direction
        if movement.role in ("to", "from") and not isinstance(value, list):
            setattr(quantity, f"{movement.role}_value", value)
        elif movement.role == "from" and isinstance(value, list):  # "from 157,000 to 133,000"
            quantity.from_value, quantity.to_value = value
            quantity.value = sorted(value)
            if quantity.change is None and value[0] != value[1]:
                quantity.change = "up" if value[1] > value[0] else "down"
    found = FoundQuantity(
        rule.id, claim_type, quantity, start, end, span.start, span.end, figure.scaled, measure.written
    )
    found.movement = movement
    found.member = measure.member
    return found


def _measure(
    doc: Doc,
    span: Span,
    start: int,
    figure: Figure,
    value: float | list[float],
    lexicon: dict[str, Any],
    taken: set[int],
) -> _Measure:
    """The unit or currency of a figure, from its own tokens or the words after it, and its claim type."""
    currency, unit = figure.currency, figure.unit
    written = unit is not None
    end = max(span.end, figure.unit_end)
    words = [t.lower_ for t in span]
    if unit is not None and end + 1 < len(doc) and doc[end].text == "/" and not doc[end].whitespace_:
        glued = split_glued(doc[span.end - 1].text + "/" + doc[end + 1].text)
        per_unit = unit_named(glued.suffix, lexicon) if glued else None
        if per_unit:
            unit, end = per_unit, end + 2  # "100km/hr"
        elif unit_named(doc[end + 1].text, lexicon):
            unit, end = f"{unit} per {unit_named(doc[end + 1].text, lexicon)}", end + 2  # "1.3 A/cm2"
    if currency is None and unit is None and not isinstance(value, list) and 0 < value < 1:
        currency, unit, end = _part_of_a_unit(doc, end, lexicon)
    if currency is None and unit is None:
        currency, end = currency_after(doc, end, lexicon)
    if currency:
        return _Measure(currency, "money", end, written)
    if unit == "percent" or (
        any(w in lexicon["percent_words"] or w == "cent" for w in words) and "percentage" not in words
    ):
        return _Measure("percent", "percent", end, written)
    if "percentage" in words or "basis" in words:
        return _Measure("percentage_point" if "percentage" in words else "basis_point", "percent", end, written)
    if unit is not None:
        return _Measure(unit, "quantity", end, written)
    member = superlative_member(doc, span, lexicon)
    if member is not None:
        return _Measure(member[0], "quantity", member[1], True, member=True)  # "one of the best wireless speakers"
    unit, end = unit_after(doc, span, lexicon, taken)
    if (
        unit is None
        and span.end - span.start == 1
        and start >= 3
        and doc[start - 1].lower_ == "or"
        and doc[start - 2].pos_ == "NOUN"
        and doc[start - 3].lower_ in lexicon["indefinite_counts"]
    ):
        unit = noun_unit(doc[start - 2 : start - 1], lexicon)  # "a day or two", "another pick or two"
    written = unit is not None
    if unit and end + 1 < len(doc) and doc[end].text == "/" and unit_named(doc[end + 1].text, lexicon):
        unit, end = f"{unit} per {unit_named(doc[end + 1].text, lexicon)}", end + 2  # "1.3 A/cm2"
    return _Measure(unit, "percent" if unit == "percent" else "quantity", end, written)


def _bound_and_change(
    doc: Doc,
    span: Span,
    start: int,
    end: int,
    figure: Figure,
    unit: str | None,
    claim_type: str,
    lexicon: dict[str, Any],
) -> tuple[str, Movement | None, int, int]:
    """The figure's qualifier and the change it belongs to, with the phrase widened over their words.

    A bound ("more than", "or more", "about") is the qualifier whatever else is said; the size of a
    change ("rose 5%", "up 2.8%", "by 2 points") is otherwise ``up``/``down``; a level a change
    reached or left ("rose to 4.6%", "from 17%") is ``=``, its direction kept on the quantity.
    """
    bound, bound_start = bound_before(doc, start, lexicon)
    if bound is not None and unit in lexicon["durations"] and _spans_a_time(doc[bound_start], span):
        bound = None  # "cost $1.5 trillion over 10 years": during that time, not more than it
    elif bound is not None and _moved_up_to(doc, bound_start, lexicon):
        bound = None  # "edged up to 4.1%": the level reached, not an upper bound
    else:
        start = bound_start
    trailing, end = bound_after(doc, end, lexicon)
    bound = figure.qualifier or bound or trailing
    if unit in lexicon["durations"]:
        kind = "duration"
    else:
        kind = "money" if claim_type == "money" else ("count" if _counts_things(unit, lexicon) else "measure")
    movement = change_of(doc, span, lexicon, kind)
    adverb = change_adverb(doc, start, lexicon)
    if adverb:
        movement, start = Movement(adverb[0], "amount", adverb[1]), adverb[1]  # "up 2.8%", "down more than 25%"
    if movement is not None and movement.role == "amount":
        return bound or movement.direction or "=", movement, start, end
    return bound or "=", movement, start, end


def _sign_after(
    doc: Doc, end: int, value: float | list[float], unit: str | None, lexicon: dict[str, Any]
) -> tuple[float | list[float], int]:
    """A measure written with its sign after it: "5 degrees below zero" → -5, and the token after the words."""
    if unit not in lexicon["measures"] or not isinstance(value, float) or value <= 0:
        return value, end
    for words, sign in lexicon["signs_after"].items():
        width = len(words.split())
        if doc[end : end + width].text.lower() == words:
            return (-value if sign == "-" else value), end + width
    return value, end


def _moved_up_to(doc: Doc, at: int, lexicon: dict[str, Any]) -> bool:
    """ "edged up to 4.1%", "could go up to 5%": "up" is the particle of a verb of change, not "up to" a bound
    ("can carry up to 40 people", "it can be up to 40")."""
    if at == 0 or doc[at].lower_ != "up" or doc[at - 1].pos_ != "VERB":
        return False
    lemma = doc[at - 1].lemma_.lower()
    return lemma != "be" and (lemma in lexicon["change_particle_verbs"] or lemma in lexicon["change_up"])


def _spans_a_time(word: Token, span: Span) -> bool:
    """ "over 10 years" after a verb's object is the time something happens in ("cost $1.5 trillion over 10
    years", "rose 5% over two years"): the parser makes "over" a preposition there, a bound on the number
    ("for over 10 years", "over 200 people") a modifier of it."""
    return word.lower_ in ("over", "across") and word.dep_ == "prep" and word.head.i < word.i and word.head not in span


def _counts_things(unit: str | None, lexicon: dict[str, Any]) -> bool:
    """A figure counts things ("12 games", "500 jobs") when its unit is a noun, not a measure or a share."""
    return unit is not None and unit not in lexicon["measures"] and unit not in lexicon["share_units"]


_ODDS = re.compile(r"^(\d+)\s*[/⁄-]\s*(\d+)$")


def _odds(doc: Doc, span: Span, lexicon: dict[str, Any]) -> tuple[float, float] | None:
    """Odds written as a fraction next to the word "odds": "odds of 4/9", "at 5/1 odds" → (4, 9), (5, 1)."""
    match = _ODDS.match(span.text)
    if match is None:
        return None
    words = lexicon["odds_words"]
    before = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after not in words and not any(w in words for w in before):
        return None
    return float(match.group(1)), float(match.group(2))


def _ratio(doc: Doc, span: Span, rule_id: str, lexicon: dict[str, Any]) -> FoundQuantity | None:
    """ "one in five households", "1 in 10 adults": a share, 1/5 of what is counted after it."""
    words = [t.text for t in span]
    cut = next((i for i, w in enumerate(words) if w.lower() == "in"), None)
    if cut is None:
        return None
    part = parse_number(words[:cut], lexicon["number_words"], lexicon["scales"], fillers=lexicon["number_fillers"])
    whole = parse_number(
        words[cut + 1 :], lexicon["number_words"], lexicon["scales"], fillers=lexicon["number_fillers"]
    )
    if not part or not whole or part > whole or re.fullmatch(r"(1[5-9]|20)\d\d", words[-1]):
        return None  # "one in 2019" is a date
    bound, start = bound_before(doc, span.start, lexicon)
    end = span.end
    noun = doc[end] if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") else None
    of = None
    if noun is not None:
        head = noun
        while head.dep_ in ("compound", "amod") and head.head.i > head.i and head.head.i - end < 3:
            head = head.head
        of, end = doc[span.end : head.i + 1].text, head.i + 1
    quantity = Quantity(
        value=tidy(part / whole),
        unit=None,
        text=doc[start:end].text,
        start=doc[start].idx,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier=bound or "=",
        of=of,
        ratio=[part, whole],
    )
    return FoundQuantity(rule_id, "percent", quantity, start, end, span.start, span.end)


def _suspended(doc: Doc, span: Span, rule_id: str, lexicon: dict[str, Any]) -> FoundQuantity | None:
    """A number whose unit is written once at the end of a series: "four-" and "five-" in "four-,
    five- and six-cylinder engines" count cylinders, "10-" in "10- and 20-megawatt turbines" megawatts."""
    token = span[0]
    value = parse_number([token.text[:-1]], lexicon["number_words"], {}, {}, lexicon["number_fillers"])
    after = token.i + 1
    if value is None or after >= len(doc) or doc[after].text not in lexicon["series_words"]:
        return None
    i = after
    while i < min(len(doc) - 2, after + 10):
        word = doc[i]
        if word.text in lexicon["series_words"] or (word.text.endswith("-") and len(word.text) > 1):
            i += 1
            continue
        hyphen, noun = doc[i + 1], doc[i + 2]
        if not (
            word.like_num and hyphen.text == "-" and not word.whitespace_ and not hyphen.whitespace_ and noun.is_alpha
        ):
            return None
        found = unit_at(doc, hyphen.i, lexicon) or unit_at(doc, noun.i, lexicon)
        unit = found[0] if found else noun_unit(doc[noun.i : noun.i + 1], lexicon)
        quantity = Quantity(
            value=float(value),
            unit=unit,
            text=token.text,
            start=token.idx,
            end=token.idx + len(token.text),
            qualifier="=",
        )
        return FoundQuantity(rule_id, "quantity", quantity, token.i, after, token.i, after, False, True)
    return None


def _part_of_a_unit(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, str | None, int]:
    """A fraction of one unit: "1/16 of a US pint" → pint, "three-quarters of a mile" → mile,
    "a tenth of a dollar" → USD. Returns (currency, unit, token end); the unit must be a measure
    word or currency ("half of a sandwich" is not read here)."""
    given = end
    if 0 < end < len(doc) and doc[end - 1].lower_ == "of" and doc[end].lower_ != "of":
        end -= 1  # the figure's words hold the "of" ("a quarter of a percentage point")
    if end + 2 >= len(doc) or doc[end].lower_ != "of" or doc[end + 1].lower_ not in ("a", "an", "one"):
        return None, None, given
    for at in range(end + 2, min(end + 4, len(doc))):
        currency, after = currency_after(doc, at, lexicon)
        if currency:
            return currency, None, after
        found = unit_at(doc, at, lexicon)
        if found is not None:
            return None, found[0], found[1]
        if doc[at].pos_ not in ("ADJ", "PROPN") and doc[at].lower_ not in ("us", "u.s."):
            break  # only a word saying which unit may come between: "a US pint", "an imperial gallon"
    return None, None, given


def _magnitude(doc: Doc, span: Span, rule_id: str, lexicon: dict[str, Any]) -> FoundQuantity | None:
    """ "hundreds of miles" → [100, 1000] mile; "tens of millions of dollars" → [1e7, 1e8] USD."""
    magnitudes = lexicon["magnitudes"]
    words = [t.lower_ for t in span if t.lower_ != "of"]
    scale = 1.0
    if len(words) == 2 and words[1] in magnitudes:
        scale = float(magnitudes[words[1]])
    value = order_of_magnitude_range(words[0], magnitudes, scale)
    if value is None:
        return None
    end = span.end
    unit, claim_type = None, "quantity"
    noun = next((c for c in span[-1].children if c.dep_ == "pobj"), None) if span[-1].lower_ == "of" else None
    if noun is not None and noun.i >= end:
        code = lexicon["currencies"].get(noun.lower_)
        if code and not noun.is_currency:
            unit, claim_type = code, "money"  # "tens of millions of dollars"
        else:
            found = unit_at(doc, end, lexicon)
            unit = found[0] if found else noun_unit(Span(doc, end, noun.i + 1), lexicon)
        end = noun.i + 1
    quantity = Quantity(
        value=value,
        unit=unit,
        text=doc[span.start : end].text,
        start=span.start_char,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier="=",
        of=counted_phrase(doc, span),
    )
    return FoundQuantity(rule_id, claim_type, quantity, span.start, end, span.start, span.end, True, unit is not None)


def _vague(doc: Doc, span: Span, rule_id: str) -> FoundQuantity:
    """ "the majority of North Korean workers", "several supervisors": a vague amount, kept as words, with what it counts."""
    counted = counted_phrase(doc, span)
    if counted is None and span.end < len(doc) and doc[span.end - 1].pos_ in ("NOUN", "PROPN", "ADJ") and len(span) > 1:
        counted = span[-1].text
    word_span = span if len(span) == 1 or span[-1].lower_ != "of" else span[:-1]
    if len(span) > 1 and span[-1].lower_ != "of" and span[1].pos_ != "NUM":
        word_span = span[:1]
        noun = span[1] if span[1].pos_ in ("NOUN", "PROPN") else span[1].head
        while (
            noun.dep_ in ("amod", "compound", "nmod") and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN")
        ):
            noun = noun.head  # "several Russian construction supervisors"
        if noun.i > span.start:
            counted = doc[span.start + 1 : noun.i + 1].text
    quantity = Quantity(
        value=None,
        unit=None,
        text=word_span.text,
        start=word_span.start_char,
        end=word_span.end_char,
        qualifier="~",
        vague=True,
        of=counted,
    )
    return FoundQuantity(rule_id, "quantity", quantity, word_span.start, word_span.end, word_span.start, word_span.end)
