"""The cells of a read-only worksheet, row by row: openpyxl's own cell parser run over the sheet's XML
(fast), or its public ``iter_rows`` (the fallback). The one place that touches openpyxl's internals.

openpyxl's read-only rows build every cell of every row, and read inline strings (XlsxWriter writes
all text inline in constant-memory mode) through its slow object model: a 100,000-row worklist took
minutes. The fast path drives openpyxl's ``WorkSheetParser`` (a private class) over the rows only,
skips the other columns, and reads inline strings' text directly. It is used when the openpyxl
installed has what it needs (``fast_rows_usable``); ``tests/test_worklist_reader_paths.py`` checks
that both paths read the same cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

try:  # openpyxl's private worksheet parser (openpyxl 3.x)
    from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, INLINE_STRING, ROW_TAG, WorkSheetParser
except ImportError:  # another openpyxl: the public rows are read instead
    WorkSheetParser = None

_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"
_COLUMN = re.compile(r"[A-Z]+")
_NEEDS = ("_get_source", "_shared_strings")  # what the fast path reads of a read-only worksheet


@dataclass(frozen=True)
class SheetCell:
    value: object
    data_type: str  # openpyxl's: "s" text, "n" number, "d" date, "b" boolean, "e" error, "f" formula


def fast_rows_usable(wb: Any, ws: Any) -> bool:
    """Whether this openpyxl has the internals the fast path reads (checked, never assumed)."""
    return (
        WorkSheetParser is not None
        and openpyxl.__version__.split(".")[0] == "3"
        and all(hasattr(ws, name) for name in _NEEDS)
        and all(hasattr(wb, name) for name in ("epoch", "_date_formats", "_timedelta_formats"))
    )


def sheet_rows(
    wb: Any, ws: Any, wanted: tuple[str, ...], fast: bool | None = None
) -> Iterator[tuple[int, dict[int, SheetCell]]]:
    """``(row number, {column index: cell})`` for each row that has cells: the header row whole, then only
    the columns whose header is in ``wanted``.

    Args:
        wb: a workbook opened read-only.
        ws: one of its worksheets.
        wanted: the headers of the columns to read.
        fast: use openpyxl's cell parser (default: when ``fast_rows_usable``); False: its public rows.
    """
    use_fast = fast_rows_usable(wb, ws) if fast is None else fast
    yield from (_parsed_rows(wb, ws, wanted) if use_fast else _public_rows(ws, wanted))


def _public_rows(ws: Any, wanted: tuple[str, ...]) -> Iterator[tuple[int, dict[int, SheetCell]]]:
    """openpyxl's public read-only rows (every cell of every row is built: slow on large sheets)."""
    columns: set[int] | None = None  # all, for the header row
    for row in ws.iter_rows():
        present = [c for c in row if getattr(c, "row", None) is not None]  # not the gaps (EmptyCell)
        cells = {
            c.column - 1: SheetCell(c.value, c.data_type) for c in present if columns is None or c.column - 1 in columns
        }
        if not cells:
            continue
        if columns is None:
            columns = {i for i, c in cells.items() if c.value in wanted}
        yield present[0].row, cells


def _parsed_rows(wb: Any, ws: Any, wanted: tuple[str, ...]) -> Iterator[tuple[int, dict[int, SheetCell]]]:
    """The sheet's rows through openpyxl's cell parser, only the wanted columns parsed; inline strings
    read directly."""
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
        cells: dict[int, SheetCell] = {}
        column = -1
        for cell in element.iter(CELL_TAG):
            where = cell.get("r")
            found = _COLUMN.match(where) if where else None
            column = column_index_from_string(found.group(0)) - 1 if found else column + 1
            if columns is not None and column not in columns:
                continue
            if cell.get("t") == "inlineStr" and cell.find(FORMULA_TAG) is None:
                cells[column] = SheetCell(_inline_text(cell), "s")
            else:
                parser.row_counter, parser.col_counter = row_number, column + 1
                parsed = parser.parse_cell(cell)
                cells[column] = SheetCell(parsed["value"], parsed["data_type"])
        element.clear()
        if not cells:
            continue
        if columns is None:
            columns = {i for i, c in cells.items() if c.value in wanted}
        yield row_number, cells


def _inline_text(cell: Any) -> str | None:
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
