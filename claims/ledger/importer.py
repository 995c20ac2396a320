"""Re-importing a reviewed worklist into the ledger without ever losing a verdict.

Rows are matched by the hidden claim id. Every problem is collected first; nothing is applied
unless the sheet is clean or the user asked for ``partial``. A review that changed in the
ledger after the sheet was exported, and that the sheet changes too, is a conflict: both values
are kept (the ledger's stays current, the sheet's is recorded) and it is reported. Importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from claims.config import Settings
from claims.ledger.db import Ledger
from claims.model import Review
from claims.worklist.reader import Problem, ReadResult, read_worklist


@dataclass
class ImportReport:
    path: Path
    export_id: str | None
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]


def import_worklist(path: Path, ledger: Ledger, settings: Settings, partial: bool = False, dry_run: bool = False) -> ImportReport:
    """Validate a reviewed worklist against the ledger and apply it when it is clean (or ``partial``)."""
    result = read_worklist(path, settings)
    report = ImportReport(path=path, export_id=result.export_id, rows=len(result.rows), problems=list(result.problems))
    exported = ledger.export_rows(result.export_id) if result.export_id else {}
    if result.export_id and not ledger.export_known(result.export_id):
        report.problems.append(Problem(None, "", "this worklist was exported with another ledger; rows are matched by claim id only",
                                       result.export_id, blocking=False))
    usable = _check_rows(result, ledger, exported, report)
    if report.blocking and not partial:
        return report
    if dry_run:
        return report
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with ledger.transaction():
        import_id = ledger.start_import(str(path), sha, result.export_id)
        current = ledger.reviews([r.claim_id for r in usable])
        for sheet_row in usable:
            review = sheet_row.review
            before = current.get(review.claim_id)
            if _same(before, review):
                report.unchanged += 1
                continue
            exported_version = exported.get(review.claim_id, (None, None))[1]
            if before is not None and exported_version is not None and ledger.review_version(review.claim_id) > exported_version:
                at_export = _review_at(ledger, review.claim_id, exported_version)
                if _same(at_export, review):
                    report.unchanged += 1  # the sheet did not touch it; the newer ledger value stands
                    continue
                for name in Review.REVIEW_FIELDS:
                    ledger_value, sheet_value = getattr(before, name), getattr(review, name)
                    if (ledger_value or None) != (sheet_value or None):
                        ledger.add_conflict(review.claim_id, name, ledger_value, sheet_value, import_id)
                report.conflicts += 1
                report.problems.append(Problem(sheet_row.row, "Verdict", "conflict: changed in the ledger after this sheet was "
                                               "exported; both values kept, the ledger's stays", review.verdict or "", blocking=False))
                continue
            ledger.save_review(review, import_id, str(path))
            report.changed += 1
        ledger.finish_import(import_id, True, report.changed, len(report.problems))
    report.applied = True
    return report


def _check_rows(result: ReadResult, ledger: Ledger, exported: dict[str, tuple[str, int]], report: ImportReport):
    seen: dict[str, Review] = {}
    usable = []
    duplicate_ids: set[str] = set()
    stored = ledger.reviews([r.claim_id for r in result.rows])
    for sheet_row in result.rows:
        claim_id = sheet_row.claim_id
        if sheet_row.review.is_empty() and claim_id not in stored:
            continue  # nothing marked and nothing to keep
        if not ledger.claim_exists(claim_id):
            report.problems.append(Problem(sheet_row.row, "claim_id", "claim id not in the ledger", claim_id))
            continue
        if claim_id in seen:
            first = seen[claim_id]
            if not _same(first, sheet_row.review):
                report.problems.append(Problem(sheet_row.row, "claim_id", "the same claim appears twice with different marks", claim_id))
                duplicate_ids.add(claim_id)
            continue
        seen[claim_id] = sheet_row.review
        expected = exported.get(claim_id, (None, 0))[0]
        if expected and sheet_row.checksum and sheet_row.checksum != expected:
            report.problems.append(Problem(sheet_row.row, "checksum", "claim changed since export (stale row); not applied", sheet_row.checksum))
            continue
        usable.append(sheet_row)
    if duplicate_ids:
        usable = [r for r in usable if r.claim_id not in duplicate_ids]
    if exported:
        missing = set(exported) - {r.claim_id for r in result.rows}
        if missing:
            report.problems.append(Problem(None, "claim_id", f"{len(missing)} exported row(s) are missing from the sheet (deleted?); "
                                           "nothing is deleted from the ledger", ", ".join(sorted(missing)[:5]), blocking=False))
    return usable


def _same(a: Review | None, b: Review | None) -> bool:
    def values(r: Review | None) -> tuple[str | None, ...]:
        return tuple((getattr(r, f) or None) if r else None for f in Review.REVIEW_FIELDS)

    return values(a) == values(b)


def _review_at(ledger: Ledger, claim_id: str, version: int) -> Review | None:
    if version <= 0:
        return None
    row = ledger.db.execute("SELECT values_json FROM review_history WHERE claim_id=? AND version=? ORDER BY id DESC LIMIT 1",
                            (claim_id, version)).fetchone()
    if row is None:
        return None
    return Review(claim_id, **json.loads(row[0]))


def write_problem_report(report: ImportReport) -> Path | None:
    """Write the problems as a CSV next to the workbook; returns its path (None when clean)."""
    if not report.problems:
        return None
    import csv

    from claims.fileio import atomic_write

    target = report.path.with_name(report.path.stem + ".import-problems.csv")
    lines = [["row", "column", "reason", "value", "blocking"]] + [[*p.as_row(), "yes" if p.blocking else "no"] for p in report.problems]

    def write(handle) -> None:
        writer = csv.writer(handle)
        writer.writerows(lines)

    atomic_write(target, write, text=True)
    return target
