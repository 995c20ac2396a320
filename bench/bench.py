"""Benchmark: claims extraction against bare spaCy parsing, memory, incremental runs, worklist round trip.

Usage:
    python bench/bench.py [CORPUS] [--words N] [--repeat N] [--jobs N] [--phases a,b] [--out bench/results/bench.json]

CORPUS is a folder or file of articles (anything ``claims extract`` reads, e.g. a .jsonl such as
../shared/eval/data/bench/bbc.jsonl). Without it, the bundled articles/ are repeated until the
corpus has about --words words (default 300,000); --repeat N reads a given corpus N times over
(copies get new ids), to see whether memory grows with the corpus. Each phase runs in its own
process so that its peak memory is its own. Times are wall-clock; the single-process phases also
record CPU seconds, which a busy shared machine disturbs less. Prints a table and writes JSON.

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


def load_corpus(corpus: str | None, words: int, repeat: int = 1) -> list:
    from claims.ingest import read_paths
    from claims.model import Article

    source = [corpus] if corpus else [str(ROOT / "articles")]
    articles = [a for a in read_paths(source) if isinstance(a, Article)]
    if corpus:
        return articles + [_copy(a, n) for n in range(1, repeat) for a in articles]
    out: list[Article] = []
    total = 0
    copy = 0
    while total < words:
        for article in articles:
            out.append(_copy(article, copy))
            total += len(article.text.split())
        copy += 1
    return out


def _copy(article, number: int):
    from claims.model import Article

    clone = Article.from_dict(article.to_dict())
    clone.id = f"{article.id}-{number}"
    return clone


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def phase(name: str, corpus: str | None, words: int, workdir: Path, repeat: int = 1) -> dict:
    from claims.nlp.pipeline import load_pipeline

    articles = load_corpus(corpus, words, repeat)
    n_words = sum(len(a.text.split()) for a in articles)
    result: dict = {"phase": name, "articles": len(articles), "words": n_words}
    if name == "bare":
        nlp = load_pipeline(with_claims=False)
        texts = [a.text for a in articles]
        start, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
    elif name.startswith("extract"):
        from claims.pipeline import extract_claims

        jobs = int(name.split("-j")[1]) if "-j" in name else 1
        nlp = load_pipeline()
        start, cpu = time.perf_counter(), time.process_time()
        claims = 0
        for _, found in extract_claims(nlp, articles, batch_size=16, jobs=jobs):
            claims += len(found)
        result["seconds"] = time.perf_counter() - start
        if jobs == 1:
            result["cpu_seconds"] = time.process_time() - cpu
        result["claims"] = claims
        result["jobs"] = jobs
    elif name in ("first", "rerun"):
        source = workdir / "corpus"  # files of 1,000 articles, as an export might come (each under --max-bytes)
        if not source.exists():
            source.mkdir()
            for first in range(0, len(articles), 1000):
                with (source / f"part-{first // 1000:04d}.jsonl").open("w", encoding="utf-8") as handle:
                    for a in articles[first : first + 1000]:
                        handle.write(
                            json.dumps({"id": a.id, "text": a.text, "title": a.title, "published": a.published}) + "\n"
                        )
        start = time.perf_counter()
        run = subprocess.run(
            [
                str(Path(sys.executable).parent / "claims"),
                "extract",
                str(source),
                "--output",
                str(workdir / "worklist.xlsx"),
                "--quiet",
            ],
            capture_output=True,
            text=True,
        )
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
    parser.add_argument("--repeat", type=int, default=1, help="read the given corpus this many times over")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--phases", help="comma-separated subset of: bare, extract, extract-jN, first, rerun, worklist")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "bench.json"))
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.corpus, args.words, Path(args.workdir), args.repeat)))
        return 0
    multi_name = f"extract-j{args.jobs}"
    phases = ["bare", "extract", multi_name, "first", "rerun", "worklist"]
    if args.phases:
        wanted = [p.strip() for p in args.phases.split(",")]
        unknown = sorted(set(wanted) - set(phases))
        if unknown:
            parser.error(f"unknown phase {', '.join(unknown)}; choose from {', '.join(phases)}")
        if ("rerun" in wanted or "worklist" in wanted) and "first" not in wanted:
            parser.error("rerun and worklist need the first phase")
        phases = [p for p in phases if p in wanted]
    results = {}
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as workdir:
        for name in phases:
            command = [
                sys.executable,
                __file__,
                "--phase",
                name,
                "--words",
                str(args.words),
                "--repeat",
                str(args.repeat),
                "--workdir",
                workdir,
            ]
            if args.corpus:
                command.insert(2, args.corpus)
            run = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
            if run.returncode:
                print(f"phase {name} failed:\n{run.stderr[-3000:]}", file=sys.stderr)
                return 1
            results[name] = json.loads(run.stdout.strip().splitlines()[-1])
            if results[name].get("exit"):
                print(f"phase {name}: claims extract failed:\n{results[name].get('stderr', '')}", file=sys.stderr)
                return 1
            print(
                f"  {name:12s} done in {results[name].get('seconds', results[name].get('import_seconds', 0)):.1f} s",
                file=sys.stderr,
            )
    first = next(iter(results.values()))
    words = first["words"]
    summary: dict = {
        "corpus": (args.corpus + (f" × {args.repeat}" if args.repeat > 1 else ""))
        if args.corpus
        else f"bundled articles repeated to {args.words:,} words",
        "articles": first["articles"],
        "words": words,
    }
    rows = [("corpus", summary["corpus"]), ("articles / words", f"{summary['articles']:,} / {words:,}")]
    rate = {name: words / results[name]["seconds"] for name in ("bare", "extract", multi_name) if name in results}
    if "bare" in rate:
        summary["bare_words_per_s"] = round(rate["bare"])
        rows.append(("bare nlp.pipe", f"{rate['bare']:,.0f} words/s"))
    if "extract" in rate:
        summary["claims_words_per_s"] = round(rate["extract"])
        summary["claims"] = results["extract"]["claims"]
        summary["peak_mb_extract"] = results["extract"]["peak_mb"]
        line = f"{rate['extract']:,.0f} words/s"
        if "bare" in rate:
            summary["ratio_claims_to_bare"] = round(rate["extract"] / rate["bare"], 3)
            summary["ratio_claims_to_bare_cpu"] = round(
                results["bare"]["cpu_seconds"] / results["extract"]["cpu_seconds"], 3
            )
            line += f"  ({summary['ratio_claims_to_bare']:.2f} × bare; by CPU time {summary['ratio_claims_to_bare_cpu']:.2f})"
        rows.append(("claims extract (1 process)", line))
    if multi_name in rate:
        summary[f"jobs{args.jobs}_words_per_s"] = round(rate[multi_name])
        summary[f"peak_mb_jobs{args.jobs}"] = results[multi_name]["peak_mb"]
        line = f"{rate[multi_name]:,.0f} words/s"
        if "extract" in rate:
            summary[f"speedup_jobs{args.jobs}"] = round(rate[multi_name] / rate["extract"], 3)
            line += f"  ({summary[f'speedup_jobs{args.jobs}']:.2f} × 1 process)"
        rows.append((f"claims extract (--jobs {args.jobs})", line))
        rows.append((f"peak memory, --jobs {args.jobs}", f"{summary[f'peak_mb_jobs{args.jobs}']:,.0f} MB"))
    if "extract" in results:
        rows.append(("claims found", f"{summary['claims']:,}"))
        rows.append(("peak memory, extract", f"{summary['peak_mb_extract']:,.0f} MB"))
    if "first" in results:
        summary["first_run_s"] = round(results["first"]["seconds"], 2)
        summary["peak_mb_first_run"] = results["first"]["peak_mb"]
        rows.append(
            (
                "first run with ledger + xlsx",
                f"{summary['first_run_s']:.1f} s (peak {summary['peak_mb_first_run']:,.0f} MB)",
            )
        )
    if "rerun" in results:
        summary["rerun_s"] = round(results["rerun"]["seconds"], 2)
        summary["rerun_fraction"] = round(results["rerun"]["seconds"] / results["first"]["seconds"], 3)
        rows.append(
            ("re-run, unchanged corpus", f"{summary['rerun_s']:.1f} s ({summary['rerun_fraction']:.1%} of the first)")
        )
    if "worklist" in results:
        summary["import_worklist_s"] = round(results["worklist"]["import_seconds"], 2)
        summary["worklist_rows"] = results["worklist"]["rows"]
        rows.append(
            ("import the worklist back", f"{summary['import_worklist_s']:.1f} s for {summary['worklist_rows']:,} rows")
        )
    summary["phases"] = results
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
