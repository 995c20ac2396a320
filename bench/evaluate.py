"""Score the tool on the development data of ../shared/eval with its harness (claimseval.py).

Usage: python bench/evaluate.py [SUITE ...]    (default: every suite)
Writes bench/results/<suite>.claims.jsonl (the tool's output) and bench/results/eval.json (the
scores), and prints one line per headline figure. The data stays in ../shared; nothing from it is
written into the repository (bench/results/ is ignored by git).
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
}
HEADLINES = {
    "polnear": [("attribution", "f1"), ("attribution_strict", "f1"), ("source_accuracy", "value"), ("cue_accuracy", "value")],
    "newsquant": [("value", "f1"), ("value_unit", "f1"), ("value_change", "f1")],
    "timeml": [("value", "f1"), ("span_calendar", "f1")],
    "clef2019": [("MAP", None), ("mean_r_precision", None)],
    "claimbuster": [("positive_class", "f1"), ("roc_auc", None)],
}


def main(argv: list[str]) -> int:
    suites = argv or list(SUITES)
    RESULTS.mkdir(parents=True, exist_ok=True)
    claims_cmd = str(Path(sys.executable).parent / "claims")
    env = dict(os.environ, CLAIMS_EXTRACT_CMD=f"{claims_cmd} extract {{input}} --format jsonl --output {{output}} --min-score 0 --no-ledger --quiet")
    out_file = RESULTS / "eval.json"
    scores = json.loads(out_file.read_text()) if out_file.exists() else {}
    for suite in suites:
        stem = SUITES[suite]
        articles, gold = DEV / f"{stem}.articles.jsonl", DEV / f"{stem}.gold.jsonl"
        claims = RESULTS / f"{suite}.claims.jsonl"
        run = subprocess.run([sys.executable, str(EVAL / "claimseval.py"), "run", suite, "--articles", str(articles), "--out", str(claims)],
                             env=env, capture_output=True, text=True)
        if run.returncode:
            print(f"{suite}: run failed ({run.returncode}): {run.stderr.strip()[-500:]}")
            return run.returncode
        score = subprocess.run([sys.executable, str(EVAL / "claimseval.py"), "score", suite, "--articles", str(articles),
                                "--gold", str(gold), "--claims", str(claims), "--json"], capture_output=True, text=True)
        if score.returncode:
            print(f"{suite}: score failed ({score.returncode}): {score.stderr.strip()[-500:]}")
            return score.returncode
        result = json.loads(score.stdout)
        timing = json.loads((RESULTS / f"{suite}.claims.jsonl.run.json").read_text()) if (RESULTS / f"{suite}.claims.jsonl.run.json").exists() else {}
        scores[suite] = {"metrics": result.get("metrics"), "counts": result.get("counts"), "run": timing}
        figures = []
        for name, key in HEADLINES[suite]:
            value = result["metrics"].get(name)
            if isinstance(value, dict):
                value = value.get(key) if key else value
            figures.append(f"{name}{'.' + key if key else ''}={value:.3f}" if isinstance(value, (int, float)) else f"{name}=?")
        print(f"{suite}: " + "  ".join(figures))
    out_file.write_text(json.dumps(scores, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
