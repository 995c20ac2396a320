"""``claims status``: where the checking stands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import user_errors


def status_command(
    ledger: Annotated[Path, typer.Option("--ledger", help="Ledger file.")] = Path("exports/ledger.sqlite"),
) -> None:
    """Print counts of claims by status, verdict and article, and open conflicts.

    Example: claims status --ledger exports/ledger.sqlite
    """
    from claims.ledger.db import Ledger

    if not ledger.exists():
        typer.echo(f"no ledger at {ledger} yet; run 'make claims' first")
        return
    with user_errors(), Ledger(ledger) as store:
        counts = store.counts()
        conflicts = store.open_conflicts()
    for title in ("status", "verdict", "article"):
        typer.echo(f"By {title}:")
        for name, count in counts[title].items():
            typer.echo(f"  {count:6d}  {name}")
    typer.echo(f"Open conflicts: {sum(len(v) for v in conflicts.values())}")
