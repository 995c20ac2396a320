"""From rule matches to claims: one claim per figure, dated event, ranking and reported statement.

Each typed claim takes the source of the innermost attribution whose content holds it; a
reported statement with no typed claim inside becomes an ``attribution`` claim; a sentence with
no claim at all becomes a ``statement`` candidate, scored like the rest, so that ``--min-score``
decides what reaches the worklist. Claims stated in the article's own voice have no source
(the outlet speaks); the worklist says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.extract.attribution import Attribution, find_attributions
from claims.extract.comparison import find_comparisons
from claims.extract.consistency import check_consistency
from claims.extract.dates import find_dates
from claims.extract.quantities import find_quantities
from claims.extract.spans import Sentences, sentences, trim
from claims.model import Article, Claim, DateValue, Quantity, Source, make_claim_id, short_hash
from claims.nlp.matchers import RuleMatchers
from claims.nlp.rules import RuleSet
from claims.normalize.dates import parse_iso
from claims.score import Scorer, SentenceContext

STATEMENT_RULE = "statement.sentence"


@dataclass
class _Typed:
    claim_type: str
    rule_id: str
    start: int  # token bounds of the claim text
    end: int
    quantities: list[Quantity]
    dates: list[DateValue]
    comparison: dict[str, Any] | None = None


class ClaimExtractor:
    """Runs every rule family on a parsed doc and returns scored claims."""

    def __init__(self, nlp: Language, ruleset: RuleSet):
        self.ruleset = ruleset
        self.matchers = RuleMatchers(nlp, ruleset)
        self.scorer = Scorer(ruleset.lexicon("scoring"))
        self.lex_quantities = ruleset.lexicon("quantities")
        self.lex_dates = dict(ruleset.lexicon("dates"))
        self.lex_dates["number_words"] = self.lex_quantities.get("number_words", {})
        self.lex_attribution = ruleset.lexicon("attribution")
        self.lex_comparison = ruleset.lexicon("comparison")

    def __call__(self, doc: Doc, article: Article | None = None) -> list[Claim]:
        article_id = article.id if article else "d" + short_hash(doc.text, length=12)
        published = parse_iso(article.published) if article and article.published else None
        matches = self.matchers.matches(doc)
        index = sentences(doc)

        dates = find_dates(doc, matches, self.lex_dates, published)
        taken = {i for d in dates for i in range(d.start, d.end)}
        quantities = find_quantities(doc, matches, self.lex_quantities, taken)
        comparisons = find_comparisons(doc, matches, self.lex_comparison)
        attributions = find_attributions(doc, matches, self.lex_attribution)

        typed: list[_Typed] = []
        for q in quantities:
            typed.append(_Typed(q.claim_type, q.rule_id, q.start, q.end, [q.quantity], []))
        for d in dates:
            start, end = d.start, d.end
            if (
                d.event_token is not None
                and d.end <= d.event_token <= d.end + 3
                and doc[d.event_token].pos_ in ("NOUN", "PROPN")
            ):
                end = d.event_token + 1  # "the April 2019 summit": the claim names the event it dates
            typed.append(_Typed("event" if d.date.event else "date", d.rule_id, start, end, [], [d.date]))
        for c in comparisons:
            typed.append(_Typed(c.claim_type, c.rule_id, c.start, c.end, [], [], c.comparison))

        claims: list[Claim] = []
        claim_sentence: dict[str, Span] = {}  # claim id -> the sentence its signals are read from
        used: set[int] = set()

        def add(
            claim_type: str,
            rule_id: str,
            start: int,
            end: int,
            attribution: Attribution | None,
            quantities: list[Quantity],
            dates: list[DateValue],
            comparison: dict[str, Any] | None = None,
        ) -> None:
            claim = self._claim(
                doc, article_id, claim_type, rule_id, start, end, attribution, quantities, dates, comparison
            )
            claims.append(claim)
            claim_sentence[claim.claim_id] = index.of(start)

        ranked = {i for c in comparisons for i in range(c.start, c.end)}
        typed = [
            t
            for t in typed
            if not (t.quantities and t.claim_type == "quantity" and any(i in ranked for i in range(t.start, t.end)))
        ]
        for item in typed:  # a statement whose figure or dated event is a claim of its own is not repeated
            attribution = _innermost(attributions, item.start, item.end)
            if attribution is not None and _states_a_figure(item):
                used.add(id(attribution))
        merged: dict[int, _Typed] = {}  # vague values go with the statement that holds them
        for item in typed:
            attribution = _innermost(attributions, item.start, item.end)
            if attribution is not None and id(attribution) not in used and _is_vague(item):
                holder = merged.setdefault(
                    id(attribution), _Typed("attribution", attribution.rule_id, *attribution.content, [], [])
                )
                holder.quantities.extend(item.quantities)
                holder.dates.extend(item.dates)
                continue
            add(
                item.claim_type,
                item.rule_id,
                item.start,
                item.end,
                attribution,
                item.quantities,
                item.dates,
                item.comparison,
            )
        for attribution in attributions:
            if id(attribution) in used:
                continue
            start, end = attribution.content
            extra = merged.get(id(attribution))
            add(
                "attribution",
                attribution.rule_id,
                start,
                end,
                attribution,
                extra.quantities if extra else [],
                extra.dates if extra else [],
            )
        covered = {s.start for s in claim_sentence.values()}
        for attribution in attributions:
            covered.update(index.of(i).start for i in range(*attribution.content))
        for sentence in index.spans:
            if sentence.start in covered or sum(1 for t in sentence if t.is_alpha) < 3:
                continue
            start, end = trim(doc, sentence.start, sentence.end, keep_final=True)
            if end <= start:
                continue
            add("statement", STATEMENT_RULE, start, end, _innermost(attributions, start, end), [], [])

        self._score(claims, claim_sentence, index)
        check_consistency(claims, published, self.lex_dates.get("event_synonyms"))
        if article is not None:
            for claim in claims:
                claim.paragraph = article.paragraph_at(claim.start)
        claims.sort(key=lambda c: (c.start, c.end, c.type))
        return claims

    def _claim(
        self,
        doc: Doc,
        article_id: str,
        claim_type: str,
        rule_id: str,
        start: int,
        end: int,
        attribution: Attribution | None,
        quantities: list[Quantity],
        dates: list[DateValue],
        comparison: dict[str, Any] | None = None,
    ) -> Claim:
        span = doc[start:end]
        index = sentences(doc)
        spanned = [index.of(start), index.of(end - 1)]
        if attribution is not None:
            spanned.append(index.of(attribution.content[0]))
            spanned.append(index.of(attribution.content[1] - 1))
        sentence_start = min(s.start_char for s in spanned)
        sentence_end = max(s.end_char for s in spanned)
        source: Source | None = None
        content_start = content_end = None
        if attribution is not None and attribution.source is not None:
            source = Source.from_dict(attribution.source.to_dict())
            assert source is not None
            source.via = [Source.from_dict(v.to_dict()) for v in attribution.via]  # type: ignore[misc]
            content = doc[attribution.content[0] : attribution.content[1]]
            content_start, content_end = content.start_char, content.end_char
        text = index.text[span.start_char : span.end_char]  # span.text, without walking its tokens again
        claim = Claim(
            article_id=article_id,
            claim_id=make_claim_id(article_id, claim_type, span.start_char, span.end_char, text),
            type=claim_type,
            text=text,
            start=span.start_char,
            end=span.end_char,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            rule_id=rule_id,
            source=source,
            content_start=content_start,
            content_end=content_end,
            quantities=quantities,
            dates=dates,
            comparison=comparison,
            sentence=index.text[sentence_start:sentence_end].strip(),
        )
        return claim

    def _score(self, claims: list[Claim], claim_sentence: dict[str, Span], index: Sentences) -> None:
        by_sentence: dict[int, list[Claim]] = {}
        for claim in claims:
            by_sentence.setdefault(claim_sentence[claim.claim_id].start, []).append(claim)
        words: dict[int, set[str]] = {}
        memos: dict[int, dict[str, bool]] = {}
        for claim in claims:
            sent = claim_sentence[claim.claim_id]
            number = index.index[sent.start]
            ctx = SentenceContext(
                sent,
                by_sentence[sent.start],
                claim,
                words.get(sent.start, set()),
                index.entity_labels[number],
                index.entities[number],
                memos.setdefault(sent.start, {}),
            )
            words[sent.start] = ctx.words
            claim.reasons = self.scorer.parts(ctx)
            claim.score = self.scorer.score(claim.reasons)


def _states_a_figure(item: _Typed) -> bool:
    """Whether a typed claim says all a reported statement checks (a figure or a dated event)."""
    return any(q.value is not None for q in item.quantities) or any(
        d.value and d.event and not d.relative for d in item.dates
    )


def _is_vague(item: _Typed) -> bool:
    return bool(item.quantities) and all(q.vague for q in item.quantities)


def _innermost(attributions: list[Attribution], start: int, end: int) -> Attribution | None:
    holding = [a for a in attributions if a.contains(start, end)]
    return min(holding, key=lambda a: a.length) if holding else None
