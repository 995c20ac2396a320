"""Helpers for tests that edit worklists the way reviewers and their tools do, by claim id.

Rows are found by the hidden claim_id column, never by claim text or row count, so the tests hold
whatever a claim is (a figure, a sentence) and however many rows an article gives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

REVIEW_COLUMNS = {
    "Status": "status",
    "Verdict": "verdict",
    "Assigned to": "assigned_to",
    "Evidence": "evidence",
    "Notes": "notes",
    "Checked on": "checked_on",
}


def claim_ids(path: Path) -> list[str]:
    """The claim ids of a worklist's rows, in row order."""
    ws = load_workbook(path, read_only=True)["Claims"]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    at = header.index("claim_id")
    return [row[at] for row in rows if row[at]]


def mark(path: Path, marks: dict[str, dict[str, object]]) -> None:
    """Set reviewer cells (``{claim_id: {"Verdict": "Accurate"}}``) and save, as Excel would."""
    edit(path, lambda ws, row_of, column_of: _set(ws, row_of, column_of, marks))


def _set(ws, row_of, column_of, marks) -> None:
    for claim_id, values in marks.items():
        for header, value in values.items():
            ws.cell(row_of(claim_id), column_of(header)).value = value


def edit(path: Path, change: Callable, save_as: Path | None = None) -> None:
    """Open a worklist with openpyxl, let ``change(ws, row_of, column_of)`` edit its Claims sheet, save it."""
    wb = load_workbook(path, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    ids = {ws.cell(r, header.index("claim_id") + 1).value: r for r in range(2, ws.max_row + 1)}
    change(ws, lambda claim_id: ids[claim_id], lambda name: header.index(name) + 1)
    wb.save(save_as or path)


def reviews(ledger: Path) -> dict[str, dict[str, str]]:
    """Every review in a ledger: ``{claim_id: {field: value}}``, blank fields left out."""
    with sqlite3.connect(ledger) as db:
        db.row_factory = sqlite3.Row
        return {
            r["claim_id"]: {f: r[f] for f in REVIEW_COLUMNS.values() if r[f] not in (None, "")}
            for r in db.execute("SELECT * FROM reviews")
        }


def row_values(path: Path, claim_id: str) -> dict[str, object]:
    """A worklist row by claim id, as ``{header: value}``."""
    ws = load_workbook(path, read_only=True)["Claims"]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    for row in rows:
        if row[header.index("claim_id")] == claim_id:
            return dict(zip(header, row, strict=False))
    raise AssertionError(f"no row for {claim_id}")


def rewrite_parts(source: Path, target: Path, change: Callable[[str, bytes], bytes | None], extra=()) -> None:
    """Copy a workbook's zip package part by part, as ``change(name, data)`` returns each (None: left out),
    then add ``extra`` parts: ``(name, chunks)``, written chunk by chunk so that a huge part is never
    held in memory."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, chunks in extra:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as handle:
                for chunk in chunks:
                    handle.write(chunk)
