"""What the commands do, without the command line: extract, write the worklist, import reviews.

The flow is files → articles → claims → ledger → worklist. The ledger (SQLite) keeps every
article's claims and every review, so that an unchanged article is not parsed again and no
verdict is lost between worklists.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claims.config import Settings
from claims.errors import ClaimsError, InputError
from claims.fileio import atomic_write, free_path
from claims.ingest import ReadOptions, Skipped, read_paths
from claims.ledger.db import Ledger
from claims.model import Article, Claim
from claims.ruleset import RuleSet
from claims.score import Scorer
from claims.worklist.rows import WorklistRow, checksum

if TYPE_CHECKING:
    from claims.ledger.importer import ImportReport
    from claims.worklist.plan import WorklistPlan
    from claims.worklist.reader import ReadResult

FORMATS = ("xlsx", "jsonl", "csv")


@dataclass
class ExtractOptions:
    model: str | None = None
    rules: str | os.PathLike[str] | RuleSet | None = None  # a rules folder, or the rule set resolved from it
    jobs: int = 1
    cluster: str | None = None  # a Dask scheduler address or local:N (claims.cluster)
    batch_size: int = 16
    min_score: float = 0.0
    ledger_path: Path | None = None
    incremental: bool = True
    max_bytes: int = 20 * 1024 * 1024
    follow_symlinks: bool = False
    output: Path | None = None  # the run's output: not read back from a folder being read

    def ruleset(self) -> RuleSet:
        """The run's rule set, resolved once (``claims.resolve.resolve_rules``) and used by every step."""
        if not isinstance(self.rules, RuleSet):
            from claims.resolve import resolve_rules

            self.rules = resolve_rules(self.rules)
        return self.rules


@dataclass
class ExtractResult:
    """What a run found: its articles in input order, and their claims.

    With a ledger, claims are not held in memory: ``all_claims()`` streams them from the ledger,
    and the articles kept here have no text (the claims carry their sentences).
    """

    articles: list[Article] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files of the folders read that were not read
    parsed: int = 0
    reused: int = 0
    ledger: Ledger | None = None
    min_score: float = 0.0

    def all_claims(self) -> Iterator[Claim]:
        """Every claim of the run, article by article, at or above the run's minimum score."""
        if self.ledger is not None and not self.claims:
            for claim in self.ledger.claims_for_articles(a.id for a in self.articles):
                if claim.score >= self.min_score:
                    yield claim
            return
        for article in self.articles:
            yield from self.claims.get(article.id, [])


def extract(
    paths: Iterable[str | Path],
    options: ExtractOptions | None = None,
    ledger: Ledger | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_claims: Callable[[Article, list[Claim]], None] | None = None,
) -> ExtractResult:
    """Read the paths and extract claims from every readable article, streaming.

    Unreadable files become entries in ``errors`` (and go to ``on_error`` at once); the rest goes on.
    With a ledger, articles extracted before with the same text and rules are not parsed again, and
    claims are stored there rather than kept in memory. ``on_claims`` receives each article's claims
    (at or above ``min_score``) as they are ready, instead of keeping them. ``on_total`` gets the
    number of articles once all files are read, before parsing starts; ``on_article`` is called as
    each article is done (unchanged ones while the files are read; on a cluster, as its task ends).
    """
    options = options or ExtractOptions()
    result = ExtractResult(ledger=ledger, min_score=options.min_score)
    fresh: list[Article] = []
    rules_version = _rules_version(options) if ledger is not None else None

    def done(article: Article, claims: list[Claim] | None, progress: bool = True) -> None:
        if claims is not None:
            kept = [c for c in claims if c.score >= options.min_score]
            if on_claims is not None:
                on_claims(article, kept)
            elif ledger is None:
                result.claims[article.id] = kept
        if on_article and progress:
            on_article(article)

    def failed(error: InputError) -> None:
        result.errors.append(error)
        if on_error:
            on_error(error)

    for item in _unique_articles(paths, options, failed, result.skipped.append):
        if ledger is not None and options.incremental and ledger.is_current(item, rules_version or ""):
            result.articles.append(_without_text(item))
            result.reused += 1
            done(item, ledger.cached(item, rules_version or "") if on_claims is not None else None)
            continue
        result.articles.append(item if ledger is None else _without_text(item))
        fresh.append(item)
    if on_total:
        on_total(len(result.articles))
    for article, claims in _parse(fresh, options, on_article):
        if isinstance(claims, InputError):  # an article the cluster could not parse: reported like a bad file
            result.articles = [a for a in result.articles if a.id != article.id]
            failed(claims)
            continue
        result.parsed += 1
        if ledger is not None:
            ledger.store(article, claims, rules_version or "", {c.claim_id: checksum(c) for c in claims})
        done(article, claims, progress=not options.cluster)
    return result


def _unique_articles(
    paths: Iterable[str | Path],
    options: ExtractOptions,
    failed: Callable[[InputError], None],
    skipped: Callable[[Skipped], None],
) -> Iterator[Article]:
    """The readable articles of the paths, each once (the same text twice gives its claims once).

    Two articles with the same id and different texts (records of two files): the first one read is
    kept (files are read in the order given, folders sorted), the other is an InputError.
    """
    seen: dict[str, tuple[str, str]] = {}  # article id: (where it was read, a digest of its text)
    read_options = ReadOptions(
        max_bytes=options.max_bytes,
        ruleset=options.ruleset(),
        follow_symlinks=options.follow_symlinks,
        output=str(options.output) if options.output else None,
    )
    for item in read_paths([str(p) for p in paths], read_options):
        if isinstance(item, Skipped):
            skipped(item)
            continue
        if isinstance(item, InputError):
            failed(item)
            continue
        digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if item.id not in seen:
            seen[item.id] = (item.path or item.id, digest)
            yield item
        elif seen[item.id][1] != digest:
            failed(
                InputError(
                    item.path or item.id,
                    f"article id '{item.id}' was read before from {seen[item.id][0]} with another text; "
                    "skipped (the first one is kept)",
                )
            )


def _parse(
    articles: list[Article], options: ExtractOptions, on_article: Callable[[Article], None] | None
) -> Iterator[tuple[Article, list[Claim] | InputError]]:
    """Each article with its claims, in input order: in this process, in ``--jobs`` workers or on a cluster.

    On a cluster, ``on_article`` follows the cluster's tasks as they finish (a progress bar), and
    an article that failed there comes with its error instead of claims.
    """
    if not articles:
        return
    if options.cluster:
        from claims.cluster import extract_on_cluster

        yield from extract_on_cluster(
            articles,
            options.cluster,
            options.model,
            str(options.ruleset().directory),
            options.batch_size,
            on_done=on_article,
        )
        return
    from claims.nlp.parse import extract_claims
    from claims.nlp.pipeline import load_pipeline

    nlp = load_pipeline(options.model, rules=options.ruleset())
    freeze_long_lived()
    yield from extract_claims(nlp, articles, batch_size=options.batch_size, jobs=options.jobs)


def freeze_long_lived() -> None:
    """Exempt what exists now (the pipeline, the rules, the articles read) from the cyclic garbage collector.

    Parsing makes many short-lived objects, so the collector runs often, and each full collection
    walked the hundred thousand objects of the loaded pipeline again: about 1.5 % of a run's CPU
    time. They live until the process ends; ``gc.freeze`` moves them out of the collector's view.
    """
    gc.freeze()


def _without_text(article: Article) -> Article:
    """The article's record without its text, for runs that keep many articles."""
    return dataclasses.replace(article, text="")


def _rules_version(options: ExtractOptions) -> str:
    from claims.nlp.pipeline import model_name

    return f"{options.ruleset().version}:{model_name(options.model)}"


def worklist_plan(
    result: ExtractResult, settings: Settings, ledger: Ledger | None, rules: str | RuleSet | None = None
) -> WorklistPlan:
    """The worklist's rows in order, with reviews, conflicts and held reviews from the ledger, and claim matching.

    Exact duplicates share one row; claims that state the same thing sit together (Group column)
    and are flagged "previously checked" when the ledger holds a verdict for one of them. Only
    compact keys are kept for every claim; with a ledger, the full claims are fetched from it in
    batches as the rows are built (``plan.rows()``).
    """
    from claims.resolve import resolve_rules
    from claims.worklist.matching import MatchingWords
    from claims.worklist.plan import plan_worklist

    rule_set = resolve_rules(rules)
    return plan_worklist(
        result.all_claims(),
        result.articles,
        settings,
        ledger,
        Scorer(rule_set.lexicon("scoring")),
        rule_set.version,
        MatchingWords.of(rule_set.lexicon("claim")),
    )


def worklist_rows(
    result: ExtractResult, settings: Settings, ledger: Ledger | None, rules: str | RuleSet | None = None
) -> Iterator[WorklistRow]:
    """The worklist's rows in order, built as they are consumed (see ``worklist_plan``)."""
    return worklist_plan(result, settings, ledger, rules).rows()


@dataclass(frozen=True)
class Written:
    """What ``write_output`` did. Unpacks as ``(path, rows)``."""

    path: Path
    rows: int
    unchanged: bool = False  # the worklist on disk already showed exactly these rows, so it was not written again

    def __iter__(self) -> Iterator[object]:
        return iter((self.path, self.rows))


def write_output(
    result: ExtractResult,
    output: Path,
    fmt: str,
    settings: Settings,
    ledger: Ledger | None,
    rules: str | RuleSet | None = None,
) -> Written:
    """Write the worklist in the chosen format, atomically. Returns the path written and the row count.

    An xlsx worklist that is open in Excel or LibreOffice is not replaced: the new one goes to
    the first free ``NAME-2.xlsx``, ``NAME-3.xlsx``... An xlsx worklist that nobody saved since
    this ledger exported it, and whose rows would come out the same, is left as it is
    (``unchanged``).
    """
    with _fewer_collections():
        return _write_output(result, output, fmt, settings, ledger, rules)


@contextmanager
def _fewer_collections(first: int = 100_000) -> Iterator[None]:
    """Python's cyclic garbage collector, run less often while a worklist is written.

    By default it runs after every 700 new objects and now and then walks every object the
    process holds. A worklist's plan holds millions of small long-lived objects (keys, matching
    signatures), so those walks cost about a tenth of writing a 100,000-claim worklist. Nothing
    here makes many reference cycles; collections still run, only rarer.
    """
    saved = gc.get_threshold()
    gc.set_threshold(max(saved[0], first), max(saved[1], 50), max(saved[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _write_output(
    result: ExtractResult,
    output: Path,
    fmt: str,
    settings: Settings,
    ledger: Ledger | None,
    rules: str | RuleSet | None,
) -> Written:
    from claims.worklist.formats import write_csv, write_jsonl

    if fmt == "jsonl":
        count = 0

        def jsonl(handle) -> None:
            nonlocal count
            count = write_jsonl(handle, result.all_claims(), reports=result.min_score <= 0)

        atomic_write(output, jsonl, text=True)
        return Written(output, count)
    plan = worklist_plan(result, settings, ledger, rules)
    if fmt == "csv":
        atomic_write(output, lambda handle: write_csv(handle, plan.rows()), text=True)
        return Written(output, len(plan))
    from claims.worklist.xlsx import write_workbook

    target = free_path(output)
    if ledger is not None and target == output:
        last = ledger.export_untouched(output)
        if last is not None and last["fingerprint"] == plan.fingerprint:
            return Written(output, len(plan), unchanged=True)
    export_id = new_export_id()
    shown: list[tuple[str, str]] = []

    def rows() -> Iterator[WorklistRow]:
        for row in plan.rows():
            shown.append((row.claim.claim_id, row.checksum))
            yield row

    recorded = _ledger_properties(ledger, target)
    atomic_write(
        target,
        lambda temp: write_workbook(
            temp, rows(), result.articles, settings, export_id, plan.claim_counts, properties=recorded
        ),
        by_path=True,
    )
    if ledger is not None:
        ledger.record_export(
            export_id, str(target.resolve()), shown, plan.fingerprint, article_rows=dict(plan.claim_counts)
        )
    return Written(target, len(plan))


def _ledger_properties(ledger: Ledger | None, workbook: Path) -> dict[str, str]:
    """What a worklist records of the ledger it is exported with: its id, and its path relative to the
    workbook's folder (so that a folder moved or copied as a whole still finds it) and absolute."""
    if ledger is None or ledger.temporary:
        return {}
    from claims.worklist.rows import LEDGER_ID_PROPERTY, LEDGER_PATH_PROPERTY, LEDGER_RELATIVE_PROPERTY

    where = ledger.path.resolve()
    properties = {LEDGER_ID_PROPERTY: ledger.ledger_id, LEDGER_PATH_PROPERTY: str(where)}
    with contextlib.suppress(ValueError):  # another drive (Windows): only the absolute path
        properties[LEDGER_RELATIVE_PROPERTY] = os.path.relpath(where, workbook.resolve().parent)
    return properties


def new_export_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def protect_reviews(output: Path, ledger: Ledger, settings: Settings) -> str | None:
    """Before a worklist is replaced: import the reviewer marks it holds when they are clean.

    Returns a message when marks were imported. Raises ClaimsError when the sheet holds marks
    that cannot be imported cleanly, or was exported with another ledger, so that nothing is overwritten.
    """
    if not output.exists() or output.suffix.lower() != ".xlsx":
        return None
    if ledger.export_untouched(output) is not None:
        return None  # nobody saved it since it was exported: it holds no marks the ledger lacks
    from claims.ledger.importer import import_worklist, write_problem_report
    from claims.worklist.reader import read_worklist

    read = read_worklist(output, settings)
    if read.ledger_id and read.ledger_id != ledger.ledger_id:
        raise ClaimsError(
            f"{output}: was exported with another ledger ({_recorded(read)}), not {ledger.path}, so it is not "
            f"replaced; import it there ('claims import {output}') or move it aside"
        )
    report = import_worklist(output, ledger, settings, read=read)
    problems = write_problem_report(report)
    if not report.applied:
        raise ClaimsError(
            f"{output}: holds reviewer marks that cannot be imported cleanly ({len(report.blocking)} problem(s), "
            f"listed in {problems}); fix them and run 'claims import {output}', or move the file aside"
        )
    parts = [f"{report.changed} review(s)"] if report.changed else []
    if report.held:
        parts.append(f"{report.held} held as stale")
    if report.conflicts:
        parts.append(f"{report.conflicts} conflict(s)")
    if parts:
        return f"imported {', '.join(parts)} from {output} before replacing it"
    return None


DEFAULT_WORKLIST = Path("exports/worklist.xlsx")


def default_ledger_path(output: Path, settings: Settings) -> Path:
    """The ledger of a worklist at ``output`` when nothing else says: ``[ledger] path`` in claims.toml,
    else ``ledger.sqlite`` beside the worklist. ``claims status`` and ``claims export``, which have no
    worklist, use the default worklist's (``exports/ledger.sqlite``)."""
    if settings.ledger_path:
        return Path(settings.ledger_path)
    return output.parent / "ledger.sqlite"


def ledger_for_import(read: ReadResult, given: Path | None, settings: Settings) -> Path:
    """The ledger a reviewed worklist goes to: ``--ledger`` when given; else the ledger the workbook
    records (its path relative to the workbook, then its absolute path: the first that exists); else,
    for a workbook that records none, the default for a worklist at its place (``default_ledger_path``).

    Raises:
        LedgerError: the workbook records a ledger that is at neither place, or no ledger is at the default.
    """
    from claims.errors import LedgerError

    if given is not None:
        return given
    recorded = read.recorded_ledgers()
    for candidate in recorded:
        if candidate.is_file():
            return candidate
    if recorded:
        raise LedgerError(
            f"{read.path}: exported with the ledger {_recorded(read)}, which is not there now; "
            "give --ledger FILE (the ledger's id is checked)"
        )
    default = default_ledger_path(read.path, settings)
    if not default.is_file():
        raise LedgerError(
            f"{read.path}: records no ledger (written by another program?) and there is no ledger at {default}, "
            "the default beside it; give --ledger FILE"
        )
    return default


def _recorded(read: ReadResult) -> str:
    places = read.recorded_ledgers()
    return str(places[-1]) if places else f"ledger id {read.ledger_id}"


def import_reviews(
    path: Path,
    settings: Settings,
    ledger_path: Path | None = None,
    partial: bool = False,
    other_ledger: bool = False,
    dry_run: bool = False,
) -> tuple[ImportReport, Path]:
    """Import one reviewed worklist into its ledger (``ledger_for_import``). Returns the report and the ledger.

    Raises:
        WorklistError: the file is not a readable worklist, or was exported with another ledger.
        LedgerError: its ledger is not found, or cannot be opened or written.
    """
    from claims.errors import LedgerError
    from claims.ledger.importer import import_worklist
    from claims.worklist.reader import read_worklist

    read = read_worklist(path, settings)
    target = ledger_for_import(read, ledger_path, settings)
    if not target.is_file():
        raise LedgerError(f"{target}: no ledger there (a worklist's marks go to the ledger it was exported with)")
    with Ledger(target) as store:
        report = import_worklist(
            path, store, settings, partial=partial, dry_run=dry_run, other_ledger=other_ledger, read=read
        )
    return report, target


def marks_to_import(path: Path, settings: Settings, ledger_path: Path | None = None) -> int:
    """How many rows of a worklist hold marks its ledger does not have yet (``make clean`` asks before deleting).

    A worklist nobody saved since its export holds none. When its ledger cannot be found, every
    marked row counts. A sheet whose reviewer columns cannot be read safely counts as all rows.

    Raises:
        WorklistError: the file is not a readable worklist.
    """
    from claims.errors import LedgerError
    from claims.ledger.importer import import_worklist
    from claims.worklist.reader import read_worklist

    read = read_worklist(path, settings)
    try:
        target = ledger_for_import(read, ledger_path, settings)
    except LedgerError:
        target = None
    if target is None or not target.is_file():
        return sum(1 for row in read.rows if not row.review.is_empty())
    with Ledger(target) as store:
        if store.export_untouched(path) is not None:
            return 0
        report = import_worklist(path, store, settings, dry_run=True, other_ledger=True, read=read)
    if any(p.sheet_wide for p in report.problems):
        return max(1, len(read.rows))
    return report.pending
