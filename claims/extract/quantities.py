"""Quantities: the figure a rule found, widened with its bound, unit, rate and change.

``rules/quantities.yml`` finds the figure; its lexicon says which words around the figure are
bounds ("more than"), rates ("annually"), currencies, scales, units and change words. The value
itself comes from the pure normalisers in ``claims.normalize.numbers``. Two figures joined as a
range ("from $370,000 to $5.5 million", "1 to 1.5 degrees", "between 5% and 6%") become one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claims.extract.spans import sentence_of
from claims.model import Quantity
from claims.nlp.matchers import RuleMatch
from claims.normalize.numbers import order_of_magnitude_range, parse_digits, parse_number, parse_ordinal, split_glued

_TYPE_PRIORITY = {"money": 3, "percent": 3, "ranking": 1, "quantity": 2}
_LABEL_PRIORITY = {"MAGNITUDE": 1}
_YEAR = re.compile(r"^(1[5-9]|20|21)\d\d$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]?\d{3}[-.\s]\d{4}$|^\d{3}-\d{4}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_SPORT_WORDS = {"win", "won", "beat", "lose", "lost", "defeat", "victory", "draw", "drew", "score", "scored", "goal", "goals", "match", "game", "lead", "led", "half-time", "halftime", "final", "set", "sets", "innings", "points", "down", "up", "trail", "trailing"}
_STREET_WORDS = {"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard", "blvd", "lane", "drive", "place", "square", "way"}
_SCORE = re.compile(r"^\d{1,2}$")
_PERCENT_WORDS = {"%", "percent", "pct", "per-cent", "pc"}
_CONNECTORS = {"to", "-", "–", "—", "and", "or", "to-"}
_UNIT_WIDTH = 5  # longest written unit, in tokens ("miles per hour", "barrel-a-day")


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


def find_quantities(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], taken: set[int]) -> list[FoundQuantity]:
    """Quantities in a doc, leaving out tokens already taken by calendar dates.

    Args:
        doc: the parsed article.
        matches: all rule matches of the doc.
        lexicon: the ``quantities`` lexicon.
        taken: token indices that belong to dates (years are not quantities).
    """
    candidates = [m for m in matches if m.rule.family == "quantities"]
    by_span: dict[tuple[int, int], RuleMatch] = {}
    for match in candidates:
        key = (match.span.start, match.span.end)
        current = by_span.get(key)
        if current is None or _priority(match) > _priority(current):
            by_span[key] = match
    spans = filter_spans([Span(doc, s, e) for s, e in by_span])
    found = []
    for whole in spans:
        match = by_span[(whole.start, whole.end)]
        rule_span = (whole.start, whole.end)
        for span in _split_adjacent_figures(whole, lexicon):
            if span.start != whole.start:
                match = RuleMatch(by_span[rule_span].rule, span)
            if any(i in taken for i in range(span.start, span.end)) and match.rule.type not in ("money", "percent"):
                continue
            result = _build(doc, span, match, lexicon, taken)
            if result is not None:
                found.append(result)
    return _restated_bounds(doc, _join_ranges(doc, _outside_others(found), lexicon))


def _outside_others(found: list[FoundQuantity]) -> list[FoundQuantity]:
    """Leave out a figure that lies in the phrase of another ("-19" in "thousands of COVID -19 tests")."""
    kept = []
    for item in found:
        inside = any(other is not item and other.start <= item.figure_start and item.figure_end <= other.end
                     and not (other.figure_start <= item.figure_start < other.figure_end) for other in found)
        if not inside:
            kept.append(item)
    return kept


def _restated_bounds(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """A figure restated in brackets ("more than 7.5 million crowns (US $1.1 million)", "under 296 hp
    (224 kW / 300 PS)") carries the bound or change of the figure it restates."""
    ordered = sorted(found, key=lambda f: f.start)
    for previous, current in zip(ordered, ordered[1:]):
        if previous.quantity.vague or current.quantity.vague or current.quantity.qualifier != "=":
            continue
        gap = [t.text for t in doc[previous.end : current.start]]
        restates = gap in (["("], ["/"], ["("] + ["US"], ["or"]) and previous.quantity.qualifier != "="
        inside = gap == ["/"] and current.start > 0 and any(t.text == "(" for t in doc[max(0, previous.start - 2) : previous.start])
        if restates and (gap != ["/"] or inside) and gap != ["or"]:
            current.quantity.qualifier = previous.quantity.qualifier
    return found


def _split_adjacent_figures(span: Span, lexicon: dict[str, Any]) -> list[Span]:
    """"S&P 500 +0.3%" is two figures: digits right after digits start a new one; an ordinal
    ("14 first-team players", "4.3 second 40 yard dash") is no part of a figure."""
    doc = span.doc
    ordinals = lexicon["ordinal_words"]
    pieces: list[Span] = []
    start = span.start
    for token in span:
        if token.lower_ in ordinals and len(span) > 1 and token.lower_ not in lexicon["number_words"]:
            if token.i > start:
                pieces.append(doc[start : token.i])
            start = token.i + 1
        elif token.i > start and any(c.isdigit() for c in token.text) and token.text[:1] in "+-−~0123456789" and any(c.isdigit() for c in doc[token.i - 1].text):
            pieces.append(doc[start : token.i])
            start = token.i
    if start < span.end:
        pieces.append(doc[start : span.end])
    return pieces


def _priority(match: RuleMatch) -> tuple[int, int]:
    return (_LABEL_PRIORITY.get(match.rule.label or "", 0), _TYPE_PRIORITY.get(match.rule.type or "", 0))


@dataclass
class _Figure:
    """What the tokens of a figure say: its value, currency, unit, sign and bound written in it."""

    value: float | list[float]
    currency: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    scaled: bool = False
    unit_end: int = 0  # token after a unit written inside the matched words ("275 pound-feet")


def _build(doc: Doc, span: Span, match: RuleMatch, lexicon: dict[str, Any], taken: set[int]) -> FoundQuantity | None:
    rule = match.rule
    if rule.label == "VAGUE":
        return _vague(doc, span, rule.id)
    if rule.label == "ORDINAL":
        value = parse_ordinal(span[0].text, lexicon["ordinal_words"])
        if value is None:
            return None
        noun = span[-1].lemma_.lower()
        quantity = Quantity(value=float(value), unit=noun, text=span.text, start=span.start_char, end=span.end_char, qualifier="=")
        return FoundQuantity(rule.id, "quantity", quantity, span.start, span.end, span.start, span.end)
    if rule.label == "MAGNITUDE":
        return _magnitude(doc, span, rule.id, lexicon, taken)
    if _is_not_a_quantity(doc, span, lexicon):
        return None
    figure = _read_figure(span, lexicon, rule.id == "quantity.range")
    if figure is None:
        return None
    value = figure.value

    claim_type = "quantity"  # money and percent are read off the figure, whichever rule found it
    start, end = span.start, span.end
    currency = figure.currency
    unit: str | None = figure.unit
    unit_written = unit is not None
    end = max(end, figure.unit_end)
    words = [t.lower_ for t in span]
    if unit is not None and end + 1 < len(doc) and doc[end].text == "/" and not doc[end].whitespace_:
        glued = split_glued(doc[span.end - 1].text + "/" + doc[end + 1].text)
        per_unit = _unit_word(glued.suffix, lexicon) if glued else None
        if per_unit:
            unit, end = per_unit, end + 2  # "100km/hr"
        elif _unit_word(doc[end + 1].text, lexicon):
            unit, end = f"{unit} per {_unit_word(doc[end + 1].text, lexicon)}", end + 2  # "1.3 A/cm2"
    if currency is None and unit is None:
        currency, end = _currency_after(doc, end, lexicon)
    if currency:
        unit, claim_type = currency, "money"
    elif unit == "percent" or (any(w in _PERCENT_WORDS or w == "cent" for w in words) and "percentage" not in words):
        unit, claim_type = "percent", "percent"
    elif "percentage" in words or "basis" in words:
        unit, claim_type = ("percentage_point", "percent") if "percentage" in words else ("basis_point", "percent")
    elif unit is None:
        unit, end = _unit_after(doc, span, lexicon, taken)
        unit_written = unit is not None
        if unit and end + 1 < len(doc) and doc[end].text == "/" and _unit_word(doc[end + 1].text, lexicon):
            unit, end = f"{unit} per {_unit_word(doc[end + 1].text, lexicon)}", end + 2  # "1.3 A/cm2"
        if unit == "percent":
            claim_type = "percent"
    if unit is None and claim_type == "quantity" and isinstance(value, float) and _YEAR.match(span.text) and not _counted_noun(span):
        return None  # a bare year-like number with nothing counted is a year
    if unit is not None and unit not in ("percent",) and _YEAR.match(span.text) and span.root.ent_type_ == "DATE" and not unit_written:
        return None  # "2018 sales", "the 2019 review": a year, not a count
    if isinstance(value, list) and end < len(doc) and doc[end].text in ("%",):
        unit, claim_type, end = "percent", "percent", end + 1

    qualifier, start = _bound_before(doc, start, lexicon)
    trailing, end = _bound_after(doc, end, lexicon)
    qualifier = figure.qualifier or qualifier or trailing or "="
    change = _change(doc, span, lexicon)
    adverb = _change_adverb(doc, start, lexicon)
    if adverb:
        qualifier, start = adverb[0], adverb[1]
    elif change and qualifier == "=":
        qualifier = change
    if unit:
        per, end = _unit_denominator(doc, end, lexicon)
        if per:
            unit = f"{unit} per {per}"
    rate, end = _rate_after(doc, end, lexicon)
    quantity = Quantity(
        value=value,
        unit=unit,
        text=doc[start:end].text,
        start=doc[start].idx,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier=qualifier,
        rate=rate,
        of=_counted(doc, span),
    )
    return FoundQuantity(rule.id, claim_type, quantity, start, end, span.start, span.end, figure.scaled, unit_written)


def _read_figure(span: Span, lexicon: dict[str, Any], is_range: bool) -> _Figure | None:
    """The value of the figure's tokens, with what is written glued to them ("US$1.13bn", "5.5kWh")."""
    doc = span.doc
    currencies: dict[str, str] = lexicon["currencies"]
    glued_currencies: dict[str, str] = lexicon["glued_currencies"]
    figure = _Figure(value=0.0)
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
        if glued is not None and (glued.prefix or glued.suffix or glued.approximate) and not token.like_num or (glued and glued.approximate):
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
            as_unit = _unit_at(doc, token.i, lexicon)
            if as_unit is None:
                figure.currency = _currency_word(doc, token, lexicon)  # "40 euros", "3 billion Danish crowns"
                measure_word = lower
            else:
                figure.unit, figure.unit_end = as_unit  # "275 pound-feet"
            continue
        if lower in lexicon["scales"]:
            figure.scaled = True
        words.append(lower if token.text in lexicon.get("cased_scales", []) else token.text)
        if token.text in lexicon.get("cased_scales", []):
            cased_scale = True
    money = figure.currency is not None or any(currencies.get(t.lower_) for t in span if not t.like_num)
    scales = {k: v for k, v in lexicon["scales"].items() if money or cased_scale or k not in lexicon["money_only_scales"]}
    number_words = lexicon["number_words"]
    denominators = lexicon.get("denominators", {})
    if is_range:
        value = _range_value(words, number_words, scales)
    else:
        kept = [w for w in words if _is_number_word(w, lexicon, money)]
        value = parse_number(kept, number_words, scales, denominators)
    if value is None:
        return None
    if figure.currency is None and span.start > 0 and doc[span.start - 1].lower_ in currencies and doc[span.start - 1].is_currency:
        figure.currency = currencies[doc[span.start - 1].lower_]
    figure.value = value
    measures: dict[str, str] = lexicon.get("measure_currency_words", {})
    if measure_word in measures and symbol is None and not figure.scaled and not (span.end < len(doc) and doc[span.end].lower_ == "sterling"):
        figure.currency, figure.unit = None, measures[measure_word]  # "208 pounds" is a weight
    if figure.currency:
        figure.currency = _qualified_currency(doc, span, figure.currency, lexicon)
    return figure


def _read_glued(glued: Any, symbol: str | None, lexicon: dict[str, Any]) -> tuple[float, str | None, str | None, str | None, str | None] | None:
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
        unit = _unit_word(suffix, lexicon) if not money else None
        if unit is None:
            for width in range(len(lower), 0, -1):
                head, rest = lower[:width], suffix[width:]
                if head in scales and (money or head not in lexicon["money_only_scales"]):
                    rest_unit = _unit_word(rest, lexicon) if rest else None
                    if rest and rest_unit is None:
                        continue
                    scale_word, unit = head, rest_unit
                    break
            else:
                if lower in _PERCENT_WORDS:
                    unit = "percent"
                else:
                    return None  # "5G", "3s", "90s": not a figure with a unit we know
    return number, currency, scale_word, unit, qualifier


def _currency_word(doc: Doc, token: Token, lexicon: dict[str, Any]) -> str:
    """The currency a word names, with the word before it: "Australian dollars" → AUD, "Danish crowns" → DKK."""
    code: str = lexicon["currencies"][token.lower_]
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    for width in (2, 1):
        if token.i - width < 0:
            continue
        words = " ".join(t.lower_ for t in doc[token.i - width : token.i])
        if words in qualifiers:
            return qualifiers[words]
    return code


def _unit_at(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """The unit written from token ``start`` on, longest form first, and the token after it."""
    for width in range(_UNIT_WIDTH, 0, -1):
        if start + width > len(doc):
            continue
        tokens = doc[start : start + width]
        if any(t.is_sent_start for t in tokens[1:]) or tokens[-1].text in ("-", "/"):
            continue
        written = tokens.text
        unit = _unit_word(written, lexicon) or _unit_word(written.strip("-"), lexicon)
        if unit is None and written.endswith(".") and tokens[-1].is_sent_end and written[:-1] not in ("in",):
            unit = _unit_word(written[:-1], lexicon)  # "sq m." at the end of a sentence
        if unit is not None:
            return unit, start + width
    return None


def _unit_word(written: str, lexicon: dict[str, Any]) -> str | None:
    """The normalised unit of a written unit, case-sensitive forms first ("Nm" is not "nm")."""
    written = written.strip()
    if not written:
        return None
    cased: dict[str, str] = lexicon.get("cased_units", {})
    if written in cased:
        return cased[written]
    lower = written.lower()
    if lower in _PERCENT_WORDS:
        return "percent"
    return lexicon["units"].get(lower)


def _qualified_currency(doc: Doc, span: Span, code: str, lexicon: dict[str, Any]) -> str:
    """"HK $5.4m", "US $7.2 billion", "Australian dollars": the word before a dollar sign names the dollar."""
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    if code != "USD":
        return code
    symbol = next((t for t in span if t.lower_ in lexicon["currencies"] or t.lower_ in lexicon["glued_currencies"]), span[0])
    previous = doc[symbol.i - 1].lower_ if symbol.i > 0 else ""
    return qualifiers.get(previous, code)


def _range_value(words: list[str], number_words: dict[str, float], scales: dict[str, float]) -> list[float] | None:
    groups: list[list[str]] = [[]]
    for word in words:
        lower = word.lower()
        if lower in ("between", "from"):
            continue
        if lower in ("and", "to", "until", "-", "–", "—"):
            groups.append([])
            continue
        groups[-1].append(word)
    if len(groups) != 2:
        return None
    low = parse_number(groups[0], number_words, scales)
    high = parse_number(groups[1], number_words, scales)
    if low is None or high is None:
        return None
    high_scale = next((scales[w.lower()] for w in groups[1] if w.lower() in scales), None)
    low_scale = next((scales[w.lower()] for w in groups[0] if w.lower() in scales), None)
    if high_scale and not low_scale:
        low *= high_scale  # "5 to 7 million"
    return [low, high]


def _is_number_word(word: str, lexicon: dict[str, Any], money: bool) -> bool:
    lower = word.lower()
    if lower in lexicon["currencies"] or lower in ("%",) or lower in ("percent", "per", "cent", "pct", "pc", "percentage", "points", "point", "basis"):
        return False
    if lower in lexicon["scales"] or lower in lexicon["number_words"] or lower in lexicon.get("denominators", {}):
        return True
    return lower in ("a", "an", "and", "-", "minus", "negative") or bool(re.match(r"^[+\-−~]?[\d.]", lower)) or "-" in lower


def _magnitude(doc: Doc, span: Span, rule_id: str, lexicon: dict[str, Any], taken: set[int]) -> FoundQuantity | None:
    """"hundreds of miles" → [100, 1000] mile; "tens of millions of dollars" → [1e7, 1e8] USD."""
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
            found = _unit_at(doc, end, lexicon)
            unit = found[0] if found else _noun_unit(Span(doc, end, noun.i + 1), lexicon)
        end = noun.i + 1
    quantity = Quantity(value=value, unit=unit, text=doc[span.start:end].text, start=span.start_char,
                        end=doc[end - 1].idx + len(doc[end - 1].text), qualifier="=", of=_counted(doc, span))
    return FoundQuantity(rule_id, claim_type, quantity, span.start, end, span.start, span.end, True, unit is not None)


def _vague(doc: Doc, span: Span, rule_id: str) -> FoundQuantity:
    head = span[0]
    counted = _counted(doc, span)
    if counted is None and span.end < len(doc) and doc[span.end - 1].pos_ in ("NOUN", "PROPN", "ADJ") and len(span) > 1:
        counted = span[-1].text
    word_span = span if len(span) == 1 or span[-1].lower_ != "of" else span[:-1]
    if len(span) > 1 and span[-1].lower_ != "of" and span[1].pos_ != "NUM":
        word_span = span[:1]
        noun = span[1] if span[1].pos_ in ("NOUN", "PROPN") else span[1].head
        while noun.dep_ in ("amod", "compound", "nmod") and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head  # "several Russian construction supervisors"
        if noun.i > span.start:
            counted = doc[span.start + 1 : noun.i + 1].text
    del head
    quantity = Quantity(value=None, unit=None, text=word_span.text, start=word_span.start_char, end=word_span.end_char,
                        qualifier="~", vague=True, of=counted)
    return FoundQuantity(rule_id, "quantity", quantity, word_span.start, word_span.end, word_span.start, word_span.end)


def _currency_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """A currency written after the figure: "40 euros", "7.5 million Danish crowns", "108.79 JPY="."""
    currencies: dict[str, str] = lexicon["currencies"]
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    if end >= len(doc):
        return None, end
    first = doc[end]
    for width in (2, 1):
        words = " ".join(t.lower_ for t in doc[end : end + width])
        if words in qualifiers and end + width < len(doc) and doc[end + width].lower_ in currencies:
            return qualifiers[words], end + width + 1
    word = first.lower_.rstrip("=")
    if word in currencies and not first.is_currency and (first.pos_ != "VERB" or word == "won"):
        if word == "won" and first.pos_ in ("VERB", "AUX"):
            return None, end
        if word in lexicon.get("measure_currency_words", {}) or _unit_at(doc, end, lexicon) is not None:
            return None, end  # "208 pounds" is a weight; read as a unit
        return currencies[word], end + 1
    return None, end


def _unit_after(doc: Doc, span: Span, lexicon: dict[str, Any], taken: set[int]) -> tuple[str | None, int]:
    """The unit or counted noun of a figure, and the token end of the widened phrase.

    A measure word from the lexicon wins, longest written form first ("miles per hour",
    "sq m", "year-old"). Otherwise the noun the figure counts is the unit, with the words that
    say which kind it is: "four different bosses" → "different boss".
    """
    end = span.end
    found = _unit_at(doc, end, lexicon)
    if found is not None:
        return found
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].pos_ == "NOUN" and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        return _noun_unit(doc[end + 1 : end + 2], lexicon), end + 2  # "six-cylinder", "five-year"
    root = span.root
    head: Token | None = None
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= span.end and root.head.i - span.end <= 4:
        head = root.head
    elif end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].dep_ != "compound":
        head = doc[end]
    if head is None and _is_an_age(span):
        return "year of age", end  # "Maddon, 66, has ..."
    if head is None or head.like_num or head.lower_.startswith("to-"):
        return None, end
    if head.i in taken:
        return None, end  # "2.1 last year": the noun is part of a date
    while head.dep_ in ("compound", "nmod") and head.head.pos_ == "NOUN" and 0 < head.head.i - head.i <= 2 and head.head.i not in taken:
        head = head.head  # "11 member trade agreement"
    words = doc[end : head.i + 1]
    if any((t.is_punct and t.text != "-") or (t.lower_ in _CONNECTORS and t.i + 1 < len(doc) and doc[t.i + 1].like_num) for t in words[:-1]) or any(
        any(c.isdigit() for c in t.text) and (t.i == end or t.lower_.startswith("to-") or doc[t.i - 1].lower_ in _CONNECTORS) for t in words
    ):
        return None, end  # "three or four years", "5-10W": the unit belongs to the range, read when it is joined
    before = [t for t in head.lefts if t.i < span.start and t.dep_ in ("amod", "compound", "nmod") and t.lower_ not in lexicon["not_kind_words"]
              and t.i == span.start - 1]
    unit = _noun_unit(doc[end : head.i + 1], lexicon)
    if before and " " not in unit and unit not in lexicon["units"].values():
        unit = f"{before[0].lemma_.lower()} {unit}"  # "the top three seeds" → "top seed"
    return unit, head.i + 1


def _is_an_age(span: Span) -> bool:
    """A bare number set off by commas after a person's name is their age ("Senard, 65, said")."""
    doc = span.doc
    if len(span) != 1 or not span[0].text.isdigit() or not 0 < int(span[0].text) < 120:
        return False
    if span.start < 2 or span.end >= len(doc):
        return False
    name = doc[span.start - 2]
    if doc[span.start - 1].text != "," or doc[span.end].text != "," or name.pos_ != "PROPN":
        return False
    return name.ent_type_ == "PERSON" or (span[0].dep_ == "appos" and span[0].head.i == name.i)


def _noun_unit(tokens: Span, lexicon: dict[str, Any]) -> str:
    """"different bosses" → "different boss", "FA Cup finals" → "fa cup final", "people" → "person"."""
    units: dict[str, str] = lexicon["units"]
    head = tokens[-1]
    if len(tokens) == 1 or head.lower_ in units:
        return units.get(head.lower_, units.get(head.lemma_.lower(), _singular(head)))
    parts: list[str] = []
    for token in tokens[:-1]:
        if (token.pos_ in ("DET", "CCONJ", "PUNCT") and token.text != "-") or (token.like_num and token.text.startswith("-")):
            continue
        word = token.lemma_.lower() if token.pos_ in ("ADJ", "NOUN") else token.lower_
        parts.append(word + token.whitespace_)
    parts.append(_singular(head))
    return " ".join("".join(parts).strip("-").split())


def _singular(token: Token) -> str:
    lemma = token.lemma_.lower().strip("-")
    if lemma == token.lower_ and token.tag_ in ("NNS", "NNPS") and lemma.endswith("s") and len(lemma) > 3 and lemma.isalpha():
        return lemma[:-1]  # "Americans", "Cups": proper-noun plurals the lemmatizer leaves alone
    return lemma


def _counted(doc: Doc, span: Span) -> str | None:
    """What a vague or counted figure is of: "the majority of North Korean workers" → "North Korean workers"."""
    last = span[-1]
    of = None
    if last.lower_ == "of":
        of = last
    elif span.end < len(doc) and doc[span.end].lower_ == "of":
        of = doc[span.end]
    else:
        of = next((c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    left = min(t.i for t in obj.subtree if t.dep_ not in ("relcl",))
    left = max(left, of.i + 1)
    while left < obj.i and doc[left].pos_ == "DET":
        left += 1
    return doc[left : obj.i + 1].text


def _counted_noun(span: Span) -> bool:
    root = span.root
    return root.dep_ == "nummod" and root.head.pos_ == "NOUN"


def _bound_before(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    bounds: dict[str, str] = lexicon["bounds"]
    for width in (3, 2, 1):
        if start - width < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start - width : start])
        if words in bounds:
            return bounds[words], start - width
    return None, start


def _bound_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    bounds: dict[str, str] = lexicon["trailing_bounds"]
    for width in (3, 2, 1):
        if end + width > len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[end : end + width])
        if words in bounds and not (words == "+" and end + width < len(doc) and doc[end + width].like_num):
            return bounds[words], end + width
    return None, end


def _change_adverb(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """"up 2.8%", "down 68p", "+0.3%": the figure is the size of a change."""
    adverbs: dict[str, str] = lexicon["change_adverbs"]
    if start > 0 and doc[start - 1].lower_ in adverbs and doc[start - 1].pos_ in ("ADV", "ADP", "PART"):
        word = doc[start - 1]
        if word.dep_ == "prt" and word.head.lemma_.lower() not in lexicon["change_particle_verbs"]:
            return None  # "gave up 517 yards"
        return adverbs[word.lower_], start - 1
    first = doc[start]
    if first.text.startswith("+") and any(c.isdigit() for c in first.text):
        return "up", start
    return None


def _unit_denominator(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """"$62 per share", "$1,271.2 an ounce": the unit a price is per (not a rate in time)."""
    table: dict[str, str] = lexicon["unit_denominators"]
    skip = 0
    while end + skip < len(doc) and doc[end + skip].lower_ in ("us", "u.s.") and skip < 1:
        skip += 1  # "$75 U.S. per barrel"
    for width in (4, 3, 2):
        s = end + skip
        if s + width > len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[s : s + width])
        if words in table or words.rstrip(".") in table:
            return table.get(words) or table[words.rstrip(".")], s + width
    return None, end


def _rate_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    rates: dict[str, str] = lexicon["rates"]
    for skip in (0, 1, 2, 3, 4, 5):
        for width in (2, 1):
            s = end + skip
            if s + width > len(doc):
                continue
            words = " ".join(t.lower_ for t in doc[s : s + width])
            if words in rates:
                if skip and any(t.is_punct or t.pos_ in ("VERB", "AUX") or t.like_num for t in doc[end:s]):
                    continue  # the rate of a later figure ("15 to 22 miles per hour")
                return rates[words], (s + width if not skip else end)
    return None, end


def _change(doc: Doc, span: Span, lexicon: dict[str, Any]) -> str | None:
    """``up``/``down`` when the figure is the size of a change ("jumped 76%", "fell by 2 points")."""
    root = span.root
    head = root.head
    via_by = False
    if root.dep_ == "pobj" and head.lower_ in ("by",):
        head, via_by = head.head, True
    elif root.dep_ == "pobj" and head.lower_ == "to" and head.head.pos_ == "VERB":
        head, via_by = head.head, True  # "rose 18 sen to RM23.50": where the change took it
    elif root.dep_ == "pobj" and head.lower_ in ("to", "from", "at"):
        return None
    if root.dep_ not in ("dobj", "npadvmod", "nummod", "pobj", "attr", "advmod", "quantmod", "compound", "appos", "nsubj") and not via_by:
        return None
    if root.dep_ in ("nummod", "compound", "quantmod") and head.dep_ in ("dobj", "npadvmod"):
        head = head.head
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB" or via_by:
        if lemma in lexicon["change_up"] or head.lower_ in lexicon["change_up"]:
            return "up"
        if lemma in lexicon["change_down"] or head.lower_ in lexicon["change_down"]:
            return "down"
    return None  # a noun of change ("a 5% pay rise") names the change; its figure is its size, not a move


def _is_not_a_quantity(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    """Identifiers, phone numbers, times, street numbers, product names and match scores are not figures."""
    text = span.text
    if _PHONE.match(text) or _TIME.match(text) or _PHONE.match(_written_around(doc, span)):
        return True
    first = span[0]
    if re.match(r"^\d{1,2}\.\d{2}$", text) and first.ent_type_ == "TIME":
        return True  # "at 10.45"
    if first.ent_type_ == "TIME" and first.like_num and span.end < len(doc) and doc[span.end].lower_ in ("a.m.", "p.m.", "am", "pm", "o'clock"):
        return True
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.lower_ in lexicon["identifier_nouns"] and parse_digits(first.text) is not None:
        return True
    if previous is not None and previous.text in ("#", "No.", "no."):
        return True
    if span.end < len(doc) and doc[span.end].pos_ == "PROPN" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in _STREET_WORDS:
        return True
    for ahead in range(span.end, min(span.end + 4, len(doc))):
        word = doc[ahead]
        if word.lower_ in _STREET_WORDS and word.text[:1].isupper():
            return True  # "9 E 71st St", "358 El Brillo Way", "22 Ave Foch"
        if not (word.text[:1].isupper() or re.match(r"^\d+(st|nd|rd|th)$", word.text)):
            break
    if len(span) == 3 and span[1].text in ("-", "–") and _SCORE.match(span[0].text) and _SCORE.match(span[2].text):
        sentence_words = {t.lower_ for t in sentence_of(span[0])}
        if sentence_words & _SPORT_WORDS:
            return True
    if span.root.ent_type_ in ("DATE", "TIME") and _YEAR.match(first.text) and len(span) == 1 and _unit_at(doc, span.end, lexicon) is None:
        return True
    if len(span) == 1 and _is_a_name_number(doc, first, lexicon):
        return True
    if len(span) == 1 and first.lower_ == "one" and _is_pronoun_one(first):
        return True
    if len(span) == 1 and first.lower_ in lexicon.get("denominators", {}) and first.lower_ not in lexicon["number_words"]:
        return True
    if len(span) == 1 and first.lower_ == "third":
        return True  # "the final third", "third-round": an ordinal, not a fraction (that needs "a third of")
    return False


def _written_around(doc: Doc, span: Span) -> str:
    """The run of digits and phone punctuation the span is part of ("555-123-4567", "(020) 7946 0958")."""
    text = doc.text
    start, end = span.start_char, span.end_char
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in "-.()" or (text[start - 1] == " " and start > 1 and text[start - 2] in "0123456789)")):
        start -= 1
    while end < len(text) and (text[end].isdigit() or text[end] in "-.()" or (text[end] == " " and end + 1 < len(text) and text[end + 1].isdigit())):
        end += 1
    return text[start:end].strip(" .")


def _is_a_name_number(doc: Doc, token: Token, lexicon: dict[str, Any]) -> bool:
    """"iPhone 11", "S&P 500", "FTSE 100", "787 Dreamliner", "Galaxy Note 20 Ultra": part of a name."""
    if not token.text.isdigit():
        return False
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and _unit_word(following.text, lexicon):
        return False
    if token.dep_ == "nummod" and token.head.pos_ == "NOUN" and token.head.i > token.i:
        return False  # "12 Labour MPs": it counts the MPs
    if previous is not None and previous.pos_ == "PROPN" and previous.ent_type_ not in ("GPE", "NORP", "DATE"):
        return not previous.is_sent_start or previous.text[:1].islower()
    if following is not None and following.tag_ == "NNP" and following.text[:1].isupper() and following.ent_type_ not in ("NORP", "GPE", "DATE"):
        return True
    return False


def _is_pronoun_one(token: Token) -> bool:
    """"the same one", "each one", "BBC One": "one" standing for a noun, not counting one."""
    if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return False
    return True


def _join_ranges(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
    """Two figures written as a range become one quantity with a [low, high] value.

    "from X ... to Y" and "between X and Y" always; "X to Y", "X-Y" and "X or Y" when the first
    figure takes its unit from the second ("1 to 1.5 degrees", "three or four years") or both
    have the same unit and the first is not the size of a change ("$3 billion to $5 billion",
    but not "increased by $43.6 billion to $419.2 billion").
    """
    numeric = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    joined: dict[int, FoundQuantity] = {}
    drop: set[int] = set()
    i = 0
    while i < len(numeric) - 1:
        first, second = numeric[i], numeric[i + 1]
        merged = _as_range(doc, first, second, lexicon)
        if merged is not None:
            joined[id(first)] = merged
            drop.add(id(second))
            i += 2
            continue
        i += 1
    out = []
    for f in found:
        if id(f) in drop:
            continue
        out.append(joined.get(id(f), f))
    return out


def _as_range(doc: Doc, first: FoundQuantity, second: FoundQuantity, lexicon: dict[str, Any]) -> FoundQuantity | None:
    a, b = first.quantity, second.quantity
    if isinstance(a.value, list) or isinstance(b.value, list) or a.value is None or b.value is None:
        return None
    if sentence_of(doc[first.start]).start != sentence_of(doc[second.start]).start:
        return None
    opener = ""
    for index in (first.figure_start - 1, first.start - 1):
        if index >= 0 and doc[index].lower_ in ("from", "between"):
            opener = doc[index].lower_
    between = [t for t in doc[first.end : second.start]]
    words = [t.lower_ for t in between]
    to_glued = doc[second.figure_start].lower_.startswith("to-")
    connector = " ".join(words)
    same_unit = a.unit == b.unit
    if opener == "from" and (connector == "to" or to_glued or ("to" in words and len(words) <= 10 and words[-1] == "to")):
        pass
    elif opener == "between" and connector == "and":
        pass
    elif connector in ("to", "-", "–", "—", "or") or (to_glued and not words):
        if first.end != first.figure_end and not same_unit and a.unit is not None:
            return None  # "rose 8.15% to 3.65": the second figure is where it rose to
        if a.unit is None and b.unit is not None and first.end == first.figure_end:
            pass  # "1 to 1.5 degrees": the unit is written once
        elif same_unit and a.unit is not None and a.qualifier not in ("up", "down") and not _after_by(doc, first):
            pass
        elif a.unit is None and b.unit is None and connector != "or":
            pass
        else:
            return None
        if connector == "or" and not (a.unit is None and 0 < a.value < b.value <= 10 * a.value):
            return None
        if connector in ("-", "–", "—") and a.unit is None and b.unit is None:
            return None  # "3-1" without a unit is a score or an identifier, not a range
    else:
        return None
    low, high = float(a.value), float(b.value)
    scale = _scale_of(doc, second, lexicon) if second.scaled and not first.scaled else None
    if scale and abs(low) <= abs(high) / scale:
        low *= scale  # "1 to 2 thousand people", "5 to 7 million"; not "$200 to $4 million"
    unit = a.unit if a.unit is not None else b.unit
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        unit = b.unit if opener == "from" else a.unit
        if b.unit.startswith(a.unit + " per "):
            unit = b.unit  # "between $62 and $68 per share"
        elif a.unit.startswith(b.unit + " per "):
            unit = a.unit
    qualifier = a.qualifier if a.qualifier not in ("up", "down") else "="
    if _after_by(doc, first):
        verb = doc[first.start - 1].head
        lemma = verb.lemma_.lower()
        qualifier = "up" if lemma in lexicon["change_up"] else "down" if lemma in lexicon["change_down"] else qualifier
    if opener == "from":
        change = b.qualifier if b.qualifier in ("up", "down") else (a.qualifier if a.qualifier in ("up", "down") else None)
        qualifier = change or ("=" if qualifier in ("up", "down") else qualifier)
    start, end = first.start, second.end
    if opener and first.start > 0 and doc[first.start - 1].lower_ == opener:
        start = first.start - 1
    claim_type = "money" if "money" in (first.claim_type, second.claim_type) else (
        "percent" if "percent" in (first.claim_type, second.claim_type) else "quantity")
    quantity = replace(a, value=[min(low, high), max(low, high)], unit=unit, text=doc[start:end].text, start=doc[start].idx,
                       end=doc[end - 1].idx + len(doc[end - 1].text), qualifier=qualifier, rate=a.rate or b.rate, of=a.of or b.of)
    return FoundQuantity("quantity.range", claim_type, quantity, start, end, first.figure_start, second.figure_end,
                         first.scaled or second.scaled, first.unit_written or second.unit_written)


def _after_by(doc: Doc, found: FoundQuantity) -> bool:
    return found.start > 0 and doc[found.start - 1].lower_ in ("by", "at")


def _scale_of(doc: Doc, found: FoundQuantity, lexicon: dict[str, Any]) -> float | None:
    scales = lexicon["scales"]
    for token in doc[found.figure_start : found.figure_end]:
        if token.lower_ in scales:
            return float(scales[token.lower_])
        glued = split_glued(token.text) if any(c.isdigit() for c in token.text) else None
        if glued and glued.suffix.lower() in scales:
            return float(scales[glued.suffix.lower()])
    return None
