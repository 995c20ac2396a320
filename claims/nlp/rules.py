"""Where the rule loading used to live; it is ``claims.ruleset`` now (kept for scripts not yet moved)."""

from claims.ruleset import (
    DEFAULT_RULES_DIR,
    RULES_ENV,
    Rule,
    RuleSet,
    cached_rules,
    load_rule_file,
    load_rules,
    rules_dir,
    rules_version,
)
from claims.ruleset.files import strip_lines

__all__ = [
    "DEFAULT_RULES_DIR",
    "RULES_ENV",
    "Rule",
    "RuleSet",
    "cached_rules",
    "load_rule_file",
    "load_rules",
    "rules_dir",
    "rules_version",
    "strip_lines",
]
