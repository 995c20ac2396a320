"""Re-importing a reviewed worklist into the ledger without ever losing a verdict.

Rows are matched by the hidden claim id, never by position. Every problem is collected first;
nothing is applied unless the sheet is clean or the user asked for ``partial``. Then, in one
``BEGIN IMMEDIATE`` transaction:

- a row whose claim changed since export (stale: its checksum or claim text differs from the
  ledger's) is *held*: kept in the ledger, reported, and shown on the claim's next row, not applied;
- a review that changed in the ledger after the sheet was exported, and that the sheet changes
  too, is a *conflict*: both values are kept (the ledger's stays current, the sheet's is
  recorded), it is reported and shown in the next worklist until a sheet exported after it
  changes that row;
- everything else is applied, with its history (who, when, from which file).

Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from claims.config import Settings
from claims.ledger.db import Ledger
from claims.model import Review
from claims.worklist.reader import Problem, ReadResult, SheetRow, clean, read_worklist

STALE_CHANGED = "its text, sentence or value changed since this sheet was exported"
STALE_EDITED = "the claim text was edited in the sheet"


@dataclass
class ImportReport:
    path: Path
    export_id: str | None
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0
    held: int = 0
    settled: int = 0
    pending: int = 0  # rows whose marks differ from the ledger (what an import would apply)
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]


@dataclass
class _Plan:
    usable: list[SheetRow] = field(default_factory=list)
    held: list[tuple[SheetRow, str]] = field(default_factory=list)


def import_worklist(
    path: Path, ledger: Ledger, settings: Settings, partial: bool = False, dry_run: bool = False
) -> ImportReport:
    """Validate a reviewed worklist against the ledger and apply it when it is clean (or ``partial``).

    Args:
        path: the reviewed .xlsx.
        ledger: the ledger to apply it to.
        settings: the status and verdict lists the sheet is checked against.
        partial: apply the clean rows even when other rows have blocking problems.
        dry_run: check only; ``pending`` tells how many rows an import would change.

    Raises:
        WorklistError: the file is not a readable worklist.
    """
    result = read_worklist(path, settings)
    report = ImportReport(path=path, export_id=result.export_id, rows=len(result.rows), problems=list(result.problems))
    exported = ledger.export_rows(result.export_id) if result.export_id else {}
    if not result.export_id:
        report.problems.append(
            Problem(
                None,
                "",
                "the workbook has no export id; rows are matched by claim id only and "
                "conflicts with later reviews cannot be detected",
                "",
                blocking=False,
            )
        )
    elif not ledger.export_known(result.export_id):
        report.problems.append(
            Problem(
                None,
                "",
                "this worklist was exported with another ledger; rows are matched by claim id only",
                result.export_id,
                blocking=False,
            )
        )
    plan = _check_rows(result, ledger, exported, report)
    if partial:  # a row with an error is not touched at all
        bad = {p.row for p in report.blocking if p.row is not None}
        plan.usable = [r for r in plan.usable if r.row not in bad]
        plan.held = [(r, why) for r, why in plan.held if r.row not in bad]
    current = ledger.reviews([r.claim_id for r in plan.usable])
    report.pending = sum(1 for r in plan.usable if not _same(current.get(r.claim_id), r.review))
    sheet_wide = any(p.sheet_wide for p in report.problems)
    if sheet_wide or (report.blocking and not partial) or dry_run:
        return report
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with ledger.transaction():
        import_id = ledger.start_import(str(path), sha, result.export_id)
        current = ledger.reviews([r.claim_id for r in plan.usable])  # again, inside the transaction
        mark = ledger.conflict_mark(result.export_id)
        for sheet_row, reason in plan.held:
            if not _same(current.get(sheet_row.claim_id), sheet_row.review) and ledger.hold_review(
                sheet_row.review, reason, import_id, str(path)
            ):
                report.held += 1
        for sheet_row in plan.usable:
            _apply(sheet_row, current.get(sheet_row.claim_id), exported, mark, ledger, import_id, result, report)
        ledger.finish_import(import_id, True, report.changed, len(report.problems))
    report.applied = True
    return report


def _apply(
    sheet_row: SheetRow,
    before: Review | None,
    exported: dict[str, tuple[str, int]],
    mark: int,
    ledger: Ledger,
    import_id: int,
    result: ReadResult,
    report: ImportReport,
) -> None:
    review, claim_id = sheet_row.review, sheet_row.claim_id
    if _same(before, review):
        report.unchanged += 1
        return
    exported_version = exported.get(claim_id, (None, None))[1]
    if exported_version is not None and ledger.review_version(claim_id) > exported_version:
        if _same(ledger.review_at(claim_id, exported_version), review):
            report.unchanged += 1  # the sheet did not touch it; the newer ledger value stands
            return
        if any(_same(later, review) for later in ledger.versions_after(claim_id, exported_version)):
            report.unchanged += 1  # this very value was imported before (the same sheet again)
            return
        new = False
        for name in Review.REVIEW_FIELDS:
            ledger_value, sheet_value = getattr(before, name) if before else None, getattr(review, name)
            if (ledger_value or None) != (sheet_value or None):
                new = ledger.add_conflict(claim_id, name, ledger_value, sheet_value, import_id) or new
        report.conflicts += int(new)
        changed = ", ".join(
            f.replace("_", " ")
            for f in Review.REVIEW_FIELDS
            if ((getattr(before, f) if before else None) or None) != (getattr(review, f) or None)
        )
        report.problems.append(
            Problem(
                sheet_row.row,
                "claim_id",
                f"conflict: {changed} changed in the ledger after this sheet was "
                "exported; both values kept, the ledger's stays and the next worklist shows both",
                claim_id,
                blocking=False,
            )
        )
        return
    ledger.save_review(review, import_id, str(result.path), who=result.modified_by)
    if mark:
        report.settled += ledger.settle_conflicts(claim_id, mark)
    report.changed += 1


def _check_rows(
    result: ReadResult, ledger: Ledger, exported: dict[str, tuple[str, int]], report: ImportReport
) -> _Plan:
    plan = _Plan()
    seen: dict[str, SheetRow] = {}
    duplicate_ids: set[str] = set()
    for sheet_row in result.rows:
        if sheet_row.mangled_id is not None:
            _recover_id(sheet_row, ledger, exported, report)
    known = ledger.claim_checksums([r.claim_id for r in result.rows if r.claim_id])
    stored = ledger.reviews([r.claim_id for r in result.rows if r.claim_id])

    for sheet_row in result.rows:
        claim_id = sheet_row.claim_id
        if not claim_id:
            continue
        if sheet_row.review.is_empty() and claim_id not in stored:
            continue  # nothing marked and nothing to keep
        if claim_id not in known:
            report.problems.append(
                Problem(
                    sheet_row.row,
                    "claim_id",
                    "claim id not in the ledger (exported with another ledger, or edited?)",
                    claim_id,
                )
            )
            continue
        if claim_id in seen:
            if not _same(seen[claim_id].review, sheet_row.review):
                report.problems.append(
                    Problem(
                        sheet_row.row,
                        "claim_id",
                        f"the same claim is also on row {seen[claim_id].row} with different marks; keep one",
                        claim_id,
                    )
                )
                duplicate_ids.add(claim_id)
            continue
        seen[claim_id] = sheet_row
        checksum, text, checked = known[claim_id]
        expected = sheet_row.checksum or exported.get(claim_id, (None, 0))[0]
        reason = None
        successor = ledger.successor(claim_id)
        if successor is not None:  # the article was read again since this sheet was exported
            sheet_row.claim_id = sheet_row.review.claim_id = successor[0]
            if successor[1]:  # the row's words are part of today's claim: its marks go there
                plan.usable.append(sheet_row)
                continue
            reason = STALE_CHANGED
        elif expected and expected != checksum:
            reason = STALE_CHANGED
        elif sheet_row.claim_text is not None and sheet_row.claim_text not in _shown(text, checked):
            reason = STALE_EDITED
        if reason:
            if not _same(stored.get(claim_id), sheet_row.review):
                report.problems.append(
                    Problem(
                        sheet_row.row,
                        "Claim",
                        f"stale row: {reason}; its marks are held in the ledger, "
                        "not applied, and shown on the claim's next row",
                        claim_id,
                        blocking=False,
                    )
                )
                plan.held.append((sheet_row, reason))
            continue
        plan.usable.append(sheet_row)
    if duplicate_ids:
        plan.usable = [r for r in plan.usable if r.claim_id not in duplicate_ids]
    if exported:
        missing = set(exported) - {r.claim_id for r in result.rows}
        if missing:
            report.problems.append(
                Problem(
                    None,
                    "claim_id",
                    f"{len(missing)} exported row(s) are missing from the sheet (deleted?); "
                    "nothing is deleted from the ledger",
                    ", ".join(sorted(missing)[:5]),
                    blocking=False,
                )
            )
    return plan


def _recover_id(
    sheet_row: SheetRow, ledger: Ledger, exported: dict[str, tuple[str, int]], report: ImportReport
) -> None:
    """A claim id the spreadsheet turned into a number: match it by the visible ID and the checksum, or report it."""
    short, checksum = sheet_row.short_id, sheet_row.checksum
    candidates: list[str] = []
    if short and checksum:
        candidates = [cid for cid, (chk, _) in exported.items() if cid.startswith(short) and chk == checksum]
        if not candidates and not exported:
            candidates = ledger.find_claim(short, checksum)
    if len(candidates) == 1:
        sheet_row.claim_id = sheet_row.review.claim_id = candidates[0]
        report.problems.append(
            Problem(
                sheet_row.row,
                "claim_id",
                "the spreadsheet turned the claim id into a number; "
                f"matched by the ID column and checksum to {candidates[0]}",
                sheet_row.mangled_id or "",
                blocking=False,
            )
        )
        return
    report.problems.append(
        Problem(
            sheet_row.row,
            "claim_id",
            "the spreadsheet turned the claim id into a number and the row "
            "cannot be matched; copy the id back from the exported file",
            sheet_row.mangled_id or "",
        )
    )


def _same(a: Review | None, b: Review | None) -> bool:
    def values(r: Review | None) -> tuple[str | None, ...]:
        return tuple((getattr(r, f) or None) if r else None for f in Review.REVIEW_FIELDS)

    return values(a) == values(b)


def _shown(text: str, checked: str) -> set[str | None]:
    """What a worklist's Claim cell may show of a claim: the claim as checked, or (in sheets exported
    before there was one) its text."""
    from claims.worklist.cells import safe_text

    return {clean(safe_text(text)), *([clean(safe_text(checked))] if checked else [])}


def problem_report_path(workbook: Path) -> Path:
    return workbook.with_name(workbook.stem + ".import-problems.csv")


def write_problem_report(report: ImportReport) -> Path | None:
    """Write the problems as a CSV table next to the workbook; returns its path.

    When the sheet has no problems, an old report from an earlier import is removed (it would
    describe problems that are fixed) and None is returned.
    """
    target = problem_report_path(report.path)
    if not report.problems:
        target.unlink(missing_ok=True)
        return None
    import csv

    from claims.fileio import atomic_write

    lines = [["row", "column", "reason", "value", "blocking"]] + [
        [*p.as_row(), "yes" if p.blocking else "no"] for p in sort_problems(report.problems)
    ]

    def write(handle) -> None:
        csv.writer(handle).writerows(lines)

    atomic_write(target, write, text=True)
    return target


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sheet-wide problems first, then by row, blocking before warnings within a row."""
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0, not p.blocking))


@dataclass
class Pending:
    """A worklist on disk whose marks differ from the ledger."""

    path: Path
    pending: int
    blocking: int = 0
    error: str | None = None


def pending_reviews(ledger: Ledger, settings: Settings) -> list[Pending]:
    """Worklists this ledger exported that still exist and hold marks not yet imported.

    A file nobody saved since it was exported, or whose exact bytes were imported before, is
    skipped without being read.
    """
    from claims.errors import WorklistError

    out = []
    seen: set[Path] = set()
    for export in reversed(ledger.exports()):
        path = Path(str(export["path"]))
        if path in seen or not path.exists() or path.suffix.lower() != ".xlsx":
            continue
        seen.add(path)
        if ledger.export_untouched(path) is not None or ledger.imported(hashlib.sha256(path.read_bytes()).hexdigest()):
            continue  # not saved since it was exported, or these very bytes were imported
        try:
            report = import_worklist(path, ledger, settings, dry_run=True)
        except WorklistError as exc:
            out.append(Pending(path, 0, error=str(exc)))
            continue
        if report.pending:
            out.append(Pending(path, report.pending, len(report.blocking)))
    return sorted(out, key=lambda p: str(p.path))
