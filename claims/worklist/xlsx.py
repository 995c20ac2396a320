"""The Excel worklist: Claims, Articles, Summary and Guide sheets, written by XlsxWriter in constant-memory mode.

Rows are written as they come and leave memory once the next row starts, so a worklist of any
length takes the same memory. In that mode XlsxWriter cannot add an Excel table, so the Claims
sheet has an autofilter (the same filter buttons) instead. Every cell of article text follows
the safety rules of ``claims.worklist.cells``.

The Claims sheet is laid out as a reviewer works it: the claim and the reviewer's columns first
(frozen up to the claim), the machine's detail after. Every row gets an explicit height for its
wrapped text (up to six lines), so that Excel and LibreOffice show the same; every sheet prints
landscape, one page wide, its first row on every page.

The Claims sheet's rows (millions of cells for a large run) are decided here cell by cell
(``_ClaimCells``) and then written by ``_FastRows``, which puts each row's XML straight into
XlsxWriter's constant-memory row file, exactly as XlsxWriter itself would write it (a test
compares the two byte for byte), at a tenth of the cost. With an XlsxWriter whose internals are
not the expected ones, ``_ApiRows`` writes the same cells through XlsxWriter's public methods.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from claims.config import Settings
from claims.errors import WorklistError
from claims.model import Article
from claims.worklist.cells import (
    DATE_FORMAT,
    EXCEL_CELL_LIMIT,
    FORMULA_START,
    HEADER,
    HYPERLINK_LIMIT,
    LINK_STYLE,
    MAX_LINES,
    WRAP_TOP,
    Formats,
    Sheet,
    date_serial,
    is_web_link,
    print_setup,
    safe_text,
    utf16_len,
    verdict_colours,
)
from claims.worklist.rows import COLUMNS, EXPORT_ID_PROPERTY, WRITER, WorklistRow
from claims.worklist.sheets import write_articles, write_guide, write_summary
from claims.worklist.textfit import count_lines, row_points

__all__ = ["EXCEL_CELL_LIMIT", "HYPERLINK_LIMIT", "SHEETS", "is_web_link", "safe_text", "write_workbook"]
_FORMULA_START = FORMULA_START
_SHORT = EXCEL_CELL_LIMIT // 2  # printable text no longer than this is safe as it is
_MATCH_FILL = "#DDEBF7"
_REVIEW_FILL = "#FFF2CC"
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
SHEETS = ("Claims", "Articles", "Summary", "Guide")
FROZEN = "claim"  # the panes are frozen after this column (and below the header)


def write_workbook(
    path: Path,
    rows: Iterable[WorklistRow],
    articles: list[Article],
    settings: Settings,
    export_id: str,
    claim_counts: Counter[str] | None = None,
    fast: bool = True,
    properties: dict[str, str] | None = None,
) -> int:
    """Write the worklist to ``path`` (the caller makes the write atomic). Returns the row count.

    Rows are written as they come (streaming); the Summary counts are gathered on the way.
    ``fast=False`` writes the Claims rows through XlsxWriter's public methods (slower, the same file).
    ``properties`` are more custom document properties (the ledger the worklist was exported with).
    """
    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        wb.set_properties(
            {
                "title": "Fact-check worklist",
                "author": WRITER,
                "keywords": f"claims-export:{export_id}",
                "created": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            }
        )
        wb.set_custom_property(EXPORT_ID_PROPERTY, export_id)
        for name, value in (properties or {}).items():
            wb.set_custom_property(name, value)
        formats = Formats(wb)
        claims_ws = wb.add_worksheet("Claims")
        articles_ws = wb.add_worksheet("Articles")
        summary_ws = wb.add_worksheet("Summary")
        guide_ws = wb.add_worksheet("Guide")
        article_row = {a.id: i + 2 for i, a in enumerate(articles)}
        counts: dict[str, Counter[str]] = {"type": Counter(), "status": Counter(), "verdict": Counter()}
        count = _write_claims(Sheet(claims_ws, formats), rows, article_row, settings, counts, fast)
        write_articles(Sheet(articles_ws, formats), articles, claim_counts or Counter())
        write_summary(wb, Sheet(summary_ws, formats), counts, settings, export_id)
        write_guide(Sheet(guide_ws, formats), settings, export_id)
    finally:
        wb.close()
    return count


def _write_claims(
    sheet: Sheet,
    rows: Iterable[WorklistRow],
    article_row: dict[str, int],
    settings: Settings,
    counts: dict[str, Counter[str]],
    fast: bool = True,
) -> int:
    ws, formats = sheet.ws, sheet.formats
    ws.freeze_panes(1, [c.key for c in COLUMNS].index(FROZEN) + 1)
    ws.set_tab_color("#1F3864")
    print_setup(ws, "Claims", gridlines=True)
    for index, column in enumerate(COLUMNS):
        ws.set_column(index, index, column.width, None, {"hidden": True} if column.hidden else None)
    header = formats.pair(**HEADER, valign="vcenter", text_wrap=True)
    sheet.fit_row(0, [(c.header, c.width, True) for c in COLUMNS if not c.hidden])
    for index, column in enumerate(COLUMNS):
        sheet.text(0, index, column.header, header)
    cells = _ClaimCells(formats, article_row, sheet)
    out: _ApiRows = _FastRows(ws, cells.highlight) if fast and _FastRows.usable(ws) else _ApiRows(ws)
    type_counts, status_counts, verdict_counts = counts["type"], counts["status"], counts["verdict"]
    number = 0
    for number, row in enumerate(rows, start=1):
        out.row(number, cells.of(row, number), cells.height)
        review = row.review
        type_counts[row.claim.type] += 1
        status_counts[(review.status if review else None) or "(not set)"] += 1
        verdict_counts[(review.verdict if review else None) or "(not set)"] += 1
    out.finish(number)
    last_row = max(number, 1)  # zero-based index of the last data row (the header is row 0)
    ws.autofilter(0, 0, last_row, len(COLUMNS) - 1)
    _validations(ws, formats, last_row, settings)
    if settings.protect:
        # no password; filtering, sorting and resizing stay allowed
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    return number


# What a Claims cell holds: (kind, column, value, format, extra).
# STRING: value is safe text (not empty); NUMBER: an int or float; BLANK: an empty cell keeping its format;
# RICH: value is (before, claim, after), extra the claim's run format; LINK: value is the text, extra (url, tip).
STRING, NUMBER, BLANK, RICH, LINK = range(5)
Cell = tuple[int, int, object, Format, object]


class _ClaimCells:
    """Decides every cell of a Claims row: its kind, safe text and format, following the safety rules.

    ``of`` also works out the row's height (``height``, in points) from its wrapped cells' text.
    """

    def __init__(self, formats: Formats, article_row: dict[str, int], sheet: Sheet):
        self.article_row, self.sheet = article_row, sheet
        self.styles = []  # one pair of formats per column, registered once
        for column in COLUMNS:
            extra: dict[str, object] = (
                {"locked": False, "bg_color": _REVIEW_FILL, "pattern": 1} if column.reviewer else {}
            )
            if column.key == "checked_on":
                extra["num_format"] = DATE_FORMAT
            elif column.key == "priority":
                extra["num_format"] = "0.00"
            self.styles.append(formats.pair(valign="top", **({"text_wrap": True} if column.wrap else {}), **extra))
        self.link_style = formats.pair(**WRAP_TOP, **LINK_STYLE)
        self.grey_style = formats.pair(valign="top", font_color="#808080", num_format="0.00")
        self.checked_style = formats.pair(valign="top", text_wrap=True, bg_color=_MATCH_FILL, pattern=1)
        self.highlight = formats(bold=True, font_color="#C00000")
        self.whole = formats.pair(**WRAP_TOP, bold=True, font_color="#C00000")
        self.keys = [c.key for c in COLUMNS]
        self.reviewer = [c.reviewer for c in COLUMNS]
        self.wrapped = {i: c.width for i, c in enumerate(COLUMNS) if c.wrap and not c.hidden}
        self.context_index = self.keys.index("context")
        self.article_index = self.keys.index("article")
        self.priority_index = self.keys.index("priority")
        self.date_index = self.keys.index("checked_on")
        self.flags_index = self.keys.index("flags")
        self.height = row_points(1)

    def of(self, row: WorklistRow, number: int) -> list[Cell]:
        values = row.values
        out: list[Cell] = []
        add = out.append
        styles, reviewer = self.styles, self.reviewer
        context_index, article_index, priority_index = self.context_index, self.article_index, self.priority_index
        for index, key in enumerate(self.keys):
            value = values[key]
            if index == context_index:
                self._highlighted(out, index, str(value or ""), row.claim.text, styles[index])
                continue
            if index == article_index and row.article.id in self.article_row:
                text = safe_text(str(value))
                if text and self.sheet.links < HYPERLINK_LIMIT:
                    self.sheet.links += 1
                    style = self.link_style
                    add(
                        (
                            LINK,
                            index,
                            text,
                            style[1] if text.startswith(_FORMULA_START) else style[0],
                            (f"internal:'Articles'!A{self.article_row[row.article.id]}", "Go to the article's row"),
                        )
                    )
                    continue
            if index == self.date_index and value:
                serial = date_serial(str(value))
                if serial is not None:
                    add((NUMBER, index, serial, styles[index][0], None))
                    continue
            formats = styles[index]
            if index == priority_index and row.low_priority:
                formats = self.grey_style
            elif index == self.flags_index and row.previously_checked:
                formats = self.checked_style  # blue: the ledger holds a verdict for a claim stating the same thing
            if type(value) is str:  # the usual case, as _cell does it
                if value and (len(value) > _SHORT or not value.isprintable()):
                    value = safe_text(value)
                if value:
                    add((STRING, index, value, formats[1] if value.startswith(_FORMULA_START) else formats[0], None))
                elif reviewer[index]:
                    add((BLANK, index, None, formats[0], None))
                continue
            _cell(out, index, value, formats, reviewer[index])
        self.height = self._height(out)
        return out

    def _height(self, cells: list[Cell]) -> float:
        """The row's height: the most lines any wrapped cell needs, up to ``MAX_LINES``."""
        wrapped, lines = self.wrapped, 1
        for kind, col, value, _fmt, _extra in cells:
            width = wrapped.get(col)
            if width is None or kind in (NUMBER, BLANK):
                continue
            text = "".join(value) if kind == RICH else value  # type: ignore[arg-type]
            bold = kind == RICH or _fmt in self.whole
            lines = max(lines, count_lines(text, width, bold, MAX_LINES))  # type: ignore[arg-type]
            if lines >= MAX_LINES:
                break
        return row_points(lines)

    def _highlighted(
        self, out: list[Cell], col: int, sentence: str, claim: str, formats: tuple[Format, Format]
    ) -> None:
        """The context sentence with the claim in bold red (rich text)."""
        sentence = safe_text(sentence)
        at = sentence.find(claim) if claim else -1
        if at < 0 or not sentence:
            _cell(out, col, sentence, formats, False)
            return
        before, middle, after = sentence[:at], sentence[at : at + len(claim)], sentence[at + len(claim) :]
        if (
            not before and not after
        ):  # the claim is the whole sentence: a rich string needs two runs, so colour the cell
            _cell(out, col, sentence, self.whole, False)
            return
        out.append(
            (
                RICH,
                col,
                (before, middle, after),
                formats[1] if sentence.startswith(_FORMULA_START) else formats[0],
                self.highlight,
            )
        )


def _cell(out: list[Cell], col: int, value: object, formats: tuple[Format, Format], blank: bool) -> None:
    """A string (never a formula), a number, or nothing; ``blank`` keeps an empty cell with its format (as ``Sheet.text``)."""
    if isinstance(value, str):
        value = safe_text(value)
        if value:
            out.append((STRING, col, value, formats[1] if value.startswith(_FORMULA_START) else formats[0], None))
            return
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out.append((NUMBER, col, value, formats[0], None))
        return
    elif value is not None:
        _cell(out, col, str(value), formats, blank)
        return
    if blank:
        out.append((BLANK, col, None, formats[0], None))


class _ApiRows:
    """Writes Claims rows through XlsxWriter's public methods."""

    def __init__(self, ws: Worksheet):
        self.ws = ws

    def row(self, number: int, cells: list[Cell], height: float) -> None:
        ws = self.ws
        ws.set_row(number, height)
        for kind, col, value, fmt, extra in cells:
            if kind == STRING:
                ws.write_string(number, col, value, fmt)  # type: ignore[arg-type]
            elif kind == NUMBER:
                ws.write_number(number, col, value, fmt)  # type: ignore[arg-type]
            elif kind == BLANK:
                ws.write_blank(number, col, None, fmt)
            elif kind == RICH:
                before, middle, after = cast(tuple[str, str, str], value)
                parts: list[str | Format] = [before] if before else []
                parts += [cast(Format, extra), middle]
                if after:
                    parts.append(after)
                status = ws.write_rich_string(number, col, *parts, fmt)
                if status != 0:
                    raise WorklistError(f"cannot write the context of row {number + 1} (XlsxWriter status {status})")
            else:
                url, tip = cast(tuple[str, str | None], extra)
                status = ws.write_url(number, col, url, fmt, string=value, tip=tip)
                if status != 0:
                    raise WorklistError(f"cannot write the link {url!r} (XlsxWriter status {status})")

    def finish(self, last: int) -> None:
        pass


_ESCAPE_CONTROL = re.compile(
    r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]"
)  # what XlsxWriter escapes as _xHHHH_
_PRESERVE = ' xml:space="preserve"'


def _control(text: str) -> str:
    """XlsxWriter's ``_xHHHH_`` escaping of control characters (and of text that looks like one), when needed."""
    if "_x" not in text and text.isprintable():  # the usual case: nothing to escape
        return text
    return XMLwriter._escape_control_characters(text) if _ESCAPE_CONTROL.search(text) else text


def _xml(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


_INF = float("inf")


class _FastRows(_ApiRows):
    """Writes each Claims row's XML straight into XlsxWriter's constant-memory row file.

    The XML is what XlsxWriter's ``_write_single_row`` writes for the same cells (inline strings,
    ``_xHHHH_`` escapes, ``xml:space="preserve"``, rich-text runs); hyperlinks are registered
    with XlsxWriter so that it writes their ``<hyperlinks>`` entries and relationships. What it
    relies on of XlsxWriter's internals is checked by ``usable`` first.
    """

    NEEDS = (
        "_write_single_row",
        "_write_row",
        "_check_dimensions",
        "_write_url",
        "_write_font",
        "previous_row",
        "row_data_fh",
        "row_info",
        "row_sizes",
        "table",
        "ignore_write_string",
        "xls_strmax",
        "rstring",
    )

    @classmethod
    def usable(cls, ws: Worksheet) -> bool:
        return (
            xlsxwriter.__version__.split(".")[0] == "3"
            and bool(getattr(ws, "constant_memory", False))
            and all(hasattr(ws, name) for name in cls.NEEDS)
            and getattr(ws, "fh", None) is ws.row_data_fh
            and hasattr(XMLwriter, "_escape_control_characters")
        )

    def __init__(self, ws: Worksheet, highlight: Format):
        super().__init__(ws)
        self.letters = [xl_col_to_name(c) for c in range(len(COLUMNS))]
        self.runs: dict[int, str] = {}  # rich-text run properties by format
        self.xf: dict[Format, int] = {}  # each format's index, once XlsxWriter has given it one
        self.highlight = highlight

    def _run(self, fmt: Format) -> str:
        """The ``<rPr>`` XlsxWriter writes for a rich-text run in this format."""
        found = self.runs.get(id(fmt))
        if found is None:
            from io import StringIO

            saved = self.ws.rstring
            self.ws.rstring = XMLwriter()
            self.ws.rstring._set_filehandle(StringIO())
            try:
                self.ws._write_font(fmt)
                found = self.runs[id(fmt)] = self.ws.rstring.fh.getvalue()
            finally:
                self.ws.rstring = saved
        return found

    def row(self, number: int, cells: list[Cell], height: float) -> None:
        if not cells:
            return
        ws = self.ws
        ws.set_row(number, height)  # XlsxWriter keeps it in row_info, for _write_row below
        if number > ws.previous_row:
            ws._write_single_row(number)  # rows before this one (the header) go out first, as XlsxWriter would
        if ws._check_dimensions(number, cells[0][1]) or ws._check_dimensions(number, cells[-1][1]):
            raise WorklistError(f"cannot write row {number + 1} of the Claims sheet")
        at = str(number + 1)
        letters, xf, half = self.letters, self.xf, ws.xls_strmax // 2
        xml: list[str] = []
        add = xml.append
        for kind, col, value, fmt, extra in cells:
            index = xf.get(fmt)
            if index is None:
                index = fmt._get_xf_index()  # numbered as XlsxWriter numbers them: in the order first written
                if fmt.xf_index is not None:
                    xf[fmt] = index
            ref = letters[col] + at
            if kind in (STRING, LINK):
                if kind == LINK:
                    self._link(number, col, value, fmt, extra)  # type: ignore[arg-type]
                text: str = _control(value)  # type: ignore[arg-type]
                if len(text) > half:
                    self._check_length(text, number)
                space = _PRESERVE if text and (text[0].isspace() or text[-1].isspace()) else ""
                if "&" in text or "<" in text or ">" in text:
                    text = _xml(text)
                add(f'<c r="{ref}" s="{index}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind == NUMBER:
                if value != value or value in (_INF, -_INF):
                    raise WorklistError(f"row {number + 1}: {value} cannot be written to a cell")
                add(f'<c r="{ref}" s="{index}"><v>{value:.16G}</v></c>')
            elif kind == BLANK:
                add(f'<c r="{ref}" s="{index}"/>')
            else:
                before, middle, after = cast(tuple[str, str, str], value)
                self._check_length(before + middle + after, number)
                runs = self._fragment(before, "") if before else ""
                runs += self._fragment(middle, self._run(cast(Format, extra)))
                if after:
                    runs += self._fragment(after, self._run(_DEFAULT_RUN))
                add(f'<c r="{ref}" s="{index}" t="inlineStr"><is>{_control(runs)}</is></c>')
        ws._write_row(number, None, ws.row_info.pop(number, None))  # written: not needed again
        ws.row_sizes.pop(number, None)
        xml.append("</row>")
        ws.fh.write("".join(xml))

    @staticmethod
    def _fragment(text: str, props: str) -> str:
        """One run of a rich string, as XlsxWriter writes it (escaped, then ``_xHHHH_``-escaped)."""
        space = _PRESERVE if text[0].isspace() or text[-1].isspace() else ""
        return f"<r>{props}<t{space}>{_control(_xml(text))}</t></r>"

    def _link(self, number: int, col: int, text: str, fmt: Format, extra: tuple[str, str]) -> None:
        """Register the hyperlink with XlsxWriter (it writes the sheet's ``<hyperlinks>`` and relationships); the cell is ours."""
        url, tip = extra
        ws = self.ws
        ws.ignore_write_string = True
        try:
            status = ws._write_url(number, col, url, fmt, text, tip)
        finally:
            ws.ignore_write_string = False
        if status != 0:
            raise WorklistError(f"cannot write the link {url!r} (XlsxWriter status {status})")

    def _check_length(self, text: str, number: int) -> None:
        if len(text) > self.ws.xls_strmax // 2 and utf16_len(text) > self.ws.xls_strmax:
            raise WorklistError(f"row {number + 1}: a cell's text is over Excel's limit")

    def finish(self, last: int) -> None:
        pass


_DEFAULT_RUN = Format()  # XlsxWriter's format for rich-text runs that have none (the text after the claim)


def _validations(ws: Worksheet, formats: Formats, last_row: int, settings: Settings) -> None:
    index = {c.key: i for i, c in enumerate(COLUMNS)}
    end = last_row + 500  # rows a checker may add stay validated too
    for key, options, title in (("status", settings.statuses, "Status"), ("verdict", settings.verdicts, "Verdict")):
        message = f"Choose one of: {', '.join(options)}"
        ws.data_validation(
            1,
            index[key],
            end,
            index[key],
            {
                "validate": "list",
                "source": [o.replace('"', "'") for o in options],
                "ignore_blank": True,
                "dropdown": True,
                "show_error": True,
                "error_title": f"Unknown {title.lower()}",
                "error_message": message if len(message) <= 255 else message[:254] + "…",
                "input_title": title,
                "input_message": f"Pick a {title.lower()} from the list",
                "show_input": True,
            },
        )
    verdict = xl_col_to_name(index["verdict"])
    last_col = len(COLUMNS) - 1
    for name, colour in verdict_colours(settings.verdicts).items():
        quoted = name.replace('"', '""')
        ws.conditional_format(
            1,
            0,
            end,
            last_col,
            {
                "type": "formula",
                "criteria": f'=${verdict}2="{quoted}"',
                "format": formats(bg_color=colour, fg_color=colour, pattern=1),
            },
        )
