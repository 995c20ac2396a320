"""How far other models get on ClaimBuster's check-worthiness with the same folds as bench/fit_weights.py.

Usage: python bench/ceiling.py [--cache DIR]      (needs scikit-learn: pip install -e '.[bench]')

Every figure is held out: ClaimBuster 5-fold cross-validated positive F1 (the decision threshold set
on the training folds) and ROC AUC, the folds of ``fit_weights.py`` (by sentence, seed 13). Each
sentence is its top claim under the shipped weights, as the fit sees it; a sentence with no claim
scores 0. The models: logistic regression on the signals (the shipped model, fitted by
scikit-learn), on the signals and all their pairs, gradient-boosted trees on the signals, and
logistic regression on the signals with word weights (lemmas of the claim; word unigrams and
bigrams of the sentence, tf-idf). For the lemma weights, also the CLEF 2019 MAP of the model
fitted on all of ClaimBuster: whether the words carry to debates they were not fitted on. Nothing
is written; scikit-learn is needed here only, never at run time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_weights as fw

try:
    from scipy import sparse
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import PolynomialFeatures
except ImportError:  # pragma: no cover - a bench tool
    raise SystemExit("bench/ceiling.py needs scikit-learn: pip install -e '.[bench]'") from None

Features = Callable[[np.ndarray, np.ndarray], tuple]


def top_claims(suite: fw.Suite, bias: float, w: np.ndarray) -> np.ndarray:
    """Each sentence's top claim under the shipped weights (-1: none)."""
    return fw.sentence_scores(suite, bias, w)[1]


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    return float(max(np.unique(np.round(scores, 4)), key=lambda t: fw.f1_at(scores, labels, t)))


def cross_validated(make: Callable[[], object], features: Features, labels: np.ndarray, has: np.ndarray) -> str:
    """5-fold held-out F1 and AUC; the threshold is the one best on each training part."""
    fold = fw.fold_of(fw.Suite("claimbuster", np.zeros((0, 0)), np.zeros(0), labels, np.zeros(len(labels))), 5)
    predicted, scores = np.zeros(len(labels)), np.zeros(len(labels))
    for k in range(5):
        train, test = (fold != k) & has, (fold == k) & has
        A, B = features(train, test)
        model = make()
        model.fit(A, labels[train])  # type: ignore[attr-defined]
        on_train = np.zeros(len(labels))
        on_train[train] = model.predict_proba(A)[:, 1]  # type: ignore[attr-defined]
        threshold = best_threshold(on_train[fold != k], labels[fold != k])
        scores[test] = model.predict_proba(B)[:, 1]  # type: ignore[attr-defined]
        predicted[test] = scores[test] >= threshold
    return f"F1 {fw.f1_at(predicted, labels):.3f}  AUC {fw.roc_auc(scores, labels):.3f}"


def claim_texts(stem: str, cache: Path | None) -> tuple[list[str], list[str]]:
    """Per claim: its lemmas (no names, words only) and its sentence's text."""
    articles, docs, found = fw.parsed_docs(stem, cache)
    lemmas, sentences = [], []
    for article, doc, claims in zip(articles, docs, found, strict=True):
        for claim in claims:
            span = doc.char_span(claim.start, claim.end, alignment_mode="expand") or doc[0:0]
            lemmas.append(" ".join(t.lemma_.lower() for t in span if t.pos_ != "PROPN" and t.is_alpha))
            sentences.append(article["text"])
    return lemmas, sentences


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="folder for parsed docs (as fit_weights.py --cache)")
    args = parser.parse_args(argv)
    scorer = fw.Scorer(fw.load_rules(fw.ROOT / "claims" / "rules").lexicon("scoring"))
    w = np.array([s.weight for s in scorer.signals])
    cb, clef = (fw.load_suite(name, scorer, args.cache) for name in ("claimbuster", "clef2019"))
    which = top_claims(cb, scorer.bias, w)
    has, y = which >= 0, cb.labels
    X = np.zeros((len(y), len(w)))
    X[has] = cb.X[which[has]]
    lemmas, sentences = claim_texts("claimbuster-train", args.cache)
    top_lemmas = [lemmas[i] if i >= 0 else "" for i in which]
    top_sentences = [sentences[i] if i >= 0 else "" for i in which]

    def signals(train: np.ndarray, test: np.ndarray) -> tuple:
        return X[train], X[test]

    pairs = PolynomialFeatures(2, interaction_only=True, include_bias=False).fit_transform(X)

    def with_words(texts: list[str], vectorizer: Callable[[], CountVectorizer]) -> Features:
        def features(train: np.ndarray, test: np.ndarray) -> tuple:
            words = vectorizer()
            A = words.fit_transform([texts[i] for i in np.flatnonzero(train)])
            B = words.transform([texts[i] for i in np.flatnonzero(test)])
            return sparse.hstack([A, X[train]]).tocsr(), sparse.hstack([B, X[test]]).tocsr()

        return features

    def lemma_words() -> CountVectorizer:
        return CountVectorizer(token_pattern=r"\S+", min_df=5, binary=True, lowercase=False)

    def sentence_words() -> TfidfVectorizer:
        return TfidfVectorizer(token_pattern=r"(?u)\b\w+\b|[$%?]", ngram_range=(1, 2), min_df=2, sublinear_tf=True)

    def logistic(c: float) -> Callable[[], LogisticRegression]:
        return lambda: LogisticRegression(C=c, max_iter=3000)

    print("ClaimBuster, 5 folds, held out:")
    print(f"  signals (logistic regression)         {cross_validated(logistic(1.0), signals, y, has)}")
    pair_features: Features = lambda train, test: (pairs[train], pairs[test])  # noqa: E731
    print(f"  signals and all pairs of them         {cross_validated(logistic(0.03), pair_features, y, has)}")
    trees = lambda: HistGradientBoostingClassifier(learning_rate=0.1, max_iter=100, max_leaf_nodes=15)  # noqa: E731
    print(f"  gradient-boosted trees on the signals {cross_validated(trees, signals, y, has)}")
    print(
        f"  signals + lemma weights               {cross_validated(logistic(0.1), with_words(top_lemmas, lemma_words), y, has)}"
    )
    print(
        f"  signals + sentence word bigrams       {cross_validated(logistic(10.0), with_words(top_sentences, sentence_words), y, has)}"
    )

    words = lemma_words()
    A = sparse.hstack([words.fit_transform([top_lemmas[i] for i in np.flatnonzero(has)]), X[has]]).tocsr()
    model = LogisticRegression(C=0.1, max_iter=3000).fit(A, y[has])
    clef_lemmas, _ = claim_texts("clef2019-train", args.cache)
    claim_scores = model.predict_proba(sparse.hstack([words.transform(clef_lemmas), clef.X]).tocsr())[:, 1]
    best = np.zeros(len(clef.labels))
    for sentence, score in zip(clef.sentence, claim_scores, strict=True):
        if sentence >= 0:
            best[sentence] = max(best[sentence], score)
    print(
        f"CLEF 2019 scored by signals + lemma weights fitted on ClaimBuster: "
        f"MAP {fw.mean_average_precision(best, clef.labels, clef.group):.3f} ({len(words.vocabulary_)} lemmas)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
