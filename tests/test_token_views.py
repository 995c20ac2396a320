"""The scoring signals read tokens through views that look their attributes up once: same signals as the tokens."""

from __future__ import annotations

from pathlib import Path

from claims.ingest import read_paths
from claims.model import Article
from claims.nlp.component import claims_of
from claims.ruleset import load_rules
from claims.score import FEATURES, Scorer, SentenceContext, TokenView, claim_contexts

ROOT = Path(__file__).resolve().parents[1]


def test_every_feature_reads_the_views_as_it_reads_the_tokens(nlp):
    scorer = Scorer(load_rules(ROOT / "claims" / "rules").lexicon("scoring"))
    articles = [a for a in read_paths([ROOT / "articles"]) if isinstance(a, Article)][:6]
    compared = present = 0
    for doc in nlp.pipe(a.text for a in articles):
        for viewed in claim_contexts(doc, claims_of(doc)):
            assert all(isinstance(t, TokenView) for t in viewed.tokens)
            plain = SentenceContext(viewed.sentence, viewed.claims, viewed.claim, tokens=list(viewed.sentence))
            assert viewed.words == plain.words
            for context in (viewed, plain):
                context.feature_words = scorer.feature_words
            for name, feature in FEATURES.items():
                found = feature(viewed)
                assert found == feature(plain), (name, viewed.text)
                present += found
            compared += 1
    assert compared > 50 and present > 500  # real claims, with signals present


def test_a_view_reads_anything_else_from_its_token(nlp):
    doc = nlp("The minister said taxes would rise.")
    view = TokenView(doc[2])
    assert (view.lower_, view.lemma_, view.tag_, view.dep_) == ("said", "say", "VBD", "ROOT")
    assert view.pos_ == "VERB" and view.i == 2 and view.text == "said"
    assert [c.text for c in view.children] == [c.text for c in doc[2].children]
