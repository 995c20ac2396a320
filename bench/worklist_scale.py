"""How long a very large worklist takes to write and to re-import, and how much memory it needs.

Builds a ledger with N synthetic claims (default 100,000, in articles of 100 claims), then runs
each step in a fresh process and reports its wall time and peak resident memory:

  write     ``claims.app.write_output``: claims streamed from the ledger, claim matching, the streaming xlsx writer
  again     ``protect_reviews`` and ``write_output`` once more on the untouched worklist: nothing changed, nothing written
  review    a reviewed copy of that export (every 10th row marked), written in streaming mode
  import    ``claims.ledger.importer.import_worklist`` of the reviewed copy
  rewrite   ``write_output`` again, now with the reviews and "previously checked" matching

Usage: .venv/bin/python bench/worklist_scale.py [--claims 100000] [--dir /tmp/worklist-scale]
Results also go to bench/results/worklist_scale.json. No spaCy is needed: claims are synthetic.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = [
    "North Korea",
    "United States",
    "Russia",
    "the European Union",
    "Chicago",
    "the World Bank",
    "Japan",
    "Brazil",
    "the United Nations",
    "Germany",
    "the Ministry of Finance",
    "Kenya",
    "Texas",
    "the IMF",
    "India",
    "Canada",
]
VERBS = ["earned", "spent", "lost", "received", "paid", "raised", "exported", "imported", "borrowed", "saved"]
THINGS = [
    "from overseas labour",
    "on road repairs",
    "in tariffs",
    "on defence",
    "from tourism",
    "on schools",
    "in aid",
    "from oil sales",
    "on hospitals",
    "in fines",
]


def synthetic(count: int, per_article: int = 100):
    """Articles and claims that look like real ones (a sentence, a figure, a named source)."""
    from claims.model import Article, Claim, Quantity, Source, make_claim_id

    rng = random.Random(7)
    for a in range(0, count, per_article):
        article_id = f"a{a // per_article:06d}"
        claims = []
        sentences = []
        offset = 0
        for n in range(min(per_article, count - a)):
            who, verb, what = rng.choice(NAMES), rng.choice(VERBS), rng.choice(THINGS)
            amount = rng.randint(1, 999)
            text = f"more than ${amount} million a year"
            sentence = f"{who.capitalize() if who[0].islower() else who} {verb} {text} {what}, according to {rng.choice(NAMES)} officials."
            start = offset + sentence.index(text)
            claim = Claim(
                article_id=article_id,
                claim_id=make_claim_id(article_id, offset, offset + len(sentence), sentence),
                type="quantity",
                text=sentence,
                start=offset,
                end=offset + len(sentence),
                sentence_start=offset,
                sentence_end=offset + len(sentence),
                rule_id="quantity.money.symbol",
                score=rng.random(),
                source=Source(text=f"{who} officials", start=None, end=None, name=who, kind="government"),
                quantities=[
                    Quantity(
                        value=amount * 1e6,
                        unit="USD",
                        text=text,
                        start=start,
                        end=start + len(text),
                        qualifier=">",
                        rate="year",
                        kind="money",
                    )
                ],
                reasons=[("figure", 1.6), ("money", 0.4)],
                paragraph=n,
                sentence=sentence,
            )
            claims.append(claim)
            sentences.append(sentence)
            offset += len(sentence) + 2
        text = "\n\n".join(sentences)
        yield (
            Article(
                id=article_id,
                text=text,
                title=f"Synthetic article {a // per_article}",
                outlet="Bench",
                url=f"https://bench.example/{article_id}",
                sha256="0" * 64,
            ),
            claims,
        )


def setup(folder: Path, count: int) -> None:
    from claims.ledger.db import Ledger
    from claims.worklist.rows import checksum

    folder.mkdir(parents=True, exist_ok=True)
    for name in (
        "ledger.sqlite",
        "ledger.sqlite-wal",
        "ledger.sqlite-shm",
        "worklist.xlsx",
        "worklist-next.xlsx",
        "reviewed.xlsx",
    ):
        (folder / name).unlink(missing_ok=True)
    with Ledger(folder / "ledger.sqlite") as ledger:
        for article, claims in synthetic(count):
            ledger.store(article, claims, "bench", {c.claim_id: checksum(c) for c in claims})


def _result(ledger):
    """The run as ``claims extract`` hands it over: articles in memory, claims streamed from the ledger."""
    from claims.app import ExtractResult
    from claims.model import Article

    class Streamed(ExtractResult):
        def all_claims(self):
            for article in self.articles:
                yield from ledger.cached(article, "bench") or []

    result = Streamed()
    for row in ledger.db.execute("SELECT id, data FROM articles ORDER BY id"):
        result.articles.append(Article.from_dict(json.loads(row["data"])))
    return result


def phase_write(folder: Path, name: str, again: bool = False) -> dict[str, object]:
    from claims.app import protect_reviews, write_output
    from claims.config import Settings
    from claims.ledger.db import Ledger

    started = time.perf_counter()
    with Ledger(folder / "ledger.sqlite") as ledger:
        if again:
            protect_reviews(folder / name, ledger, Settings())
        written = write_output(_result(ledger), folder / name, "xlsx", Settings(), ledger)
    return {
        "rows": written.rows,
        "seconds": time.perf_counter() - started,
        "bytes": written.path.stat().st_size,
        "unchanged": written.unchanged,
    }


def phase_review(folder: Path) -> dict[str, object]:
    """A reviewed copy of the last export: every 10th row marked, as checkers would, written in streaming mode."""
    from openpyxl import load_workbook

    from claims.app import worklist_rows
    from claims.config import Settings
    from claims.ledger.db import Ledger
    from claims.model import Review
    from claims.worklist.reader import export_id_of
    from claims.worklist.xlsx import write_workbook

    wb = load_workbook(folder / "worklist.xlsx", read_only=True)
    export_id = export_id_of(wb)
    wb.close()
    settings = Settings()
    verdicts = settings.verdicts
    started = time.perf_counter()
    with Ledger(folder / "ledger.sqlite") as ledger:
        result = _result(ledger)

        def reviewed():
            for n, row in enumerate(worklist_rows(result, settings, ledger)):
                if n % 10 == 0:
                    row.review = Review(
                        row.claim.claim_id, status="Done", verdict=verdicts[n % len(verdicts)], notes=f"checked {n}"
                    )
                yield row

        rows = write_workbook(folder / "reviewed.xlsx", reviewed(), result.articles, settings, export_id or "unknown")
    return {"rows": rows, "seconds": time.perf_counter() - started}


def phase_import(folder: Path) -> dict[str, object]:
    from claims.config import Settings
    from claims.ledger.db import Ledger
    from claims.ledger.importer import import_worklist

    started = time.perf_counter()
    with Ledger(folder / "ledger.sqlite") as ledger:
        report = import_worklist(folder / "reviewed.xlsx", ledger, Settings())
    return {
        "rows": report.rows,
        "changed": report.changed,
        "problems": len(report.problems),
        "applied": report.applied,
        "seconds": time.perf_counter() - started,
    }


def run_phase(phase: str, folder: Path) -> dict[str, object]:
    """Run one phase in a fresh interpreter so that its peak memory is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--dir", str(folder)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/worklist-scale"))
    parser.add_argument("--phase", choices=["setup", "write", "again", "review", "import", "rewrite"])
    args = parser.parse_args()
    if args.phase:
        started = time.perf_counter()
        cpu = time.process_time()
        if args.phase == "setup":
            setup(args.dir, args.claims)
            out: dict[str, object] = {"seconds": time.perf_counter() - started}
        elif args.phase in ("write", "again", "rewrite"):
            out = phase_write(
                args.dir,
                "worklist-next.xlsx" if args.phase == "rewrite" else "worklist.xlsx",
                again=args.phase == "again",
            )
        elif args.phase == "review":
            out = phase_review(args.dir)
        else:
            out = phase_import(args.dir)
        out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["process_cpu_seconds"] = time.process_time() - cpu  # the whole phase, loading included
        print(json.dumps(out))
        return
    subprocess.run(
        [sys.executable, __file__, "--phase", "setup", "--dir", str(args.dir), "--claims", str(args.claims)],
        check=True,
        capture_output=True,
    )
    results = {}
    for phase in ("write", "again", "review", "import", "rewrite"):
        results[phase] = run_phase(phase, args.dir)
        r = results[phase]
        print(
            f"{phase:8s} {r['seconds']:7.1f} s  peak {r['peak_mb']:6.0f} MB  cpu {r['process_cpu_seconds']:6.1f} s  "
            + "  ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb", "process_cpu_seconds")),
            flush=True,
        )
    target = ROOT / "bench" / "results" / "worklist_scale.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"claims": args.claims, "phases": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
