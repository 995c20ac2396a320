"""Reviews follow their claim when an article is read again (claims.ledger.carry).

A ledger written by an earlier version of `claims` holds span-level rows (a figure, a date) and
their reviews; reading the article again makes sentence-level claims, and every review must land
on the claim row that contains its span, with its history, and two different verdicts that meet on
one claim must both stay visible.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claims.cli import app
from claims.ledger.db import Ledger
from claims.model import Article, Claim, Quantity, Review, make_claim_id
from claims.worklist.rows import checksum

TEXT = (
    "Airline warns on cash\n\n"
    "The airline said it must cut wage costs by $500m by the end of February. "
    "Its debts of about 14bn euros fell 9% in 2004.\n\n"
    "The chief executive resigned on Monday."
)
SENTENCE_1 = "The airline said it must cut wage costs by $500m by the end of February."
SENTENCE_2 = "Its debts of about 14bn euros fell 9% in 2004."


def _span_claim(text: str, kind: str) -> Claim:
    """A row as the span-level version of `claims` stored it: the figure or date alone."""
    start = TEXT.index(text)
    sentence = SENTENCE_1 if start < TEXT.index(SENTENCE_2) else SENTENCE_2
    return Claim(
        article_id="a1",
        claim_id=make_claim_id("a1", start, start + len(text), text),
        type=kind,
        text=text,
        start=start,
        end=start + len(text),
        sentence_start=TEXT.index(sentence),
        sentence_end=TEXT.index(sentence) + len(sentence),
        rule_id="quantity.money.symbol",
        quantities=[Quantity(value=1.0, unit="USD", text=text, start=start, end=start + len(text))],
        sentence=sentence,
    )


def _old_ledger(path: Path) -> dict[str, Claim]:
    old = {
        "$500m": _span_claim("$500m", "money"),
        "14bn euros": _span_claim("14bn euros", "money"),
        "9%": _span_claim("9%", "percent"),
        "Monday": _span_claim("Monday", "date"),
    }
    article = Article(id="a1", text=TEXT, title="Airline warns on cash")
    with Ledger(path) as ledger:
        ledger.store(article, list(old.values()), "span-level", {c.claim_id: checksum(c) for c in old.values()})
        with ledger.transaction():
            ledger.save_review(Review(old["$500m"].claim_id, verdict="Accurate", notes="SEC filing"), None, "old.xlsx")
            ledger.save_review(
                Review(old["$500m"].claim_id, verdict="Mostly accurate", notes="SEC filing p. 4"), None, "old.xlsx"
            )
            ledger.save_review(Review(old["14bn euros"].claim_id, verdict="Accurate"), None, "old.xlsx")
            ledger.save_review(Review(old["9%"].claim_id, verdict="Inaccurate", notes="it fell 7%"), None, "old.xlsx")
            ledger.save_review(Review(old["Monday"].claim_id, status="Done"), None, "old.xlsx")
    return old


def test_span_level_reviews_move_to_the_claim_rows_that_contain_them(tmp_path):
    ledger_path = tmp_path / "ledger.sqlite"
    old = _old_ledger(ledger_path)
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a1", "title": "Airline warns on cash", "text": TEXT}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(source), "-o", str(tmp_path / "w.xlsx"), "--ledger", str(ledger_path), "--quiet"]
    )
    assert result.exit_code == 0, result.output

    with Ledger(ledger_path) as ledger:
        claims = {c.text: c for c in ledger.claims_for_articles(["a1"])}
        assert set(claims) == {SENTENCE_1, SENTENCE_2, "The chief executive resigned on Monday."}  # no span rows left
        reviews = ledger.reviews()
        first, second, third = (
            claims[t].claim_id for t in (SENTENCE_1, SENTENCE_2, "The chief executive resigned on Monday.")
        )
        # every old review is on the claim row that contains its span
        assert reviews[first].values() == Review(first, verdict="Mostly accurate", notes="SEC filing p. 4").values()
        assert reviews[third].status == "Done"
        # two old rows in one sentence with different verdicts: the first one's review, the other one a conflict
        assert (reviews[second].verdict, reviews[second].notes) == ("Accurate", None)
        assert [str(f) for f in ledger.open_conflicts()[second]] == [
            "conflict: verdict is 'Accurate' here but 'Inaccurate' in another reviewer's sheet; set the value you mean and import this sheet",
            "conflict: notes is '' here but 'it fell 7%' in another reviewer's sheet; set the value you mean and import this sheet",
        ]
        # the history came along, with a line saying where from
        history = ledger.history(first)
        assert [json.loads(h["values_json"])["verdict"] for h in history] == [
            "Accurate",
            "Mostly accurate",
            "Mostly accurate",
        ]
        assert (
            history[-1]["source_file"]
            == f"moved from claim {old['$500m'].claim_id} when the article was read again (its words are part of this claim)"
        )
        # nothing was dropped: the old rows keep theirs too
        assert reviews[old["9%"].claim_id].verdict == "Inaccurate"
        assert ledger.successor(old["9%"].claim_id) == (second, True)


def test_a_review_of_a_sentence_that_was_edited_is_held_on_its_new_version(tmp_path):
    ledger_path = tmp_path / "ledger.sqlite"
    source = tmp_path / "a.jsonl"

    def write(text: str) -> None:
        source.write_text(
            json.dumps({"id": "a1", "title": "Airline warns on cash", "text": text}) + "\n", encoding="utf-8"
        )
        args = ["extract", str(source), "-o", str(tmp_path / "w.xlsx"), "--ledger", str(ledger_path), "--quiet"]
        assert CliRunner().invoke(app, args).exit_code == 0

    write(TEXT)
    with Ledger(ledger_path) as ledger:
        (debts,) = [c for c in ledger.claims_for_articles(["a1"]) if c.text == SENTENCE_2]
        with ledger.transaction():
            ledger.save_review(Review(debts.claim_id, verdict="Accurate"), None, "w.xlsx")
    write(TEXT.replace("fell 9% in 2004", "fell 12% in 2004"))
    with Ledger(ledger_path) as ledger:
        (edited,) = [c for c in ledger.claims_for_articles(["a1"]) if "12%" in c.text]
        assert ledger.reviews().get(edited.claim_id) is None  # not applied to words nobody checked
        assert [str(f) for f in ledger.held_reviews()[edited.claim_id]] == [
            "held: a review (verdict 'Accurate') from ledger was for an earlier version of this claim (the article "
            f"changed since this review: the claim read “{SENTENCE_2}”); check it again and mark this row"
        ]
        assert ledger.reviews()[debts.claim_id].verdict == "Accurate"  # kept where it was made


def _claim_at(text: str, start: int) -> Claim:
    return Claim(
        "a1",
        make_claim_id("a1", start, start + len(text), text),
        "quantity",
        text,
        start,
        start + len(text),
        start,
        start + len(text),
        "claim.sentence",
    )


def test_a_successor_is_looked_for_near_the_old_claims_place_only():
    """Reading a long article again compares each old claim with the new ones around its place, not all."""
    from claims.ledger.carry import WINDOW, find_successor

    old = _claim_at("$500m", 100_000)
    near = _claim_at("The airline must cut $500m by March.", 99_990)
    far = _claim_at("Another sentence with $500m in it.", 100_000 + 3 * WINDOW)
    ordered = sorted([far, near], key=lambda c: c.start)
    found = find_successor(old, ordered)
    assert found is not None and (found.claim_id, found.moved) == (near.claim_id, True)
    assert find_successor(old, [far]) is None  # the same words far away are another claim
