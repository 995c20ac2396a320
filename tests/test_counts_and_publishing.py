"""One claim count everywhere, ClaimReview safe to embed in a page, and `make clean` that keeps unimported marks
(issue 14)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sheets import claim_ids, mark, reviews
from typer.testing import CliRunner

from claims.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_status_counts_the_claims_the_worklist_shows(tmp_path):
    # the same story printed by two outlets: its claims are word for word the same, so they share rows
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Reprinted: " + text, encoding="utf-8")
    sheet = tmp_path / "worklist.xlsx"
    extracted = run("extract", tmp_path / "in", "--output", sheet)
    assert extracted.exit_code == 0, extracted.output
    count = int(re.match(r"(\d+) claims from 2 articles", extracted.output.splitlines()[-1]).group(1))
    assert count == len(claim_ids(sheet))
    status = run("status", "--ledger", tmp_path / "ledger.sqlite")
    lines = status.output.splitlines()
    assert lines[0].startswith(f"{count} claims in the latest worklist, ")
    by_status = lines[lines.index("By status:") + 1 : lines.index("By verdict:")]
    assert sum(int(line.split()[0]) for line in by_status) == count  # not the ledger's two copies of each claim
    by_article = lines[lines.index("By article (a claim printed in two articles counts in each):") + 1 :]
    per_article = [int(line.split()[0]) for line in by_article[:2]]
    assert per_article == [count, count]  # each article holds every claim of the story


def test_status_counts_conflicts_by_claim_as_the_import_does(tmp_path):
    sheet = tmp_path / "worklist.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0
    second = tmp_path / "second.xlsx"
    shutil.copy(sheet, second)
    first_claim = claim_ids(sheet)[0]
    mark(sheet, {first_claim: {"Verdict": "Accurate", "Notes": "UN panel"}})
    mark(second, {first_claim: {"Verdict": "Inaccurate", "Notes": "ministry figures"}})
    assert run("import", sheet).exit_code == 0
    result = run("import", second)
    assert result.output.splitlines()[-1] == f"{second}: 0 review(s) changed, 0 unchanged, 1 conflict(s)"
    status = run("status", "--ledger", tmp_path / "ledger.sqlite").output.splitlines()
    assert "Open conflicts: 1 claim(s)" in status  # two fields of one claim: one conflict, as the import said
    assert reviews(tmp_path / "ledger.sqlite") == {first_claim: {"verdict": "Accurate", "notes": "UN panel"}}


def test_claimreview_json_ld_cannot_close_the_script_element_it_is_published_in(tmp_path):
    attack = "</script><script>alert(1)</script>"
    source = tmp_path / "a.jsonl"
    record = {
        "id": "xss",
        "title": f"Budget {attack} & more",
        "url": "https://example.org/budget",
        "text": f"The council spent $4 million on roads in 2023, the mayor said. {attack} It was a record.",
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    sheet = tmp_path / "worklist.xlsx"
    assert run("extract", source, "--output", sheet, "--quiet").exit_code == 0
    mark(sheet, {claim_id: {"Verdict": "Accurate"} for claim_id in claim_ids(sheet)})
    assert run("import", sheet).exit_code == 0
    out = tmp_path / "claimreview.json"
    result = run("export", "--ledger", tmp_path / "ledger.sqlite", "--output", out)
    assert result.exit_code == 0, result.output
    published = out.read_text(encoding="utf-8")
    assert not set("<>&") & set(published)
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 more" in published
    records = json.loads(published)  # the escapes read back as the same text
    assert {r["itemReviewed"]["appearance"][0]["headline"] for r in records} == {record["title"]}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_refuses_while_a_worklist_holds_marks_not_imported(tmp_path):
    project = tmp_path / "project"
    sheet = project / "exports" / "worklist.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0
    (project / "exports" / "claims.jsonl").write_text("{}\n")
    first_claim = claim_ids(sheet)[0]
    mark(sheet, {first_claim: {"Verdict": "Accurate"}})
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "clean", f"BIN={Path(sys.executable).parent}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}  # under `make test` too
    refused = subprocess.run(make, cwd=project, capture_output=True, text=True, env=env)
    assert refused.returncode != 0
    assert refused.stdout.splitlines() == [
        "exports/worklist.xlsx: 1 row(s) with marks not imported yet (run: claims import exports/worklist.xlsx)",
        "make clean: nothing removed: a worklist above holds marks not in the ledger yet (import it, or move it aside)",
    ]
    assert sheet.exists() and (project / "exports" / "claims.jsonl").exists()
    assert run("import", sheet).exit_code == 0
    cleaned = subprocess.run(make, cwd=project, capture_output=True, text=True, env=env)
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    assert not sheet.exists() and not (project / "exports" / "claims.jsonl").exists()
    assert reviews(project / "exports" / "ledger.sqlite") == {first_claim: {"verdict": "Accurate"}}
