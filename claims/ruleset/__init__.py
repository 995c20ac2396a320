"""The rules layer: rule files loaded and validated (every problem at once), the spaCy matchers built
from them, and what a family declares it accepts. Nothing here knows a particular family."""

from claims.ruleset.load import (
    DEFAULT_RULES_DIR,
    RULES_ENV,
    Example,
    Rule,
    RuleCheck,
    RuleFile,
    RuleSet,
    cached_rules,
    load_rule_file,
    load_rules,
    read_rules,
    rules_dir,
    rules_version,
)

__all__ = [
    "DEFAULT_RULES_DIR",
    "RULES_ENV",
    "Example",
    "Rule",
    "RuleCheck",
    "RuleFile",
    "RuleSet",
    "cached_rules",
    "load_rule_file",
    "load_rules",
    "read_rules",
    "rules_dir",
    "rules_version",
]
