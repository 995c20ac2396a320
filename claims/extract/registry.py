"""The claim families: one registered ``Family`` per kind of value a claim can hold.

In the manner of spaCy's factories and Presidio's recognizer registry, a family declares what its
rule file may use (labels, named tokens, lexicon keys) and how its matches become findings. The
extractor runs the registered families in order, each seeing what the earlier ones found (dates
are found before quantities so that a year is not read as a count).

A family's findings are the *values* of claims (a figure, a dated event, a ranking) or, for
attribution, who says what; the claim itself is the sentence or clause that holds them
(``claims.extract.units``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from spacy.tokens import Doc

from claims.extract.attribution import Attribution, find_attributions
from claims.extract.comparison import FoundComparison, find_comparisons
from claims.extract.dates import FoundDate, find_dates
from claims.extract.quantities import FoundQuantity, find_quantities
from claims.nlp.matchers import RuleMatch
from claims.nlp.rules import RuleSet


@dataclass
class FamilyInput:
    """What a family reads: the parsed doc, every rule match, its lexicon and what ran before."""

    doc: Doc
    matches: list[RuleMatch]
    lexicon: dict[str, Any]
    published: dt.date | None = None
    found: dict[str, list[Any]] = field(default_factory=dict)


class Family:
    """One kind of finding, with the rule file it reads and what that file may use.

    Subclasses set ``name`` (the rule file's ``family``) and implement ``find``.
    """

    name: ClassVar[str] = ""

    def find(self, given: FamilyInput) -> list[Any]:
        raise NotImplementedError

    def lexicon(self, ruleset: RuleSet) -> dict[str, Any]:
        return ruleset.lexicon(self.name)


class Dates(Family):
    name = "dates"

    def lexicon(self, ruleset: RuleSet) -> dict[str, Any]:
        # spelt-out numbers ("the twenty-first of May") are the quantities family's
        merged = dict(ruleset.lexicon("dates"))
        merged["number_words"] = ruleset.lexicon("quantities").get("number_words", {})
        return merged

    def find(self, given: FamilyInput) -> list[FoundDate]:
        return find_dates(given.doc, given.matches, given.lexicon, given.published)


class Quantities(Family):
    name = "quantities"

    def find(self, given: FamilyInput) -> list[FoundQuantity]:
        taken = {i for d in given.found.get("dates", []) for i in range(d.start, d.end)}
        return find_quantities(given.doc, given.matches, given.lexicon, taken)


class Comparisons(Family):
    name = "comparison"

    def find(self, given: FamilyInput) -> list[FoundComparison]:
        return find_comparisons(given.doc, given.matches, given.lexicon)


class Attributions(Family):
    name = "attribution"

    def find(self, given: FamilyInput) -> list[Attribution]:
        return find_attributions(given.doc, given.matches, given.lexicon)


class Registry:
    """The families in the order they run."""

    def __init__(self, families: list[Family] | None = None):
        self.families = families if families is not None else [Dates(), Quantities(), Comparisons(), Attributions()]

    def __iter__(self) -> Iterator[Family]:
        return iter(self.families)

    def names(self) -> set[str]:
        return {f.name for f in self.families}

    def run(self, doc: Doc, matches: list[RuleMatch], ruleset: RuleSet, published: dt.date | None) -> dict[str, list]:
        """Every family's findings, by family name."""
        found: dict[str, list[Any]] = {}
        for family in self.families:
            given = FamilyInput(doc, matches, family.lexicon(ruleset), published, found)
            found[family.name] = family.find(given)
        return found


DEFAULT_REGISTRY = Registry()
