"""Reading a reviewed worklist back: rows matched by the hidden claim id, every problem collected.

Validation is lazy: all rows are read and every problem is reported at once, as a table of
(row, column, reason, value), so a reviewer fixes the sheet in one go.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from claims.config import Settings
from claims.errors import WorklistError
from claims.model import Review
from claims.worklist.rows import REVIEW_HEADERS

_SPACES = "\u00a0\u2007\u202f\u200b\ufeff"


@dataclass
class Problem:
    """One thing wrong with a row of a reviewed worklist."""

    row: int | None
    column: str
    reason: str
    value: str
    blocking: bool = True

    def as_row(self) -> list[str]:
        return [str(self.row or ""), self.column, self.reason, self.value]


@dataclass
class SheetRow:
    """A data row: its number in the sheet, claim id, checksum as exported, and the reviewer's marks."""

    row: int
    claim_id: str
    checksum: str | None
    review: Review


@dataclass
class ReadResult:
    path: Path
    export_id: str | None
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def clean(value: object) -> str | None:
    """Cell text with ordinary and non-breaking spaces trimmed; None when blank."""
    if value is None:
        return None
    text = str(value)
    for space in _SPACES:
        text = text.replace(space, " ")
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    return text or None


def _choice(value: str | None, options: list[str], column: str, row: int, problems: list[Problem]) -> str | None:
    """The option a reviewer meant, ignoring case and spacing; a problem when it is not one."""
    if value is None:
        return None
    by_key = {o.casefold(): o for o in options}
    found = by_key.get(value.casefold())
    if found:
        return found
    close = difflib.get_close_matches(value.casefold(), list(by_key), n=1, cutoff=0.75)
    hint = f"; did you mean '{by_key[close[0]]}'?" if close else f"; allowed: {', '.join(options)}"
    problems.append(Problem(row, column, f"unknown {column.lower()}{hint}", value))
    return None


def read_worklist(path: Path, settings: Settings) -> ReadResult:
    """Read the Claims sheet of a reviewed worklist.

    Raises:
        WorklistError: the file is not a readable worklist (not xlsx, no Claims sheet, no claim_id column).
    """
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise WorklistError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    try:
        if "Claims" not in wb.sheetnames:
            raise WorklistError(f"{path}: no 'Claims' sheet; is this a claims worklist?")
        ws = wb["Claims"]
        export_id = wb.properties.identifier
        result = ReadResult(path=path, export_id=export_id)
        rows = ws.iter_rows()
        header_cells = next(rows, None)
        if header_cells is None:
            raise WorklistError(f"{path}: the Claims sheet is empty")
        headers = {clean(c.value): i for i, c in enumerate(header_cells) if clean(c.value)}
        if "claim_id" not in headers:
            raise WorklistError(f"{path}: the Claims sheet has no claim_id column; rows cannot be matched safely")
        for cells in rows:
            _read_row(cells, headers, settings, result)
        return result
    finally:
        wb.close()


def _read_row(cells, headers: dict[str | None, int], settings: Settings, result: ReadResult) -> None:
    def cell(name: str):
        index = headers.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    id_cell = cell("claim_id")
    row_number = next((c.row for c in cells if getattr(c, "row", None)), None)
    problems = result.problems
    raw_id = id_cell.value if id_cell is not None else None
    review_values: dict[str, str | None] = {}
    for header, key in REVIEW_HEADERS.items():
        c = cell(header)
        if c is None:
            continue
        value = c.value
        if c.data_type == "f" or (isinstance(value, str) and value.startswith("=") and c.data_type != "s"):
            problems.append(Problem(row_number, header, "formula in a reviewer column (type the value instead)", str(value)))
            continue
        if isinstance(value, (dt.datetime, dt.date)):
            value = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
            if key != "checked_on":
                problems.append(Problem(row_number, header, "Excel turned this into a date; kept as text", value, blocking=False))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        review_values[key] = clean(value)
    if raw_id is None or clean(raw_id) is None:
        if any(v for v in review_values.values()):
            problems.append(Problem(row_number, "claim_id", "row has review marks but no claim id (inserted row?); ignored", "", blocking=False))
        return
    if isinstance(raw_id, (int, float)):
        problems.append(Problem(row_number, "claim_id", "claim id was turned into a number; the row cannot be matched", str(raw_id)))
        return
    review = Review(claim_id=clean(raw_id) or "")
    review.status = _choice(review_values.get("status"), settings.statuses, "Status", row_number, problems)
    review.verdict = _choice(review_values.get("verdict"), settings.verdicts, "Verdict", row_number, problems)
    for key in ("assigned_to", "evidence", "notes", "checked_on"):
        setattr(review, key, review_values.get(key))
    checksum_cell = cell("checksum")
    result.rows.append(SheetRow(row_number or 0, review.claim_id, clean(checksum_cell.value) if checksum_cell else None, review))
