"""The bundled worklist opened in a real LibreOffice Calc (headless, driven through its Python UNO bridge).

LibreOffice's Python bridge (Debian's ``python3-uno``) runs under the system's ``/usr/bin/python3``,
not in the project's virtualenv, so ``scripts/libreoffice.py`` does the driving in a subprocess and
reports as JSON. ``.ci/run`` installs LibreOffice Calc and the bridge; without them these tests
are skipped, except on CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "libreoffice.py"
UNO_PYTHON = "/usr/bin/python3"


def _missing() -> str | None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return "LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)"
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "LibreOffice's Python bridge is not installed (.ci/run installs python3-uno)"
    return None


@pytest.fixture(scope="module")
def libreoffice() -> None:
    reason = _missing()
    if reason and os.environ.get("CI"):
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


def _inspect(workbook: Path, rows: int = 40) -> dict:
    done = subprocess.run(
        [UNO_PYTHON, str(SCRIPT), "inspect", str(workbook), "--rows", str(rows)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def bundled_worklist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(ROOT / "articles"), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_rows_are_as_tall_as_libreoffice_needs_and_the_sheet_prints_one_page_wide(libreoffice, bundled_worklist):
    report = _inspect(bundled_worklist)
    rows = report["claims"]["rows"]
    assert len(rows) == 40
    short = [r for r in rows if r["height"] < 0.9 * r["optimal"]]
    assert short == [], "rows shorter than 90 % of LibreOffice's optimal height for their text"
    assert sum(r["optimal"] > 800 for r in rows) >= 20  # most of them need two lines or more (one is about 490)
    headers = report["claims"]["headers"]
    assert headers.index("Status") < 8 and headers.index("Verdict") < 8
    for name, setup in report["sheets"].items():
        assert (setup["landscape"], setup["pages_wide"], setup["pages_tall"]) == (True, 1, 0), name
        assert setup["title_rows"] == [0, 0], name  # the header row on every page
        assert setup["footer_text"].startswith(f"{name} | ") and "Page 1 of " in setup["footer_text"], name


def test_without_row_heights_libreoffice_would_show_rows_one_line_tall(libreoffice, bundled_worklist, monkeypatch):
    """The check above can fail: the same rows written one line tall, as before, are far below the optimal height."""
    from claims.worklist import xlsx

    monkeypatch.setattr(xlsx, "row_points", lambda lines: 15.0)
    out = bundled_worklist.with_name("one-line.xlsx")
    result = CliRunner().invoke(app, ["extract", str(ROOT / "articles"), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = _inspect(out, rows=10)["claims"]["rows"]
    assert [r for r in rows if r["height"] < 0.9 * r["optimal"]] != []
