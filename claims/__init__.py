"""claims: turn news articles into a fact-check worklist.

For notebooks::

    import claims
    found = claims.extract(["articles/"])      # a list of Claim records
    frame = found.to_frame()                   # a pandas DataFrame with the worklist's columns
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from claims.model import Article, Claim, DateValue, Quantity, Review, Source

if TYPE_CHECKING:
    import pandas

__all__ = ["Article", "Claim", "ClaimList", "DateValue", "Quantity", "Review", "Source", "extract"]


def _version() -> str:
    """The installed package's version (pyproject.toml is where it is set)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claims")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


__version__ = _version()


class ClaimList(list[Claim]):
    """The claims of a run, in article order, with the articles they come from."""

    def __init__(self, claims: Iterable[Claim], articles: list[Article], errors: list[str]):
        super().__init__(claims)
        self.articles = articles
        self.errors = errors

    def to_frame(self) -> pandas.DataFrame:
        """A DataFrame with one row per claim and the worklist's columns, highest priority first."""
        import pandas as pd

        from claims.app import ExtractResult, worklist_rows
        from claims.config import Settings
        from claims.worklist.rows import COLUMNS

        result = ExtractResult(articles=self.articles)
        for claim in self:
            result.claims.setdefault(claim.article_id, []).append(claim)
        rows = worklist_rows(result, Settings(), None)
        return pd.DataFrame(
            [{c.header: row.values[c.key] for c in COLUMNS} for row in rows], columns=[c.header for c in COLUMNS]
        )


def extract(
    paths: str | Path | Iterable[str | Path],
    model: str | None = None,
    min_score: float = 0.0,
    jobs: int = 1,
    rules: str | Path | None = None,
) -> ClaimList:
    """Extract claims from article files or folders (.txt, .md, .html, .docx, .jsonl, .csv).

    Args:
        paths: a path or several.
        model: spaCy pipeline name (default: ``$CLAIMS_MODEL`` or the pinned small English model).
        min_score: leave out claims below this check-worthiness.
        jobs: worker processes.
        rules: the rules folder (default: ``$CLAIMS_RULES`` or the rules shipped in the package).

    Returns:
        The claims; unreadable files are listed in ``.errors`` rather than raised.
    """
    from claims.app import ExtractOptions
    from claims.app import extract as run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = run(paths, ExtractOptions(model=model, min_score=min_score, jobs=jobs, rules=rules))
    return ClaimList(result.all_claims(), result.articles, [str(e) for e in result.errors])
