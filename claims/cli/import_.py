"""``claims import``: reviewed worklists back into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import say, user_errors
from claims.config import load_settings

PENDING = 4  # exit status of --check when a worklist holds marks not imported yet


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Reviewed worklists (.xlsx).")],
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            help="Ledger file (default: the one the worklist was exported with; for a worklist that records "
            "none, [ledger] path in claims.toml, else ledger.sqlite beside it).",
        ),
    ] = None,
    partial: Annotated[
        bool, typer.Option("--partial", help="Apply the rows without errors even when other rows have some.")
    ] = False,
    other_ledger: Annotated[
        bool,
        typer.Option(
            "--other-ledger",
            help="Import a worklist exported with another ledger into this one (it adds and changes reviews, "
            "never clears them).",
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=f"Change nothing: say which worklists hold marks not imported yet (exit {PENDING})."
        ),
    ] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")
    ] = None,
) -> None:
    """Import reviewers' marks (status, verdict, notes...) into the ledger the worklist was exported with.

    Rows are matched by the hidden claim id, so sorted or filtered sheets import correctly.
    Nothing is applied while any row has a problem, unless --partial is given; the problems
    are printed as a table and written next to the workbook (NAME.import-problems.csv). A blank
    cell clears a review only in a worklist this ledger exported after that review.

    Example: claims import exports/worklist.xlsx
    """
    with user_errors():
        settings = load_settings(config)
    outcomes = [
        _check_one(file, settings, ledger) if check else _import_one(file, settings, ledger, partial, other_ledger)
        for file in files
    ]
    if any(o == PENDING for o in outcomes):
        raise typer.Exit(PENDING)
    if any(outcomes):
        raise typer.Exit(1)


def _import_one(file: Path, settings, ledger: Path | None, partial: bool, other_ledger: bool) -> int:
    """Import one worklist and print what happened; returns 0, or 1 when nothing was applied."""
    from claims.app import import_reviews
    from claims.errors import ClaimsError
    from claims.ledger.importer import sort_problems, write_problem_report

    try:
        report, _ = import_reviews(file, settings, ledger, partial=partial, other_ledger=other_ledger)
    except ClaimsError as exc:
        say(f"error: {exc}", err=True)
        return 1
    try:
        problems_file = write_problem_report(report)
    except ClaimsError as exc:
        problems_file = None
        say(f"warning: the problems are not written to a file: {exc}", err=True)
    if report.problems:
        also = f", also listed in {problems_file}" if problems_file else ""
        say(f"{file}: {len(report.problems)} problem(s){also}:", err=True)
        for line in problem_table(sort_problems(report.problems)):
            say(line, err=True)
    if not report.applied:
        say(_not_applied(file, report), err=True)
        return 1
    extra = "".join(
        f", {n} {what}"
        for n, what in (
            (report.held, "held as stale"),
            (report.settled, "conflict(s) settled"),
            (report.kept, "blank cell(s) left the ledger's value"),
        )
        if n
    )
    say(
        f"{file}: {report.changed} review(s) changed, {report.unchanged} unchanged, "
        f"{report.conflicts} conflict(s){extra}"
    )
    return 0


def _check_one(file: Path, settings, ledger: Path | None) -> int:
    """Say whether a worklist holds marks its ledger lacks; returns 0, PENDING, or 1 when it cannot be read."""
    from claims.app import marks_to_import
    from claims.errors import ClaimsError

    try:
        pending = marks_to_import(file, settings, ledger)
    except ClaimsError as exc:
        say(f"error: {exc}", err=True)
        return 1
    if pending:
        say(f"{file}: {pending} row(s) with marks not imported yet (run: claims import {file})")
        return PENDING
    say(f"{file}: no marks to import")
    return 0


def _not_applied(file: Path, report) -> str:
    sheet_wide = [p for p in report.blocking if p.sheet_wide]
    if sheet_wide:
        columns = ", ".join(f"'{p.column}'" for p in sheet_wide)
        return (
            f"{file}: nothing applied: the reviewer column(s) {columns} are missing, renamed or repeated, so a "
            "blank could not be told from a deletion; fix the header row and import again"
        )
    return (
        f"{file}: nothing applied: {len(report.blocking)} problem(s) marked 'error' must be fixed first; "
        "fix them and import again, or use --partial to apply the clean rows"
    )


def ledger_path(given: Path | None, settings) -> Path:
    """The ledger of ``claims status`` and ``claims export``: ``--ledger``, else ``[ledger] path`` from
    claims.toml, else the default worklist's (``exports/ledger.sqlite``)."""
    from claims.app import DEFAULT_WORKLIST, default_ledger_path

    return given if given is not None else default_ledger_path(DEFAULT_WORKLIST, settings)


def problem_table(problems) -> list[str]:
    """Problems as an aligned table: row, column, kind, reason, value (values cut at 40 characters)."""
    rows = [("row", "column", "kind", "reason", "value")]
    for p in problems:
        value = p.value if len(p.value) <= 40 else p.value[:39] + "…"
        rows.append((str(p.row or "-"), p.column or "-", "error" if p.blocking else "warning", p.reason, value))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return [
        "  " + "  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(r)).rstrip() for r in rows
    ]
