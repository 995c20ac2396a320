"""ClaimReview JSON-LD: every reviewed claim, valid against the schema in tests/data, with the configured organisation and scale."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app

SEED = Path(__file__).resolve().parents[1] / "articles" / "upi-north-korea-russia-anniversary.txt"
SCHEMA = json.loads((Path(__file__).resolve().parent / "data" / "claimreview.schema.json").read_text(encoding="utf-8"))
MONEY_SENTENCE = (
    "The United States has said that the North Korean government earned more than $500 million annually from its "
    "overseas labor force before sanctions, according to the report."
)
CONFIG = """
[worklist]
verdicts = ["True", "Half true", "False"]

[claimreview]
organization = "Example Fact Check"
url = "https://factcheck.example.org"
rating_scale = { True = 3, "Half true" = 2, False = 1 }
"""


def _reviewed_ledger(folder: Path, config: Path | None, marks: dict[str, dict[str, object]]) -> Path:
    wire = folder / "wire.jsonl"
    wire.write_text(
        json.dumps(
            {
                "id": "wire",
                "title": "Wire copy",
                "url": "https://wire.example/story",
                "outlet": "Wire",
                "published": "2021-07-21",
                "text": "Wire copy\n\n" + MONEY_SENTENCE,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = folder / "worklist.xlsx"
    extra = ["--config", str(config)] if config else []
    assert CliRunner().invoke(app, ["extract", str(SEED), str(wire), "-o", str(out), "--quiet", *extra]).exit_code == 0
    wb = load_workbook(out, rich_text=True)
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        text = row[header.index("Claim")].value or ""
        for name, value in next((m for key, m in marks.items() if key in text), {}).items():
            row[header.index(name)].value = value
    wb.save(out)
    result = CliRunner().invoke(app, ["import", str(out), "--ledger", str(folder / "ledger.sqlite"), *extra])
    assert result.exit_code == 0, result.output
    return folder / "ledger.sqlite"


def _export(folder: Path, ledger: Path, config: Path | None) -> list[dict]:
    out = folder / "claimreview.json"
    extra = ["--config", str(config)] if config else []
    result = CliRunner().invoke(
        app, ["export", "--format", "claimreview", "--ledger", str(ledger), "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text(encoding="utf-8"))
    assert result.output == f"{len(records)} ClaimReview record(s) → {out}\n"
    return records


def test_claimreview_has_every_field_and_validates(tmp_path):
    config = tmp_path / "claims.toml"
    config.write_text(CONFIG, encoding="utf-8")
    ledger = _reviewed_ledger(
        tmp_path,
        config,
        {
            "more than $500 million annually": {
                "Verdict": "Half true",
                "Checked on": dt.datetime(2024, 3, 1),
                "Evidence": "https://un.example/panel; phone call with the ministry",
            },
            "July 19, 2000, agreement": {"Status": "Done"},  # no verdict: not published
        },
    )
    records = _export(tmp_path, ledger, config)
    jsonschema.validate(records, SCHEMA)
    (record,) = records
    assert record["claimReviewed"] == MONEY_SENTENCE
    assert record["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Half true",
        "ratingValue": 2,
        "bestRating": 3,
        "worstRating": 1,
    }
    assert record["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org",
    }
    assert record["datePublished"] == "2024-03-01"
    assert record["citation"] == ["https://un.example/panel"]
    item = record["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "United States"}
    # the same sentence in both articles is one claim, which appeared in both
    headlines = sorted(a.get("headline") for a in item["appearance"])
    assert headlines == ["North Korea highlights ‘deepening friendship’ with Russia on anniversary", "Wire copy"]
    assert next(a for a in item["appearance"] if a.get("headline") == "Wire copy") == {
        "@type": "CreativeWork",
        "url": "https://wire.example/story",
        "headline": "Wire copy",
        "datePublished": "2021-07-21",
    }


def test_default_scale_and_an_outlet_voice_claim(tmp_path):
    ledger = _reviewed_ledger(tmp_path, None, {"April 2019 summit": {"Verdict": "Accurate"}})
    records = _export(tmp_path, ledger, None)
    jsonschema.validate(records, SCHEMA)
    (record,) = records
    assert record["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Accurate",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 0,
    }
    assert record["author"] == {"@type": "Organization", "name": "Fact-checking desk"}
    assert record["datePublished"] == dt.date.today().isoformat()


def test_custom_verdicts_without_a_scale_give_the_name_only(tmp_path):
    config = tmp_path / "claims.toml"
    config.write_text('[worklist]\nverdicts = ["Yes", "No"]\n', encoding="utf-8")
    ledger = _reviewed_ledger(tmp_path, config, {"April 2019 summit": {"Verdict": "yes"}})
    (record,) = _export(tmp_path, ledger, config)
    jsonschema.validate([record], SCHEMA)
    assert record["reviewRating"] == {"@type": "Rating", "alternateName": "Yes"}


def test_a_scale_missing_a_verdict_is_one_clear_line(tmp_path):
    config = tmp_path / "claims.toml"
    config.write_text(
        '[worklist]\nverdicts = ["Yes", "No"]\n[claimreview]\nrating_scale = { Yes = 1 }\n', encoding="utf-8"
    )
    (tmp_path / "ledger.sqlite").touch()
    result = CliRunner().invoke(app, ["export", "--ledger", str(tmp_path / "ledger.sqlite"), "--config", str(config)])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {config}: claimreview.rating_scale has no rating for 'No'; "
        "give every verdict in worklist.verdicts a number\n"
    )


@pytest.mark.parametrize(
    "path, value",
    [
        (("reviewRating", "alternateName"), None),
        (("itemReviewed", "appearance"), []),
        (("itemReviewed", "appearance", 0, "url"), "javascript:alert(1)"),
        (("author", "@type"), "Person"),
        (("datePublished",), "1 March 2024"),
    ],
)
def test_the_schema_rejects_records_missing_the_promised_fields(path, value):
    record = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "A sentence.",
        "reviewRating": {"@type": "Rating", "alternateName": "Accurate"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A"},
            "appearance": [{"@type": "CreativeWork", "url": "https://a.example"}],
        },
        "author": {"@type": "Organization", "name": "Desk"},
        "datePublished": "2024-03-01",
    }
    jsonschema.validate([record], SCHEMA)
    broken = copy.deepcopy(record)
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([broken], SCHEMA)
