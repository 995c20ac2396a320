"""The ledger keeps every review: migrations, transactions that survive a killed import, concurrent
imports, and claim matching against earlier checks."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app
from claims.config import Settings
from claims.errors import LedgerError
from claims.ledger.db import MIGRATIONS, Ledger
from claims.model import Claim, Quantity, Review
from claims.ruleset import cached_rules
from claims.worklist.matching import Earlier, MatchingWords, entities, match_claims, same_entities

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
WORDS = MatchingWords.of(cached_rules(None).lexicon("claim"))
MONEY = "more than $500 million annually"
AGREEMENT = "July 19, 2000, agreement"
SUMMIT = "April 2019 summit"


def _extract(folder: Path) -> Path:
    out = folder / "worklist.xlsx"
    result = CliRunner().invoke(app, ["extract", str(SEED), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _mark(path: Path, marks: dict[str, dict[str, str]]) -> None:
    wb = load_workbook(path, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        text = row[header.index("Claim")].value or ""
        for name, value in next((m for key, m in marks.items() if key in text), {}).items():
            row[header.index(name)].value = value
    wb.save(path)


def _reviews(ledger: Path) -> dict[str, tuple]:
    """Reviews in the ledger, keyed by MONEY, AGREEMENT or SUMMIT for the claims that hold those words."""
    with sqlite3.connect(ledger) as db:
        return {
            next((m for m in (MONEY, AGREEMENT, SUMMIT) if m in r[0]), r[0]): r[1:]
            for r in db.execute(
                "SELECT c.text, r.status, r.verdict, r.notes, r.version FROM reviews r JOIN claims c USING (claim_id)"
            )
        }


# --- schema ------------------------------------------------------------------------------------


def test_a_first_version_ledger_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version=1")
        db.execute("INSERT INTO exports (export_id, path, created, rows) VALUES ('e1', 'w.xlsx', '2024-01-01', 0)")
    with Ledger(path) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 5
        assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ledger.conflict_mark("e1") == 0 and ledger.exports()[0]["export_id"] == "e1"
        assert ledger.held_reviews() == {}
        assert re.fullmatch(r"[0-9a-f]{32}", ledger.ledger_id)  # an id made on the upgrade, kept from then on
        made = ledger.ledger_id
    with Ledger(path) as again:
        assert again.ledger_id == made


def test_a_ledger_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(LedgerError, match=r"ledger schema 99 is newer than this version of claims understands \(5\)"):
        Ledger(path)


# --- a killed import, and two at once ------------------------------------------------------------


def _import_and_die(sheet: str, ledger: str) -> None:
    """Import, but kill the process (SIGKILL: no cleanup at all) after the second review is written."""
    from claims.ledger import importer

    saved = Ledger.save_review
    calls = []

    def save_then_die(self, *args, **kwargs):
        saved(self, *args, **kwargs)
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    Ledger.save_review = save_then_die  # type: ignore[method-assign]
    with Ledger(ledger) as store:
        importer.import_worklist(Path(sheet), store, Settings())


def test_a_killed_import_leaves_the_ledger_as_it_was(tmp_path):
    sheet = _extract(tmp_path)
    ledger = tmp_path / "ledger.sqlite"
    _mark(sheet, {MONEY: {"Verdict": "Accurate"}, AGREEMENT: {"Verdict": "Misleading"}, SUMMIT: {"Status": "Done"}})
    with sqlite3.connect(ledger) as db:
        before = [
            db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("reviews", "review_history", "imports")
        ]
    assert before == [0, 0, 0]
    child = multiprocessing.get_context("spawn").Process(target=_import_and_die, args=(str(sheet), str(ledger)))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    with sqlite3.connect(ledger) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = [
            db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("reviews", "review_history", "imports")
        ]
    assert after == before
    result = CliRunner().invoke(app, ["import", str(sheet), "--ledger", str(ledger)])
    assert result.output.endswith("3 review(s) changed, 0 unchanged, 0 conflict(s)\n")


def _import_holding_the_lock(sheet: str, ledger: str, writing, waiting, results) -> None:
    """Import, and after the first review is written (inside the write transaction) wait until the other
    process is about to ask for the write lock, then hold on a moment longer before going on."""
    from claims.ledger import importer

    saved = Ledger.save_review

    def hold(self, *args, **kwargs):
        saved(self, *args, **kwargs)
        if not writing.is_set():
            writing.set()
            assert waiting.wait(120), "the other import never asked for the lock"
            time.sleep(0.5)  # it is now blocked on BEGIN IMMEDIATE, or about to be: either way it waits for us

    Ledger.save_review = hold  # type: ignore[method-assign]
    with Ledger(ledger) as store:
        report = importer.import_worklist(Path(sheet), store, Settings())
    results.put((Path(sheet).name, report.changed, report.unchanged, report.conflicts))


def _import_while_locked(sheet: str, ledger: str, writing, waiting, results) -> None:
    """Start importing once the other process holds the write lock; say so just before asking for it."""
    from claims.ledger import importer

    assert writing.wait(120), "the first import never started writing"
    begin = Ledger.transaction

    def announced(self):
        waiting.set()
        return begin(self)

    Ledger.transaction = announced  # type: ignore[method-assign]
    with Ledger(ledger) as store:
        report = importer.import_worklist(Path(sheet), store, Settings())
    results.put((Path(sheet).name, report.changed, report.unchanged, report.conflicts))


def test_two_processes_importing_at_once_both_land(tmp_path):
    """Deterministic: the second import asks for the write lock while the first holds it, so it waits and
    then merges its sheet into what the first wrote. (Earlier this test raced two sleeping imports and
    failed now and then under load.)"""
    first = _extract(tmp_path)
    second = tmp_path / "second.xlsx"
    second.write_bytes(first.read_bytes())
    ledger = tmp_path / "ledger.sqlite"
    _mark(first, {MONEY: {"Verdict": "Accurate"}, AGREEMENT: {"Status": "Done"}})
    _mark(second, {MONEY: {"Verdict": "Accurate"}, SUMMIT: {"Notes": "Kremlin readout"}})
    context = multiprocessing.get_context("spawn")
    writing, waiting, results = context.Event(), context.Event(), context.Queue()
    children = [
        context.Process(target=_import_holding_the_lock, args=(str(first), str(ledger), writing, waiting, results)),
        context.Process(target=_import_while_locked, args=(str(second), str(ledger), writing, waiting, results)),
    ]
    for child in children:
        child.start()
    reports = sorted(results.get(timeout=300) for _ in children)
    for child in children:
        child.join(60)
    assert [c.exitcode for c in children] == [0, 0]
    # the first changes both its rows; the second finds the same verdict already there and adds its note
    assert reports == [("second.xlsx", 1, 1, 0), ("worklist.xlsx", 2, 0, 0)]
    assert _reviews(ledger) == {
        MONEY: (None, "Accurate", None, 1),
        AGREEMENT: ("Done", None, None, 1),
        SUMMIT: (None, None, "Kremlin readout", 1),
    }
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT COUNT(*) FROM imports WHERE applied=1").fetchone()[0] == 2


# --- claim matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, names",
    [
        (
            "The United States has said that the North Korean government earned more than $500 million annually.",
            {"united states", "north korean"},
        ),
        (
            "North Korea's foreign ministry said in a statement published online Tuesday that it agreed.",
            {"north korea", "foreign"} - {"foreign"},
        ),
        ("According to U.S. officials, Pyongyang earned $5 million in July.", {"us", "pyongyang"}),
        ("Prices rose in the Bank of England's survey.", {"prices", "bank of england"}),
    ],
)
def test_entities_are_the_capitalised_names(sentence, names):
    assert entities(sentence, WORDS) == names


@pytest.mark.parametrize(
    "a, b, share",
    [
        ({"united states", "north korean"}, {"pyongyang", "north korean", "united states"}, 2 / 3),
        ({"united states", "north korean"}, {"us", "north korea"}, 1.0),  # initials; demonym
        ({"united states", "north korean"}, {"south korea", "united states"}, 1 / 3),
        (set(), set(), 1.0),
        ({"chicago"}, set(), 0.0),
    ],
)
def test_names_match_by_initials_and_near_spelling(a, b, share):
    assert same_entities(frozenset(a), frozenset(b)) == pytest.approx(share)


def _claim(
    claim_id: str, article: str, sentence: str, text: str, value: float, qualifier: str = ">", unit: str = "USD"
) -> Claim:
    start = sentence.index(text)
    return Claim(
        article_id=article,
        claim_id=claim_id,
        type="money",
        text=text,
        start=start,
        end=start + len(text),
        sentence_start=0,
        sentence_end=len(sentence),
        rule_id="quantity.money.symbol",
        sentence=sentence,
        quantities=[
            Quantity(
                value=value, unit=unit, text=text, start=start, end=start + len(text), qualifier=qualifier, rate="year"
            )
        ],
    )


SEED_SENTENCE = (
    "The United States has said that the North Korean government earned more than $500 million annually from its "
    "overseas labor force before sanctions, according to the report."
)


@pytest.mark.parametrize(
    "sentence, text, value, unit, matched",
    [
        (
            "Pyongyang earned more than $500 million a year from North Korean laborers working overseas, according to the United States.",
            "more than $500 million a year",
            5e8,
            "USD",
            True,
        ),
        (
            "North Korea made over half a billion dollars a year from workers it sent abroad before sanctions, U.S. officials have said.",
            "over half a billion dollars a year",
            5e8,
            "dollar",
            False,
        ),  # every other word changed: synonyms are not known
        (
            "North Korea spent more than $500 million annually on its missile program, the United States said.",
            "more than $500 million annually",
            5e8,
            "USD",
            False,
        ),  # same figure and names, another claim
        (
            "The city of Chicago spent more than $500 million annually on road repairs, according to the report.",
            "more than $500 million annually",
            5e8,
            "USD",
            False,
        ),  # same figure, another subject
        (
            "South Korea said its exports to the United States earned more than $500 million annually before the tariffs, according to the report.",
            "more than $500 million annually",
            5e8,
            "USD",
            False,
        ),
        (
            "Pyongyang earned more than $600 million a year from North Korean laborers working overseas, according to the United States.",
            "more than $600 million a year",
            6e8,
            "USD",
            False,
        ),  # another figure
    ],
)
def test_previously_checked_needs_the_same_values_names_and_similar_words(sentence, text, value, unit, matched):
    checked = _claim("cseed0000000001", "seed", SEED_SENTENCE, MONEY, 5e8)
    new = _claim("cnew00000000001", "new", sentence, text, value, unit=unit)
    review = Review(
        checked.claim_id, verdict="Mostly accurate", evidence="see https://un.example/report", checked_on="2024-03-01"
    )
    found = match_claims(
        [new],
        {"new": "New"},
        {},
        [Earlier(checked, review, "Seed story", "https://upi.example/seed", "2024-03-02T10:00:00+00:00")],
        WORDS,
    )
    if matched:
        assert [str(f) for f in found.flags[new.claim_id]] == [
            "previously checked: Mostly accurate on 2024-03-01 (claim cseed0000 in 'Seed story') "
            "https://un.example/report"
        ]
        assert found.groups == {new.claim_id: "cseed0000", checked.claim_id: "cseed0000"}
    else:
        assert new.claim_id not in found.flags and found.groups == {}
