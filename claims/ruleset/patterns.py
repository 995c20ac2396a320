"""spaCy patterns checked before any matcher is built: every problem of a rule, named with its file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.errors import MatchPatternError
from spacy.matcher import DependencyMatcher, Matcher
from spacy.schemas import validate_token_pattern
from spacy.vocab import Vocab

DEPENDENCY_KEYS = ("LEFT_ID", "REL_OP", "RIGHT_ATTRS", "RIGHT_ID")
PHRASE_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM", "SHAPE")
_SCRATCH: list[Vocab] = []  # an empty vocabulary the patterns are tried on (spaCy's own checks)


def pattern_list(pattern: Any) -> list[Any]:
    """A rule's pattern as a list of patterns (a rule may give one pattern or several)."""
    if isinstance(pattern, list) and pattern and all(isinstance(p, list) for p in pattern):
        return pattern
    return [pattern]


def pattern_problems(matcher: str, pattern: Any, attr: str = "LOWER") -> list[str]:
    """What is wrong with a rule's pattern, each as one sentence; nothing when spaCy would take it."""
    if matcher == "phrase":
        problems = []
        if not isinstance(pattern, list) or not pattern or not all(isinstance(p, str) for p in pattern):
            problems.append("a phrase pattern is a list of phrases (strings)")
        if attr not in PHRASE_ATTRS:
            problems.append(f"phrase rules match on {', '.join(PHRASE_ATTRS)}, not {attr}")
        return problems
    patterns = pattern_list(pattern)
    if not all(isinstance(p, list) and p and all(isinstance(s, dict) for s in p) for p in patterns):
        return [f"a {matcher} pattern is a list of token specs (mappings), or a list of such lists"]
    problems = [f"bad regular expression {expr!r}: {why}" for expr, why in _bad_regexes(patterns)]
    if matcher == "dependency":
        problems += _dependency_problems(patterns)
        specs = [[node["RIGHT_ATTRS"]] for p in patterns for node in p if isinstance(node.get("RIGHT_ATTRS"), dict)]
    else:
        specs = patterns
    for spec in specs:
        problems += [f"invalid {matcher} pattern: {' '.join(str(e).split())}" for e in validate_token_pattern(spec)]
    if not problems:
        problems += _spacy_refuses(matcher, patterns)
    return problems


def named_tokens(pattern: Any) -> list[str]:
    """The names (``RIGHT_ID``) a dependency pattern gives its tokens."""
    return [
        str(node["RIGHT_ID"])
        for p in pattern_list(pattern)
        if isinstance(p, list)
        for node in p
        if isinstance(node, dict) and "RIGHT_ID" in node
    ]


def _dependency_problems(patterns: list[list[dict[str, Any]]]) -> list[str]:
    problems = []
    for pattern in patterns:
        named: set[str] = set()
        for number, node in enumerate(pattern):
            unknown = sorted(set(node) - set(DEPENDENCY_KEYS))
            problems += [
                f"unknown key '{key}' in a dependency node; allowed: {', '.join(DEPENDENCY_KEYS)}" for key in unknown
            ]
            wanted = ("RIGHT_ID", "RIGHT_ATTRS") if number == 0 else DEPENDENCY_KEYS
            problems += [f"dependency node {number + 1} has no '{key}'" for key in wanted if key not in node]
            left = node.get("LEFT_ID")
            if number > 0 and left is not None and left not in named:
                problems.append(f"dependency node {number + 1}: LEFT_ID '{left}' names no token before it")
            named.add(str(node.get("RIGHT_ID")))
    return problems


def _bad_regexes(value: Any) -> Iterator[tuple[str, str]]:
    """Every ``REGEX`` operand in the patterns that does not compile."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX" and isinstance(item, str):
                try:
                    re.compile(item)
                except re.error as exc:
                    yield item, str(exc)
            else:
                yield from _bad_regexes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bad_regexes(item)


def _spacy_refuses(matcher: str, patterns: list[Any]) -> list[str]:
    """What spaCy's own matchers say when the patterns are added (they check more than the schema)."""
    if not _SCRATCH:
        _SCRATCH.append(Vocab())
    try:
        if matcher == "token":
            Matcher(_SCRATCH[0], validate=True).add("check", patterns)
        else:
            DependencyMatcher(_SCRATCH[0], validate=True).add("check", patterns)
    except (MatchPatternError, ValueError, KeyError, TypeError) as exc:
        return [f"invalid {matcher} pattern: {' '.join(str(exc).split())}"]
    return []
