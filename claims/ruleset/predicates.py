"""spaCy's Matcher predicates (``IN``, ``NOT_IN``, ``REGEX`` on a token attribute) as small functions.

A token spec that no lexeme flag stands for (``claims.ruleset.flags``), such as
``{"POS": {"IN": ["NOUN", "PROPN"]}}`` or a word list once the flag bits have run out, is checked
by a Python predicate object that the Matcher calls on each token the spec is tried on (at most
once per token and predicate). spaCy's ``_SetPredicate.__call__`` works out on every call which of
its operators and options applies; the same test written as one function of the token's attribute
gives the same answers in less than half the time, and these calls were about a fifth of the
matchers' time.

This reaches into the Matcher's private list of predicates (``Matcher._extra_predicates``, read by
index when it matches), so it replaces only what it recognises: spaCy's ``_SetPredicate`` (``IN``,
``NOT_IN``, no regex or fuzzy options) and ``_RegexPredicate`` on a token attribute it knows, with
the fields read here. Anything else, or a spaCy whose Matcher has no such list, is left as spaCy
made it. The functions keep the predicate's ``key`` and ``i``, which the Matcher reads when more
patterns are added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, NORM, ORTH, POS, SHAPE, TAG
from spacy.matcher import Matcher
from spacy.tokens import Token

# the Token property giving the number the Matcher compares for each attribute (doc.pyx: get_token_attr)
_IDS = {
    ORTH: "orth",
    LOWER: "lower",
    NORM: "norm",
    SHAPE: "shape",
    LEMMA: "lemma",
    POS: "pos",
    TAG: "tag",
    DEP: "dep",
    ENT_TYPE: "ent_type",
}
# the Token property giving the string a REGEX is searched in: the string of that number
_STRINGS = {ORTH: "orth_", LOWER: "lower_", NORM: "norm_", SHAPE: "shape_", LEMMA: "lemma_"}


def speed_up_predicates(matcher: Matcher | None) -> int:
    """Replace the Matcher's set and regex predicates by equivalent functions; how many were replaced."""
    predicates = getattr(matcher, "_extra_predicates", None)
    if not isinstance(predicates, list):
        return 0
    replaced = 0
    for index, predicate in enumerate(predicates):
        fast = _fast(predicate)
        if fast is not None:
            predicates[index] = fast
            replaced += 1
    return replaced


def _fast(predicate: Any) -> Callable[[Token], bool] | None:
    kind = type(predicate).__name__
    if kind not in ("_SetPredicate", "_RegexPredicate") or type(predicate).__module__ != "spacy.matcher.matcher":
        return None
    if getattr(predicate, "is_extension", True) or not hasattr(predicate, "key") or not hasattr(predicate, "i"):
        return None
    attr = getattr(predicate, "attr", None)
    test = _set_test(predicate, attr) if kind == "_SetPredicate" else _regex_test(predicate, attr)
    if test is None:
        return None
    test.key = predicate.key  # type: ignore[attr-defined]
    test.i = predicate.i  # type: ignore[attr-defined]
    return test


def _set_test(predicate: Any, attr: object) -> Callable[[Token], bool] | None:
    if attr not in _IDS or getattr(predicate, "regex", True) or getattr(predicate, "fuzzy", 0) is not None:
        return None
    values = getattr(predicate, "value", None)
    if not isinstance(values, set) or not all(isinstance(v, int) for v in values):
        return None
    name, members = _IDS[attr], frozenset(values)
    if predicate.predicate == "IN":
        return _member(name, members)
    if predicate.predicate == "NOT_IN":
        return _not_member(name, members)
    return None


def _regex_test(predicate: Any, attr: object) -> Callable[[Token], bool] | None:
    search = getattr(getattr(predicate, "value", None), "search", None)
    if attr not in _STRINGS or search is None or predicate.predicate != "REGEX":
        return None
    name = _STRINGS[attr]

    def found(token: Token) -> bool:
        return search(getattr(token, name)) is not None

    return found


def _member(name: str, members: frozenset[int]) -> Callable[[Token], bool]:
    def test(token: Token) -> bool:
        return getattr(token, name) in members

    return test


def _not_member(name: str, members: frozenset[int]) -> Callable[[Token], bool]:
    def test(token: Token) -> bool:
        return getattr(token, name) not in members

    return test
