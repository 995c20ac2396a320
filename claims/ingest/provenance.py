"""Where an article came from, beyond its own text: a ``SOURCES.json`` beside it, its URL, its file date."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from claims.errors import InputError
from claims.fileio import read_limited


def sidecar(path: Path) -> dict[str, str]:
    """Metadata for a file from a ``SOURCES.json`` beside it: a list of {file, url, title, created, author, outlet}.

    Returns:
        The keys ``url``, ``author``, ``outlet`` and ``published`` (an ISO date) that the entry gives.
    """
    entries = _sources(str(path.parent / "SOURCES.json"))
    entry = entries.get(path.name, {})
    out = {k: str(entry[k]) for k in ("url", "author", "outlet") if entry.get(k)}
    published = entry.get("published") or entry.get("created")
    if published:
        out["published"] = str(published)[:10]
    return out


SIDECAR_LIMIT = 16 * 1024 * 1024  # a SOURCES.json larger than this is not read


@lru_cache(maxsize=64)
def _sources(path: str) -> dict[str, dict[str, object]]:
    if not os.path.lexists(path):
        return {}
    try:
        data = json.loads(read_limited(Path(path), SIDECAR_LIMIT).decode("utf-8"))
    except (InputError, ValueError, RecursionError):
        return {}
    if not isinstance(data, list):
        return {}
    return {str(e["file"]): e for e in data if isinstance(e, dict) and e.get("file")}


def outlet_from_url(url: str | None, generic: Collection[str] = ()) -> str | None:
    """A readable outlet name from a URL's host: ``https://www.upi.com/...`` → ``Upi``, leaving out the
    ``generic`` labels (``www``, ``com``: the ``ingest`` lexicon's ``generic_host_labels``)."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    labels = [p for p in host.split(".") if p not in generic]
    return labels[0].capitalize() if labels else None


def file_year(path: Path) -> int | None:
    """The year of the file's modification date, the last resort for a dateline without a year."""
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).year
    except OSError:
        return None
