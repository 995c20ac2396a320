"""A folder of articles holding what the tool wrote before, and files that are no articles: only the articles are read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from claims.cli import app
from claims.ingest import ReadOptions, Skipped, read_paths
from claims.model import Article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"
OTHER = ROOT / "articles" / "wikinews" / "GUM_news_crane.txt"
LICENCE = """Creative Commons Attribution 2.5 Generic

You are free to share and adapt the work for any purpose, even commercially, under 3 conditions.
The licence was published in 2005 and has been translated into 34 languages since then.
"""
README = "Articles\n\nThese 2 articles were saved on March 3, 2024 from 2 news sites, the editor said.\n"


def _extract(folder: Path, output: Path, *extra: str):
    return CliRunner().invoke(app, ["extract", str(folder), "--output", str(output), *extra])


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / "a-seed.txt")
    shutil.copy(OTHER, folder / "b-crane.txt")
    (folder / "LICENSE").write_text(LICENCE, encoding="utf-8")
    (folder / "README.md").write_text(README, encoding="utf-8")
    (folder / "SOURCES.json").write_text(json.dumps([{"file": "a-seed.txt", "url": "https://upi.example"}]))
    return folder


def test_a_folder_with_its_own_earlier_output_and_a_licence_reads_only_the_articles(tmp_path):
    folder = _folder(tmp_path)
    # earlier runs wrote into the folder itself: a CSV worklist and the JSON Lines contract
    for name in ("worklist.csv", "claims.jsonl"):
        first = _extract(folder, folder / name, "--quiet")
        assert first.exit_code == 0, first.output
    # and a worklist, its ledger and an import problem report in a folder inside it
    out = folder / "exports" / "worklist.xlsx"
    second = _extract(folder, out, "--quiet")
    assert second.exit_code == 0, second.output
    (folder / "exports" / "worklist.import-problems.csv").write_text("row,column,kind,reason,value\n")
    result = _extract(folder, out, "--full")
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert summary.split(" → ")[0].endswith("claims from 2 articles (2 parsed, 0 unchanged)")
    assert summary.endswith(
        "; skipped 3 written by claims (exports/, claims.jsonl, worklist.csv), "
        "3 not articles (LICENSE, README.md, SOURCES.json)"
    )
    titles = [row[0].value for row in load_workbook(out)["Articles"].iter_rows(min_row=2)]
    assert sorted(titles) == ["At least 107 killed in Mecca crane collapse",
                              "North Korea highlights ‘deepening friendship’ with Russia on anniversary"]  # fmt: skip


def test_without_the_skipping_the_licence_and_the_earlier_output_would_be_read_as_articles(tmp_path):
    """What the skipping prevents: each of these files, named on its own, is read (one article, or one per claim)."""
    folder = _folder(tmp_path)
    assert _extract(folder, folder / "claims.jsonl", "--quiet").exit_code == 0
    (folder / "LICENSE").rename(folder / "LICENSE.txt")
    (licence,) = read_paths([folder / "LICENSE.txt"])  # named on its own, it is read
    assert isinstance(licence, Article) and "Creative Commons" in licence.title
    records = [i for i in read_paths([folder / "claims.jsonl"]) if isinstance(i, Article)]
    assert len(records) > 2  # every claim of the two articles would become an "article"
    walked = list(read_paths([folder], ReadOptions()))
    assert [Path(i.path).name for i in walked if isinstance(i, Skipped)] == [
        "LICENSE.txt",
        "README.md",
        "SOURCES.json",
        "claims.jsonl",
    ]
    assert [i.title for i in walked if isinstance(i, Article)] == [
        "North Korea highlights ‘deepening friendship’ with Russia on anniversary",
        "At least 107 killed in Mecca crane collapse",
    ]


def test_the_summary_names_files_that_share_a_name_with_their_folder_and_counts_the_rest():
    from claims.cli.extract import skipped_note
    from claims.ingest.files import NOT_ARTICLE, WRITTEN

    skipped = [Skipped("in/ATTRIBUTION", NOT_ARTICLE), Skipped("in/wikinews/ATTRIBUTION", NOT_ARTICLE)]
    skipped += [Skipped(f"in/old-{n}.csv", WRITTEN) for n in range(5)]
    assert skipped_note(skipped) == (
        "; skipped 2 not articles (in/ATTRIBUTION, wikinews/ATTRIBUTION), "
        "5 written by claims (old-0.csv, old-1.csv, old-2.csv and 2 more)"
    )
    assert skipped_note([]) == ""
