"""Two figures written as a range become one quantity: "from $370,000 to $5.5 million",
"1 to 1.5 degrees", "between 5% and 6%"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from claims.families.quantities.build import FoundQuantity
from claims.families.quantities.qualifiers import Movement, verb_direction
from claims.families.spans import sentence_of
from claims.normalize.numbers import split_glued, tidy


def join_ranges(doc: Doc, found: list[FoundQuantity], lexicon: dict[str, Any]) -> list[FoundQuantity]:
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
        if _size_then_level(doc, first, second):
            _as_level(second)
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
    if not _joins(doc, first, second, opener, lexicon):
        return None
    return _joined(doc, first, second, opener, lexicon)


def _joins(doc: Doc, first: FoundQuantity, second: FoundQuantity, opener: str, lexicon: dict[str, Any]) -> bool:
    """Whether two figures are one range: "from X to Y", "between X and Y", or "X to Y", "X-Y", "X or Y"
    where the unit is written once or both have it and the first is not the size of a change."""
    a, b = first.quantity, second.quantity
    words = [t.lower_ for t in doc[first.end : second.start]]
    to_glued = doc[second.figure_start].lower_.startswith("to-")
    connector = " ".join(words)
    same_unit = a.unit == b.unit
    if a.unit and b.unit and not same_unit and not (b.unit.startswith(a.unit + " ") or a.unit.startswith(b.unit + " ")):
        return False  # "cut costs from 10.2% in 2003 and its debt to £160m": two measures, no range
    if opener == "from" and (
        connector == "to" or to_glued or ("to" in words and len(words) <= 10 and words[-1] == "to")
    ):
        return True
    if opener == "between" and connector == "and":
        return True
    if connector not in lexicon["range_joints"] and not (to_glued and not words):
        return False
    if first.end != first.figure_end and not same_unit and a.unit is not None:
        return False  # "rose 8.15% to 3.65": the second figure is where it rose to
    small = a.unit is None and b.unit is not None and b.value <= 10 * a.value  # type: ignore[operator]
    if _is_amount(first) and not _after_by(doc, first) and not small:
        return False  # "rose 32,000 to 1.41 million": the size of a change and the level it reached
    if _size_then_level(doc, first, second):
        return False  # "fell by 600,000 to 5.9 million" (not "by 1 to 1.5 degrees"): the size and the level
    once = a.unit is None and b.unit is not None and first.end == first.figure_end  # "1 to 1.5 degrees"
    both = same_unit and a.unit is not None and not _is_amount(first) and not _after_by(doc, first)
    bare = a.unit is None and b.unit is None and connector != "or"
    if not (once or both or bare):
        return False
    if connector == "or" and not (a.unit is None and 0 < a.value < b.value <= 10 * a.value):  # type: ignore[operator]
        return False
    # "3-1" without a unit is a score or an identifier, not a range
    return not (connector in ("-", "–", "—") and a.unit is None and b.unit is None)


def _joined(
    doc: Doc, first: FoundQuantity, second: FoundQuantity, opener: str, lexicon: dict[str, Any]
) -> FoundQuantity:
    """The range of two figures, with its unit, bound, and the change it is the size or the levels of."""
    a, b = first.quantity, second.quantity
    low, high = float(a.value), float(b.value)  # type: ignore[arg-type]
    scale = _scale_of(doc, second, lexicon) if second.scaled and not first.scaled else None
    if scale and abs(low) <= abs(high) / scale:
        low = tidy(low * scale)  # "1 to 2 thousand people", "5 to 7 million"; not "$200 to $4 million"
    unit = a.unit if a.unit is not None else b.unit
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        unit = b.unit if opener == "from" else a.unit
        if b.unit.startswith(a.unit + " per "):
            unit = b.unit  # "between $62 and $68 per share"
        elif a.unit.startswith(b.unit + " per "):
            unit = a.unit
    movement = _range_movement(doc, first, second, opener, lexicon)
    if movement and movement.role == "amount" and unit in lexicon["durations"] and not _after_by(doc, first):
        movement = None  # "rise over 20 or 30 years": how long, not how much
    bound = a.qualifier if a.qualifier not in ("up", "down", "=") else None
    if movement is not None and movement.role == "amount":
        qualifier = bound or movement.direction or "="  # "rose by 1 to 1.5 degrees": the size of a change
    else:
        qualifier = "=" if opener == "from" else (bound or "=")  # "from 157,000 to 133,000": two levels
    if doc[first.start].lower_ == "over" and unit in lexicon["durations"]:
        qualifier = "="  # "over 20 or 30 years": during a span, not more than one
    start, end = first.start, second.end
    if opener and first.start > 0 and doc[first.start - 1].lower_ == opener:
        start = first.start - 1
    kinds = (first.claim_type, second.claim_type)
    claim_type = "money" if "money" in kinds else ("percent" if "percent" in kinds else "quantity")
    levels = movement is not None and movement.role == "from"
    quantity = replace(
        a,
        value=[min(low, high), max(low, high)],
        unit=unit,
        text=doc[start:end].text,
        start=doc[start].idx,
        end=doc[end - 1].idx + len(doc[end - 1].text),
        qualifier=qualifier,
        rate=a.rate or b.rate,
        of=a.of or b.of,
        change=movement.direction if movement else None,
        from_value=float(a.value) if levels else None,  # type: ignore[arg-type]
        to_value=float(b.value) if levels else None,  # type: ignore[arg-type]
    )
    scaled, written = first.scaled or second.scaled, first.unit_written or second.unit_written
    found = FoundQuantity(  # the rule that found its first figure (the joining is not a rule's)
        first.rule_id, claim_type, quantity, start, end, first.figure_start, second.figure_end, scaled, written
    )
    found.movement = movement
    return found


def _size_then_level(doc: Doc, first: FoundQuantity, second: FoundQuantity) -> bool:
    """ "by X to Y" where Y is far larger than X: the size of a change and the level it reached."""
    words = [t.lower_ for t in doc[first.end : second.start]]
    return (
        _is_amount(first)
        and first.start > 0
        and doc[first.start - 1].lower_ == "by"
        and words == ["to"]
        and _far_apart(first.quantity.value, second.quantity.value)
    )


def _as_level(found: FoundQuantity) -> None:
    """The level a change reached: its qualifier is "=" (the direction stays on the change)."""
    movement = found.movement
    if movement is not None and movement.role == "amount":
        found.movement = Movement(movement.direction, "to", movement.word)
        if found.quantity.qualifier == movement.direction:
            found.quantity.qualifier = "="


def _far_apart(low: float | list[float] | None, high: float | list[float] | None) -> bool:
    """Whether the second figure is more than five times the first: a level after the size of a change ("fell by
    600,000 to 5.9 million"), where the ends of a range are closer ("by 2 to 5 percent")."""
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) or low <= 0:
        return False
    return abs(high) > 5 * low


def _is_amount(found: FoundQuantity) -> bool:
    return found.movement is not None and found.movement.role == "amount"


def _range_movement(
    doc: Doc, first: FoundQuantity, second: FoundQuantity, opener: str, lexicon: dict[str, Any]
) -> Movement | None:
    """The change two joined figures belong to: its size ("by 1 to 1.5 degrees", "rose 3 to 5 percent") or
    the levels it went from and to ("revised down from 157,000 to 133,000": role ``from``, the pair)."""
    if _after_by(doc, first):
        verb = doc[first.start - 1].head
        direction, changes = verb_direction(verb, lexicon)
        return Movement(direction, "amount", verb.i) if changes else None
    if _is_amount(first):
        return first.movement
    if opener != "from":
        return None
    said = first.movement or second.movement
    if said is None:
        return None  # "homes sell for from $370,000 to $5.5 million": a spread, not a change
    direction = said.direction
    low, high = first.quantity.value, second.quantity.value
    if direction is None and isinstance(low, (int, float)) and isinstance(high, (int, float)) and low != high:
        direction = "up" if high > low else "down"  # "changed from 5% to 7%"
    return Movement(direction, "from", said.word)


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
