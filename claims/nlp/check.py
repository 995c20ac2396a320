"""Rule examples run through the whole extractor: each rule still fires on its ``match`` sentences and
not on its ``no_match`` ones, and the claim holding its match is what the example states it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from claims.errors import RuleProblem
from claims.families.assemble import ClaimExtractor
from claims.families.registry import Registry, default_registry
from claims.model import Claim
from claims.ruleset import Example, Rule, RuleSet


@dataclass(frozen=True)
class ExampleFailure:
    """An example that does not hold: the rule, where it is written, the sentence and what went wrong."""

    rule_id: str
    where: str
    sentence: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: rule '{self.rule_id}': example {self.problem}: {self.sentence!r}"

    def as_problem(self) -> RuleProblem:
        path, _, line = self.where.rpartition(":")
        if not line.isdigit():
            path, line = self.where, ""
        return RuleProblem(
            path, int(line) if line else None, self.rule_id, f"example {self.problem}: {self.sentence!r}"
        )


def check_examples(
    nlp: Language, ruleset: RuleSet, registry: Registry | None = None
) -> tuple[int, list[ExampleFailure]]:
    """Run every rule's examples through the pipeline and the claims extractor; returns (examples run, failures).

    A ``match`` example that states what it yields (``expect: {type, value, speaker}``) is checked
    against the claim that holds the rule's first match in it, as the worklist would show it: its
    type, its values (the Value column) and who said it (``null``: the article's own voice). Claims
    are made whatever their priority here: an example states what a claim is, not whether it is
    high enough on the worklist.
    """
    extractor = ClaimExtractor(nlp, ruleset, registry or default_registry())
    extractor.scorer.floor = 0.0
    sentences = sorted({s for r in ruleset.rules for s in (*(e.text for e in r.examples_match), *r.examples_no_match)})
    fired: dict[str, dict[str, int]] = {}
    made: dict[str, list[Claim]] = {}
    disabled = [name for name in ("claims",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for sentence, doc in zip(sentences, nlp.pipe(sentences), strict=True):
            starts: dict[str, int] = {}
            for match in extractor.matchers.matches(doc):
                starts.setdefault(match.rule.id, match.span.start_char)
            fired[sentence] = starts
            made[sentence] = extractor(doc)
    failures: list[ExampleFailure] = []
    count = 0
    for rule in ruleset.rules:
        for example in rule.examples_match:
            count += 1
            failures += _failures(rule, example, fired[example.text], made[example.text])
        for sentence in rule.examples_no_match:
            count += 1
            if rule.id in fired[sentence]:
                failures.append(ExampleFailure(rule.id, rule.where(), sentence, "should not match but does"))
    return count, failures


def _failures(rule: Rule, example: Example, fired: dict[str, int], claims: list[Claim]) -> list[ExampleFailure]:
    where = f"{rule.path}:{example.line}" if example.line else rule.where()
    if rule.id not in fired:
        return [ExampleFailure(rule.id, where, example.text, "should match but does not")]
    if not example.expect:
        return []
    start = fired[rule.id]
    claim = next((c for c in claims if c.start <= start < c.end), None)
    if claim is None:
        return [ExampleFailure(rule.id, where, example.text, "gives no claim holding the match")]
    found = {
        "type": str(claim.type),
        "value": claim.value_text(),
        "speaker": claim.source.name if claim.source else None,
    }
    return [
        ExampleFailure(rule.id, where, example.text, f"should give {key} {wanted!r}, gives {found[key]!r}")
        for key, wanted in example.expect.items()
        if _said(wanted) != found[key]
    ]


def _said(value: Any) -> str | None:
    return None if value is None else str(value)
