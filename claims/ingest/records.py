"""Article records: JSON Lines (the contract's input) and CSV exports, one article per record.

The text is kept exactly as given, so offsets in the output are offsets into it (a lone surrogate,
which JSON can spell ``"\\ud800"`` but no file can hold, is replaced by U+FFFD, one character for
one). A bad record is reported with its line number and the rest of the file is read. Two records
with the same id and different texts: the first is kept, the later one is reported and skipped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from claims.errors import InputError
from claims.ingest.text import decode_utf8, paragraphs_of, without_surrogates
from claims.model import Article, short_hash

OPTIONAL_FIELDS = ("title", "url", "published", "outlet", "author")


def read_jsonl(raw: bytes, shown: str, sha: str) -> Iterator[Article | InputError]:
    try:
        text = decode_utf8(raw, shown, then="; JSON Lines must be UTF-8")
    except InputError as exc:
        yield exc
        return
    seen = 0
    ids = _Ids()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{shown}:{number}", f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield InputError(f"{shown}:{number}", "not valid JSON (nested too deeply)")
            continue
        except ValueError:  # an integer of more digits than Python converts (4,300)
            yield InputError(f"{shown}:{number}", "not valid JSON (a number too long to read)")
            continue
        seen += 1
        yield ids.check(_article(record, f"{shown}:{number}", shown, short_hash(sha, number, length=64)), number)
    if not seen:
        yield InputError(shown, "empty file (no records)")


def read_csv(raw: bytes, shown: str, sha: str) -> Iterator[Article | InputError]:
    try:
        text = decode_utf8(raw, shown)
    except InputError:
        text = raw.decode("cp1252", errors="replace")
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a whole article is one field
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    seen = 0
    ids = _Ids()
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
            yield ids.check(_article(record, f"{shown}:{line}", shown, short_hash(sha, line, length=64)), line)
    except csv.Error as exc:
        line = reader.line_num + 1  # the line the failing record starts on (line_num counts the records read)
        yield InputError(f"{shown}:{line}", f"malformed CSV record ({exc}); the rest of the file is not read")
        return
    if not seen:
        yield InputError(shown, "empty file (no records)")


class _Ids:
    """The ids read so far in one file: a later record with a used id and another text is an error."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[int, str]] = {}

    def check(self, item: Article | InputError, line: int) -> Article | InputError:
        if isinstance(item, InputError):
            return item
        earlier = self.first.setdefault(item.id, (line, item.text))
        if earlier[0] == line or earlier[1] == item.text:
            return item  # the same record twice is the same article (read once)
        return InputError(
            f"{item.path}:{line}",
            f"id '{item.id}' is also on line {earlier[0]} with another text; skipped (the first record with an id is kept)",
        )


def _article(record: Any, where: str, shown: str, sha: str) -> Article | InputError:
    if not isinstance(record, dict):
        return InputError(where, "a record must be a JSON object with 'id' and 'text'")
    record = {k: without_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
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
