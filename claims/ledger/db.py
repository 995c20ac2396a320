"""The ledger: a SQLite file holding articles, claims, exports, reviews with their history, and imports.

Opened in WAL mode with a busy timeout; every import runs in one ``BEGIN IMMEDIATE`` transaction
so that a killed import leaves the ledger as it was. The schema is versioned with
``PRAGMA user_version`` and upgraded by the migrations below, in order.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from claims.errors import LedgerError
from claims.model import Article, Claim, Review

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT, outlet TEXT, published TEXT, location TEXT, sha256 TEXT,
        rules_version TEXT, data TEXT NOT NULL,
        first_seen TEXT NOT NULL, last_seen TEXT NOT NULL
    );
    CREATE TABLE claims (
        claim_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        type TEXT NOT NULL, text TEXT NOT NULL, checksum TEXT NOT NULL,
        data TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE TABLE exports (
        export_id TEXT PRIMARY KEY, path TEXT, created TEXT NOT NULL, rows INTEGER NOT NULL
    );
    CREATE TABLE export_rows (
        export_id TEXT NOT NULL REFERENCES exports(export_id),
        claim_id TEXT NOT NULL, checksum TEXT NOT NULL, review_version INTEGER NOT NULL,
        PRIMARY KEY (export_id, claim_id)
    );
    CREATE TABLE reviews (
        claim_id TEXT PRIMARY KEY,
        status TEXT, verdict TEXT, assigned_to TEXT, evidence TEXT, notes TEXT, checked_on TEXT,
        version INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL, import_id INTEGER
    );
    CREATE TABLE review_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        claim_id TEXT NOT NULL, version INTEGER NOT NULL, values_json TEXT NOT NULL,
        changed_at TEXT NOT NULL, import_id INTEGER, source_file TEXT, who TEXT
    );
    CREATE INDEX review_history_claim ON review_history(claim_id);
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        claim_id TEXT NOT NULL, field TEXT NOT NULL, ledger_value TEXT, sheet_value TEXT,
        import_id INTEGER, created TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL, file_sha256 TEXT NOT NULL, export_id TEXT,
        imported_at TEXT NOT NULL, applied INTEGER NOT NULL, changed INTEGER NOT NULL, problems INTEGER NOT NULL
    );
    """,
)

REVIEW_FIELDS = Review.REVIEW_FIELDS


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Ledger:
    """A connection to the ledger file, upgraded to the current schema on open."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path}: cannot open the ledger ({exc}); restore it from your backup or move it aside") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise LedgerError(f"{self.path}: ledger schema {version} is newer than this version of claims understands ({len(MIGRATIONS)})")
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # articles and claims -------------------------------------------------------------------

    def store(self, article: Article, claims: list[Claim], rules_version: str, checksums: dict[str, str]) -> None:
        """Record an article and its claims (upsert), keeping first-seen times."""
        stamp = now()
        data = article.to_dict()
        with self.transaction() as db:
            db.execute(
                """INSERT INTO articles (id, title, outlet, published, location, sha256, rules_version, data, first_seen, last_seen)
                   VALUES (?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET title=excluded.title, outlet=excluded.outlet, published=excluded.published,
                     location=excluded.location, sha256=excluded.sha256, rules_version=excluded.rules_version,
                     data=excluded.data, last_seen=excluded.last_seen""",
                (article.id, article.title, article.outlet, article.published, article.location, article.sha256,
                 rules_version, json.dumps(data, ensure_ascii=False), stamp, stamp),
            )
            db.executemany(
                """INSERT INTO claims (claim_id, article_id, type, text, checksum, data, first_seen, last_seen)
                   VALUES (?,?,?,?,?,?,?,?)
                   ON CONFLICT(claim_id) DO UPDATE SET checksum=excluded.checksum, data=excluded.data, last_seen=excluded.last_seen""",
                [(c.claim_id, article.id, c.type, c.text, checksums[c.claim_id], json.dumps(c.to_dict(), ensure_ascii=False), stamp, stamp)
                 for c in claims],
            )

    def cached(self, article: Article, rules_version: str) -> list[Claim] | None:
        """The claims of an article already extracted with the same text and rules, or None."""
        row = self.db.execute("SELECT rules_version, data FROM articles WHERE id=?", (article.id,)).fetchone()
        if row is None or row["rules_version"] != rules_version:
            return None
        stored = json.loads(row["data"])
        if stored.get("text") != article.text:
            return None
        return [Claim.from_dict(json.loads(r["data"])) for r in
                self.db.execute("SELECT data FROM claims WHERE article_id=? ORDER BY rowid", (article.id,))]

    def claim_exists(self, claim_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM claims WHERE claim_id=?", (claim_id,)).fetchone() is not None

    # exports --------------------------------------------------------------------------------

    def record_export(self, export_id: str, path: str, rows: Iterable[tuple[str, str]]) -> None:
        """Remember what an export showed: each claim's checksum and review version."""
        with self.transaction() as db:
            db.execute("INSERT INTO exports (export_id, path, created, rows) VALUES (?,?,?,0)", (export_id, path, now()))
            count = 0
            for claim_id, checksum in rows:
                version = db.execute("SELECT version FROM reviews WHERE claim_id=?", (claim_id,)).fetchone()
                db.execute("INSERT OR REPLACE INTO export_rows (export_id, claim_id, checksum, review_version) VALUES (?,?,?,?)",
                           (export_id, claim_id, checksum, version[0] if version else 0))
                count += 1
            db.execute("UPDATE exports SET rows=? WHERE export_id=?", (count, export_id))

    def export_rows(self, export_id: str) -> dict[str, tuple[str, int]]:
        return {r["claim_id"]: (r["checksum"], r["review_version"]) for r in
                self.db.execute("SELECT claim_id, checksum, review_version FROM export_rows WHERE export_id=?", (export_id,))}

    def export_known(self, export_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM exports WHERE export_id=?", (export_id,)).fetchone() is not None

    # reviews --------------------------------------------------------------------------------

    def reviews(self, claim_ids: Iterable[str] | None = None) -> dict[str, Review]:
        if claim_ids is None:
            rows = self.db.execute("SELECT * FROM reviews")
        else:
            ids = list(claim_ids)
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows.extend(self.db.execute(f"SELECT * FROM reviews WHERE claim_id IN ({','.join('?' * len(chunk))})", chunk))
        return {r["claim_id"]: Review(r["claim_id"], *(r[f] for f in REVIEW_FIELDS)) for r in rows}

    def review_version(self, claim_id: str) -> int:
        row = self.db.execute("SELECT version FROM reviews WHERE claim_id=?", (claim_id,)).fetchone()
        return row[0] if row else 0

    def save_review(self, review: Review, import_id: int | None, source_file: str | None) -> None:
        """Store a review and add it to the claim's history (call inside a transaction)."""
        stamp = now()
        version = self.review_version(review.claim_id) + 1
        values = review.values()
        self.db.execute(
            f"""INSERT INTO reviews (claim_id, {', '.join(REVIEW_FIELDS)}, version, updated_at, import_id)
                VALUES (?, {', '.join('?' * len(REVIEW_FIELDS))}, ?, ?, ?)
                ON CONFLICT(claim_id) DO UPDATE SET {', '.join(f'{f}=excluded.{f}' for f in REVIEW_FIELDS)},
                  version=excluded.version, updated_at=excluded.updated_at, import_id=excluded.import_id""",
            (review.claim_id, *values.values(), version, stamp, import_id),
        )
        self.db.execute(
            "INSERT INTO review_history (claim_id, version, values_json, changed_at, import_id, source_file, who) VALUES (?,?,?,?,?,?,?)",
            (review.claim_id, version, json.dumps(values, ensure_ascii=False), stamp, import_id, source_file, values.get("assigned_to")),
        )

    def history(self, claim_id: str) -> list[dict[str, object]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM review_history WHERE claim_id=? ORDER BY id", (claim_id,))]

    def add_conflict(self, claim_id: str, field: str, ledger_value: str | None, sheet_value: str | None, import_id: int) -> None:
        self.db.execute("INSERT INTO conflicts (claim_id, field, ledger_value, sheet_value, import_id, created) VALUES (?,?,?,?,?,?)",
                        (claim_id, field, ledger_value, sheet_value, import_id, now()))

    def open_conflicts(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT claim_id, field, ledger_value, sheet_value FROM conflicts WHERE resolved=0 ORDER BY id"):
            out.setdefault(r["claim_id"], []).append(
                f"conflict: {r['field']} is '{r['ledger_value'] or ''}' in the ledger but '{r['sheet_value'] or ''}' in a later sheet")
        return out

    def start_import(self, path: str, sha: str, export_id: str | None) -> int:
        cursor = self.db.execute("INSERT INTO imports (path, file_sha256, export_id, imported_at, applied, changed, problems) VALUES (?,?,?,?,0,0,0)",
                                 (path, sha, export_id, now()))
        return int(cursor.lastrowid or 0)

    def finish_import(self, import_id: int, applied: bool, changed: int, problems: int) -> None:
        self.db.execute("UPDATE imports SET applied=?, changed=?, problems=? WHERE id=?", (int(applied), changed, problems, import_id))

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts for ``claims status``."""
        def grouped(sql: str) -> dict[str, int]:
            return {str(r[0] if r[0] is not None else "(not set)"): r[1] for r in self.db.execute(sql)}

        return {
            "status": grouped("SELECT r.status, COUNT(*) FROM claims c LEFT JOIN reviews r USING (claim_id) GROUP BY r.status ORDER BY 2 DESC"),
            "verdict": grouped("SELECT r.verdict, COUNT(*) FROM claims c LEFT JOIN reviews r USING (claim_id) GROUP BY r.verdict ORDER BY 2 DESC"),
            "article": grouped("SELECT COALESCE(a.title, a.id), COUNT(*) FROM claims c JOIN articles a ON a.id=c.article_id GROUP BY a.id ORDER BY 2 DESC"),
        }


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
