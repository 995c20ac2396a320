"""The ledger: a SQLite file holding articles, claims, exports, reviews with their history, and imports.

Opened in WAL mode with a busy timeout; every import runs in one ``BEGIN IMMEDIATE`` transaction
so that a killed import leaves the ledger as it was. The schema is versioned with
``PRAGMA user_version`` and upgraded by the migrations below, in order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claims.errors import LedgerError, os_reason, printable
from claims.ledger.carry import retire_missing
from claims.model import Article, Claim, Flag, FlagKind, Review

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
    # 2: reviews held back (stale rows), and which conflicts an export already showed
    """
    ALTER TABLE exports ADD COLUMN conflict_mark INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE held_reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        claim_id TEXT NOT NULL, values_json TEXT NOT NULL, reason TEXT NOT NULL,
        import_id INTEGER, source_file TEXT, created TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX held_reviews_claim ON held_reviews(claim_id);
    CREATE INDEX conflicts_claim ON conflicts(claim_id);
    CREATE INDEX claims_text ON claims(text);
    """,
    # 3: the file each export wrote (size and mtime, to tell an untouched worklist without reading it) and a
    # fingerprint of its rows (to tell that a new worklist would be the same)
    """
    ALTER TABLE exports ADD COLUMN file_size INTEGER;
    ALTER TABLE exports ADD COLUMN file_mtime_ns INTEGER;
    ALTER TABLE exports ADD COLUMN fingerprint TEXT;
    CREATE INDEX exports_path ON exports(path);
    """,
    # 4: claims an article no longer yields are retired (never deleted) and linked to the claim that
    # states them now, which their review moves to (claims.ledger.carry)
    """
    ALTER TABLE claims ADD COLUMN retired TEXT;
    ALTER TABLE claims ADD COLUMN successor TEXT;
    ALTER TABLE claims ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX claims_current ON claims(article_id, retired);
    """,
    # 5: the ledger's own id (a worklist records the ledger it was exported with), and each export's
    # claims per article (what its Articles sheet shows, and what `claims status` counts)
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('ledger_id', lower(hex(randomblob(16))));
    ALTER TABLE exports ADD COLUMN article_rows TEXT;
    """,
)

REVIEW_FIELDS = Review.REVIEW_FIELDS


def stored_path(path: object) -> str | bytes | None:
    """A path as the ledger keeps it: its text, or for a file name that is not UTF-8 (SQLite's text must
    be) its bytes; ``path_from`` gives the path back."""
    if path is None:
        return None
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def path_from(value: object) -> Path:
    """A path the ledger kept (``stored_path``): text, the bytes of a name that is not UTF-8, or nothing."""
    return Path(os.fsdecode(value)) if isinstance(value, bytes) else Path(str(value or ""))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ledger_problem(path: Path, exc: sqlite3.Error) -> LedgerError:
    """What went wrong with the ledger, in one line that says which: a full disk, a read-only folder or file,
    another process holding it, or a damaged file (only then: restore it from your backup)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        what = "cannot write the ledger: the disk is full (free some space and run the command again)"
    elif code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        what = f"cannot {'open' if code == sqlite3.SQLITE_CANTOPEN else 'write'} the ledger: {_why_not_writable(path)}"
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        what = "the ledger is busy (another claims command is writing to it); try again when it is done"
    elif code == sqlite3.SQLITE_NOTADB:
        what = "not a ledger (not an SQLite database, or its first page is damaged); restore it from your backup or move it aside"
    elif code == sqlite3.SQLITE_CORRUPT:
        what = f"the ledger file is damaged ({exc}); restore it from your backup or move it aside"
    elif code == sqlite3.SQLITE_TOOBIG or isinstance(exc, sqlite3.DataError):
        what = f"a value is too large for the ledger ({exc})"
    elif code == sqlite3.SQLITE_IOERR:
        what = f"a disk read or write failed ({exc}); check the disk"
    else:
        what = f"ledger error: {exc}"
    return LedgerError(f"{path}: {what}")


def _why_not_writable(path: Path) -> str:
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return "the folder is read-only"
    return "permission denied or a read-only file system"


def _translated(method: Any) -> Any:
    def call(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args)
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a mistake in this program, not in the user's files
        except sqlite3.DatabaseError as exc:
            raise ledger_problem(self.ledger_path, exc) from exc

    call.__name__ = call.__qualname__ = method.__name__
    return call


class _Cursor(sqlite3.Cursor):
    """A cursor whose database errors are LedgerErrors that say what went wrong (also while rows are read)."""

    @property
    def ledger_path(self) -> Path:
        return self.connection.ledger_path  # type: ignore[attr-defined]

    execute = _translated(sqlite3.Cursor.execute)
    executemany = _translated(sqlite3.Cursor.executemany)
    fetchone = _translated(sqlite3.Cursor.fetchone)
    fetchall = _translated(sqlite3.Cursor.fetchall)
    fetchmany = _translated(sqlite3.Cursor.fetchmany)
    __next__ = _translated(sqlite3.Cursor.__next__)


class _Connection(sqlite3.Connection):
    """A connection whose statements run on ``_Cursor``s."""

    ledger_path: Path

    def cursor(self, factory: Any = _Cursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)


class Ledger:
    """A connection to the ledger file, upgraded to the current schema on open.

    Every database error is a ``LedgerError`` whose message says what happened: a full disk, a
    read-only folder or file, a busy ledger, or a damaged file.
    """

    def __init__(self, path: str | Path, temporary: bool = False):
        self.path = Path(path)
        self.temporary = temporary  # a ledger for one run only (``--no-ledger``): worklists do not record it
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(f"{self.path}: cannot create the ledger's folder: {os_reason(exc)}") from exc
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, factory=_Connection)
        except sqlite3.DatabaseError as exc:
            raise ledger_problem(self.path, exc) from exc
        self.db.ledger_path = self.path  # type: ignore[attr-defined]
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    @property
    def ledger_id(self) -> str:
        """This ledger's id: random, made when the ledger was created or upgraded; a copy has the same one."""
        return str(self.db.execute("SELECT value FROM meta WHERE key='ledger_id'").fetchone()[0])

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise LedgerError(
                f"{self.path}: ledger schema {version} is newer than this version of claims understands ({len(MIGRATIONS)})"
            )
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
            if self.db.in_transaction:  # SQLite may have rolled back itself (a full disk)
                with contextlib.suppress(LedgerError):
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
                (
                    article.id,
                    article.title,
                    article.outlet,
                    article.published,
                    article.location,
                    article.sha256,
                    rules_version,
                    json.dumps(data, ensure_ascii=False),
                    stamp,
                    stamp,
                ),
            )
            db.executemany(
                """INSERT INTO claims (claim_id, article_id, type, text, checksum, data, first_seen, last_seen)
                   VALUES (?,?,?,?,?,?,?,?)
                   ON CONFLICT(claim_id) DO UPDATE SET checksum=excluded.checksum, data=excluded.data,
                     last_seen=excluded.last_seen, retired=NULL, successor=NULL, moved=0""",
                (  # a generator: a very long article's claims are not all held as JSON at once
                    (
                        c.claim_id,
                        article.id,
                        c.type,
                        c.text,
                        checksums[c.claim_id],
                        json.dumps(c.to_dict(), ensure_ascii=False),
                        stamp,
                        stamp,
                    )
                    for c in claims
                ),
            )
            retire_missing(db, article.id, claims, stamp)

    def cached(self, article: Article, rules_version: str) -> list[Claim] | None:
        """The claims of an article already extracted with the same text and rules, or None."""
        row = self.db.execute("SELECT rules_version, data FROM articles WHERE id=?", (article.id,)).fetchone()
        if row is None or row["rules_version"] != rules_version:
            return None
        stored = json.loads(row["data"])
        if stored.get("text") != article.text:
            return None
        return [
            Claim.from_dict(json.loads(r["data"]))
            for r in self.db.execute(
                "SELECT data FROM claims WHERE article_id=? AND retired IS NULL ORDER BY rowid", (article.id,)
            )
        ]

    def is_current(self, article: Article, rules_version: str) -> bool:
        """Whether the ledger holds this article's claims for the same text and rules (claims not loaded)."""
        row = self.db.execute("SELECT rules_version, data FROM articles WHERE id=?", (article.id,)).fetchone()
        return (
            row is not None
            and row["rules_version"] == rules_version
            and json.loads(row["data"]).get("text") == article.text
        )

    def claims_for_articles(self, article_ids: Iterable[str], batch: int = 200) -> Iterator[Claim]:
        """The stored claims of these articles, article by article in the order given, streamed in batches."""
        ids = list(article_ids)
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            found: dict[str, list[Claim]] = {}
            for r in self.db.execute(
                f"SELECT article_id, data FROM claims WHERE article_id IN ({','.join('?' * len(chunk))})"
                " AND retired IS NULL ORDER BY rowid",
                chunk,
            ):
                found.setdefault(r["article_id"], []).append(Claim.from_dict(json.loads(r["data"])))
            for article_id in chunk:
                yield from found.get(article_id, [])

    def claims_by_id(self, claim_ids: Iterable[str]) -> dict[str, Claim]:
        """The stored claims with these ids (unknown ids are left out)."""
        return {
            r[0]: Claim.from_dict(json.loads(r[1]))
            for r in self._in("SELECT claim_id, data FROM claims WHERE claim_id IN ({})", claim_ids)
        }

    def successor(self, claim_id: str) -> tuple[str, bool] | None:
        """For a retired claim: the current claim that states it now and whether its review moved there
        (False: the words changed, a review of it is held), following successors of successors."""
        moved, seen = True, {claim_id}
        row = self.db.execute("SELECT retired, successor, moved FROM claims WHERE claim_id=?", (claim_id,)).fetchone()
        if row is None or row["retired"] is None:
            return None
        while row is not None and row["retired"] is not None:
            if row["successor"] is None or row["successor"] in seen:
                return None
            moved = moved and bool(row["moved"])
            claim_id = row["successor"]
            seen.add(claim_id)
            row = self.db.execute(
                "SELECT retired, successor, moved FROM claims WHERE claim_id=?", (claim_id,)
            ).fetchone()
        return (claim_id, moved) if row is not None else None

    def claim_exists(self, claim_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM claims WHERE claim_id=?", (claim_id,)).fetchone() is not None

    def claim_checksums(self, claim_ids: Iterable[str]) -> dict[str, tuple[str, str, str]]:
        """Current ``(checksum, text, checked)`` of each known claim id (``checked``: the claim as checked, or "");
        unknown ids are left out."""
        sql = "SELECT claim_id, checksum, text, json_extract(data, '$.checked') FROM claims WHERE claim_id IN ({})"
        return {r[0]: (r[1], r[2], r[3] or "") for r in self._in(sql, claim_ids)}

    def _in(self, sql: str, values: Iterable[str]) -> Iterator[sqlite3.Row]:
        ids = list(values)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    # exports --------------------------------------------------------------------------------

    def record_export(
        self,
        export_id: str,
        path: str,
        rows: Iterable[tuple[str, str]],
        fingerprint: str | None = None,
        article_rows: dict[str, int] | None = None,
    ) -> None:
        """Remember what an export showed: each claim's checksum and review version, and the conflicts known then.

        The file at ``path`` (written just before) is remembered by its size and modification time,
        so that a worklist nobody has saved since is known without reading it (see ``export_untouched``).
        ``article_rows`` are the claims per article its Articles sheet shows (``claims status`` counts them).
        """
        size: int | None
        mtime: int | None
        try:
            stat = Path(path).stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size = mtime = None
        with self.transaction() as db:
            mark = db.execute("SELECT COALESCE(MAX(id), 0) FROM conflicts").fetchone()[0]
            db.execute(
                """INSERT INTO exports (export_id, path, created, rows, conflict_mark, file_size, file_mtime_ns,
                          fingerprint, article_rows) VALUES (?,?,?,0,?,?,?,?,?)""",
                (export_id, stored_path(path), now(), mark, size, mtime, fingerprint, json.dumps(article_rows or {})),
            )
            db.execute("CREATE TEMP TABLE IF NOT EXISTS shown (claim_id TEXT PRIMARY KEY, checksum TEXT NOT NULL)")
            db.execute("DELETE FROM shown")
            db.executemany("INSERT OR REPLACE INTO shown VALUES (?,?)", rows)
            db.execute(
                """INSERT OR REPLACE INTO export_rows (export_id, claim_id, checksum, review_version)
                          SELECT ?, s.claim_id, s.checksum, COALESCE(r.version, 0) FROM shown s LEFT JOIN reviews r USING (claim_id)""",
                (export_id,),
            )
            db.execute("UPDATE exports SET rows=(SELECT COUNT(*) FROM shown) WHERE export_id=?", (export_id,))
            db.execute("DELETE FROM shown")

    def last_export(self, path: str | Path) -> dict[str, object] | None:
        """The latest export written to ``path`` (the file there now, unless someone replaced it)."""
        row = self.db.execute(
            """SELECT export_id, path, created, rows, file_size, file_mtime_ns, fingerprint FROM exports
                                 WHERE path=? ORDER BY created DESC, rowid DESC LIMIT 1""",
            (stored_path(Path(path).resolve()),),
        ).fetchone()
        return dict(row) if row else None

    def export_untouched(self, path: str | Path) -> dict[str, object] | None:
        """The export at ``path`` when the file is exactly as written (same size and modification time), else None.

        Nobody has saved such a worklist since it was exported, so it holds no marks the ledger lacks.
        """
        export = self.last_export(path)
        if export is None or export["file_size"] is None:
            return None
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        return export if (stat.st_size, stat.st_mtime_ns) == (export["file_size"], export["file_mtime_ns"]) else None

    def export_rows(self, export_id: str) -> dict[str, tuple[str, int]]:
        return {
            r["claim_id"]: (r["checksum"], r["review_version"])
            for r in self.db.execute(
                "SELECT claim_id, checksum, review_version FROM export_rows WHERE export_id=?", (export_id,)
            )
        }

    def export_known(self, export_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM exports WHERE export_id=?", (export_id,)).fetchone() is not None

    def conflict_mark(self, export_id: str | None) -> int:
        """The last conflict the export could show (conflicts up to it are settled by importing its rows)."""
        if not export_id:
            return 0
        row = self.db.execute("SELECT conflict_mark FROM exports WHERE export_id=?", (export_id,)).fetchone()
        return row[0] if row else 0

    def exports(self) -> list[dict[str, object]]:
        return [
            dict(r)
            for r in self.db.execute("SELECT export_id, path, created, rows FROM exports ORDER BY created, rowid")
        ]

    def imported(self, file_sha256: str) -> bool:
        """Whether a file with exactly these bytes was imported (applied) before."""
        return (
            self.db.execute("SELECT 1 FROM imports WHERE file_sha256=? AND applied=1", (file_sha256,)).fetchone()
            is not None
        )

    # reviews --------------------------------------------------------------------------------

    def reviews(self, claim_ids: Iterable[str] | None = None) -> dict[str, Review]:
        if claim_ids is None:
            rows: Iterable[sqlite3.Row] = self.db.execute("SELECT * FROM reviews")
        else:
            rows = self._in("SELECT * FROM reviews WHERE claim_id IN ({})", claim_ids)
        return {r["claim_id"]: Review(r["claim_id"], *(r[f] for f in REVIEW_FIELDS)) for r in rows}

    def review_version(self, claim_id: str) -> int:
        row = self.db.execute("SELECT version FROM reviews WHERE claim_id=?", (claim_id,)).fetchone()
        return row[0] if row else 0

    def save_review(
        self, review: Review, import_id: int | None, source_file: str | None, who: str | None = None
    ) -> None:
        """Store a review, add it to the claim's history and settle what it answers (call inside a transaction)."""
        stamp = now()
        version = self.review_version(review.claim_id) + 1
        values = review.values()
        self.db.execute(
            f"""INSERT INTO reviews (claim_id, {", ".join(REVIEW_FIELDS)}, version, updated_at, import_id)
                VALUES (?, {", ".join("?" * len(REVIEW_FIELDS))}, ?, ?, ?)
                ON CONFLICT(claim_id) DO UPDATE SET {", ".join(f"{f}=excluded.{f}" for f in REVIEW_FIELDS)},
                  version=excluded.version, updated_at=excluded.updated_at, import_id=excluded.import_id""",
            (review.claim_id, *values.values(), version, stamp, import_id),
        )
        self.db.execute(
            "INSERT INTO review_history (claim_id, version, values_json, changed_at, import_id, source_file, who) VALUES (?,?,?,?,?,?,?)",
            (
                review.claim_id,
                version,
                json.dumps(values, ensure_ascii=False),
                stamp,
                import_id,
                stored_path(source_file),
                who or values.get("assigned_to"),
            ),
        )
        self.db.execute("UPDATE held_reviews SET resolved=1 WHERE claim_id=? AND resolved=0", (review.claim_id,))

    def history(self, claim_id: str) -> list[dict[str, object]]:
        return [
            dict(r) for r in self.db.execute("SELECT * FROM review_history WHERE claim_id=? ORDER BY id", (claim_id,))
        ]

    def review_at(self, claim_id: str, version: int) -> Review | None:
        """The review as it was at ``version`` (None for version 0: no review yet)."""
        if version <= 0:
            return None
        row = self.db.execute(
            "SELECT values_json FROM review_history WHERE claim_id=? AND version=? ORDER BY id DESC LIMIT 1",
            (claim_id, version),
        ).fetchone()
        return Review(claim_id, **json.loads(row[0])) if row else None

    def versions_after(self, claim_id: str, version: int) -> list[Review]:
        """Every value the review took after ``version``, oldest first."""
        return [
            Review(claim_id, **json.loads(r[0]))
            for r in self.db.execute(
                "SELECT values_json FROM review_history WHERE claim_id=? AND version>? ORDER BY id", (claim_id, version)
            )
        ]

    def reviewed_claims(self) -> list[tuple[Claim, Review, dict[str, object]]]:
        """Claims with a verdict, with their review and where they appeared (title, location, reviewed on)."""
        out = []
        for r in self.db.execute(
            f"""SELECT c.data, {", ".join("r." + f for f in REVIEW_FIELDS)}, r.updated_at, a.title, a.location
                FROM reviews r JOIN claims c USING (claim_id) JOIN articles a ON a.id=c.article_id
                WHERE r.verdict IS NOT NULL AND r.verdict != '' AND c.moved = 0 ORDER BY r.updated_at, c.claim_id"""
        ):
            claim = Claim.from_dict(json.loads(r["data"]))
            review = Review(claim.claim_id, *(r[f] for f in REVIEW_FIELDS))
            out.append((claim, review, {"title": r["title"], "location": r["location"], "updated_at": r["updated_at"]}))
        return out

    def reviewed_for_publishing(self) -> Iterator[tuple[Claim, Article, Review, list[Article]]]:
        """Claims with a verdict, by id, with their article and the other articles holding the same claim word for word."""
        rows = self.db.execute(
            f"""SELECT c.data AS claim, a.data AS article, {", ".join("r." + f for f in REVIEW_FIELDS)}
                FROM reviews r JOIN claims c USING (claim_id) JOIN articles a ON a.id=c.article_id
                WHERE r.verdict IS NOT NULL AND r.verdict != '' AND c.moved = 0 ORDER BY c.claim_id"""
        ).fetchall()
        for r in rows:
            claim, article = Claim.from_dict(json.loads(r["claim"])), Article.from_dict(json.loads(r["article"]))
            review = Review(claim.claim_id, *(r[f] for f in REVIEW_FIELDS))
            also = []
            for other in self.db.execute(
                """SELECT c.claim_id, c.data AS claim, a.data AS article FROM claims c JOIN articles a
                                            ON a.id=c.article_id WHERE c.text=? AND c.type=? AND c.claim_id!=? ORDER BY a.id""",
                (claim.text, claim.type, claim.claim_id),
            ):
                other_claim = Claim.from_dict(json.loads(other["claim"]))
                if (
                    " ".join(other_claim.sentence.split()) == " ".join(claim.sentence.split())
                    and other_claim.article_id != claim.article_id
                ):
                    also.append(Article.from_dict(json.loads(other["article"])))
            yield claim, article, review, also

    def find_claim(self, short_id: str, checksum: str) -> list[str]:
        """Claim ids starting with ``short_id`` whose checksum is ``checksum``."""
        prefix = short_id.replace("%", "").replace("_", "")
        return [
            r[0]
            for r in self.db.execute(
                "SELECT claim_id FROM claims WHERE claim_id LIKE ? AND checksum=?", (prefix + "%", checksum)
            )
        ]

    # conflicts and held reviews ---------------------------------------------------------------

    def conflict_open(self, claim_id: str, field: str, ledger_value: str | None, sheet_value: str | None) -> bool:
        """Whether this very conflict is recorded and not settled."""
        return (
            self.db.execute(
                "SELECT 1 FROM conflicts WHERE claim_id=? AND field=? AND ledger_value IS ? AND sheet_value IS ?"
                " AND resolved=0",
                (claim_id, field, ledger_value, sheet_value),
            ).fetchone()
            is not None
        )

    def add_conflict(
        self, claim_id: str, field: str, ledger_value: str | None, sheet_value: str | None, import_id: int
    ) -> bool:
        """Record a conflict unless the same one is already open. Returns whether it is new."""
        if self.conflict_open(claim_id, field, ledger_value, sheet_value):
            return False
        self.db.execute(
            "INSERT INTO conflicts (claim_id, field, ledger_value, sheet_value, import_id, created) VALUES (?,?,?,?,?,?)",
            (claim_id, field, ledger_value, sheet_value, import_id, now()),
        )
        return True

    def settle_conflicts(self, claim_id: str, up_to: int) -> int:
        """Mark a claim's conflicts up to id ``up_to`` resolved (its row was imported from a sheet that showed them)."""
        cursor = self.db.execute(
            "UPDATE conflicts SET resolved=1 WHERE claim_id=? AND id<=? AND resolved=0", (claim_id, up_to)
        )
        return cursor.rowcount

    def open_conflicts(self) -> dict[str, list[Flag]]:
        out: dict[str, list[Flag]] = {}
        for r in self.db.execute(
            "SELECT claim_id, field, ledger_value, sheet_value FROM conflicts WHERE resolved=0 ORDER BY id"
        ):
            name = r["field"].replace("_", " ")
            out.setdefault(r["claim_id"], []).append(
                Flag(
                    FlagKind.CONFLICT,
                    f"{name} is '{r['ledger_value'] or ''}' here but '{r['sheet_value'] or ''}' in another reviewer's "
                    "sheet; set the value you mean and import this sheet",
                )
            )
        return out

    def review_held(self, review: Review) -> bool:
        """Whether these very marks are held for the claim already (and not settled)."""
        values = json.dumps(review.values(), ensure_ascii=False)
        return (
            self.db.execute(
                "SELECT 1 FROM held_reviews WHERE claim_id=? AND values_json=? AND resolved=0",
                (review.claim_id, values),
            ).fetchone()
            is not None
        )

    def hold_review(self, review: Review, reason: str, import_id: int, source_file: str) -> bool:
        """Keep a review that cannot be applied (its claim changed since export). Returns whether it is new."""
        if self.review_held(review):
            return False
        values = json.dumps(review.values(), ensure_ascii=False)
        self.db.execute(
            "INSERT INTO held_reviews (claim_id, values_json, reason, import_id, source_file, created) VALUES (?,?,?,?,?,?)",
            (review.claim_id, values, reason, import_id, stored_path(source_file), now()),
        )
        return True

    def held_reviews(self) -> dict[str, list[Flag]]:
        out: dict[str, list[Flag]] = {}
        for r in self.db.execute(
            "SELECT claim_id, values_json, reason, source_file FROM held_reviews WHERE resolved=0 ORDER BY id"
        ):
            values = {k: v for k, v in json.loads(r["values_json"]).items() if v}
            shown = ", ".join(f"{k.replace('_', ' ')} '{v}'" for k, v in values.items())
            out.setdefault(r["claim_id"], []).append(
                Flag(
                    FlagKind.HELD,
                    f"a review ({shown}) from {printable(path_from(r['source_file']).name)} was for an earlier version "
                    f"of this claim ({r['reason']}); check it again and mark this row",
                )
            )
        return out

    # imports --------------------------------------------------------------------------------

    def start_import(self, path: str, sha: str, export_id: str | None) -> int:
        cursor = self.db.execute(
            "INSERT INTO imports (path, file_sha256, export_id, imported_at, applied, changed, problems) VALUES (?,?,?,?,0,0,0)",
            (stored_path(path), sha, export_id, now()),
        )
        return int(cursor.lastrowid or 0)

    def finish_import(self, import_id: int, applied: bool, changed: int, problems: int) -> None:
        self.db.execute(
            "UPDATE imports SET applied=?, changed=?, problems=? WHERE id=?",
            (int(applied), changed, problems, import_id),
        )

    def latest_export(self) -> dict[str, object] | None:
        """The most recent export of this ledger (its id, path, time and row count), or None."""
        row = self.db.execute(
            "SELECT export_id, path, created, rows, article_rows FROM exports ORDER BY created DESC, rowid DESC LIMIT 1"
        ).fetchone()
        return dict(row) if row else None

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts for ``claims status``: the rows of the latest worklist by status and verdict, and its claims
        per article, so that status says what the worklist shows (a claim printed word for word in two
        articles is one row there). Without an export, the ledger's current claims."""
        latest = self.latest_export()

        def grouped(sql: str, *args: object) -> dict[str, int]:
            return {str(r[0] if r[0] is not None else "(not set)"): r[1] for r in self.db.execute(sql, args)}

        if latest is None:
            current = "SELECT claim_id FROM claims WHERE retired IS NULL"
            out = {
                name: grouped(
                    f"SELECT r.{name}, COUNT(*) FROM ({current}) c LEFT JOIN reviews r USING (claim_id) "
                    f"GROUP BY r.{name} ORDER BY 2 DESC, 1"
                )
                for name in ("status", "verdict")
            }
            out["article"] = grouped(
                "SELECT COALESCE(a.title, a.id), COUNT(*) FROM claims c JOIN articles a ON a.id=c.article_id"
                " WHERE c.retired IS NULL GROUP BY a.id ORDER BY 2 DESC, 1"
            )
            return out
        out = {
            name: grouped(
                f"SELECT r.{name}, COUNT(*) FROM export_rows e LEFT JOIN reviews r USING (claim_id) "
                f"WHERE e.export_id=? GROUP BY r.{name} ORDER BY 2 DESC, 1",
                latest["export_id"],
            )
            for name in ("status", "verdict")
        }
        per_article = json.loads(str(latest["article_rows"] or "{}"))
        query = "SELECT id, COALESCE(title, id) FROM articles WHERE id IN ({})"
        titles: dict[str, str] = {row[0]: row[1] for row in self._in(query, per_article)}
        out["article"] = dict(
            sorted(((titles.get(a, a), n) for a, n in per_article.items()), key=lambda item: (-item[1], item[0]))
        )
        return out


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
