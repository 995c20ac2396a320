"""What a rule example states it yields (``expect``), checked for shape when the rules load.

A ``match`` example (and a ``no_match`` one written as a mapping) may state what the whole
component makes of its text::

    - text: The government earned more than $500 million annually.
      expect:
        type: quantity                        # the claim holding the rule's match
        value: "> 500,000,000 USD per year"
        figures:                              # every figure of every claim the text gives
          - {value: 500_000_000, unit: USD, qualifier: ">", rate: year}

The keys about one claim (``type``, ``value``, ``speaker``, ``claim``, ``checked``) read the claim
holding the rule's first match; the others read everything the text gives. A figure, date,
statement or comparison is a mapping whose keys are listed below; a wrong key is a problem with
file and line, like any other key of a rule file.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from claims.errors import RuleProblem
from claims.ruleset.files import item_line, keys_of, line_of

# the claim holding the rule's first match
CLAIM_KEYS = ("checked", "claim", "speaker", "type", "value")
# everything the text gives: the number of claims, and lists of records
LIST_KEYS = ("comparisons", "dates", "figures", "statements")
EXPECT_KEYS = tuple(sorted((*CLAIM_KEYS, "claims", *LIST_KEYS)))

# A figure: value, unit, qualifier and rate are always compared (unit and rate default to none, the
# qualifier to "="); stating any of the change's keys states the whole change (the others none);
# ratio and of are compared when stated.
FIGURE_ALWAYS = ("value", "unit", "qualifier", "rate")
FIGURE_CHANGE = ("change", "from", "to", "by", "by_unit")
FIGURE_KEYS = (*FIGURE_ALWAYS, *FIGURE_CHANGE, "ratio", "of")
DATE_KEYS = ("text", "value", "event")  # all compared (value and event default to none)
STATEMENT_KEYS = ("mention", "name", "kind", "cue", "content")  # all compared, in reading order
COMPARISON_KEYS = ("kind", "subject", "rank", "scope", "time", "other", "multiplier", "since")  # as stated
RECORD_KEYS = {"figures": FIGURE_KEYS, "dates": DATE_KEYS, "statements": STATEMENT_KEYS, "comparisons": COMPARISON_KEYS}


def expect_problems(shown: str, expect: dict[str, Any], rule_id: str) -> list[RuleProblem]:
    """What is wrong in one example's ``expect`` mapping: unknown keys, and records of the wrong shape."""
    found = _unknown(shown, expect, EXPECT_KEYS, f"expect of rule '{rule_id}'", rule_id)
    count = expect.get("claims")
    if "claims" in expect and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        found.append(_at(shown, expect, "claims", rule_id, "'claims' is the number of claims the text gives"))
    for key in LIST_KEYS:
        if key not in expect:
            continue
        records = expect[key]
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            found.append(
                _at(shown, expect, key, rule_id, f"'{key}' is a list of mappings ({', '.join(RECORD_KEYS[key])})")
            )
            continue
        for number, record in enumerate(records):
            line = item_line(records, number) or line_of(expect, key)
            found += _unknown(shown, record, RECORD_KEYS[key], f"{key[:-1]} of rule '{rule_id}'", rule_id, line)
            if key == "figures" and "value" in record and figure_value(record["value"]) is None:
                found.append(
                    RuleProblem(
                        shown,
                        line,
                        rule_id,
                        f"rule '{rule_id}': a figure's value is a number, a fraction such as \"2/3\", "
                        f"or [low, high]; got {record['value']!r}",
                    )
                )
    return found


def figure_value(value: Any) -> float | list[float] | None:
    """A stated figure value as a number (``"2/3"`` is a fraction), a [low, high] pair, or None when it is neither."""
    if isinstance(value, list):
        pair = [figure_value(v) for v in value]
        return pair if len(pair) == 2 and all(isinstance(v, float) for v in pair) else None  # type: ignore[return-value]
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.replace("_", "")))
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _unknown(
    shown: str, data: dict[str, Any], allowed: tuple[str, ...], what: str, rule_id: str, line: int | None = None
) -> list[RuleProblem]:
    return [
        RuleProblem(
            shown,
            line_of(data, str(key)) or line,
            rule_id,
            f"unknown key '{key}' in {what}; allowed: {', '.join(sorted(allowed))}",
        )
        for key in keys_of(data)
        if key not in allowed
    ]


def _at(shown: str, mapping: dict[str, Any], key: str, rule_id: str, message: str) -> RuleProblem:
    return RuleProblem(shown, line_of(mapping, key), rule_id, f"rule '{rule_id}': {message}")
