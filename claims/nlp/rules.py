"""Rule files: loading, validation with file and line, and the matchers built from them.

A rule file is YAML with a ``family``, optional ``lexicon`` (word lists and tables the
normalisers and extractors read) and ``rules``. Each rule is a record with a stable ``id``, a
spaCy pattern (``matcher: token`` for Matcher, ``dependency`` for DependencyMatcher, ``phrase``
for PhraseMatcher), the claim ``type`` or span ``label`` it yields, a ``weight``, a
``description`` and ``examples`` that must and must not match. See ``claims/rules/README.md``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claims.errors import RuleError

RULES_ENV = "CLAIMS_RULES"
DEFAULT_RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

FILE_KEYS = {"family", "description", "lexicon", "rules", "version"}
RULE_KEYS = {"id", "description", "matcher", "label", "type", "weight", "pattern", "examples", "attr"}
EXAMPLE_KEYS = {"match", "no_match"}
MATCHER_KINDS = {"token", "dependency", "phrase"}
_LINE = "__line__"


@dataclass
class Rule:
    """One rule as loaded from a rule file."""

    id: str
    family: str
    matcher: str
    label: str
    pattern: Any
    type: str | None = None
    weight: float = 0.0
    description: str = ""
    attr: str = "LOWER"  # phrase matcher attribute
    examples_match: list[str] = field(default_factory=list)
    examples_no_match: list[str] = field(default_factory=list)
    path: str = ""
    line: int | None = None


@dataclass
class RuleSet:
    """All rule files of a rules folder, with a version hash used for incremental runs."""

    rules: list[Rule]
    lexicons: dict[str, dict[str, Any]]
    version: str
    directory: Path

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def family(self, name: str) -> list[Rule]:
        return [r for r in self.rules if r.family == name]

    def lexicon(self, family: str) -> dict[str, Any]:
        return self.lexicons.get(family, {})


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping under ``__line__``."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser, about five times faster (start-up); errors are reported by ``_LineLoader``."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str) -> Any:
    """The YAML document with line numbers; a broken one is parsed again by the pure-Python loader,
    whose messages the rule errors quote."""
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LineLoader)


def strip_lines(value: Any) -> Any:
    """Remove the recorded line numbers from a loaded structure."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def rules_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    return Path(explicit or os.environ.get(RULES_ENV) or DEFAULT_RULES_DIR)


def load_rule_file(path: Path) -> tuple[str, dict[str, Any], list[Rule]]:
    """Load and validate one rule file.

    Raises:
        RuleError: naming the file, the line and what is allowed.
    """
    shown = _shown_path(path)
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(
            shown, mark.line + 1 if mark else None, f"not valid YAML: {getattr(exc, 'problem', exc)}"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(shown, None, f"cannot read rule file: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(shown, None, "a rule file must be a mapping with 'family' and 'rules'")
    _check_keys(shown, data, FILE_KEYS, "rule file")
    family = data.get("family")
    if not isinstance(family, str) or not family:
        raise RuleError(shown, data.get(_LINE), "missing 'family' (the rule family name, e.g. quantities)")
    lexicon = strip_lines(data.get("lexicon") or {})
    rules = [_parse_rule(shown, family, raw) for raw in data.get("rules") or []]
    return family, lexicon, rules


def _parse_rule(shown: str, family: str, raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(shown, None, f"each rule must be a mapping, got {type(raw).__name__}")
    line = raw.get(_LINE)
    _check_keys(shown, raw, RULE_KEYS, "rule")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(shown, line, "rule without an 'id'; every rule needs a stable id such as 'money.symbol'")
    matcher = raw.get("matcher", "token")
    if matcher not in MATCHER_KINDS:
        raise RuleError(
            shown, line, f"rule '{rule_id}': unknown matcher '{matcher}'; allowed: {', '.join(sorted(MATCHER_KINDS))}"
        )
    if "pattern" not in raw:
        raise RuleError(shown, line, f"rule '{rule_id}': missing 'pattern'")
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict):
        raise RuleError(shown, line, f"rule '{rule_id}': 'examples' must map 'match'/'no_match' to lists of sentences")
    _check_keys(shown, examples, EXAMPLE_KEYS, f"examples of rule '{rule_id}'")
    weight = raw.get("weight", 0.0)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool):
        raise RuleError(shown, line, f"rule '{rule_id}': 'weight' must be a number, got {weight!r}")
    return Rule(
        id=rule_id.strip(),
        family=family,
        matcher=matcher,
        label=str(raw.get("label") or raw.get("type") or family),
        pattern=strip_lines(raw["pattern"]),
        type=raw.get("type"),
        weight=float(weight),
        description=str(raw.get("description") or ""),
        attr=str(raw.get("attr") or "LOWER"),
        examples_match=list(examples.get("match") or []),
        examples_no_match=list(examples.get("no_match") or []),
        path=shown,
        line=line,
    )


def _check_keys(shown: str, data: dict[str, Any], allowed: set[str], what: str) -> None:
    for key in data:
        if key != _LINE and key not in allowed:
            line = data.get(_LINE)
            raise RuleError(shown, line, f"unknown key '{key}' in {what}; allowed: {', '.join(sorted(allowed))}")


def load_rules(directory: str | os.PathLike[str] | None = None) -> RuleSet:
    """Every ``*.yml`` file of the rules folder, validated; loaded once per process for the same files.

    The rule set is kept by folder and rule-set hash (reading and hashing the files costs well
    under a millisecond; parsing and validating them is most of the rule layer's start-up, and a
    run needs the rule set in several places: ingest, the claims component, the incremental-run
    version, the worklist). A changed file is a new hash, so it is loaded again. Callers must not
    change the rule set they get.
    """
    folder = rules_dir(directory)
    if not folder.is_dir():
        raise RuleError(str(folder), None, "rules folder not found (set --rules or $CLAIMS_RULES)")
    paths = sorted(folder.glob("*.yml"))
    version = rules_version((path.name, path.read_bytes()) for path in paths)
    key = (folder.resolve(), version)
    if key not in _LOADED:
        if len(_LOADED) >= 8:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = _load_rule_set(folder, paths, version)
    return _LOADED[key]


_LOADED: dict[tuple[Path, str], RuleSet] = {}
cached_rules = load_rules  # the name the ingest and worklist code use


def _load_rule_set(folder: Path, paths: list[Path], version: str) -> RuleSet:
    """The rule files parsed and validated, rejecting duplicate ids across files."""
    rules: list[Rule] = []
    lexicons: dict[str, dict[str, Any]] = {}
    seen: dict[str, Rule] = {}
    for path in paths:
        family, lexicon, file_rules = load_rule_file(path)
        lexicons.setdefault(family, {}).update(lexicon)
        for rule in file_rules:
            if rule.id in seen:
                first = seen[rule.id]
                raise RuleError(
                    rule.path, rule.line, f"duplicate rule id '{rule.id}' (first defined at {first.path}:{first.line})"
                )
            seen[rule.id] = rule
            rules.append(rule)
    return RuleSet(rules=rules, lexicons=lexicons, version=version, directory=folder)


def rules_version(files: Iterable[tuple[str, bytes]]) -> str:
    """A rule set's version: the hash of its files' names and bytes, in name order."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


def _shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
