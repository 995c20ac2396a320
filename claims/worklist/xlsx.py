"""The Excel worklist: Claims, Articles, Summary and Guide sheets, written by XlsxWriter in constant-memory mode.

Rows are written as they come and leave memory once the next row starts, so a worklist of any
length takes the same memory. In that mode XlsxWriter cannot add an Excel table, so the Claims
sheet has an autofilter (the same filter buttons) instead.

Safety rules for every cell that holds article text: it is always a string (never a formula,
even when it starts with ``=``, ``+``, ``-`` or ``@``; such text gets Excel's quote prefix),
characters XML cannot hold are removed, and text over Excel's cell limit is cut with a visible
marker. Only http(s) URLs become hyperlinks, and never more than Excel's 65,530 per sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from claims.config import Settings
from claims.errors import WorklistError
from claims.model import Article
from claims.worklist.rows import COLUMNS, EXPORT_ID_PROPERTY, WRITER, WorklistRow

EXCEL_CELL_LIMIT = 32767  # UTF-16 code units per cell
HYPERLINK_LIMIT = 65530  # hyperlinks per worksheet
URL_LIMIT = 2079  # characters in a hyperlink's address
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
VERDICT_COLOURS = {
    "Accurate": "#C6EFCE",
    "Mostly accurate": "#E2F0D9",
    "Misleading": "#FFEB9C",
    "Inaccurate": "#FFC7CE",
    "Unverifiable": "#D9D9D9",
}
# for verdict lists from claims.toml, by position: green → red, then greys
_PALETTE = ("#C6EFCE", "#E2F0D9", "#FFEB9C", "#FCE4D6", "#FFC7CE", "#D9D9D9", "#EDEDED", "#DDEBF7")
_MATCH_FILL = "#DDEBF7"
_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864", "pattern": 1}
_REVIEW_FILL = "#FFF2CC"
_LINK = {"font_color": "#0563C1", "underline": 1}
_WRAP_TOP = {"text_wrap": True, "valign": "top"}
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
SHEETS = ("Claims", "Articles", "Summary", "Guide")


def safe_text(value: str) -> str:
    """Text Excel can hold: no XML-illegal characters, and cut visibly at the cell limit."""
    text = _ILLEGAL.sub("", value)
    if len(text) > EXCEL_CELL_LIMIT // 2 and _utf16_len(text) > EXCEL_CELL_LIMIT:
        keep = EXCEL_CELL_LIMIT - 64
        while _utf16_len(text[:keep]) > EXCEL_CELL_LIMIT - 64:  # characters outside the BMP count twice
            keep -= (_utf16_len(text[:keep]) - (EXCEL_CELL_LIMIT - 64) + 1) // 2 or 1
        text = text[:keep] + f" … [cut: {len(text):,} characters, the first {keep:,} shown]"
    return text


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def verdict_colours(verdicts: list[str]) -> dict[str, str]:
    """Fill colour per verdict (``#RRGGBB``): the default verdicts keep theirs, others get one by position."""
    return {v: VERDICT_COLOURS.get(v, _PALETTE[i % len(_PALETTE)]) for i, v in enumerate(verdicts)}


def is_web_link(url: str | None) -> bool:
    """Only http(s) addresses Excel can store become links."""
    return bool(url) and url.lower().startswith(("http://", "https://")) and len(url) <= URL_LIMIT  # type: ignore[union-attr]


class _Formats:
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


class _Sheet:
    """Writes cells to one worksheet following the safety rules."""

    def __init__(self, ws: Worksheet, formats: _Formats):
        self.ws, self.formats = ws, formats
        self.links = 0

    def text(self, row: int, col: int, value: object, formats: tuple[Format, Format] | None = None, blank: bool = False) -> None:
        """A string (never a formula), a number, or nothing; ``blank`` writes an empty cell that keeps its format."""
        formats = formats or self.formats.pair()
        if isinstance(value, str):
            value = safe_text(value)
            if value:
                self.ws.write_string(row, col, value, formats[1] if value.startswith(_FORMULA_START) else formats[0])
                return
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.ws.write_number(row, col, value, formats[0])
            return
        elif value is not None:
            self.text(row, col, str(value), formats, blank)
            return
        if blank:
            self.ws.write_blank(row, col, None, formats[0])

    def link(self, row: int, col: int, url: str, text: str, formats: tuple[Format, Format], tip: str | None = None) -> bool:
        """A hyperlink showing ``text``, while the sheet is under Excel's limit. Returns whether it was written."""
        if self.links >= HYPERLINK_LIMIT:
            return False
        text = safe_text(text)
        if not text:
            return False
        self.links += 1
        status = self.ws.write_url(row, col, url, formats[1] if text.startswith(_FORMULA_START) else formats[0], string=text, tip=tip)
        if status != 0:
            raise WorklistError(f"cannot write the link {url!r} (XlsxWriter status {status})")
        return True

    def highlighted(self, row: int, col: int, sentence: str, claim: str, formats: tuple[Format, Format], highlight: Format,
                    whole: tuple[Format, Format]) -> None:
        """The context sentence with the claim in bold red (rich text)."""
        sentence = safe_text(sentence)
        at = sentence.find(claim) if claim else -1
        if at < 0 or not sentence:
            self.text(row, col, sentence, formats)
            return
        cell = formats[1] if sentence.startswith(_FORMULA_START) else formats[0]
        before, middle, after = sentence[:at], sentence[at : at + len(claim)], sentence[at + len(claim) :]
        if not before and not after:  # the claim is the whole sentence: a rich string needs two runs, so colour the cell
            self.text(row, col, sentence, whole)
            return
        parts: list[str | Format] = [before] if before else []
        parts += [highlight, middle]
        if after:
            parts.append(after)
        status = self.ws.write_rich_string(row, col, *parts, cell)
        if status != 0:
            raise WorklistError(f"cannot write the context of row {row + 1} (XlsxWriter status {status})")


def write_workbook(path: Path, rows: Iterable[WorklistRow], articles: list[Article], settings: Settings,
                   export_id: str, claim_counts: Counter[str] | None = None) -> int:
    """Write the worklist to ``path`` (the caller makes the write atomic). Returns the row count.

    Rows are written as they come (streaming); the Summary counts are gathered on the way.
    """
    wb = xlsxwriter.Workbook(str(path), _OPTIONS)
    try:
        wb.set_properties({"title": "Fact-check worklist", "author": WRITER, "keywords": f"claims-export:{export_id}",
                           "created": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)})
        wb.set_custom_property(EXPORT_ID_PROPERTY, export_id)
        formats = _Formats(wb)
        claims_ws = wb.add_worksheet("Claims")
        articles_ws = wb.add_worksheet("Articles")
        summary_ws = wb.add_worksheet("Summary")
        guide_ws = wb.add_worksheet("Guide")
        article_row = {a.id: i + 2 for i, a in enumerate(articles)}
        counts: dict[str, Counter[str]] = {"type": Counter(), "status": Counter(), "verdict": Counter()}
        count = _write_claims(_Sheet(claims_ws, formats), rows, article_row, settings, counts)
        _write_articles(_Sheet(articles_ws, formats), articles, claim_counts or Counter())
        _write_summary(wb, _Sheet(summary_ws, formats), counts, export_id)
        _write_guide(_Sheet(guide_ws, formats), settings, export_id)
    finally:
        wb.close()
    return count


def _write_claims(sheet: _Sheet, rows: Iterable[WorklistRow], article_row: dict[str, int], settings: Settings,
                  counts: dict[str, Counter[str]]) -> int:
    ws, formats = sheet.ws, sheet.formats
    ws.freeze_panes(1, 4)
    ws.set_tab_color("#1F3864")
    for index, column in enumerate(COLUMNS):
        ws.set_column(index, index, column.width, None, {"hidden": True} if column.hidden else None)
    header = formats.pair(**_HEADER, valign="vcenter", text_wrap=True)
    for index, column in enumerate(COLUMNS):
        sheet.text(0, index, column.header, header)
    styles = []  # one pair of formats per column, registered once
    for column in COLUMNS:
        extra: dict[str, object] = {"locked": False, "bg_color": _REVIEW_FILL, "pattern": 1} if column.reviewer else {}
        styles.append(formats.pair(valign="top", **({"text_wrap": True} if column.wrap else {}), **extra))
    link_style = formats.pair(**_WRAP_TOP, **_LINK)
    grey_style = formats.pair(valign="top", font_color="#808080")
    highlight = formats(bold=True, font_color="#C00000")
    whole = formats.pair(**_WRAP_TOP, bold=True, font_color="#C00000")
    keys = [c.key for c in COLUMNS]
    reviewer = [c.reviewer for c in COLUMNS]
    context_index = keys.index("context")
    article_index = keys.index("article")
    priority_index = keys.index("priority")
    number = 0
    for number, row in enumerate(rows, start=1):
        values = row.values
        for index, key in enumerate(keys):
            if index == context_index:
                sheet.highlighted(number, index, str(values["context"] or ""), row.claim.text, styles[index], highlight, whole)
            elif index == article_index and row.article.id in article_row and sheet.link(
                    number, index, f"internal:'Articles'!A{article_row[row.article.id]}", str(values["article"]), link_style,
                    tip="Go to the article's row"):
                pass
            elif index == priority_index and row.low_priority:
                sheet.text(number, index, values[key], grey_style)
            else:
                sheet.text(number, index, values[key], styles[index], blank=reviewer[index])
        counts["type"][row.claim.type] += 1
        counts["status"][(row.review.status if row.review else None) or "(not set)"] += 1
        counts["verdict"][(row.review.verdict if row.review else None) or "(not set)"] += 1
    last_row = max(number, 1)  # zero-based index of the last data row (the header is row 0)
    ws.autofilter(0, 0, last_row, len(COLUMNS) - 1)
    _validations(ws, formats, last_row, settings)
    if settings.protect:
        # no password; filtering, sorting and resizing stay allowed
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    return number


def _validations(ws: Worksheet, formats: _Formats, last_row: int, settings: Settings) -> None:
    index = {c.key: i for i, c in enumerate(COLUMNS)}
    end = last_row + 500  # rows a checker may add stay validated too
    for key, options, title in (("status", settings.statuses, "Status"), ("verdict", settings.verdicts, "Verdict")):
        message = f"Choose one of: {', '.join(options)}"
        ws.data_validation(1, index[key], end, index[key], {
            "validate": "list", "source": [o.replace('"', "'") for o in options], "ignore_blank": True, "dropdown": True,
            "show_error": True, "error_title": f"Unknown {title.lower()}",
            "error_message": message if len(message) <= 255 else message[:254] + "…",
            "input_title": title, "input_message": f"Pick a {title.lower()} from the list", "show_input": True})
    verdict = _letter(index["verdict"])
    last_col = len(COLUMNS) - 1
    for name, colour in verdict_colours(settings.verdicts).items():
        quoted = name.replace('"', '""')
        ws.conditional_format(1, 0, end, last_col, {"type": "formula", "criteria": f'=${verdict}2="{quoted}"',
                                                   "format": formats(bg_color=colour, fg_color=colour, pattern=1)})
    flags = _letter(index["flags"])
    ws.conditional_format(1, index["flags"], end, index["flags"], {
        "type": "formula", "criteria": f'=ISNUMBER(SEARCH("previously checked",${flags}2))',
        "format": formats(bg_color=_MATCH_FILL, fg_color=_MATCH_FILL, pattern=1)})


def _letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def _write_articles(sheet: _Sheet, articles: list[Article], claim_counts: Counter[str]) -> None:
    ws, formats = sheet.ws, sheet.formats
    headers = ["Title", "Outlet", "Published", "URL or path", "Paragraphs", "Claims", "sha256", "Article id", "Notes"]
    widths = [50, 14, 12, 50, 10, 8, 20, 20, 50]
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    ws.freeze_panes(1, 1)
    header = formats.pair(**_HEADER)
    for index, text in enumerate(headers):
        sheet.text(0, index, text, header)
    link = formats.pair(**_LINK)
    for row, article in enumerate(articles, start=1):
        published = (article.published or "") + (" (year inferred)" if article.published_inferred else "")
        values = [article.title or "", article.outlet or "", published, article.location, len(article.paragraphs),
                  claim_counts.get(article.id, 0), article.sha256 or "", article.id, "; ".join(article.notes)]
        for index, value in enumerate(values):
            if index == 3 and is_web_link(article.url) and sheet.link(row, index, str(article.url), article.location, link):
                continue
            sheet.text(row, index, value)


def _write_summary(wb: xlsxwriter.Workbook, sheet: _Sheet, counts: dict[str, Counter[str]], export_id: str) -> None:
    ws, formats = sheet.ws, sheet.formats
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 10)
    bold = formats.pair(bold=True)
    sheet.text(0, 0, "Counts as exported", formats.pair(bold=True, font_size=13))
    sheet.text(1, 0, f"export {export_id}; export again after importing to refresh")
    row = 1  # zero-based index of the last row written
    spans: dict[str, tuple[int, int]] = {}
    for title, key in (("Type", "type"), ("Status", "status"), ("Verdict", "verdict")):
        row += 2  # a blank row, then the section's header
        sheet.text(row, 0, title, bold)
        sheet.text(row, 1, "Claims", bold)
        first = row + 1
        for name, n in sorted(counts[key].items(), key=lambda kv: (-kv[1], kv[0])):
            row += 1
            sheet.text(row, 0, name)
            sheet.text(row, 1, n)
        if row >= first:
            spans[title] = (first, row)
    for number, (title, (first, last)) in enumerate(spans.items()):
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": f"='Summary'!$B${first}",  # the "Claims" header above the counts
                          "categories": f"='Summary'!$A${first + 1}:$A${last + 1}",
                          "values": f"='Summary'!$B${first + 1}:$B${last + 1}"})
        chart.set_title({"name": f"Claims by {title.lower()}"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 14 / 2.54 * 96, "height": 7 / 2.54 * 96})  # 14 × 7 cm
        ws.insert_chart(f"D{2 + 15 * number}", chart)


def _write_guide(sheet: _Sheet, settings: Settings, export_id: str) -> None:
    ws, formats = sheet.ws, sheet.formats
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 100)
    lines = [
        ("How to use this worklist", ""),
        ("1. Work down the list", "Claims are sorted by priority (check-worthiness, 0–1). Rows marked '(low priority)' in Why scored below "
                                  f"{settings.low_priority_below:g}. Nothing is hidden."),
        ("2. Mark up", "Fill the yellow columns: Status and Verdict from their dropdowns, Assigned to, Evidence (links), Notes, "
                       "Checked on. The other columns are locked so they cannot be changed by accident."),
        ("3. Sort and filter freely", "Use the filter buttons. To sort, unprotect the sheet (Review → Unprotect Sheet; there is no "
                                      "password). Rows are matched back by the hidden claim_id column, never by position."),
        ("4. Save and re-import", "Save as .xlsx (Excel or LibreOffice) and run: claims import THIS_FILE.xlsx — then make claims "
                                  "again. Verdicts are kept in the ledger and carried into the next worklist."),
        ("", ""),
        ("Columns", ""),
        ("ID", "Short claim id (the full id is in the hidden claim_id column)."),
        ("Priority", "Check-worthiness score from named signals; see Why."),
        ("Type", "money, percent, quantity, date, event, ranking, comparison, trend, attribution (a reported statement), "
                 "statement (a sentence with no figure)."),
        ("Claim", "The checkable words as they appear in the article."),
        ("Context", "The sentence, with the claim in bold red."),
        ("Value", "The claim reduced to something to look up: '> 500,000,000 USD per year', '2000-07-19 (agreement)'."),
        ("Said by", "Who makes the claim, resolved ('he' → the person's name) with the kind of source; 'the article itself' "
                    "when the outlet states it in its own voice."),
        ("Via", "Who relayed it (a report, a newspaper)."),
        ("Flags", "Consistency checks inside the article; 'previously checked' (blue) when the ledger holds a verdict for a claim "
                  "stating the same thing, with its date and link; 'same claim as' another row; 'conflicting figure' when another "
                  "article gives a value for the same measure that cannot also be true; 'conflict' when two reviewers' sheets "
                  "disagree (change the row and import to settle it); 'held' when a review was for an earlier version of the claim."),
        ("Why", "The signals behind the priority."),
        ("Article / Para", "The article (click to go to its row in Articles; Excel allows links on the first "
                           f"{HYPERLINK_LIMIT:,} rows only) and the paragraph number (0 = headline)."),
        ("Rule", "The id of the rule that found the claim (see rules/ in the project)."),
        ("Group", "Claims that state the same thing share a group (the short id of the checked or first one) and sit together. "
                  "The same words in several articles are one row listing every source and article."),
        ("Status … Checked on", "Yours to fill. Checked on takes a date (or text written YYYY-MM-DD)."),
        ("", ""),
        ("Status values", ", ".join(settings.statuses)),
        ("Verdicts", ""),
        *((name, settings.verdict_meanings.get(name, "")) for name in settings.verdicts),
        ("Export id", export_id),
    ]
    heading, bold, wrap = formats.pair(bold=True, font_size=13), formats.pair(bold=True), formats.pair(**_WRAP_TOP)
    for row, (key, text) in enumerate(lines):
        sheet.text(row, 0, key, heading if key in ("How to use this worklist", "Columns") else bold)
        sheet.text(row, 1, text, wrap)
