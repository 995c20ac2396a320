"""Rule files: the shipped rules validate and their examples hold; broken files fail precisely, all at once."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.errors import RuleProblems
from claims.nlp.check import check_examples
from claims.resolve import resolve_rules
from claims.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "claims" / "rules"
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"

GOOD_RULE = """family: quantities
rules:
  - id: quantity.test
    type: quantity
    pattern:
      - {LIKE_NUM: true}
    examples:
      match: ["They fired 36 shells."]
      no_match: ["They fired shells."]
"""


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "broken.yml").write_text(text, encoding="utf-8")
    return folder


def _copy(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the shipped rules with text replaced in some files (each replacement must apply)."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    for name, replacements in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        for old, new in replacements:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return folder


def test_shipped_rules_validate_and_every_example_holds_through_the_extractor(nlp):
    ruleset = resolve_rules(RULES)
    count, failures = check_examples(nlp, ruleset)
    assert count >= 2 * len(ruleset.rules) - 5
    assert [str(f) for f in failures] == []
    stated = [e for r in ruleset.rules for e in r.examples_match if e.expect]
    assert len(stated) >= len({r.family for r in ruleset.rules})  # every family states what its examples give


# How many examples state each kind of record: the sentence → values tables that were Python tables
# under tests/extract/ (quantities 128 and changes 28 sentences, dates 31, comparisons 15, attribution
# 29, speakers 18 and claims as checked 3). An example lost from a rule file shows here.
TABLES = {"figures": 156, "dates": 31, "comparisons": 15, "statements": 29, "speaker": 18, "checked": 3}


def test_the_hand_worked_tables_are_rule_examples():
    ruleset = load_rules(RULES)
    examples = [e for r in ruleset.rules for e in (*r.examples_match, *r.examples_no_match) if e.expect]
    counts = {key: sum(key in e.expect for e in examples) for key in TABLES}
    assert all(counts[key] >= least for key, least in TABLES.items()), counts


def test_every_rule_has_an_id_description_and_examples():
    for rule in load_rules(RULES).rules:
        assert rule.description, rule.id
        assert rule.examples_match and rule.examples_no_match, rule.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_RULE.replace("    type: quantity\n", "    type: quantity\n    REL: x\n"),
            "rules/broken.yml:5: unknown key 'REL' in rule; allowed: attr, description, examples, id, label, matcher, pattern, type",
        ),
        (
            GOOD_RULE.replace("family: quantities\n", "family: quantities\nrulez: []\n"),
            "rules/broken.yml:2: unknown key 'rulez' in rule file; allowed: description, family, lexicon, rules, version",
        ),
        (
            GOOD_RULE + GOOD_RULE.split("rules:\n")[1],
            "rules/broken.yml:10: duplicate rule id 'quantity.test' (first defined at rules/broken.yml:3)",
        ),
        (
            GOOD_RULE.replace("    type: quantity\n", "    matcher: regex\n"),
            "rules/broken.yml:4: rule 'quantity.test': unknown matcher 'regex'; allowed: dependency, phrase, token",
        ),
        (
            GOOD_RULE.replace("    pattern:\n", "    pattern_:\n"),
            "rules/broken.yml:3: rule 'quantity.test': missing 'pattern'\n"
            "rules/broken.yml:5: unknown key 'pattern_' in rule; allowed: attr, description, examples, id, label, matcher, pattern, type",
        ),
        (
            GOOD_RULE.replace("{LIKE_NUM: true}", '{TEXT: {REGEX: "^(\\\\d+"}}'),
            "rules/broken.yml:5: rule 'quantity.test': bad regular expression '^(\\\\d+': "
            "missing ), unterminated subpattern at position 1",
        ),
        (
            GOOD_RULE.replace(
                '      match: ["They fired 36 shells."]\n',
                '      match: [{text: "They fired 36 shells.", expect: {valu: "36"}}]\n',
            ),
            "rules/broken.yml:8: unknown key 'valu' in expect of rule 'quantity.test'; allowed: checked, claim, claims, "
            "comparisons, dates, figures, speaker, statements, type, value",
        ),
        (
            GOOD_RULE.replace(
                '      match: ["They fired 36 shells."]\n',
                "      match:\n        - text: They fired 36 shells.\n          published: 2021-07-20\n"
                "          expect:\n            figures:\n              - {value: 36, unit: shell}\n"
                "              - {valeu: 36, unt: shell}\n            claims: many\n",
            ),
            "rules/broken.yml:14: unknown key 'unt' in figure of rule 'quantity.test'; allowed: by, by_unit, change, "
            "from, of, qualifier, rate, ratio, to, unit, value\n"
            "rules/broken.yml:14: unknown key 'valeu' in figure of rule 'quantity.test'; allowed: by, by_unit, change, "
            "from, of, qualifier, rate, ratio, to, unit, value\n"
            "rules/broken.yml:15: rule 'quantity.test': 'claims' is the number of claims the text gives",
        ),
        (
            GOOD_RULE.replace(
                '      no_match: ["They fired shells."]\n',
                '      no_match: [{text: "They fired shells.", expect: {figures: [{value: "a few"}]}}]\n',
            ),
            "rules/broken.yml:9: rule 'quantity.test': a figure's value is a number, a fraction such as \"2/3\", "
            "or [low, high]; got 'a few'",
        ),
        (
            "family: quantities\nrules:\n  - id: x\n    pattern: [{LIKE_NUM: true}\n",
            "rules/broken.yml:5: not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
    ],
    ids=[
        "unknown-key",
        "unknown-file-key",
        "duplicate-id",
        "unknown-matcher",
        "misspelt-pattern",
        "bad-regex",
        "misspelt-expect",
        "misspelt-figure",
        "bad-figure-value",
        "bad-yaml",
    ],
)
def test_broken_rule_files_fail_with_file_line_and_what_is_allowed(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, text)
    with pytest.raises(RuleProblems) as caught:
        load_rules(folder)
    assert str(caught.value) == message


def test_an_invalid_spacy_pattern_is_reported_when_the_rules_load(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, GOOD_RULE.replace("{LIKE_NUM: true}", "{LIKE_NUMBER: true}"))
    with pytest.raises(RuleProblems) as caught:
        load_rules(folder)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.rule_id) == ("rules/broken.yml", 5, "quantity.test")
    assert problem.message.startswith("rule 'quantity.test': invalid token pattern:")
    assert "LIKE_NUMBER" in problem.message


# A folder with one problem of each kind, in every kind of rule file, and a misspelt claims.toml key.
BROKEN_EVERYWHERE = {
    "comparison.yml": [("    label: RANKING\n", "    label: RANKNG\n")],
    "attribution.yml": [("        RIGHT_ID: source\n", "        RIGHT_ID: speaker\n")],
    "quantities.yml": [("  vague: [", "  vauge: [")],
    "scoring.yml": [("feature: has_figure\n", "feature: has_figures\n"), ("  threshold: 0.5\n", "  treshold: 0.5\n")],
    "ingest.yml": [('  byline: "^By ', '  byline: "^(By ')],
    "dates.yml": [
        ("  - id: date.month_day_year\n", "  - id: date.month_day_year\n    weight: 0.35\n"),
        ("    label: DATE\n", "    label: DAYTE\n"),  # a second problem in the same rule: both are reported
    ],
    "voting.yml": [("", "family: votes\nrules: []\n")],
}
# (file, the text on the line the problem is reported at, rule, problem); a problem ending in "…" is
# compared up to there (what follows is a long list of allowed names).
EXPECTED = [
    (
        "claims.toml",
        "verdict = ",
        "",
        "unknown key 'worklist.verdict'; did you mean 'verdicts'? allowed in [worklist]: "
        "statuses, verdicts, low_priority_below, protect, verdict_meanings",
    ),
    (
        "rules/attribution.yml",
        "RIGHT_ID: speaker",
        "attribution.speech_clause",
        "token name 'speaker' is not one family 'attribution' reads; allowed: aux, content, cue, host, mark, object, pobj, "
        "prep, source, to",
    ),
    (
        "rules/comparison.yml",
        "label: RANKNG",
        "comparison.one_of_the_top",
        "label 'RANKNG' is not one family 'comparison' reads; did you mean 'RANKING'? allowed: COMPARISON, RANKING",
    ),
    (
        "rules/dates.yml",
        "weight: 0.35",
        "date.month_day_year",
        "unknown key 'weight' in rule; allowed: attr, description, examples, id, label, matcher, pattern, type",
    ),
    (
        "rules/dates.yml",
        "label: DAYTE",
        "date.month_day_year",
        "label 'DAYTE' is not one family 'dates' reads; did you mean 'DATE'? allowed: ANAPHORIC, "
        "CURRENT_PERIOD, DATE, DAY_RANGE, MONTH, MONTH_DAY, WEEKDAY, YEAR",
    ),
    ("rules/ingest.yml", "byline: ", "", "lexicon 'byline': bad regular expression …"),
    ("rules/quantities.yml", "family: quantities", "", "family 'quantities' reads lexicon key(s) no file gives: vague"),
    (
        "rules/quantities.yml",
        "vauge: ",
        "",
        "unknown lexicon key 'vauge' for family 'quantities'; did you mean 'vague'? …",
    ),
    (
        "rules/scoring.yml",
        "treshold: ",
        "",
        "unknown lexicon key 'treshold' for family 'scoring'; did you mean "
        "'threshold'? allowed: bias, feature_words, priority, signals, threshold",
    ),
    (
        "rules/scoring.yml",
        "feature: has_figures",
        "figure",
        "signal 'figure': unknown feature 'has_figures'; did you mean 'has_figure'? …",
    ),
    (
        "rules/voting.yml",
        "family: votes",
        "",
        "unknown family 'votes'; did you mean 'dates'? known: attribution, claim, "
        "comparison, dates, ingest, quantities, scoring",
    ),
]


def _broken_everywhere(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, BROKEN_EVERYWHERE)
    (tmp_path / "claims.toml").write_text('[worklist]\nverdict = ["Right", "Wrong"]\n', encoding="utf-8")
    return folder


def _line(path: Path, text: str) -> str:
    return str(next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line))


def _same_table(lines: list[str], tmp_path: Path) -> None:
    """The problem table: a header, then one row per problem in file order, its columns aligned."""
    assert lines[0] == f"error: the rules or settings cannot be used ({len(EXPECTED)} problems):"
    assert lines[1].split() == ["file", "line", "rule", "problem"]
    rule_at, problem_at = lines[1].index("rule"), lines[1].index("problem")
    for line, (_, _, rule, problem) in zip(lines[2:], EXPECTED, strict=False):
        assert line[rule_at:].startswith(rule) and line[problem_at:].startswith(problem[:20]), line  # aligned columns
    rows = [re.split(r"  +", line.strip(), maxsplit=3) for line in lines[2:]]
    want = [(f, _line(tmp_path / f, text), rule, problem) for f, text, rule, problem in EXPECTED]
    assert len(rows) == len(want), "\n".join(lines)
    for row, (path, line, rule, problem) in zip(rows, want, strict=True):
        got = (row[0], row[1], *(row[2:] if rule else ["", row[2]]))
        assert got[:3] == (path, line, rule), (row, path, line, rule)
        assert got[3] == problem if not problem.endswith("…") else got[3].startswith(problem[:-1]), (got[3], problem)


def test_rules_check_reports_every_problem_of_every_file_at_once_as_a_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _broken_everywhere(tmp_path)
    result = CliRunner().invoke(app, ["rules", "check", "--rules", "rules", "--config", "claims.toml"])
    assert result.exit_code == 1
    _same_table(result.stderr.splitlines(), tmp_path)
    assert "Traceback" not in result.output


def test_extract_refuses_the_same_folder_with_the_same_table_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _broken_everywhere(tmp_path)
    checked = CliRunner().invoke(app, ["rules", "check", "--rules", "rules", "--config", "claims.toml"])
    out = tmp_path / "out.xlsx"
    args = ["extract", str(SEED), "-o", str(out), "--rules", "rules", "--config", "claims.toml"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr == checked.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "ledger.sqlite").exists()


def test_a_broken_ingest_pattern_is_refused_before_any_file_is_read(tmp_path, monkeypatch):
    """It used to pass the check and then stop ``extract`` with a raw ``re.error``."""
    monkeypatch.chdir(tmp_path)
    _copy(tmp_path, {"ingest.yml": [('    - "^leave a reply\\\\b"\n', '    - "^leave a (reply\\\\b"\n')]})
    result = CliRunner().invoke(app, ["extract", str(SEED), "-o", "out.jsonl", "--rules", "rules"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: rules/ingest.yml:10: lexicon 'footer_markers': bad regular expression '^leave a (reply\\\\b': "
        "missing ), unterminated subpattern at position 9"
    ]
    assert not (tmp_path / "out.jsonl").exists()


def test_rules_check_reports_an_example_that_no_longer_matches(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _copy(
        tmp_path,
        {"quantities.yml": [("- Sales fell to USD10m last year.", "- Sales fell to a low last year.")]},
    )
    result = CliRunner().invoke(app, ["rules", "check", "--rules", "rules"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 1 example(s) do not hold:"
    path, line, rule, problem = re.split(r"  +", lines[2].strip())
    assert (path, rule, problem) == (
        "rules/quantities.yml",
        "quantity.money.glued",
        "example should match but does not: 'Sales fell to a low last year.'",
    )
    assert line == _line(tmp_path / path, "Sales fell to a low last year.")


def test_an_example_that_gives_another_value_than_it_states_fails(tmp_path, monkeypatch, nlp):
    monkeypatch.chdir(tmp_path)
    folder = _copy(
        tmp_path, {"quantities.yml": [('value: "> 500,000,000 USD per year"', 'value: "> 600,000,000 USD per year"')]}
    )
    _, failures = check_examples(nlp, resolve_rules(folder))
    assert [str(f) for f in failures] == [
        f"rules/quantities.yml:{failures[0].where.rpartition(':')[2]}: rule 'quantity.money.symbol': example should give "
        "value '> 600,000,000 USD per year', gives '> 500,000,000 USD per year': "
        "'The government earned more than $500 million annually.'"
    ]


def test_rules_check_reports_an_example_whose_figures_differ_with_file_line_and_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stated = '              - {value: 1.38, unit: percent, qualifier: "="}\n'
    _copy(tmp_path, {"quantities.yml": [(stated, stated.replace("1.38", "1.83"))]})
    result = CliRunner().invoke(app, ["rules", "check", "--rules", "rules"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 1 example(s) do not hold:"
    path, line, rule, problem = re.split(r"  +", lines[2].strip())
    assert (path, rule) == ("rules/quantities.yml", "quantity.glued")
    assert line == _line(tmp_path / path, "text: Britain can borrow at 1.38pc for fifty years.")
    assert problem == (
        "example should give figures [{value: 1.83, unit: 'percent', qualifier: '='}, "
        "{value: 50, unit: 'year', qualifier: '='}], gives [{value: 1.38, unit: 'percent', qualifier: '='}, "
        "{value: 50, unit: 'year', qualifier: '='}]: 'Britain can borrow at 1.38pc for fifty years.'"
    )


def test_rules_check_passes_on_the_shipped_rules():
    result = CliRunner().invoke(app, ["rules", "check", "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    assert ", 0 failing;" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "xlsx"])
def test_extract_uses_the_patterns_of_the_rules_folder_it_is_given(tmp_path, monkeypatch, fmt):
    """A rule id renamed in a copy of the rules is the one the claims name (``--rules``, with and without a ledger)."""
    monkeypatch.chdir(tmp_path)
    _copy(tmp_path, {"quantities.yml": [("  - id: quantity.money.symbol\n", "  - id: quantity.money.before_figure\n")]})
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, ["extract", str(SEED), "-o", str(out), "--rules", "rules", "--quiet"])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rule_ids = {json.loads(line)["rule_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out, read_only=True)["Claims"]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        rule_ids = {row[header.index("Rule")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "quantity.money.before_figure" in rule_ids
    assert "quantity.money.symbol" not in rule_ids


def test_what_a_rule_means_is_its_label_not_its_id(tmp_path, monkeypatch):
    """Every rule id renamed in a copy of the rules: the same claims, naming the new ids."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    for path in folder.glob("*.yml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(re.sub(r"^  - id: ", "  - id: renamed.", line) for line in lines), encoding="utf-8")
    articles = [str(SEED), str(ROOT / "articles" / "wikinews")]
    claims = {}
    for name, rules in (("shipped", str(RULES)), ("renamed", "rules")):
        out = tmp_path / f"{name}.jsonl"
        result = CliRunner().invoke(app, ["extract", *articles, "-o", str(out), "--rules", rules, "--quiet"])
        assert result.exit_code == 0, result.output
        claims[name] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(claims["shipped"]) > 20
    renamed = [c["rule_id"] for c in claims["renamed"]]
    assert all(r.startswith("renamed.") or r == "claim.sentence" for r in renamed)
    for record in claims["renamed"]:
        record["rule_id"] = record["rule_id"].removeprefix("renamed.")
        for report in record.get("reports") or []:
            report["rule_id"] = report["rule_id"].removeprefix("renamed.")
    assert claims["renamed"] == claims["shipped"]
