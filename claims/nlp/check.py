"""Rule examples run through the whole extractor: each rule still fires on its ``match`` texts and
not on its ``no_match`` ones, and what the component makes of a text is what its example states
(``expect``, see ``claims.ruleset.expect``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claims.errors import RuleProblem
from claims.families.assemble import ClaimExtractor
from claims.families.registry import Registry, default_registry
from claims.ingest.text import paragraphs_of
from claims.model import Article, Claim, Quantity, short_hash
from claims.ruleset import Example, Rule, RuleSet
from claims.ruleset.expect import CLAIM_KEYS, FIGURE_ALWAYS, FIGURE_CHANGE, RECORD_KEYS, figure_value


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


@dataclass
class Made:
    """What the pipeline made of one example text: where each rule first matched, the claims, and
    the attribution family's statements (mention, name, kind, cue, content)."""

    fired: dict[str, int]
    claims: list[Claim]
    statements: list[tuple[str | None, ...]] = field(default_factory=list)


def check_examples(
    nlp: Language, ruleset: RuleSet, registry: Registry | None = None
) -> tuple[int, list[ExampleFailure]]:
    """Run every rule's examples through the pipeline and the claims extractor; returns (examples run, failures).

    An example that states what it yields (``expect``) is checked against what the component makes
    of its text, read as an article of its own (published on the example's ``published`` date, when
    given). Claims are made whatever their priority here: an example states what a claim is, not
    whether it is high enough on the worklist.
    """
    extractor = ClaimExtractor(nlp, ruleset, registry or default_registry())
    extractor.scorer.floor = 0.0
    examples = [e for r in ruleset.rules for e in (*r.examples_match, *r.examples_no_match)]
    texts = sorted({(e.text, e.published or "") for e in examples})
    made: dict[tuple[str, str], Made] = {}
    disabled = [name for name in ("claims",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for (text, published), doc in zip(texts, nlp.pipe([t for t, _ in texts]), strict=True):
            made[(text, published)] = _make(extractor, doc, text, published or None)
    failures: list[ExampleFailure] = []
    for rule in ruleset.rules:
        for example in rule.examples_match:
            failures += _failures(rule, example, made[(example.text, example.published or "")], True)
        for example in rule.examples_no_match:
            failures += _failures(rule, example, made[(example.text, example.published or "")], False)
    return len(examples), failures


def _make(extractor: ClaimExtractor, doc: Doc, text: str, published: str | None) -> Made:
    article = Article(
        id="x" + short_hash(text, length=12), text=text, published=published, paragraphs=paragraphs_of(text)
    )
    fired: dict[str, int] = {}
    for match in extractor.matchers.matches(doc):
        fired.setdefault(match.rule.id, match.span.start_char)
    statements: list[tuple[str | None, ...]] = []
    for found in extractor.findings(doc, article).get("attribution", []):
        source = getattr(found, "source", None)
        if source is None:
            continue
        content = doc[found.content[0] : found.content[1]]
        row = (source.text, source.name, source.kind, source.cue, content.text)
        if row not in statements:
            statements.append(row)
    return Made(fired, extractor(doc, article), statements)


def _failures(rule: Rule, example: Example, made: Made, should_match: bool) -> list[ExampleFailure]:
    where = f"{rule.path}:{example.line}" if example.line else rule.where()

    def failed(problem: str) -> ExampleFailure:
        return ExampleFailure(rule.id, where, example.text, problem)

    if should_match and rule.id not in made.fired:
        return [failed("should match but does not")]
    if not should_match and rule.id in made.fired:
        return [failed("should not match but does")]
    expect = example.expect or {}
    found = []
    if any(key in expect for key in CLAIM_KEYS):
        start = made.fired.get(rule.id)
        claim = next((c for c in made.claims if start is not None and c.start <= start < c.end), None)
        if claim is None:
            return [failed("gives no claim holding the match")]
        seen = {
            "type": str(claim.type),
            "value": claim.value_text(),
            "speaker": claim.source.name if claim.source else None,
            "claim": claim.text,
            "checked": claim.checked,
        }
        found += [
            failed(f"should give {key} {expect[key]!r}, gives {seen[key]!r}")
            for key in CLAIM_KEYS
            if key in expect and _said(expect[key]) != seen[key]
        ]
    if "claims" in expect and expect["claims"] != len(made.claims):
        found.append(failed(f"should give {expect['claims']} claim(s), gives {len(made.claims)}"))
    for key, given in _records(made).items():
        if key in expect and not _same_records(key, expect[key], given):
            found.append(failed(f"should give {key} {_shown(key, expect[key])}, gives {_shown(key, given)}"))
    return found


def _records(made: Made) -> dict[str, list[dict[str, Any]]]:
    """Everything the text gives, as the records an example states: figures, dates, statements, comparisons."""
    figures, spans = [], set()
    for q in (q for c in made.claims for q in c.quantities if not q.vague):
        if (q.start, q.end) not in spans:
            spans.add((q.start, q.end))
            figures.append(_figure(q))
    comparisons, seen = [], set()
    for comparison in (r for c in made.claims for r in c.comparisons):
        key = (comparison.get("kind"), comparison.get("phrase"), comparison.get("start"))
        if key not in seen:
            seen.add(key)
            comparisons.append(comparison)
    return {
        "figures": figures,
        "dates": [{"text": d.text, "value": d.value, "event": d.event} for c in made.claims for d in c.dates],
        "statements": [dict(zip(RECORD_KEYS["statements"], row, strict=True)) for row in made.statements],
        "comparisons": comparisons,
    }


def _figure(q: Quantity) -> dict[str, Any]:
    return {
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "rate": q.rate or None,
        "change": q.change,
        "from": q.from_value,
        "to": q.to_value,
        "by": q.by,
        "by_unit": q.by_unit,
        "ratio": q.ratio,
        "of": q.of,
    }


def _compared(key: str, wanted: dict[str, Any]) -> tuple[str, ...]:
    """The keys of a stated record that are compared (see ``claims.ruleset.expect``)."""
    if key == "figures":
        change = FIGURE_CHANGE if any(k in wanted for k in FIGURE_CHANGE) else ()
        return (*FIGURE_ALWAYS, *change, *(k for k in ("ratio", "of") if k in wanted))
    if key == "comparisons":
        return tuple(k for k in RECORD_KEYS[key] if k in wanted)
    return RECORD_KEYS[key]


def _agrees(key: str, wanted: dict[str, Any], given: dict[str, Any]) -> bool:
    defaults = {"qualifier": "="} if key == "figures" else {}
    return all(_same(wanted.get(k, defaults.get(k)), given.get(k)) for k in _compared(key, wanted))


def _same_records(key: str, wanted: list[dict[str, Any]], given: list[dict[str, Any]]) -> bool:
    """Figures and dates in any order (each stated one found once); statements and comparisons in order."""
    if len(wanted) != len(given):
        return False
    if key in ("statements", "comparisons"):
        return all(_agrees(key, w, g) for w, g in zip(wanted, given, strict=True))
    left = list(given)
    for record in wanted:
        match = next((g for g in left if _agrees(key, record, g)), None)
        if match is None:
            return False
        left.remove(match)
    return True


def _same(wanted: Any, given: Any) -> bool:
    """Equal, numbers to nine significant digits (a stated number may be a fraction: ``"2/3"``)."""
    if isinstance(given, (list, tuple)):
        return (
            isinstance(wanted, list)
            and len(wanted) == len(given)
            and all(_same(w, g) for w, g in zip(wanted, given, strict=True))
        )
    if isinstance(given, (int, float)) and not isinstance(given, bool):
        number = figure_value(wanted)
        return isinstance(number, float) and math.isclose(number, given, rel_tol=1e-9)
    return _said(wanted) == given if given is None or isinstance(given, str) else wanted == given


def _shown(key: str, records: list[dict[str, Any]]) -> str:
    """Records as a message shows them: the keys compared, without the ones that are empty."""
    shown = []
    for record in records:
        keys = _compared(key, record) if key != "figures" else (*FIGURE_ALWAYS, *FIGURE_CHANGE, "ratio", "of")
        shown.append("{" + ", ".join(f"{k}: {_plain(record[k])!r}" for k in keys if record.get(k) is not None) + "}")
    return "[" + ", ".join(shown) + "]"


def _plain(value: Any) -> Any:
    """A number as written (50, not 50.0)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _said(value: Any) -> str | None:
    return None if value is None else str(value)
