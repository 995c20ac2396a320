"""``claims extract --cluster``: a Dask cluster gives the claims one process gives, byte for byte.

The tests start real ``LocalCluster``s of worker processes (each loads the spaCy pipeline once).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "articles"
POISON = "This sentence is poison for the worker that parses it."


def _extract(tmp_path: Path, name: str, *extra: str, source: Path = ARTICLES, code: int = 0):
    out = tmp_path / f"{name}.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--no-ledger", "--quiet", *extra])
    assert result.exit_code == code, result.output
    return out.read_bytes() if out.exists() else b"", result.output


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> bytes:
    data, _ = _extract(tmp_path_factory.mktemp("serial"), "serial")
    assert data.count(b"\n") > 300  # the bundled articles give several hundred claims
    return data


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes; a worker may die once per task before the task fails."""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_local_cluster_gives_byte_identical_jsonl(tmp_path, serial):
    data, _ = _extract(tmp_path, "local", "--cluster", "local:2")
    assert data == serial


def test_a_worker_killed_mid_run_still_gives_the_same_output(tmp_path, serial, cluster):
    killed: list[tuple[int, list[str]]] = []

    def kill_a_busy_worker() -> None:
        pids = cluster.run(os.getpid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            loaded = cluster.run(_pipelines_loaded)
            busy = {w: [k for k in keys if str(k).startswith("claims-")] for w, keys in cluster.processing().items()}
            worker = next((w for w, keys in busy.items() if keys and loaded.get(w)), None)
            if worker is not None:  # a worker has loaded the pipeline and is parsing a partition
                os.kill(pids[worker], signal.SIGKILL)
                killed.append((pids[worker], busy[worker]))
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=kill_a_busy_worker)
    watcher.start()
    data, _ = _extract(tmp_path, "killed", "--cluster", cluster.scheduler.address)
    watcher.join()
    assert killed, "no worker was killed while a partition was being parsed"
    pid, lost = killed[0]
    assert lost and pid not in cluster.run(os.getpid).values()
    assert data == serial


def _pipelines_loaded() -> int:
    """On a worker: how many pipelines it has loaded (a finished task's record on the scheduler is
    released as soon as the client has its result, so the worker is asked, not the scheduler)."""
    import claims.cluster

    return len(claims.cluster._PIPELINES)


class _Poison(distributed.WorkerPlugin):
    """On every worker, also those that replace a dead one: an article holding POISON raises, or kills the worker."""

    def __init__(self, how: str):
        self.how = how

    def setup(self, worker) -> None:
        import claims.cluster

        original = claims.cluster.extract_claims
        how = self.how

        def poisoned(nlp, articles, **options):
            if any(POISON in article.text for article in articles):
                if how == "crash":
                    os._exit(1)
                raise RuntimeError("the parser choked")
            return original(nlp, articles, **options)

        self.original = original
        claims.cluster.extract_claims = poisoned

    def teardown(self, worker) -> None:
        import claims.cluster

        claims.cluster.extract_claims = self.original


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("raise", "extraction failed on a worker: RuntimeError: the parser choked"),
        ("crash", "every worker it was sent to died while parsing it (out of memory, or a crash)"),
    ],
)
def test_a_poisoned_article_is_reported_like_a_bad_file_and_the_rest_is_written(tmp_path, cluster, how, reason):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ["afghan", "asylum", "clock", "iodine", "korea", "nasa", "soccer"]:
        shutil.copy(ARTICLES / "wikinews" / f"GUM_news_{name}.txt", folder)
    bad = folder / "GUM_news_iodine.txt"
    bad.write_text(bad.read_text(encoding="utf-8") + f"\n{POISON}\n", encoding="utf-8")
    healthy = tmp_path / "healthy"
    shutil.copytree(folder, healthy, ignore=shutil.ignore_patterns(bad.name))
    expected, _ = _extract(tmp_path, "healthy", source=healthy)
    cluster.register_plugin(_Poison(how), name="poison")
    try:
        data, output = _extract(tmp_path, how, "--cluster", cluster.scheduler.address, source=folder, code=3)
    finally:
        cluster.unregister_worker_plugin("poison")
    assert output.splitlines() == [f"error: {bad}: {reason}"]
    assert data == expected


def test_rules_folder_of_the_client_is_the_one_the_workers_use(tmp_path, serial, cluster):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "claims" / "rules", rules)
    scoring = rules / "scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("bias: -2.64", "bias: -1.0"), encoding="utf-8")
    one, _ = _extract(tmp_path, "one", "--rules", str(rules))
    many, _ = _extract(tmp_path, "many", "--rules", str(rules), "--cluster", cluster.scheduler.address)
    assert many == one
    assert one != serial  # other scores (and, past the priority floor, other rows)


def test_an_incremental_run_sends_nothing_when_no_article_changed(tmp_path):
    out, ledger = tmp_path / "w.xlsx", tmp_path / "ledger.sqlite"
    args = ["extract", str(ARTICLES / "wikinews"), "-o", str(out), "--ledger", str(ledger)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    # an address where no scheduler listens: the run never connects, as nothing needs parsing
    second = CliRunner().invoke(app, [*args, "--cluster", "tcp://127.0.0.1:9"])
    assert second.exit_code == 0, second.output
    assert "(0 parsed, 24 unchanged)" in second.output


def test_the_progress_callback_follows_the_finished_partitions(cluster):
    from claims.cluster import extract_on_cluster
    from claims.ingest import read_paths
    from claims.model import Article

    articles = [a for a in read_paths([ARTICLES / "wikinews"]) if isinstance(a, Article)]
    reported: list[str] = []
    given = []
    for article, claims in extract_on_cluster(
        articles, cluster.scheduler.address, on_done=lambda a: reported.append(a.id)
    ):
        assert article.id in reported  # its partition was reported done before it is handed over
        given.append((article.id, isinstance(claims, list)))
    assert given == [(a.id, True) for a in articles]
    assert sorted(reported) == sorted(a.id for a in articles)


def test_cluster_errors_are_one_line(tmp_path, monkeypatch):
    import sys

    import claims.cluster

    source = ARTICLES / "upi-north-korea-russia-anniversary.txt"
    _, output = _extract(tmp_path, "a", "--cluster", "local:two", source=source, code=1)
    assert output.strip() == "error: --cluster local:two: give local:N with N a number of workers, e.g. local:2"
    _, output = _extract(tmp_path, "b", "--cluster", "local:2", "--jobs", "2", source=source, code=2)
    assert output.strip() == "error: --jobs and --cluster cannot be combined: the cluster's workers do the parsing"
    monkeypatch.setattr(claims.cluster, "CONNECT_TIMEOUT", 1.0)
    _, output = _extract(tmp_path, "c", "--cluster", "tcp://127.0.0.1:9", source=source, code=1)
    assert output.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(output.strip().splitlines()) == 1
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if claims[dask] were not installed
    _, output = _extract(tmp_path, "d", "--cluster", "local:2", source=source, code=1)
    assert output.strip() == (
        "error: --cluster needs dask.distributed, which is not installed: pip install 'claims[dask]'"
    )


def test_local_workers_start_without_dasks_malloc_trim_setting():
    import dask

    from claims.cluster import _no_malloc_trim

    dasks = {"MALLOC_TRIM_THRESHOLD_": 65536, "OMP_NUM_THREADS": 1}  # dask's defaults
    with dask.config.set({"distributed.nanny.pre-spawn-environ": dasks}):
        with _no_malloc_trim():
            assert dask.config.get("distributed.nanny.pre-spawn-environ") == {"OMP_NUM_THREADS": 1}
        assert dask.config.get("distributed.nanny.pre-spawn-environ") == dasks
