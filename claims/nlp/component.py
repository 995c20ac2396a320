"""The ``claims`` spaCy component: ``nlp.add_pipe("claims")`` in any English pipeline.

It puts each claim (a sentence or clause) in ``doc.spans["claims"]`` (label = its category,
``span.id_`` = rule id), the values inside the claims in ``doc.spans["claim_values"]`` (label =
money, percent, quantity, date, ranking or comparison) and the ``Claim`` records in ``doc._.claims``
(set once per doc; ``claims_of(doc)`` reads them typed). An article's metadata (id, publication
date) can be given with ``doc.user_data["claims_article"] = article.to_dict()`` before the doc is
processed; relative dates are resolved against it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.families.assemble import ClaimExtractor
from claims.families.registry import default_registry
from claims.families.spans import forget_sentences
from claims.model import Article, Claim
from claims.ruleset import RuleSet, load_rules, rules_dir

ARTICLE_KEY = "claims_article"
CLAIMS_EXTENSION = "claims"

if not Doc.has_extension(CLAIMS_EXTENSION):
    Doc.set_extension(CLAIMS_EXTENSION, default=None)


def claims_of(doc: Doc) -> list[Claim]:
    """The claims the component found in a doc (``doc._.claims``), typed; none before it ran."""
    found: list[Claim] | None = doc._.get(CLAIMS_EXTENSION)
    return found if found is not None else []


@Language.factory("claims", default_config={"rules": None})
def make_claims_component(nlp: Language, name: str, rules: str | None) -> ClaimsComponent:
    """Build the component from a rules folder (default: ``$CLAIMS_RULES`` or the project's ``claims/rules/``)."""
    return ClaimsComponent(nlp, name, rules)


class ClaimsComponent:
    """Runs the rule families on each doc and stores the claims on it."""

    def __init__(self, nlp: Language, name: str = "claims", rules: str | None = None):
        self.nlp = nlp
        self.name = name
        self.rules_path = rules_dir(rules)
        self._ruleset: RuleSet | None = None
        self._extractor: ClaimExtractor | None = None

    def use(self, ruleset: RuleSet) -> None:
        """Run with this rule set (one resolved and checked already: ``claims.resolve.resolve_rules``).

        Without it, the rules folder is loaded and checked against the registered families on first
        use (a saved pipeline brings its own copy of the rules in ``from_disk``).
        """
        if self._ruleset is not None and self._ruleset.version == ruleset.version:
            return
        self.rules_path = ruleset.directory
        self._ruleset = ruleset
        self._extractor = ClaimExtractor(self.nlp, ruleset)

    def _load(self, folder: Path) -> None:
        """Raises RuleProblems: every problem of the folder, or that it is missing."""
        self.use(load_rules(folder, checks=default_registry().checks()))

    @property
    def ruleset(self) -> RuleSet:
        if self._ruleset is None:
            self._load(self.rules_path)
        assert self._ruleset is not None
        return self._ruleset

    @property
    def extractor(self) -> ClaimExtractor:
        if self._extractor is None:
            self._load(self.rules_path)
        assert self._extractor is not None
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        raw = doc.user_data.get(ARTICLE_KEY)
        article = Article.from_dict(raw) if raw else None
        place = None
        if raw:  # the doc's text is joined from its tokens on each doc.text: only when the length is not given
            length = raw["article_length"] if "article_length" in raw else len(doc.text)
            place = (int(raw.get("piece_offset", 0)), int(length))
        claims = self.extractor(doc, article, place)
        forget_sentences(doc)
        doc._.set(CLAIMS_EXTENSION, claims)
        spans = []
        for claim in claims:
            span = doc.char_span(claim.start, claim.end, label=claim.type, alignment_mode="expand")
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label=claim.type, span_id=claim.rule_id))
        doc.spans["claims"] = spans
        doc.spans["claim_values"] = _value_spans(doc, claims)
        return doc

    def to_disk(self, path: str | Path, exclude: Any = ()) -> None:
        """Write the rule files beside the pipeline so that it loads with the same rules."""
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        for rule_file in sorted(self.rules_path.glob("*.yml")):
            shutil.copy2(rule_file, target / rule_file.name)

    def from_disk(self, path: str | Path, exclude: Any = ()) -> ClaimsComponent:
        self.rules_path = Path(path)
        self._ruleset = self._extractor = None
        self._load(self.rules_path)
        return self


def _value_spans(doc: Doc, claims: list[Claim]) -> list[Span]:
    """Each claim's values as spans: figures (label money, percent or quantity), dates, rankings, and the
    values of added families (label: their record's kind)."""
    found = [(q.start, q.end, q.kind) for c in claims for q in c.quantities]
    found += [(d.start, d.end, "date") for c in claims for d in c.dates]
    found += [
        (int(r["start"]), int(r["start"]) + len(r.get("phrase", "")), r.get("kind") or "comparison")
        for c in claims
        for r in c.comparisons
    ]
    found += [(int(r["start"]), int(r["end"]), str(r.get("kind") or "value")) for c in claims for r in c.records]
    spans = []
    for start, end, label in sorted(found):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


@Language.component("claims_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so that titles and paragraphs never merge.

    Runs before the parser, which keeps boundaries that are already set.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
