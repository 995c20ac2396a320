"""The README's "Adding a kind of claim", run as written: its rule file and its Family class, end to end."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claims
from claims.cli import app
from claims.families import registry

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Senator Maria Lopez voted against the farm bill."
ARTICLE = (
    "Farm bill fails in the Senate\n\n"
    "The Senate rejected the farm bill on Tuesday by 52 votes to 48. "
    f"{SENTENCE} Her office said the bill would cost taxpayers $20 billion.\n"
)


def _readme_blocks() -> dict[str, str]:
    """The code blocks of the README's "Adding a kind of claim", by language."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Adding a kind of claim\n", 1)[1].split("\n## ", 1)[0]
    return {lang: body for lang, body in re.findall(r"```(\w+)\n(.*?)```", section, flags=re.DOTALL)}


@pytest.fixture
def voting(tmp_path, monkeypatch):
    """The README's files written out: ``myrules/`` with voting.yml, and voting.py (not imported yet)."""
    monkeypatch.chdir(tmp_path)
    blocks = _readme_blocks()
    shutil.copytree(ROOT / "claims" / "rules", tmp_path / "myrules")
    (tmp_path / "myrules" / "voting.yml").write_text(blocks["yaml"], encoding="utf-8")
    (tmp_path / "voting.py").write_text(blocks["python"], encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    families = list(registry.DEFAULT_REGISTRY.families)
    yield tmp_path
    registry.DEFAULT_REGISTRY.families = families  # the family leaves the registry with the test
    sys.modules.pop("voting", None)


def _import(path: Path):
    spec = importlib.util.spec_from_file_location("voting", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["voting"] = module
    spec.loader.exec_module(module)  # @register_family runs
    return module


def test_the_readme_example_adds_voting_records_end_to_end(voting):
    check = ["rules", "check", "--rules", "myrules"]
    refused = CliRunner().invoke(app, check)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: myrules/voting.yml:2: unknown family 'voting'")

    _import(voting / "voting.py")
    checked = CliRunner().invoke(app, check)
    assert checked.exit_code == 0, checked.output
    assert "8 families" in checked.output and ", 0 failing;" in checked.output

    found = claims.extract([voting / "article.txt"], rules=voting / "myrules")
    (vote,) = [c for c in found if SENTENCE in c.text]
    assert vote.type == "voting_record"
    assert vote.value_text() == "Maria Lopez voted against the farm bill"
    assert vote.rule_id == "voting.voted_for_or_against"
    assert vote.records[0]["voter"] == "Maria Lopez" and vote.records[0]["side"] == "against"
    others = [c for c in found if SENTENCE not in c.text]
    assert others and all(c.type != "voting_record" for c in others)  # the other claims are as before


def test_the_command_line_finds_the_family_by_its_entry_point(voting, monkeypatch):
    module = _import(voting / "voting.py")
    registry.DEFAULT_REGISTRY.families = [f for f in registry.DEFAULT_REGISTRY.families if f.name != "voting"]
    target = re.search(r'voting = "(\w+):(\w+)"', _readme_blocks()["toml"])
    assert target is not None and target.groups() == ("voting", "VotingRecords")

    class EntryPoint:
        def load(self):
            return getattr(module, target.group(2))

    monkeypatch.setattr(
        registry, "entry_points", lambda group: [EntryPoint()] if group == registry.ENTRY_POINTS else []
    )
    monkeypatch.setattr(registry, "_PLUGINS_LOADED", [])
    out = voting / "claims.jsonl"
    result = CliRunner().invoke(app, ["extract", "article.txt", "--rules", "myrules", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["type"], r["rule_id"]) for r in rows if SENTENCE in r["text"]] == [
        ("voting_record", "voting.voted_for_or_against")
    ]


def test_claims_extract_stays_the_function_once_the_families_are_imported():
    """The families' package is claims.families: importing it (as extracting does) leaves claims.extract alone."""
    import claims.families.registry  # noqa: F401

    assert callable(claims.extract) and claims.extract.__module__ == "claims"
