"""What the worklist reads from the ledger, as a protocol: the worklist layer does not import the ledger
(the ledger's import reads worklists, so the dependency runs one way: ledger → worklist)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from claims.model import Article, Claim, Flag, Review


class ReviewStore(Protocol):
    """The ledger's queries a worklist is built from (``claims.ledger.db.Ledger`` answers them)."""

    def reviews(self, claim_ids: Iterable[str] | None = None) -> dict[str, Review]: ...

    def open_conflicts(self) -> dict[str, list[Flag]]: ...

    def held_reviews(self) -> dict[str, list[Flag]]: ...

    def reviewed_claims(self) -> list[tuple[Claim, Review, dict[str, object]]]: ...

    def claims_by_id(self, claim_ids: Iterable[str]) -> dict[str, Claim]: ...

    def reviewed_for_publishing(self) -> Iterator[tuple[Claim, Article, Review, list[Article]]]: ...
