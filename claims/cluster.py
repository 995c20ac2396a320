"""Extraction on a Dask cluster: the claims one process would find, parsed by ``dask.distributed`` workers.

``claims extract --cluster ADDRESS`` uses a running scheduler (``tcp://host:8786``); ``--cluster
local:N`` starts a ``LocalCluster`` of N single-threaded worker processes on this machine. The
client reads the files and leaves out unchanged articles before anything is sent; the rest go to
the workers in partitions of a few articles. Each worker loads the spaCy pipeline and the claims
component once, with the client's rule files (sent by content and cached on the worker by their
hash, so a worker on another machine needs the same package and model but no rules folder), and
sends back only the claims. Results come back to the caller in input order, so the client alone
writes the ledger and the worklist, exactly as a run in one process would.

Failures: a worker that dies loses its partition, and the scheduler gives it to another worker
(dask's own retry, ``distributed.scheduler.allowed-failures`` times). A partition that still fails
is split into its articles, each sent alone; an article that fails alone (it raised, or it killed
every worker it was sent to) is reported as an ``InputError``, like a file that cannot be read,
and the run goes on.

``dask[distributed]`` is an optional dependency (``pip install 'claims[dask]'``); nothing here is
imported by the serial and ``--jobs`` paths.
"""

from __future__ import annotations

import gc
import logging
import math
import os
import shutil
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, ClusterError, InputError
from claims.model import Article, Claim
from claims.nlp.parse import extract_claims

LOCAL = "local:"
INSTALL_HINT = "pip install 'claims[dask]'"
MAX_PARTITION = 8  # articles per task at most: small enough to balance the tail of a run, large enough to batch
CONNECT_TIMEOUT = 20.0  # seconds to reach a remote scheduler
WORKER_WAIT = 60.0  # seconds to wait for a first worker to join it

Outcome = list[Claim] | InputError

try:
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # claims[dask] not installed: --cluster says so (import_distributed)
    _PluginBase = object  # type: ignore[misc,assignment]


@dataclass(frozen=True)
class RuleFiles:
    """The rule files of a rules folder by content, and their hash (the rule set's version)."""

    version: str
    files: tuple[tuple[str, bytes], ...]


def read_rule_files(rules: str | None) -> RuleFiles:
    """The ``*.yml`` files of the rules folder (``--rules``, ``$CLAIMS_RULES`` or the packaged one)."""
    from claims.ruleset import rules_dir, rules_version

    folder = rules_dir(rules)
    if not folder.is_dir():
        raise ClusterError(f"{folder}: rules folder not found (set --rules or $CLAIMS_RULES)")
    files = tuple((path.name, path.read_bytes()) for path in sorted(folder.glob("*.yml")))
    return RuleFiles(rules_version(files), files)


def extract_on_cluster(
    articles: Sequence[Article],
    cluster: str,
    model: str | None = None,
    rules: str | None = None,
    batch_size: int = 16,
    on_done: Callable[[Article], None] | None = None,
) -> Iterator[tuple[Article, Outcome]]:
    """Yield each article with its claims (or the error that stopped it), in input order.

    Args:
        articles: the articles to parse (already read, unchanged ones left out).
        cluster: a scheduler address (``tcp://host:8786``) or ``local:N``.
        model: the spaCy pipeline each worker loads (installed on every worker).
        rules: the rules folder; its files are sent to the workers.
        batch_size: docs per ``nlp.pipe`` batch on a worker.
        on_done: called for each article as soon as the partition holding it is back (for a
            progress bar that follows the cluster rather than the input order).

    Raises:
        ClusterError: dask is not installed, the scheduler cannot be reached, no worker joined,
            or a worker cannot load the pipeline or the rules.
    """
    if not articles:
        return
    distributed = import_distributed()
    files = read_rule_files(rules)
    with connect(distributed, cluster) as client:
        plugin = f"claims-rules-{files.version}-{uuid.uuid4().hex[:8]}"
        try:
            client.register_plugin(RulesPlugin(files), name=plugin)
        except Exception as exc:  # raised on a worker: most often claims is not installed there
            raise ClusterError(
                f"the Dask workers at {cluster} cannot set up claims ({type(exc).__name__}: {exc}); "
                "install the same claims package and spaCy pipeline on every worker"
            ) from exc
        try:
            yield from _Run(client, distributed, articles, model, files, batch_size, on_done).results()
        finally:
            with suppress(Exception):  # the plugin only holds the rule files; a broken connection drops it anyway
                client.unregister_worker_plugin(plugin)


def import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(f"--cluster needs dask.distributed, which is not installed: {INSTALL_HINT}") from exc
    return distributed


@contextmanager
def connect(distributed: Any, cluster: str) -> Iterator[Any]:
    """A client of the scheduler at ``cluster``, or of a LocalCluster started for ``local:N``."""
    if cluster.startswith(LOCAL):
        workers = cluster[len(LOCAL) :]
        if not workers.isdigit() or int(workers) < 1:
            raise ClusterError(f"--cluster {cluster}: give local:N with N a number of workers, e.g. local:2")
        with (
            _no_malloc_trim(),
            distributed.LocalCluster(
                n_workers=int(workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as local,
            distributed.Client(local) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(cluster, timeout=f"{CONNECT_TIMEOUT}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {cluster}: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError as exc:
            raise ClusterError(f"no Dask worker joined the scheduler at {cluster} within {WORKER_WAIT:.0f} s") from exc
        yield client


@contextmanager
def _no_malloc_trim() -> Iterator[None]:
    """Local workers started without dask's ``MALLOC_TRIM_THRESHOLD_=65536``.

    Dask sets it so that glibc hands freed memory back to the system at once. With spaCy, which
    allocates and frees its large arrays on every batch, it cost about a tenth of each worker's
    CPU time (150 BBC articles: 12.4-12.7 s against 11.1-11.4 s, 950,000 page faults against
    50,000-80,000); a worker's memory stays within a few hundred MB without it.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        yield


@dataclass
class _Slot:
    """A partition of the input: its articles and what came back for each."""

    articles: list[Article]
    outcomes: list[Outcome | None] = field(default_factory=list)
    waiting: int = 0

    def __post_init__(self) -> None:
        self.outcomes = [None] * len(self.articles)
        self.waiting = len(self.articles)


class _Run:
    """One extraction on a cluster: a window of partitions in flight, results handed back in order.

    A failed partition's articles are sent again one at a time, one such task in flight at once, so
    that a worker killed by one article takes no other single article with it.
    """

    def __init__(self, client: Any, distributed: Any, articles: Sequence[Article], model, files, batch_size, on_done):
        self.client = client
        self.model = model
        self.version = files.version
        self.batch_size = batch_size
        self.on_done = on_done
        self.run_id = uuid.uuid4().hex[:8]
        threads = max(1, sum(client.nthreads().values()))
        size = max(1, min(MAX_PARTITION, math.ceil(len(articles) / (4 * threads))))
        self.slots = [_Slot(list(articles[i : i + size])) for i in range(0, len(articles), size)]
        self.window = max(4, 3 * threads)  # partitions sent and not yet handed back, at most
        self.queue = distributed.as_completed()
        self.tasks: dict[str, tuple[int, int, int]] = {}  # task key → slot, first article, count
        self.singles: deque[tuple[int, int]] = deque()  # (slot, article) to send alone
        self.single_out = False
        self.tries: dict[tuple[int, int], int] = {}
        self.sent = 0
        self.given = 0

    def results(self) -> Iterator[tuple[Article, Outcome]]:
        self._fill()
        for future in self.queue:
            slot_index, first, count = self.tasks.pop(future.key)
            if first >= 0:
                self.single_out = False
            self._settle(future, slot_index, first, count)
            while self.given < len(self.slots) and self.slots[self.given].waiting == 0:
                slot = self.slots[self.given]
                yield from zip(slot.articles, slot.outcomes, strict=True)  # type: ignore[misc]
                self.slots[self.given] = _Slot([])  # what was handed back is not kept here
                self.given += 1
            self._fill()

    def _fill(self) -> None:
        if self.singles and not self.single_out:
            slot_index, offset = self.singles.popleft()
            self._submit(slot_index, offset, [self.slots[slot_index].articles[offset]])
            self.single_out = True
        while self.sent < len(self.slots) and self.sent - self.given < self.window:
            self._submit(self.sent, -1, self.slots[self.sent].articles)
            self.sent += 1

    def _submit(self, slot_index: int, first: int, articles: list[Article]) -> None:
        """Send articles: a whole partition (``first`` = -1) or one article of it alone."""
        key = f"claims-{self.run_id}-{slot_index}-{first}"
        future = self.client.submit(
            extract_partition, articles, self.model, self.version, self.batch_size, key=key, pure=False
        )
        self.tasks[key] = (slot_index, first, len(articles))
        self.queue.add(future)

    def _settle(self, future: Any, slot_index: int, first: int, count: int) -> None:
        """Record what a finished task gave, or send a failed partition's articles again one at a time.

        An article sent alone is reported as failed when it killed every worker it was sent to
        (dask's ``KilledWorker``) or failed twice otherwise (a result lost with its worker).
        """
        slot = self.slots[slot_index]
        outcomes, error = _outcomes(future)
        future.release()
        if isinstance(error, ClusterError):
            raise ClusterError(str(error))
        if outcomes is None and first < 0:  # one of its articles may be poisoned: each is sent alone
            self.singles.extend((slot_index, offset) for offset in range(count))
            return
        first = max(first, 0)
        if outcomes is None:
            self.tries[(slot_index, first)] = tries = self.tries.get((slot_index, first), 0) + 1
            if type(error).__name__ != "KilledWorker" and tries < 2:
                self.singles.appendleft((slot_index, first))
                return
            outcomes = [_failed(error)]
        for offset, outcome in enumerate(outcomes):
            article = slot.articles[first + offset]
            slot.outcomes[first + offset] = (
                InputError(_where(article), outcome) if isinstance(outcome, str) else outcome
            )
            slot.waiting -= 1
            if self.on_done is not None:
                self.on_done(article)


def _outcomes(future: Any) -> tuple[list[list[Claim] | str] | None, BaseException | None]:
    """What a task gave back, or the error that stopped it (None when the cluster lost it)."""
    if future.status == "finished":
        try:
            return future.result(), None
        except Exception as exc:  # e.g. its worker died before the result was fetched
            return None, exc
    try:
        return None, future.exception()
    except Exception as exc:  # a cancelled or lost task has no exception to give
        return None, exc


def _failed(error: BaseException | None) -> str:
    if type(error).__name__ == "KilledWorker":
        return "every worker it was sent to died while parsing it (out of memory, or a crash)"
    if error is None:
        return "extraction failed on a worker: the cluster lost the task"
    return " ".join(f"extraction failed on a worker: {type(error).__name__}: {error}".split())


def _where(article: Article) -> str:
    """How an error names an article: its file, and its id when the file holds many articles."""
    where = article.path or article.url or article.id
    if article.path and article.path.lower().endswith((".jsonl", ".csv")):
        where += f" (article {article.id})"
    return where


# --- on the workers ---------------------------------------------------------------------------

_WORKER_LOCK = threading.Lock()  # one pipeline per process, used by one task at a time
_RULE_FOLDERS: dict[str, Path] = {}  # rule-set version → where its files are on this machine
_PIPELINES: dict[tuple[str | None, str], Any] = {}  # (model, rule-set version) → the loaded pipeline


class RulesPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Installed on every worker, also on those that join or replace a dead one: the client's rule files."""

    def __init__(self, files: RuleFiles):
        self.files = files

    def setup(self, worker: Any = None) -> None:
        _RULE_FOLDERS[self.files.version] = _rules_folder(self.files)


def extract_partition(
    articles: list[Article], model: str | None, version: str, batch_size: int
) -> list[list[Claim] | str]:
    """On a worker: each article's claims, or for an article that fails, why (one line).

    The pipeline is loaded once per worker process (and per model and rule set). A batch that
    raises is parsed again one article at a time, so that only the article at fault is lost.
    """
    with _WORKER_LOCK:
        nlp = _worker_pipeline(model, version)
        try:
            return [claims for _, claims in extract_claims(nlp, articles, batch_size=batch_size)]
        except Exception:  # parsed again one by one below, each failure reported
            return [_one(nlp, article) for article in articles]


def _one(nlp: Any, article: Article) -> list[Claim] | str:
    try:
        return next(extract_claims(nlp, [article]))[1]
    except Exception as exc:  # a poisoned article is reported, not fatal
        return " ".join(f"extraction failed on a worker: {type(exc).__name__}: {exc}".split())


def _worker_pipeline(model: str | None, version: str) -> Any:
    """This worker's pipeline for the model and rule set, loaded on its first task."""
    from claims.nlp.pipeline import load_pipeline

    if (model, version) in _PIPELINES:
        return _PIPELINES[(model, version)]
    folder = _RULE_FOLDERS.get(version)
    if folder is None:
        raise ClusterError(f"a Dask worker (pid {os.getpid()}) did not receive rule set {version}")
    try:
        nlp = load_pipeline(model, rules=str(folder))
    except ClaimsError as exc:  # raised again as a plain ClusterError: it must pickle, and it stops the run
        raise ClusterError(f"a Dask worker (pid {os.getpid()}) cannot load the pipeline: {exc}") from None
    gc.freeze()  # as claims.app.freeze_long_lived: full collections no longer walk the loaded pipeline
    _PIPELINES[(model, version)] = nlp
    return nlp


def _rules_folder(files: RuleFiles) -> Path:
    """The client's rule files, written once on this machine in a folder named by their hash."""
    folder = Path(tempfile.gettempdir()) / f"claims-rules-{files.version}"
    if _holds(folder, files):
        return folder
    staging = Path(tempfile.mkdtemp(prefix=f"claims-rules-{files.version}-"))
    for name, data in files.files:
        (staging / name).write_bytes(data)
    try:
        os.replace(staging, folder)  # atomic: another worker sees the whole folder or none
    except OSError:  # another worker wrote it first (or the name is taken): this copy serves
        if _holds(folder, files):
            shutil.rmtree(staging, ignore_errors=True)
            return folder
        return staging
    return folder


def _holds(folder: Path, files: RuleFiles) -> bool:
    if not folder.is_dir():
        return False
    return tuple((p.name, p.read_bytes()) for p in sorted(folder.glob("*.yml"))) == files.files
