"""``claims import``: reviewed worklists back into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import user_errors
from claims.config import load_settings


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Reviewed worklists (.xlsx).")],
    ledger: Annotated[Path, typer.Option("--ledger", help="Ledger file.")] = Path("exports/ledger.sqlite"),
    partial: Annotated[bool, typer.Option("--partial", help="Apply the clean rows even when other rows have problems.")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")] = None,
) -> None:
    """Import reviewers' marks (status, verdict, notes...) into the ledger.

    Rows are matched by the hidden claim id, so sorted or filtered sheets import correctly.
    Nothing is applied while any row has a problem, unless --partial is given; the problems
    are printed and written next to the workbook.

    Example: claims import exports/worklist.xlsx
    """
    from claims.ledger.db import Ledger
    from claims.ledger.importer import import_worklist, write_problem_report

    failed = False
    with user_errors():
        settings = load_settings(config)
        with Ledger(ledger) as store:
            for file in files:
                report = import_worklist(file, store, settings, partial=partial)
                problems_file = write_problem_report(report)
                for problem in report.problems:
                    kind = "error" if problem.blocking else "warning"
                    row = f"row {problem.row}" if problem.row else "sheet"
                    typer.echo(f"{kind}: {file}: {row}, {problem.column or '-'}: {problem.reason}" +
                               (f" ({problem.value!r})" if problem.value else ""), err=True)
                if report.applied:
                    typer.echo(f"{file}: {report.changed} review(s) changed, {report.unchanged} unchanged, "
                               f"{report.conflicts} conflict(s)" + (f"; problems listed in {problems_file}" if problems_file else ""))
                else:
                    failed = True
                    typer.echo(f"{file}: nothing applied: {len(report.blocking)} problem(s) (listed in {problems_file}); "
                               "fix them and import again, or use --partial to apply the clean rows", err=True)
    if failed:
        raise typer.Exit(1)
