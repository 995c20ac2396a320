"""``claims status``: where the checking stands, and which reviewed sheets are not imported yet."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import say, user_errors
from claims.cli.import_ import ledger_path
from claims.config import load_settings


def status_command(
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger", help="Ledger file (default: [ledger] path in claims.toml, else exports/ledger.sqlite)."
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")
    ] = None,
) -> None:
    """Print counts of claims by status, verdict and article, open conflicts, and reviews pending import.

    Example: claims status --ledger exports/ledger.sqlite
    """
    from claims.ledger.db import Ledger, path_from
    from claims.ledger.importer import pending_reviews

    with user_errors():
        settings = load_settings(config)
        path = ledger_path(ledger, settings)
        if not path.exists():
            say(f"no ledger at {path} yet; run 'make claims' first")
            return
        with Ledger(path) as store:
            latest = store.latest_export()
            counts = store.counts()
            conflicts = store.open_conflicts()
            held = store.held_reviews()
            pending = pending_reviews(store, settings)
    if latest is not None:  # the same count as the worklist's summary line and its Summary sheet
        say(
            f"{latest['rows']} claims in the latest worklist, {_shown(path_from(latest['path']))} ({latest['created']})"
        )
    else:
        say(f"{sum(counts['status'].values())} claims in the ledger (no worklist exported yet)")
    for title in ("status", "verdict", "article"):
        say("By article (a claim printed in two articles counts in each):" if title == "article" else f"By {title}:")
        for name, count in counts[title].items():
            say(f"  {count:6d}  {name}")
    say(f"Open conflicts: {len(conflicts)} claim(s)")  # counted by claim, as the import counts them
    say(f"Reviews held (claim changed since export): {len(held)} claim(s)")
    if not pending:
        say("Reviews pending import: none")
        return
    say("Reviews pending import:")
    for item in pending:
        shown = _shown(item.path)
        if item.error:
            say(f"  {shown}: cannot be read ({item.error})")
        elif item.blocking:
            say(
                f"  {shown}: {item.pending} review(s) not imported; {item.blocking} problem(s) to fix first "
                f"(see: claims import {shown})"
            )
        else:
            say(f"  {shown}: {item.pending} review(s) not imported (run: claims import {shown})")


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
