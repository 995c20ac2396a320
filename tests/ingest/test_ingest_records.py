"""JSON Lines and CSV exports: one article per record, a bad record reported with its line, the rest read."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import InputError
from claims.ingest import read_paths
from claims.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "records"


def summary(items: list[Article | InputError]) -> list[tuple]:
    return [
        ("article", i.id, i.title, i.published, i.outlet, [(p.start, p.end) for p in i.paragraphs])
        if isinstance(i, Article)
        else ("error", str(i))
        for i in items
    ]


def test_jsonl_records_and_bad_lines():
    path = DATA / "articles.jsonl"
    items = list(read_paths([path]))
    assert summary(items) == [
        ("article", "port-1", "Port traffic grows", "2023-01-09", "Harbour Times", [(0, 48)]),
        ("error", f"{path}:2: not valid JSON (Unterminated string starting at at column 26)"),
        ("error", f"{path}:4: a record must be a JSON object with 'id' and 'text'"),
        ("error", f"{path}:5: record has no 'text' (a non-empty string is required)"),
        ("article", items[4].id, None, None, None, [(0, 47), (49, 78)]),
    ]
    assert items[0].text == "The port handled 1.2 million containers in 2022."  # kept exactly as given
    assert items[0].url == "https://example.org/port"
    assert items[4].id.startswith("a") and len(items[4].id) == 16  # no id given: a hash of the text


def test_csv_records_and_bad_rows():
    path = DATA / "articles.csv"
    items = list(read_paths([path]))
    assert summary(items) == [
        ("article", "rail-1", "Rail line opens", "2023-05-05", "Springfield Daily", [(0, 36), (38, 58)]),
        ("error", f"{path}:5: more fields than the header has columns"),
        ("article", "clinic-1", "Clinic hires nurses", None, None, [(0, 39)]),
    ]
    assert items[0].text == "The new rail line cost $3.4 billion.\n\nIt opened on Friday."


def test_csv_without_a_text_column():
    path = DATA / "no-text-column.csv"
    assert [str(i) for i in read_paths([path])] == [f"{path}: CSV needs a 'text' column (found: id, title, body)"]


def test_csv_with_an_article_longer_than_the_csv_module_default_field_limit(tmp_path):
    text = "The council approved a budget of $12 million. " * 4000  # 184,000 characters; csv's default limit is 131,072
    path = tmp_path / "long.csv"
    path.write_text(f'id,text\nlong-1,"{text}"\n', encoding="utf-8")
    (article,) = read_paths([path])
    assert isinstance(article, Article)
    assert article.text == text


CSV_BROKEN = [
    ('id,text\na,"fine"\nb,"quote "inside" wrong" tail\nc,"never read"\n', 3, "',' expected after '\"'"),
    ('id,text\na,"fine"\nb,"never closed\n\nc,swallowed\n', 3, "unexpected end of data"),
]


@pytest.mark.parametrize(("content", "line", "reason"), CSV_BROKEN, ids=["stray quote", "unclosed quote"])
def test_malformed_csv_stops_with_the_line(tmp_path, content, line, reason):
    path = tmp_path / "broken.csv"
    path.write_text(content, encoding="utf-8")
    items = list(read_paths([path]))
    assert summary(items) == [
        ("article", "a", None, None, None, [(0, 4)]),
        ("error", f"{path}:{line}: malformed CSV record ({reason}); the rest of the file is not read"),
    ]
