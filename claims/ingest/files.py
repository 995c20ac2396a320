"""Paths to articles: files by format, folders recursively, and one clear error per bad file.

``read_paths`` yields Articles and InputErrors in a stable order, so the caller can report
each bad file on one line and go on with the rest.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claims.errors import InputError, printable
from claims.fileio import file_kind, read_limited, read_reason
from claims.ingest.provenance import file_year, outlet_from_url, sidecar
from claims.ingest.records import read_csv, read_jsonl
from claims.ingest.text import build_article, decode, parse_plain_text, without_surrogates
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
        follow_symlinks: read files and folders that symbolic links inside a folder point to
            outside it (``--follow-symlinks``); by default such links are reported and skipped.
    """

    max_bytes: int = 20 * 1024 * 1024
    rules: str | None = None
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    follow_symlinks: bool = False


def read_paths(
    paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None
) -> Iterator[Article | InputError]:
    """Articles from files and folders, in a stable order; an InputError for each unreadable one.

    Only regular files are read: a named pipe, a device or a socket is an InputError, never read
    (it could block, or never end). A path given here may be a symbolic link; inside a folder, a
    link that leads out of the folder is read only with ``follow_symlinks``.
    """
    options = options or ReadOptions()
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
            yield InputError(str(path), reason)
            continue
        except OSError as exc:
            yield InputError(str(path), read_reason(exc))
            continue
        if stat.S_ISDIR(mode):
            for item in _walk(path, options.follow_symlinks):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from read_file(item, options)
        elif file_kind(mode):
            yield InputError(str(path), f"not a regular file ({file_kind(mode)})")
        elif path.suffix.lower() not in SUPPORTED:
            yield InputError(
                str(path),
                f"unsupported file type '{path.suffix or '(none)'}'; supported: {', '.join(sorted(SUPPORTED))}",
            )
        else:
            yield from read_file(path, options)


def _walk(folder: Path, follow_symlinks: bool = False) -> Iterator[Path | InputError]:
    """Files under a folder, sorted, skipping hidden files, Office lock files and other types.

    A sub-folder that cannot be listed is an InputError, not a silent gap. A symbolic link whose
    target is outside the folder is an InputError unless ``follow_symlinks``; then linked folders
    are walked too, each real folder once (a link back up the tree is no loop).
    """
    problems: list[OSError] = []
    top = os.path.realpath(folder)
    visited: set[str] = set()
    for root, dirs, files in os.walk(folder, onerror=problems.append, followlinks=follow_symlinks):
        while problems:
            problem = problems.pop(0)
            yield InputError(str(problem.filename or root), read_reason(problem))
        if follow_symlinks:
            real = os.path.realpath(root)
            if real in visited:
                dirs[:] = []
                continue
            visited.add(real)
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            outside = _leaves(Path(root) / name, top)
            if outside and not follow_symlinks:
                yield InputError(str(Path(root) / name), _LINK_OUT.format(what="folder", target=outside))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                continue
            path = Path(root) / name
            outside = _leaves(path, top)
            if outside and not follow_symlinks:
                yield InputError(str(path), _LINK_OUT.format(what="file", target=outside))
                continue
            yield path
    for problem in problems:
        yield InputError(str(problem.filename or folder), read_reason(problem))


_LINK_OUT = "symbolic link to a {what} outside the folder ({target}); skipped (--follow-symlinks reads it)"


def _leaves(path: Path, top: str) -> str | None:
    """Where a symbolic link points when that is outside the folder ``top``; None for anything else."""
    if not path.is_symlink():
        return None
    target = os.path.realpath(path)
    return None if target == top or target.startswith(top.rstrip(os.sep) + os.sep) else target


def read_file(path: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    """One file: an Article (or several, for JSON Lines and CSV) or an InputError."""
    shown = printable(str(path))
    try:
        raw = read_limited(path, options.max_bytes, shown, hint=", see --max-bytes")
    except InputError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    sha = hashlib.sha256(raw).hexdigest()
    try:
        if not raw.strip():
            raise InputError(shown, "empty file")
        if suffix in RECORD_SUFFIXES:
            reader = read_csv if suffix == ".csv" else read_jsonl
            for item in reader(raw, shown, sha):
                yield _clean_metadata(item) if isinstance(item, Article) else item
        elif suffix in HTML_SUFFIXES:
            from claims.ingest.html import read_html

            yield _clean_metadata(read_html(raw, shown, sha, options, file_year=file_year(path), source=path))
        elif suffix in DOCX_SUFFIXES:
            from claims.ingest.docx import read_docx

            yield _clean_metadata(read_docx(raw, shown, sha, options, file_year=file_year(path), source=path))
        else:
            yield _clean_metadata(read_text(raw, shown, sha, file_year(path), options, source=path))
    except InputError as exc:
        yield exc


def _clean_metadata(article: Article) -> Article:
    """No lone surrogate in what an article says of itself (a ``SOURCES.json`` or a record can hold one)."""
    for name in ("title", "url", "author", "outlet", "published", "place"):
        value = getattr(article, name)
        if isinstance(value, str):
            setattr(article, name, without_surrogates(value))
    return article


def read_text(
    raw: bytes, shown: str, sha: str, year: int | None, options: ReadOptions, source: Path | None = None
) -> Article:
    """A plain-text article: decoded, furniture and dateline removed, metadata from ``SOURCES.json`` beside ``source``."""
    text, notes = decode(raw, shown)
    parsed = parse_plain_text(text, cached_rules(options.rules).lexicon("ingest"), year)
    if not parsed.paragraphs and not parsed.title:
        raise InputError(shown, "no article text (only site furniture)")
    meta = sidecar(source or Path(shown))
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
