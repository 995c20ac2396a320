"""The worklist's rows and columns, shared by the xlsx, csv and DataFrame outputs and the reader."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from claims.model import Article, Claim, Flag, FlagKind, Review, Source


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    width: float
    reviewer: bool = False
    wrap: bool = False
    hidden: bool = False


COLUMNS: tuple[Column, ...] = (  # what a reviewer works with first; the machine's detail after
    Column("ID", "short_id", 10),
    Column("Priority", "priority", 8),
    Column("Claim", "claim", 50, wrap=True),
    Column("Status", "status", 13, reviewer=True),
    Column("Verdict", "verdict", 15, reviewer=True),
    Column("Notes", "notes", 24, reviewer=True, wrap=True),
    Column("Evidence", "evidence", 22, reviewer=True, wrap=True),
    Column("Assigned to", "assigned_to", 12, reviewer=True),
    Column("Checked on", "checked_on", 11, reviewer=True),
    Column("Context", "context", 80, wrap=True),
    Column("Value", "value", 24, wrap=True),
    Column("Said by", "said_by", 24, wrap=True),
    Column("Via", "via", 20, wrap=True),
    Column("Flags", "flags", 26, wrap=True),
    Column("Why", "why", 26, wrap=True),
    Column("Type", "type", 10),
    Column("Article", "article", 24, wrap=True),
    Column("Para", "paragraph", 6),
    Column("Rule", "rule_id", 22),
    Column("Group", "group", 10),
    Column("claim_id", "claim_id", 20, hidden=True),
    Column("checksum", "checksum", 14, hidden=True),
)
HEADERS = tuple(c.header for c in COLUMNS)
REVIEW_HEADERS = {c.header: c.key for c in COLUMNS if c.reviewer}
EXPORT_ID_PROPERTY = "claims_export_id"  # custom document property that survives Excel and LibreOffice saves
LEDGER_ID_PROPERTY = "claims_ledger_id"  # the id of the ledger the worklist was exported with
LEDGER_RELATIVE_PROPERTY = "claims_ledger"  # that ledger's path relative to the workbook's folder
LEDGER_PATH_PROPERTY = "claims_ledger_path"  # and its absolute path
LAYOUT_VERSION = 3  # bump when the workbook shows something new: worklists written before are then written again
WRITER = "claims"  # the workbook's author as exported (also its "last modified by" until someone saves it)


@dataclass
class WorklistRow:
    """One claim as the worklist shows it.

    ``duplicates`` are the same claim, word for word, in other articles of the run: they share
    this row (and its review), and their sources and articles are listed with it. ``group`` is
    the short id of the claim this one states the same thing as (see ``claims.worklist.matching``).
    """

    claim: Claim
    article: Article
    review: Review | None = None
    extra_flags: list[Flag] = field(default_factory=list)
    why: str = ""
    low_priority: bool = False
    group: str = ""
    duplicates: list[tuple[Claim, Article]] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [self.article, *(a for _, a in self.duplicates)]

    @cached_property
    def value_text(self) -> str:
        """``claim.value_text()``, worked out once per row."""
        return self.claim.value_text()

    @cached_property
    def checksum(self) -> str:
        """The claim's ``checksum`` (the hidden column, and what the export records), worked out once per row."""
        return checksum(self.claim, self.value_text)

    @property
    def flags(self) -> list[Flag]:
        """The claim's flags and those the worklist adds (matching, conflicts, held reviews), each once."""
        return list(dict.fromkeys([*self.claim.flags, *self.extra_flags]))

    @property
    def previously_checked(self) -> bool:
        """The ledger holds a verdict for a claim stating the same thing (its Flags cell is shown blue)."""
        return any(f.kind is FlagKind.PREVIOUSLY_CHECKED for f in self.flags)

    @property
    def values(self) -> dict[str, object]:
        claim, review = self.claim, self.review or Review(self.claim.claim_id)
        members = [(claim, self.article), *self.duplicates]
        return {
            "short_id": claim.claim_id[:9],
            "priority": round(claim.score, 2),
            "type": claim.type,
            "claim": claim.checked or claim.text,  # the claim as checked, when there is one
            "context": claim.context or claim.sentence,
            "value": self.value_text,
            "said_by": "\n".join(_unique(said_by(c.source, a) for c, a in members)),
            "via": "; ".join(_unique(v for c, _ in members for v in via(c.source).split("; ") if v)),
            "flags": "\n".join(str(f) for f in self.flags),
            "why": self.why + (" (low priority)" if self.low_priority else ""),
            "article": "\n".join(_unique(article_name(a) for _, a in members)),
            "paragraph": claim.paragraph,
            "rule_id": claim.rule_id,
            "group": self.group,
            "status": review.status,
            "verdict": review.verdict,
            "assigned_to": review.assigned_to,
            "evidence": review.evidence,
            "notes": review.notes,
            "checked_on": review.checked_on,
            "claim_id": claim.claim_id,
            "checksum": self.checksum,
        }


def article_name(article: Article) -> str:
    return article.title or article.location or article.id


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def said_by(source: Source | None, article: Article) -> str:
    """Who makes the claim, in words: "United States (government)", or the outlet's own voice."""
    if source is None:
        return f"{article.outlet} (the article itself)" if article.outlet else "the article itself"
    mention = (source.text or "").lower().removeprefix("the ").strip()
    written = f" — “{source.text}”" if mention and mention not in source.name.lower() else ""
    return f"{source.name} ({source.kind}){written}"


def via(source: Source | None) -> str:
    """Through whom: "The Washington Post report, Sunday"."""
    if source is None or not source.via:
        return ""
    return "; ".join(v.name for v in source.via)


def checksum(claim: Claim, value_text: str | None = None) -> str:
    """A short digest of what the checker saw: claim text, sentence and values (``value_text``, when already known)."""
    payload = "\x1f".join([claim.text, claim.sentence, claim.value_text() if value_text is None else value_text])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
