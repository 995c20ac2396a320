"""Every command has help text with an example, and user mistakes give one line, not a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from claims.cli import app

COMMANDS = [["extract"], ["import"], ["export"], ["status"], ["explain"], ["rules"], ["rules", "check"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: claims " in result.output


def test_missing_input_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "nope.txt"), "--output", str(tmp_path / "w.jsonl"), "--quiet"]
    )
    assert result.exit_code == 3
    assert result.output.strip() == f"error: {tmp_path / 'nope.txt'}: no such file or folder"


def test_missing_model_names_the_install_command(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Title\n\nPrices rose 5% in 2020.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(source), "--model", "en_core_web_md", "-o", str(tmp_path / "w.jsonl"), "--no-ledger"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: spaCy pipeline 'en_core_web_md' is not installed; install it with: "
        "python -m spacy download en_core_web_md (or choose another with --model / $CLAIMS_MODEL)"
    )


def test_explain_names_rules_and_signals_for_the_money_sentence():
    sentence = (
        "The United States has said that the North Korean government earned more than $500 million annually "
        "from its overseas labor force before sanctions, according to the report."
    )
    result = CliRunner().invoke(app, ["explain", sentence])
    assert result.exit_code == 0, result.output
    assert f"quantity: “{sentence}”" in result.output
    assert "rule:   quantity.money.symbol" in result.output
    assert "why:    past event + figure + number" in result.output  # the three strongest signals
    assert "named_source +0.47" in result.output  # every signal in the score's formula
    assert "value:  > 500,000,000 USD per year" in result.output


def test_a_second_run_on_the_same_articles_says_the_worklist_was_left_alone(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Prices up\n\nThe ministry said prices rose 5% in 2020 to $3 billion.\n", encoding="utf-8")
    out, ledger = tmp_path / "w.xlsx", tmp_path / "ledger.sqlite"
    args = ["extract", str(source), "--output", str(out), "--ledger", str(ledger)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "(1 parsed, 0 unchanged)" in first.output and "not written again" not in first.output
    written = out.stat().st_mtime_ns
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "(0 parsed, 1 unchanged)" in second.output and "not written again" in second.output
    assert out.stat().st_mtime_ns == written


def test_only_new_or_changed_articles_are_parsed_again_and_a_rule_change_parses_all(tmp_path):
    import shutil
    from pathlib import Path

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Budget\n\nThe ministry said spending rose 5% in 2020 to $3 billion.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("Jobs\n\nUnemployment fell to 4.1% in March, the agency said.\n", encoding="utf-8")
    out, ledger = tmp_path / "w.xlsx", tmp_path / "ledger.sqlite"
    args = ["extract", str(folder), "--output", str(out), "--ledger", str(ledger)]

    def summary(*extra: str) -> str:
        result = CliRunner().invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.output
        return result.output

    assert "(2 parsed, 0 unchanged)" in summary()
    (folder / "c.txt").write_text("Trade\n\nExports grew by 12 percent last year, officials said.\n", encoding="utf-8")
    added = summary()
    assert "(1 parsed, 2 unchanged)" in added and " claims from 3 articles " in added
    (folder / "b.txt").write_text("Jobs\n\nUnemployment fell to 3.9% in April, the agency said.\n", encoding="utf-8")
    assert "(1 parsed, 2 unchanged)" in summary()
    assert "(3 parsed, 0 unchanged)" in summary("--full")
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[1] / "claims" / "rules", rules)
    scoring = rules / "scoring.yml"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "\n# a reviewer's note\n", encoding="utf-8")
    assert "(3 parsed, 0 unchanged)" in summary("--rules", str(rules))
    assert "(0 parsed, 3 unchanged)" in summary("--rules", str(rules))
