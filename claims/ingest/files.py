"""Paths to articles: files by format, folders recursively, and one clear error per bad file.

``read_paths`` yields Articles and InputErrors in a stable order, so the caller can report
each bad file on one line and go on with the rest.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claims.errors import InputError
from claims.ingest.provenance import file_year, outlet_from_url, sidecar
from claims.ingest.records import read_csv, read_jsonl
from claims.ingest.text import build_article, decode, parse_plain_text
from claims.model import Article
from claims.nlp.rules import cached_rules

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | DOCX_SUFFIXES


@dataclass
class ReadOptions:
    """Limits for reading input.

    Attributes:
        max_bytes: files larger than this are not read (``--max-bytes``).
        rules: the rules folder whose ``ingest`` lexicon drives the plain-text heuristics.
        max_unpacked_bytes: a ``.docx`` whose parts unpack to more than this is not opened.
        max_ratio: a ``.docx`` part over 1 MiB that unpacks to more than this many times its
            packed size is taken for a zip bomb (Word's XML packs about 10:1).
    """

    max_bytes: int = 20 * 1024 * 1024
    rules: str | None = None
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100


def read_paths(
    paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None
) -> Iterator[Article | InputError]:
    """Articles from files and folders, in a stable order; an InputError for each unreadable one."""
    options = options or ReadOptions()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for item in _walk(path):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from read_file(item, options)
        elif path.exists():
            if path.suffix.lower() not in SUPPORTED:
                yield InputError(
                    str(path),
                    f"unsupported file type '{path.suffix or '(none)'}'; supported: {', '.join(sorted(SUPPORTED))}",
                )
                continue
            yield from read_file(path, options)
        else:
            yield InputError(str(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under a folder, sorted, skipping hidden files, Office lock files and other types.

    A sub-folder that cannot be listed is an InputError, not a silent gap.
    """
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        while problems:
            problem = problems.pop(0)
            yield InputError(str(problem.filename or root), _os_reason(problem))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                continue
            yield Path(root) / name
    for problem in problems:
        yield InputError(str(problem.filename or folder), _os_reason(problem))


def read_file(path: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    """One file: an Article (or several, for JSON Lines and CSV) or an InputError."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputError(
                shown, f"file too large ({size:,} bytes; the limit is {options.max_bytes:,}, see --max-bytes)"
            )
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(shown, _os_reason(exc))
        return
    suffix = path.suffix.lower()
    sha = hashlib.sha256(raw).hexdigest()
    try:
        if not raw.strip():
            raise InputError(shown, "empty file")
        if suffix in RECORD_SUFFIXES:
            reader = read_csv if suffix == ".csv" else read_jsonl
            yield from reader(raw, shown, sha)
        elif suffix in HTML_SUFFIXES:
            from claims.ingest.html import read_html

            yield read_html(raw, shown, sha, options, file_year=file_year(path))
        elif suffix in DOCX_SUFFIXES:
            from claims.ingest.docx import read_docx

            yield read_docx(raw, shown, sha, options, file_year=file_year(path))
        else:
            yield read_text(raw, shown, sha, file_year(path), options)
    except InputError as exc:
        yield exc


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def read_text(raw: bytes, shown: str, sha: str, year: int | None, options: ReadOptions) -> Article:
    """A plain-text article: decoded, furniture and dateline removed, metadata from ``SOURCES.json``."""
    text, notes = decode(raw, shown)
    parsed = parse_plain_text(text, cached_rules(options.rules).lexicon("ingest"), year)
    if not parsed.paragraphs and not parsed.title:
        raise InputError(shown, "no article text (only site furniture)")
    meta = sidecar(Path(shown))
    return build_article(
        parsed,
        path=shown,
        sha256=sha,
        notes=notes,
        url=meta.get("url"),
        author=meta.get("author"),
        outlet=meta.get("outlet") or outlet_from_url(meta.get("url")),
        published=meta.get("published"),
    )
