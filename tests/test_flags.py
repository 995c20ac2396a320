"""Word lists compiled to lexeme flags match exactly what spaCy's own predicates match."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.matcher import DependencyMatcher, Matcher

from claims.ingest import read_paths
from claims.model import Article
from claims.ruleset import load_rules
from claims.ruleset.flags import FIRST_FREE_FLAG, LAST_FLAG, FlagCompiler
from claims.ruleset.matchers import RuleMatchers

ROOT = Path(__file__).resolve().parents[1]


def _patterns(rule):
    return rule.pattern if isinstance(rule.pattern[0], list) else [rule.pattern]


def _flags(vocab) -> list[int]:
    return [k for k in vocab.lex_attr_getters if isinstance(k, int) and FIRST_FREE_FLAG <= k <= LAST_FLAG]


def test_shipped_rules_match_the_same_tokens_compiled_as_written(nlp):
    ruleset = load_rules(ROOT / "claims" / "rules")
    compiled = RuleMatchers(nlp, ruleset)
    written = Matcher(nlp.vocab, validate=True)
    written_dependency = DependencyMatcher(nlp.vocab, validate=True)
    for rule in ruleset.rules:
        if rule.matcher == "token":
            written.add(rule.id, _patterns(rule))
        elif rule.matcher == "dependency":
            written_dependency.add(rule.id, _patterns(rule))
    articles = [a for a in read_paths([ROOT / "articles"]) if isinstance(a, Article)][:8]
    token_matches = dependency_matches = 0
    for doc in nlp.pipe(a.text for a in articles):
        # the patterns of fixed words went to a phrase matcher (claims.ruleset.phrases): together the same matches
        assert sorted(set(compiled.token(doc)) | set(compiled.phrase["LOWER"](doc))) == sorted(written(doc))
        assert sorted(compiled.dependency(doc)) == sorted(written_dependency(doc))
        token_matches += len(written(doc))
        dependency_matches += len(written_dependency(doc))
    assert token_matches > 100 and dependency_matches > 20  # the comparison saw real matches
    # the word lists went to flags: the compiled matcher calls far fewer Python predicates
    assert len(compiled.token._extra_predicates) < len(written._extra_predicates) * 2 // 3


def test_only_the_specs_tried_at_every_token_are_compiled_first():
    compiler = FlagCompiler(spacy.blank("en").vocab)
    pattern = [
        {"LOWER": {"IN": ["more", "less"]}, "OP": "?"},
        {"ORTH": {"REGEX": "^[0-9]+$"}},
        {"LOWER": {"IN": ["people"]}},
    ]
    (first,) = compiler.compile([pattern], everywhere=False)
    assert [type(k).__name__ for spec in first for k in spec] == ["int", "str", "int", "str"]
    assert first[0]["OP"] == "?" and first[2] == pattern[2]
    (everything,) = compiler.compile([first], everywhere=True)
    assert all(isinstance(k, int) for k in everything[2])


def test_flags_hold_for_words_first_seen_after_compiling_and_for_not_in():
    nlp = spacy.blank("en")
    compiler = FlagCompiler(nlp.vocab)
    matcher = Matcher(
        nlp.vocab, validate=False
    )  # flags are not in the pattern schema: the rules are validated as written
    matcher.add(
        "made_up",
        compiler.compile([[{"LOWER": {"IN": ["zorblax"]}}, {"LOWER": {"NOT_IN": ["fell"]}}]], everywhere=True),
    )
    doc = nlp("The Zorblax rose but the zorblax fell.")
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["Zorblax rose"]


def test_equal_lists_share_a_flag_and_lists_beyond_the_free_bits_keep_their_predicates():
    nlp = spacy.blank("en")
    compiler = FlagCompiler(nlp.vocab)
    specs = [{"LOWER": {"IN": [f"word{n}", f"other{n}"]}} for n in range(60)]
    compiled = [compiler.spec(spec) for spec in specs]
    free = LAST_FLAG - FIRST_FREE_FLAG + 1
    assert sum(isinstance(next(iter(c)), int) for c in compiled) == free == len(_flags(nlp.vocab))
    assert compiled[-1] == specs[-1]
    assert FlagCompiler(nlp.vocab).spec(specs[0]) == compiled[0]  # a second compiler on the same vocab: same flag
    matcher = Matcher(
        nlp.vocab, validate=False
    )  # flags are not in the pattern schema: the rules are validated as written
    matcher.add("first", [[compiled[0]]])
    matcher.add("last", [[compiled[-1]]])
    doc = nlp("word0 and other59 but not word1")
    assert [(nlp.vocab.strings[m], doc[s].text) for m, s, _ in matcher(doc)] == [
        ("first", "word0"),
        ("last", "other59"),
    ]


def test_a_vocabulary_with_flags_still_pickles(nlp):
    import pickle

    RuleMatchers(nlp, load_rules(ROOT / "claims" / "rules"))
    vocab = pickle.loads(pickle.dumps(nlp.vocab))
    assert len(_flags(vocab)) == len(_flags(nlp.vocab)) > 30


def test_the_free_flag_bits_are_the_ones_spacy_leaves_to_users():
    """Computed from spaCy's attribute ids, not written in: the bits after spaCy's own lexeme flags."""
    from spacy.attrs import IDS

    own = [value for name, value in IDS.items() if name.startswith(("IS_", "LIKE_"))]
    assert max(own) + 1 == FIRST_FREE_FLAG
    assert max(value for name, value in IDS.items() if name.startswith("FLAG")) == LAST_FLAG
    getters = spacy.blank("en").vocab.lex_attr_getters
    assert not [k for k in getters if isinstance(k, int) and FIRST_FREE_FLAG <= k <= LAST_FLAG]
