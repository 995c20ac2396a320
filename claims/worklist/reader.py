"""Reading a reviewed worklist back: rows matched by the hidden claim id, every problem collected.

Validation is lazy: all rows are read and every problem is reported at once, as a table of
(row, column, reason, value), so a reviewer fixes the sheet in one go. The reader knows only the
sheet; what the ledger says about each row (unknown ids, stale claims, conflicts) is checked by
``claims.ledger.importer``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from rapidfuzz import fuzz, process

from claims.config import Settings
from claims.errors import WorklistError, printable
from claims.fileio import file_kind
from claims.model import Review
from claims.worklist.rows import (
    EXPORT_ID_PROPERTY,
    LEDGER_ID_PROPERTY,
    LEDGER_PATH_PROPERTY,
    LEDGER_RELATIVE_PROPERTY,
    REVIEW_HEADERS,
    WRITER,
)
from claims.worklist.sheetrows import SheetCell, sheet_rows

_SPACES = "\u00a0\u2007\u202f\u200b\ufeff"
_KEYWORD_ID = re.compile(r"claims-export[:\s]\s*(\S+)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SERIAL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's and LibreOffice's serial dates
_TEXT_COLUMNS = ("assigned_to", "evidence", "notes")
_READ = ("ID", "Claim", "claim_id", "checksum", *REVIEW_HEADERS)  # the columns the import needs
_REQUIRED = ("claim_id", *REVIEW_HEADERS)  # each exactly once, headed exactly so
_VALUE_SHOWN = 200  # characters of a cell's value that a problem keeps
CELL_LIMIT = 32767  # characters in a cell: Excel's limit; a longer reviewer cell is an error
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks (and old .xls files) are OLE2 files, not zips


@dataclass(frozen=True)
class PackageLimits:
    """What a workbook may unpack to before it is read (a zip bomb is refused before anything is unpacked).

    Attributes:
        max_bytes: the .xlsx file itself.
        max_unpacked_bytes: all its parts together, unpacked (a worklist of a million rows is about 1.7 GB).
        max_ratio: a part over 1 MiB that unpacks to more than this many times its packed size is a zip
            bomb (a worklist's sheet packs about 8:1).
        max_parts: files in the package (a worklist has about twenty; each XML one is checked for a DTD).
    """

    max_bytes: int = 1024 * 1024 * 1024
    max_unpacked_bytes: int = 3 * 1024 * 1024 * 1024
    max_ratio: int = 100
    max_parts: int = 10_000


_RATIO_FROM = 1024 * 1024


@dataclass
class Problem:
    """One thing wrong with a row of a reviewed worklist. ``blocking`` problems stop the import."""

    row: int | None
    column: str
    reason: str
    value: str
    blocking: bool = True

    def __post_init__(self) -> None:
        if len(self.value) > _VALUE_SHOWN:  # a problem names a value; it does not carry a huge cell around
            self.value = self.value[: _VALUE_SHOWN - 1] + "…"

    @property
    def sheet_wide(self) -> bool:
        """A blocking problem with the sheet as a whole (a reviewer column missing or repeated): nothing is
        applied, not even with ``partial``."""
        return self.blocking and self.row is None

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
    """A reviewed worklist as read: its export id, the ledger it records, its rows and every problem found.

    ``ledger_id`` and ``ledger_path`` (the ledger's path as recorded: relative to the workbook's folder
    when it could be, and absolute) are None for a workbook written before they were recorded, or
    rewritten by a program that drops custom properties.
    """

    path: Path
    export_id: str | None
    modified_by: str | None = None
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ledger_id: str | None = None
    ledger_paths: tuple[str, ...] = ()

    def recorded_ledgers(self) -> list[Path]:
        """Where the ledger the workbook was exported with should be: the recorded relative path (from the
        workbook's folder), then the recorded absolute one."""
        out: list[Path] = []
        for recorded in self.ledger_paths:
            candidate = Path(recorded)
            if not candidate.is_absolute():
                candidate = self.path.parent / candidate
            if candidate not in out:
                out.append(candidate)
        return out


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


def read_worklist(path: Path, settings: Settings, limits: PackageLimits | None = None) -> ReadResult:
    """Read the Claims sheet of a reviewed worklist, streaming, only the columns the import needs.

    The package is checked first (``check_package``): a regular file, a zip within ``limits``, no DTD
    in any part. Every reviewer column must be there once, headed exactly as exported; a missing,
    renamed, re-cased or repeated one is a problem that blocks the whole import.

    Raises:
        WorklistError: the file is not a readable worklist (not a safe xlsx, no Claims sheet, no claim_id column).
    """
    shown = printable(path)
    check_package(path, limits or PackageLimits())
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except WorklistError:
        raise
    except Exception as exc:
        raise WorklistError(f"{shown}: not a readable .xlsx workbook ({_why(exc)})") from exc
    try:
        return _read_claims_sheet(wb, path, settings)
    except WorklistError:
        raise
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise WorklistError(f"{shown}: not a readable .xlsx workbook ({_why(exc)})") from exc
    except Exception as exc:  # openpyxl's parser meeting XML it does not expect
        raise WorklistError(f"{shown}: not a readable .xlsx workbook ({_why(exc)})") from exc
    finally:
        wb.close()


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return printable(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def _read_claims_sheet(wb, path: Path, settings: Settings) -> ReadResult:
    shown = printable(path)
    if "Claims" not in wb.sheetnames:
        raise WorklistError(f"{shown}: no 'Claims' sheet; is this a claims worklist?")
    ws = wb["Claims"]
    result = ReadResult(path=path, export_id=export_id_of(wb), modified_by=last_author(wb))
    result.ledger_id, result.ledger_paths = ledger_of(wb)
    rows = sheet_rows(wb, ws, _READ)
    first = next(rows, None)
    if first is None:
        raise WorklistError(f"{shown}: the Claims sheet is empty")
    headers = _check_headers(first[1], result.problems)
    if "claim_id" not in headers and not any(p.column == "claim_id" for p in result.problems):
        raise WorklistError(f"{shown}: the Claims sheet has no claim_id column; rows cannot be matched safely")
    for number, cells in rows:
        _read_row(cells, number, headers, settings, result)
    return result


def check_package(path: Path, limits: PackageLimits) -> None:
    """Refuse what is not a safe .xlsx package before any of it is unpacked or parsed.

    A regular file no larger than ``limits.max_bytes``; not an OLE2 file (an encrypted workbook or an
    old .xls); a zip whose parts unpack to no more than ``limits.max_unpacked_bytes`` and none of more
    than ``limits.max_ratio`` times its packed size; and no DTD in any XML part (defusedxml), since a
    DTD is how XML entity bombs and external entities get in.

    Raises:
        WorklistError: one line that says what is wrong.
    """
    shown = printable(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise WorklistError(f"{shown}: cannot read it ({printable(exc.strerror or exc)})") from exc
    kind = file_kind(info.st_mode)
    if kind:
        raise WorklistError(f"{shown}: not a regular file ({kind})")
    if info.st_size > limits.max_bytes:
        raise WorklistError(
            f"{shown}: too large for a worklist ({info.st_size:,} bytes; the limit is {limits.max_bytes:,})"
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorklistError(f"{shown}: cannot read it ({printable(exc.strerror or exc)})") from exc
    if head == _OLE2:
        raise WorklistError(
            f"{shown}: an encrypted (password-protected) workbook or an old .xls file; "
            "save it as .xlsx without a password and import that"
        )
    try:
        with zipfile.ZipFile(path) as package:
            _check_parts(package, shown, limits)
    except zipfile.BadZipFile as exc:
        raise WorklistError(f"{shown}: not an .xlsx workbook (not a zip package)") from exc


def _check_parts(package: zipfile.ZipFile, shown: str, limits: PackageLimits) -> None:
    parts = package.infolist()
    if len(parts) > limits.max_parts:
        raise WorklistError(f"{shown}: not a worklist: {len(parts):,} parts in the package (a worklist has about 20)")
    total = sum(part.file_size for part in parts)
    if total > limits.max_unpacked_bytes:
        raise WorklistError(
            f"{shown}: zip-bomb-like workbook: its parts unpack to {total:,} bytes "
            f"(the limit is {limits.max_unpacked_bytes:,})"
        )
    for part in parts:
        if part.file_size >= _RATIO_FROM and part.file_size > limits.max_ratio * max(part.compress_size, 1):
            raise WorklistError(
                f"{shown}: zip-bomb-like workbook: {printable(part.filename)} unpacks to {part.file_size:,} bytes "
                f"from {part.compress_size:,} (more than {limits.max_ratio} times)"
            )
    for part in parts:
        if part.filename.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_dtd(package, part, shown)


class _AtRoot(Exception):
    """The root element started: the prolog, where a DTD would be, is over."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _AtRoot

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        return None


def _refuse_dtd(package: zipfile.ZipFile, part: zipfile.ZipInfo, shown: str) -> None:
    """Parse a part's prolog with defusedxml (DTDs forbidden), stopping at its root element."""
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    name = printable(part.filename)
    try:
        with package.open(part) as handle:
            while chunk := handle.read(65536):
                parser.feed(chunk)
    except _AtRoot:
        return
    except DefusedXmlException as exc:
        raise WorklistError(
            f"{shown}: refused: {name} has a DTD ({type(exc).__name__}); no worklist part has one"
        ) from exc
    except ParseError as exc:
        raise WorklistError(f"{shown}: not a readable .xlsx workbook (broken XML in {name}: {exc})") from exc
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        # RuntimeError: a zip member with a password; NotImplementedError: a compression zipfile cannot read
        raise WorklistError(f"{shown}: not a readable .xlsx workbook ({name}: {_why(exc)})") from exc


def _check_headers(cells: dict[int, SheetCell], problems: list[Problem]) -> dict[str | None, int]:
    """The columns the import reads, by exact header; a problem for each required one missing, renamed or repeated.

    A header is matched exactly: "verdict", "Verdict " or "Notes (second reviewer)" is not "Verdict"
    or "Notes", since a blank in a column the import does not recognise would read as a cleared review.
    """
    written = {
        i: c.value if isinstance(c.value, str) else (str(c.value) if c.value is not None else "")
        for i, c in cells.items()
    }
    headers: dict[str | None, int] = {}
    for name in _READ:
        at = sorted(i for i, text in written.items() if text == name)
        if len(at) == 1:
            headers[name] = at[0]
        elif len(at) > 1 and name in _REQUIRED:
            where = ", ".join(_letter(i) for i in at)
            problems.append(
                Problem(None, name, f"the column '{name}' is there {len(at)} times (columns {where}); keep one", name)
            )
        elif not at and name in _REQUIRED:
            problems.append(_missing_column(name, written))
    return headers


def _missing_column(name: str, written: dict[int, str]) -> Problem:
    key = name.casefold()
    similar = [
        i
        for i, text in sorted(written.items())
        if text
        and text not in _READ
        and (key in text.casefold() or fuzz.ratio(key, " ".join(text.split()).casefold()) >= 75)
    ]
    if similar:
        i = similar[0]
        return Problem(
            None,
            name,
            f"no '{name}' column: column {_letter(i)} is headed '{written[i]}'; head it exactly '{name}' "
            "(nothing is imported until it is)",
            written[i],
        )
    return Problem(None, name, f"no '{name}' column (deleted?); copy it back from the exported worklist", "")


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def export_id_of(wb) -> str | None:
    """The export id the worklist was written with (custom property, identifier or keywords)."""
    for prop in getattr(wb, "custom_doc_props", None) or []:
        if prop.name == EXPORT_ID_PROPERTY and prop.value:
            return str(prop.value)
    if wb.properties.identifier:
        return str(wb.properties.identifier)
    match = _KEYWORD_ID.search(wb.properties.keywords or "")
    return match.group(1) if match else None


def ledger_of(wb) -> tuple[str | None, tuple[str, ...]]:
    """The ledger a worklist was exported with: its id, and its path (relative to the workbook, then absolute)."""
    props = {p.name: str(p.value) for p in getattr(wb, "custom_doc_props", None) or [] if p.value}
    paths = tuple(props[k] for k in (LEDGER_RELATIVE_PROPERTY, LEDGER_PATH_PROPERTY) if props.get(k))
    return props.get(LEDGER_ID_PROPERTY), paths


def last_author(wb) -> str | None:
    """Who saved the workbook last; None while that is still the tool that wrote it."""
    who = clean(wb.properties.lastModifiedBy)
    return None if who == WRITER else who


def _read_row(
    cells: dict[int, SheetCell], number: int, headers: dict[str | None, int], settings: Settings, result: ReadResult
) -> None:
    def cell(name: str) -> SheetCell | None:
        index = headers.get(name)
        return cells.get(index) if index is not None else None

    problems = result.problems
    review_values = _reviewer_cells(cell, number, problems)
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
    if (isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool)) or isinstance(
        raw_id, (dt.date, dt.datetime)
    ):
        row.mangled_id = str(raw_id)
    else:
        row.claim_id = clean(raw_id) or ""
    review.claim_id = row.claim_id
    result.rows.append(row)


def _reviewer_cells(cell, number: int, problems: list[Problem]) -> dict[str, str | None]:
    """A row's reviewer cells as text, by review field; a formula or an over-long cell is a problem, not a value."""
    values: dict[str, str | None] = {}
    for header, key in REVIEW_HEADERS.items():
        c = cell(header)
        if c is None or c.value is None:
            continue
        if c.data_type == "f":
            problems.append(
                Problem(number, header, "formula in a reviewer column (type the value instead)", str(c.value))
            )
            continue
        text = _cell_text(c.value, key, header, number, problems)
        if text is not None and len(text) > CELL_LIMIT:
            reason = f"longer than a cell can hold ({len(text):,} characters; the limit is {CELL_LIMIT:,})"
            problems.append(Problem(number, header, reason, text))
            continue
        values[key] = text
    return values


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
        if key == "checked_on" and (serial := _serial_date(value)) is not None:
            return serial  # a date another spreadsheet stored as its serial number (a cell formatted General)
        text = str(int(value)) if float(value).is_integer() else repr(value)
        if key in ("notes", "evidence", "assigned_to"):
            problems.append(
                Problem(number, header, "the spreadsheet turned this into a number; kept as text", text, blocking=False)
            )
        return text
    return clean(value)


def _serial_date(value: float) -> str | None:
    """A spreadsheet's serial day number as an ISO date (1 March 1900 to 31 December 9999); None otherwise."""
    if not 61 <= value < 2958466:  # below 61, Excel's serials count a 29 February 1900 that never was
        return None
    return (_SERIAL_EPOCH + dt.timedelta(days=int(value))).isoformat()


def _checked_on(value: str | None, number: int, problems: list[Problem]) -> str | None:
    """``Checked on`` as an ISO date: a date cell, a date serial number, or text written YYYY-MM-DD."""
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


def _unknown(column: str, number: int, value: str | None, suggestion: str | None, options: list[str]) -> Problem:
    hint = f"did you mean '{suggestion}'?" if suggestion else f"allowed: {', '.join(options)}"
    return Problem(number, column, f"unknown {column.lower()}; {hint}", value or "")


def _plain(cell) -> str | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)
