"""Open a worklist in a real LibreOffice Calc (headless): report what it shows, or render its first rows.

Runs under Debian's ``/usr/bin/python3``, whose ``uno`` module (package ``python3-uno``) drives
LibreOffice; the project's virtualenv cannot import it. Usage::

    /usr/bin/python3 scripts/libreoffice.py inspect WORKBOOK.xlsx [--rows 40]
    /usr/bin/python3 scripts/libreoffice.py render WORKBOOK.xlsx OUT.pdf [--rows 12] [--columns 10]

``inspect`` prints JSON: for the Claims sheet, the column headers in order and, for each of the
first N data rows, its height as the file sets it and LibreOffice's optimal height for its text
(both in 1/100 mm); for every sheet, the page set-up (landscape, pages wide and tall to fit, the
rows repeated on each page, the footer). ``render`` prints the Claims sheet's header and first
rows, in the first columns, to a PDF as LibreOffice lays them out (``scripts/render_worklist.sh``
turns it into the README's picture).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # Debian's python3-uno; it sets up the com.sun.star imports below
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


class Office:
    """A private headless LibreOffice (its own profile, its own pipe) for one script run."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="claims-lo-"))
        self.pipe = f"claims{uuid.uuid4().hex[:12]}"
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is None:
            raise SystemExit("LibreOffice (soffice) is not installed")
        self.process = subprocess.Popen(
            [
                office,
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                f"-env:UserInstallation={self.profile.as_uri()}",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.desktop = self._connect()

    def _connect(self, timeout: float = 90.0):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            except NoConnectException:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit("LibreOffice did not start") from None
                time.sleep(0.5)

    def open(self, path: Path):
        return self.desktop.loadComponentFromURL(path.resolve().as_uri(), "_blank", 0, (_property("Hidden", True),))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the bridge goes away as LibreOffice quits
            self.desktop.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def page_setup(doc, sheet) -> dict[str, object]:
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    titles = sheet.getTitleRows() if sheet.getPrintTitleRows() else None
    return {
        "landscape": bool(style.IsLandscape),
        "pages_wide": int(style.ScaleToPagesX),
        "pages_tall": int(style.ScaleToPagesY),
        "title_rows": [titles.StartRow, titles.EndRow] if titles is not None else None,
        "footer": bool(style.FooterIsOn),
        "footer_text": _footer_text(style) if style.FooterIsOn else "",
    }


def _footer_text(style) -> str:
    content = style.RightPageFooterContent
    return " | ".join(part.getString() for part in (content.LeftText, content.CenterText, content.RightText))


def claims_rows(sheet, count: int) -> list[dict[str, int]]:
    if sheet.isProtected():
        sheet.unprotect("")  # a protected sheet keeps its row heights
    rows = sheet.getRows()
    measured = []
    for index in range(1, count + 1):
        row = rows.getByIndex(index)
        given = int(row.Height)
        row.OptimalHeight = True
        measured.append({"row": index + 1, "height": given, "optimal": int(row.Height)})
    return measured


def headers(sheet) -> list[str]:
    out = []
    for col in range(60):
        text = sheet.getCellByPosition(col, 0).getString()
        if not text:
            break
        out.append(text)
    return out


def inspect(office: Office, workbook: Path, rows: int) -> dict[str, object]:
    doc = office.open(workbook)
    try:
        sheets = doc.getSheets()
        report: dict[str, dict] = {"sheets": {}, "claims": {}}
        for name in sheets.getElementNames():
            report["sheets"][name] = page_setup(doc, sheets.getByName(name))
        claims = sheets.getByName("Claims")
        used = claims.createCursor()
        used.gotoEndOfUsedArea(False)
        last_row = used.getRangeAddress().EndRow
        report["claims"] = {"headers": headers(claims), "rows": claims_rows(claims, min(rows, last_row))}
        return report
    finally:
        doc.close(True)


def render(office: Office, workbook: Path, pdf: Path, rows: int, columns: int) -> None:
    """The Claims sheet's first rows and columns, printed to a PDF (the document itself is not changed)."""
    from com.sun.star.table import CellRangeAddress

    doc = office.open(workbook)
    try:
        sheets = doc.getSheets()
        for name in sheets.getElementNames():
            if name != "Claims":
                sheets.removeByName(name)
        claims = sheets.getByName("Claims")
        area = CellRangeAddress()
        area.Sheet, area.StartColumn, area.StartRow, area.EndColumn, area.EndRow = 0, 0, 0, columns - 1, rows
        claims.setPrintAreas((area,))
        _page_fits(doc, claims, claims.getCellRangeByPosition(0, 0, columns - 1, rows).Size)
        doc.storeToURL(pdf.resolve().as_uri(), (_property("FilterName", "calc_pdf_Export"),))
    finally:
        doc.close(True)


def _page_fits(doc, sheet, size, margin: int = 400) -> None:
    """A page exactly the size of the printed range (plus a margin), at 100 %, with no header or footer."""
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    style.ScaleToPagesX, style.ScaleToPagesY, style.PageScale = 0, 0, 100
    style.HeaderIsOn = style.FooterIsOn = False
    style.LeftMargin = style.RightMargin = style.TopMargin = style.BottomMargin = margin
    style.IsLandscape = False
    style.Width, style.Height = size.Width + 2 * margin + 100, size.Height + 2 * margin + 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("inspect", help="report the Claims rows' heights and every sheet's page set-up")
    one.add_argument("workbook", type=Path)
    one.add_argument("--rows", type=int, default=40)
    two = commands.add_parser("render", help="print the Claims sheet's first rows to a PDF")
    two.add_argument("workbook", type=Path)
    two.add_argument("pdf", type=Path)
    two.add_argument("--rows", type=int, default=12)
    two.add_argument("--columns", type=int, default=10)
    args = parser.parse_args()
    office = Office()
    try:
        if args.command == "inspect":
            json.dump(inspect(office, args.workbook, args.rows), sys.stdout, indent=1)
            sys.stdout.write("\n")
        else:
            render(office, args.workbook, args.pdf, args.rows, args.columns)
    finally:
        office.close()


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    main()
