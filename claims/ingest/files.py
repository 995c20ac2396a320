"""Paths to articles: files by format, folders recursively, and one clear error per bad file.

``read_paths`` yields Articles and InputErrors in a stable order, so the caller can report
each bad file on one line and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from claims.errors import InputError
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
    """Limits for reading input."""

    max_bytes: int = 20 * 1024 * 1024
    rules: str | None = None


def read_paths(paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Articles from files and folders, in a stable order; an InputError for each unreadable one."""
    options = options or ReadOptions()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file, options)
        elif path.exists():
            if path.suffix.lower() not in SUPPORTED:
                yield InputError(str(path), f"unsupported file type '{path.suffix or '(none)'}'; supported: {', '.join(sorted(SUPPORTED))}")
                continue
            yield from read_file(path, options)
        else:
            yield InputError(str(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, sorted, skipping hidden files, Office lock files and other types."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                continue
            yield Path(root) / name


def read_file(path: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    """One file: an Article (or several, for JSON Lines and CSV) or an InputError."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputError(shown, f"file too large ({size:,} bytes; the limit is {options.max_bytes:,}, see --max-bytes)")
            return
        raw = path.read_bytes()
    except PermissionError:
        yield InputError(shown, "permission denied")
        return
    except OSError as exc:
        yield InputError(shown, f"cannot read: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    sha = hashlib.sha256(raw).hexdigest()
    try:
        if suffix in RECORD_SUFFIXES:
            reader = read_csv if suffix == ".csv" else read_jsonl
            yield from reader(raw, shown, sha)
        elif suffix in HTML_SUFFIXES:
            from claims.ingest.html import read_html

            yield read_html(raw, shown, sha, options)
        elif suffix in DOCX_SUFFIXES:
            from claims.ingest.docx import read_docx

            yield read_docx(raw, shown, sha, options)
        else:
            yield read_text(raw, shown, sha, _file_year(path), options)
    except InputError as exc:
        yield exc


def read_text(raw: bytes, shown: str, sha: str, file_year: int | None, options: ReadOptions) -> Article:
    text, notes = decode(raw, shown)
    parsed = parse_plain_text(text, cached_rules(options.rules).lexicon("ingest"), file_year)
    if not parsed.paragraphs and not parsed.title:
        raise InputError(shown, "no article text (only site furniture)")
    meta = sidecar(Path(shown))
    return build_article(parsed, path=shown, sha256=sha, notes=notes, url=meta.get("url"), author=meta.get("author"),
                         outlet=meta.get("outlet") or _outlet_from_url(meta.get("url")), published=meta.get("published"))


def sidecar(path: Path) -> dict[str, str]:
    """Metadata for a file from a ``SOURCES.json`` beside it: a list of {file, url, title, created, author, outlet}."""
    entries = _sources(str(path.parent / "SOURCES.json"))
    entry = entries.get(path.name, {})
    out = {k: str(entry[k]) for k in ("url", "author", "outlet") if entry.get(k)}
    published = entry.get("published") or entry.get("created")
    if published:
        out["published"] = str(published)[:10]
    return out


@lru_cache(maxsize=64)
def _sources(path: str) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, list):
        return {}
    return {str(e["file"]): e for e in data if isinstance(e, dict) and e.get("file")}


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    labels = [p for p in host.split(".") if p not in ("www", "en", "m", "com", "org", "net", "co", "uk")]
    return labels[0].capitalize() if labels else None


def _file_year(path: Path) -> int | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).year
    except OSError:
        return None
