"""The figures of one change read together: the size of the change, the level it left and the level it reached.

"raised rates by 0.27 percentage points to 5.8%": the 5.8% is the level, reached by a change up
of 0.27 percentage points; "Revenue rose to $7.36 billion from $6.78 billion": both are levels,
one left and one reached. Each figure keeps its own value; the level also keeps the size of the
change (``by``, ``by_unit``) and both levels keep where the change went from and to.
"""

from __future__ import annotations

from collections import defaultdict

from claims.families.quantities.build import FoundQuantity
from claims.families.quantities.qualifiers import Movement


def link_changes(found: list[FoundQuantity]) -> list[FoundQuantity]:
    """Fill ``by``/``by_unit``, ``from_value``/``to_value`` and a direction the words left open."""
    by_word: dict[int, list[FoundQuantity]] = defaultdict(list)
    for item in found:
        if item.movement is not None and not item.quantity.vague:
            by_word[item.movement.word].append(item)
    for group in by_word.values():
        amounts = _with_role(group, "amount")
        levels = _with_role(group, "to")
        starts = _with_role(group, "from")
        if len(levels) == 1 and len(starts) == 1:
            _direction_from_levels(starts[0], levels[0])
            levels[0].quantity.from_value = starts[0].quantity.from_value
            starts[0].quantity.to_value = levels[0].quantity.to_value
        if len(amounts) == 1:
            amount = amounts[0].quantity
            for level in levels:
                if isinstance(amount.value, (int, float)):
                    level.quantity.by, level.quantity.by_unit = float(amount.value), amount.unit
    return found


def _with_role(group: list[FoundQuantity], role: str) -> list[FoundQuantity]:
    return [
        f
        for f in group
        if f.movement is not None and f.movement.role == role and not isinstance(f.quantity.value, list)
    ]


def _direction_from_levels(start: FoundQuantity, level: FoundQuantity) -> None:
    """ "changed from 5% to 7%": a change word without a direction takes it from the two levels."""
    if level.quantity.change is not None or start.quantity.change is not None:
        return
    before, after = start.quantity.value, level.quantity.value
    if not isinstance(before, (int, float)) or not isinstance(after, (int, float)) or before == after:
        return
    direction = "up" if after > before else "down"
    for item in (start, level):
        item.quantity.change = direction
        if item.movement is not None:
            item.movement = Movement(direction, item.movement.role, item.movement.word)
