"""Article records: JSON Lines (the contract's input) and CSV exports, one article per record.

The text is kept exactly as given, so offsets in the output are offsets into it. A bad record is
reported with its line number and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from claims.errors import InputError
from claims.ingest.text import paragraphs_of
from claims.model import Article, short_hash

OPTIONAL_FIELDS = ("title", "url", "published", "outlet", "author")


def read_jsonl(raw: bytes, shown: str, sha: str) -> Iterator[Article | InputError]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(shown, f"not UTF-8 (undecodable byte at {exc.start}); JSON Lines must be UTF-8")
        return
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{shown}:{number}", f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        seen += 1
        yield _article(record, f"{shown}:{number}", shown, short_hash(sha, number, length=64))
    if not seen:
        yield InputError(shown, "empty file (no records)")


def read_csv(raw: bytes, shown: str, sha: str) -> Iterator[Article | InputError]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a whole article is one field
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    seen = 0
    try:
        fields = reader.fieldnames or []
        if "text" not in fields:
            yield InputError(shown, f"CSV needs a 'text' column (found: {', '.join(fields) or 'no header'})")
            return
        for record in reader:
            seen += 1
            line = reader.line_num
            if None in record:
                yield InputError(f"{shown}:{line}", "more fields than the header has columns")
                continue
            yield _article(record, f"{shown}:{line}", shown, short_hash(sha, line, length=64))
    except csv.Error as exc:
        line = reader.line_num + 1  # the line the failing record starts on (line_num counts the records read)
        yield InputError(f"{shown}:{line}", f"malformed CSV record ({exc}); the rest of the file is not read")
        return
    if not seen:
        yield InputError(shown, "empty file (no records)")


def _article(record: Any, where: str, shown: str, sha: str) -> Article | InputError:
    if not isinstance(record, dict):
        return InputError(where, "a record must be a JSON object with 'id' and 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "record has no 'text' (a non-empty string is required)")
    article_id = record.get("id")
    if article_id in (None, ""):
        article_id = "a" + short_hash(" ".join(text.split()), length=15)
    if not isinstance(article_id, (str, int)) or isinstance(article_id, bool):
        return InputError(where, "'id' must be a string")
    extra = {k: (str(record[k]) if record.get(k) not in (None, "") else None) for k in OPTIONAL_FIELDS}
    published = extra["published"][:10] if extra["published"] else None
    return Article(
        id=str(article_id),
        text=text,
        title=extra["title"],
        url=extra["url"],
        published=published,
        outlet=extra["outlet"],
        author=extra["author"],
        path=shown,
        sha256=sha,
        paragraphs=paragraphs_of(text),
    )
