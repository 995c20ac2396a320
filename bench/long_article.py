"""Peak memory and time of ``claims extract`` on one very long article (issue 14: a 20 MB article under 1.5 GB).

Builds a plain-text article of the given size from the paragraphs of the bundled articles
(``articles/``), repeated; each copy's figures are shifted by the copy's number, so that the
claims differ from copy to copy as they would in a real long text. Then runs

    claims extract ARTICLE --output DIR/worklist.xlsx

in a fresh process (ledger, incremental cache and xlsx worklist: the default path) and reports
its wall time, CPU time and peak resident memory (``ru_maxrss`` of the child).

Usage: .venv/bin/python bench/long_article.py [--megabytes 20] [--dir /tmp/claims-long-article] [--keep]
Results also go to bench/results/long_article.json (one entry per size, the latest run).
This is a benchmark, not a test: it takes about half an hour for 20 MB on one core.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "long_article.json"
_NUMBER = re.compile(r"\d+")


def paragraphs() -> list[str]:
    """The body paragraphs of every bundled article (the first line, the title, left out)."""
    out = []
    for path in sorted((ROOT / "articles").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
        out.extend(b for b in blocks[1:] if len(b.split()) >= 6)
    return out


def build(path: Path, size: int) -> int:
    """Write an article of about ``size`` characters; returns its length."""
    source = paragraphs()
    written = 0
    copy = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("A very long article made of the bundled articles\n\n")
        while written < size:
            for paragraph in source:
                shifted = _NUMBER.sub(lambda m, k=copy: str(int(m.group(0)) + k), paragraph)
                handle.write(shifted + "\n\n")
                written += len(shifted) + 2
                if written >= size:
                    break
            copy += 1
    return written


def run(article: Path, folder: Path) -> dict[str, object]:
    command = [
        str(ROOT / ".venv" / "bin" / "claims"),
        "extract",
        str(article),
        "--output",
        str(folder / "worklist.xlsx"),
        "--max-bytes",
        str(article.stat().st_size + 1),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "exit": done.returncode,
        "summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        "peak_mb": round(after.ru_maxrss / 1024),  # KiB on Linux
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="article size in millions of characters")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/claims-long-article"))
    parser.add_argument("--keep", action="store_true", help="keep the article, ledger and worklist")
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    article = args.dir / "long-article.txt"
    length = build(article, int(args.megabytes * 1_000_000))
    result = {"characters": length, "bytes": article.stat().st_size, **run(article, args.dir)}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    result["commit"] = commit.stdout.strip()
    print(json.dumps(result, indent=2))
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    saved[f"{args.megabytes:g}MB"] = result
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    if not args.keep:
        shutil.rmtree(args.dir, ignore_errors=True)
    if result["exit"] not in (0,):
        sys.exit(f"claims extract exited with status {result['exit']}")


if __name__ == "__main__":
    main()
