"""``claims import``: reviewed worklists back into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import say, user_errors
from claims.config import load_settings


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Reviewed worklists (.xlsx).")],
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger", help="Ledger file (default: [ledger] path in claims.toml, else exports/ledger.sqlite)."
        ),
    ] = None,
    partial: Annotated[
        bool, typer.Option("--partial", help="Apply the clean rows even when other rows have problems.")
    ] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")
    ] = None,
) -> None:
    """Import reviewers' marks (status, verdict, notes...) into the ledger.

    Rows are matched by the hidden claim id, so sorted or filtered sheets import correctly.
    Nothing is applied while any row has a problem, unless --partial is given; the problems
    are printed as a table and written next to the workbook (NAME.import-problems.csv).

    Example: claims import exports/worklist.xlsx
    """
    from claims.ledger.db import Ledger
    from claims.ledger.importer import import_worklist, sort_problems, write_problem_report

    failed = False
    with user_errors():
        settings = load_settings(config)
        with Ledger(ledger_path(ledger, settings)) as store:
            for file in files:
                report = import_worklist(file, store, settings, partial=partial)
                problems_file = write_problem_report(report)
                if report.problems:
                    say(f"{file}: {len(report.problems)} problem(s), also listed in {problems_file}:", err=True)
                    for line in problem_table(sort_problems(report.problems)):
                        say(line, err=True)
                if report.applied:
                    extra = "".join(
                        f", {n} {what}"
                        for n, what in ((report.held, "held as stale"), (report.settled, "conflict(s) settled"))
                        if n
                    )
                    say(
                        f"{file}: {report.changed} review(s) changed, {report.unchanged} unchanged, "
                        f"{report.conflicts} conflict(s){extra}"
                    )
                else:
                    failed = True
                    say(_not_applied(file, report), err=True)
    if failed:
        raise typer.Exit(1)


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
    """The ledger a command uses: ``--ledger``, else ``[ledger] path`` from claims.toml, else exports/ledger.sqlite."""
    if given is not None:
        return given
    return Path(settings.ledger_path) if settings.ledger_path else Path("exports/ledger.sqlite")


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
