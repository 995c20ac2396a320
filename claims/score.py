"""Check-worthiness from named, weighted signals kept in ``claims/rules/scoring.yml``.

The score is a logistic combination, ``1 / (1 + exp(-(bias + Σ weight)))``, of the signals
present, so every score can be explained as the list of its parts. The signal detectors are
either word lists (in the rule file) or the features below, computed from the parse and the
claims of the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.errors import RuleError
from claims.model import Claim

SIGNAL_KEYS = {"id", "says", "feature", "words", "weight"}
_GRADED = {"JJR", "JJS", "RBR", "RBS"}


@dataclass(slots=True, init=False, eq=False)
class TokenView:
    """A token with the attributes the signals read at every token looked up once: each read of a Token's
    string attribute (``lower_``, ``tag_``…) looks it up in the vocabulary's string store again, and the
    signals read them some twenty times a token. Anything else is read from the token itself."""

    token: Token
    lower_: str
    lemma_: str
    tag_: str
    dep_: str
    like_num: bool
    is_alpha: bool

    def __init__(self, token: Token):
        self.token = token
        self.lower_ = token.lower_
        self.lemma_ = token.lemma_
        self.tag_ = token.tag_
        self.dep_ = token.dep_
        self.like_num = token.like_num
        self.is_alpha = token.is_alpha

    def __getattr__(self, name: str) -> Any:
        return getattr(self.token, name)


@dataclass
class SentenceContext:
    """What the signals look at: the sentence, and the claims found in it."""

    sentence: Span
    claims: list[Claim]
    claim: Claim | None = None
    words: set[str] = field(default_factory=set)
    entity_labels: set[str] | None = None
    entities: list[Span] | None = None  # the sentence's entities (Span.ents scans the whole doc each time)
    memo: dict[str, bool] = field(default_factory=dict)  # sentence-level signals, shared by the sentence's claims
    tokens: list[TokenView] = field(
        default_factory=list
    )  # the sentence's tokens, made once (each Span walk makes new Token objects), their attributes read once
    text: str = ""
    lede: bool = (
        False  # one of the first two claims, or in the first paragraph, of an article of 400 characters or more
    )
    quoted: bool = False  # the claim is (part of) a quotation
    share: float = 0.0  # how far into the article the claim starts (0 = its beginning, 1 = its end)
    length: int = 0  # the article's length in characters
    feature_words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the scoring lexicon's, set by Scorer

    def __post_init__(self) -> None:
        if not self.tokens:
            self.tokens = [TokenView(t) for t in self.sentence]
        if not self.text:
            self.text = self.sentence.text
        if not self.words:
            # lemmas too ("voted" finds "vote"), except of comparatives and superlatives: "best" is a ranking, not "good"
            self.words = {t.lower_ for t in self.tokens} | {
                t.lemma_.lower() for t in self.tokens if t.tag_ not in _GRADED
            }
        if self.entities is None:
            self.entities = list(self.sentence.ents)
        if self.entity_labels is None:
            self.entity_labels = {e.label_ for e in self.entities}

    def own(self) -> list[Claim]:
        """The claim being scored, or all claims of the sentence when scoring the sentence."""
        return [self.claim] if self.claim is not None else self.claims


FEATURE_WORDS = ("small_counts", "light_verbs", "time_words", "home_country", "conditional_words", "future_modals")


def _words(ctx: SentenceContext, name: str) -> frozenset[str]:
    """One of the scoring lexicon's ``feature_words`` lists (none, for a scorer built without them)."""
    return ctx.feature_words.get(name, frozenset())


def _has_figure(ctx: SentenceContext) -> bool:
    return any(q.value is not None for c in ctx.claims for q in c.quantities)


def _has_money(ctx: SentenceContext) -> bool:
    return any(q.kind == "money" for c in ctx.own() for q in c.quantities)


def _has_percent(ctx: SentenceContext) -> bool:
    return any(q.kind == "percent" for c in ctx.own() for q in c.quantities)


def _has_dated_event(ctx: SentenceContext) -> bool:
    return any(d.event and d.value for c in ctx.own() for d in c.dates)


def _has_date(ctx: SentenceContext) -> bool:
    return any(d.value for c in ctx.claims for d in c.dates)


def _has_vague(ctx: SentenceContext) -> bool:
    return any(q.vague for c in ctx.claims for q in c.quantities)


_NAMED = {"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "FAC", "PRODUCT", "LOC"}
_NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_NOT_A_FIGURE = {"DATE", "TIME", "ORDINAL"}  # "July 19", "10 p.m.", "first": dates and ranks, not counts


def _has_named_entity(ctx: SentenceContext) -> bool:
    return bool(ctx.entity_labels and ctx.entity_labels & _NAMED)


def _several_entities(ctx: SentenceContext) -> bool:
    return sum(1 for e in (ctx.entities or []) if e.label_ in _NAMED) >= 2


def _numbers(ctx: SentenceContext) -> list[Any]:
    """The figures of the sentence: runs of number tokens ("20 million") and number entities ("a dozen").

    Dates, times and ranks are left out ("July 19", "10 p.m.", "first"), and so is a bare "one".
    """
    skip = {i for e in (ctx.entities or []) if e.label_ in _NOT_A_FIGURE for i in range(e.start, e.end)}
    found: list[Any] = []
    previous = -2
    for t in ctx.tokens:
        if t.like_num and t.lower_ != "one" and t.i not in skip:
            if t.i != previous + 1:
                found.append(t)
            previous = t.i
    found += [e for e in (ctx.entities or []) if e.label_ in _NUMERIC and not any(t.like_num for t in e)]
    return found


def _has_number(ctx: SentenceContext) -> bool:
    return bool(_numbers(ctx)) or _has_figure(ctx)


def _several_numbers(ctx: SentenceContext) -> bool:
    return len(_numbers(ctx)) >= 2


def _has_named_source(ctx: SentenceContext) -> bool:
    return any(
        c.source and c.source.kind in ("person", "organization", "government", "publication", "document")
        for c in ctx.own()
    )


def _has_unnamed_source(ctx: SentenceContext) -> bool:
    return any(c.source and c.source.kind == "unnamed" for c in ctx.own())


def _has_comparison(ctx: SentenceContext) -> bool:
    return any(c.comparisons for c in ctx.claims) or any(
        t.tag_ in ("JJR", "RBR") or t.lower_ == "than" for t in ctx.tokens
    )


def _superlative(ctx: SentenceContext) -> bool:
    return any(t.tag_ in ("JJS", "RBS") for t in ctx.tokens)


def _past_tense(ctx: SentenceContext) -> bool:
    """Something happened: a verb in the past tense or a perfect ("voted", "has cut"); a past "was" alone describes."""
    return any(t.tag_ == "VBD" and t.lemma_ != "be" for t in ctx.tokens) or any(
        t.tag_ == "VBN" and t.dep_ in ("ROOT", "ccomp", "conj", "relcl") and t.lemma_ not in ("get", "go")
        for t in ctx.tokens
    )


def _third_person_subject(ctx: SentenceContext) -> bool:
    """The sentence is about someone named or pointed at: "he", "she", "Senator Smith" as a subject."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and (t.lower_ in ("he", "she") or t.pos_ == "PROPN") for t in ctx.tokens
    )


def _first_person(ctx: SentenceContext) -> bool:
    """The speaker talks about themself ("I think", "my plan"); "we" is left out: it is as often a country."""
    return any(t.lower_ in ("i", "my", "me") and t.dep_ in ("nsubj", "poss", "dobj") for t in ctx.tokens)


def _future(ctx: SentenceContext) -> bool:
    modals = _words(ctx, "future_modals")
    return (
        any(t.lower_ in modals and t.tag_ == "MD" for t in ctx.tokens)
        or "going to" in ctx.text.lower()
        or "gonna" in ctx.words
    )


def _obligation(ctx: SentenceContext) -> bool:
    """ "We must", "they should", "we need to", "you have to": what ought to be, not what is."""
    text = ctx.text.lower()
    return any(t.lower_ in ("should", "must", "ought") for t in ctx.tokens) or any(
        t.lemma_ in ("need", "have", "got")
        and t.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "xcomp" for c in t.children)
        and " to " in text
        for t in ctx.tokens
    )


def _conditional(ctx: SentenceContext) -> bool:
    conditional = _words(ctx, "conditional_words")
    return any(t.lower_ in conditional and t.dep_ in ("mark", "advmod", "ROOT") for t in ctx.tokens)


def _imperative(ctx: SentenceContext) -> bool:
    """ "Let me say...", "Look at...": a verb in the base form with no subject heads the sentence."""
    return any(
        t.dep_ == "ROOT"
        and t.tag_ == "VB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in t.children)
        for t in ctx.tokens
    )


def _question(ctx: SentenceContext) -> bool:
    return ctx.text.rstrip(" \"'”’").endswith("?")


def _short(ctx: SentenceContext) -> bool:
    return sum(1 for t in ctx.tokens if t.is_alpha) < 6


def _long(ctx: SentenceContext) -> bool:
    return sum(1 for t in ctx.tokens if t.is_alpha) >= 15


def _quoted_opinion(ctx: SentenceContext) -> bool:
    text = ctx.text
    quoted = text.count("“") or text.count('"') >= 2
    return bool(quoted) and not _has_figure(ctx) and not _has_date(ctx)


def _small_counts_only(ctx: SentenceContext) -> bool:
    """Every number is a small one spelt out ("one thing", "two choices", "five simple steps"): counting, not a statistic."""
    found = False
    small = _words(ctx, "small_counts")
    for t in ctx.tokens:
        if t.like_num:
            if any(ch.isdigit() for ch in t.text) or t.lower_ not in small:
                return False
            found = True
    for claim in ctx.claims:
        for q in claim.quantities:
            if q.value is None:
                continue
            words = q.text.lower().split()
            words = words[1:] if words and words[0] in ("a", "an") else words
            if not words or words[0] not in small:
                return False
            found = True
    return found


def _modal_main_verb(ctx: SentenceContext) -> bool:
    """The main verb is under a modal ("we can do it", "that would cost", "you should"): a possibility, not a record."""
    return any(t.dep_ == "ROOT" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in t.children) for t in ctx.tokens)


def _second_person(ctx: SentenceContext) -> bool:
    """The speaker addresses the listener ("you", "your"), as appeals and exchanges in a debate do."""
    return any(
        t.lower_ in ("you", "your") and t.dep_ in ("nsubj", "dobj", "poss", "pobj", "dative") for t in ctx.tokens
    )


def _action_verb(ctx: SentenceContext) -> bool:
    """The main verb names an action ("cut", "signed", "sent"), not being, having, thinking or wanting."""
    light = _words(ctx, "light_verbs")
    return any(t.dep_ == "ROOT" and t.pos_ == "VERB" and t.lemma_ not in light for t in ctx.tokens)


def _ongoing(ctx: SentenceContext) -> bool:
    """An action in progress, with its subject: "we are losing jobs", "they're devaluing their currency"."""
    return any(
        t.tag_ == "VBG"
        and t.lower_ != "going"
        and any(c.dep_ == "aux" and c.lemma_ == "be" for c in t.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        for t in ctx.tokens
    )


def _compound_term(ctx: SentenceContext) -> bool:
    """A multi-word noun term ("income tax", "health care system", "trade deficit"): specific, technical reference."""
    return any(t.dep_ == "compound" and t.pos_ == "NOUN" for t in ctx.tokens)


def _time_reference(ctx: SentenceContext) -> bool:
    """The statement is anchored in time: a date expression ("last year", "in 1983") or "now", "today", "ago"."""
    time_words = _words(ctx, "time_words")
    return any(e.label_ == "DATE" for e in (ctx.entities or [])) or any(t.lower_ in time_words for t in ctx.tokens)


def _named_place(ctx: SentenceContext) -> bool:
    """A named country, region or city ("Iran", "Ohio", "the Middle East"), not the home country said in general ("America", "this country")."""
    home = _words(ctx, "home_country")
    return any(
        e.label_ in ("GPE", "LOC") and e.text.lower().removeprefix("the ").strip(". ") not in home
        for e in ctx.entities or []
    )


def claim_contexts(doc: Doc, claims: list[Claim]) -> list[SentenceContext]:
    """The context each claim of a parsed doc is scored in, in the order of ``claims``: its own words,
    as the extractor scores it (its place in the article is not known here: no lede, not quoted), for
    tools that rescore stored claims (``bench/fit_weights.py``)."""
    contexts = []
    for claim in claims:
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand") or doc[0:0]
        contexts.append(SentenceContext(span, [claim], claim))
    return contexts


def _lede(ctx: SentenceContext) -> bool:
    """The first two claims of an article: the news itself."""
    return ctx.lede


def _late(ctx: SentenceContext) -> bool:
    """In the last third of an article of 800 characters or more: background, reactions."""
    return ctx.length >= 800 and ctx.share >= 2 / 3


def _no_values(ctx: SentenceContext) -> bool:
    return not _has_figure(ctx) and not _has_date(ctx)


def _quoted_without_values(ctx: SentenceContext) -> bool:
    """Words in quotation marks with no figure or date: how someone put it, more often a view than a fact."""
    return ctx.quoted and _no_values(ctx)


def _first_person_without_values(ctx: SentenceContext) -> bool:
    """ "I feel", "we are determined", with nothing to look up, said by someone the article quotes
    (in a transcript, where every sentence is someone's own words, first person is no sign of a view)."""
    return (
        _no_values(ctx)
        and any(c.source is not None and (c.source.text or "").lower() not in ("i", "we") for c in ctx.own())
        and any(t.lower_ in ("i", "we") and t.dep_ in ("nsubj", "nsubjpass") for t in ctx.tokens)
    )


def _exclamation(ctx: SentenceContext) -> bool:
    return ctx.text.rstrip(" \"'”’").endswith("!")


FEATURES: dict[str, Callable[[SentenceContext], bool]] = {
    "lede": _lede,
    "late": _late,
    "quoted_without_values": _quoted_without_values,
    "first_person_without_values": _first_person_without_values,
    "exclamation": _exclamation,
    "has_figure": _has_figure,
    "has_number": _has_number,
    "several_numbers": _several_numbers,
    "has_money": _has_money,
    "has_percent": _has_percent,
    "has_dated_event": _has_dated_event,
    "has_date": _has_date,
    "has_vague_quantity": _has_vague,
    "has_named_entity": _has_named_entity,
    "several_entities": _several_entities,
    "has_named_source": _has_named_source,
    "has_unnamed_source": _has_unnamed_source,
    "has_comparison": _has_comparison,
    "superlative": _superlative,
    "past_tense": _past_tense,
    "third_person_subject": _third_person_subject,
    "first_person": _first_person,
    "future": _future,
    "obligation": _obligation,
    "conditional": _conditional,
    "imperative": _imperative,
    "question": _question,
    "short": _short,
    "long": _long,
    "quoted_opinion": _quoted_opinion,
    "small_counts_only": _small_counts_only,
    "modal_main_verb": _modal_main_verb,
    "second_person": _second_person,
    "action_verb": _action_verb,
    "ongoing": _ongoing,
    "compound_term": _compound_term,
    "time_reference": _time_reference,
    "named_place": _named_place,
}


# features that look at the claim being scored; every other one is the same for all claims of a sentence
CLAIM_FEATURES = frozenset(
    {"has_money", "has_percent", "has_dated_event", "has_named_source", "has_unnamed_source", "lede", "late"}
)
PRIORITY_KEYS = {"scale", "offset", "temperature", "floor", "signals"}


@dataclass
class Signal:
    id: str
    says: str
    weight: float
    feature: str | None = None
    words: frozenset[str] = frozenset()

    def present(self, ctx: SentenceContext) -> bool:
        if self.feature in CLAIM_FEATURES:
            return FEATURES[self.feature](ctx)
        found = ctx.memo.get(self.id)
        if found is None:
            found = ctx.memo[self.id] = FEATURES[self.feature](ctx) if self.feature else bool(self.words & ctx.words)
        return found


class Scorer:
    """Scores claims from the signals of ``claims/rules/scoring.yml``."""

    def __init__(self, lexicon: Mapping[str, Any], path: str = "claims/rules/scoring.yml"):
        self.bias = float(lexicon.get("bias", 0.0))
        self.threshold = float(lexicon.get("threshold", 0.5))
        self.signals = [self._signal(raw, path) for raw in lexicon.get("signals") or []]
        priority = lexicon.get("priority") or {}
        unknown = set(priority) - PRIORITY_KEYS
        if unknown:
            raise RuleError(
                path,
                None,
                f"unknown key '{sorted(unknown)[0]}' in priority; allowed: {', '.join(sorted(PRIORITY_KEYS))}",
            )
        self.scale = float(priority.get("scale", 1.0))
        self.offset = float(priority.get("offset", 0.0))
        self.temperature = float(priority.get("temperature", 1.0))
        self.floor = float(priority.get("floor", 0.0))
        self.priority_signals = [self._signal(raw, path) for raw in priority.get("signals") or []]
        self.priority_ids = {s.id for s in self.priority_signals}
        self.feature_words = {
            str(name): frozenset(str(w).lower() for w in words)
            for name, words in (lexicon.get("feature_words") or {}).items()
        }

    @staticmethod
    def _signal(raw: Mapping[str, Any], path: str) -> Signal:
        unknown = set(raw) - SIGNAL_KEYS
        if unknown:
            raise RuleError(
                path,
                None,
                f"unknown key '{sorted(unknown)[0]}' in signal '{raw.get('id')}'; allowed: {', '.join(sorted(SIGNAL_KEYS))}",
            )
        feature = raw.get("feature")
        if feature is not None and feature not in FEATURES:
            raise RuleError(
                path,
                None,
                f"signal '{raw.get('id')}': unknown feature '{feature}'; known: {', '.join(sorted(FEATURES))}",
            )
        if feature is None and not raw.get("words"):
            raise RuleError(path, None, f"signal '{raw.get('id')}' needs a 'feature' or 'words'")
        return Signal(
            id=str(raw["id"]),
            says=str(raw.get("says") or raw["id"]),
            weight=float(raw.get("weight", 0.0)),
            feature=feature,
            words=frozenset(str(w).lower() for w in raw.get("words") or []),
        )

    def parts(self, ctx: SentenceContext) -> list[tuple[str, float]]:
        """The signals present, as ``(id, weight)``: check-worthiness first, then the claim's priority signals."""
        ctx.feature_words = self.feature_words
        found = [(s.id, s.weight) for s in self.signals if s.present(ctx)]
        return found + [(s.id, s.weight) for s in self.priority_signals if s.present(ctx)]

    def logit(self, parts: Iterable[tuple[str, float]]) -> float:
        """``scale × (bias + check-worthiness weights) + priority weights + offset``, before the temperature."""
        parts = list(parts)
        worth = self.bias + sum(w for i, w in parts if i not in self.priority_ids)
        return self.scale * worth + sum(w for i, w in parts if i in self.priority_ids) + self.offset

    def score(self, parts: Iterable[tuple[str, float]]) -> float:
        """The priority in [0, 1]: the logistic of ``logit / temperature``."""
        z = self.logit(parts) / self.temperature
        return round(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z)))), 4)

    def effect(self, signal_id: str, weight: float) -> float:
        """What a signal adds to the logit the score is the logistic of."""
        factor = 1.0 if signal_id in self.priority_ids else self.scale
        return factor * weight / self.temperature

    def says(self, parts: Iterable[tuple[str, float]]) -> str:
        """The three strongest signals in plain words, for the worklist: ``figure + named source − hedged``."""
        by_id = {s.id: s for s in (*self.signals, *self.priority_signals)}
        ordered = sorted(parts, key=lambda p: -abs(self.effect(*p)))[:3]
        plus = [by_id[i].says for i, w in ordered if w > 0 and i in by_id]
        minus = [by_id[i].says for i, w in ordered if w < 0 and i in by_id]
        text = " + ".join(plus)
        if minus:
            text = (text + " " if text else "") + " ".join(f"− {m}" for m in minus)
        return text
