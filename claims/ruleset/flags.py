"""Word lists in token patterns compiled to lexeme flags, which spaCy's Matcher checks in C.

A token spec such as ``{"LOWER": {"IN": ["more", "less", "over"]}}`` makes the Matcher call a
Python predicate on every token the spec is tried on; a spec at the start of a pattern (or after
optional tokens only) is tried on every token of every document, and those calls were most of
the rule layer's cost. What a word's ORTH, LOWER or SHAPE is depends on its text only, so such a
test can be computed once per word of the vocabulary instead, stored as one of the lexeme's
boolean flags (``Vocab.add_flag``), and the spec rewritten as ``{flag_id: True}``. The rules in
``claims/rules/`` are unchanged; this is only how they are handed to the Matcher.

A lexeme has 64 flag bits; spaCy's own flags (IS_ALPHA ... IS_CURRENCY) take the first ones and it
names the rest ``FLAG19`` to ``FLAG63`` for users, so the free bits are read from ``spacy.attrs``.
The specs tried on every token are compiled first and the rest keep their predicates once the bits
run out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from spacy.attrs import IDS, LOWER, ORTH, SHAPE
from spacy.vocab import Vocab

_USER_FLAGS = sorted(value for name, value in IDS.items() if re.fullmatch(r"FLAG\d+", name))
FIRST_FREE_FLAG = _USER_FLAGS[0]  # spaCy's own flags (IS_ALPHA ... IS_CURRENCY) come before it
LAST_FLAG = _USER_FLAGS[-1]
TEXT_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "SHAPE": SHAPE}
OPS = ("IN", "NOT_IN", "REGEX")


class WordTest:
    """Whether a word's ORTH / LOWER / SHAPE is in a set, or matches a regular expression.

    Equal tests compare and hash equal, so a test already on the vocabulary keeps its flag.
    """

    def __init__(self, attr: str, op: str, value: object, attr_of: Callable[[str], str]):
        self.attr = TEXT_ATTRS[attr]
        self.op = op
        self.attr_of = attr_of
        if op == "REGEX":
            self.key: object = str(value)
            self._search = re.compile(str(value)).search
        else:
            self.key = frozenset(cast(Iterable[str], value))

    def __call__(self, text: str) -> bool:
        if self.op == "REGEX":
            return self._search(self.attr_of(text)) is not None
        return self.attr_of(text) in self.key  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTest) and (self.attr, self.op, self.key) == (other.attr, other.op, other.key)

    def __hash__(self) -> int:
        return hash((self.attr, self.op, self.key))


class FlagCompiler:
    """Rewrites token specs on one vocabulary, giving each distinct word test one flag."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        getters = _lex_attr_getters(vocab)
        self._attr_of = {ORTH: _as_written, LOWER: getters.get(LOWER, str.lower), SHAPE: getters.get(SHAPE)}

    def compile(self, patterns: list[list[dict]], everywhere: bool) -> list[list[dict]]:
        """The patterns with their word tests as flags: only the specs tried at every token, or all."""
        out = []
        for pattern in patterns:
            reached = _tried_at_every_token(pattern)
            out.append([self.spec(spec) if everywhere or i < reached else spec for i, spec in enumerate(pattern)])
        return out

    def spec(self, spec: dict) -> dict:
        """One token spec with each convertible word test replaced by a flag (while bits last)."""
        compiled: dict = {}
        for attr, value in spec.items():
            tests = self._tests(attr, value)
            flags = [self._flag(test) for test in tests] if tests else []
            if not tests or None in flags:
                compiled[attr] = value
                continue
            for test, flag in zip(tests, flags, strict=True):
                compiled[flag] = test.op != "NOT_IN"
        return compiled

    def _tests(self, attr: object, value: object) -> list[WordTest]:
        if not isinstance(attr, str) or attr.upper() not in TEXT_ATTRS or not isinstance(value, dict) or not value:
            return []
        name = attr.upper()
        if self._attr_of[TEXT_ATTRS[name]] is None or any(op not in OPS for op in value):
            return []
        if any(op != "REGEX" and not all(isinstance(v, str) for v in values) for op, values in value.items()):
            return []
        return [WordTest(name, op, values, self._attr_of[TEXT_ATTRS[name]]) for op, values in value.items()]

    def _flag(self, test: WordTest) -> int | None:
        getters = _lex_attr_getters(self.vocab)
        for flag, getter in getters.items():
            if isinstance(flag, int) and FIRST_FREE_FLAG <= flag <= LAST_FLAG and getter == test:
                return flag
        free = next((bit for bit in range(FIRST_FREE_FLAG, LAST_FLAG + 1) if bit not in getters), None)
        if free is None:
            return None
        return self.vocab.add_flag(test, flag_id=free)


def _lex_attr_getters(vocab: Vocab) -> dict[Any, Any]:
    """The vocabulary's functions computing each lexeme attribute (spaCy's stubs do not declare the attribute)."""
    return cast(dict[Any, Any], vocab.lex_attr_getters)  # type: ignore[attr-defined]


def _as_written(text: str) -> str:
    return text


def _tried_at_every_token(pattern: Iterable[dict]) -> int:
    """How many specs from the start the Matcher tries at every token: the first, and each after optional ones."""
    count = 0
    for spec in pattern:
        count += 1
        if not isinstance(spec, dict) or spec.get("OP") not in ("?", "*"):
            break
    return count
