"""The JSON Lines contract of ../shared/eval/CONTRACT.md: input, output fields and offsets."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claims.cli import app

SOURCE_KINDS = {"person", "organization", "government", "publication", "document", "unnamed", "outlet"}
QUALIFIERS = {"=", ">", ">=", "<", "<=", "~", "up", "down"}

ARTICLES = [
    {
        "id": "wire-1",
        "title": "Exports jump",
        "published": "2021-03-05",
        "text": "Exports jump\n\nExports rose 12% to $4.5 billion in February, the trade ministry said on Tuesday.\n\n"
        "\u201cThis is the best month since 2010,\u201d minister Ana Lopez told reporters. She said imports fell by 3 percentage points.",
    },
    {
        "id": "wire-2",
        "text": "According to the report, about 300 people attended the April 2019 summit in Vladivostok.",
    },
]


def _run(tmp_path, *extra: str):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(source), "--format", "jsonl", "--output", str(out), "--quiet", *extra]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_offset_round_trips(tmp_path):
    records = _run(tmp_path, "--min-score", "0")
    texts = {a["id"]: a["text"] for a in ARTICLES}
    assert {r["article_id"] for r in records} == {"wire-1", "wire-2"}
    for r in records:
        text = texts[r["article_id"]]
        assert text[r["start"] : r["end"]] == r["text"]
        assert 0 <= r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"] <= len(text)
        assert 0.0 <= r["score"] <= 1.0 and isinstance(r["rule_id"], str) and r["rule_id"]
        for q in r["quantities"]:
            assert text[q["start"] : q["end"]] == q["text"] and q["qualifier"] in QUALIFIERS
        for d in r["dates"]:
            assert text[d["start"] : d["end"]] == d["text"]
        source = r["source"]
        if source is not None:
            assert source["kind"] in SOURCE_KINDS
            if source["start"] is not None:
                assert text[source["start"] : source["end"]] == source["text"]
            if source["cue_start"] is not None:
                assert text[source["cue_start"] : source["cue_end"]] == source["cue"]
            if r["content_start"] is not None:
                assert r["content_start"] < r["content_end"] <= len(text)


def test_claim_ids_are_stable_and_unique(tmp_path):
    first = _run(tmp_path)
    second = _run(tmp_path)
    assert [r["claim_id"] for r in first] == [r["claim_id"] for r in second]
    assert len({(r["article_id"], r["claim_id"]) for r in first}) == len(first)


def test_values_and_sources(tmp_path):
    records = _run(tmp_path)
    exports = next(r for r in records if any(q["unit"] == "USD" for q in r["quantities"]))
    (money,) = [q for q in exports["quantities"] if q["unit"] == "USD"]
    assert money["value"] == 4_500_000_000
    assert exports["source"]["name"] == "trade ministry" and exports["source"]["kind"] == "government"
    percent = next(q for r in records for q in r["quantities"] if q["unit"] == "percent")
    assert (percent["value"], percent["qualifier"]) == (12, "up")
    points = next(q for r in records for q in r["quantities"] if q["unit"] == "percentage_point")
    assert (points["value"], points["qualifier"]) == (3, "down")
    # "She said imports fell ...": she is the minister named in the sentence before
    said = next(
        r
        for r in records
        if "imports fell" in r["text"]
        or (r["content_start"] and "imports" in ARTICLES[0]["text"][r["content_start"] : r["content_end"]])
    )
    assert said["source"]["text"] == "She" and said["source"]["name"] == "Ana Lopez"
    summit = next(d for r in records for d in r["dates"] if d["text"] == "April 2019")
    assert (summit["value"], summit["event"]) == ("2019-04", "summit")


def test_min_score_filters(tmp_path):
    everything = _run(tmp_path, "--min-score", "0")
    scores = sorted(r["score"] for r in everything)
    assert scores[0] < scores[-1]
    cut = round(scores[len(scores) // 2] + 0.0001, 4)
    some = _run(tmp_path, "--min-score", str(cut))
    assert 0 < len(some) < len(everything)
    assert all(r["score"] >= cut for r in some)
    assert {r["claim_id"] for r in some} == {r["claim_id"] for r in everything if r["score"] >= cut}


def test_bad_lines_are_reported_and_the_rest_is_read(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "ok", "text": "Prices rose 5% in 2020."}\nnot json\n{"id": "no-text"}\n', encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "jsonl", "--output", str(out), "--quiet"])
    assert result.exit_code == 3
    assert f"error: {source}:2: not valid JSON (Expecting value at column 1)" in result.output
    assert f"error: {source}:3: record has no 'text' (a non-empty string is required)" in result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["article_id"] for r in records} == {"ok"}


def _extract(tmp_path, text: str) -> list[dict]:
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "one", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "one.out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "--format", "jsonl", "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return [q for line in out.read_text(encoding="utf-8").splitlines() for q in json.loads(line)["quantities"]]


def test_the_period_of_a_rate_is_kept_apart_from_the_unit(tmp_path):
    # CONTRACT.md: "$500 million annually" is unit USD, rate year; "a year earlier" is a time, not a rate
    text = "The state earned more than $500 million annually. Revenue rose to $7.36 billion from $6.78 billion a year earlier."
    figures = {q["text"]: (q["value"], q["unit"], q["rate"]) for q in _extract(tmp_path, text)}
    assert figures["more than $500 million annually"] == (500_000_000, "USD", "year")
    assert figures["$6.78 billion"] == (6_780_000_000, "USD", None)


def test_a_statement_in_a_sentence_that_is_no_claim_stays_an_attribution_record(tmp_path):
    """ "I am delighted," she said: a view, no row of the worklist, but who said what stays machine-readable."""
    text = (
        "Exports rose 12% to $4.5 billion in February, the trade ministry said.\n\n"
        "\u201cI am so delighted,\u201d minister Ana Lopez told reporters."
    )
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "wire-3", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["extract", str(source), "--format", "jsonl", "--output", str(out), "--quiet", "--min-score", "0"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    second = text.index("\u201cI am")
    claims = [r for r in records if r.get("in_claim", "") == ""]
    assert [r["text"] for r in claims if r["type"] != "attribution"] == [text[: text.index("\n")]]
    (view,) = [r for r in records if r["start"] >= second]
    assert "I am so delighted" in view["text"] and view["text"] == text[view["start"] : view["end"]]
    assert (view["type"], view["score"], view["in_claim"]) == ("attribution", 0.0, None)
    assert (view["sentence_start"], view["sentence_end"]) == (second, len(text))
    assert view["source"]["name"] == "Ana Lopez" and view["source"]["kind"] == "person"
