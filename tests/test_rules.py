"""Rule files: the shipped rules validate and their examples hold; broken files fail precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.errors import RuleError
from claims.nlp.check import check_examples
from claims.nlp.matchers import RuleMatchers
from claims.nlp.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]

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


def test_shipped_rules_validate_and_every_example_holds(nlp):
    ruleset = load_rules(ROOT / "claims" / "rules")
    count, failures = check_examples(nlp, ruleset)
    assert count >= 2 * len(ruleset.rules) - 5
    assert [str(f) for f in failures] == []


def test_every_rule_has_an_id_description_and_examples():
    for rule in load_rules(ROOT / "claims" / "rules").rules:
        assert rule.description, rule.id
        assert rule.examples_match and rule.examples_no_match, rule.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_RULE.replace("    type: quantity\n", "    type: quantity\n    REL: x\n"),
            "rules/broken.yml:3: unknown key 'REL' in rule; allowed: attr, description, examples, id, label, matcher, pattern, type, weight",
        ),
        (
            GOOD_RULE.replace("family: quantities\n", "family: quantities\nrulez: []\n"),
            "rules/broken.yml:1: unknown key 'rulez' in rule file; allowed: description, family, lexicon, rules, version",
        ),
        (
            GOOD_RULE + GOOD_RULE.split("rules:\n")[1],
            "rules/broken.yml:10: duplicate rule id 'quantity.test' (first defined at rules/broken.yml:3)",
        ),
        (
            GOOD_RULE.replace("    type: quantity\n", "    matcher: regex\n"),
            "rules/broken.yml:3: rule 'quantity.test': unknown matcher 'regex'; allowed: dependency, phrase, token",
        ),
        (
            GOOD_RULE.replace("    pattern:\n", "    pattern_:\n"),
            "rules/broken.yml:3: unknown key 'pattern_' in rule; allowed: attr, description, examples, id, label, matcher, pattern, type, weight",
        ),
        (
            "family: quantities\nrules:\n  - id: x\n    pattern: [{LIKE_NUM: true}\n",
            "rules/broken.yml:5: not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
    ],
    ids=["unknown-key", "unknown-file-key", "duplicate-id", "unknown-matcher", "misspelt-pattern", "bad-yaml"],
)
def test_broken_rule_files_fail_with_file_line_and_what_is_allowed(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_rules(folder)
    assert str(caught.value) == message


def test_invalid_spacy_pattern_names_the_rule(tmp_path, monkeypatch, nlp):
    monkeypatch.chdir(tmp_path)
    folder = _folder(tmp_path, GOOD_RULE.replace("{LIKE_NUM: true}", "{LIKE_NUMBER: true}"))
    with pytest.raises(RuleError) as caught:
        RuleMatchers(nlp, load_rules(folder))
    text = str(caught.value)
    assert text.startswith("rules/broken.yml:3: rule 'quantity.test': invalid token pattern:")
    assert "LIKE_NUMBER" in text


def test_rules_check_reports_an_example_that_no_longer_matches(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "claims" / "rules", folder)
    (folder / "quantities.yml").write_text(
        (folder / "quantities.yml")
        .read_text(encoding="utf-8")
        .replace("- The company paid £3.5m for the site.", "- The company paid for the site in full."),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["rules", "check", "--rules", str(folder)])
    assert result.exit_code == 1
    assert (
        "rule 'quantity.money.symbol': example should match but does not: 'The company paid for the site in full.'"
        in result.output
    )


def test_rules_check_passes_on_the_shipped_rules():
    result = CliRunner().invoke(app, ["rules", "check", "--rules", str(ROOT / "claims" / "rules")])
    assert result.exit_code == 0, result.output
    assert ", 0 failing;" in result.output
