"""Paths to articles: files by format, folders recursively, and one clear error per bad file.

``read_paths`` yields Articles and InputErrors in a stable order, so the caller can report
each bad file on one line and go on with the rest, and a ``Skipped`` for each file of a folder
that is not read: what this tool wrote (its worklists, ledgers, problem reports, the run's own
output and, when it lies inside the folder, the output's folder) and files that are no articles
(``LICENSE*``, ``README*``...: the ``not_articles`` patterns of ``rules/ingest.yml``). Other file
types, hidden files and Office lock files are passed over silently.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims.errors import InputError, printable
from claims.fileio import file_kind, read_limited, read_reason
from claims.ingest.provenance import file_year, outlet_from_url, sidecar
from claims.ingest.records import read_csv, read_jsonl
from claims.ingest.text import build_article, decode, parse_plain_text, without_surrogates
from claims.model import Article
from claims.ruleset import RuleSet, cached_rules

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
        ruleset: the rules whose ``ingest`` lexicon drives the plain-text heuristics (default: the
            rules of ``$CLAIMS_RULES`` or the package).
        max_unpacked_bytes: a ``.docx`` whose parts unpack to more than this is not opened.
        max_ratio: a ``.docx`` part over 1 MiB that unpacks to more than this many times its
            packed size is taken for a zip bomb (Word's XML packs about 10:1).
        follow_symlinks: read files and folders that symbolic links inside a folder point to
            outside it (``--follow-symlinks``); by default such links are reported and skipped.
        output: the run's output: not read back, nor its folder when that lies inside a folder read.
    """

    max_bytes: int = 20 * 1024 * 1024
    ruleset: RuleSet | None = None
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    follow_symlinks: bool = False
    output: str | None = None

    def ingest_lexicon(self) -> dict[str, Any]:
        """The ``ingest`` lexicon of the rules the files are read with."""
        return (self.ruleset or cached_rules(None)).lexicon("ingest")


WRITTEN, NOT_ARTICLE = "written by claims", "not articles"


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) of a folder that was not read, and why: ``WRITTEN`` or ``NOT_ARTICLE``."""

    path: str
    reason: str


def read_paths(
    paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None
) -> Iterator[Article | InputError | Skipped]:
    """Articles from files and folders, in a stable order; an InputError for each unreadable one, and a
    Skipped for each file of a folder that is not read (see the module's description).

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
            for item in _walk(path, _Skipper(path, options), options.follow_symlinks):
                if isinstance(item, (InputError, Skipped)):
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


def _walk(folder: Path, skipper: _Skipper, follow_symlinks: bool = False) -> Iterator[Path | InputError | Skipped]:
    """Files under a folder, sorted, skipping hidden files, Office lock files and other types; files this tool
    wrote and files that are no articles are Skipped.

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
            elif skipper.is_output_folder(Path(root) / name):
                yield Skipped(str(Path(root) / name), WRITTEN)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                if skipper.is_not_article(name):  # SOURCES.json, LICENSE: said, unlike other file types
                    yield Skipped(str(Path(root) / name), NOT_ARTICLE)
                continue
            path = Path(root) / name
            outside = _leaves(path, top)
            if outside and not follow_symlinks:
                yield InputError(str(path), _LINK_OUT.format(what="file", target=outside))
                continue
            reason = NOT_ARTICLE if skipper.is_not_article(name) else skipper.written(path)
            yield path if reason is None else Skipped(str(path), reason)
    for problem in problems:
        yield InputError(str(problem.filename or folder), read_reason(problem))


class _Skipper:
    """Which files of a folder are not read, and why (see ``Skipped``)."""

    def __init__(self, folder: Path, options: ReadOptions):
        self.patterns = [p.lower() for p in options.ingest_lexicon().get("not_articles", [])]
        self.output = Path(options.output).resolve() if options.output else None
        top = folder.resolve()
        inside = self.output is not None and self.output.parent.is_relative_to(top) and self.output.parent != top
        self.output_folder = self.output.parent if inside else None  # type: ignore[union-attr]

    def is_output_folder(self, path: Path) -> bool:
        return self.output_folder is not None and path.resolve() == self.output_folder

    def is_not_article(self, name: str) -> bool:
        name = name.lower()
        return not name.startswith(".") and any(fnmatch.fnmatchcase(name, p) for p in self.patterns)

    def written(self, path: Path) -> str | None:
        """``WRITTEN`` for a file this tool wrote, else None."""
        if (self.output is not None and path.resolve() == self.output) or path.name.endswith(".import-problems.csv"):
            return WRITTEN
        return WRITTEN if path.suffix.lower() in RECORD_SUFFIXES and _claims_records(path) else None


def _claims_records(path: Path) -> bool:
    """Whether a CSV or JSON Lines file holds claims this tool wrote (a worklist's columns, the contract's
    records) rather than articles: its first line says."""
    if not path.is_file():
        return False  # a pipe or a device is never opened here; read_file reports it
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20).decode("utf-8-sig", errors="replace").strip()
    except OSError:
        return False  # read_file reports it
    if path.suffix.lower() == ".csv":
        return {"claim_id", "checksum"} <= {c.strip().strip('"') for c in first.split(",")}
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and {"claim_id", "article_id", "rule_id"} <= record.keys()


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
    parsed = parse_plain_text(text, options.ingest_lexicon(), year)
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
        outlet=meta.get("outlet")
        or outlet_from_url(meta.get("url"), options.ingest_lexicon().get("generic_host_labels", ())),
        published=meta.get("published"),
    )
