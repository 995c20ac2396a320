"""The claim families: one registered ``Family`` per kind of value a claim can hold.

In the manner of spaCy's factories and Presidio's recognizer registry, a family declares what its
rule file may use (labels, value types, named tokens, lexicon keys: ``claims.ruleset.schema``) and
how its matches become findings. The extractor runs the registered families in order, each seeing
what the earlier ones found (dates are found before quantities so that a year is not read as a
count). A rule file whose family, labels, token names or lexicon keys no family declares is a load
error with file and line.

A family's findings are the *values* of claims (a figure, a dated event, a ranking, a vote) or,
for attribution, who says what; the claim itself is the sentence or clause that holds them
(``claims.families.units``). A new kind of claim is one rule file and one small ``Family``
registered with ``@register_family`` (or, for the command line, the ``claims.families`` entry
point of an installed package); see the README's "Adding a kind of claim".
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar, TypeVar

from spacy.tokens import Doc

from claims.errors import RuleProblem
from claims.families.attribution import Attribution, find_attributions
from claims.families.comparison import FoundComparison, find_comparisons
from claims.families.dates import FoundDate, find_dates
from claims.families.quantities import FoundQuantity, find_quantities
from claims.normalize.dates import month_numbers, weekday_numbers
from claims.ruleset import RuleCheck, RuleSet
from claims.ruleset.files import keys_of, line_of
from claims.ruleset.matchers import RuleMatch
from claims.ruleset.schema import Declared, Kind, unknown_family_problems
from claims.score import FEATURE_WORDS, FEATURES, PRIORITY_KEYS, SIGNAL_KEYS

ENTRY_POINTS = "claims.families"  # installed packages register families under this entry-point group


def lexicon_keys(kind: Kind, *names: str) -> dict[str, Kind]:
    """``{name: kind}`` for each name: how a family declares the lexicon keys it reads."""
    return dict.fromkeys(names, kind)


@dataclass
class FamilyInput:
    """What a family reads: the parsed doc, every rule match, its lexicon and what ran before."""

    doc: Doc
    matches: list[RuleMatch]
    lexicon: dict[str, Any]
    published: dt.date | None = None
    found: dict[str, list[Any]] = field(default_factory=dict)
    family: str = ""

    def own_matches(self) -> list[RuleMatch]:
        """The matches of the family's own rules, in document order."""
        return [m for m in self.matches if m.rule.family == self.family]


@dataclass
class Finding:
    """A value a family found: its rule, its token bounds and its record.

    The record is what the claim keeps (``Claim.records``): at least ``kind`` and ``describe``
    (the value in words, for the worklist's Value column); the character offsets are added.
    """

    rule_id: str
    start: int
    end: int
    record: dict[str, Any]


class Family:
    """One kind of finding, with the rule file it reads and what that file may use.

    Subclasses set ``declared`` (the rule file's ``family`` and what it accepts) and implement
    ``find``. ``claim_type``, when set, is the type of a claim holding this family's findings
    (otherwise the built-in categories decide: quantity, event, causal, rule, prediction, other).
    """

    declared: ClassVar[Declared]
    claim_type: ClassVar[str | None] = None

    @property
    def name(self) -> str:
        return self.declared.family

    def find(self, given: FamilyInput) -> list[Any]:
        raise NotImplementedError

    def lexicon(self, ruleset: RuleSet) -> dict[str, Any]:
        return ruleset.lexicon(self.name)


class Dates(Family):
    declared = Declared(
        family="dates",
        labels=frozenset({"DATE", "MONTH_DAY", "MONTH", "DAY_RANGE", "YEAR", "WEEKDAY", "ANAPHORIC", "CURRENT_PERIOD"}),
        types=frozenset({"date"}),
        lexicon={
            **lexicon_keys(
                Kind.TABLE,
                "month_spellings",
                "weekday_spellings",
                "period_units",
                "verb_events",
                "anaphoric_directions",
                "deictic_shifts",
            ),
            **lexicon_keys(Kind.WORD_GROUPS, "event_synonyms"),
            **lexicon_keys(
                Kind.WORDS,
                "future_markers",
                "leading_words",
                "deictic_words",
                "filler_words",
                "ago_hedges",
                "future_infinitive_heads",
                "past_prepositions",
                "current_period_words",
                "measures_after_year",
                "not_events",
            ),
        },
    )

    def __init__(self) -> None:
        self._merged: dict[tuple[int, int], tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}

    def lexicon(self, ruleset: RuleSet) -> dict[str, Any]:
        """The dates lexicon with the month and weekday names and the quantities' number words, merged once
        per pair of lexicons (it is asked for on every doc)."""
        dates, quantities = ruleset.lexicon("dates"), ruleset.lexicon("quantities")
        cached = self._merged.get((id(dates), id(quantities)))
        if cached is not None and cached[0] is dates and cached[1] is quantities:
            return cached[2]
        if len(self._merged) >= 8:
            self._merged.clear()  # a few rule sets per process; never let fresh dicts pile up
        merged = self._merge(dates, quantities)
        self._merged[(id(dates), id(quantities))] = (dates, quantities, merged)
        return merged

    @staticmethod
    def _merge(dates: dict[str, Any], quantities: dict[str, Any]) -> dict[str, Any]:
        # spelt-out numbers ("the twenty-first of May") are the quantities family's
        merged = dict(dates)
        merged["number_words"] = quantities.get("number_words", {})
        merged["number_fillers"] = quantities.get("number_fillers", [])
        merged["months"] = month_numbers(merged.get("month_spellings"))
        merged["weekdays"] = weekday_numbers(merged.get("weekday_spellings"))
        return merged

    def find(self, given: FamilyInput) -> list[FoundDate]:
        return find_dates(given.doc, given.matches, given.lexicon, given.published)


class Quantities(Family):
    declared = Declared(
        family="quantities",
        labels=frozenset({"QUANTITY", "RANGE", "SUSPENDED", "RATIO", "MAGNITUDE", "VAGUE", "ORDINAL"}),
        types=frozenset({"money", "percent", "quantity"}),
        lexicon={
            **lexicon_keys(
                Kind.TABLE,
                "scales",
                "denominators",
                "magnitudes",
                "number_words",
                "ordinal_words",
                "unit_registry",
                "currency_registry",
                "currency_prefixes",
                "currencies",
                "glued_currencies",
                "glued_bounds",
                "measure_currency_words",
                "currency_qualifiers",
                "bounds",
                "trailing_bounds",
                "rates",
                "unit_denominators",
                "change_adverbs",
                "signs_after",
                "temperature_letters",
                "units",
                "cased_units",
            ),
            **lexicon_keys(
                Kind.WORDS,
                "money_only_scales",
                "cased_scales",
                "percent_words",
                "share_units",
                "range_connectors",
                "series_words",
                "part_of_words",
                "clause_breaks",
                "times_not_rates",
                "change_particle_verbs",
                "change_up",
                "change_down",
                "odds_words",
                "durations",
                "change_neutral",
                "acquiring_verbs",
                "agent_pronouns",
                "sport_words",
                "street_words",
                "time_zones",
                "identifier_nouns",
                "vague",
                "not_kind_words",
                "age_words",
                "person_nouns",
                "temperature_words",
                "dimension_joiners",
                "indefinite_counts",
                "figure_unit_words",
                "number_joiners",
                "time_of_day_words",
                "duration_prepositions",
                "range_joints",
                "range_separators",
                "number_fillers",
            ),
        },
    )

    def find(self, given: FamilyInput) -> list[FoundQuantity]:
        taken = {i for d in given.found.get("dates", []) for i in range(d.start, d.end)}
        return find_quantities(given.doc, given.matches, given.lexicon, taken)


class Comparisons(Family):
    declared = Declared(
        family="comparison",
        labels=frozenset({"RANKING", "COMPARISON"}),
        types=frozenset({"ranking", "comparison", "trend"}),
        lexicon={
            **lexicon_keys(Kind.TABLE, "ordinal_ranks", "multipliers"),
            **lexicon_keys(Kind.WORDS, "rank_words", "scope_prepositions", "share_words", "not_compared"),
        },
    )

    def find(self, given: FamilyInput) -> list[FoundComparison]:
        return find_comparisons(given.doc, given.matches, given.lexicon)


class Attributions(Family):
    declared = Declared(
        family="attribution",
        labels=frozenset({"ATTRIBUTION", "PASSIVE", "QUOTE", "COLON", "COLON_QUOTE", "QUOTE_DASH", "CONTINUED_QUOTE"}),
        types=frozenset({"attribution"}),
        tokens=frozenset({"cue", "source", "content", "object", "prep", "pobj", "host", "to", "mark", "aux"}),
        lexicon={
            **lexicon_keys(Kind.TABLE, "pronouns", "gendered_honorifics"),
            **lexicon_keys(
                Kind.WORDS,
                "cue_verbs",
                "clause_only_cues",
                "own_view_cues",
                "passive_cues",
                "object_cues",
                "statement_object_cues",
                "person_only_cues",
                "prep_cues",
                "prep_cues_intransitive",
                "prep_words",
                "reporting_nouns",
                "document_nouns",
                "continued_documents",
                "publication_words",
                "government_words",
                "unnamed_words",
                "colon_not_speakers",
                "aside_pronouns",
                "personal_pronouns",
                "object_prepositions",
                "share_nouns",
                "relative_pronouns",
                "group_prepositions",
                "possessive_endings",
                "articles",
                "newspaper_title_words",
                "honorifics",
                "person_titles",
                "speaking_roles",
                "player_positions",
                "organisation_heads",
                "hearing_bodies",
                "report_hedges",
                "generic_heads",
            ),
        },
    )

    def find(self, given: FamilyInput) -> list[Attribution]:
        return find_attributions(given.doc, given.matches, given.lexicon)


# the families whose findings a claim holds as its quantities, dates, comparisons and speaker
BUILT_IN = frozenset(family.declared.family for family in (Dates, Quantities, Comparisons, Attributions))

# Rule files that are a lexicon only: what makes a claim unit and its category, and the scorer's signals.
CLAIM_UNITS = Declared(
    family="claim",
    lexicon={
        **lexicon_keys(Kind.WORDS, "caption_starts", "generic_subjects", "same_thing_pronouns"),
        **lexicon_keys(Kind.WORDS, "exclamation_starts", "feelings", "speech_verbs"),
        **lexicon_keys(Kind.NUMBER, "clause_min_words"),
        **lexicon_keys(Kind.WORDS, "matching_filler"),
        **lexicon_keys(Kind.TABLE, "category_words", "unit_aliases"),
    },
    takes_rules=False,
)


@dataclass(frozen=True)
class ScoringRules(Declared):
    """``scoring.yml``: the bias, threshold and signals, each signal's keys and feature checked too."""

    def problems(self, ruleset: RuleSet) -> list[RuleProblem]:
        found = super().problems(ruleset)
        for rule_file in ruleset.files:
            if rule_file.family == self.family:
                found += scoring_problems(rule_file.path, rule_file.raw_lexicon)
        return found


def scoring_problems(path: str, lexicon: dict[str, Any]) -> list[RuleProblem]:
    """What is wrong in the scoring signals (``scoring.yml``, read with its lines): unknown keys and features."""
    found: list[RuleProblem] = []
    records = [r for r in lexicon.get("signals") or [] if isinstance(r, dict)]
    priority = lexicon.get("priority")
    if isinstance(priority, dict):
        found += [
            RuleProblem(
                path,
                line_of(priority, k),
                "",
                f"unknown key '{k}' in priority; allowed: {', '.join(sorted(PRIORITY_KEYS))}",
            )
            for k in keys_of(priority)
            if k not in PRIORITY_KEYS
        ]
        records += [r for r in priority.get("signals") or [] if isinstance(r, dict)]
    for record in records:
        found += _signal_problems(path, record)
    words = lexicon.get("feature_words")
    if isinstance(words, dict):
        found += [
            RuleProblem(
                path, line_of(words, k), "", f"unknown key '{k}' in feature_words; allowed: {', '.join(FEATURE_WORDS)}"
            )
            for k in keys_of(words)
            if k not in FEATURE_WORDS
        ]
        missing = [k for k in FEATURE_WORDS if k not in words]
        if missing:
            found.append(RuleProblem(path, line_of(words), "", f"feature_words lacks {', '.join(missing)}"))
    return found


def _signal_problems(path: str, record: dict[str, Any]) -> list[RuleProblem]:
    signal = str(record.get("id") or "")
    line = line_of(record)
    found = [
        RuleProblem(
            path,
            line_of(record, k),
            signal,
            f"unknown key '{k}' in signal '{signal}'; allowed: {', '.join(sorted(SIGNAL_KEYS))}",
        )
        for k in keys_of(record)
        if k not in SIGNAL_KEYS
    ]
    feature = record.get("feature")
    if not signal:
        found.append(RuleProblem(path, line, "", "a signal without an 'id'"))
    if feature is not None and feature not in FEATURES:
        hint = difflib.get_close_matches(str(feature), sorted(FEATURES), n=1)
        said = f"did you mean '{hint[0]}'? " if hint else ""
        found.append(
            RuleProblem(
                path,
                line_of(record, "feature"),
                signal,
                f"signal '{signal}': unknown feature '{feature}'; {said}known: {', '.join(sorted(FEATURES))}",
            )
        )
    if feature is None and not record.get("words"):
        found.append(RuleProblem(path, line, signal, f"signal '{signal}' needs a 'feature' or 'words'"))
    weight = record.get("weight", 0.0)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool):
        found.append(
            RuleProblem(
                path, line_of(record, "weight"), signal, f"signal '{signal}': 'weight' must be a number, not {weight!r}"
            )
        )
    return found


SCORING = ScoringRules(
    family="scoring",
    lexicon={
        **lexicon_keys(Kind.NUMBER, "bias", "threshold"),
        **lexicon_keys(Kind.RECORDS, "signals"),
        **lexicon_keys(Kind.TABLE, "priority", "feature_words"),
    },
    optional=frozenset({"priority", "threshold"}),
    takes_rules=False,
)

F = TypeVar("F", bound=type[Family])


class Registry:
    """The families in the order they run, and the lexicon-only rule files the extractor reads."""

    def __init__(
        self, families: list[Family] | None = None, lexicon_only: tuple[Declared, ...] = (CLAIM_UNITS, SCORING)
    ):
        self.families = families if families is not None else [Dates(), Quantities(), Comparisons(), Attributions()]
        self.lexicon_only = lexicon_only

    def __iter__(self) -> Iterator[Family]:
        return iter(self.families)

    def names(self) -> set[str]:
        return {f.name for f in self.families}

    def register(self, family: F) -> F:
        """Add a family (a ``Family`` subclass) to run after the others; replaces one of the same name."""
        made = family()
        self.families = [f for f in self.families if f.name != made.name] + [made]
        return family

    def declared(self) -> dict[str, Declared]:
        """Every rule-file family this extractor reads, by name."""
        found = {f.name: f.declared for f in self.families}
        found.update({d.family: d for d in self.lexicon_only})
        return found

    def checks(self, others: tuple[Declared, ...] = ()) -> list[RuleCheck]:
        """What to check a rule set against: every declared family, and (with ``others``, the rule files
        read outside the extractor, such as ingest) that no file names an unknown family."""
        declared = {**self.declared(), **{d.family: d for d in others}}
        checks: list[RuleCheck] = list(declared.values())
        if others:
            checks.append(_KnownFamilies(declared))
        return checks

    def claim_type(self, findings: dict[str, list[Any]]) -> str | None:
        """The claim type a family gives a claim holding its findings (the first such family)."""
        return next((f.claim_type for f in self.families if f.claim_type and findings.get(f.name)), None)

    def run(self, doc: Doc, matches: list[RuleMatch], ruleset: RuleSet, published: dt.date | None) -> dict[str, list]:
        """Every family's findings, by family name."""
        found: dict[str, list[Any]] = {}
        for family in self.families:
            given = FamilyInput(doc, matches, family.lexicon(ruleset), published, found, family.name)
            found[family.name] = family.find(given)
        return found


@dataclass(frozen=True)
class _KnownFamilies:
    known: dict[str, Declared]

    def problems(self, ruleset: RuleSet) -> list[RuleProblem]:
        return unknown_family_problems(ruleset, self.known)


DEFAULT_REGISTRY = Registry()
_PLUGINS_LOADED: list[bool] = []


def register_family(family: F) -> F:
    """Class decorator: run this family in every extraction of this process (``DEFAULT_REGISTRY``)."""
    return DEFAULT_REGISTRY.register(family)


def default_registry() -> Registry:
    """``DEFAULT_REGISTRY`` with the families installed packages declare (entry points ``claims.families``)."""
    if not _PLUGINS_LOADED:
        _PLUGINS_LOADED.append(True)
        for point in entry_points(group=ENTRY_POINTS):
            DEFAULT_REGISTRY.register(point.load())
    return DEFAULT_REGISTRY
