"""spaCy's DependencyMatcher, with its node matches read from the doc's attribute arrays.

Before it tries its patterns, the DependencyMatcher runs a Matcher holding each node of each
pattern as a one-token pattern, then groups the tokens found by the root of their tree
(``_get_keys_to_position_maps``). The Matcher tries every node at every token (a third of the
matchers' time on news), and the grouping makes every matched token and each of its ancestors as
Token objects to take the last: about one match per token with the shipped rules. When every node
is a conjunction of equality and ``IN`` / ``NOT_IN`` tests on token attributes and flags, this
subclass reads the same matches from ``Doc.to_array`` (in the Matcher's order: by token, then by
node as added), and the root of each from the head offsets, by the same steps and with the same
guard against a chain longer than the doc. Everything else is spaCy's. It overrides a private
method and reads the inner Matcher's patterns: when spaCy's class has no such method, a node needs
another test, or a match spans more than one token, spaCy's own code runs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy
from spacy.attrs import HEAD, IDS
from spacy.matcher import DependencyMatcher as _SpacyDependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

_OVERRIDES = hasattr(_SpacyDependencyMatcher, "_get_keys_to_position_maps")
_FLAGS_END = 64  # attribute ids below this are a lexeme's boolean flags
_STRING_ATTRS = frozenset(("ORTH", "LOWER", "NORM", "SHAPE", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE"))


class DependencyMatcher(_SpacyDependencyMatcher):
    """spaCy's DependencyMatcher, finding its node matches from the doc's attribute arrays and the tree
    root of each from the head offsets."""

    _plan: tuple[int, list[tuple[int, list[tuple[int, str, Any]]]] | None] | None = None

    def _get_keys_to_position_maps(self, doc: Doc) -> Any:
        matches = self._node_matches(doc)
        if not _OVERRIDES or any(start + 1 != end for _, start, end in matches):
            return super()._get_keys_to_position_maps(doc)  # type: ignore[misc]
        heads = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
        length = len(doc)
        keys_to_position_maps: defaultdict[int, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for match_id, start, _ in matches:
            root, steps = start, 0
            while heads[root] != 0 and steps < length:  # Token.ancestors: up the heads, at most len(doc) steps
                root += heads[root]
                steps += 1
            keys_to_position_maps[root][match_id].append(start)
        return keys_to_position_maps

    def _node_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """What the inner Matcher finds (each node's single-token pattern, in token then pattern order),
        from the doc's attribute arrays when every node is a conjunction of tests they answer."""
        nodes = self._nodes()
        if nodes is None or not len(doc):
            return list(self._matcher(doc))
        attrs: list[int | str] = sorted({attr for _, tests in nodes for attr, _, _ in tests})
        columns = doc.to_array(attrs).reshape(len(doc), len(attrs)) if attrs else None
        found: list[tuple[int, int, int]] = []
        for order, (key, tests) in enumerate(nodes):
            mask = numpy.ones(len(doc), dtype=bool)
            for attr, op, value in tests:
                column = columns[:, attrs.index(attr)]  # type: ignore[index]
                if op == "==":
                    mask &= column == value
                else:
                    inside = numpy.isin(column, value)
                    mask &= inside if op == "IN" else ~inside
            found.extend((int(i), order, key) for i in numpy.flatnonzero(mask))
        found.sort()
        return [(key, i, i + 1) for i, _, key in found]

    def _nodes(self) -> list[tuple[int, list[tuple[int, str, Any]]]] | None:
        """The inner Matcher's node patterns as attribute tests, in the order they were added (None: some
        node needs more than equality and set tests on token attributes); worked out once per set of patterns."""
        count = len(self._matcher)
        if self._plan is None or self._plan[0] != count:
            self._plan = (count, _node_tests(self._matcher, self.vocab.strings))
        return self._plan[1]


def _node_tests(matcher: Any, strings: Any) -> list[tuple[int, list[tuple[int, str, Any]]]] | None:
    """Each node pattern of the inner Matcher (keyed, in the order added: the order of its matches at a token)."""
    keys = getattr(matcher, "_patterns", None)
    if not isinstance(keys, dict):
        return None
    nodes = []
    for key, patterns in keys.items():
        if not isinstance(patterns, list) or len(patterns) != 1 or len(patterns[0]) != 1:
            return None
        tests = _spec_tests(patterns[0][0], strings)
        if tests is None:
            return None
        nodes.append((key, tests))
    return nodes


def _spec_tests(spec: Any, strings: Any) -> list[tuple[int, str, Any]] | None:
    if not isinstance(spec, dict):
        return None
    tests: list[tuple[int, str, Any]] = []
    for name, value in spec.items():
        attr = _attr_id(name)
        if attr is None:
            return None
        if attr < _FLAGS_END:  # a boolean lexeme flag (IS_PUNCT, LIKE_NUM, a flag of claims.ruleset.flags)
            if not isinstance(value, bool):
                return None
            tests.append((attr, "==", int(value)))
        elif isinstance(value, str):
            tests.append((attr, "==", strings.add(value)))  # (as the Matcher reads a value)
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            ((op, values),) = value.items()
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                return None
            tests.append((attr, op, numpy.array([get_string_id(v) for v in values], dtype="uint64")))
        else:
            return None
    return tests


def _attr_id(name: Any) -> int | None:
    if isinstance(name, int) and 0 < name < _FLAGS_END:
        return name
    if not isinstance(name, str):
        return None
    name = "ORTH" if name.upper() == "TEXT" else name.upper()
    attr = IDS.get(name)
    if attr is None or not (0 < attr < _FLAGS_END or name in _STRING_ATTRS):
        return None
    return attr
