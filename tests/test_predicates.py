"""The Matcher's set and regex predicates as small functions match exactly what spaCy's own match."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from claims.ingest import read_paths
from claims.model import Article
from claims.ruleset import load_rules
from claims.ruleset.matchers import RuleMatchers
from claims.ruleset.predicates import speed_up_predicates

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = {
    "lemma_in": [[{"LEMMA": {"IN": ["say", "rise"]}}, {"POS": {"NOT_IN": ["PUNCT", "DET"]}}]],
    "tag_dep": [[{"TAG": {"IN": ["NNS", "NNP"]}, "DEP": {"IN": ["nsubj", "pobj"]}}]],
    "lower_norm": [[{"LOWER": {"IN": ["the", "per"]}}, {"NORM": {"NOT_IN": ["cent", "year"]}}]],
    "shape": [[{"SHAPE": {"IN": ["dddd", "d.d"]}}, {"SHAPE": {"NOT_IN": ["xxxx", "."]}}]],
    "orth_regex": [[{"ORTH": {"REGEX": "^[0-9][0-9,.]*$"}}, {"LOWER": {"REGEX": "^(million|billion|per)"}}]],
    "lemma_regex": [[{"LEMMA": {"REGEX": "^(be|have)$"}}, {"TAG": {"IN": ["VBN", "VBG"]}}]],
    "ent_type": [
        [{"LIKE_NUM": True, "ENT_TYPE": {"NOT_IN": ["TIME", "DATE"]}}, {"ENT_TYPE": {"IN": ["CARDINAL", ""]}}]
    ],
    # left as spaCy made them: a comparison, a set test on MORPH, a fuzzy one
    "others": [
        [{"LENGTH": {">=": 12}}],
        [{"MORPH": {"IS_SUPERSET": ["Number=Plur"]}}],
        [{"LOWER": {"FUZZY": "goverment"}}],
    ],
}


def _docs(nlp, count: int = 6):
    articles = [a for a in read_paths([ROOT / "articles"]) if isinstance(a, Article)][:count]
    return list(nlp.pipe(a.text for a in articles))


def _matcher(nlp) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for key, patterns in PATTERNS.items():
        matcher.add(key, patterns)
    return matcher


def test_the_functions_match_what_spacys_predicates_match(nlp):
    spacys, ours = _matcher(nlp), _matcher(nlp)
    assert speed_up_predicates(ours) == 14  # the three of "others" are not replaced
    kinds = sorted(type(p).__name__ for p in ours._extra_predicates if type(p).__name__ != "function")
    assert kinds == ["_ComparisonPredicate", "_FuzzyPredicate", "_SetPredicate"]
    found = 0
    for doc in _docs(nlp):
        assert ours(doc) == spacys(doc)
        found += len(spacys(doc))
    assert found > 200  # the comparison saw real matches
    labels = {nlp.vocab.strings[m] for doc in _docs(nlp, 2) for m, _, _ in spacys(doc)}
    assert {"lemma_in", "tag_dep", "lower_norm", "shape", "orth_regex", "lemma_regex", "others"} <= labels
    all_labels = {nlp.vocab.strings[m] for doc in _docs(nlp) for m, _, _ in spacys(doc)}
    assert "ent_type" in all_labels  # a figure that is no date or time, before a word of no entity


def test_patterns_added_after_the_speed_up_reuse_its_predicates(nlp):
    spacys, ours = _matcher(nlp), _matcher(nlp)
    speed_up_predicates(ours)
    before = len(ours._extra_predicates)
    for matcher in (spacys, ours):
        matcher.add("again", [[{"LEMMA": {"IN": ["say", "rise"]}}, {"ORTH": {"REGEX": "^[0-9][0-9,.]*$"}}]])
    assert len(ours._extra_predicates) == before  # the same tests, found by their keys
    for doc in _docs(nlp, 3):
        assert ours(doc) == spacys(doc)


def test_the_rule_matchers_use_the_functions(nlp):
    matchers = RuleMatchers(nlp, load_rules(ROOT / "claims" / "rules"))
    for matcher in (matchers.token, matchers.dependency._matcher):
        assert matcher._extra_predicates
        assert all(type(p).__name__ == "function" for p in matcher._extra_predicates)


def test_a_matcher_without_the_private_list_is_left_alone():
    class Other:
        pass

    assert speed_up_predicates(Other()) == 0  # type: ignore[arg-type]
    assert speed_up_predicates(None) == 0


DEPENDENCY_PATTERNS = {
    "said_that": [
        [
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
            {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}},
            {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "figure", "RIGHT_ATTRS": {"LIKE_NUM": True}},
        ]
    ],
    "of_the": [
        [
            {"RIGHT_ID": "noun", "RIGHT_ATTRS": {"POS": "NOUN"}},
            {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
            {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "pobj"}},
        ]
    ],
    "not_in": [
        [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"NOT_IN": ["say", "be"]}}},
            {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "attr"]}}},
            {"LEFT_ID": "obj", "REL_OP": ">", "RIGHT_ID": "det", "RIGHT_ATTRS": {"TEXT": "the", "IS_PUNCT": False}},
        ]
    ],
    "a_figure_no_date": [
        [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
            {
                "LEFT_ID": "verb",
                "REL_OP": ">>",
                "RIGHT_ID": "figure",
                "RIGHT_ATTRS": {"LIKE_NUM": True, "ENT_TYPE": {"NOT_IN": ["TIME", "DATE"]}},
            },
        ]
    ],
    "governed": [
        [
            {"RIGHT_ID": "word", "RIGHT_ATTRS": {"DEP": "amod"}},
            {"LEFT_ID": "word", "REL_OP": "<", "RIGHT_ID": "head", "RIGHT_ATTRS": {}},
            {"LEFT_ID": "head", "REL_OP": "<<", "RIGHT_ID": "top", "RIGHT_ATTRS": {"DEP": "ROOT"}},
        ]
    ],
}


@pytest.mark.parametrize("regex", [False, True])
def test_the_dependency_matcher_finds_what_spacys_finds_in_the_same_order(nlp, regex):
    from spacy.matcher import DependencyMatcher as SpacyDependencyMatcher

    from claims.ruleset.dependency import DependencyMatcher

    spacys, ours = SpacyDependencyMatcher(nlp.vocab), DependencyMatcher(nlp.vocab)
    patterns = dict(DEPENDENCY_PATTERNS)
    if regex:  # a node test the attribute arrays do not answer: the nodes are matched by spaCy's Matcher
        patterns["regex"] = [[{"RIGHT_ID": "year", "RIGHT_ATTRS": {"TEXT": {"REGEX": "^20[0-9][0-9]$"}}}]]
    for matcher in (spacys, ours):
        for key, written in patterns.items():
            matcher.add(key, written)
    assert (ours._nodes() is None) == regex  # read from the arrays unless a node needs more
    found = set()
    for doc in _docs(nlp) + [nlp(""), nlp("Rain.")]:
        assert ours(doc) == spacys(doc)
        found |= {nlp.vocab.strings[key] for key, _ in spacys(doc)}
    assert found == set(patterns)
