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
    from claims.ledger.db import Ledger
    from claims.ledger.importer import pending_reviews

    with user_errors():
        settings = load_settings(config)
        path = ledger_path(ledger, settings)
        if not path.exists():
            say(f"no ledger at {path} yet; run 'make claims' first")
            return
        with Ledger(path) as store:
            counts = store.counts()
            conflicts = store.open_conflicts()
            held = store.held_reviews()
            pending = pending_reviews(store, settings)
    for title in ("status", "verdict", "article"):
        say(f"By {title}:")
        for name, count in counts[title].items():
            say(f"  {count:6d}  {name}")
    say(f"Open conflicts: {sum(len(v) for v in conflicts.values())}")
    say(f"Reviews held (claim changed since export): {sum(len(v) for v in held.values())}")
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
