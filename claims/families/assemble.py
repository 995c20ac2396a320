"""From rule matches to claims: one claim per checkable sentence or clause, its values inside it.

The registered families (``claims.families.registry``) find the values — figures, dated events,
rankings — and who says what. The claim units (``claims.families.units``) are the sentences and
clauses a fact-checker would check; each takes the values that lie in it, its speaker
(``claims.families.speakers``: the quoted person, or the article's own voice), its category
(``claims.families.categories``), the claim as checked (``claims.families.checked``) and a priority
(``claims.score``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.families.attribution import Attribution
from claims.families.categories import categorise
from claims.families.checked import checked_statement
from claims.families.comparison import FoundComparison
from claims.families.consistency import ConsistencyWords, check_consistency
from claims.families.dates import FoundDate
from claims.families.names import ArticleNames
from claims.families.quantities import FoundQuantity
from claims.families.registry import BUILT_IN, Finding, Registry, default_registry
from claims.families.spans import QUOTES, Sentences, sentence_of, sentences
from claims.families.speakers import unit_speaker
from claims.families.units import Unit, claim_units
from claims.model import Article, Claim, Quantity, Report, Source, make_claim_id, short_hash
from claims.normalize.dates import parse_iso
from claims.ruleset import RuleSet
from claims.ruleset.matchers import RuleMatchers
from claims.score import Scorer, SentenceContext

SENTENCE_RULE = "claim.sentence"


@dataclass
class _Values:
    """The values found in one unit, in reading order."""

    quantities: list[FoundQuantity] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    comparisons: list[FoundComparison] = field(default_factory=list)
    records: list[tuple[str, Finding]] = field(default_factory=list)  # the findings of added families, by family

    def rule_id(self) -> str | None:
        firsts = [(q.start, q.rule_id) for q in self.quantities[:1]] + [
            (c.start, c.rule_id) for c in self.comparisons[:1]
        ]
        firsts += [(d.start, d.rule_id) for d in self.dates[:1]]
        firsts += [(f.start, f.rule_id) for _, f in self.records[:1]]
        return min(firsts)[1] if firsts else None


class ClaimExtractor:
    """Runs every family on a parsed doc and returns its scored claims."""

    def __init__(self, nlp: Language, ruleset: RuleSet, registry: Registry | None = None):
        self.ruleset = ruleset
        self.registry = registry or default_registry()
        self.matchers = RuleMatchers(nlp, ruleset)
        self.scorer = Scorer(ruleset.lexicon("scoring"))
        self.lex_claim = ruleset.lexicon("claim")
        self.consistency_words = ConsistencyWords.of(ruleset)
        self.report_hedges = frozenset(ruleset.lexicon("attribution").get("report_hedges", []))

    def findings(self, doc: Doc, article: Article | None = None) -> dict[str, list[Any]]:
        """What each registered family finds in the doc, by family name."""
        published = parse_iso(article.published) if article and article.published else None
        return self.registry.run(doc, self.matchers.matches(doc), self.ruleset, published)

    def __call__(self, doc: Doc, article: Article | None = None, place: tuple[int, int] | None = None) -> list[Claim]:
        """The doc's claims. ``place``: where the doc's text starts in its article's and the article's
        length, for a doc that is a piece of a long article (default: the doc is the whole article)."""
        article_id = article.id if article else "d" + short_hash(doc.text, length=12)
        published = parse_iso(article.published) if article and article.published else None
        index = sentences(doc)
        found = self.findings(doc, article)
        units = claim_units(doc, index, article, self.lex_claim)
        values = _values_by_unit(units, found)
        attributions: list[Attribution] = found.get("attribution", [])
        names = ArticleNames(doc, set())  # (indexed once for every claim's statement as checked)
        offset, length = place or (0, len(doc.text))
        kept = [
            (unit, unit_values)
            for unit, unit_values in zip(units, values, strict=True)
            if not unit.verbless or any(q.quantity.value is not None for q in unit_values.quantities)
        ]
        claims: list[Claim] = []
        used: list[tuple[Unit, Attribution | None]] = []  # the units that became claims, with their speakers
        # the news comes first: the first two claims of an article (of paragraphs, not one long sentence)
        lede = offset == 0 and length >= 400 and "\n" in index.text.strip()
        for position, (unit, unit_values) in enumerate(kept):
            speaker = unit_speaker(doc, unit, attributions, self.report_hedges)
            claim = self._claim(doc, index, article_id, unit, unit_values, speaker)
            claim.checked = checked_statement(doc, unit, claim, speaker, published, self.lex_claim, names)
            entities = _entities(index, unit)
            context = SentenceContext(
                doc[unit.start : unit.end],
                [claim],
                claim,
                entities=entities,
                entity_labels={e.label_ for e in entities},
                lede=lede and position < 2,
                quoted=_quoted(doc, unit, speaker),
                share=(offset + claim.start) / length if length else 0.0,
                length=length,
            )
            claim.reasons = self.scorer.parts(context)
            claim.score = self.scorer.score(claim.reasons)
            if claim.score >= self.scorer.floor:
                claim.reports = _reports(doc, unit, speaker, attributions, (claim.sentence_start, claim.sentence_end))
                claims.append(claim)
                used.append((unit, speaker))
        _keep_statements_outside_claims(doc, claims, used, attributions)
        check_consistency(claims, published, self.consistency_words)
        if article is not None:
            for claim in claims:
                claim.paragraph = article.paragraph_at(claim.start)
        return claims

    def _claim(
        self,
        doc: Doc,
        index: Sentences,
        article_id: str,
        unit: Unit,
        values: _Values,
        speaker: Attribution | None,
    ) -> Claim:
        span = doc[unit.start : unit.end]
        sentence = doc[unit.sentence_start : unit.sentence_end]
        sentence_start, sentence_end = _trimmed_chars(index.text, sentence.start_char, sentence.end_char)
        quantities = [_kind(q) for q in values.quantities]
        _mark_restatements(index.text, quantities)
        dates = [d.date for d in values.dates]
        comparisons = [{**c.comparison, "start": doc[c.start].idx} for c in values.comparisons]
        records = [_record(doc, finding) for _, finding in values.records]
        category = self.registry.claim_type({name: [finding] for name, finding in values.records}) or categorise(
            span, quantities, dates, bool(values.comparisons), self.lex_claim
        )
        source, content = _source(doc, speaker)
        text = index.text[span.start_char : span.end_char]
        return Claim(
            article_id=article_id,
            claim_id=make_claim_id(article_id, span.start_char, span.end_char, text),
            type=category,
            text=text,
            start=span.start_char,
            end=span.end_char,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            rule_id=values.rule_id() or (speaker.rule_id if speaker else SENTENCE_RULE),
            source=source,
            content_start=content[0] if content else None,
            content_end=content[1] if content else None,
            quantities=quantities,
            dates=dates,
            comparisons=comparisons,
            records=records,
            sentence=index.text[sentence_start:sentence_end],
            context=_context(doc, index, unit),
        )


def _values_by_unit(units: list[Unit], found: dict[str, list[Any]]) -> list[_Values]:
    """Each unit's values: the findings that start inside it (a figure inside a ranking is the ranking's)."""
    values = [_Values() for _ in units]

    def holder(token: int) -> _Values | None:
        return next((values[n] for n, unit in enumerate(units) if unit.holds(token)), None)

    comparisons: list[FoundComparison] = found.get("comparison", [])
    ranked = {i for c in comparisons for i in range(c.start, c.end) if c.claim_type == "ranking"}
    for quantity in found.get("quantities", []):
        place = holder(quantity.start)
        in_ranking = (
            quantity.claim_type == "quantity"
            and not quantity.member  # "one of the largest cities" counts one of them: a value of its own
            and any(i in ranked for i in range(quantity.start, quantity.end))
        )
        if place is not None and not in_ranking:
            place.quantities.append(quantity)
    for date in found.get("dates", []):
        place = holder(date.start)
        if place is not None:
            place.dates.append(date)
    for comparison in comparisons:
        place = holder(comparison.start)
        if place is not None:
            place.comparisons.append(comparison)
    for name, findings in found.items():  # the families added to the built-in ones
        for finding in findings if name not in BUILT_IN else []:
            place = holder(finding.start) if isinstance(finding, Finding) else None
            if place is not None:
                place.records.append((name, finding))
    return values


def _record(doc: Doc, finding: Finding) -> dict[str, Any]:
    """What a claim keeps of an added family's finding: its record, its words, where they are and its rule."""
    words = doc[finding.start : finding.end]
    return {
        **finding.record,
        "text": words.text,
        "start": words.start_char,
        "end": words.end_char,
        "rule_id": finding.rule_id,
    }


def _entities(index: Sentences, unit: Unit) -> list[Span]:
    """The named entities inside a unit, from the sentence index (``Span.ents`` scans the whole doc)."""
    first, last = index.index[unit.sentence_start], index.index[unit.sentence_end - 1]
    return [e for n in range(first, last + 1) for e in index.entities[n] if unit.start <= e.start < unit.end]


def _reports(
    doc: Doc, unit: Unit, speaker: Attribution | None, attributions: list[Attribution], sentence: tuple[int, int]
) -> list[Report]:
    """The other statements reported inside the unit (their cue or content starts in it), with their sources."""
    out = []
    text = sentences(doc).text  # (doc.text joins the tokens' text on every call)
    for attribution in attributions:
        if attribution is speaker or attribution.source is None or attribution.source.text is None:
            continue  # (a report that names nobody is the article's hedge, no statement of someone's)
        if not (unit.holds(attribution.cue[0]) or unit.holds(attribution.content[0])):
            continue
        source, content = _source(doc, attribution)
        if source is None or content is None:
            continue
        start, end = max(content[0], sentence[0]), min(content[1], sentence[1])  # a quotation going on is cut
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Report(source, start, end, attribution.rule_id))
    return out


def _keep_statements_outside_claims(
    doc: Doc, claims: list[Claim], used: list[tuple[Unit, Attribution | None]], attributions: list[Attribution]
) -> None:
    """Statements reported in sentences that are no claim ("I am delighted," she said; a headline's
    "X says Y"), each kept as a report of the claim before it, with its own sentence: every
    attribution found stays machine-readable, though only claims are rows of the worklist."""
    if not claims:
        return
    speakers = {id(speaker) for _, speaker in used if speaker is not None}
    text = sentences(doc).text  # (doc.text joins the tokens' text on every call)
    for attribution in attributions:
        if id(attribution) in speakers or attribution.source is None or attribution.source.text is None:
            continue
        if any(unit.holds(attribution.cue[0]) or unit.holds(attribution.content[0]) for unit, _ in used):
            continue  # a report of that claim
        source, content = _source(doc, attribution)
        if source is None or content is None:
            continue
        sentence = sentence_of(doc[attribution.content[0]])
        bounds = (sentence.start_char, sentence.end_char)
        start, end = max(content[0], bounds[0]), min(content[1], bounds[1])
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        host = max((c for c in claims if c.start <= start), key=lambda c: c.start, default=claims[0])
        host.reports.append(Report(source, start, end, attribution.rule_id, bounds, text[start:end]))


def _quoted(doc: Doc, unit: Unit, speaker: Attribution | None) -> bool:
    """Whether the unit's words are a quotation: its report's content opens with a quote mark."""
    if speaker is None:
        return False
    first = doc[speaker.content[0]]
    return first.text in QUOTES and speaker.content[0] <= unit.end and unit.start < speaker.content[1]


def _kind(found: FoundQuantity) -> Quantity:
    quantity = found.quantity
    quantity.kind = found.claim_type if found.claim_type in ("money", "percent") else "quantity"
    return quantity


def _mark_restatements(text: str, quantities: list[Quantity]) -> None:
    """ "14bn euros ($19bn; £10bn)": the bracketed figures restate the first one in other currencies."""
    for previous, current in itertools.pairwise(quantities):
        between = text[previous.end : current.start]
        if current.kind == previous.kind and previous.value is not None and between.strip() in ("(", ";", ",", "/"):
            current.restates = "(" in between or previous.restates
            if current.restates and current.unit == previous.unit:
                current.restates = False  # the same currency twice is two figures, not a conversion


def _source(doc: Doc, speaker: Attribution | None) -> tuple[Source | None, tuple[int, int] | None]:
    if speaker is None or speaker.source is None:
        return None, None
    source = Source.from_dict(speaker.source.to_dict())
    assert source is not None
    source.via = [v for v in (Source.from_dict(v.to_dict()) for v in speaker.via) if v is not None]
    content = doc[speaker.content[0] : speaker.content[1]]
    return source, (content.start_char, content.end_char)


def _trimmed_chars(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _context(doc: Doc, index: Sentences, unit: Unit) -> str:
    """The unit's sentence with the sentence before and after it in the same paragraph."""
    text = index.text
    first, last = index.index[unit.sentence_start], index.index[unit.sentence_end - 1]
    start, end = _trimmed_chars(text, index.spans[first].start_char, index.spans[last].end_char)
    if first > 0:
        before = _trimmed_chars(text, index.spans[first - 1].start_char, index.spans[first - 1].end_char)
        if before[1] > before[0] and "\n" not in text[before[1] : start]:
            start = before[0]
    if last + 1 < len(index.spans):
        after = _trimmed_chars(text, index.spans[last + 1].start_char, index.spans[last + 1].end_char)
        if after[1] > after[0] and "\n" not in text[end : after[0]]:
            end = after[1]
    return text[start:end]
