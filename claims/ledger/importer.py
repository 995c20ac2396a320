"""Re-importing a reviewed worklist into the ledger without ever losing a verdict.

Rows are matched by the hidden claim id, never by position. Every problem is collected first;
nothing is applied unless the sheet is clean or the user asked for ``partial`` (then the rows
without errors only: a row with an error is not touched at all). A reviewer column that is
missing, renamed, re-cased or repeated stops the whole import, ``partial`` or not.

Each review field is merged on its own, against the value the sheet showed when it was exported
(the ledger knows it when it knows the sheet's export id):

- the sheet shows what it was exported with: the ledger's value stands (it may be newer);
- only the sheet changed it: the sheet's value is taken, and a cell the reviewer emptied clears it;
- both changed it: a *conflict*, both values kept (the ledger's stays current, the sheet's is
  recorded), reported and shown in the next worklist until a sheet exported after it changes that row.

A blank is a deletion only when that is provable: from a sheet this ledger exported, after the
review it clears, in a column headed exactly as the project heads it. A sheet without an export id
(rewritten by pandas, say) or from another ledger can add and change reviews, never clear them,
and the report says how many values its blanks left alone.

A row whose claim changed since export (stale: its checksum or claim text differs from the
ledger's) is *held*: kept in the ledger, reported, shown on the claim's next row, not applied.
Everything is applied in one ``BEGIN IMMEDIATE`` transaction, with its history (who, when, from
which file). Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claims.config import Settings
from claims.errors import InputError, WorklistError
from claims.fileio import file_sha256
from claims.ledger.db import Ledger, path_from
from claims.model import Review
from claims.worklist.reader import Problem, ReadResult, SheetRow, clean, read_worklist

STALE_CHANGED = "its text, sentence or value changed since this sheet was exported"
STALE_EDITED = "the claim text was edited in the sheet"
NO_EXPORT_ID = (
    "the workbook has no export id (saved by a program that drops it?); rows are matched by claim id only, "
    "its blank cells do not clear reviews, and conflicts with later reviews cannot be detected"
)
OTHER_LEDGER = (
    "this worklist was exported with another ledger; rows are matched by claim id only and its blank cells "
    "do not clear reviews"
)


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
    kept: int = 0  # values a blank cell left alone (a sheet that cannot clear reviews)
    pending: int = 0  # rows an import would change (marks not in the ledger yet)
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]


@dataclass
class _Plan:
    usable: list[SheetRow] = field(default_factory=list)
    held: list[tuple[SheetRow, str]] = field(default_factory=list)


@dataclass
class _Merge:
    """What importing one row does: the review to save (None: nothing to save), conflicts, blanks left alone."""

    review: Review | None = None
    conflicts: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    kept: int = 0


_UNKNOWN = object()  # the value a sheet was exported with is not known (no export id, another ledger, a new row)


def import_worklist(
    path: Path,
    ledger: Ledger,
    settings: Settings,
    partial: bool = False,
    dry_run: bool = False,
    other_ledger: bool = False,
    read: ReadResult | None = None,
) -> ImportReport:
    """Validate a reviewed worklist against the ledger and apply it when it is clean (or ``partial``).

    Args:
        path: the reviewed .xlsx.
        ledger: the ledger to apply it to.
        settings: the status and verdict lists the sheet is checked against.
        partial: apply the rows without errors even when other rows have some.
        dry_run: check only; ``pending`` tells how many rows an import would change.
        other_ledger: import a worklist that records another ledger than this one (it can add and
            change reviews here, never clear them).
        read: the worklist already read (``read_worklist``).

    Raises:
        WorklistError: the file is not a readable worklist, or records another ledger (and not ``other_ledger``).
    """
    result = read if read is not None else read_worklist(path, settings)
    if result.ledger_id and result.ledger_id != ledger.ledger_id and not other_ledger:
        raise WorklistError(
            f"{path}: exported with another ledger ({_where(result)}), not {ledger.path}; import it into that one, "
            "or give --other-ledger to add its marks to this one (they can add and change reviews, never clear them)"
        )
    report = ImportReport(path=path, export_id=result.export_id, rows=len(result.rows), problems=list(result.problems))
    known = result.export_id is not None and ledger.export_known(result.export_id)
    exported = ledger.export_rows(result.export_id) if known and result.export_id is not None else {}
    if not known:
        report.problems.append(
            Problem(None, "", OTHER_LEDGER if result.export_id else NO_EXPORT_ID, result.export_id or "", False)
        )
    plan = _check_rows(result, ledger, exported, report)
    if partial:  # a row with an error is not touched at all
        bad = {p.row for p in report.blocking if p.row is not None}
        plan.usable = [r for r in plan.usable if r.row not in bad]
        plan.held = [(r, why) for r, why in plan.held if r.row not in bad]
    merges = _merges(plan.usable, ledger, exported)
    report.pending = sum(1 for r in plan.usable if _changes(r, merges[r.row], ledger)) + len(_to_hold(plan, ledger))
    sheet_wide = any(p.sheet_wide for p in report.problems)
    if sheet_wide or (report.blocking and not partial) or dry_run:
        return report
    sha = file_sha256(path)
    with ledger.transaction():
        import_id = ledger.start_import(str(path), sha, result.export_id)
        for sheet_row, reason in _to_hold(plan, ledger):
            report.held += int(ledger.hold_review(sheet_row.review, reason, import_id, str(path)))
        merges = _merges(plan.usable, ledger, exported)  # again, inside the transaction
        mark = ledger.conflict_mark(result.export_id)
        for sheet_row in plan.usable:
            _apply(sheet_row, merges[sheet_row.row], mark, ledger, import_id, result, report)
        ledger.finish_import(import_id, True, report.changed, len(report.problems))
    report.applied = True
    return report


def _where(result: ReadResult) -> str:
    places = result.recorded_ledgers()
    return str(places[-1]) if places else f"ledger id {result.ledger_id}"


def _merges(rows: list[SheetRow], ledger: Ledger, exported: dict[str, tuple[str, int]]) -> dict[int, _Merge]:
    """What each usable row would do to the ledger as it is now, by row number."""
    current = ledger.reviews([r.claim_id for r in rows])
    out: dict[int, _Merge] = {}
    for row in rows:
        version = exported[row.claim_id][1] if row.claim_id in exported else None
        base: Review | object | None = _UNKNOWN
        if version is not None:
            base = ledger.review_at(row.claim_id, version)

        def later(name: str, claim_id: str = row.claim_id, since: int | None = version) -> set[str | None]:
            return {_value(r, name) for r in ledger.versions_after(claim_id, since or 0)}

        out[row.row] = merge(row.review, current.get(row.claim_id), base, later)
    return out


def merge(
    sheet: Review,
    ledger: Review | None,
    base: Review | object | None,
    later: Callable[[str], set[str | None]],
) -> _Merge:
    """Field by field: the sheet's values against the ledger's and against what the sheet was exported with.

    Args:
        sheet: the row's marks.
        ledger: the review in the ledger now (None: none yet).
        base: the review as the sheet showed it when exported (None: none then), or ``_UNKNOWN``.
        later: the values a field took in the ledger after the export (a value the sheet gives that is
            among them was imported before: the same sheet again).
    """
    out = _Merge()
    values: dict[str, str | None] = {}
    for name in Review.REVIEW_FIELDS:
        mine, theirs = _value(sheet, name), _value(ledger, name)
        values[name] = theirs
        if mine == theirs:
            continue
        if base is _UNKNOWN:
            if mine is None:
                out.kept += 1  # a blank from a sheet that cannot clear reviews
            else:
                values[name] = mine
            continue
        shown = _value(base, name)  # type: ignore[arg-type]
        if mine == shown or mine in later(name):
            continue  # the sheet did not touch it, or gave this value before: the ledger's stands
        if theirs == shown:
            values[name] = mine  # only the sheet changed it (an emptied cell clears it)
        else:
            out.conflicts.append((name, theirs, mine))
    if any(values[n] != _value(ledger, n) for n in Review.REVIEW_FIELDS):
        out.review = Review(sheet.claim_id, **values)
    return out


def _value(review: Review | None, name: str) -> str | None:
    return (getattr(review, name) or None) if review is not None else None


def _changes(row: SheetRow, merged: _Merge, ledger: Ledger) -> bool:
    """Whether importing the row would change the ledger: a value to save or a conflict not recorded yet."""
    return merged.review is not None or any(
        not ledger.conflict_open(row.claim_id, name, theirs, mine) for name, theirs, mine in merged.conflicts
    )


def _to_hold(plan: _Plan, ledger: Ledger) -> list[tuple[SheetRow, str]]:
    """The stale rows whose marks differ from the claim's review and are not held already."""
    current = ledger.reviews([r.claim_id for r, _ in plan.held])
    return [
        (row, why)
        for row, why in plan.held
        if not _same(current.get(row.claim_id), row.review) and not ledger.review_held(row.review)
    ]


def _apply(
    sheet_row: SheetRow,
    merged: _Merge,
    mark: int,
    ledger: Ledger,
    import_id: int,
    result: ReadResult,
    report: ImportReport,
) -> None:
    claim_id = sheet_row.claim_id
    report.kept += merged.kept
    new = False
    for name, ledger_value, sheet_value in merged.conflicts:
        new = ledger.add_conflict(claim_id, name, ledger_value, sheet_value, import_id) or new
    if merged.conflicts:
        report.conflicts += int(new)
        fields = ", ".join(name.replace("_", " ") for name, _, _ in merged.conflicts)
        report.problems.append(
            Problem(
                sheet_row.row,
                "claim_id",
                f"conflict: {fields} changed in the ledger after this sheet was "
                "exported; both values kept, the ledger's stays and the next worklist shows both",
                claim_id,
                blocking=False,
            )
        )
    if merged.review is None:
        if not merged.conflicts:
            report.unchanged += 1
        return
    ledger.save_review(merged.review, import_id, str(result.path), who=result.modified_by)
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
        if not claim_id or (sheet_row.review.is_empty() and claim_id not in stored):
            continue  # no id (reported), or nothing marked and nothing to keep
        if claim_id not in known:
            why = "claim id not in the ledger (exported with another ledger, or edited?)"
            report.problems.append(Problem(sheet_row.row, "claim_id", why, claim_id))
            continue
        if claim_id in seen:
            if not _same(seen[claim_id].review, sheet_row.review):
                why = f"the same claim is also on row {seen[claim_id].row} with different marks; keep one"
                report.problems.append(Problem(sheet_row.row, "claim_id", why, claim_id))
                duplicate_ids.add(claim_id)
            continue
        seen[claim_id] = sheet_row
        reason = _stale(sheet_row, known[claim_id], exported, ledger)
        if reason is None:
            plan.usable.append(sheet_row)
        elif not _same(stored.get(claim_id), sheet_row.review):
            report.problems.append(
                Problem(
                    sheet_row.row,
                    "Claim",
                    f"stale row: {reason}; its marks are held in the ledger, not applied, and shown on the claim's next row",
                    claim_id,
                    blocking=False,
                )
            )
            plan.held.append((sheet_row, reason))
    if duplicate_ids:
        plan.usable = [r for r in plan.usable if r.claim_id not in duplicate_ids]
    missing = set(exported) - {r.claim_id for r in result.rows}
    if missing:
        report.problems.append(
            Problem(
                None,
                "claim_id",
                f"{len(missing)} exported row(s) are missing from the sheet (deleted?); nothing is deleted from the ledger",
                ", ".join(sorted(missing)[:5]),
                blocking=False,
            )
        )
    return plan


def _stale(
    sheet_row: SheetRow, known: tuple[str, str, str], exported: dict[str, tuple[str, int]], ledger: Ledger
) -> str | None:
    """Why a row's marks cannot be applied to its claim as it is now (None: they can).

    A row whose claim was retired since the export (the article was read again) is moved to the claim
    that states it now: as it is when the row's words are part of that claim, else held.
    """
    checksum, text, checked = known
    expected = sheet_row.checksum or exported.get(sheet_row.claim_id, (None, 0))[0]
    successor = ledger.successor(sheet_row.claim_id)
    if successor is not None:  # the article was read again since this sheet was exported
        sheet_row.claim_id = sheet_row.review.claim_id = successor[0]
        return None if successor[1] else STALE_CHANGED  # moved: the row's words are part of today's claim
    if expected and expected != checksum:
        return STALE_CHANGED
    if sheet_row.claim_text is not None and sheet_row.claim_text not in _shown(text, checked):
        return STALE_EDITED
    return None


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
    out = []
    seen: set[Path] = set()
    for export in reversed(ledger.exports()):
        path = path_from(export["path"])  # type: ignore[arg-type]
        if path in seen or not path.exists() or path.suffix.lower() != ".xlsx":
            continue
        seen.add(path)
        try:
            if ledger.export_untouched(path) is not None or ledger.imported(file_sha256(path)):
                continue  # not saved since it was exported, or these very bytes were imported
            report = import_worklist(path, ledger, settings, dry_run=True)
        except (WorklistError, InputError) as exc:
            out.append(Pending(path, 0, error=str(exc)))
            continue
        if report.pending:
            out.append(Pending(path, report.pending, len(report.blocking)))
    return sorted(out, key=lambda p: str(p.path))
