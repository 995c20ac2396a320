"""Claims in the other formats: the JSON Lines contract (``../shared/eval/CONTRACT.md``) and CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from claims.model import Claim, Quantity, Source
from claims.worklist.rows import COLUMNS, WorklistRow


def contract_record(claim: Claim) -> dict[str, Any]:
    """One claim as a line of the JSON Lines contract (required fields first, extras after)."""
    record: dict[str, Any] = {
        "article_id": claim.article_id,
        "claim_id": claim.claim_id,
        "type": claim.type,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "sentence_start": claim.sentence_start,
        "sentence_end": claim.sentence_end,
        "score": claim.score,
        "rule_id": claim.rule_id,
        "source": _source(claim.source) if claim.source else None,
        "content_start": claim.content_start,
        "content_end": claim.content_end,
        "quantities": [_quantity(q) for q in claim.quantities if not q.vague and q.value is not None],
        "dates": [
            {"value": d.value, "text": d.text, "start": d.start, "end": d.end, "event": d.event}
            | ({"until": d.until} if d.until else {})
            for d in claim.dates
            if d.value
        ],
        "vague": [{"text": q.text, "start": q.start, "end": q.end, "of": q.of} for q in claim.quantities if q.vague],
        "comparisons": claim.comparisons,
        "checked": claim.checked,
        "paragraph": claim.paragraph,
        "flags": [str(f) for f in claim.flags],
        "reasons": [{"signal": name, "weight": weight} for name, weight in claim.reasons],
        "voice": "source" if claim.source else "outlet",
    }
    return record


_CHANGE_FIELDS = (
    ("change", "change"),
    ("from_value", "from"),
    ("to_value", "to"),
    ("by", "by"),
    ("by_unit", "by_unit"),
)


def _quantity(q: Quantity) -> dict[str, Any]:
    """A figure as the contract gives it: the unit stays the unit ("USD") and the period of a rate goes in
    ``rate`` ("year"); a change, the levels it went from and to, and its size are extra fields when known."""
    record: dict[str, Any] = {
        "value": q.value,
        "unit": q.unit,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "qualifier": q.qualifier,
        "rate": q.rate,
    }
    for name, key in _CHANGE_FIELDS:
        value = getattr(q, name)
        if value is not None:
            record[key] = value
    if q.ratio is not None:
        record["odds" if q.unit == "odds" else "ratio"] = list(q.ratio)
    return record


def _source(source: Source) -> dict[str, Any]:
    data = {k: getattr(source, k) for k in ("text", "start", "end", "name", "kind", "cue", "cue_start", "cue_end")}
    data["via"] = [
        {k: getattr(v, k) for k in ("text", "start", "end", "name", "kind", "cue", "cue_start", "cue_end")}
        for v in source.via
    ]
    return data


def report_records(claim: Claim) -> list[dict[str, Any]]:
    """The statements reported inside a claim by others than its speaker, one contract record each.

    They are not claims of the worklist (the sentence is one, with its own speaker), so they score 0
    and sit below every claim; ``in_claim`` names the claim they were said in, or is null for a
    statement in a sentence that is no claim (a view, a headline), kept with the claim before it.
    They make every attribution the extractors found machine-readable, "who said what" in each sentence.
    """
    out = []
    for number, report in enumerate(claim.reports, start=1):
        if report.sentence is not None:  # a statement of a sentence that is no claim: its own words
            (sentence_start, sentence_end), words = report.sentence, report.text or ""
        else:
            sentence_start = min(claim.sentence_start, report.content_start)
            sentence_end = max(claim.sentence_end, report.content_end)
            offset = claim.sentence_start
            words = claim.sentence[report.content_start - offset : report.content_end - offset]
        out.append(
            {
                "article_id": claim.article_id,
                "claim_id": f"{claim.claim_id}-r{number}",
                "type": "attribution",
                "text": words,
                "start": report.content_start,
                "end": report.content_end,
                "sentence_start": sentence_start,
                "sentence_end": sentence_end,
                "score": 0.0,
                "rule_id": report.rule_id,
                "source": _source(report.source),
                "content_start": report.content_start,
                "content_end": report.content_end,
                "quantities": [],
                "dates": [],
                "in_claim": claim.claim_id if report.sentence is None else None,
                "voice": "source",
            }
        )
    return out


def write_jsonl(handle: IO[str], claims: Iterable[Claim], reports: bool = True) -> int:
    """Claims as contract records; with ``reports``, each followed by the statements reported inside it."""
    count = 0
    for claim in claims:
        handle.write(json.dumps(contract_record(claim), ensure_ascii=False, allow_nan=False) + "\n")
        count += 1
        for record in report_records(claim) if reports else []:
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
    return count


def write_csv(handle: IO[str], rows: Iterable[WorklistRow]) -> int:
    """The worklist's columns as CSV; text that a spreadsheet would run as a formula is prefixed with '."""
    writer = csv.writer(handle)
    writer.writerow([c.header for c in COLUMNS])
    count = 0
    for row in rows:
        values = row.values
        writer.writerow([_csv_safe(values[c.key]) for c in COLUMNS])
        count += 1
    return count


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")):
        return "'" + value
    return "" if value is None else value
