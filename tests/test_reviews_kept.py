"""No review is ever lost, whatever sheet comes back (issue 14).

Each case starts from a ledger that already holds three reviews and asserts the exact line the
command prints, its exit status, and that all three reviews are still in the ledger afterwards.
Rows are found by claim id (``tests/sheets.py``), never by claim text or row counts.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sheets import claim_ids, edit, mark, reviews, rewrite_parts, row_values
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
    shutil.copy(sheet, folder / "exported-before.xlsx")  # a copy made before anyone reviewed
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


def test_extract_refuses_to_replace_a_worklist_whose_reviewer_column_was_renamed(folder):
    sheet = folder / "worklist.xlsx"
    ids = claim_ids(sheet)
    mark(sheet, {ids[4]: {"Status": "Done"}})
    edit(sheet, lambda ws, row_of, column: setattr(ws.cell(1, column("Verdict")), "value", "verdict"))
    before = sheet.read_bytes()
    result = run("extract", SEED, "--output", sheet, "--quiet")  # what `make claims` runs
    assert result.exit_code == 1
    problems = folder / "worklist.import-problems.csv"
    assert result.output.splitlines() == [
        f"error: {sheet}: holds reviewer marks that cannot be imported cleanly (1 problem(s), listed in {problems}); "
        f"fix them and run 'claims import {sheet}', or move the file aside"
    ]
    assert sheet.read_bytes() == before
    assert_earlier_reviews_kept(folder)


# --- sheets that cannot prove a blank is a deletion: they add and change, never clear ------------


def test_a_sheet_from_another_ledger_is_refused_and_with_other_ledger_adds_without_clearing(folder, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    sheet = other / "worklist.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0  # the same article, another ledger
    ids = claim_ids(sheet)
    mark(sheet, {ids[4]: {"Verdict": "Misleading"}})  # one row marked; the reviewed rows are blank there
    ledger = folder / "ledger.sqlite"
    refused = run("import", sheet, "--ledger", ledger)
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        f"error: {sheet}: exported with another ledger ({(other / 'ledger.sqlite').resolve()}), not {ledger}; "
        "import it into that one, or give --other-ledger to add its marks to this one "
        "(they can add and change reviews, never clear them)"
    ]
    assert_earlier_reviews_kept(folder)
    added = run("import", sheet, "--ledger", ledger, "--other-ledger")
    assert added.exit_code == 0, added.output
    assert any(
        "warning  this worklist was exported with another ledger; rows are matched by claim id only and its blank "
        "cells do not clear reviews" in line
        for line in added.output.splitlines()
    )
    # three reviewed rows are blank in that sheet: their verdicts and notes (six values) are left alone
    assert added.output.splitlines()[-1] == (
        f"{sheet}: 1 review(s) changed, 3 unchanged, 0 conflict(s), 6 blank cell(s) left the ledger's value"
    )
    assert_earlier_reviews_kept(folder)
    assert reviews(ledger)[ids[4]] == {"verdict": "Misleading"}


def test_a_sheet_rewritten_by_pandas_adds_without_clearing_reviews_imported_after_its_export(folder):
    import pandas as pd

    # a copy exported before the three reviews were imported, read and written again by pandas: no export id
    rewritten = folder / "rewritten.xlsx"
    frame = pd.read_excel(folder / "exported-before.xlsx", sheet_name="Claims")
    frame["Verdict"] = frame["Verdict"].astype(object)  # an empty column reads as numbers
    frame.loc[4, "Verdict"] = "Inaccurate"
    frame.to_excel(rewritten, sheet_name="Claims", index=False)
    fifth = frame.loc[4, "claim_id"]
    result = run("import", rewritten)  # no ledger recorded: the default, ledger.sqlite beside it
    assert result.exit_code == 0, result.output
    assert any(
        "warning  the workbook has no export id (saved by a program that drops it?); rows are matched by claim id "
        "only, its blank cells do not clear reviews, and conflicts with later reviews cannot be detected" in line
        for line in result.output.splitlines()
    )
    assert result.output.splitlines()[-1] == (
        f"{rewritten}: 1 review(s) changed, 3 unchanged, 0 conflict(s), 6 blank cell(s) left the ledger's value"
    )
    assert_earlier_reviews_kept(folder)
    assert reviews(folder / "ledger.sqlite")[fifth] == {"verdict": "Inaccurate"}


def test_a_blank_in_a_sheet_this_ledger_exported_after_the_review_clears_it(folder):
    """The one case where a blank is a deletion: the reviewer saw the verdict and emptied the cell."""
    sheet = folder / "worklist.xlsx"  # exported after the three reviews: it shows them
    first = claim_ids(sheet)[0]
    mark(sheet, {first: {"Verdict": None}})
    result = run("import", sheet)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{sheet}: 1 review(s) changed, 2 unchanged, 0 conflict(s)"
    assert reviews(folder / "ledger.sqlite")[first] == {"notes": EARLIER["Notes"]}


def test_a_blank_in_a_sheet_exported_before_the_review_clears_nothing(folder):
    old = folder / "exported-before.xlsx"  # this ledger exported it, before the reviews: it shows them blank
    fifth = claim_ids(old)[4]
    mark(old, {fifth: {"Status": "Done"}})
    result = run("import", old)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{old}: 1 review(s) changed, 3 unchanged, 0 conflict(s)"
    assert_earlier_reviews_kept(folder)


# --- which ledger a sheet goes to ---------------------------------------------------------------


def test_a_worklist_written_elsewhere_is_imported_into_its_own_ledger(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # exports/ledger.sqlite, the old default, would be here
    folder = tmp_path / "elsewhere"
    sheet = folder / "w.xlsx"
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0
    ids = claim_ids(sheet)
    mark(sheet, {ids[0]: {"Verdict": "Accurate"}})
    result = run("import", sheet)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{sheet}: 1 review(s) changed, 0 unchanged, 0 conflict(s)"]
    assert reviews(folder / "ledger.sqlite") == {ids[0]: {"verdict": "Accurate"}}
    assert not (tmp_path / "exports").exists()
    again = run("extract", SEED, "--output", sheet, "--quiet")  # the next worklist there shows the mark
    assert again.exit_code == 0, again.output
    assert row_values(sheet, ids[0])["Verdict"] == "Accurate"


def test_a_moved_folder_and_a_copy_of_the_sheet_alone_find_the_ledger(tmp_path):
    first = tmp_path / "first"
    assert run("extract", SEED, "--output", first / "w.xlsx", "--quiet").exit_code == 0
    ids = claim_ids(first / "w.xlsx")
    alone = tmp_path / "downloads" / "w-reviewed.xlsx"  # a reviewer's copy elsewhere: the absolute path holds
    alone.parent.mkdir()
    shutil.copy(first / "w.xlsx", alone)
    mark(alone, {ids[1]: {"Status": "Done"}})
    assert run("import", alone).output.endswith("1 review(s) changed, 0 unchanged, 0 conflict(s)\n")
    moved = tmp_path / "moved"
    first.rename(moved)  # the folder moved as a whole: the path relative to the workbook still holds
    mark(moved / "w.xlsx", {ids[0]: {"Verdict": "Accurate"}})
    # the row the copy marked is blank here, as exported: the ledger's status stands (unchanged)
    assert run("import", moved / "w.xlsx").output.endswith("1 review(s) changed, 1 unchanged, 0 conflict(s)\n")
    assert reviews(moved / "ledger.sqlite") == {ids[0]: {"verdict": "Accurate"}, ids[1]: {"status": "Done"}}
    mark(alone, {ids[2]: {"Status": "Done"}})
    lost = run("import", alone)  # neither where it was (first/) nor beside the copy
    assert lost.exit_code == 1
    assert lost.output.splitlines() == [
        f"error: {alone}: exported with the ledger {(first / 'ledger.sqlite').resolve()}, which is not there now; "
        "give --ledger FILE (the ledger's id is checked)"
    ]
    found = run("import", alone, "--ledger", moved / "ledger.sqlite")
    assert found.output.endswith("1 review(s) changed, 2 unchanged, 0 conflict(s)\n"), found.output
    assert reviews(moved / "ledger.sqlite")[ids[2]] == {"status": "Done"}


# --- workbooks that are not what they seem: refused before they are parsed ------------------------

DTD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>\n'


def with_dtd(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    return DTD + data[data.index(b"?>") + 2 :].lstrip()


def test_a_worksheet_with_a_dtd_is_refused(folder):
    hostile = folder / "dtd.xlsx"
    rewrite_parts(folder / "worklist.xlsx", hostile, with_dtd)
    result = run("import", hostile, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {hostile}: refused: xl/worksheets/sheet1.xml has a DTD (DTDForbidden); no worklist part has one"
    ]
    assert_earlier_reviews_kept(folder)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(folder):
    hostile = folder / "bomb.xlsx"
    rewrite_parts(folder / "worklist.xlsx", hostile, lambda n, d: d, [("xl/media/padding.bin", [bytes(1 << 20)] * 64)])
    packed = next(i.compress_size for i in zipfile.ZipFile(hostile).infolist() if i.filename.endswith("padding.bin"))
    result = run("import", hostile, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {hostile}: zip-bomb-like workbook: xl/media/padding.bin unpacks to 67,108,864 bytes "
        f"from {packed:,} (more than 100 times)"
    ]
    assert_earlier_reviews_kept(folder)


def test_a_cell_of_1_5_gib_is_refused_before_it_is_read(folder):
    """1.5 GiB of text in a reviewer cell: the package says so before anything is unpacked."""
    hostile = folder / "huge-cell.xlsx"
    with zipfile.ZipFile(folder / "worklist.xlsx") as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    end = sheet.index(b"</sheetData>")
    huge = b'<row r="999999"><c r="S999999" t="inlineStr"><is><t>'
    chunks = [sheet[:end], huge, *[b"A" * (1 << 20)] * 1536, b"</t></is></c></row>", sheet[end:]]
    rewrite_parts(
        folder / "worklist.xlsx",
        hostile,
        lambda n, d: None if n == "xl/worksheets/sheet1.xml" else d,
        [("xl/worksheets/sheet1.xml", chunks)],
    )
    info = next(i for i in zipfile.ZipFile(hostile).infolist() if i.filename == "xl/worksheets/sheet1.xml")
    assert info.file_size > 1536 * (1 << 20)
    result = run("import", hostile, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {hostile}: zip-bomb-like workbook: xl/worksheets/sheet1.xml unpacks to {info.file_size:,} bytes "
        f"from {info.compress_size:,} (more than 100 times)"
    ]
    assert_earlier_reviews_kept(folder)


def test_a_cell_longer_than_excel_allows_is_an_error_on_its_row(folder):
    ids = claim_ids(folder / "worklist.xlsx")
    mark(folder / "worklist.xlsx", {ids[0]: {"Notes": "LONG-NOTE"}, ids[4]: {"Status": "Done"}})
    sheet = folder / "long-note.xlsx"  # openpyxl cuts what it writes at 32,767 characters: put the note in by hand
    rewrite_parts(folder / "worklist.xlsx", sheet, lambda n, d: d.replace(b"LONG-NOTE", b"x" * 40_000))
    result = run("import", sheet)
    assert result.exit_code == 1
    assert any(
        re.search(r"\berror\s+longer than a cell can hold \(40,000 characters; the limit is 32,767\)", line)
        for line in result.output.splitlines()
    ), result.output
    assert_earlier_reviews_kept(folder)
    partial = run("import", sheet, "--partial")  # the row with the long note is left as it was
    assert partial.output.splitlines()[-1] == f"{sheet}: 1 review(s) changed, 2 unchanged, 0 conflict(s)"
    assert_earlier_reviews_kept(folder)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "encrypted.xlsx",
            OLE2 + bytes(504) + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00",
            "an encrypted (password-protected) workbook or an old .xls file; save it as .xlsx without a password "
            "and import that",
        ),
        ("not-a-zip.xlsx", b"Status,Verdict\nDone,Accurate\n", "not an .xlsx workbook (not a zip package)"),
    ],
)
def test_an_encrypted_workbook_or_a_csv_renamed_xlsx_is_one_line(folder, name, content, reason):
    hostile = folder / name
    hostile.write_bytes(content)
    result = run("import", hostile, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"error: {hostile}: {reason}"]
    assert_earlier_reviews_kept(folder)


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
def test_a_named_pipe_given_as_a_workbook_is_refused_without_blocking(folder):
    pipe = folder / "pipe.xlsx"
    os.mkfifo(pipe)
    result = run("import", pipe, "--ledger", folder / "ledger.sqlite")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"error: {pipe}: not a regular file (a named pipe)"]
    assert_earlier_reviews_kept(folder)


def test_one_bad_workbook_among_several_is_one_line_and_the_others_import(folder):
    sheet = folder / "worklist.xlsx"
    ids = claim_ids(sheet)
    mark(sheet, {ids[4]: {"Status": "Done"}})
    bad = folder / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = run("import", bad, sheet)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {bad}: not an .xlsx workbook (not a zip package)",
        f"{sheet}: 1 review(s) changed, 3 unchanged, 0 conflict(s)",
    ]
    assert_earlier_reviews_kept(folder)


# --- inputs that used to stop a run with a traceback: one line each, the run goes on -------------

HOSTILE = Path(__file__).resolve().parent / "data" / "ingest" / "hostile"
CHARSET = "which is not a text encoding a page can use; save it as UTF-8"


def _fifo(folder: Path) -> tuple[Path, str]:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt", f"{folder / 'pipe.txt'}: not a regular file (a named pipe)"


def _dev_zero(folder: Path) -> tuple[Path, str]:
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder, (
        f"{folder / 'zero.txt'}: symbolic link to a file outside the folder (/dev/zero); "
        "skipped (--follow-symlinks reads it)"
    )


def _odd_name(folder: Path) -> tuple[Path, str]:
    with open(os.fsencode(folder) + b"/evil\x1b[31m\nname\xff.txt", "wb"):
        pass
    return folder, f"{folder}/evil\\x1b[31m\\nname\\xff.txt: empty file"


INPUTS = [
    (
        "rot13",
        lambda f: (
            HOSTILE / "charset-rot13.html",
            f"{HOSTILE / 'charset-rot13.html'}: declares charset 'rot13', {CHARSET}",
        ),
    ),
    (
        "zlib",
        lambda f: (
            HOSTILE / "charset-zlib.html",
            f"{HOSTILE / 'charset-zlib.html'}: declares charset 'zlib', {CHARSET}",
        ),
    ),
    (
        "base64",
        lambda f: (
            HOSTILE / "charset-base64.html",
            f"{HOSTILE / 'charset-base64.html'}: declares charset 'base64', {CHARSET}",
        ),
    ),
    (
        "duplicate ids",
        lambda f: (
            HOSTILE / "duplicate-ids.jsonl",
            f"{HOSTILE / 'duplicate-ids.jsonl'}:4: id 'port-1' is also on line 1 with another text; "
            "skipped (the first record with an id is kept)",
        ),
    ),
    ("named pipe", _fifo),
    ("link to /dev/zero", _dev_zero),
    ("escape codes and bytes in a name", _odd_name),
]


@pytest.mark.skipif(os.name != "posix", reason="pipes, device links and byte file names are POSIX")
@pytest.mark.parametrize("make", [i[1] for i in INPUTS], ids=[i[0] for i in INPUTS])
def test_a_hostile_input_is_one_line_exit_3_and_the_reviews_stay(folder, tmp_path, make):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    given, line = make(inputs)
    result = run("extract", SEED, given, "--output", folder / "worklist.xlsx", "--quiet")
    assert result.exit_code == 3, result.output
    assert result.output.splitlines() == [f"error: {line}"]
    assert_earlier_reviews_kept(folder)  # in the ledger, and shown again in the worklist written next
    for claim_id in claim_ids(folder / "worklist.xlsx")[:3]:
        assert row_values(folder / "worklist.xlsx", claim_id)["Notes"] == EARLIER["Notes"]


def test_a_lone_surrogate_in_a_record_is_read_and_stored(folder):
    result = run("extract", SEED, HOSTILE / "surrogate.jsonl", "--output", folder / "worklist.xlsx", "--quiet")
    assert (result.exit_code, result.output) == (0, "")
    assert_earlier_reviews_kept(folder)
    rows = [row_values(folder / "worklist.xlsx", c) for c in claim_ids(folder / "worklist.xlsx")]
    assert any("\ufffd" in f"{row['Claim']} {row['Context']}" for row in rows)  # its sentence, as U+FFFD


def test_extract_will_not_replace_a_worklist_exported_with_another_ledger(folder, tmp_path):
    sheet = folder / "worklist.xlsx"  # records folder/ledger.sqlite
    mark(sheet, {claim_ids(sheet)[4]: {"Status": "Done"}})
    before = sheet.read_bytes()
    other = tmp_path / "other.sqlite"
    result = run("extract", SEED, "--output", sheet, "--ledger", other, "--quiet")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {sheet}: was exported with another ledger ({(folder / 'ledger.sqlite').resolve()}), not {other}, "
        f"so it is not replaced; import it there ('claims import {sheet}') or move it aside"
    ]
    assert sheet.read_bytes() == before
    assert_earlier_reviews_kept(folder)


@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="file names that are not UTF-8")
def test_a_worklist_whose_file_name_is_not_utf8_goes_round_the_ledger(tmp_path):
    """The ledger keeps such a name as its bytes (SQLite's text must be UTF-8); messages show \\xff."""
    sheet = Path(os.fsdecode(os.fsencode(tmp_path) + b"/review\xff.xlsx"))
    shown = f"{tmp_path}/review\\xff.xlsx"
    extracted = run("extract", SEED, "--output", sheet)
    assert extracted.exit_code == 0, extracted.output
    assert extracted.output.splitlines()[-1].endswith(f" → {shown}")
    ids = claim_ids(sheet)
    mark(sheet, {ids[0]: {"Verdict": "Accurate"}})
    pending = run("status", "--ledger", tmp_path / "ledger.sqlite").output.splitlines()
    assert re.fullmatch(
        r"  (\S*)review\\xff\.xlsx: 1 review\(s\) not imported \(run: claims import \1review\\xff\.xlsx\)", pending[-1]
    )
    assert run("extract", SEED, "--output", sheet, "--quiet").exit_code == 0  # imports the mark first
    assert reviews(tmp_path / "ledger.sqlite") == {ids[0]: {"verdict": "Accurate"}}
    assert row_values(sheet, ids[0])["Verdict"] == "Accurate"


def _deflate64(path: Path, part: str) -> None:
    """Mark a part as packed with Deflate64 (zip method 9), which Python's zipfile cannot unpack."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, method_at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_length = int.from_bytes(data[at + (26 if method_at == 8 else 28) :][:2], "little")
            header = 30 if method_at == 8 else 46
            if data[at + header : at + header + name_length] == name:
                data[at + method_at : at + method_at + 2] = (9).to_bytes(2, "little")
            at += 4
    path.write_bytes(bytes(data))


def test_a_part_packed_in_a_way_python_cannot_unpack_or_thousands_of_parts(folder):
    odd = folder / "deflate64.xlsx"
    shutil.copy(folder / "worklist.xlsx", odd)
    _deflate64(odd, "xl/worksheets/sheet1.xml")
    result = run("import", odd)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {odd}: not a readable .xlsx workbook (xl/worksheets/sheet1.xml: NotImplementedError: "
        "That compression method is not supported)"
    ]
    crowded = folder / "crowded.xlsx"
    rewrite_parts(
        folder / "worklist.xlsx", crowded, lambda n, d: d, [(f"xl/media/{i}.bin", [b""]) for i in range(10_001)]
    )
    parts = len(zipfile.ZipFile(crowded).infolist())
    result = run("import", crowded)
    assert result.output.splitlines() == [
        f"error: {crowded}: not a worklist: {parts:,} parts in the package (a worklist has about 20)"
    ]
    assert_earlier_reviews_kept(folder)
