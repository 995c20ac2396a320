"""Bad files get one exact line each and the run goes on; folders are walked in a stable order."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner
from unprivileged import run_python

from claims.app import ExtractOptions, extract
from claims.cli import app
from claims.errors import InputError
from claims.ingest import ReadOptions, read_paths
from claims.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
MIXED = DATA / "mixed"
SUPPORTED = ".csv, .docx, .htm, .html, .jsonl, .md, .ndjson, .text, .txt, .xhtml"

BAD_FILES = [
    ("bad/empty.txt", "empty file"),
    ("bad/blank.md", "empty file"),
    ("bad/empty.html", "empty file"),
    ("bad/empty.docx", "empty file"),
    ("records/blank.jsonl", "empty file"),
    ("bad/nul-bytes.txt", "binary file (NUL byte at offset 30), not text"),
    ("bad/image.txt", "binary file (a PNG image), not text"),
    ("bad/report.txt", "binary file (a PDF document), not text"),
    ("bad/furniture-only.txt", "no article text (only site furniture)"),
    ("bad/not-a-zip.docx", "not a Word .docx file (not a zip package)"),
    (
        "bad/zip-bomb.docx",
        "zip-bomb-like .docx: word/media/padding.bin unpacks to 8,388,608 bytes from 8,157 (more than 100 times)",
    ),
    ("html/not-html.html", "malformed HTML: no HTML elements found (plain text saved as .html?)"),
    ("mixed/notes.pdf", f"unsupported file type '.pdf'; supported: {SUPPORTED}"),
    ("nothing-here.txt", "no such file or folder"),
]


@pytest.mark.parametrize(("name", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_each_bad_file_is_one_error_naming_it(name, reason):
    items = list(read_paths([DATA / name]))
    assert [str(i) for i in items] == [f"{DATA / name}: {reason}"]
    assert all(isinstance(i, InputError) and i.path == str(DATA / name) and i.reason == reason for i in items)


def test_over_size_files_are_not_read():
    path = DATA / "encodings" / "utf8.txt"
    size = path.stat().st_size
    assert size == 185  # counted by hand: lines of 35, 0, 103, 0 and 42 bytes (’ “ ” — are 3 each) and 5 newlines
    (error,) = read_paths([path], ReadOptions(max_bytes=100))
    assert str(error) == f"{path}: file too large (185 bytes; the limit is 100, see --max-bytes)"
    (article,) = read_paths([path], ReadOptions(max_bytes=185))
    assert isinstance(article, Article)


def test_unreadable_file(tmp_path):
    """For real: chmod 000, read by a process for which permissions hold (root gives up overriding them)."""
    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nThe council approved a budget.\n", encoding="utf-8")
    path.chmod(0)
    try:
        result = run_python(
            "import sys; from claims.ingest import read_paths; print(*read_paths(sys.argv[1:]))", str(path)
        )
        assert (result.returncode, result.stdout) == (0, f"{path}: permission denied\n"), result.stderr
    finally:
        path.chmod(0o644)


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nThe council approved a budget.\n", encoding="utf-8")

    real_open = os.open

    def refuse(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert [str(i) for i in read_paths([path])] == [f"{path}: permission denied"]


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Title\n\nThe council approved a budget.\n", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_paths([tmp_path]))
    assert [str(i) if isinstance(i, InputError) else i.path for i in items] == [
        f"{tmp_path / 'locked'}: permission denied",
        str(tmp_path / "ok" / "a.txt"),
    ]


# the mixed folder: sorted, recursive; hidden files, Office lock files and other types skipped
MIXED_ORDER = [
    ("a-good.txt", "Port traffic grows"),
    ("b-bad-nul.txt", "binary file (NUL byte at offset 6), not text"),
    ("c-empty.md", "empty file"),
    ("d-good.html", "Rail line opens"),
    ("e-good.docx", "Clinic hires nurses"),
    ("f-bad.docx", "not a Word .docx file (not a zip package)"),
    ("sub/g-good.md", "School roll falls"),
]


def test_mixed_folder_order_and_errors():
    items = list(read_paths([MIXED]))
    assert [
        (Path(i.path).relative_to(MIXED).as_posix(), i.title if isinstance(i, Article) else i.reason) for i in items
    ] == MIXED_ORDER


def test_mixed_folder_yields_claims_for_every_good_file():
    result = extract([MIXED], ExtractOptions())
    figures = {
        Path(a.path).name: sorted(q.text for c in result.claims[a.id] for q in c.quantities) for a in result.articles
    }
    assert figures == {
        "a-good.txt": ["1.2 million containers"],
        "d-good.html": ["$3.4 billion", "six years"],
        "e-good.docx": ["45 nurses"],
        "g-good.md": ["2,300 pupils", "8%"],
    }
    assert [e.reason for e in result.errors] == [reason for _, reason in MIXED_ORDER if not reason[0].isupper()]


def test_cli_reports_each_bad_file_once_and_exits_3(tmp_path):
    output = tmp_path / "claims.jsonl"
    result = CliRunner().invoke(app, ["extract", str(MIXED), "-o", str(output), "--no-ledger"])
    assert result.exit_code == 3, result.output
    bad = [f"{MIXED / name}: {reason}" for name, reason in MIXED_ORDER if not reason[0].isupper()]
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert result.stderr.splitlines() == [
        *[f"error: {b}" for b in bad],
        f"{len(records)} claims from 4 articles (4 parsed, 0 unchanged) → {output}",
        "3 input(s) could not be read:",
        *[f"  {b}" for b in bad],
    ]
    assert {r["article_id"] for r in records} == {a.id for a in read_paths([MIXED]) if isinstance(a, Article)}


def test_cli_writes_nothing_when_no_file_could_be_read(tmp_path):
    output = tmp_path / "claims.jsonl"
    bad = DATA / "bad" / "empty.txt"
    result = CliRunner().invoke(app, ["extract", str(bad), "-o", str(output), "--no-ledger"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"error: {bad}: empty file",
        f"no article could be read; {output} was not written",
    ]
    assert not output.exists()


def test_cli_quiet_prints_only_the_errors(tmp_path):
    output = tmp_path / "claims.jsonl"
    shutil.copy(MIXED / "a-good.txt", tmp_path / "a.txt")
    shutil.copy(MIXED / "c-empty.md", tmp_path / "c.md")
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "c.md"), "-o", str(output), "--no-ledger", "-q"]
    )
    assert result.exit_code == 3
    assert result.output.splitlines() == [f"error: {tmp_path / 'c.md'}: empty file"]
    assert output.exists()
