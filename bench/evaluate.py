"""Score the tool on the development data of ../shared/eval with its harness (claimseval.py).

Usage: python bench/evaluate.py [SUITE ...] [--halves]

Writes bench/results/<suite>.claims.jsonl (the tool's output) and bench/results/eval.json (the
scores), and prints one line per headline figure. The data stays in ../shared; nothing from it is
written into the repository (bench/results/ is ignored by git).

With ``--halves`` every suite is also scored on its two halves: half A holds the articles at even
positions of the dev file (0, 2, 4, ...), half B those at odd positions. Errors are read in half A
only; half B is scored, never read, so that it shows how the rules do on text they were not
written for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("CLAIMS_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV = EVAL / "data" / "dev"
RESULTS = ROOT / "bench" / "results"
SUITES = {
    "polnear": "polnear-dev",
    "newsquant": "newsquant-dev",
    "timeml": "timeml-dev",
    "clef2019": "clef2019-train",
    "claimbuster": "claimbuster-train",
    "worklist": "worklist-dev",
}
HEADLINES = {
    "polnear": [
        ("attribution", "f1"),
        ("attribution_strict", "f1"),
        ("source_accuracy", "value"),
        ("cue_accuracy", "value"),
    ],
    "newsquant": [("value", "f1"), ("value_unit", "f1"), ("value_change", "f1")],
    "timeml": [("value", "f1"), ("span_calendar", "f1")],
    "clef2019": [("MAP", None), ("mean_r_precision", None)],
    "claimbuster": [("positive_class", "f1"), ("roc_auc", None)],
    "worklist": [
        ("recall_at_k", "value"),
        ("important_recall_at_k", "value"),
        ("duplicate_rate_at_k", "value"),
        ("speaker_accuracy", "value"),
        ("coverage", "value"),
        ("rows_per_gold_claim", None),
    ],
}


def _run(suite: str, articles: Path, claims: Path) -> None:
    claims_cmd = str(Path(sys.executable).parent / "claims")
    env = dict(
        os.environ,
        CLAIMS_EXTRACT_CMD=f"{claims_cmd} extract {{input}} --format jsonl --output {{output}} --min-score 0 --no-ledger --quiet",
    )
    cmd = [sys.executable, str(EVAL / "claimseval.py"), "run", suite, "--articles", str(articles), "--out", str(claims)]
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"{suite}: run failed ({run.returncode}): {run.stderr.strip()[-500:]}")


def _score(suite: str, articles: Path, gold: Path, claims: Path) -> dict:
    cmd = [sys.executable, str(EVAL / "claimseval.py"), "score", suite, "--articles", str(articles)]
    cmd += ["--gold", str(gold), "--claims", str(claims), "--json"]
    score = subprocess.run(cmd, capture_output=True, text=True)
    if score.returncode:
        raise SystemExit(f"{suite}: score failed ({score.returncode}): {score.stderr.strip()[-500:]}")
    return json.loads(score.stdout)


def _half(suite: str, half: str, articles: Path, gold: Path, claims: Path) -> tuple[Path, Path, Path]:
    """Files holding only the articles of one half (A: even positions in the dev file, B: odd)."""
    lines = articles.read_text(encoding="utf-8").splitlines()
    keep_lines = [line for i, line in enumerate(lines) if i % 2 == (half == "b")]
    keep = {json.loads(line)["id"] for line in keep_lines}
    out = RESULTS / "halves"
    out.mkdir(parents=True, exist_ok=True)
    paths = (
        out / f"{suite}-{half}.articles.jsonl",
        out / f"{suite}-{half}.gold.jsonl",
        out / f"{suite}-{half}.claims.jsonl",
    )
    paths[0].write_text("\n".join(keep_lines) + "\n", encoding="utf-8")
    for source, target in ((gold, paths[1]), (claims, paths[2])):
        kept = [
            line
            for line in source.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("article_id") in keep
        ]
        target.write_text("\n".join(kept) + ("\n" if kept else ""), encoding="utf-8")
    return paths


def _figures(suite: str, metrics: dict) -> str:
    figures = []
    for name, key in HEADLINES[suite]:
        value = metrics.get(name)
        if isinstance(value, dict):
            value = value.get(key) if key else value
        label = f"{name}{'.' + key if key and key != 'value' else ''}"
        figures.append(f"{label}={value:.3f}" if isinstance(value, (int, float)) else f"{label}=?")
    return "  ".join(figures)


def main(argv: list[str]) -> int:
    halves = "--halves" in argv
    suites = [a for a in argv if not a.startswith("--")] or list(SUITES)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / "eval.json"
    scores = json.loads(out_file.read_text()) if out_file.exists() else {}
    for suite in suites:
        stem = SUITES[suite]
        articles, gold = DEV / f"{stem}.articles.jsonl", DEV / f"{stem}.gold.jsonl"
        claims = RESULTS / f"{suite}.claims.jsonl"
        _run(suite, articles, claims)
        result = _score(suite, articles, gold, claims)
        timing_file = RESULTS / f"{suite}.claims.jsonl.run.json"
        timing = json.loads(timing_file.read_text()) if timing_file.exists() else {}
        scores[suite] = {"metrics": result.get("metrics"), "counts": result.get("counts"), "run": timing}
        print(f"{suite}: " + _figures(suite, result["metrics"]))
        if halves:
            for half in ("a", "b"):
                part = _score(suite, *_half(suite, half, articles, gold, claims))
                scores[f"{suite}-{half}"] = {"metrics": part.get("metrics"), "counts": part.get("counts")}
                print(f"{suite} half {half.upper()}: " + _figures(suite, part["metrics"]))
    out_file.write_text(json.dumps(scores, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
