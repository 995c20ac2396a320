"""Reviewed worklists come back: verdicts are kept, carried into the next worklist, never lost."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"


def _extract(folder: Path) -> Path:
    out = folder / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _mark(path: Path, claim_text: str, **marks: str) -> None:
    """Mark a row the way a checker does, found by its claim text, and reverse the row order."""
    wb = load_workbook(path, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    target = next(r for r in rows if claim_text in (r[header.index("Claim")] or ""))
    for name, value in marks.items():
        target[header.index(name)] = value
    for offset, values in enumerate(reversed(rows), start=2):  # a sort: rows change places
        for col, value in enumerate(values, start=1):
            ws.cell(row=offset, column=col).value = value
    wb.save(path)


def _row(path: Path, claim_text: str) -> dict[str, object]:
    ws = load_workbook(path)["Claims"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row))
        if claim_text in (record["Claim"] or ""):
            return record
    raise AssertionError(f"no row for {claim_text!r}")


@pytest.fixture
def worklist(tmp_path: Path) -> Path:
    return _extract(tmp_path)


def test_import_then_reexport_keeps_the_verdict(worklist: Path):
    _mark(
        worklist,
        "more than $500 million annually",
        Status="Done",
        Verdict="Mostly accurate",
        Notes="UN panel report, 2019",
    )
    result = CliRunner().invoke(app, ["import", str(worklist), "--ledger", str(worklist.parent / "ledger.sqlite")])
    assert result.exit_code == 0, result.output
    assert "1 review(s) changed" in result.output
    fresh = _extract(worklist.parent)
    row = _row(fresh, "more than $500 million annually")
    assert (row["Status"], row["Verdict"], row["Notes"]) == ("Done", "Mostly accurate", "UN panel report, 2019")


def test_importing_twice_changes_nothing_the_second_time(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Accurate")
    ledger = str(worklist.parent / "ledger.sqlite")
    first = CliRunner().invoke(app, ["import", str(worklist), "--ledger", ledger])
    second = CliRunner().invoke(app, ["import", str(worklist), "--ledger", ledger])
    assert "1 review(s) changed" in first.output
    assert "0 review(s) changed" in second.output


def test_unknown_verdict_blocks_the_import_and_suggests(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Acurate ")
    result = CliRunner().invoke(app, ["import", str(worklist), "--ledger", str(worklist.parent / "ledger.sqlite")])
    assert result.exit_code == 1
    assert "unknown verdict; did you mean 'Accurate'?" in result.output
    assert "nothing applied" in result.output
    assert (worklist.parent / "worklist.import-problems.csv").exists()


def test_extract_imports_marks_before_replacing_the_worklist(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Inaccurate")
    fresh = _extract(worklist.parent)  # no explicit import: extract must not lose the mark
    assert _row(fresh, "more than $500 million annually")["Verdict"] == "Inaccurate"


def test_extract_refuses_to_overwrite_marks_it_cannot_import(worklist: Path):
    _mark(worklist, "more than $500 million annually", Verdict="Wrong-ish")
    before = worklist.read_bytes()
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(worklist), "--quiet"])
    assert result.exit_code == 1
    assert "holds reviewer marks that cannot be imported cleanly" in result.output
    assert worklist.read_bytes() == before


# --- editing a generated workbook the way people do ------------------------------------------

import csv  # noqa: E402
import datetime as dt  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402

MONEY = "more than $500 million annually"
AGREEMENT = "July 19, 2000, agreement"
SUMMIT = "April 2019 summit"


def _edit(path: Path, change) -> None:
    """Open with openpyxl, let ``change(ws, find)`` edit the Claims sheet, save (as a checker's spreadsheet does)."""
    wb = load_workbook(path, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]

    def find(claim_text: str) -> int:
        return next(
            r for r in range(2, ws.max_row + 1) if claim_text in (ws.cell(r, header.index("Claim") + 1).value or "")
        )

    change(ws, find, lambda name: header.index(name) + 1)
    wb.save(path)


def _import(path: Path, *extra: str) -> object:
    return CliRunner().invoke(app, ["import", str(path), "--ledger", str(path.parent / "ledger.sqlite"), *extra])


def _ledger_reviews(folder: Path) -> dict[str, tuple]:
    """Reviews in the ledger, keyed by MONEY, AGREEMENT or SUMMIT for the claims that hold those words."""
    with sqlite3.connect(folder / "ledger.sqlite") as db:
        return {
            next((m for m in (MONEY, AGREEMENT, SUMMIT) if m in r[0]), r[0]): r[1:]
            for r in db.execute(
                "SELECT c.text, r.status, r.verdict, r.notes, r.checked_on FROM reviews r JOIN claims c USING (claim_id)"
            )
        }


def _table(output: str) -> list[tuple[str, ...]]:
    """The problem table printed by ``claims import``, one tuple (row, column, kind, reason, value) per line."""
    return [tuple(re.split(r"\s{2,}", line.strip())) for line in output.splitlines() if line.startswith("  ")][1:]


def _row_number(path: Path, claim_text: str) -> int:
    ws = load_workbook(path)["Claims"]
    header = [c.value for c in ws[1]]
    return next(
        i
        for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)
        if claim_text in (row[header.index("Claim")] or "")
    )


def _problems_csv(path: Path) -> list[list[str]]:
    with path.with_name(path.stem + ".import-problems.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_sorted_filtered_and_twice_saved_sheet_imports_by_id(worklist: Path):
    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Verdict")).value = "Mostly accurate"
        ws.cell(find(AGREEMENT), col("Status")).value = "Done"
        ws.cell(find(AGREEMENT), col("Verdict")).value = "Accurate"
        ws.cell(find(SUMMIT), col("Notes")).value = "Kremlin readout"
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        rows.sort(key=lambda r: str(r[col("Claim") - 1]).lower())  # sort A→Z by claim
        for offset, values in enumerate(rows, start=2):
            for index, value in enumerate(values, start=1):
                ws.cell(offset, index).value = value
        ws.row_dimensions[find(AGREEMENT)].hidden = True  # a filter hides it
        ws.auto_filter.ref = ws.dimensions

    _edit(worklist, mark)
    _edit(worklist, lambda ws, find, col: None)  # opened and saved again
    result = _import(worklist)
    assert result.exit_code == 0, result.output
    assert result.output == f"{worklist}: 3 review(s) changed, 0 unchanged, 0 conflict(s)\n"
    assert _ledger_reviews(worklist.parent) == {
        MONEY: (None, "Mostly accurate", None, None),
        AGREEMENT: ("Done", "Accurate", None, None),
        SUMMIT: (None, None, "Kremlin readout", None),
    }
    fresh = _extract(worklist.parent)
    assert (_row(fresh, AGREEMENT)["Status"], _row(fresh, AGREEMENT)["Verdict"]) == ("Done", "Accurate")
    assert _row(fresh, SUMMIT)["Notes"] == "Kremlin readout"


def test_retyped_values_with_odd_spaces_and_case_are_taken(worklist: Path):
    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Verdict")).value = " mostly ACCURATE\u00a0"
        ws.cell(find(MONEY), col("Status")).value = "done  "
        ws.cell(find(MONEY), col("Assigned to")).value = "\u00a0Ana "

    _edit(worklist, mark)
    result = _import(worklist)
    assert result.exit_code == 0, result.output
    assert _ledger_reviews(worklist.parent) == {MONEY: ("Done", "Mostly accurate", None, None)}


def test_every_problem_is_reported_at_once_and_nothing_is_applied(worklist: Path):
    rows: dict[str, int] = {}

    def mark(ws, find, col):
        rows.update(money=find(MONEY), agreement=find(AGREEMENT), summit=find(SUMMIT))
        ws.cell(rows["money"], col("Verdict")).value = "Inacurate"  # misspelt: suggested, never guessed
        ws.cell(rows["agreement"], col("Notes")).value = '=HYPERLINK("http://x.example")'  # a pasted formula
        ws.cell(rows["summit"], col("Status")).value = "Finished"  # nothing close
        ws.cell(rows["summit"], col("Checked on")).value = "last week"

    _edit(worklist, mark)
    result = _import(worklist)
    assert result.exit_code == 1
    problems_file = worklist.with_name("worklist.import-problems.csv")
    expected = sorted(
        [
            (rows["money"], "Verdict", "error", "unknown verdict; did you mean 'Inaccurate'?", "Inacurate"),
            (
                rows["agreement"],
                "Notes",
                "error",
                "formula in a reviewer column (type the value instead)",
                '=HYPERLINK("http://x.example")',
            ),
            (
                rows["summit"],
                "Status",
                "error",
                "unknown status; allowed: To check, In progress, Done, Not checkable",
                "Finished",
            ),
            (rows["summit"], "Checked on", "error", "not a date; enter a date or type it as YYYY-MM-DD", "last week"),
        ],
        key=lambda p: p[0],
    )
    width = max(len(p[3]) for p in expected)
    lines = result.output.splitlines()
    assert lines[0] == f"{worklist}: 4 problem(s), also listed in {problems_file}:"
    assert lines[1].split() == ["row", "column", "kind", "reason", "value"]
    for line, (row, column, kind, reason, value) in zip(lines[2:6], expected):
        assert line.startswith(f"  {row:<3}  {column:<10}  {kind}  {reason:<{width}}  ")
        assert line.endswith(value if len(value) <= 40 else value[:39] + "…")
    assert lines[6] == (
        f"{worklist}: nothing applied: 4 problem(s) marked 'error' must be fixed first; "
        "fix them and import again, or use --partial to apply the clean rows"
    )
    assert _problems_csv(worklist) == [["row", "column", "reason", "value", "blocking"]] + [
        [str(r), c, reason, v, "yes"] for r, c, _, reason, v in expected
    ]
    assert _ledger_reviews(worklist.parent) == {}


def test_partial_applies_the_clean_rows_only(worklist: Path):
    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Verdict")).value = "Inacurate"
        ws.cell(find(AGREEMENT), col("Verdict")).value = "Accurate"

    _edit(worklist, mark)
    result = _import(worklist, "--partial")
    assert result.exit_code == 0, result.output
    assert _ledger_reviews(worklist.parent) == {AGREEMENT: (None, "Accurate", None, None)}


def test_fixing_the_sheet_removes_the_old_problem_list(worklist: Path):
    _edit(worklist, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Acurate"))
    assert _import(worklist).exit_code == 1
    _edit(worklist, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Accurate"))
    result = _import(worklist)
    assert result.exit_code == 0 and "1 review(s) changed" in result.output
    assert not worklist.with_name("worklist.import-problems.csv").exists()


def test_deleted_rows_are_reported_and_nothing_is_deleted(worklist: Path):
    _edit(worklist, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Accurate"))
    assert _import(worklist).exit_code == 0
    fresh = _extract(worklist.parent)
    deleted: list[str] = []

    def delete(ws, find, col):
        deleted.extend(
            sorted([ws.cell(find(MONEY), col("claim_id")).value, ws.cell(find(SUMMIT), col("claim_id")).value])
        )
        ws.delete_rows(find(MONEY))
        ws.delete_rows(find(SUMMIT))
        ws.cell(find(AGREEMENT), col("Verdict")).value = "Misleading"

    _edit(fresh, delete)
    result = _import(fresh)
    assert result.exit_code == 0, result.output
    assert (
        f"-    claim_id  warning  2 exported row(s) are missing from the sheet (deleted?); nothing is deleted from the ledger  {', '.join(deleted)}"
        in result.output
    )
    assert _ledger_reviews(worklist.parent) == {
        MONEY: (None, "Accurate", None, None),
        AGREEMENT: (None, "Misleading", None, None),
    }
    assert _row(_extract(worklist.parent), MONEY)["Verdict"] == "Accurate"


def test_inserted_rows_without_an_id_are_ignored_with_a_warning(worklist: Path):
    inserted: list[int] = []

    def insert(ws, find, col):
        at = find(AGREEMENT)
        ws.insert_rows(at)
        ws.cell(at, col("Claim")).value = "My own claim"
        ws.cell(at, col("Verdict")).value = "Accurate"
        ws.cell(find(MONEY), col("Verdict")).value = "Inaccurate"
        inserted.append(at)

    _edit(worklist, insert)
    result = _import(worklist)
    assert result.exit_code == 0, result.output
    assert (
        f"  {inserted[0]:<3}  claim_id  warning  row has review marks but no claim id (inserted row?); ignored"
        in result.output
    )
    assert _ledger_reviews(worklist.parent) == {MONEY: (None, "Inaccurate", None, None)}


def test_spreadsheet_conversions_of_ids_notes_and_dates(worklist: Path):
    ids: dict[str, str] = {}

    def mangle(ws, find, col):
        row = find(MONEY)
        ids["money"] = ws.cell(row, col("claim_id")).value
        ws.cell(row, col("claim_id")).value = 1.234e15  # Excel made a number of it
        ws.cell(row, col("Verdict")).value = "Accurate"
        ws.cell(row, col("Notes")).value = dt.datetime(2024, 3, 4)  # "3/4" typed as a note
        ws.cell(row, col("Checked on")).value = dt.datetime(2024, 5, 6)
        other = find(SUMMIT)
        ws.cell(other, col("claim_id")).value = 42.0
        ws.cell(other, col("checksum")).value = None  # no way to match this one
        ws.cell(other, col("Verdict")).value = "Accurate"

    _edit(worklist, mangle)
    result = _import(worklist, "--partial")
    assert result.exit_code == 0, result.output
    table = _table(result.output)
    money, summit = _row_number(worklist, MONEY), _row_number(worklist, SUMMIT)
    assert (
        str(money),
        "claim_id",
        "warning",
        f"the spreadsheet turned the claim id into a number; matched by the ID column and checksum to {ids['money']}",
        "1234000000000000",
    ) in table
    assert (
        str(money),
        "Notes",
        "warning",
        "the spreadsheet turned this into a date; kept as text",
        "2024-03-04",
    ) in table
    assert (
        str(summit),
        "claim_id",
        "error",
        "the spreadsheet turned the claim id into a number and the row cannot be matched; "
        "copy the id back from the exported file",
        "42",
    ) in table
    assert _ledger_reviews(worklist.parent) == {MONEY: (None, "Accurate", "2024-03-04", "2024-05-06")}


def test_checked_on_is_a_date_column_and_takes_a_date_a_serial_or_iso_text(worklist: Path):
    ws = load_workbook(worklist)["Claims"]
    column = [c.value for c in ws[1]].index("Checked on") + 1
    assert ws.cell(2, column).number_format == "yyyy-mm-dd"  # an empty cell already formatted as a date

    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Checked on")).value = dt.datetime(2024, 5, 6)  # a date cell
        serial = ws.cell(find(AGREEMENT), col("Checked on"))
        serial.value, serial.number_format = 45418, "General"  # the serial number of 2024-05-06, shown as a number
        ws.cell(find(SUMMIT), col("Checked on")).value = "2024-05-08"  # typed as text
        for text in (MONEY, AGREEMENT, SUMMIT):
            ws.cell(find(text), col("Verdict")).value = "Accurate"

    _edit(worklist, mark)
    result = _import(worklist)
    assert result.exit_code == 0, result.output
    reviews = _ledger_reviews(worklist.parent)
    assert {text: review[3] for text, review in reviews.items()} == {
        MONEY: "2024-05-06",
        AGREEMENT: "2024-05-06",
        SUMMIT: "2024-05-08",
    }
    again = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(worklist), "--quiet"])
    assert again.exit_code == 0, again.output
    ws = load_workbook(worklist)["Claims"]
    cell = ws.cell(_row_number(worklist, MONEY), column)
    assert cell.value == dt.datetime(2024, 5, 6) and cell.number_format == "yyyy-mm-dd"  # written back as a date


def test_checked_on_that_is_no_date_is_reported(worklist: Path):
    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Checked on")).value = "6 May"
        serial = ws.cell(find(AGREEMENT), col("Checked on"))
        serial.value, serial.number_format = 12, "General"  # a serial in January 1900: no date a claim was checked on

    _edit(worklist, mark)
    result = _import(worklist)
    assert result.exit_code == 1
    table = _table(result.output)
    reason = "not a date; enter a date or type it as YYYY-MM-DD"
    assert (str(_row_number(worklist, MONEY)), "Checked on", "error", reason, "6 May") in table
    assert (str(_row_number(worklist, AGREEMENT)), "Checked on", "error", reason, "12") in table


OLD_ORDER = (  # the Claims columns of worklists exported before the reviewer's columns moved next to the claim
    "ID", "Priority", "Type", "Claim", "Context", "Value", "Said by", "Via", "Flags", "Why", "Article", "Para",
    "Rule", "Group", "Status", "Verdict", "Assigned to", "Evidence", "Notes", "Checked on", "claim_id", "checksum",
)  # fmt: skip


def test_a_sheet_in_the_old_column_order_still_imports(tmp_path: Path, monkeypatch):
    """Columns are found by their headers: a worklist exported before the new layout imports the same."""
    from claims.worklist import xlsx
    from claims.worklist.rows import COLUMNS

    by_header = {c.header: c for c in COLUMNS}
    monkeypatch.setattr(xlsx, "COLUMNS", tuple(by_header[h] for h in OLD_ORDER))  # written as before
    worklist = _extract(tmp_path)
    monkeypatch.undo()
    assert tuple(c.value for c in load_workbook(worklist)["Claims"][1]) == OLD_ORDER

    def mark(ws, find, col):
        assert col("Status") == 15 and col("Claim") == 4  # the old places
        ws.cell(find(MONEY), col("Verdict")).value = "Inaccurate"
        ws.cell(find(MONEY), col("Notes")).value = "ministry figures differ"
        ws.cell(find(MONEY), col("Checked on")).value = "2024-05-06"

    _edit(worklist, mark)
    result = _import(worklist)
    assert result.exit_code == 0, result.output
    assert _ledger_reviews(worklist.parent) == {MONEY: (None, "Inaccurate", "ministry figures differ", "2024-05-06")}


def test_a_claim_that_changed_since_export_is_held_not_applied(tmp_path: Path):
    def article(tail: str) -> str:
        return json.dumps(
            {
                "id": "held",
                "title": "Held",
                "text": "Held\n\nThe ministry said exports rose to $40 billion in 2023" + tail,
            }
        )

    source = tmp_path / "a.jsonl"
    source.write_text(article(", a record.") + "\n", encoding="utf-8")
    out = tmp_path / "worklist.xlsx"
    assert CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--quiet"]).exit_code == 0
    _edit(out, lambda ws, find, col: setattr(ws.cell(find("$40 billion"), col("Verdict")), "value", "Accurate"))
    kept = tmp_path / "reviewed.xlsx"
    shutil.copy(out, kept)
    source.write_text(article(", far below the forecast.") + "\n", encoding="utf-8")  # same id, the sentence changed
    assert (
        CliRunner().invoke(app, ["extract", str(source), "-o", str(tmp_path / "other.xlsx"), "--quiet"]).exit_code == 0
    )
    result = _import(kept)
    assert result.exit_code == 0, result.output
    assert (
        "stale row: its text, sentence or value changed since this sheet was exported; its marks are held"
        in result.output
    )
    assert result.output.endswith(f"{kept}: 0 review(s) changed, 0 unchanged, 0 conflict(s), 1 held as stale\n")
    assert _ledger_reviews(tmp_path) == {}
    again = _import(kept)
    assert again.output.endswith(f"{kept}: 0 review(s) changed, 0 unchanged, 0 conflict(s)\n")  # held once, not twice
    CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--quiet"])
    assert _row(out, "$40 billion")["Flags"] == (
        "held: a review (verdict 'Accurate') from reviewed.xlsx was for an earlier version of this "
        f"claim ({'its text, sentence or value changed since this sheet was exported'}); check it again and mark this row"
    )
    _edit(out, lambda ws, find, col: setattr(ws.cell(find("$40 billion"), col("Verdict")), "value", "Misleading"))
    assert "1 review(s) changed" in _import(out).output
    CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--quiet"])
    assert _row(out, "$40 billion")["Flags"] is None


def test_conflicting_reviews_are_both_kept_reported_shown_and_settled(worklist: Path):
    folder = worklist.parent
    second = folder / "second.xlsx"
    shutil.copy(worklist, second)  # two checkers work on copies of the same export
    _edit(worklist, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Accurate"))
    _edit(second, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Inaccurate"))
    assert "1 review(s) changed" in _import(worklist).output
    result = _import(second)
    assert result.exit_code == 0, result.output
    assert (
        "warning  conflict: verdict changed in the ledger after this sheet was exported; both values kept"
        in result.output
    )
    assert result.output.endswith(f"{second}: 0 review(s) changed, 0 unchanged, 1 conflict(s)\n")
    assert _ledger_reviews(folder) == {MONEY: (None, "Accurate", None, None)}
    with sqlite3.connect(folder / "ledger.sqlite") as db:
        assert db.execute("SELECT field, ledger_value, sheet_value, resolved FROM conflicts").fetchall() == [
            ("verdict", "Accurate", "Inaccurate", 0)
        ]
    again = _import(second)  # the same file twice: nothing new
    assert again.output.endswith(f"{second}: 0 review(s) changed, 0 unchanged, 0 conflict(s)\n")
    with sqlite3.connect(folder / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM review_history").fetchone()[0] == 1
    fresh = _extract(folder)
    flag = (
        "conflict: verdict is 'Accurate' here but 'Inaccurate' in another reviewer's sheet; "
        "set the value you mean and import this sheet"
    )
    assert _row(fresh, MONEY)["Flags"] == flag and _row(fresh, MONEY)["Verdict"] == "Accurate"
    _edit(fresh, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Inaccurate"))
    settled = _import(fresh)
    assert settled.output.endswith(f"{fresh}: 1 review(s) changed, 0 unchanged, 0 conflict(s), 1 conflict(s) settled\n")
    final = _extract(folder)
    assert (_row(final, MONEY)["Verdict"], _row(final, MONEY)["Flags"]) == ("Inaccurate", None)


def test_a_libreoffice_saved_copy_imports_the_same(worklist: Path, tmp_path_factory):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")

    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Verdict")).value = "Mostly accurate "
        ws.cell(find(MONEY), col("Notes")).value = "-5% on the year; =not a formula"
        ws.cell(find(AGREEMENT), col("Checked on")).value = dt.datetime(2024, 3, 4)
        ws.cell(find(AGREEMENT), col("Status")).value = "Done"
        ws.row_dimensions[find(SUMMIT)].hidden = True

    _edit(worklist, mark)
    copy_dir = tmp_path_factory.mktemp("libreoffice")
    ledger_copy = copy_dir / "ledger.sqlite"
    with sqlite3.connect(worklist.parent / "ledger.sqlite") as source, sqlite3.connect(ledger_copy) as target:
        source.backup(target)
    profile = copy_dir / "profile"
    converted = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(copy_dir / "out"),
            str(worklist),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    saved = copy_dir / "out" / "worklist.xlsx"
    original = _import(worklist)
    again = CliRunner().invoke(app, ["import", str(saved), "--ledger", str(ledger_copy)])
    assert original.exit_code == 0 and again.exit_code == 0, again.output
    assert original.output.replace(str(worklist), "X") == again.output.replace(str(saved), "X")
    with sqlite3.connect(ledger_copy) as db:
        copied = {
            next((m for m in (MONEY, AGREEMENT, SUMMIT) if m in r[0]), r[0]): r[1:]
            for r in db.execute(
                "SELECT c.text, r.status, r.verdict, r.notes, r.checked_on FROM reviews r JOIN claims c USING (claim_id)"
            )
        }
    assert (
        copied
        == _ledger_reviews(worklist.parent)
        == {
            MONEY: (None, "Mostly accurate", "-5% on the year; =not a formula", None),
            AGREEMENT: ("Done", None, None, "2024-03-04"),
        }
    )


def test_status_lists_reviews_pending_import(worklist: Path):
    ledger = str(worklist.parent / "ledger.sqlite")
    _edit(worklist, lambda ws, find, col: setattr(ws.cell(find(MONEY), col("Verdict")), "value", "Accurate"))
    before = CliRunner().invoke(app, ["status", "--ledger", ledger])
    assert before.exit_code == 0, before.output
    shown = os.path.relpath(worklist)
    assert before.output.splitlines()[-2:] == [
        "Reviews pending import:",
        f"  {shown}: 1 review(s) not imported (run: claims import {shown})",
    ]
    _import(worklist)
    after = CliRunner().invoke(app, ["status", "--ledger", ledger])
    assert "       1  Accurate" in after.output.splitlines()
    assert after.output.splitlines()[-1] == "Reviews pending import: none"


def test_the_seed_money_claim_reviewed_once_is_previously_checked_in_a_second_article(worklist: Path):
    """Acceptance (issue 7): a second article repeats the $500 million figure in other words."""

    def mark(ws, find, col):
        ws.cell(find(MONEY), col("Verdict")).value = "Mostly accurate"
        ws.cell(
            find(MONEY), col("Evidence")
        ).value = "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports"
        ws.cell(find(MONEY), col("Checked on")).value = dt.datetime(2024, 3, 1)

    _edit(worklist, mark)
    assert "1 review(s) changed" in _import(worklist).output
    second = worklist.parent / "second.jsonl"
    second.write_text(
        json.dumps(
            {
                "id": "second",
                "title": "Sanctions squeeze Pyongyang",
                "url": "https://news.example/sanctions",
                "text": "Sanctions squeeze Pyongyang\n\nPyongyang earned more than $500 million a year from North Korean laborers "
                "working overseas, according to the United States.\n\nThe city council met on Monday.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(SEED), str(second), "--output", str(worklist), "--quiet"])
    assert result.exit_code == 0, result.output
    ws = load_workbook(worklist)["Claims"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    at = next(i for i, r in enumerate(rows) if MONEY in r["Claim"])
    again = next(i for i, r in enumerate(rows) if "Pyongyang earned more than $500 million" in r["Claim"])
    assert abs(at - again) == 1  # grouped: the two sit next to each other (the higher priority first)
    seed_row, repeat = rows[at], rows[again]
    # the Claim column shows the claim as checked (speaker first), which holds the article's words
    assert (
        "Pyongyang earned more than $500 million a year from North Korean laborers working overseas" in repeat["Claim"]
    )
    assert repeat["Flags"] == (
        "previously checked: Mostly accurate on 2024-03-01 (claim "
        f"{seed_row['ID']} in 'North Korea highlights ‘deepening friendship’ with Russia on anniversary') "
        "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports"
    )
    flags_column = header.index("Flags") + 1
    fills = [ws.cell(n + 2, flags_column).fill.fgColor.rgb for n in (at, again)]
    assert fills == ["00000000", "FFDDEBF7"]  # the repeat's Flags cell is blue: previously checked
    assert repeat["Group"] == seed_row["Group"] == seed_row["ID"]  # the group is named after the checked claim
    assert repeat["Verdict"] is None and seed_row["Verdict"] == "Mostly accurate"  # flagged, not copied
    assert sorted(r["Claim"] for r in rows if r["Group"]) == sorted([seed_row["Claim"], repeat["Claim"]])


def test_an_untouched_worklist_is_not_read_again_nor_rewritten(worklist: Path, monkeypatch):
    """Issue 8: re-running on an unchanged corpus neither re-imports nor rewrites the worklist nobody saved."""
    from claims.ledger import importer

    reads: list[Path] = []
    real = importer.import_worklist
    monkeypatch.setattr(importer, "import_worklist", lambda path, *a, **k: reads.append(path) or real(path, *a, **k))
    written = worklist.stat().st_mtime_ns
    _extract(worklist.parent)
    assert reads == [] and worklist.stat().st_mtime_ns == written  # untouched and the same rows: left as it is
    os.utime(worklist, ns=(written, written + 1_000_000))  # saved by someone, even without a change
    _extract(worklist.parent)
    assert reads == [worklist] and worklist.stat().st_mtime_ns != written + 1_000_000  # read, then written again
    _mark(worklist, MONEY, Verdict="Accurate")
    fresh = _extract(worklist.parent)
    assert reads[-1] == worklist and _row(fresh, MONEY)["Verdict"] == "Accurate"


def test_write_output_reports_an_unchanged_worklist(worklist: Path):
    from claims.app import ExtractOptions, extract, write_output
    from claims.config import Settings
    from claims.ledger.db import Ledger

    with Ledger(worklist.parent / "ledger.sqlite") as ledger:
        result = extract([SEED], ExtractOptions(), ledger)
        same = write_output(result, worklist, "xlsx", Settings(), ledger)
        other = write_output(result, worklist, "xlsx", Settings(verdicts=["True", "False"]), ledger)
    assert (same.path, same.unchanged) == (worklist, True) and same.rows == other.rows
    assert other.unchanged is False  # other settings show other dropdowns: written again


def test_the_claim_column_shows_the_claim_as_checked_and_imports_against_it(tmp_path: Path):
    from claims.app import ExtractResult, write_output
    from claims.config import Settings
    from claims.ledger.db import Ledger
    from claims.ledger.importer import import_worklist
    from claims.model import Article, Claim
    from claims.worklist.rows import checksum

    sentence = "The ministry said exports rose 5% in 2023."
    article = Article(id="a1", text=sentence, title="Exports")
    plain = Claim("a1", "c1", "quantity", "rose 5%", 26, 33, 0, len(sentence), "r", sentence=sentence)
    checked = Claim(
        "a1", "c2", "quantity", "in 2023", 34, 41, 0, len(sentence), "r", sentence=sentence,
        checked="The ministry said exports rose 5% in 2023.",
    )  # fmt: skip
    out = tmp_path / "worklist.xlsx"
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        ledger.store(article, [plain, checked], "v1", {c.claim_id: checksum(c) for c in (plain, checked)})
        write_output(ExtractResult(articles=[article], ledger=ledger), out, "xlsx", Settings(), ledger)
        shown = {r["claim_id"]: r["Claim"] for r in (_rows_of(out))}
        assert shown == {"c1": "rose 5%", "c2": "The ministry said exports rose 5% in 2023."}

        def mark(ws, find, col):
            for text in shown.values():
                ws.cell(find(text), col("Verdict")).value = "Accurate"

        _edit(out, mark)
        report = import_worklist(out, ledger, Settings())
        assert (report.changed, report.held, report.problems) == (2, 0, [])


def _rows_of(path: Path) -> list[dict[str, object]]:
    ws = load_workbook(path)["Claims"]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]
