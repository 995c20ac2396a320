"""``claims export``: reviewed claims from the ledger in publishing formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import fail, say, user_errors
from claims.cli.import_ import ledger_path
from claims.config import load_settings


def export_command(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="claimreview (schema.org ClaimReview JSON-LD).")
    ] = "claimreview",
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write.")] = Path("exports/claimreview.json"),
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger", help="Ledger file (default: [ledger] path in claims.toml, else exports/ledger.sqlite)."
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (organisation name, rating scale).")
    ] = None,
) -> None:
    """Export every claim with a verdict as schema.org ClaimReview JSON-LD.

    Example: claims export --format claimreview --output exports/claimreview.json
    """
    from claims.fileio import atomic_write
    from claims.ledger.db import Ledger
    from claims.worklist.claimreview import claim_reviews, dumps

    if fmt != "claimreview":
        raise fail(f"unknown export format '{fmt}'; choose: claimreview", 2)
    with user_errors():
        settings = load_settings(config)
        path = ledger_path(ledger, settings)
        if not path.exists():
            raise fail(f"{path}: no ledger yet; run 'make claims' and import a reviewed worklist first")
        with Ledger(path) as store:
            records = claim_reviews(store, settings)
        atomic_write(output, lambda handle: handle.write(dumps(records)), text=True)
    say(f"{len(records)} ClaimReview record(s) → {output}")
