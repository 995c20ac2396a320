"""A claim's category, as the worklist guidelines define them (after Full Fact's schema).

- ``prediction``: a forecast or hypothetical about the future ("expects to lose", "will need");
- ``causal``: a cause or effect ("because of", "hit by", "led to");
- ``rule``: a law, rule or procedure of a public body and its changes ("the law", "banned");
- ``quantity``: a value, change, comparison or ranking;
- ``event``: something that happened on record, with a date or a named actor;
- ``other``: any other checkable fact (what someone said on record, awards, polls...).

The words each category looks for are the ``category_words`` of ``claims/rules/claim.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Span

from claims.model import ClaimType, DateValue, Quantity


def categorise(
    span: Span,
    quantities: Iterable[Quantity],
    dates: Iterable[DateValue],
    ranked: bool,
    lexicon: dict[str, Any],
) -> ClaimType:
    """The category of the claim whose words are ``span``."""
    words: dict[str, list[str]] = lexicon.get("category_words", {})
    lemmas: set[str] = set()
    for t in span:  # (one walk: each walk of a span makes its tokens again)
        lemmas.add(t.lemma_.lower())
        lemmas.add(t.lower_)
    text = " " + span.text.lower() + " "
    figures = [q for q in quantities if q.value is not None]

    def says(category: str) -> bool:
        single, phrases = _split(words.get(category, []))
        return not single.isdisjoint(lemmas) or any(phrase in text for phrase in phrases)

    if _future(span) or says(ClaimType.PREDICTION):
        return ClaimType.PREDICTION
    if says(ClaimType.CAUSAL):
        return ClaimType.CAUSAL
    if says(ClaimType.RULE):
        return ClaimType.RULE
    if figures or ranked:
        return ClaimType.QUANTITY
    if any(d.value for d in dates) or _past_action(span):
        return ClaimType.EVENT
    return ClaimType.OTHER


_SPLIT: dict[int, tuple[list[str], frozenset[str], tuple[str, ...]]] = {}


def _split(words: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A category's words as the single words (looked for among the lemmas and words) and the phrases (looked
    for in the text, between spaces), worked out once per list."""
    cached = _SPLIT.get(id(words))
    if cached is None or cached[0] is not words:
        if len(_SPLIT) >= 64:
            _SPLIT.clear()  # a few rule sets per process; never let fresh lists pile up
        single = frozenset(w for w in words if " " not in w)
        cached = _SPLIT[id(words)] = (words, single, tuple(" " + w + " " for w in words if " " in w))
    return cached[1], cached[2]


def _future(span: Span) -> bool:
    """The main verb is future or hypothetical: "will", "would", "could", "may", "is set to"."""
    root = span.root
    return any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("can", "ca") for c in root.children)


def _past_action(span: Span) -> bool:
    root = span.root
    return root.pos_ == "VERB" and (root.tag_ in ("VBD", "VBN") or any(c.dep_ == "aux" for c in root.children))
