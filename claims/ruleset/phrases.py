"""Token patterns that match fixed words only, handed to a PhraseMatcher as the word sequences they match.

spaCy's Matcher tries every pattern at every token of a document, so each pattern costs about the
same whatever it looks for; a PhraseMatcher looks each token up once, whatever the number of
phrases. A pattern whose every token spec is a word test — ``{"LOWER": "of"}``, ``{"LOWER": {"IN":
["tens", "hundreds"]}}``, or ``{"ORTH": "-"}`` for a mark without case — and nothing else (no
other attribute; no ``OP`` but ``?``) matches exactly the word sequences of one word per spec, an
optional spec's word there or not: its phrases.
They are matched on LOWER, which for a lower-case word is the same test as the pattern's, and for a
mark without case is its ORTH. The rules in ``claims/rules/`` are unchanged; this is only how they
are handed to spaCy. A pattern of more than ``MAX_PHRASES`` phrases stays with the Matcher.
"""

from __future__ import annotations

from itertools import product
from math import prod
from typing import Any

MAX_PHRASES = 200


def word_sequences(pattern: Any) -> list[tuple[str, ...]] | None:
    """The lower-case word sequences a token pattern matches, or None when it tests more than words."""
    if not isinstance(pattern, list) or not pattern:
        return None
    choices: list[list[str | None]] = []
    for spec in pattern:
        optional = isinstance(spec, dict) and spec.get("OP") == "?"
        words = _spec_words({k: v for k, v in spec.items() if k != "OP"} if optional else spec)
        if words is None:
            return None
        choices.append([*words, None] if optional else list(words))  # (None: the optional word left out)
    if prod(len(words) for words in choices) > MAX_PHRASES:
        return None
    found = (tuple(w for w in words if w is not None) for words in product(*choices))
    return list(dict.fromkeys(words for words in found if words))  # (the Matcher finds no empty match)


def _spec_words(spec: Any) -> list[str] | None:
    """The words one token spec accepts, when it is a word test on LOWER or a caseless ORTH."""
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((attr, value),) = spec.items()
    if isinstance(value, dict):
        if set(value) != {"IN"} or not isinstance(value["IN"], list):
            return None
        values = value["IN"]
    else:
        values = [value]
    if not values or not all(isinstance(v, str) and v and v.split() == [v] for v in values):
        return None  # (a word holding a space is never one token)
    if attr == "LOWER" and all(v == v.lower() for v in values):
        return list(dict.fromkeys(values))
    if attr in ("ORTH", "TEXT") and all(
        v == v.lower() == v.upper() and not any(c.isalpha() for c in v) for v in values
    ):
        return list(dict.fromkeys(values))
    return None
