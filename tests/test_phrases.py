"""Token patterns of fixed words go to a PhraseMatcher as their word sequences: the same matches."""

from __future__ import annotations

from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from claims.ingest import read_paths
from claims.model import Article
from claims.ruleset import load_rules
from claims.ruleset.matchers import RuleMatchers
from claims.ruleset.phrases import MAX_PHRASES, word_sequences

ROOT = Path(__file__).resolve().parents[1]


def test_a_pattern_of_word_tests_is_its_word_sequences():
    pattern = [{"LOWER": {"IN": ["a", "one", "a"]}}, {"ORTH": "-"}, {"LOWER": "third"}]
    assert word_sequences(pattern) == [("a", "-", "third"), ("one", "-", "third")]
    assert word_sequences([{"TEXT": {"IN": ["%", "$"]}}]) == [("%",), ("$",)]
    optional = [{"LOWER": "more", "OP": "?"}, {"LOWER": "than", "OP": "?"}, {"LOWER": "doubled"}]
    assert sorted(word_sequences(optional)) == [
        ("doubled",),
        ("more", "doubled"),
        ("more", "than", "doubled"),
        ("than", "doubled"),
    ]
    assert word_sequences([{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "?"}]) == [("a", "b"), ("a",), ("b",)]


def test_anything_more_than_word_tests_stays_with_the_matcher():
    for pattern in (
        [{"LOWER": "a", "OP": "+"}, {"LOWER": "year"}],  # a quantifier other than ?
        [{"LOWER": "a", "OP": "*"}, {"LOWER": "year"}],
        [{"LOWER": "a", "OP": "!"}, {"LOWER": "year"}],
        [{"LOWER": "a", "OP": "{1,2}"}, {"LOWER": "year"}],
        [{"OP": "?"}, {"LOWER": "year"}],  # any token
        [{"LOWER": "most"}, {"POS": "ADJ"}],  # another attribute
        [{"LOWER": "year", "IS_TITLE": True}],  # two tests on one token
        [{"LOWER": {"IN": ["May", "june"]}}],  # never the lower case of a token: LOWER would find "may"
        [{"ORTH": "US"}],  # letters: ORTH is not LOWER
        [{"ORTH": "Ⅻ"}],  # a numeral with case
        [{"LOWER": {"NOT_IN": ["a"]}}],
        [{"LOWER": {"REGEX": "^a$"}}],
        [{"LOWER": "per cent"}],  # never one token
        [{"LOWER": ""}],
        [],
        "not a pattern",
    ):
        assert word_sequences(pattern) is None, pattern
    many = [{"LOWER": {"IN": [f"w{n}" for n in range(15)]}}] * 2
    assert 15 * 15 > MAX_PHRASES and word_sequences(many) is None


def test_the_phrases_match_what_the_patterns_match(nlp):
    patterns = {
        "ago": [[{"LOWER": {"IN": ["a", "an", "one"]}}, {"LOWER": {"IN": ["year", "month"]}}, {"LOWER": "ago"}]],
        "dash": [[{"LOWER": {"IN": ["year", "day"]}}, {"ORTH": "-"}, {"LOWER": {"IN": ["earlier", "old"]}}]],
        "words": [[{"LOWER": {"IN": ["the", "a"]}}], [{"LOWER": "of"}, {"LOWER": "the"}], [{"LOWER": "said"}]],
        "optional": [
            [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["year", "day"]}, "OP": "?"}, {"LOWER": "of"}],
            [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}],
            [{"LOWER": {"IN": ["a", "the"]}, "OP": "?"}, {"LOWER": {"IN": ["a", "the"]}}],
        ],
    }
    matcher, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, written in patterns.items():
        matcher.add(key, written)
        sequences = [words for pattern in written for words in word_sequences(pattern) or []]
        phrases.add(key, [Doc(nlp.vocab, words=list(words)) for words in sequences])
    articles = [a for a in read_paths([ROOT / "articles"]) if isinstance(a, Article)][:8]
    found = 0
    texts = [a.text for a in articles] + [
        "A year ago, THE 10-year-old said: a day-old loaf, One Month ago, of the the a."
    ]
    for doc in nlp.pipe(texts):
        assert sorted(phrases(doc)) == sorted(matcher(doc))
        found += len(matcher(doc))
    assert found > 300


def test_the_rule_matchers_hand_the_fixed_words_rules_to_the_phrase_matcher(nlp):
    matchers = RuleMatchers(nlp, load_rules(ROOT / "claims" / "rules"))
    doc = nlp("On Monday, a year ago, several hundred of the tens of thousands of fans came.")
    by_rule = {}
    for match in matchers.matches(doc):
        by_rule.setdefault(match.rule.id, []).append(match.span.text)
    assert by_rule["date.weekday"] == ["Monday"]
    assert by_rule["quantity.vague"] == ["several hundred"]
    assert by_rule["quantity.magnitude"] == ["tens of thousands of"]
    assert "date.weekday" not in matchers.token and "date.weekday" in matchers.phrase["LOWER"]
