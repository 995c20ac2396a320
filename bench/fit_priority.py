"""Fit the worklist priority (the ``priority`` block of claims/rules/scoring.yml) on the worklist dev half A.

Usage: python bench/fit_priority.py [--l2 1.0] [--rows 1.16] [--write]

The priority of a claim is ``logistic((scale × check-worthiness logit + priority signals + offset) /
temperature)``. The check-worthiness logit comes from the signals fitted on ClaimBuster
(bench/fit_weights.py); this script fits ``scale``, the priority signals' weights and ``offset``
as a cumulative-logit (ordinal) model of what annotators listed: 0 for a row on no listed claim,
else the importance (1–3) of the listed claim it is on, so that importance-3 claims rank above
importance-1 claims above non-claims. ``offset`` stays 0, so that a sentence with no priority
signal is "worth checking" (0.5) where the check-worthiness fitted on ClaimBuster says so;
``temperature`` is set so that at most 10% of the rows score 0.95 or more; ``floor`` is the score
under which a sentence is not a claim at all (no row), set where the claim rows per listed claim
reach ``--rows`` on half A (1.16: the statement records of the JSON Lines come on top, about 0.17),
and the coverage of the listed claims at that floor is printed, fitted and leave-one-article-out.

Only half A of the dev articles (even positions in the file) is read and fitted; half B is scored
by ``bench/evaluate.py worklist --halves`` and never looked at here. Leave-one-article-out figures
on half A are printed as the honest estimate. Nothing is written unless --write is given.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.model import Article  # noqa: E402
from claims.nlp.component import ARTICLE_KEY  # noqa: E402
from claims.nlp.pipeline import load_pipeline  # noqa: E402

EVAL = Path(os.environ.get("CLAIMS_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV = EVAL / "data" / "dev"
SCORING = ROOT / "claims" / "rules" / "scoring.yml"
sys.path.insert(0, str(EVAL))
import claimseval  # noqa: E402


def collect(half: int) -> tuple[list[str], list[dict]]:
    """Every claim of the half's articles (floor off): features, check-worthiness logit, label."""
    nlp = load_pipeline()
    component = nlp.get_pipe("claims")
    scorer = component.extractor.scorer
    scorer.floor = 0.0
    names = [s.id for s in scorer.priority_signals]
    lines = (DEV / "worklist-dev.articles.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {
        json.loads(line)["article_id"]: json.loads(line)["claims"]
        for line in (DEV / "worklist-dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
    }
    rows = []
    for position, line in enumerate(lines):
        if position % 2 != half:
            continue
        record = json.loads(line)
        article = Article(id=record["id"], text=record["text"], title=record.get("title"))
        doc = nlp.make_doc(article.text)
        doc.user_data[ARTICLE_KEY] = article.to_dict()
        for claim in nlp(doc)._.claims:
            ids = {i for i, _ in claim.reasons}
            worth = scorer.bias + sum(w for i, w in claim.reasons if i not in scorer.priority_ids)
            hits = claimseval.row_hits((claim.start, claim.end), gold[article.id])
            label = max((int(gold[article.id][j].get("importance") or 1) for j in hits), default=0)
            rows.append(
                {
                    "article": article.id,
                    "start": claim.start,
                    "end": claim.end,
                    "x": [worth] + [1.0 if n in ids else 0.0 for n in names],
                    "y": label,
                }
            )
    return names, rows


def fit(X: np.ndarray, y: np.ndarray, l2: float, steps: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative-logit model P(y >= j) = logistic(X·w − θ_j), j = 1..3, by gradient descent (L2 on w)."""
    w = np.zeros(X.shape[1])
    w[0] = 1.0
    theta = np.array([0.0, 1.0, 2.0])
    rate = 0.05
    for _ in range(steps):
        z = X @ w
        grad_w = l2 * w / len(y)
        grad_t = np.zeros(3)
        for j in range(3):
            p = 1 / (1 + np.exp(-(z - theta[j])))
            target = (y >= j + 1).astype(float)
            grad_w += X.T @ (p - target) / len(y)
            grad_t -= (p - target).sum() / len(y)
        w -= rate * grad_w
        theta -= rate * grad_t
        theta = np.maximum.accumulate(theta)
    return w, theta


def recall_at_k(rows: list[dict], scores: np.ndarray) -> tuple[float, float]:
    """recall@k and important recall@k over the rows' articles (the harness's rules, rows from this run)."""
    gold = {
        json.loads(line)["article_id"]: json.loads(line)["claims"]
        for line in (DEV / "worklist-dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
    }
    hit = total = hit3 = total3 = 0
    for article in sorted({r["article"] for r in rows}):
        mine = sorted(
            [(s, r) for s, r in zip(scores, rows) if r["article"] == article], key=lambda p: (-p[0], p[1]["start"])
        )
        claims = gold[article]
        k = len(claims)
        seen: set[int] = set()
        for _, r in mine[:k]:
            seen |= claimseval.row_hits((r["start"], r["end"]), claims)
        hit += len(seen)
        total += k
        hit3 += sum(1 for j in seen if claims[j].get("importance") == 3)
        total3 += sum(1 for c in claims if c.get("importance") == 3)
    return hit / total, hit3 / max(total3, 1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--rows", type=float, default=1.16, help="claim rows per listed claim kept above the floor (reports come on top)"
    )
    args = parser.parse_args(argv)
    names, rows = collect(half=0)
    X = np.array([r["x"] for r in rows])
    y = np.array([r["y"] for r in rows])
    print(f"half A: {len(rows)} rows, labels {np.bincount(y, minlength=4).tolist()} (0 = on no listed claim)")
    before = recall_at_k(rows, X[:, 0])
    print(f"check-worthiness alone: recall@k {before[0]:.3f}, important recall@k {before[1]:.3f}")
    articles = sorted({r["article"] for r in rows})
    held = np.zeros(len(rows))
    for article in articles:  # leave one article out
        train = np.array([r["article"] != article for r in rows])
        w, theta = fit(X[train], y[train], args.l2)
        held[~train] = X[~train] @ w - theta[0]
    cv = recall_at_k(rows, held)
    held_floor = _floor(rows, held, args.rows)
    print(
        f"priority, leave-one-article-out on half A: recall@k {cv[0]:.3f}, important recall@k {cv[1]:.3f}, "
        f"coverage at {args.rows} rows per listed claim {coverage(rows, held, held_floor):.3f}"
    )
    w, theta = fit(X, y, args.l2)
    # 0.5 stays where check-worthiness (fitted on ClaimBuster) puts it when no priority signal fires:
    # the offset that would make 0.5 "as likely listed as not" here is left out (it moves no row)
    offset = 0.0
    z = X @ w + offset
    temperature = max(1.0, float(np.quantile(z, 0.9)) / math.log(0.95 / 0.05))
    scores = 1 / (1 + np.exp(-z / temperature))
    floor = _floor(rows, scores, args.rows)
    fitted = recall_at_k(rows, z)
    print(
        f"priority fitted on all of half A: recall@k {fitted[0]:.3f}, important recall@k {fitted[1]:.3f}, "
        f"coverage {coverage(rows, scores, floor):.3f}"
    )
    print(
        f"scale {w[0]:.3f}  offset {offset:.3f} (fitted threshold {theta[0]:.3f})  temperature {temperature:.3f}  floor {floor:.3f}"
    )
    for name, weight in zip(names, w[1:]):
        print(f"  {name:32s} {weight:+.3f}")
    print(f"rows >= 0.95: {np.mean(scores >= 0.95):.1%}")
    if args.write:
        _write(w, offset, temperature, floor, names)
        print(f"written to {SCORING}")
    return 0


def coverage(rows: list[dict], scores: np.ndarray, floor: float) -> float:
    """The share of the listed claims that some row at or above ``floor`` is on."""
    gold = {
        json.loads(line)["article_id"]: json.loads(line)["claims"]
        for line in (DEV / "worklist-dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
    }
    articles = {r["article"] for r in rows}
    seen = {
        (r["article"], j)
        for s, r in zip(scores, rows)
        if s >= floor
        for j in claimseval.row_hits((r["start"], r["end"]), gold[r["article"]])
    }
    return len(seen) / sum(len(gold[a]) for a in articles)


def _floor(rows: list[dict], scores: np.ndarray, rows_per_claim: float) -> float:
    """The lowest score kept so that half A has at most ``rows_per_claim`` rows per listed claim."""
    gold_total = sum(
        len(json.loads(line)["claims"])
        for line in (DEV / "worklist-dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["article_id"] in {r["article"] for r in rows}
    )
    ordered = np.sort(scores)[::-1]
    keep = int(rows_per_claim * gold_total)
    return round(float(ordered[keep]) + 1e-4, 4) if keep < len(ordered) else 0.0


def _write(w: np.ndarray, offset: float, temperature: float, floor: float, names: list[str]) -> None:
    text = SCORING.read_text(encoding="utf-8")
    block = text[text.index("  priority:") :]
    new = block
    for key, value in (("scale", w[0]), ("offset", offset), ("temperature", temperature), ("floor", floor)):
        new = re.sub(rf"(\n    {key}: )[-0-9.]+", rf"\g<1>{value:.3f}", new, count=1)
    for name, weight in zip(names, w[1:]):
        new = re.sub(
            rf"(- id: {re.escape(name)}\n(?:        .*\n)*?        weight: )[-0-9.]+", rf"\g<1>{weight:.2f}", new
        )
    SCORING.write_text(text.replace(block, new), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
