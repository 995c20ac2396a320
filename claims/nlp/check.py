"""Checking rules: every file validates, and every rule's examples still match (or still do not)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from claims.nlp.matchers import RuleMatchers
from claims.nlp.rules import RuleSet


@dataclass
class ExampleFailure:
    rule_id: str
    where: str
    sentence: str
    expected_match: bool

    def __str__(self) -> str:
        want = "should match but does not" if self.expected_match else "should not match but does"
        return f"{self.where}: rule '{self.rule_id}': example {want}: {self.sentence!r}"


def check_examples(nlp: Language, ruleset: RuleSet) -> tuple[int, list[ExampleFailure]]:
    """Run every rule's examples through the pipeline; returns (examples run, failures)."""
    matchers = RuleMatchers(nlp, ruleset)
    sentences = sorted({s for r in ruleset.rules for s in (*r.examples_match, *r.examples_no_match)})
    fired: dict[str, set[str]] = {}
    for sentence, doc in zip(sentences, nlp.pipe(sentences), strict=True):
        fired[sentence] = {m.rule.id for m in matchers.matches(doc)}
    failures = []
    count = 0
    for rule in ruleset.rules:
        where = f"{rule.path}:{rule.line}" if rule.line else rule.path
        for sentence in rule.examples_match:
            count += 1
            if rule.id not in fired[sentence]:
                failures.append(ExampleFailure(rule.id, where, sentence, True))
        for sentence in rule.examples_no_match:
            count += 1
            if rule.id in fired[sentence]:
                failures.append(ExampleFailure(rule.id, where, sentence, False))
    return count, failures
