"""What every sheet of the worklist shares: safe cell text, registered formats, print set-up, row heights.

Safety rules for every cell that holds article text: it is always a string (never a formula,
even when it starts with ``=``, ``+``, ``-`` or ``@``; such text gets Excel's quote prefix),
characters XML cannot hold are removed, and text over Excel's cell limit is cut with a visible
marker. Only http(s) URLs become hyperlinks, and never more than Excel's 65,530 per sheet.
"""

from __future__ import annotations

import datetime as dt
import re

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from claims.errors import WorklistError
from claims.worklist.textfit import count_lines, row_points

EXCEL_CELL_LIMIT = 32767  # UTF-16 code units per cell
HYPERLINK_LIMIT = 65530  # hyperlinks per worksheet
URL_LIMIT = 2079  # characters in a hyperlink's address
MAX_LINES = 6  # a row is never taller than this many lines; the cell keeps its whole text
DATE_FORMAT = "yyyy-mm-dd"
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its serial numbers count from here, 1900 leap-year bug included)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864", "pattern": 1}
LINK_STYLE = {"font_color": "#0563C1", "underline": 1}
WRAP_TOP = {"text_wrap": True, "valign": "top"}
VERDICT_COLOURS = {
    "Accurate": "#C6EFCE",
    "Mostly accurate": "#E2F0D9",
    "Misleading": "#FFEB9C",
    "Inaccurate": "#FFC7CE",
    "Unverifiable": "#D9D9D9",
}
# for verdict lists from claims.toml, by position: green → red, then greys
_PALETTE = ("#C6EFCE", "#E2F0D9", "#FFEB9C", "#FCE4D6", "#FFC7CE", "#D9D9D9", "#EDEDED", "#DDEBF7")


def safe_text(value: str) -> str:
    """Text Excel can hold: no XML-illegal characters, and cut visibly at the cell limit."""
    text = value if value.isprintable() else _ILLEGAL.sub("", value)  # printable text holds none of them
    if len(text) > EXCEL_CELL_LIMIT // 2 and utf16_len(text) > EXCEL_CELL_LIMIT:
        keep = EXCEL_CELL_LIMIT - 64
        while utf16_len(text[:keep]) > EXCEL_CELL_LIMIT - 64:  # characters outside the BMP count twice
            keep -= (utf16_len(text[:keep]) - (EXCEL_CELL_LIMIT - 64) + 1) // 2 or 1
        text = text[:keep] + f" … [cut: {len(text):,} characters, the first {keep:,} shown]"
    return text


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def verdict_colours(verdicts: list[str]) -> dict[str, str]:
    """Fill colour per verdict (``#RRGGBB``): the default verdicts keep theirs, others get one by position."""
    return {v: VERDICT_COLOURS.get(v, _PALETTE[i % len(_PALETTE)]) for i, v in enumerate(verdicts)}


def is_web_link(url: str | None) -> bool:
    """Only http(s) addresses Excel can store become links."""
    return url is not None and url.lower().startswith(("http://", "https://")) and len(url) <= URL_LIMIT


def date_serial(value: str) -> int | None:
    """An ISO date (``YYYY-MM-DD``, a time after it ignored) as Excel's serial day number; None when it is not one."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return (day - _EPOCH).days if day >= dt.date(1900, 3, 1) else None


def row_height(texts: list[tuple[str, float, bool]]) -> float:
    """The height in points that shows each ``(text, column width, bold)`` wrapped, up to ``MAX_LINES`` lines."""
    lines = max((count_lines(text, width, bold, MAX_LINES) for text, width, bold in texts if text), default=1)
    return row_points(lines)


def print_setup(ws: Worksheet, name: str, gridlines: bool = False) -> None:
    """Landscape, one page wide, the first row on every page, the sheet's name and page numbers in the footer."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # as many pages tall as it takes
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.repeat_rows(0)
    if gridlines:
        ws.hide_gridlines(0)  # 0: gridlines on screen and on paper
    ws.set_footer(f"&L{name.replace('&', '&&')}&RPage &P of &N")


class Formats:
    """XlsxWriter formats, each registered once with the workbook however many cells use it."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.made: dict[tuple, Format] = {}

    def __call__(self, **props: object) -> Format:
        key = tuple(sorted(props.items()))
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self.wb.add_format(dict(props))
        return found

    def pair(self, **props: object) -> tuple[Format, Format]:
        """The format, and the same with Excel's quote prefix (for text that looks like a formula)."""
        return self(**props), self(**props, quote_prefix=True)


class Sheet:
    """Writes cells to one worksheet following the safety rules."""

    def __init__(self, ws: Worksheet, formats: Formats):
        self.ws, self.formats = ws, formats
        self.links = 0

    def text(
        self, row: int, col: int, value: object, formats: tuple[Format, Format] | None = None, blank: bool = False
    ) -> None:
        """A string (never a formula), a number, or nothing; ``blank`` writes an empty cell that keeps its format."""
        formats = formats or self.formats.pair()
        if isinstance(value, str):
            value = safe_text(value)
            if value:
                self.ws.write_string(row, col, value, formats[1] if value.startswith(FORMULA_START) else formats[0])
                return
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.ws.write_number(row, col, value, formats[0])
            return
        elif value is not None:
            self.text(row, col, str(value), formats, blank)
            return
        if blank:
            self.ws.write_blank(row, col, None, formats[0])

    def link(
        self, row: int, col: int, url: str, text: str, formats: tuple[Format, Format], tip: str | None = None
    ) -> bool:
        """A hyperlink showing ``text``, while the sheet is under Excel's limit. Returns whether it was written."""
        if self.links >= HYPERLINK_LIMIT:
            return False
        text = safe_text(text)
        if not text:
            return False
        self.links += 1
        status = self.ws.write_url(
            row, col, url, formats[1] if text.startswith(FORMULA_START) else formats[0], string=text, tip=tip
        )
        if status != 0:
            raise WorklistError(f"cannot write the link {url!r} (XlsxWriter status {status})")
        return True

    def fit_row(self, row: int, texts: list[tuple[str, float, bool]]) -> None:
        """Give the row the height its wrapped texts need (call before writing the row's cells)."""
        self.ws.set_row(row, row_height(texts))
