"""``claims export``: reviewed claims from the ledger in publishing formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import fail, user_errors
from claims.config import load_settings


def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="claimreview (schema.org ClaimReview JSON-LD).")] = "claimreview",
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write.")] = Path("exports/claimreview.json"),
    ledger: Annotated[Path, typer.Option("--ledger", help="Ledger file.")] = Path("exports/ledger.sqlite"),
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (organisation name, rating scale).")] = None,
) -> None:
    """Export every claim with a verdict as schema.org ClaimReview JSON-LD.

    Example: claims export --format claimreview --output exports/claimreview.json
    """
    from claims.fileio import atomic_write
    from claims.ledger.db import Ledger
    from claims.model import Article, Claim
    from claims.worklist.claimreview import claim_review

    if fmt != "claimreview":
        raise fail(f"unknown export format '{fmt}'; choose: claimreview", 2)
    if not ledger.exists():
        raise fail(f"{ledger}: no ledger yet; run 'make claims' and import a reviewed worklist first")
    with user_errors():
        settings = load_settings(config)
        with Ledger(ledger) as store:
            reviews = {cid: r for cid, r in store.reviews().items() if r.verdict}
            records = []
            for claim_id, review in sorted(reviews.items()):
                row = store.db.execute("SELECT c.data AS claim, a.data AS article FROM claims c JOIN articles a ON a.id=c.article_id "
                                       "WHERE c.claim_id=?", (claim_id,)).fetchone()
                if row is None:
                    continue
                claim, article = Claim.from_dict(json.loads(row["claim"])), Article.from_dict(json.loads(row["article"]))
                records.append(claim_review(claim, article, review, settings))
        atomic_write(output, lambda handle: json.dump(records, handle, ensure_ascii=False, indent=2), text=True)
    typer.echo(f"{len(records)} ClaimReview record(s) → {output}")
