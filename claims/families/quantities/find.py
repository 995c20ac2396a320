"""From the rule matches of a doc to its quantities.

The best rule wins each span, figures written next to each other are split apart, each is built
on its own (``build``), and then the figures are read together: one inside another's phrase is
left out, two written as a range are joined, and a restated figure takes the bound it restates.
"""

from __future__ import annotations

import itertools
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claims.families.quantities.build import FoundQuantity, build_quantity
from claims.families.quantities.changes import link_changes
from claims.families.quantities.figure import with_million
from claims.families.quantities.lexicon import registry_lexicon
from claims.families.quantities.negatives import is_not_a_quantity
from claims.families.quantities.qualifiers import Movement, bound_before
from claims.families.quantities.ranges import join_ranges
from claims.families.quantities.units import unit_after, unit_at
from claims.families.spans import sentence_of
from claims.model import Quantity
from claims.normalize.numbers import SCIENTIFIC, scientific_value
from claims.ruleset.matchers import RuleMatch

_TYPE_PRIORITY = {"money": 3, "percent": 3, "ranking": 1, "quantity": 2}
_LABEL_PRIORITY = {"MAGNITUDE": 1}


def find_quantities(
    doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], taken: set[int]
) -> list[FoundQuantity]:
    """Quantities in a doc, leaving out tokens already taken by calendar dates.

    Args:
        doc: the parsed article.
        matches: all rule matches of the doc.
        lexicon: the ``quantities`` lexicon.
        taken: token indices that belong to dates (years are not quantities).
    """
    lexicon = registry_lexicon(lexicon)
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
        for piece in _split_adjacent_figures(whole, lexicon):
            span = with_million(piece, lexicon)  # "39m cases": million
            if span.start != whole.start:
                match = RuleMatch(by_span[rule_span].rule, span)
            if match.rule.label == "RANGE" and _descending_pair(doc, span, lexicon):
                found.extend(_each_of_pair(doc, span, by_span, lexicon, taken))  # "MPs voted 272-219"
                continue
            if any(i in taken for i in range(span.start, span.end)) and match.rule.type not in ("money", "percent"):
                continue
            result = build_quantity(doc, span, match, lexicon, taken)
            if result is not None:
                found.append(result)
    found = _scientific(doc, found, candidates, lexicon)
    joined = _restated_bounds(doc, join_ranges(doc, _outside_others(found), lexicon))
    shared = _coordinated_units(doc, _parallel_units(doc, _shared_units(doc, joined, lexicon), lexicon), lexicon)
    shared = _dimension_units(doc, shared, lexicon)
    return link_changes(_gapped_changes(doc, _dated_series(doc, shared, taken)))


def _descending_pair(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    """ "272-219", "8-1" with no unit: a vote or a tally, two figures; a range is written low to high ("5-10")."""
    if len(span) != 3 or span[1].text not in ("-", "–", "—") or not (span[0].is_digit and span[2].is_digit):
        return False
    if is_not_a_quantity(doc, span, lexicon):
        return False  # "won the game 3-1": a score, no quantity at all
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and (after.text == "%" or unit_at(doc, span.end, lexicon) is not None):
        return False
    return int(span[0].text) > int(span[2].text)


def _each_of_pair(
    doc: Doc, span: Span, by_span: dict[tuple[int, int], RuleMatch], lexicon: dict[str, Any], taken: set[int]
) -> list[FoundQuantity]:
    """Each number of a pair that is no range, built by the rule that found it alone."""
    built = []
    for at in (span.start, span.end - 1):
        match = by_span.get((at, at + 1))
        result = build_quantity(doc, doc[at : at + 1], match, lexicon, taken) if match is not None else None
        if result is not None:
            built.append(result)
    return built


def _scientific(
    doc: Doc, found: list[FoundQuantity], candidates: list[RuleMatch], lexicon: dict[str, Any]
) -> list[FoundQuantity]:
    """A figure in scientific notation is one figure, whatever the tokens: "1.99×10^30 kilograms" is 1.99e30 kg,
    not 1.99, 10 and 30 kilograms; "3 x 10^8 metres per second" is 3e8 metres per second. It keeps the
    rule that matched its first token (``quantity.scientific`` where it did)."""
    for match in SCIENTIFIC.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        rules = [m.rule for m in candidates if m.span.start == span.start]
        if not rules:
            continue
        rule = next((r for r in rules if r.id == "quantity.scientific"), rules[0])
        unit, end = unit_after(doc, span, lexicon, set())
        bound, start = bound_before(doc, span.start, lexicon)
        quantity = Quantity(
            value=scientific_value(match),
            unit=unit,
            text=doc[start:end].text,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            qualifier=bound or "=",
        )
        kept = [f for f in found if not (f.start < end and span.start < f.end)]
        found = [
            *kept,
            FoundQuantity(rule.id, "quantity", quantity, start, end, span.start, span.end, False, unit is not None),
        ]
    return found


def _outside_others(found: list[FoundQuantity]) -> list[FoundQuantity]:
    """Leave out a figure that lies in the phrase of another ("-19" in "thousands of COVID -19 tests")."""
    kept = []
    for item in found:
        inside = any(
            other is not item
            and other.start <= item.figure_start
            and item.figure_end <= other.end
            and not (other.figure_start <= item.figure_start < other.figure_end)
            for other in found
        )
        if not inside:
            kept.append(item)
    return kept


def _restated_bounds(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """A figure restated in brackets ("more than 7.5 million crowns (US $1.1 million)", "under 296 hp
    (224 kW / 300 PS)") carries the bound or change of the figure it restates."""
    ordered = sorted(found, key=lambda f: f.start)
    for previous, current in itertools.pairwise(ordered):
        if previous.quantity.vague or current.quantity.vague or current.quantity.qualifier != "=":
            continue
        gap = [t.text for t in doc[previous.end : current.start]]
        restates = gap in (["("], ["/"], ["(", "US"], ["or"]) and previous.quantity.qualifier != "="
        inside = (
            gap == ["/"]
            and current.start > 0
            and any(t.text == "(" for t in doc[max(0, previous.start - 2) : previous.start])
        )
        if restates and (gap != ["/"] or inside) and gap != ["or"]:
            current.quantity.qualifier = previous.quantity.qualifier
    return found


def _shared_units(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
    """A bare figure takes the unit of the figure it is read against: "280 million of the 1.5
    billion shekels" (a part of a whole), "from 14-18 mpg to 24" (the end of a change)."""
    ordered = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    for previous, current in itertools.pairwise(ordered):
        bare, other = None, None
        gap = [t.lower_ for t in doc[previous.end : current.start]]
        if (
            previous.quantity.unit is None
            and current.quantity.unit is not None
            and len(gap) == 2
            and gap[0] == "of"
            and gap[1] in lexicon["part_of_words"]
        ):
            bare, other = previous, current  # "280 million of the 1.5 billion shekels"
        elif (
            current.quantity.unit is None
            and previous.quantity.unit is not None
            and gap == ["to"]
            and current.end - current.start == current.figure_end - current.figure_start
            and any(t.lower_ == "from" for t in doc[max(0, previous.start - 1) : previous.figure_start])
        ):
            bare, other = current, previous  # "from about 14-18 mpg to 24"
        elif current.quantity.unit is None and gap == ["to"] and _level_shares_unit(previous, lexicon):
            bare, other = current, previous  # "fell 45.2 points to 7,412.3", "gained 12 seats to 45": the level reached
        if bare is None or other is None or bare.unit_written:
            continue
        bare.quantity.unit = other.quantity.unit
        bare.claim_type = other.claim_type
    return found


def _level_shares_unit(amount: FoundQuantity, lexicon: dict[str, Any]) -> bool:
    """Whether the level a change reached is counted in the unit of its size: points and seats are ("fell 45.2
    points to 7,412.3"); a change in percent or percentage points is not ("rose 5% to 300")."""
    unit = amount.quantity.unit
    if unit is None or amount.movement is None or amount.movement.role != "amount":
        return False
    return unit == "point" or unit not in lexicon["share_units"]


_PARALLEL_PREPOSITIONS = {"by", "to", "at"}


def _parallel_units(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
    """A bare figure in a clause that repeats an earlier one takes its unit: "the DAX rose by 2 percent
    but the Nasdaq fell by 1", "it closed at 1,463 points while the other ended at 1,334". Only
    percentages and points (a bare figure after money is as often an index or a rate: "the euro at
    $1.1396, the dollar index at 96.088"), and only after the same preposition in the same sentence."""
    ordered = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    for i, current in enumerate(ordered):
        if (
            current.quantity.unit is not None
            or current.unit_written
            or isinstance(current.quantity.value, list)
            or current.start == 0
        ):
            continue
        preposition = doc[current.start - 1].lower_
        if preposition not in _PARALLEL_PREPOSITIONS:
            continue
        sentence = sentence_of(doc[current.start]).start
        for other in reversed(ordered[:i]):
            if other.start == 0 or sentence_of(doc[other.start]).start != sentence:
                break
            if doc[other.start - 1].lower_ != preposition:
                continue
            if other.quantity.unit in lexicon["share_units"]:
                current.quantity.unit = other.quantity.unit
                current.claim_type = other.claim_type
            break
    return found


def _coordinated_units(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
    """A bare figure joined by "and"/"or" to a figure with a share or a measure takes its unit: "64 percent in
    2015 and 58 in 2019", "a 1.4 degree angle and 2.1 now". Counted things and money are not carried over
    ("12 apples and 5" may count something else)."""
    carried = set(lexicon["share_units"]) | set(lexicon["measures"])
    for current in found:
        q = current.quantity
        if q.unit is not None or current.unit_written or q.vague or isinstance(q.value, list):
            continue
        token = doc[current.figure_start]
        if token.dep_ != "conj":
            continue
        other = next((f for f in found if f is not current and f.start <= token.head.i < f.end), None)
        if other is not None and other.quantity.unit in carried:
            q.unit, current.claim_type = other.quantity.unit, other.claim_type
    return found


def _dimension_units(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
    """The sides of a size written once with its unit take that unit: "12 by 8 by 4 inches", "60 x 90 cm" (a
    measure only: "3 by 2" of counted things is a score or a vote)."""
    ordered = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    for current, following in reversed(list(itertools.pairwise(ordered))):
        q, unit = current.quantity, following.quantity.unit
        gap = [t.lower_ for t in doc[current.end : following.start]]
        if q.unit is not None or current.unit_written or isinstance(q.value, list) or unit not in lexicon["measures"]:
            continue
        if len(gap) == 1 and gap[0] in lexicon["dimension_joiners"]:
            q.unit, current.claim_type = unit, following.claim_type
    return found


def _dated_series(doc: Doc, found: list[FoundQuantity], taken: set[int]) -> list[FoundQuantity]:
    """A bare figure dated like the measure before it takes its unit: "a 1.4 degree launch angle in 2018
    and 2.1 last year", "inflation was 3.2 percent in May and 2.9 in June". The two figures are one series
    of dated values: the first has a date after it, the second follows "and"/"or" and has its own date, so
    a counted noun carries over too ("12 goals in 2018 and 9 in 2019")."""
    ordered = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    for previous, current in itertools.pairwise(ordered):
        q = current.quantity
        if q.unit is not None or current.unit_written or isinstance(q.value, list) or previous.quantity.unit is None:
            continue
        gap = doc[previous.end : current.start]
        if not 1 < len(gap) <= 8 or gap[-1].lower_ not in ("and", "or") or sentence_of(gap[0]) != sentence_of(gap[-1]):
            continue
        dated_before = any(t.i in taken for t in gap)
        dated_after = any(i in taken for i in range(current.end, min(current.end + 3, len(doc))))
        if (
            dated_before
            and dated_after
            and not any(t.pos_ in ("VERB", "AUX") or (t.like_num and t.i not in taken) for t in gap)
        ):
            q.unit, current.claim_type = previous.quantity.unit, previous.claim_type
    return found


def _gapped_changes(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """The size of a change whose verb is left out takes the change before it: "Apple was down 2.3%, Intel by
    2.6%", "exports rose 4% and imports by 2%". The figure follows "by", with only the name of what changed
    (no verb) between it and the change before it in the sentence."""
    ordered = sorted((f for f in found if not f.quantity.vague and f.quantity.value is not None), key=lambda f: f.start)
    for previous, current in itertools.pairwise(ordered):
        moved = previous.movement
        if current.movement is not None or moved is None or moved.role != "amount" or moved.direction is None:
            continue
        gap = doc[previous.end : current.start]
        if len(gap) < 2 or len(gap) > 6 or gap[-1].lower_ != "by" or gap[0].text not in (",", "and"):
            continue
        if sentence_of(gap[0]) != sentence_of(gap[-1]) or any(t.pos_ in ("VERB", "AUX") or t.like_num for t in gap):
            continue
        current.movement = Movement(moved.direction, "amount", moved.word)
        current.quantity.change = moved.direction
        if current.quantity.qualifier == "=":
            current.quantity.qualifier = moved.direction
    return found


def _split_adjacent_figures(span: Span, lexicon: dict[str, Any]) -> list[Span]:
    """ "S&P 500 +0.3%" is two figures: digits right after digits start a new one; an ordinal
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
        elif (
            token.i > start
            and any(c.isdigit() for c in token.text)
            and token.text[:1] in "+-−~0123456789"
            and any(c.isdigit() for c in doc[token.i - 1].text)
        ):
            pieces.append(doc[start : token.i])
            start = token.i
    if start < span.end:
        pieces.append(doc[start : span.end])
    return pieces


def _priority(match: RuleMatch) -> tuple[int, int]:
    return (_LABEL_PRIORITY.get(match.rule.label or "", 0), _TYPE_PRIORITY.get(match.rule.type or "", 0))
