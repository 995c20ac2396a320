"""Benchmark: claims extraction against bare spaCy, whole process; memory, incremental runs, worklist round trip.

Usage:
    python bench/bench.py [CORPUS] [--words N] [--articles N] [--repeat N] [--jobs N] [--workers N]
                          [--times N] [--phases a,b] [--out bench/results/bench.json]

CORPUS is a folder or file of articles (anything ``claims extract`` reads, e.g. a .jsonl such as
../shared/eval/data/bench/bbc.jsonl). Without it, the bundled articles/ are repeated until the
corpus has about --words words (default 300,000); --articles N keeps the first N articles;
--repeat N reads a given corpus N times over (copies get new ids), to see whether memory grows
with the corpus. The corpus is written once as JSON Lines files of 1,000 articles, and every
phase reads those. Each phase runs in its own process, and each timed command in a process of
its own, timed from its start to its exit as a user sees it (Python start-up, imports, reading
the files, loading the pipeline and writing the output included). CPU seconds are the process's
and its children's (workers included), which a busy shared machine disturbs less than wall time.
Prints a table and writes JSON.

Phases (the first four are the side-by-side comparison, same corpus, same pipeline):
    bare        a process that reads the corpus and runs nlp.pipe over the texts, without the claims component
    serial      claims extract CORPUS -o claims.jsonl --no-ledger (one process)
    jobs        the same with --jobs N (default 2)
    cluster     the same with --cluster local:N (default 2; needs claims[dask])
    first/rerun claims extract with a ledger and an xlsx worklist: first run, then again on the unchanged corpus
    worklist    importing the first run's worklist back

The JSON Lines of serial, jobs and cluster are compared byte for byte. With --times N the
side-by-side phases run N times each, in turn (bare, serial, ..., bare, serial, ...) so that a change
in the machine's load falls on all of them, and the run of median wall time is reported with every
run's wall and CPU seconds; the CPU ratio is that of the median CPU times.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PHASES = ("bare", "serial", "jobs", "cluster", "first", "rerun", "worklist")
SIDE_BY_SIDE = ("bare", "serial", "jobs", "cluster")


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


def write_corpus(articles: list, folder: Path) -> None:
    """The corpus as files of 1,000 articles, as an export might come (each under --max-bytes)."""
    folder.mkdir()
    for first in range(0, len(articles), 1000):
        with (folder / f"part-{first // 1000:04d}.jsonl").open("w", encoding="utf-8") as handle:
            for a in articles[first : first + 1000]:
                record = {"id": a.id, "text": a.text, "title": a.title, "published": a.published}
                handle.write(json.dumps(record) + "\n")


def bare_run(corpus: Path) -> None:
    """What the bare phase times: read the corpus, load the pipeline without claims, parse every text."""
    from claims.ingest import read_paths
    from claims.model import Article
    from claims.nlp.pipeline import load_pipeline

    texts = [a.text for a in read_paths([str(corpus)]) if isinstance(a, Article)]
    nlp = load_pipeline(with_claims=False)
    for _ in nlp.pipe(texts, batch_size=16):
        pass


def timed(command: list[str]) -> dict:
    """Run a command; its wall time from start to exit, CPU time (with its children) and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2),
        "peak_mb": round(after.ru_maxrss / 1024, 1),  # the largest single process, workers included
        "exit": run.returncode,
    }
    if run.returncode:
        result["stderr"] = run.stderr[-2000:]
    return result


def phase(name: str, workdir: Path, jobs: int, workers: int) -> dict:
    """One run of a phase (in the process ``_run_phase`` starts for it)."""
    corpus = workdir / "corpus"
    claims = str(Path(sys.executable).parent / "claims")
    if name == "bare":
        return timed([sys.executable, __file__, "--bare-run", str(corpus)])
    if name in ("serial", "jobs", "cluster"):
        out = workdir / f"{name}.jsonl"
        extra = {"serial": [], "jobs": ["--jobs", str(jobs)], "cluster": ["--cluster", f"local:{workers}"]}[name]
        result = timed([claims, "extract", str(corpus), "-o", str(out), "--no-ledger", "--quiet", *extra])
        if out.exists():
            data = out.read_bytes()
            result["claims"] = data.count(b"\n")
            result["sha256"] = hashlib.sha256(data).hexdigest()
        return result
    if name in ("first", "rerun"):
        return timed([claims, "extract", str(corpus), "--output", str(workdir / "worklist.xlsx"), "--quiet"])
    from claims.config import Settings
    from claims.ledger.db import Ledger
    from claims.ledger.importer import import_worklist

    with Ledger(workdir / "ledger.sqlite") as ledger:
        start = time.perf_counter()
        report = import_worklist(workdir / "worklist.xlsx", ledger, Settings())
        return {"seconds": round(time.perf_counter() - start, 2), "rows": report.rows, "exit": 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=None)
    parser.add_argument("--words", type=int, default=300_000)
    parser.add_argument("--articles", type=int, default=None, help="keep the first N articles of the corpus")
    parser.add_argument("--repeat", type=int, default=1, help="read the given corpus this many times over")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the jobs phase")
    parser.add_argument("--workers", type=int, default=2, help="workers of the cluster phase's local:N")
    parser.add_argument(
        "--times", type=int, default=1, help="run bare, serial, jobs and cluster N times each, in turn (median)"
    )
    parser.add_argument("--phases", help=f"comma-separated subset of: {', '.join(PHASES)}")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "bench.json"))
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--bare-run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_run:
        bare_run(Path(args.bare_run))
        return 0
    if args.phase:
        print(json.dumps(phase(args.phase, Path(args.workdir), args.jobs, args.workers)))
        return 0
    phases = list(PHASES)
    if args.phases:
        wanted = [p.strip() for p in args.phases.split(",")]
        unknown = sorted(set(wanted) - set(phases))
        if unknown:
            parser.error(f"unknown phase {', '.join(unknown)}; choose from {', '.join(phases)}")
        if ("rerun" in wanted or "worklist" in wanted) and "first" not in wanted:
            parser.error("rerun and worklist need the first phase")
        phases = [p for p in phases if p in wanted]
    if "cluster" in phases and not _has_distributed():
        print("cluster phase left out: dask.distributed is not installed (pip install 'claims[dask]')", file=sys.stderr)
        phases.remove("cluster")
    articles = load_corpus(args.corpus, args.words, args.repeat)[: args.articles]
    summary: dict = {
        "corpus": _corpus_name(args),
        "articles": len(articles),
        "words": sum(len(a.text.split()) for a in articles),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as workdir:
        write_corpus(articles, Path(workdir) / "corpus")
        side = [p for p in phases if p in SIDE_BY_SIDE]
        runs: dict[str, list[dict]] = {name: [] for name in side}
        for _ in range(args.times if side else 0):  # in turn, so that a change of load falls on each of them
            for name in side:
                result = _run_phase(name, workdir, args)
                if result is None:
                    return 1
                runs[name].append(result)
        for name in phases:
            result = _median(runs[name]) if name in runs else _run_phase(name, workdir, args)
            if result is None:
                return 1
            results[name] = result
            print(f"  {name:8s} done in {result['seconds']:.1f} s", file=sys.stderr)
    summary["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    summary["phases"] = results
    rows = _table(summary, results, args)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"→ {out}")
    return 0


def _run_phase(name: str, workdir: str, args: argparse.Namespace) -> dict | None:
    """One run of a phase in a process of its own; None (and the error said) when it failed."""
    command = [sys.executable, __file__, "--phase", name, "--workdir", workdir]
    command += ["--jobs", str(args.jobs), "--workers", str(args.workers)]
    run = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    if run.returncode:
        print(f"phase {name} failed:\n{run.stderr[-3000:]}", file=sys.stderr)
        return None
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    if result.get("exit"):
        print(f"phase {name}: command failed:\n{result.get('stderr', '')}", file=sys.stderr)
        return None
    return result


def _median(runs: list[dict]) -> dict:
    """The run of median wall time, with every run's wall and CPU seconds."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    median = dict(ordered[len(ordered) // 2])
    if len(runs) > 1:
        median["all_seconds"] = [r["seconds"] for r in runs]
        median["all_cpu_seconds"] = [r["cpu_seconds"] for r in runs]
    return median


def _has_distributed() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def _corpus_name(args: argparse.Namespace) -> str:
    if not args.corpus:
        return f"bundled articles repeated to {args.words:,} words"
    name = args.corpus + (f" × {args.repeat}" if args.repeat > 1 else "")
    return name + (f", first {args.articles:,} articles" if args.articles else "")


def _table(summary: dict, results: dict, args: argparse.Namespace) -> list[tuple[str, str]]:
    """The printed table; the ratios also go into ``summary``."""
    words = summary["words"]
    rows = [
        ("corpus", summary["corpus"]),
        ("articles / words", f"{summary['articles']:,} / {words:,}"),
        ("load average (1, 5, 15 min) at start", ", ".join(f"{x:.2f}" for x in summary["load_average_at_start"])),
        ("whole process (start-up included)", "wall s     words/s   × bare   × serial   CPU s   peak MB"),
    ]
    labels = {
        "bare": "bare nlp.pipe, same pipeline",
        "serial": "claims extract",
        "jobs": f"claims extract --jobs {args.jobs}",
        "cluster": f"claims extract --cluster local:{args.workers}",
    }
    for name, label in labels.items():
        if name not in results:
            continue
        r = results[name]
        r["words_per_s"] = round(words / r["seconds"])
        if "bare" in results:
            r["ratio_to_bare"] = round(results["bare"]["seconds"] / r["seconds"], 3)
        if "serial" in results:
            r["ratio_to_serial"] = round(results["serial"]["seconds"] / r["seconds"], 3)
        rows.append(
            (
                f"  {label}",
                f"{r['seconds']:8.1f} {r['words_per_s']:>11,} {r.get('ratio_to_bare', float('nan')):>8.2f} "
                f"{r.get('ratio_to_serial', float('nan')):>10.2f} {r['cpu_seconds']:>7.1f} {r['peak_mb']:>9,.0f}",
            )
        )
    if "bare" in results and "serial" in results:
        bare_cpu, serial_cpu = (
            statistics.median(results[n].get("all_cpu_seconds", [results[n]["cpu_seconds"]]))
            for n in ("bare", "serial")
        )
        summary["ratio_serial_to_bare_cpu"] = round(bare_cpu / serial_cpu, 3)
        rows.append(("claims extract / bare by CPU time (median)", f"{summary['ratio_serial_to_bare_cpu']:.2f}"))
    hashes = {name: results[name]["sha256"] for name in ("serial", "jobs", "cluster") if name in results}
    if len(hashes) > 1:
        summary["same_output"] = len(set(hashes.values())) == 1
        rows.append(("claims JSONL identical across " + ", ".join(hashes), "yes" if summary["same_output"] else "NO"))
    if "serial" in results:
        rows.append(("claims found", f"{results['serial']['claims']:,}"))
    if "first" in results:
        rows.append(
            (
                "first run with ledger + xlsx",
                f"{results['first']['seconds']:.1f} s (peak {results['first']['peak_mb']:,.0f} MB)",
            )
        )
    if "rerun" in results:
        summary["rerun_fraction"] = round(results["rerun"]["seconds"] / results["first"]["seconds"], 3)
        rows.append(
            (
                "re-run, unchanged corpus",
                f"{results['rerun']['seconds']:.1f} s ({summary['rerun_fraction']:.1%} of the first)",
            )
        )
    if "worklist" in results:
        rows.append(
            (
                "import the worklist back",
                f"{results['worklist']['seconds']:.1f} s for {results['worklist']['rows']:,} rows",
            )
        )
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
