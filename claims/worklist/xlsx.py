"""The Excel worklist: Claims, Articles, Summary and Guide sheets, written in streaming mode.

Safety rules for every cell that holds article text: it is always a string (never a formula,
even when it starts with ``=``, ``+``, ``-`` or ``@``; such text gets Excel's quote prefix),
characters XML cannot hold are removed, and text over Excel's cell limit is cut with a visible
marker. Only http(s) URLs become hyperlinks.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo

from claims.config import Settings
from claims.model import Article
from claims.worklist.rows import COLUMNS, EXPORT_ID_PROPERTY, HEADERS, WorklistRow

EXCEL_CELL_LIMIT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
VERDICT_COLOURS = {
    "Accurate": "FFC6EFCE",
    "Mostly accurate": "FFE2F0D9",
    "Misleading": "FFFFEB9C",
    "Inaccurate": "FFFFC7CE",
    "Unverifiable": "FFD9D9D9",
}
# for verdict lists from claims.toml, by position: green → red, then greys
_PALETTE = ("FFC6EFCE", "FFE2F0D9", "FFFFEB9C", "FFFCE4D6", "FFFFC7CE", "FFD9D9D9", "FFEDEDED", "FFDDEBF7")
_MATCH_FILL = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_HEADER_FILL = PatternFill("solid", start_color="FF1F3864")
_REVIEW_FILL = PatternFill("solid", start_color="FFFFF2CC")
_HIGHLIGHT = InlineFont(b=True, color="FFC00000")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
SHEETS = ("Claims", "Articles", "Summary", "Guide")


def safe_text(value: str) -> str:
    """Text Excel can hold: no XML-illegal characters, and cut visibly at the cell limit."""
    text = _ILLEGAL.sub("", value)
    if len(text) > EXCEL_CELL_LIMIT:
        marker = f" … [cut: {len(text):,} characters, the first {EXCEL_CELL_LIMIT - 64:,} shown]"
        text = text[: EXCEL_CELL_LIMIT - 64] + marker
    return text


def verdict_colours(verdicts: list[str]) -> dict[str, str]:
    """Fill colour per verdict: the default verdicts keep theirs, others get one by position."""
    return {v: VERDICT_COLOURS.get(v, _PALETTE[i % len(_PALETTE)]) for i, v in enumerate(verdicts)}


def text_cell(ws: object, value: object, style_array: StyleArray | None = None, **style: object) -> WriteOnlyCell:
    """A cell that is never a formula, whatever the text starts with.

    Args:
        ws: the (write-only) worksheet.
        value: text, a number or None.
        style_array: a style made once with ``cell_style`` (fast: no style lookup per cell).
        style: or cell attributes to set (font=, fill=, alignment=...).
    """
    if isinstance(value, str):
        cleaned = safe_text(value)
        cell = WriteOnlyCell(ws, value=cleaned)
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(ws, value=value)
        cleaned = ""
    if style_array is not None:
        cell._style = StyleArray(style_array)
    for key, item in style.items():
        setattr(cell, key, item)
    if cleaned.startswith(_FORMULA_START):
        if style_array is not None:
            cell._style.quotePrefix = 1
        else:
            cell.quotePrefix = True
    return cell


def cell_style(ws: object, **style: object) -> StyleArray:
    """A style registered once with the workbook, for ``text_cell(style_array=...)``."""
    cell = WriteOnlyCell(ws)
    for key, item in style.items():
        setattr(cell, key, item)
    return cell._style


def highlighted(ws: object, sentence: str, claim: str) -> WriteOnlyCell:
    """The context sentence with the claim in bold red (rich text)."""
    sentence = safe_text(sentence)
    at = sentence.find(claim) if claim else -1
    if at < 0 or not claim:
        return text_cell(ws, sentence, alignment=_WRAP_TOP)
    parts: list[str | TextBlock] = []
    if sentence[:at]:
        parts.append(sentence[:at])
    parts.append(TextBlock(_HIGHLIGHT, sentence[at : at + len(claim)]))
    if sentence[at + len(claim) :]:
        parts.append(sentence[at + len(claim) :])
    cell = WriteOnlyCell(ws, value=CellRichText(parts))
    cell.alignment = _WRAP_TOP
    if sentence.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def write_workbook(path: Path, rows: Iterable[WorklistRow], articles: list[Article], settings: Settings,
                   export_id: str, claim_counts: Counter[str] | None = None) -> int:
    """Write the worklist to ``path`` (the caller makes the write atomic). Returns the row count.

    Rows are written as they come (streaming); the Summary counts are gathered on the way.
    """
    wb = Workbook(write_only=True)
    wb.properties.identifier = export_id
    wb.properties.title = "Fact-check worklist"
    wb.properties.creator = "claims"
    wb.properties.created = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    wb.properties.keywords = f"claims-export:{export_id}"
    wb.custom_doc_props.append(StringProperty(name=EXPORT_ID_PROPERTY, value=export_id))

    claims_ws = wb.create_sheet("Claims")
    article_row = {a.id: i + 2 for i, a in enumerate(articles)}
    counts = {"type": Counter(), "status": Counter(), "verdict": Counter()}
    count = _write_claims(claims_ws, rows, article_row, settings, counts)
    _write_articles(wb.create_sheet("Articles"), articles, claim_counts or Counter())
    _write_summary(wb.create_sheet("Summary"), counts, export_id)
    _write_guide(wb.create_sheet("Guide"), settings, export_id)
    wb.save(path)
    return count


def _write_claims(ws, rows: Iterable[WorklistRow], article_row: dict[str, int], settings: Settings,
                  counts: dict[str, Counter[str]]) -> int:
    ws.freeze_panes = "E2"
    ws.sheet_properties.tabColor = "1F3864"
    for index, column in enumerate(COLUMNS, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    header = []
    for column in COLUMNS:
        cell = text_cell(ws, column.header, font=Font(b=True, color="FFFFFFFF"), fill=_HEADER_FILL,
                         alignment=Alignment(vertical="center", wrap_text=True))
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    unlocked = Protection(locked=False)
    styles = []  # one style per column, registered once (setting fonts per cell is what makes openpyxl slow)
    for column in COLUMNS:
        extra: dict[str, object] = {"protection": unlocked, "fill": _REVIEW_FILL} if column.reviewer else {}
        styles.append(cell_style(ws, alignment=wrap if column.wrap else top, **extra))
    link_style = cell_style(ws, alignment=wrap, font=Font(color="FF0563C1", u="single"))
    grey_style = cell_style(ws, alignment=top, font=Font(color="FF808080"))
    context_index = next(i for i, c in enumerate(COLUMNS) if c.key == "context")
    article_index = next(i for i, c in enumerate(COLUMNS) if c.key == "article")
    priority_index = next(i for i, c in enumerate(COLUMNS) if c.key == "priority")
    article_letter = get_column_letter(article_index + 1)
    keys = [c.key for c in COLUMNS]
    reviewer = [c.reviewer for c in COLUMNS]
    number = 1
    for number, row in enumerate(rows, start=2):
        values = row.values
        cells: list[WriteOnlyCell | None] = [
            None if values[key] in (None, "") and not reviewer[i] else text_cell(ws, values[key] if values[key] != "" else None, styles[i])
            for i, key in enumerate(keys)]  # an empty machine cell needs no cell at all
        cells[context_index] = highlighted(ws, str(values["context"] or ""), row.claim.text)
        if row.article.id in article_row:
            cell = cells[article_index] = text_cell(ws, values["article"], link_style)
            cell.hyperlink = Hyperlink(ref=f"{article_letter}{number}", location=f"'Articles'!A{article_row[row.article.id]}",
                                       tooltip="Go to the article's row")
        if row.low_priority:
            cells[priority_index] = text_cell(ws, values["priority"], grey_style)
        ws.append(cells)
        counts["type"][row.claim.type] += 1
        counts["status"][(row.review.status if row.review else None) or "(not set)"] += 1
        counts["verdict"][(row.review.verdict if row.review else None) or "(not set)"] += 1
    last_row = max(number, 2)
    last_col = get_column_letter(len(COLUMNS))
    table = Table(displayName="Claims", ref=f"A1:{last_col}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    table._initialise_columns()
    for table_column, name in zip(table.tableColumns, HEADERS):
        table_column.name = name
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        ws.add_table(table)
    _validations(ws, last_row, settings)
    if settings.protect:
        ws.protection.sheet = True
        ws.protection.autoFilter = False  # filtering stays allowed
        ws.protection.sort = False
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    return number - 1


def _validations(ws, last_row: int, settings: Settings) -> None:
    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    end = max(last_row, 2) + 500  # rows a checker may add stay validated too
    for key, options, title in (("status", settings.statuses, "Status"), ("verdict", settings.verdicts, "Verdict")):
        formula = '"' + ",".join(o.replace('"', "'") for o in options) + '"'
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                                    showErrorMessage=True, errorTitle=f"Unknown {title.lower()}",
                                    error=f"Choose one of: {', '.join(options)}", promptTitle=title,
                                    prompt=f"Pick a {title.lower()} from the list", showInputMessage=True)
        validation.add(f"{letters[key]}2:{letters[key]}{end}")
        ws.data_validations.append(validation)
    verdict = letters["verdict"]
    last_col = get_column_letter(len(COLUMNS))
    for name, colour in verdict_colours(settings.verdicts).items():
        quoted = name.replace('"', '""')
        ws.conditional_formatting.add(f"A2:{last_col}{end}", FormulaRule(formula=[f'${verdict}2="{quoted}"'],
                                      fill=PatternFill("solid", start_color=colour, end_color=colour)))
    flags = letters["flags"]
    ws.conditional_formatting.add(f"{flags}2:{flags}{end}", FormulaRule(formula=[f'ISNUMBER(SEARCH("previously checked",${flags}2))'],
                                  fill=_MATCH_FILL))


def _write_articles(ws, articles: list[Article], claim_counts: Counter[str]) -> None:
    headers = ["Title", "Outlet", "Published", "URL or path", "Paragraphs", "Claims", "sha256", "Article id", "Notes"]
    widths = [50, 14, 12, 50, 10, 8, 20, 20, 50]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    ws.append([text_cell(ws, h, font=Font(b=True, color="FFFFFFFF"), fill=_HEADER_FILL) for h in headers])
    for row, article in enumerate(articles, start=2):
        published = (article.published or "") + (" (year inferred)" if article.published_inferred else "")
        location = text_cell(ws, article.location)
        if article.url and article.url.lower().startswith(("http://", "https://")):
            location.hyperlink = Hyperlink(ref=f"D{row}", target=article.url)
            location.font = Font(color="FF0563C1", u="single")
        ws.append([text_cell(ws, article.title or ""), text_cell(ws, article.outlet or ""), text_cell(ws, published), location,
                   len(article.paragraphs), claim_counts.get(article.id, 0), text_cell(ws, article.sha256 or ""),
                   text_cell(ws, article.id), text_cell(ws, "; ".join(article.notes))])


def _write_summary(ws, counts: dict[str, Counter[str]], export_id: str) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 10
    ws.append([text_cell(ws, "Counts as exported", font=Font(b=True, size=13)), None])
    ws.append([text_cell(ws, f"export {export_id}; export again after importing to refresh"), None])
    row = 2
    spans: dict[str, tuple[int, int]] = {}
    for title, key in (("Type", "type"), ("Status", "status"), ("Verdict", "verdict")):
        ws.append([None, None])
        ws.append([text_cell(ws, title, font=Font(b=True)), text_cell(ws, "Claims", font=Font(b=True))])
        row += 2
        first = row + 1
        for name, n in sorted(counts[key].items(), key=lambda kv: (-kv[1], kv[0])):
            ws.append([text_cell(ws, name), n])
            row += 1
        if row >= first:
            spans[title] = (first, row)
    for number, (title, (first, last)) in enumerate(spans.items()):
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"Claims by {title.lower()}"
        chart.legend = None
        data = Reference(ws, min_col=2, min_row=first - 1, max_row=last)
        labels = Reference(ws, min_col=1, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        chart.height, chart.width = 7, 14
        ws.add_chart(chart, f"D{2 + 15 * number}")


def _write_guide(ws, settings: Settings, export_id: str) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
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
        ("Article / Para", "The article (click to go to its row in Articles) and the paragraph number (0 = headline)."),
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
    for key, text in lines:
        bold = Font(b=True, size=13) if key in ("How to use this worklist", "Columns") else Font(b=True)
        ws.append([text_cell(ws, key, font=bold), text_cell(ws, text, alignment=Alignment(wrap_text=True, vertical="top"))])
