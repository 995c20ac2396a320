"""Benchmark: claims extraction against bare spaCy parsing, memory, incremental runs, worklist round trip.

Usage:
    python bench/bench.py [CORPUS] [--words N] [--jobs N] [--out bench/results/bench.json]

CORPUS is a folder or file of articles (anything ``claims extract`` reads, e.g. a .jsonl such as
../shared/eval/data/bench/bbc.jsonl). Without it, the bundled articles/ are repeated until the
corpus has about --words words (default 300,000). Each phase runs in its own process so that its
peak memory is its own. Prints a table and writes JSON.

Phases:
    bare        nlp.pipe over the texts with the same pipeline, without the claims component
    extract     the same pipeline with the claims component, claims built for every article
    extract-jN  the same with N worker processes
    first/rerun the full command flow with a ledger: first run, then again on the unchanged corpus
    worklist    writing the xlsx worklist of the first run and importing it back
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_corpus(corpus: str | None, words: int) -> list:
    from claims.ingest import read_paths
    from claims.model import Article

    source = [corpus] if corpus else [str(ROOT / "articles")]
    articles = [a for a in read_paths(source) if isinstance(a, Article)]
    if corpus:
        return articles
    out: list[Article] = []
    total = 0
    copy = 0
    while total < words:
        for article in articles:
            clone = Article.from_dict(article.to_dict())
            clone.id = f"{article.id}-{copy}"
            out.append(clone)
            total += len(article.text.split())
        copy += 1
    return out


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def phase(name: str, corpus: str | None, words: int, workdir: Path) -> dict:
    from claims.nlp.pipeline import load_pipeline

    articles = load_corpus(corpus, words)
    n_words = sum(len(a.text.split()) for a in articles)
    result: dict = {"phase": name, "articles": len(articles), "words": n_words}
    if name == "bare":
        nlp = load_pipeline(with_claims=False)
        texts = [a.text for a in articles]
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        result["seconds"] = time.perf_counter() - start
    elif name.startswith("extract"):
        from claims.pipeline import extract_claims

        jobs = int(name.split("-j")[1]) if "-j" in name else 1
        nlp = load_pipeline()
        start = time.perf_counter()
        claims = 0
        for _, found in extract_claims(nlp, articles, batch_size=16, jobs=jobs):
            claims += len(found)
        result["seconds"] = time.perf_counter() - start
        result["claims"] = claims
        result["jobs"] = jobs
    elif name in ("first", "rerun"):
        source = workdir / "corpus.jsonl"
        if not source.exists():
            with source.open("w", encoding="utf-8") as handle:
                for a in articles:
                    handle.write(json.dumps({"id": a.id, "text": a.text, "title": a.title, "published": a.published}) + "\n")
        start = time.perf_counter()
        run = subprocess.run([str(Path(sys.executable).parent / "claims"), "extract", str(source), "--output",
                              str(workdir / "worklist.xlsx"), "--quiet"], capture_output=True, text=True)
        result["seconds"] = time.perf_counter() - start
        result["exit"] = run.returncode
        if run.returncode:
            result["stderr"] = run.stderr[-2000:]
    elif name == "worklist":
        from claims.config import Settings
        from claims.ledger.db import Ledger
        from claims.ledger.importer import import_worklist

        book = workdir / "worklist.xlsx"
        with Ledger(workdir / "ledger.sqlite") as ledger:
            start = time.perf_counter()
            report = import_worklist(book, ledger, Settings())
            result["import_seconds"] = time.perf_counter() - start
            result["rows"] = report.rows
    result["peak_mb"] = round(peak_mb(), 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=None)
    parser.add_argument("--words", type=int, default=300_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "bench.json"))
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.corpus, args.words, Path(args.workdir))))
        return 0
    phases = ["bare", "extract", f"extract-j{args.jobs}", "first", "rerun", "worklist"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as workdir:
        for name in phases:
            command = [sys.executable, __file__, "--phase", name, "--words", str(args.words), "--workdir", workdir]
            if args.corpus:
                command.insert(2, args.corpus)
            run = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
            if run.returncode:
                print(f"phase {name} failed:\n{run.stderr[-3000:]}", file=sys.stderr)
                return 1
            results[name] = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"  {name:12s} done in {results[name].get('seconds', results[name].get('import_seconds', 0)):.1f} s", file=sys.stderr)
    words = results["bare"]["words"]
    bare = words / results["bare"]["seconds"]
    single = words / results["extract"]["seconds"]
    multi = words / results[f"extract-j{args.jobs}"]["seconds"]
    summary = {
        "corpus": args.corpus or f"bundled articles repeated to {args.words:,} words",
        "articles": results["bare"]["articles"],
        "words": words,
        "bare_words_per_s": round(bare),
        "claims_words_per_s": round(single),
        "ratio_claims_to_bare": round(single / bare, 3),
        f"jobs{args.jobs}_words_per_s": round(multi),
        f"speedup_jobs{args.jobs}": round(multi / single, 3),
        "claims": results["extract"]["claims"],
        "peak_mb_extract": results["extract"]["peak_mb"],
        "peak_mb_first_run": results["first"]["peak_mb"],
        "first_run_s": round(results["first"]["seconds"], 2),
        "rerun_s": round(results["rerun"]["seconds"], 2),
        "rerun_fraction": round(results["rerun"]["seconds"] / results["first"]["seconds"], 3),
        "import_worklist_s": round(results["worklist"]["import_seconds"], 2),
        "worklist_rows": results["worklist"]["rows"],
        "phases": results,
    }
    rows = [
        ("corpus", summary["corpus"]),
        ("articles / words", f"{summary['articles']:,} / {words:,}"),
        ("bare nlp.pipe", f"{bare:,.0f} words/s"),
        ("claims extract (1 process)", f"{single:,.0f} words/s  ({summary['ratio_claims_to_bare']:.2f} × bare)"),
        (f"claims extract (--jobs {args.jobs})", f"{multi:,.0f} words/s  ({summary[f'speedup_jobs{args.jobs}']:.2f} × 1 process)"),
        ("claims found", f"{summary['claims']:,}"),
        ("peak memory, extract", f"{summary['peak_mb_extract']:,.0f} MB"),
        ("first run with ledger + xlsx", f"{summary['first_run_s']:.1f} s (peak {summary['peak_mb_first_run']:,.0f} MB)"),
        ("re-run, unchanged corpus", f"{summary['rerun_s']:.1f} s ({summary['rerun_fraction']:.1%} of the first)"),
        ("import the worklist back", f"{summary['import_worklist_s']:.1f} s for {summary['worklist_rows']:,} rows"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"→ {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
