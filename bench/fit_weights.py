"""Fit the weights of the check-worthiness signals (claims/rules/scoring.yml) by logistic regression.

Usage: python bench/fit_weights.py [--fit claimbuster|clef2019|both] [--l2 1.0] [--folds 5]
                                   [--clef-folds 0] [--cache DIR] [--write]

Reads the ClaimBuster and CLEF CheckThat! 2019 training data from ../shared/eval/data/dev (never
copied here), runs the claims pipeline on them, and computes which signals each claim has. The
score of a sentence is the highest score of its claims, so the fit is a latent-max logistic
regression: pick each sentence's top-scoring claim under the current weights, refit an
L2-regularised logistic regression (Newton's method, numpy) on those claims, repeat until the
choice is stable. The bias is then shifted so that the default threshold maximises the positive
F1 on the data fitted (a score is "worth checking" at >= threshold).

Printed: the weights, and figures that check they generalise — ClaimBuster 5-fold cross-validated
F1 / ROC AUC, CLEF 2019 MAP with weights fitted on ClaimBuster alone (and the reverse), and
leave-one-debate-out MAP (``--clef-folds N`` leaves out N groups of debates instead). Nothing is written unless --write is given, which replaces the bias and the
signal weights in claims/rules/scoring.yml (comments and order kept). --cache DIR keeps the parsed docs
(spaCy DocBin, outside the repository) so that a changed word list is rescored without parsing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.model import Claim  # noqa: E402
from claims.nlp.component import claims_of  # noqa: E402
from claims.nlp.pipeline import load_pipeline  # noqa: E402
from claims.ruleset import load_rules  # noqa: E402
from claims.score import Scorer, claim_contexts  # noqa: E402

EVAL = Path(os.environ.get("CLAIMS_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV = EVAL / "data" / "dev"
SCORING = ROOT / "claims" / "rules" / "scoring.yml"


@dataclass
class Suite:
    """Claims of one dataset as signal vectors, grouped by the gold sentence they start in."""

    name: str
    X: np.ndarray  # claims × signals, 0/1
    sentence: np.ndarray  # claim → gold sentence index (-1: outside every gold sentence)
    labels: np.ndarray  # gold sentence → 0/1
    group: np.ndarray  # gold sentence → transcript (ClaimBuster: 0 for all)

    def subset(self, keep: np.ndarray) -> Suite:
        """The sentences where ``keep`` is true, renumbered."""
        new_index = np.cumsum(keep) - 1
        on = (self.sentence >= 0) & keep[np.maximum(self.sentence, 0)]
        return Suite(self.name, self.X[on], new_index[self.sentence[on]], self.labels[keep], self.group[keep])


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parsed_docs(stem: str, cache: Path | None) -> tuple[list[dict], list[Doc], list[list[Claim]]]:
    """The articles of a dev file, their docs and claims (parsed once, cached on request)."""
    nlp = load_pipeline()
    articles = read_jsonl(DEV / f"{stem}.articles.jsonl")
    cached_docs = cache / f"{stem}.spacy" if cache else None
    cached_claims = cache / f"{stem}.claims.jsonl" if cache else None
    if cached_docs and cached_docs.exists() and cached_claims and cached_claims.exists():
        docs = list(DocBin().from_disk(cached_docs).get_docs(nlp.vocab))
        stored = [[Claim.from_dict(c) for c in row] for row in read_jsonl(cached_claims)]
        if len(docs) == len(articles) == len(stored):
            return articles, docs, stored
    print(f"parsing {stem} ({len(articles)} articles)...", file=sys.stderr)
    docs, found = [], []
    for doc in nlp.pipe((a["text"] for a in articles), batch_size=64):
        found.append(claims_of(doc))
        doc.spans.clear()  # the signals read tokens, entities and sentences only
        doc.user_data.clear()
        docs.append(doc)
    if cached_docs and cached_claims:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cached_docs)
        cached_claims.write_text(
            "".join(json.dumps([c.to_dict() for c in row]) + "\n" for row in found), encoding="utf-8"
        )
    return articles, docs, found


def signal_vectors(scorer: Scorer, doc: Doc, claims: list[Claim]) -> np.ndarray:
    contexts = claim_contexts(doc, claims)
    for ctx in contexts:
        ctx.feature_words = (
            scorer.feature_words
        )  # the words features look for ("if", "will"), as Scorer.parts sets them
    return np.array([[s.present(ctx) for s in scorer.signals] for ctx in contexts], dtype=float).reshape(
        len(claims), len(scorer.signals)
    )


def load_suite(name: str, scorer: Scorer, cache: Path | None) -> Suite:
    stem = {"claimbuster": "claimbuster-train", "clef2019": "clef2019-train"}[name]
    articles, docs, found = parsed_docs(stem, cache)
    gold = {g["article_id"]: g for g in read_jsonl(DEV / f"{stem}.gold.jsonl")}
    rows, owners, labels, groups = [], [], [], []
    for number, (article, doc, claims) in enumerate(zip(articles, docs, found, strict=True)):
        X = signal_vectors(scorer, doc, claims)
        g = gold[article["id"]]
        spans = (
            [(0, len(article["text"]), g["label"])]
            if name == "claimbuster"
            else [(s["start"], s["end"], s["label"]) for s in g["sentences"]]
        )
        starts = np.array([s for s, _, _ in spans])
        first = len(labels)
        for claim, x in zip(claims, X, strict=True):
            k = int(np.searchsorted(starts, claim.start, side="right")) - 1
            inside = k >= 0 and claim.start < spans[k][1]
            rows.append(x)
            owners.append(first + k if inside else -1)
        labels.extend(label for _, _, label in spans)
        groups.extend([number if name == "clef2019" else 0] * len(spans))
    X = np.array(rows, dtype=float).reshape(len(rows), len(scorer.signals))
    return Suite(name, X, np.array(owners), np.array(labels, dtype=float), np.array(groups))


# --- scores and metrics (as ../shared/eval/claimseval.py computes them) -----------------------


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def sentence_scores(suite: Suite, bias: float, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per gold sentence: the highest claim score (0 if none) and the index of that claim (-1)."""
    claim_scores = np.round(sigmoid(bias + suite.X @ w), 4)
    best = np.zeros(len(suite.labels))
    which = np.full(len(suite.labels), -1)
    order = np.argsort(claim_scores, kind="stable")
    on = suite.sentence[order] >= 0
    best[suite.sentence[order][on]] = claim_scores[order][on]  # later (higher) scores overwrite
    which[suite.sentence[order][on]] = order[on]
    return best, which


def f1_at(scores: np.ndarray, labels: np.ndarray, threshold: float = 0.5) -> float:
    predicted = scores >= threshold
    tp = float(np.sum(predicted & (labels == 1)))
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((labels == 1).sum(), 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann-Whitney U with average ranks for ties."""
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos, neg = labels == 1, labels == 0
    n_pos, n_neg = pos.sum(), neg.sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)) if n_pos and n_neg else 0.0


def mean_average_precision(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> float:
    """Mean over transcripts of the average precision; ties keep transcript order."""
    values = []
    for g in np.unique(groups):
        s, y = scores[groups == g], labels[groups == g]
        ranked = y[np.argsort(-s, kind="stable")]
        if ranked.sum() == 0:
            values.append(0.0)
            continue
        hits = np.cumsum(ranked)
        values.append(float(np.sum((hits / np.arange(1, len(ranked) + 1))[ranked == 1]) / ranked.sum()))
    return float(np.mean(values))


def figures(suite: Suite, bias: float, w: np.ndarray) -> str:
    scores, _ = sentence_scores(suite, bias, w)
    if suite.name == "clef2019":
        return f"MAP {mean_average_precision(scores, suite.labels, suite.group):.3f}"
    return f"F1@0.5 {f1_at(scores, suite.labels):.3f}  AUC {roc_auc(scores, suite.labels):.3f}"


# --- fitting ---------------------------------------------------------------------------------


def logistic_regression(
    X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray, l2: float, start: np.ndarray | None = None
) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; returns [bias, weights...]."""
    A = np.hstack([np.ones((len(X), 1)), X])
    theta = np.zeros(A.shape[1]) if start is None else start.copy()
    penalty = np.full(A.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = sigmoid(A @ theta)
        gradient = A.T @ (sample_weight * (p - y)) + penalty * theta
        hessian = (A * (sample_weight * p * (1 - p))[:, None]).T @ A + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return theta


def fit(suites: list[Suite], l2: float, bias: float, w: np.ndarray, rounds: int = 8) -> tuple[float, np.ndarray]:
    """Latent-max fit: each sentence is represented by its top claim under the current weights.

    Each dataset weighs the same in total, and positives and negatives weigh the same within it.
    """
    theta = np.concatenate([[bias], w])
    previous = None
    for _ in range(rounds):
        rows, ys, weights, chosen = [], [], [], []
        for suite in suites:
            _, which = sentence_scores(suite, theta[0], theta[1:])
            has = which >= 0
            y = suite.labels[has]
            rows.append(suite.X[which[has]])
            ys.append(y)
            balance = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
            weights.append(balance * 1000 / len(suites))
            chosen.append(which)
        theta = logistic_regression(np.vstack(rows), np.concatenate(ys), np.concatenate(weights), l2, theta)
        key = np.concatenate(chosen)
        if previous is not None and np.array_equal(key, previous):
            break
        previous = key
    return float(theta[0]), theta[1:]


def tune_bias(suite: Suite, bias: float, w: np.ndarray) -> float:
    """The bias (w fixed) at which threshold 0.5 gives the best positive F1 on ``suite``."""
    best = (f1_at(sentence_scores(suite, bias, w)[0], suite.labels), bias)
    for shift in np.arange(-2.0, 2.01, 0.05):
        candidate = bias + shift
        best = max(best, (f1_at(sentence_scores(suite, candidate, w)[0], suite.labels), candidate))
    return float(best[1])


L2_GRID = (0.3, 1.0, 3.0, 10.0)  # the L2 penalties --l2 cv chooses from


def fold_of(suite: Suite, folds: int, seed: int = 13) -> np.ndarray:
    """Each sentence's fold: ClaimBuster by sentence, CLEF by transcript (a debate is never split)."""
    rng = np.random.default_rng(seed)
    if suite.name != "clef2019":
        return rng.permutation(len(suite.labels)) % folds
    units = np.unique(suite.group)
    return (rng.permutation(len(units)) % folds)[np.searchsorted(units, suite.group)]


def held_out_figure(suite: Suite, scores: np.ndarray) -> float:
    """The figure the acceptance reads: CLEF MAP, ClaimBuster positive F1 at 0.5."""
    if suite.name == "clef2019":
        return mean_average_precision(scores, suite.labels, suite.group)
    return f1_at(scores, suite.labels)


def choose_l2(suite: Suite, grid: tuple[float, ...], bias: float, w: np.ndarray) -> float:
    """The L2 penalty of ``grid`` with the best held-out figure in an inner cross-validation of ``suite``
    (4 folds; CLEF: 4 groups of debates), so the outer folds never see the data their penalty was chosen on."""
    inner = min(4, len(np.unique(suite.group))) if suite.name == "clef2019" else 4
    results = [(held_out_figure(suite, held_out_scores(suite, l2, bias, w, inner, seed=29)), -l2) for l2 in grid]
    return -max(results)[1]


def held_out_scores(
    suite: Suite, l2: float | tuple[float, ...], bias: float, w: np.ndarray, folds: int, seed: int = 13
) -> np.ndarray:
    """Every sentence scored by weights fitted on the other folds (bias tuned on those folds for ClaimBuster).

    ``l2`` a tuple: the penalty is chosen inside each training part (``choose_l2``): nested cross-validation.
    """
    fold = fold_of(suite, folds, seed)
    scores = np.zeros(len(suite.labels))
    for k in range(folds):
        train, test = suite.subset(fold != k), suite.subset(fold == k)
        penalty = choose_l2(train, l2, bias, w) if isinstance(l2, tuple) else l2
        b, v = fit([train], penalty, bias, w)
        if suite.name == "claimbuster":
            b = tune_bias(train, b, v)
        scores[fold == k] = sentence_scores(test, b, v)[0]
    return scores


def cross_validate(
    suite: Suite, l2: float | tuple[float, ...], bias: float, w: np.ndarray, folds: int, seed: int = 13
) -> str:
    """ClaimBuster: k-fold by sentence; CLEF: by transcript. Bias tuned on the training folds."""
    scores = held_out_scores(suite, l2, bias, w, folds, seed)
    if suite.name == "clef2019":
        return f"MAP {mean_average_precision(scores, suite.labels, suite.group):.3f}"
    return f"F1@0.5 {f1_at(scores, suite.labels):.3f}  AUC {roc_auc(scores, suite.labels):.3f}"


def print_l2_path(suites: dict[str, Suite], bias: float, w: np.ndarray, folds: dict[str, int]) -> None:
    """Held-out figures for each penalty of ``L2_GRID``: ClaimBuster k-fold, CLEF by debate, and CLEF
    scored by weights fitted on ClaimBuster alone (the weights the package ships are fitted so)."""
    print("\nL2 penalty: held-out figures")
    for l2 in L2_GRID:
        b, v = fit([suites["claimbuster"]], l2, bias, w)
        b = tune_bias(suites["claimbuster"], b, v)
        print(
            f"  l2 {l2:<5} claimbuster {cross_validate(suites['claimbuster'], l2, bias, w, folds['claimbuster'])}"
            f"   clef2019 {cross_validate(suites['clef2019'], l2, bias, w, folds['clef2019'])}"
            f"   clef2019 fitted on claimbuster {figures(suites['clef2019'], b, v)}"
        )


def write_weights(bias: float, weights: dict[str, float]) -> None:
    """Replace ``bias:`` and each signal's ``weight:`` in claims/rules/scoring.yml, keeping the rest."""
    lines = SCORING.read_text(encoding="utf-8").splitlines(keepends=True)
    current = None
    for i, line in enumerate(lines):
        if re.match(r"\s+bias:", line):
            lines[i] = re.sub(r"bias:.*", f"bias: {bias:.2f}", line)
        found = re.match(r"\s+- id: (\S+)", line)
        if found:
            current = found.group(1)
        elif current in weights and re.match(r"\s+weight:", line):
            lines[i] = re.sub(r"weight:.*", f"weight: {weights[current]:.2f}", line)
            current = None
    SCORING.write_text("".join(lines), encoding="utf-8")


def print_signal_rates(suites: dict[str, Suite], names: list[str], bias: float, w: np.ndarray) -> None:
    """How often each signal is on the top claim of a positive and of a negative sentence."""
    for name, suite in suites.items():
        pos, neg = suite.labels == 1, suite.labels == 0
        _, which = sentence_scores(suite, bias, w)
        X = np.zeros((len(suite.labels), len(names)))
        X[which >= 0] = suite.X[which[which >= 0]]
        print(
            f"\n{name}: {int(pos.sum())} positive / {int(neg.sum())} negative sentences; signal of the top claim, % of pos / neg"
        )
        print(
            "  "
            + "  ".join(f"{n} {100 * X[pos, j].mean():.0f}/{100 * X[neg, j].mean():.0f}" for j, n in enumerate(names))
        )


def penalty(value: str) -> float | tuple[float, ...]:
    """``--l2``: a number, or ``cv`` for the grid (chosen by inner cross-validation)."""
    return L2_GRID if value == "cv" else float(value)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", choices=["claimbuster", "clef2019", "both"], default="claimbuster")
    parser.add_argument(
        "--l2",
        type=penalty,
        default=1.0,
        help="L2 penalty (per 1000 weighted sentences); cv: chosen from 0.3, 1, 3, 10 by inner cross-validation",
    )
    parser.add_argument("--l2-path", action="store_true", help="print the held-out figures at each L2 of the grid")
    parser.add_argument("--folds", type=int, default=5, help="ClaimBuster cross-validation folds (by sentence)")
    parser.add_argument(
        "--clef-folds", type=int, default=0, help="CLEF 2019 folds (by debate); 0: one per debate (leave one out)"
    )
    parser.add_argument("--cache", type=Path, help="folder for parsed docs (outside the repository)")
    parser.add_argument("--write", action="store_true", help="write the fitted weights into claims/rules/scoring.yml")
    args = parser.parse_args(argv)

    scorer = Scorer(load_rules(ROOT / "claims" / "rules").lexicon("scoring"))
    names = [s.id for s in scorer.signals]
    start_w = np.array([s.weight for s in scorer.signals])
    suites = {name: load_suite(name, scorer, args.cache) for name in ("claimbuster", "clef2019")}
    folds = {"claimbuster": args.folds, "clef2019": args.clef_folds or len(np.unique(suites["clef2019"].group))}

    print("current weights:  " + "   ".join(f"{n}: {figures(s, scorer.bias, start_w)}" for n, s in suites.items()))
    print_signal_rates(suites, names, scorer.bias, start_w)
    if args.l2_path:
        print_l2_path(suites, scorer.bias, start_w, folds)

    fitted = {}
    for train in ("claimbuster", "clef2019"):
        l2 = choose_l2(suites[train], args.l2, scorer.bias, start_w) if isinstance(args.l2, tuple) else args.l2
        b, v = fit([suites[train]], l2, scorer.bias, start_w)
        if train == "claimbuster":
            b = tune_bias(suites[train], b, v)
        fitted[train] = (b, v)
        other = "clef2019" if train == "claimbuster" else "claimbuster"
        print(
            f"\nfit on {train} (l2 {l2}): {train} {figures(suites[train], b, v)} (in-sample);  {other} {figures(suites[other], b, v)} (transfer)"
        )
    nested = " (l2 chosen inside each training part)" if isinstance(args.l2, tuple) else ""
    for name, suite in suites.items():
        print(
            f"cross-validated {name} ({folds[name]} folds, by {'transcript' if name == 'clef2019' else 'sentence'}){nested}: "
            f"{cross_validate(suite, args.l2, scorer.bias, start_w, folds[name])}"
        )

    if args.fit == "both":
        l2 = choose_l2(suites["claimbuster"], args.l2, scorer.bias, start_w) if isinstance(args.l2, tuple) else args.l2
        b, v = fit(list(suites.values()), l2, scorer.bias, start_w)
        b = tune_bias(suites["claimbuster"], b, v)
    else:
        b, v = fitted[args.fit]
    print(f"\nweights fitted on {args.fit}: " + "   ".join(f"{n}: {figures(s, b, v)}" for n, s in suites.items()))
    print(f"  bias: {b:.2f}")
    for n, weight, old in zip(names, v, start_w, strict=True):
        print(f"  {n:<18} {weight:+.2f}   (was {old:+.2f})")
    if args.write:
        write_weights(b, dict(zip(names, v, strict=True)))
        print(f"→ {SCORING.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
