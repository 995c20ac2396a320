"""Rule files: loading and validation that reports every problem at once, with file, line and rule.

A rule file is YAML with a ``family``, optional ``lexicon`` (word lists and tables the families
read) and ``rules``. Each rule is a record with a stable ``id``, a spaCy pattern (``matcher:
token`` for Matcher, ``dependency`` for DependencyMatcher, ``phrase`` for PhraseMatcher), the
``label`` and value ``type`` its family gives it, a ``description`` and ``examples`` that must
and must not match (an example may state what it yields: ``expect``, see ``claims.ruleset.expect``).

What a family accepts (its labels, named tokens and lexicon keys) is checked by the checks given
to ``load_rules`` (``claims.ruleset.schema``): this module knows rule files, not families.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from claims.errors import RuleError, RuleProblem, RuleProblems
from claims.ruleset.expect import expect_problems
from claims.ruleset.files import item_line, keys_of, line_of, parse_yaml, shown_path, strip_lines
from claims.ruleset.patterns import pattern_list, pattern_problems

RULES_ENV = "CLAIMS_RULES"
DEFAULT_RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

FILE_KEYS = ("description", "family", "lexicon", "rules", "version")
RULE_KEYS = ("attr", "description", "examples", "id", "label", "matcher", "pattern", "type")
EXAMPLE_KEYS = ("match", "no_match")
EXAMPLE_ENTRY_KEYS = ("expect", "published", "text")
MATCHER_KINDS = ("dependency", "phrase", "token")


@dataclass(frozen=True)
class Example:
    """A text a rule must (or must not) match, and what the component must make of it (when stated).

    ``published``: the publication date (ISO) the text is read with, for relative dates.
    """

    text: str
    expect: dict[str, Any] | None = None
    line: int | None = None
    published: str | None = None


@dataclass
class Rule:
    """One rule as loaded from a rule file."""

    id: str
    family: str
    matcher: str
    label: str
    pattern: Any
    type: str | None = None
    description: str = ""
    attr: str = "LOWER"  # phrase matcher attribute
    examples_match: list[Example] = field(default_factory=list)
    examples_no_match: list[Example] = field(default_factory=list)
    path: str = ""
    line: int | None = None
    label_given: bool = True
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)  # where each key of the rule is written
    token_lines: dict[str, int] = field(default_factory=dict, repr=False)  # where each named token is written

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def line_of(self, key: str) -> int | None:
        """The line of one of the rule's keys (``label``, ``type``...), else of the rule."""
        return self.key_lines.get(key, self.line)


@dataclass
class RuleFile:
    """One rule file as written: its family, its lexicon with the line of each key, its rules."""

    path: str
    family: str
    line: int | None
    lexicon: dict[str, Any]
    lexicon_lines: dict[str, int]
    rules: list[Rule] = field(default_factory=list)
    raw_lexicon: dict[str, Any] = field(default_factory=dict)  # as read, with the line of every mapping


@dataclass
class RuleSet:
    """All rule files of a rules folder, with a version hash used for incremental runs and caches."""

    rules: list[Rule]
    lexicons: dict[str, dict[str, Any]]
    version: str
    directory: Path
    files: list[RuleFile] = field(default_factory=list)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def family(self, name: str) -> list[Rule]:
        return [r for r in self.rules if r.family == name]

    def lexicon(self, family: str) -> dict[str, Any]:
        return self.lexicons.get(family, {})

    def families(self) -> list[str]:
        return sorted({f.family for f in self.files})


class RuleCheck(Protocol):
    """What a family (or any reader of rule files) checks in a loaded rule set."""

    def problems(self, ruleset: RuleSet) -> list[RuleProblem]: ...


def rules_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The rules folder: the one given, else ``$CLAIMS_RULES``, else the rules shipped in the package."""
    return Path(explicit or os.environ.get(RULES_ENV) or DEFAULT_RULES_DIR)


def load_rules(directory: str | os.PathLike[str] | None = None, checks: Sequence[RuleCheck] = ()) -> RuleSet:
    """Every ``*.yml`` file of the rules folder, validated, and then checked by ``checks``.

    Raises:
        RuleProblems: every problem found (file, line, rule id, what is wrong), at once.
    """
    ruleset, problems = read_rules(directory)
    for check in checks:  # on what could be read, so that every problem is found in one go
        problems += check.problems(ruleset)
    if problems:
        raise RuleProblems(problems)
    return ruleset


cached_rules = load_rules  # the name scripts use; load_rules reads a folder's files once per process


def read_rules(directory: str | os.PathLike[str] | None = None) -> tuple[RuleSet, list[RuleProblem]]:
    """The rule files of a folder as far as they can be read, and every problem found in them.

    Kept by folder and rule-set hash: reading and hashing the files costs well under a millisecond,
    parsing and validating them is most of the rule layer's start-up, and a run asks for its rules in
    several places. A changed file is a new hash, so it is read again. Callers must not change the
    rule set they get.
    """
    folder = rules_dir(directory)
    if not folder.is_dir():
        raise RuleError(str(folder), None, "rules folder not found (set --rules or $CLAIMS_RULES)")
    paths = sorted(folder.glob("*.yml"))
    version = rules_version((path.name, path.read_bytes()) for path in paths)
    key = (folder.resolve(), version, os.getcwd())  # paths in messages are relative to the working folder
    if key not in _READ:
        if len(_READ) >= 8:
            _READ.pop(next(iter(_READ)))
        _READ[key] = _read_rule_set(folder, paths, version)
    ruleset, problems = _READ[key]
    return ruleset, list(problems)


_READ: dict[tuple[Path, str, str], tuple[RuleSet, list[RuleProblem]]] = {}


def _read_rule_set(folder: Path, paths: list[Path], version: str) -> tuple[RuleSet, list[RuleProblem]]:
    ruleset = RuleSet(rules=[], lexicons={}, version=version, directory=folder)
    problems: list[RuleProblem] = []
    seen: dict[str, Rule] = {}
    for path in paths:
        rule_file = read_rule_file(path, problems)
        if rule_file is None:
            continue
        ruleset.files.append(rule_file)
        ruleset.lexicons.setdefault(rule_file.family, {}).update(rule_file.lexicon)
        for rule in rule_file.rules:
            if rule.id in seen:
                first = seen[rule.id]
                problems.append(
                    RuleProblem(
                        rule.path,
                        rule.line,
                        rule.id,
                        f"duplicate rule id '{rule.id}' (first defined at {first.where()})",
                    )
                )
                continue
            seen[rule.id] = rule
            ruleset.rules.append(rule)
    return ruleset, problems


def read_rule_file(path: Path, problems: list[RuleProblem]) -> RuleFile | None:
    """One rule file, adding what is wrong in it to ``problems``; None when it cannot be read at all."""
    shown = shown_path(path)
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            RuleProblem(shown, mark.line + 1 if mark else None, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(RuleProblem(shown, None, "", f"cannot read rule file: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append(RuleProblem(shown, None, "", "a rule file must be a mapping with 'family' and 'rules'"))
        return None
    problems += _unknown_keys(shown, data, FILE_KEYS, "rule file")
    family = data.get("family")
    if not isinstance(family, str) or not family:
        problems.append(
            RuleProblem(shown, line_of(data), "", "missing 'family' (the rule family name, e.g. quantities)")
        )
        return None
    lexicon = data.get("lexicon") or {}
    if not isinstance(lexicon, dict):
        problems.append(
            RuleProblem(shown, line_of(data, "lexicon"), "", "'lexicon' must be a mapping of names to lists or tables")
        )
        lexicon = {}
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        problems.append(RuleProblem(shown, line_of(data, "rules"), "", "'rules' must be a list of rules"))
        raw_rules = []
    rule_file = RuleFile(
        path=shown,
        family=family,
        line=line_of(data, "family"),
        lexicon=strip_lines(lexicon),
        lexicon_lines={k: line_of(lexicon, k) or line_of(data, "lexicon") or 0 for k in keys_of(lexicon)},
        raw_lexicon=lexicon,
    )
    for raw in raw_rules:
        rule = _parse_rule(shown, family, raw, problems, line_of(data, "rules"))
        if rule is not None:
            rule_file.rules.append(rule)
    return rule_file


def load_rule_file(path: Path) -> tuple[str, dict[str, Any], list[Rule]]:
    """One rule file's family, lexicon and rules.

    Raises:
        RuleProblems: what is wrong in it.
    """
    problems: list[RuleProblem] = []
    rule_file = read_rule_file(path, problems)
    if problems or rule_file is None:
        raise RuleProblems(problems)
    return rule_file.family, rule_file.lexicon, rule_file.rules


def _parse_rule(shown: str, family: str, raw: Any, problems: list[RuleProblem], rules_line: int | None) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append(RuleProblem(shown, rules_line, "", f"each rule must be a mapping, got {type(raw).__name__}"))
        return None
    line = line_of(raw)
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        problems.append(
            RuleProblem(shown, line, "", "rule without an 'id'; every rule needs a stable id such as 'money.symbol'")
        )
        return None
    rule_id = rule_id.strip()
    found: list[RuleProblem] = _unknown_keys(shown, raw, RULE_KEYS, "rule", rule_id)
    matcher = raw.get("matcher", "token")
    if matcher not in MATCHER_KINDS:
        found.append(
            _problem(
                shown, raw, "matcher", rule_id, f"unknown matcher '{matcher}'; allowed: {', '.join(MATCHER_KINDS)}"
            )
        )
    if "pattern" not in raw:
        found.append(RuleProblem(shown, line, rule_id, f"rule '{rule_id}': missing 'pattern'"))
    elif matcher in MATCHER_KINDS:
        pattern = strip_lines(raw["pattern"])
        attr = str(raw.get("attr") or "LOWER")
        found += [
            _problem(shown, raw, "pattern", rule_id, message) for message in pattern_problems(matcher, pattern, attr)
        ]
    matching, not_matching = _examples(shown, raw, rule_id, found)
    problems += found  # the rule is kept all the same, so that what its family checks is reported too (all at once)
    return Rule(
        id=rule_id,
        family=family,
        matcher=matcher,
        label=str(raw.get("label") or raw.get("type") or family),
        pattern=strip_lines(raw.get("pattern")),
        type=raw.get("type"),
        description=str(raw.get("description") or ""),
        attr=str(raw.get("attr") or "LOWER"),
        examples_match=matching,
        examples_no_match=not_matching,
        path=shown,
        line=line,
        label_given="label" in raw,
        key_lines={str(k): line_of(raw, str(k)) or line or 0 for k in keys_of(raw)},
        token_lines=_token_lines(raw.get("pattern")),
    )


def _token_lines(pattern: Any) -> dict[str, int]:
    """Where each ``RIGHT_ID`` of a dependency pattern (as read, with lines) is written."""
    found: dict[str, int] = {}
    for node in (n for p in pattern_list(pattern) if isinstance(p, list) for n in p):
        if isinstance(node, dict) and "RIGHT_ID" in node:
            found.setdefault(str(node["RIGHT_ID"]), line_of(node, "RIGHT_ID") or 0)
    return found


def _examples(
    shown: str, raw: dict[str, Any], rule_id: str, found: list[RuleProblem]
) -> tuple[list[Example], list[Example]]:
    """A rule's examples: texts that must match and texts that must not, each with what it yields when stated."""
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict):
        found.append(
            _problem(shown, raw, "examples", rule_id, "'examples' must map 'match'/'no_match' to lists of sentences")
        )
        return [], []
    found += _unknown_keys(shown, examples, EXAMPLE_KEYS, "examples", rule_id)
    return _example_list(shown, examples, "match", rule_id, found), _example_list(
        shown, examples, "no_match", rule_id, found
    )


def _example_list(
    shown: str, examples: dict[str, Any], kind: str, rule_id: str, found: list[RuleProblem]
) -> list[Example]:
    """One list of examples (``match`` or ``no_match``): each a sentence, or a mapping with ``text``,
    ``expect`` and ``published``."""
    written = examples.get(kind) or []
    if not isinstance(written, list):
        found.append(_problem(shown, examples, kind, rule_id, f"'{kind}' examples are a list"))
        return []
    listed: list[Example] = []
    for number, entry in enumerate(written):
        if isinstance(entry, str):
            listed.append(Example(entry, None, item_line(written, number) or line_of(examples, kind)))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            message = f"a '{kind}' example is a sentence, or a mapping with 'text' (and 'expect', 'published')"
            found.append(_problem(shown, examples, kind, rule_id, message))
            continue
        found += _unknown_keys(shown, entry, EXAMPLE_ENTRY_KEYS, "example", rule_id)
        expect, published = entry.get("expect"), entry.get("published")
        if expect is not None and not isinstance(expect, dict):
            found.append(_problem(shown, entry, "expect", rule_id, "'expect' must be a mapping (type, value, ...)"))
            expect = None
        if isinstance(expect, dict):
            found += expect_problems(shown, expect, rule_id)
        if published is not None:
            published = str(published)  # YAML reads an unquoted ISO date as a date
        listed.append(Example(entry["text"], strip_lines(expect) if expect else None, line_of(entry), published))
    return listed


def _problem(shown: str, mapping: dict[str, Any], key: str, rule_id: str, message: str) -> RuleProblem:
    prefix = f"rule '{rule_id}': " if rule_id else ""
    return RuleProblem(shown, line_of(mapping, key), rule_id, prefix + message)


def _unknown_keys(
    shown: str, data: dict[str, Any], allowed: Iterable[str], what: str, rule_id: str = ""
) -> list[RuleProblem]:
    allowed = sorted(allowed)
    where = f" of rule '{rule_id}'" if rule_id and what != "rule" else ""
    return [
        RuleProblem(
            shown,
            line_of(data, str(key)),
            rule_id,
            f"unknown key '{key}' in {what}{where}; allowed: {', '.join(allowed)}",
        )
        for key in keys_of(data)
        if key not in allowed
    ]


def rules_version(files: Iterable[tuple[str, bytes]]) -> str:
    """A rule set's version: the hash of its files' names and bytes, in name order."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]
