"""`claims extract` shows a progress bar on a terminal for more than a few articles, and nothing otherwise."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.cli.extract import PROGRESS_AFTER, Progress

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MIXED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "mixed"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(stream: io.StringIO, quiet: bool, total: int) -> str:
    with Progress(quiet, stream) as progress:
        progress.advance(object())  # an unchanged article, done while the files are read
        progress.start(total)
        for _ in range(total - 1):
            progress.advance(object())
    return ANSI.sub("", stream.getvalue())


# (stream, --quiet, articles) → whether a bar is drawn
CASES = [
    (Terminal, False, PROGRESS_AFTER + 2, True),
    (Terminal, False, PROGRESS_AFTER + 1, True),
    (Terminal, False, PROGRESS_AFTER, False),
    (Terminal, True, PROGRESS_AFTER + 2, False),
    (io.StringIO, False, PROGRESS_AFTER + 2, False),
]


@pytest.mark.parametrize(
    ("stream", "quiet", "total", "shown"),
    CASES,
    ids=["terminal", "just over a few", "a few", "quiet", "not a terminal"],
)
def test_when_the_bar_shows(stream, quiet, total, shown):
    drawn = run(stream(), quiet, total)
    if shown:
        assert "extracting" in drawn and f"{total}/{total} articles" in drawn
    else:
        assert drawn == ""


def test_cli_without_a_terminal_prints_no_bar_and_exits_0(tmp_path):
    output = tmp_path / "claims.jsonl"
    files = [MIXED / "a-good.txt", MIXED / "d-good.html", MIXED / "e-good.docx", MIXED / "sub" / "g-good.md"]
    result = CliRunner().invoke(app, ["extract", *map(str, files), "-o", str(output), "--no-ledger"])
    assert result.exit_code == 0, result.output
    count = len(output.read_text(encoding="utf-8").splitlines())
    assert result.stderr == f"{count} claims from 4 articles (4 parsed, 0 unchanged) → {output}\n"
