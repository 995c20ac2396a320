"""Print the first rows of a worklist's Claims sheet as a Markdown table, as a fact-checker sees them.

Usage: python scripts/worklist_rows.py WORKBOOK.xlsx [ROWS]    (default 10 rows)

The README's table of the seed article's first ten rows is made with it:

    claims extract articles/upi-north-korea-russia-anniversary.txt -o /tmp/seed/worklist.xlsx --quiet
    python scripts/worklist_rows.py /tmp/seed/worklist.xlsx
"""

from __future__ import annotations

import sys

from openpyxl import load_workbook


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    count = int(argv[1]) if len(argv) > 1 else 10
    sheet = load_workbook(argv[0], read_only=True)["Claims"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    print("| # | Priority | Claim (as checked) | Value | Said by |")
    print("|---|---|---|---|---|")
    for number, values in enumerate(rows, start=1):
        if number > count:
            break
        row = dict(zip(header, values))
        said = row.get("Said by") or ""
        if row.get("Via"):
            said += f", via {row['Via']}"
        cells = [str(number), f"{row['Priority']:.2f}", row.get("Claim") or "", row.get("Value") or "", said]
        print("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
