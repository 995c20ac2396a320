"""Reviewed worklists come back: verdicts are kept, carried into the next worklist, never lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"


def _extract(folder: Path) -> Path:
    out = folder / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _mark(path: Path, claim_text: str, **marks: str) -> None:
    """Mark a row the way a checker does, found by its claim text, and reverse the row order."""
    wb = load_workbook(path, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    target = next(r for r in rows if r[header.index("Claim")] == claim_text)
    for name, value in marks.items():
        target[header.index(name)] = value
    for offset, values in enumerate(reversed(rows), start=2):  # a sort: rows change places
        for col, value in enumerate(values, start=1):
            ws.cell(row=offset, column=col).value = value
    wb.save(path)


def _row(path: Path, claim_text: str) -> dict[str, object]:
    ws = load_workbook(path)["Claims"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row))
        if record["Claim"] == claim_text:
            return record
    raise AssertionError(f"no row for {claim_text!r}")


@pytest.fixture
def worklist(tmp_path: Path) -> Path:
    return _extract(tmp_path)


def test_import_then_reexport_keeps_the_verdict(worklist: Path):
    _mark(worklist, "more than $500 million annually", Status="Done", Verdict="Mostly accurate", Notes="UN panel report, 2019")
    result = CliRunner().invoke(app, ["import", str(worklist), "--ledger", str(worklist.parent / "ledger.sqlite")])
    assert result.exit_code == 0, result.output
    assert "1 review(s) changed" in result.output
    fresh = _extract(worklist.parent)
    row = _row(fresh, "more than $500 million annually")
    assert (row["Status"], row["Verdict"], row["Notes"]) == ("Done", "Mostly accurate", "UN panel report, 2019")


def test_importing_twice_changes_nothing_the_second_time(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Accurate")
    ledger = str(worklist.parent / "ledger.sqlite")
    first = CliRunner().invoke(app, ["import", str(worklist), "--ledger", ledger])
    second = CliRunner().invoke(app, ["import", str(worklist), "--ledger", ledger])
    assert "1 review(s) changed" in first.output
    assert "0 review(s) changed" in second.output


def test_unknown_verdict_blocks_the_import_and_suggests(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Acurate ")
    result = CliRunner().invoke(app, ["import", str(worklist), "--ledger", str(worklist.parent / "ledger.sqlite")])
    assert result.exit_code == 1
    assert "unknown verdict; did you mean 'Accurate'?" in result.output
    assert "nothing applied" in result.output
    assert (worklist.parent / "worklist.import-problems.csv").exists()


def test_extract_imports_marks_before_replacing_the_worklist(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Inaccurate")
    fresh = _extract(worklist.parent)  # no explicit import: extract must not lose the mark
    assert _row(fresh, "more than $500 million annually")["Verdict"] == "Inaccurate"


def test_extract_refuses_to_overwrite_marks_it_cannot_import(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Wrong-ish")
    before = worklist.read_bytes()
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(worklist), "--quiet"])
    assert result.exit_code == 1
    assert "holds reviewer marks that cannot be imported cleanly" in result.output
    assert worklist.read_bytes() == before
