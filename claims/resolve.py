"""The rules and settings a command runs with, resolved once and checked as a whole.

``resolve_rules`` picks the rules folder (``--rules``, else ``$CLAIMS_RULES``, else the rules
shipped in the package), loads it and checks it against every family that reads it: the
extraction families, the scorer, the claim units and the plain-text reader. The one ``RuleSet`` it
returns is what extraction, scoring, ingest, explain, the worklist's Why column and the
incremental-run version all use. ``setup_problems`` is the same check with the settings file
(``claims.toml``) too, every problem at once, for ``claims rules check`` and ``claims extract``.
"""

from __future__ import annotations

import os

from claims.config import Settings, load_settings, settings_problems
from claims.errors import RuleProblem, RuleProblems
from claims.families.registry import Registry, default_registry
from claims.ingest.lexicon import INGEST
from claims.ruleset import RuleSet, load_rules


def resolve_rules(
    explicit: str | os.PathLike[str] | RuleSet | None = None, registry: Registry | None = None
) -> RuleSet:
    """The rule set a command uses, loaded once and checked against every family that reads it.

    Raises:
        RuleProblems: every problem in the folder (file, line, rule id, what is wrong).
    """
    if isinstance(explicit, RuleSet):
        return explicit
    checks = (registry or default_registry()).checks(others=(INGEST,))
    return load_rules(explicit, checks=checks)


def resolve_setup(
    rules: str | os.PathLike[str] | None, config: str | os.PathLike[str] | None, registry: Registry | None = None
) -> tuple[RuleSet, Settings]:
    """The rule set and the settings of a command, with every problem of both reported at once.

    Raises:
        RuleProblems: what is wrong in the rules folder and in the settings file, as one table.
    """
    problems: list[RuleProblem] = []
    ruleset: RuleSet | None = None
    try:
        ruleset = resolve_rules(rules, registry)
    except RuleProblems as exc:
        problems += exc.problems
    problems += settings_problems(config)
    if problems or ruleset is None:
        raise RuleProblems(problems)
    return ruleset, load_settings(config)
