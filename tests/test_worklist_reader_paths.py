"""Reading a worklist back: openpyxl's internal cell parser (fast) and its public rows read the same cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app
from claims.worklist.reader import _READ
from claims.worklist.sheetrows import fast_rows_usable, sheet_rows

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"


@pytest.fixture(scope="module")
def worklists(tmp_path_factory) -> list[Path]:
    """The seed worklist as claims writes it (inline strings), and as a spreadsheet saves it back after a
    reviewer's marks (shared strings, a date, a number, a formula, an inserted row)."""
    folder = tmp_path_factory.mktemp("paths")
    written = folder / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(SEED), "-o", str(written), "--no-ledger", "--quiet"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(written)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    column = {name: header.index(name) + 1 for name in ("Verdict", "Notes", "Evidence", "Checked on", "Status")}
    ws.cell(2, column["Verdict"]).value = "Accurate"
    ws.cell(2, column["Checked on"]).value = dt.datetime(2024, 3, 1)
    ws.cell(3, column["Notes"]).value = 42
    ws.cell(3, column["Evidence"]).value = "=HYPERLINK(\"https://example.org\")"
    ws.cell(4, column["Status"]).value = "Done"
    ws.insert_rows(5)
    ws.cell(5, column["Notes"]).value = "a row the reviewer inserted"
    saved = folder / "saved.xlsx"
    wb.save(saved)
    return [written, saved]


def test_both_ways_of_reading_a_sheet_read_the_same_cells(worklists):
    for path in worklists:
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            ws = wb["Claims"]
            assert fast_rows_usable(wb, ws)  # else both would be the public rows
            fast = list(sheet_rows(wb, ws, _READ, fast=True))
            public = list(sheet_rows(wb, ws, _READ, fast=False))
        finally:
            wb.close()
        assert fast == public, path.name
        assert len(fast) > 5
        values = {c.value for _, cells in fast for c in cells.values()}
        if path.name == "saved.xlsx":
            assert {"Accurate", 42, "a row the reviewer inserted", dt.datetime(2024, 3, 1)} <= values
            assert any(c.data_type == "f" for _, cells in fast for c in cells.values())
