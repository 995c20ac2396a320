"""Reading a reviewed worklist back: rows matched by the hidden claim id, every problem collected.

Validation is lazy: all rows are read and every problem is reported at once, as a table of
(row, column, reason, value), so a reviewer fixes the sheet in one go. The reader knows only the
sheet; what the ledger says about each row (unknown ids, stale claims, conflicts) is checked by
``claims.ledger.importer``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, INLINE_STRING, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse
from rapidfuzz import fuzz, process

from claims.config import Settings
from claims.errors import WorklistError
from claims.model import Review
from claims.worklist.rows import EXPORT_ID_PROPERTY, REVIEW_HEADERS, WRITER

_SPACES = "\u00a0\u2007\u202f\u200b\ufeff"
_KEYWORD_ID = re.compile(r"claims-export[:\s]\s*(\S+)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TEXT_COLUMNS = ("assigned_to", "evidence", "notes")
_READ = ("ID", "Claim", "claim_id", "checksum", *REVIEW_HEADERS)  # the columns the import needs
_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"
_COLUMN = re.compile(r"[A-Z]+")


@dataclass(frozen=True)
class _Cell:
    value: object
    data_type: str  # openpyxl's: "s" text, "n" number, "d" date, "b" boolean, "e" error, "f" formula


@dataclass
class Problem:
    """One thing wrong with a row of a reviewed worklist. ``blocking`` problems stop the import."""

    row: int | None
    column: str
    reason: str
    value: str
    blocking: bool = True

    def as_row(self) -> list[str]:
        return [str(self.row or ""), self.column, self.reason, self.value]


@dataclass
class SheetRow:
    """A data row: its number in the sheet, claim id, what was exported, and the reviewer's marks.

    ``claim_id`` is empty when the spreadsheet turned the id into a number (``mangled_id``); the
    importer may still match such a row by its short ID and checksum.
    """

    row: int
    claim_id: str
    checksum: str | None
    review: Review
    short_id: str | None = None
    claim_text: str | None = None
    mangled_id: str | None = None


@dataclass
class ReadResult:
    path: Path
    export_id: str | None
    modified_by: str | None = None
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


def choose(value: str | None, options: list[str]) -> tuple[str | None, str | None]:
    """The option a reviewer meant, ignoring case and spacing, and otherwise a close suggestion.

    Returns ``(option, None)`` when the value is one of the options, ``(None, suggestion)`` when
    it is not (the suggestion is None when nothing is close). A misspelling is never taken as
    the option it resembles: the reviewer confirms it.
    """
    if value is None:
        return None, None
    by_key = {o.casefold(): o for o in options}
    found = by_key.get(value.casefold())
    if found:
        return found, None
    close = process.extractOne(value.casefold(), list(by_key), scorer=fuzz.ratio, score_cutoff=75)
    return None, (by_key[close[0]] if close else None)


def read_worklist(path: Path, settings: Settings) -> ReadResult:
    """Read the Claims sheet of a reviewed worklist, streaming, only the columns the import needs.

    Raises:
        WorklistError: the file is not a readable worklist (not xlsx, no Claims sheet, no claim_id column).
    """
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError, EOFError) as exc:
        raise WorklistError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    except Exception as exc:
        raise WorklistError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        if "Claims" not in wb.sheetnames:
            raise WorklistError(f"{path}: no 'Claims' sheet; is this a claims worklist?")
        ws = wb["Claims"]
        result = ReadResult(path=path, export_id=export_id_of(wb), modified_by=last_author(wb))
        rows = _sheet_rows(wb, ws, _READ)
        first = next(rows, None)
        if first is None:
            raise WorklistError(f"{path}: the Claims sheet is empty")
        headers = {clean(c.value): i for i, c in first[1].items() if clean(c.value)}
        if "claim_id" not in headers:
            raise WorklistError(f"{path}: the Claims sheet has no claim_id column; rows cannot be matched safely")
        for number, cells in rows:
            _read_row(cells, number, headers, settings, result)
        return result
    finally:
        wb.close()


def _sheet_rows(wb, ws, wanted: tuple[str, ...]) -> Iterator[tuple[int, dict[int, _Cell]]]:
    """``(row number, {column index: cell})`` for each row of a read-only sheet: the header row whole, then
    only the columns whose header is ``wanted``.

    openpyxl's read-only rows build every cell of every row, and its parser reads inline strings
    (XlsxWriter writes all text inline in constant-memory mode) through its slow object model; a
    100,000-row worklist took minutes. This drives openpyxl's own cell parser over the sheet's
    rows only, skips the other columns, and reads inline strings' text directly. Formula cells
    still come back with data type "f", dates as dates.
    """
    parser = WorkSheetParser(
        ws._get_source(),
        ws._shared_strings,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )
    columns: set[int] | None = None  # all, for the header row
    row_number = 0
    for _, element in iterparse(parser.source):
        tag = element.tag
        if tag == _SHEET_DATA:
            break  # what follows (hyperlinks, validations, formats) is not needed
        if tag != ROW_TAG:
            continue
        given = element.get("r")
        row_number = int(given) if given else row_number + 1
        cells: dict[int, _Cell] = {}
        column = -1
        for cell in element.iter(CELL_TAG):
            where = cell.get("r")
            column = column_index_from_string(_COLUMN.match(where).group(0)) - 1 if where else column + 1  # type: ignore[union-attr]
            if columns is not None and column not in columns:
                continue
            if cell.get("t") == "inlineStr" and cell.find(FORMULA_TAG) is None:
                cells[column] = _Cell(_inline_text(cell), "s")
            else:
                parser.row_counter, parser.col_counter = row_number, column + 1
                parsed = parser.parse_cell(cell)
                cells[column] = _Cell(parsed["value"], parsed["data_type"])
        element.clear()
        if columns is None:
            columns = {i for i, c in cells.items() if clean(c.value) in wanted}
        yield row_number, cells


def _inline_text(cell) -> str | None:
    """The text of an inline string: its plain text or its runs' texts (phonetic runs left out)."""
    inline = cell.find(INLINE_STRING)
    if inline is None:
        return None
    parts = []
    for child in inline:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            text = child.find(_TEXT)
            parts.append(text.text or "" if text is not None else "")
    return "".join(parts)


def export_id_of(wb) -> str | None:
    """The export id the worklist was written with (custom property, identifier or keywords)."""
    for prop in getattr(wb, "custom_doc_props", None) or []:
        if prop.name == EXPORT_ID_PROPERTY and prop.value:
            return str(prop.value)
    if wb.properties.identifier:
        return str(wb.properties.identifier)
    match = _KEYWORD_ID.search(wb.properties.keywords or "")
    return match.group(1) if match else None


def last_author(wb) -> str | None:
    """Who saved the workbook last; None while that is still the tool that wrote it."""
    who = clean(wb.properties.lastModifiedBy)
    return None if who == WRITER else who


def _read_row(
    cells: dict[int, _Cell], number: int, headers: dict[str | None, int], settings: Settings, result: ReadResult
) -> None:
    def cell(name: str) -> _Cell | None:
        index = headers.get(name)
        return cells.get(index) if index is not None else None

    problems = result.problems
    review_values: dict[str, str | None] = {}
    for header, key in REVIEW_HEADERS.items():
        c = cell(header)
        if c is None or c.value is None:
            continue
        value = c.value
        if c.data_type == "f":
            problems.append(
                Problem(number, header, "formula in a reviewer column (type the value instead)", str(value))
            )
            continue
        review_values[key] = _cell_text(value, key, header, number, problems)
    id_cell = cell("claim_id")
    raw_id = id_cell.value if id_cell is not None else None
    if raw_id is None or clean(raw_id) is None:
        if any(review_values.values()):
            problems.append(
                Problem(
                    number,
                    "claim_id",
                    "row has review marks but no claim id (inserted row?); ignored",
                    "",
                    blocking=False,
                )
            )
        return
    review = Review(claim_id="")
    status, suggestion = choose(review_values.get("status"), settings.statuses)
    if review_values.get("status") and status is None:
        problems.append(_unknown("Status", number, review_values["status"], suggestion, settings.statuses))
    verdict, suggestion = choose(review_values.get("verdict"), settings.verdicts)
    if review_values.get("verdict") and verdict is None:
        problems.append(_unknown("Verdict", number, review_values["verdict"], suggestion, settings.verdicts))
    review.status, review.verdict = status, verdict
    for key in _TEXT_COLUMNS:
        setattr(review, key, review_values.get(key))
    review.checked_on = _checked_on(review_values.get("checked_on"), number, problems)
    checksum_cell, short_cell, claim_cell = cell("checksum"), cell("ID"), cell("Claim")
    row = SheetRow(
        number,
        "",
        _plain(checksum_cell),
        review,
        short_id=_plain(short_cell),
        claim_text=clean(claim_cell.value) if claim_cell is not None else None,
    )
    if (isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool)) or isinstance(raw_id, (dt.date, dt.datetime)):
        row.mangled_id = str(raw_id)
    else:
        row.claim_id = clean(raw_id) or ""
    review.claim_id = row.claim_id
    result.rows.append(row)


def _cell_text(value: object, key: str, header: str, number: int, problems: list[Problem]) -> str | None:
    """A reviewer cell as text; dates and numbers the spreadsheet made of a note are kept as text, with a warning."""
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        text = (
            day.isoformat()
            if not isinstance(value, dt.datetime) or value.time() == dt.time()
            else value.isoformat(sep=" ")
        )
        if key != "checked_on":
            problems.append(
                Problem(number, header, "the spreadsheet turned this into a date; kept as text", text, blocking=False)
            )
        return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else repr(value)
        if key in ("notes", "evidence", "assigned_to"):
            problems.append(
                Problem(number, header, "the spreadsheet turned this into a number; kept as text", text, blocking=False)
            )
        return text
    return clean(value)


def _checked_on(value: str | None, number: int, problems: list[Problem]) -> str | None:
    """``Checked on`` as an ISO date: a date cell, or text written YYYY-MM-DD."""
    if value is None:
        return None
    day = value[:10]
    if _ISO_DATE.match(day):
        try:
            return dt.date.fromisoformat(day).isoformat()
        except ValueError:
            pass
    problems.append(Problem(number, "Checked on", "not a date; enter a date or type it as YYYY-MM-DD", value))
    return None


def _unknown(column: str, number: int, value: str, suggestion: str | None, options: list[str]) -> Problem:
    hint = f"did you mean '{suggestion}'?" if suggestion else f"allowed: {', '.join(options)}"
    return Problem(number, column, f"unknown {column.lower()}; {hint}", value)


def _plain(cell) -> str | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)
