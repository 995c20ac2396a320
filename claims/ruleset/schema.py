"""What a rule-file family declares it accepts, and the problems a rule set has against that.

A family (an extractor, the scorer, the plain-text reader) names the labels and value types its
rules may carry, the token names its dependency patterns may use and the lexicon keys it reads,
each with its kind. Anything a rule file holds that its family does not declare is a problem with
file and line, never silently ignored; so is a lexicon key the family reads that no file gives.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from claims.errors import RuleProblem
from claims.ruleset.files import item_line
from claims.ruleset.load import Rule, RuleFile, RuleSet
from claims.ruleset.patterns import named_tokens


class Kind(StrEnum):
    """What a lexicon entry must be."""

    WORDS = "a list of words"
    TABLE = "a table (a mapping)"
    REGEX = "a regular expression"
    REGEXES = "a list of regular expressions"
    WORD_GROUPS = "a list of word lists"
    NUMBER = "a number"
    RECORDS = "a list of records (mappings)"


@dataclass(frozen=True)
class Declared:
    """One rule-file family: what its rules and its lexicon may hold.

    ``lexicon`` lists every key the family reads, including word lists only its patterns use (as
    YAML anchors); ``takes_rules`` is false for families that are a lexicon only (scoring, ingest).
    """

    family: str
    labels: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()
    lexicon: Mapping[str, Kind] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()  # lexicon keys a folder may leave out
    takes_rules: bool = True

    def problems(self, ruleset: RuleSet) -> list[RuleProblem]:
        """What the rule set's files of this family hold that this family does not accept."""
        files = [f for f in ruleset.files if f.family == self.family]
        found: list[RuleProblem] = []
        for rule_file in files:
            found += self.lexicon_problems(rule_file)
            found += [p for rule in rule_file.rules for p in self.rule_problems(rule)]
        given = {key for f in files for key in f.lexicon}
        missing = sorted(set(self.lexicon) - given - self.optional)
        if files and missing:
            first = files[0]
            found.append(
                RuleProblem(
                    first.path,
                    first.line,
                    "",
                    f"family '{self.family}' reads lexicon key(s) no file gives: {', '.join(missing)}",
                )
            )
        return found

    def lexicon_problems(self, rule_file: RuleFile) -> list[RuleProblem]:
        found = []
        for key, value in rule_file.lexicon.items():
            line = rule_file.lexicon_lines.get(key)
            kind = self.lexicon.get(key)
            if kind is None:
                hint = _close(key, self.lexicon)
                allowed = ", ".join(sorted(self.lexicon)) or "none"
                found.append(
                    RuleProblem(
                        rule_file.path,
                        line,
                        "",
                        f"unknown lexicon key '{key}' for family '{self.family}'; {hint}allowed: {allowed}",
                    )
                )
                continue
            raw = rule_file.raw_lexicon.get(key)
            found += [
                RuleProblem(rule_file.path, item_line(raw, at) or line, "", f"lexicon '{key}': {why}")
                for at, why in kind_problems(kind, value)
            ]
        return found

    def rule_problems(self, rule: Rule) -> list[RuleProblem]:
        """A rule's label, value type and token names that the family does not read."""

        def problem(line: int | None, message: str) -> RuleProblem:
            return RuleProblem(rule.path, line, rule.id, f"rule '{rule.id}': {message}")

        if not self.takes_rules:
            return [problem(rule.line, f"family '{self.family}' takes no rules, only a lexicon")]
        found = []
        if rule.label not in self.labels:
            said = f"label '{rule.label}'" if rule.label_given else "no 'label'"
            found.append(problem(rule.line_of("label"), f"{said} is not one {self._reads(rule.label, self.labels)}"))
        if rule.type is not None and rule.type not in self.types:
            found.append(
                problem(rule.line_of("type"), f"type '{rule.type}' is not one {self._reads(rule.type, self.types)}")
            )
        if rule.matcher == "dependency":
            found += [
                problem(
                    rule.token_lines.get(name, rule.line),
                    f"token name '{name}' is not one {self._reads(name, self.tokens)}",
                )
                for name in named_tokens(rule.pattern)
                if name not in self.tokens
            ]
        return found

    def _reads(self, given: str, allowed: frozenset[str]) -> str:
        return f"family '{self.family}' reads; {_close(given, allowed)}allowed: {', '.join(sorted(allowed)) or 'none'}"


def kind_problems(kind: Kind, value: Any) -> list[tuple[int | None, str]]:
    """Why ``value`` is not of ``kind``, each with the index of the item at fault (nothing when it is)."""
    if kind in (Kind.REGEX, Kind.REGEXES):
        items = [value] if kind is Kind.REGEX else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            return [(None, f"must be {kind.value}")]
        return [
            (None if kind is Kind.REGEX else index, f"bad regular expression {expression!r}: {why}")
            for index, expression in enumerate(items)
            if (why := _regex_problem(expression))
        ]
    checks = {
        Kind.WORDS: lambda v: isinstance(v, list) and all(isinstance(w, (str, int, float)) for w in v),
        Kind.TABLE: lambda v: isinstance(v, dict),
        Kind.NUMBER: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        Kind.RECORDS: lambda v: isinstance(v, list) and all(isinstance(r, dict) for r in v),
        Kind.WORD_GROUPS: lambda v: isinstance(v, list) and all(isinstance(g, list) for g in v),
    }
    return [] if checks[kind](value) else [(None, f"must be {kind.value}")]


def _regex_problem(expression: str) -> str:
    try:
        re.compile(expression)
    except re.error as exc:
        return str(exc)
    return ""


def unknown_family_problems(ruleset: RuleSet, known: Mapping[str, Declared]) -> list[RuleProblem]:
    """A rule file whose family nobody reads: its rules would never run."""
    return [
        RuleProblem(
            f.path,
            f.line,
            "",
            f"unknown family '{f.family}'; {_close(f.family, known)}known: {', '.join(sorted(known))}",
        )
        for f in ruleset.files
        if f.family not in known
    ]


def _close(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""
