"""claims.toml is checked when it is loaded: a misspelt key is named, with the key it probably meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.cli import app
from claims.config import load_settings
from claims.errors import ClaimsError

DATA = Path(__file__).resolve().parent / "data" / "config"
WORKLIST_KEYS = "statuses, verdicts, low_priority_below, protect, verdict_meanings"


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "misspelt-key.toml",
            f"misspelt-key.toml:3: unknown key 'worklist.verdict'; did you mean 'verdicts'? "
            f"allowed in [worklist]: {WORKLIST_KEYS}",
        ),
        (
            "several-unknown.toml",
            f"several-unknown.toml: line 3: unknown key 'worklist.protekt'; did you mean 'protect'? "
            f"allowed in [worklist]: {WORKLIST_KEYS}; "
            "line 5: unknown key 'ledgr'; did you mean 'ledger'? allowed tables: worklist, ledger, claimreview; "
            "line 9: unknown key 'claimreview.organisation'; did you mean 'organization'? "
            "allowed in [claimreview]: organization, url, rating_scale",
        ),
        ("wrong-kind.toml", "wrong-kind.toml: worklist.low_priority_below must be a number, not 'half'"),
        ("not-a-table.toml", "not-a-table.toml:1: 'worklist' must be a table ([worklist])"),
    ],
)
def test_bad_settings_are_one_clear_line(name, message):
    with pytest.raises(ClaimsError) as caught:
        load_settings(DATA / name)
    assert str(caught.value) == f"{DATA}/{message}"


def test_the_command_line_reports_it_without_a_traceback(tmp_path):
    result = CliRunner().invoke(app, ["status", "--config", str(DATA / "misspelt-key.toml")])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {DATA}/misspelt-key.toml:3: unknown key 'worklist.verdict'; did you mean 'verdicts'? "
        f"allowed in [worklist]: {WORKLIST_KEYS}\n"
    )


def test_every_key_the_settings_read_is_allowed(tmp_path):
    config = tmp_path / "claims.toml"
    config.write_text(
        '[worklist]\nstatuses = ["Open", "Closed"]\nverdicts = ["True", "False"]\nlow_priority_below = 0.4\n'
        'protect = false\n[worklist.verdict_meanings]\nTrue = "Correct."\n[ledger]\npath = "l.sqlite"\n'
        '[claimreview]\norganization = "Desk"\nurl = "https://desk.example"\nrating_scale = { True = 2, False = 1 }\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert (settings.statuses, settings.low_priority_below, settings.protect, settings.ledger_path) == (
        ["Open", "Closed"],
        0.4,
        False,
        "l.sqlite",
    )
    assert (settings.organization, settings.rating_scale, settings.verdict_meanings) == (
        "Desk",
        {"True": 2, "False": 1},
        {"True": "Correct."},
    )
