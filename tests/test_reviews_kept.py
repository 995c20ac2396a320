"""No review is ever lost, whatever sheet comes back (issue 14).

Each case starts from a ledger that already holds three reviews and asserts the exact line the
command prints, its exit status, and that all three reviews are still in the ledger afterwards.
Rows are found by claim id (``tests/sheets.py``), never by claim text or row counts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sheets import claim_ids, edit, mark, reviews
from typer.testing import CliRunner

from claims.cli import app

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
EARLIER = {"Verdict": "Accurate", "Notes": "checked against the UN report"}


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    """A folder with a worklist, its ledger, and three reviews imported from that worklist."""
    folder = tmp_path_factory.mktemp("reviewed")
    sheet = folder / "worklist.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0
    ids = claim_ids(sheet)
    assert len(ids) >= 5  # the seed article gives more than five claims, however claims are cut
    mark(sheet, {claim_id: EARLIER for claim_id in ids[:3]})
    result = run("import", sheet, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("3 review(s) changed, 0 unchanged, 0 conflict(s)\n")
    return folder


@pytest.fixture
def folder(reviewed: Path, tmp_path: Path) -> Path:
    """A fresh copy of the reviewed folder (the ledger with three reviews) and a worklist exported after them."""
    copy = tmp_path / "work"
    shutil.copytree(reviewed, copy)
    result = run("extract", SEED, "--output", copy / "worklist.xlsx", "--quiet")
    assert result.exit_code == 0, result.output
    return copy


def earlier(folder: Path) -> dict[str, dict[str, str]]:
    """The three earlier reviews, as the ledger holds them."""
    return {
        claim_id: values
        for claim_id, values in reviews(folder / "ledger.sqlite").items()
        if values.get("notes") == EARLIER["Notes"]
    }


def assert_earlier_reviews_kept(folder: Path) -> None:
    held = reviews(folder / "ledger.sqlite")
    first = claim_ids(folder / "worklist.xlsx")
    kept = {c: held.get(c) for c in first}
    marked = [c for c, v in kept.items() if v and v.get("notes") == EARLIER["Notes"]]
    assert len(marked) == 3, kept
    for claim_id in marked:
        assert held[claim_id] == {"verdict": "Accurate", "notes": EARLIER["Notes"]}


def letter(path: Path, name: str) -> str:
    """The column letter of a header in the exported worklist (the layout may gain columns)."""
    header = [c.value for c in load_workbook(path, read_only=True)["Claims"][1]]
    return get_column_letter(header.index(name) + 1)


# --- reviewer columns: a blank in a column the import does not recognise is no deletion -----------


HEADER_CASES = [
    (
        "lower-cased",
        lambda ws, column: setattr(ws.cell(1, column("Verdict")), "value", "verdict"),
        "no 'Verdict' column: column {Verdict} is headed 'verdict'; head it exactly 'Verdict' "
        "(nothing is imported until it is)",
    ),
    (
        "renamed",
        lambda ws, column: setattr(ws.cell(1, column("Notes")), "value", "Notes (second reviewer)"),
        "no 'Notes' column: column {Notes} is headed 'Notes (second reviewer)'; head it exactly 'Notes' "
        "(nothing is imported until it is)",
    ),
    (
        "duplicated",
        lambda ws, column: setattr(ws.cell(1, column("Evidence")), "value", "Notes"),
        "the column 'Notes' is there 2 times (columns {Notes}, {Evidence}); keep one",  # in sheet order
    ),
    (
        "deleted",
        lambda ws, column: ws.delete_cols(column("Verdict")),
        "no 'Verdict' column (deleted?); copy it back from the exported worklist",
    ),
]


@pytest.mark.parametrize(("case", "change", "reason"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
@pytest.mark.parametrize("partial", [False, True], ids=["", "partial"])
def test_a_missing_renamed_recased_or_repeated_reviewer_column_blocks_the_import(folder, case, change, reason, partial):
    sheet = folder / "worklist.xlsx"
    ids = claim_ids(sheet)
    reason = reason.format(**{name: letter(sheet, name) for name in ("Verdict", "Evidence", "Notes")})
    # the worklist shows the earlier reviews; the reviewer marks another row and blanks nothing
    mark(sheet, {ids[4]: {"Status": "Done"}})
    edit(sheet, lambda ws, row_of, column: change(ws, column))
    result = run("import", sheet, "--ledger", folder / "ledger.sqlite", *(["--partial"] if partial else []))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(re.search(rf"\berror\s+{re.escape(reason)}(\s|$)", line) for line in lines), result.output
    assert lines[-1].startswith(f"{sheet}: nothing applied: the reviewer column(s) ")
    assert lines[-1].endswith(
        "are missing, renamed or repeated, so a blank could not be told from a deletion; "
        "fix the header row and import again"
    )
    assert_earlier_reviews_kept(folder)
    assert ids[4] not in reviews(folder / "ledger.sqlite")


def test_partial_leaves_a_row_with_an_error_untouched(folder):
    sheet = folder / "worklist.xlsx"
    ids = claim_ids(sheet)
    # a misspelt verdict on a reviewed row, a new note on it too, and a clean mark on another row
    mark(sheet, {ids[0]: {"Verdict": "Acurate", "Notes": "replaced?"}, ids[4]: {"Status": "Done"}})
    result = run("import", sheet, "--partial", "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{sheet}: 1 review(s) changed, 2 unchanged, 0 conflict(s)"
    assert_earlier_reviews_kept(folder)
    assert reviews(folder / "ledger.sqlite")[ids[4]] == {"status": "Done"}
