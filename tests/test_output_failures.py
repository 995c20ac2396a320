"""A read-only folder, a full disk or a damaged ledger: one line that says which, and no review lost (issue 14).

The read-only cases are real: the command runs in a child process that cannot override file
permissions (an ordinary user; or root without CAP_DAC_OVERRIDE, which chmod alone does not stop).
A full disk is simulated at the level where each writer meets it: SQLite's own limit on the
ledger's size (``PRAGMA max_page_count`` gives SQLite's "database or disk is full", as a full disk
does) and, for files, ``/dev/full``, where every write fails with the kernel's ENOSPC.
"""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from sheets import claim_ids, mark, reviews
from typer.testing import CliRunner
from unprivileged import run_claims

from claims.cli import app
from claims.ledger.db import Ledger

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
SENTENCE = "The government earned more than $500 million annually, the ministry said."


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reviewed")
    sheet = folder / "worklist.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0
    ids = claim_ids(sheet)
    mark(sheet, {claim_id: {"Verdict": "Accurate", "Checked on": "2024-03-01"} for claim_id in ids[:3]})
    assert run("import", sheet).exit_code == 0
    return folder


@pytest.fixture
def folder(reviewed: Path) -> Path:
    """A copy of the reviewed folder that a process without CAP_DAC_OVERRIDE can use (mode 0755 up the tree)."""
    base = Path(tempfile.mkdtemp(prefix="claims-out-"))
    os.chmod(base, 0o755)
    copy = base / "work"
    shutil.copytree(reviewed, copy)
    os.chmod(copy, 0o755)
    yield copy
    for path in [base, *base.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(base)


def three_reviews(ledger: Path) -> dict[str, dict[str, str]]:
    held = reviews(ledger)
    assert len(held) == 3 and all(v == {"verdict": "Accurate", "checked_on": "2024-03-01"} for v in held.values())
    return held


def read_only(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    path.chmod(0o555)
    return path


# --- a read-only folder ----------------------------------------------------------------------------


def test_extract_into_a_read_only_folder_says_so_for_the_ledger(folder):
    out = read_only(folder / "read-only")
    result = run_claims("extract", SEED, "--output", out / "worklist.xlsx", "--quiet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {out / 'ledger.sqlite'}: cannot open the ledger: the folder is read-only"
    ]
    three_reviews(folder / "ledger.sqlite")


def test_extract_with_its_ledger_elsewhere_into_a_read_only_folder_says_so_for_the_worklist(folder):
    out = read_only(folder / "read-only")
    ledger = folder / "ledger.sqlite"
    result = run_claims("extract", SEED, "--output", out / "worklist.xlsx", "--ledger", ledger, "--quiet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {out / 'worklist.xlsx'}: cannot write it: its folder is read-only (permission denied)"
    ]
    three_reviews(ledger)


def test_export_into_a_read_only_folder(folder):
    out = read_only(folder / "read-only")
    result = run_claims(
        "export", "--format", "claimreview", "--ledger", folder / "ledger.sqlite", "--output", out / "cr.json"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {out / 'cr.json'}: cannot write it: its folder is read-only (permission denied)"
    ]
    three_reviews(folder / "ledger.sqlite")


def test_explain_html_into_a_read_only_folder(folder):
    out = read_only(folder / "read-only")
    result = run_claims("explain", SENTENCE, "--html", out / "explained.html")
    assert result.returncode == 1
    assert result.stdout  # the explanation itself was printed
    assert result.stderr.splitlines() == [
        f"error: {out / 'explained.html'}: cannot write it: its folder is read-only (permission denied)"
    ]


def test_import_into_a_read_only_ledger_says_read_only_not_damaged(folder):
    sheet = folder / "worklist.xlsx"
    mark(sheet, {claim_ids(sheet)[4]: {"Status": "Done"}})
    ledger = folder / "ledger.sqlite"
    with sqlite3.connect(ledger) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.chmod(0o444)
    result = run_claims("import", sheet)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"error: {ledger}: cannot write the ledger: the file is read-only"
    ledger.chmod(0o644)
    three_reviews(ledger)


# --- a full disk ---------------------------------------------------------------------------------


@pytest.fixture
def full_ledger(monkeypatch):
    """Every ledger opened from now on may not grow by more than a few pages, as on a full disk."""
    opened = Ledger.__init__

    def tight(self, *args, **kwargs):
        opened(self, *args, **kwargs)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count={pages + 2}")

    monkeypatch.setattr(Ledger, "__init__", tight)


def test_a_full_disk_while_extract_stores_claims_says_so_and_keeps_the_reviews(folder, tmp_path, full_ledger):
    article = tmp_path / "new.txt"
    article.write_text("Budget day\n\n" + "\n\n".join(f"The city spent ${n} million on roads." for n in range(300)))
    ledger = folder / "ledger.sqlite"
    result = run("extract", SEED, article, "--output", folder / "worklist.xlsx", "--quiet")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {ledger}: cannot write the ledger: the disk is full (free some space and run the command again)"
    ]
    three_reviews(ledger)


def test_a_full_disk_during_an_import_rolls_it_back_and_says_so(folder, full_ledger):
    sheet = folder / "worklist.xlsx"
    ids = claim_ids(sheet)
    mark(sheet, {claim_id: {"Notes": "long note " * 2000} for claim_id in ids[3:40]})
    ledger = folder / "ledger.sqlite"
    result = run("import", sheet)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"error: {ledger}: cannot write the ledger: the disk is full (free some space and run the command again)"
    )
    assert three_reviews(ledger).keys() == set(ids[:3])  # nothing of the failed import is left half-written


@pytest.fixture
def full_disk(monkeypatch):
    """Temporary files for atomic writes land on /dev/full: the kernel fails every write with ENOSPC."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    import claims.fileio

    made = []

    def on_dev_full(prefix="", suffix="", dir=None):
        name = Path(dir) / f"{prefix}full{suffix}"
        name.symlink_to("/dev/full")  # a writer that opens the path by name reaches /dev/full too
        made.append(name)
        return os.open("/dev/full", os.O_WRONLY), str(name)

    monkeypatch.setattr(claims.fileio, "tempfile", SimpleNamespace(mkstemp=on_dev_full))  # atomic_write's only
    yield made
    assert all(not path.is_symlink() for path in made)  # cleaned up after the failure


# XlsxWriter leaves its zip file open when a write fails; Python's attempt to close it at exit fails
# again (ENOSPC) and is reported as "Exception ignored", which is no error of this program
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("fmt", ["xlsx", "jsonl", "csv"])
def test_a_full_disk_while_a_worklist_is_written(folder, full_disk, fmt):
    out = folder / f"new.{fmt}"
    result = run("extract", SEED, "--output", out, "--ledger", folder / "ledger.sqlite", "--quiet")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"error: {out}: cannot write it: the disk is full"]
    assert not out.exists()
    three_reviews(folder / "ledger.sqlite")
    gc.collect()  # XlsxWriter's unclosed zip file fails to close here, under this test's warning filter


def test_a_full_disk_while_claimreview_or_an_explanation_is_written(folder, full_disk):
    out = folder / "cr.json"
    result = run("export", "--ledger", folder / "ledger.sqlite", "--output", out)
    assert (result.exit_code, result.output.splitlines()) == (1, [f"error: {out}: cannot write it: the disk is full"])
    page = folder / "explained.html"
    result = run("explain", SENTENCE, "--html", page)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"error: {page}: cannot write it: the disk is full"
    three_reviews(folder / "ledger.sqlite")


# --- a damaged ledger -----------------------------------------------------------------------------


def test_a_damaged_ledger_is_called_damaged_by_every_command_and_left_as_it_is(folder):
    ledger = folder / "ledger.sqlite"
    with sqlite3.connect(ledger) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(ledger.read_bytes())
    for start in range(2 * page_size, len(data), page_size):  # every page after the schema's, scrambled
        data[start : start + 64] = bytes((i * 37 + 11) % 256 for i in range(64))
    ledger.write_bytes(bytes(data))
    damaged = bytes(data)
    for args in (
        ["status", "--ledger", ledger],
        ["export", "--ledger", ledger, "--output", folder / "cr.json"],
        ["import", folder / "worklist.xlsx"],
        ["extract", SEED, "--output", folder / "worklist.xlsx", "--full", "--quiet"],
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.output.splitlines()[-1].startswith(f"error: {ledger}: the ledger file is damaged ("), args
        assert result.output.splitlines()[-1].endswith("); restore it from your backup or move it aside"), args
    assert ledger.read_bytes() == damaged


def test_a_file_that_is_not_a_ledger(folder):
    ledger = folder / "notes.sqlite"
    ledger.write_text("these are my notes, not a ledger\n" * 200)
    result = run("status", "--ledger", ledger)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {ledger}: not a ledger (not an SQLite database, or its first page is damaged); "
        "restore it from your backup or move it aside"
    ]
