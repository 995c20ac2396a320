"""The worklist's other sheets: Articles, Summary (progress and counts, with charts) and Guide."""

from __future__ import annotations

from collections import Counter

import xlsxwriter

from claims.config import Settings
from claims.model import Article
from claims.worklist.cells import (
    HEADER,
    HYPERLINK_LIMIT,
    LINK_STYLE,
    WRAP_TOP,
    Sheet,
    is_web_link,
    print_setup,
    verdict_colours,
)

NOT_SET = "(not set)"
_CM = 96 / 2.54  # pixels per centimetre
_ROW_PX = 20  # a default row: 15 points
_REVIEWED_FILL, _TO_CHECK_FILL = "#70AD47", "#D9D9D9"


def write_articles(sheet: Sheet, articles: list[Article], claim_counts: Counter[str]) -> None:
    ws, formats = sheet.ws, sheet.formats
    headers = ["Title", "Outlet", "Published", "URL or path", "Paragraphs", "Claims", "sha256", "Article id", "Notes"]
    widths = [50, 14, 12, 50, 10, 8, 20, 20, 50]
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    ws.freeze_panes(1, 1)
    print_setup(ws, "Articles", gridlines=True)
    header = formats.pair(**HEADER, valign="vcenter")
    for index, text in enumerate(headers):
        sheet.text(0, index, text, header)
    link, wrap, top = formats.pair(**LINK_STYLE, valign="top"), formats.pair(**WRAP_TOP), formats.pair(valign="top")
    for row, article in enumerate(articles, start=1):
        published = (article.published or "") + (" (year inferred)" if article.published_inferred else "")
        notes = "; ".join(article.notes)
        values = [
            article.title or "",
            article.outlet or "",
            published,
            article.location,
            len(article.paragraphs),
            claim_counts.get(article.id, 0),
            article.sha256 or "",
            article.id,
            notes,
        ]
        sheet.fit_row(row, [(article.title or "", widths[0], False), (notes, widths[8], False)])
        for index, value in enumerate(values):
            if (
                index == 3
                and is_web_link(article.url)
                and sheet.link(row, index, str(article.url), article.location, link)
            ):
                continue
            sheet.text(row, index, value, wrap if index in (0, 8) else top)


def write_summary(
    wb: xlsxwriter.Workbook, sheet: Sheet, counts: dict[str, Counter[str]], settings: Settings, export_id: str
) -> None:
    """Progress (reviewed against still to check), then claims by verdict, status and type, each with its numbers.

    The tables are in columns A to C; the charts sit from column E on, beside them, never over text.
    """
    ws, formats = sheet.ws, sheet.formats
    for col, width in enumerate((30, 10, 12, 3)):
        ws.set_column(col, col, width)
    print_setup(ws, "Summary")
    sheet.text(0, 0, "Progress", formats.pair(bold=True, font_size=13))
    note = f"Counts as exported ({export_id}). Import the reviewed sheet and export again to refresh them."
    sheet.fit_row(1, [(note, 52, False)])
    ws.merge_range(1, 0, 1, 2, note, formats(**WRAP_TOP))  # our own text: no formula to guard against
    total = sum(counts["verdict"].values())
    to_check = counts["verdict"].get(NOT_SET, 0)
    verdicts = [(v, counts["verdict"].get(v, 0)) for v in settings.verdicts]
    verdicts += sorted((v, n) for v, n in counts["verdict"].items() if v not in settings.verdicts and v != NOT_SET)
    statuses = [(s, counts["status"].get(s, 0)) for s in settings.statuses]
    statuses += sorted((s, n) for s, n in counts["status"].items() if s not in settings.statuses and s != NOT_SET)
    statuses.append((NOT_SET, counts["status"].get(NOT_SET, 0)))
    types = sorted(counts["type"].items(), key=lambda kv: (-kv[1], kv[0]))
    tables = [
        ("Progress", "Share", [("Reviewed (has a verdict)", total - to_check), ("To check", to_check)], total),
        ("Verdict", "Of reviewed", verdicts, total - to_check),
        ("Status", "Share", statuses, total),
        ("Type", "Share", types, total),
    ]
    spans: dict[str, tuple[int, int]] = {}
    row = 2  # zero-based index of the last row written
    for title, share, items, whole in tables:
        row += 2  # a blank row, then the table's header
        spans[title] = (row + 1, row + len(items))
        _table(sheet, row, (title, "Claims", share), items, whole)
        row += len(items)
    _summary_charts(wb, ws, spans, settings)


def _table(sheet: Sheet, row: int, header: tuple[str, str, str], items: list[tuple[str, int]], whole: int) -> None:
    formats = sheet.formats
    bold = formats.pair(bold=True, bottom=1)
    for col, text in enumerate(header):
        sheet.text(row, col, text, bold)
    percent = formats.pair(num_format="0%")
    wrap = formats.pair(**WRAP_TOP)
    for offset, (name, n) in enumerate(items, start=1):
        sheet.fit_row(row + offset, [(name, 30, False)])
        sheet.text(row + offset, 0, name, wrap)
        sheet.text(row + offset, 1, n)
        sheet.text(row + offset, 2, n / whole if whole else 0, percent)


def _summary_charts(wb: xlsxwriter.Workbook, ws, spans: dict[str, tuple[int, int]], settings: Settings) -> None:
    """A progress bar (reviewed and still to check, as shares of one bar), and the reviewed claims by verdict.

    Bar charts lie on their side: XlsxWriter's x axis is their (horizontal) value axis, the y axis the categories.
    """
    first, _ = spans["Progress"]
    progress = wb.add_chart({"type": "bar", "subtype": "percent_stacked"})
    for offset, colour in ((0, _REVIEWED_FILL), (1, _TO_CHECK_FILL)):
        progress.add_series(
            {
                "name": f"='Summary'!$A${first + offset + 1}",
                "categories": "='Summary'!$A$1",
                "values": f"='Summary'!$B${first + offset + 1}",
                "fill": {"color": colour},
                "gap": 40,
            }
        )
    progress.set_title({"name": "Progress"})
    progress.set_legend({"position": "bottom"})
    progress.set_y_axis({"visible": False})  # its one category, "Progress", is the title already
    progress.set_size({"width": 15 * _CM, "height": 4 * _CM})
    ws.insert_chart(3, 4, progress)
    start, end = spans["Verdict"]
    chart = wb.add_chart({"type": "bar"})
    colours = verdict_colours(settings.verdicts)
    chart.add_series(
        {
            "name": f"='Summary'!$B${start}",  # the "Claims" header above the counts
            "categories": f"='Summary'!$A${start + 1}:$A${end + 1}",
            "values": f"='Summary'!$B${start + 1}:$B${end + 1}",
            "points": [{"fill": {"color": colours[v]}} for v in settings.verdicts],
        }
    )
    chart.set_title({"name": "Reviewed claims by verdict"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # the verdicts top to bottom, in the table's order
    chart.set_size({"width": 15 * _CM, "height": 7 * _CM})
    ws.insert_chart(3 + int(4 * _CM / _ROW_PX) + 2, 4, chart)


def write_guide(sheet: Sheet, settings: Settings, export_id: str) -> None:
    ws, formats = sheet.ws, sheet.formats
    widths = (26, 100)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1])
    print_setup(ws, "Guide")
    heading = formats.pair(bold=True, font_size=13, valign="top")
    bold, wrap = formats.pair(bold=True, **WRAP_TOP), formats.pair(**WRAP_TOP)
    for row, (key, text) in enumerate(_guide_lines(settings, export_id)):
        big = key in ("How to use this worklist", "Columns")
        sheet.fit_row(row, [(key, widths[0] * (0.8 if big else 1), True), (text, widths[1], False)])
        sheet.text(row, 0, key, heading if big else bold)
        sheet.text(row, 1, text, wrap)


# What each column of the Claims sheet holds, in the sheet's order (the Guide's "Columns" rows).
_COLUMN_GUIDE: tuple[tuple[str, str], ...] = (
    ("ID", "Short claim id (the full id is in the hidden claim_id column)."),
    ("Priority", "Check-worthiness score from named signals; see Why."),
    ("Claim", "The claim as it is checked: a statement that stands on its own, else the words of the article."),
    (
        "Status … Checked on",
        "Yours to fill. Checked on is a date: type it as your spreadsheet takes dates, or YYYY-MM-DD.",
    ),
    (
        "Context",
        "The claim's sentence, with the sentences around it in the paragraph when there are any; the claim's own "
        "words in bold red.",
    ),
    ("Value", "The claim reduced to something to look up: '> 500,000,000 USD per year', '2000-07-19 (agreement)'."),
    (
        "Said by",
        "Who makes the claim, resolved ('he' → the person's name) with the kind of source; 'the article itself' "
        "when the outlet states it in its own voice.",
    ),
    ("Via", "Who relayed it (a report, a newspaper)."),
    (
        "Flags",
        "Consistency checks inside the article; 'previously checked' (blue) when the ledger holds a verdict for a "
        "claim stating the same thing, with its date and link; 'same claim as' another row; 'conflicting figure' "
        "when another article gives a value for the same measure that cannot also be true; 'conflict' when two "
        "reviewers' sheets disagree (change the row and import to settle it); 'held' when a review was for an "
        "earlier version of the claim.",
    ),
    (
        "Why",
        "The three strongest signals behind the priority, and how many others there are "
        "('claims explain' lists them all).",
    ),
    (
        "Type",
        "What kind of claim: quantity (a value, change, comparison or ranking), event (something that happened, "
        "on record), causal (a cause or effect), rule (a law or procedure and its changes), prediction (about the "
        "future) or other.",
    ),
    (
        "Article / Para",
        "The article (click to go to its row in Articles; Excel allows links on the first "
        f"{HYPERLINK_LIMIT:,} rows only) and the paragraph number (0 = headline).",
    ),
    ("Rule", "The id of the rule that found the claim (see claims/rules/ in the package)."),
    (
        "Group",
        "Claims that state the same thing share a group (the short id of the checked or first one) and sit "
        "together. The same words in several articles are one row listing every source and article.",
    ),
)


def _guide_lines(settings: Settings, export_id: str) -> list[tuple[str, str]]:
    """The Guide's rows: how to work the sheet, what each column and each verdict means."""
    return [
        ("How to use this worklist", ""),
        (
            "1. Work down the list",
            "Claims are sorted by priority (check-worthiness, 0–1). Rows marked '(low priority)' in Why scored below "
            f"{settings.low_priority_below:g}. Nothing is hidden.",
        ),
        (
            "2. Mark up",
            "Fill the yellow columns, next to the claim: Status and Verdict from their dropdowns, Notes, Evidence "
            "(links), Assigned to, Checked on (a date). The other columns are locked so they cannot be changed by "
            "accident. Rows show up to six lines; the cell holds the whole text (widen or select it to read on).",
        ),
        (
            "3. Sort and filter freely",
            "Use the filter buttons. To sort, unprotect the sheet (Review → Unprotect Sheet; there is no "
            "password). Rows are matched back by the hidden claim_id column, never by position.",
        ),
        (
            "4. Save and re-import",
            "Save as .xlsx (Excel or LibreOffice) and run: claims import THIS_FILE.xlsx — then make claims "
            "again. Verdicts are kept in the ledger and carried into the next worklist.",
        ),
        ("", ""),
        ("Columns", ""),
        *_COLUMN_GUIDE,
        ("", ""),
        ("Status values", ", ".join(settings.statuses)),
        ("Verdicts", ""),
        *((name, settings.verdict_meanings.get(name, "")) for name in settings.verdicts),
        ("Export id", export_id),
    ]
