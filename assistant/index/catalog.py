"""The catalog: one SQLite file beside the vectors that is the index's source of truth.

It holds, per document version that is *active*: the document's metadata, its chunks (text), its page texts,
a full-text keyword index over the chunks (FTS5, BM25 ranking, stemmed tokens from `assistant.text`), the
corpus statistics ingest learned (distinct terms for document frequencies, names and periods mentioned) and
the figure rows extracted from it. Chroma holds only the vectors (see `assistant.index.store`).

Why SQLite: every change of one document is one transaction, so a reader never sees half a document and a
kill -9 leaves either the old or the new version; readers and one writer work at the same time (WAL); and
nothing at start-up walks all chunks — every question is an indexed query.

Replacing a document (`ingest`): `begin(doc_id, version)` records the new version as pending, the new
vectors are written to Chroma, `activate(...)` swaps the catalog rows in one transaction, then the old
vectors are deleted and `finish` clears the pending mark. Vectors of a version that is not active are
ignored by readers and removed at the next ingest (`pending()` says which).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import IndexError_
from assistant.index.schema import Filters
from assistant.models import Chunk, DocumentInfo, DocumentProfile, FigureRow, Page
from assistant.text import tokenize

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, document TEXT NOT NULL, title TEXT, doc_type TEXT, organisation TEXT,
    municipality TEXT, year INTEGER, file_hash TEXT, source TEXT, pages INTEGER, version TEXT NOT NULL,
    chunks INTEGER, description TEXT, warnings TEXT, ingested_at TEXT
);
CREATE INDEX IF NOT EXISTS documents_name ON documents(document);
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT, version TEXT, started_at TEXT, PRIMARY KEY (doc_id, version));
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, page INTEGER, idx INTEGER,
    section TEXT, text TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, page, idx);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT, page INTEGER, text TEXT, ocr INTEGER DEFAULT 0, confidence REAL, PRIMARY KEY (doc_id, page)
);
CREATE TABLE IF NOT EXISTS doc_terms (term TEXT, doc_id TEXT, PRIMARY KEY (term, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_terms_doc ON doc_terms(doc_id);
CREATE TABLE IF NOT EXISTS mentions (
    name TEXT, kind TEXT, doc_id TEXT, count INTEGER, PRIMARY KEY (name, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS periods (period TEXT, doc_id TEXT, count INTEGER, PRIMARY KEY (period, doc_id))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS periods_doc ON periods(doc_id);
CREATE TABLE IF NOT EXISTS figures (id INTEGER PRIMARY KEY, doc_id TEXT, row TEXT);
CREATE TABLE IF NOT EXISTS glossary (
    term TEXT, forms TEXT, doc_id TEXT, chunk_id TEXT, position INTEGER, sentence TEXT, score REAL, defining INTEGER
);
CREATE INDEX IF NOT EXISTS glossary_term ON glossary(term COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS glossary_doc ON glossary(doc_id);
CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc_id);
"""

_DOC_COLUMNS = ("doc_id", "document", "title", "doc_type", "organisation", "municipality", "year", "file_hash",
                "source", "pages", "version")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def match_query(tokens: Iterable[str]) -> str:
    """An FTS5 query that matches any of the (already stemmed) tokens."""
    unique = dict.fromkeys(t for t in tokens if t)
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in unique)


class Catalog:
    """SQLite catalog of the active index. Thread-safe: one connection per thread; writes are transactions."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._db().executescript(_SCHEMA)  # idempotent (IF NOT EXISTS); executescript manages its own commit
        with self._write() as db:
            stored = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if stored is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(stored[0]) != SCHEMA_VERSION:
                raise IndexError_(
                    f"De index in {self.path.parent} heeft een ouder formaat (versie {stored[0]}). Bouw hem opnieuw "
                    "op met: python -m ingest --rebuild"
                )

    # -- connections ----------------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=60000")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                try:
                    db.close()
                except sqlite3.Error:
                    pass
            self._connections.clear()
        self._local = threading.local()

    # -- change tracking ------------------------------------------------------------------------------------

    def generation(self) -> int:
        """A number that grows with every change to the catalog (readers use it to refresh their caches)."""
        row = self._db().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def last_change(self) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = 'updated_at'").fetchone()
        return row[0] if row else None

    @staticmethod
    def _bump(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET "
                   "value = CAST(value AS INTEGER) + 1")
        db.execute("INSERT INTO meta VALUES ('updated_at', ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                   (_now(), _now()))

    def get_meta(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?", (key, value, value))

    # -- writing one document -------------------------------------------------------------------------------

    def begin(self, doc_id: str, version: str) -> None:
        """Mark `version` of a document as being written (its vectors may exist before it is active)."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?)", (doc_id, version, _now()))

    def finish(self, doc_id: str, version: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM pending WHERE doc_id = ? AND version = ?", (doc_id, version))

    def pending(self) -> list[tuple[str, str]]:
        """(doc_id, version) of writes that did not finish: their vectors, or the old ones, may be stale."""
        return [tuple(r) for r in self._db().execute("SELECT doc_id, version FROM pending")]

    def activate(self, info: DocumentInfo, chunks: Sequence[Chunk], pages: Sequence[Page],
                 profile: DocumentProfile, figures: Sequence[FigureRow] = ()) -> str | None:
        """Make `info.version` the document's active version, in one transaction; returns the old version."""
        with self._write() as db:
            old = db.execute("SELECT version FROM documents WHERE doc_id = ?", (info.doc_id,)).fetchone()
            self._delete_rows(db, info.doc_id)
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (info.doc_id, info.document, info.title, info.doc_type, info.organisation, info.municipality,
                 info.year, info.file_hash, info.source, info.pages, info.version, len(chunks),
                 profile.description, json.dumps(profile.warnings, ensure_ascii=False), _now()),
            )
            for chunk in chunks:
                cur = db.execute("INSERT INTO chunks (chunk_id, doc_id, page, idx, section, text) VALUES "
                                 "(?, ?, ?, ?, ?, ?)",
                                 (chunk.chunk_id, info.doc_id, chunk.page, chunk.index, chunk.section, chunk.text))
                db.execute("INSERT INTO chunks_fts (rowid, tokens) VALUES (?, ?)",
                           (cur.lastrowid, " ".join(tokenize(chunk.embed_text))))
            db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                           [(info.doc_id, p.number, p.text, int(p.ocr), p.ocr_confidence) for p in pages])
            db.executemany("INSERT OR IGNORE INTO doc_terms VALUES (?, ?)", [(t, info.doc_id) for t in profile.terms])
            db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?)",
                           [(m.name, m.kind, info.doc_id, m.count) for m in profile.mentions])
            db.executemany("INSERT OR REPLACE INTO periods VALUES (?, ?, ?)",
                           [(p, info.doc_id, n) for p, n in profile.periods.items()])
            db.executemany("INSERT INTO figures (doc_id, row) VALUES (?, ?)",
                           [(info.doc_id, f.model_dump_json()) for f in figures])
            ids = {c.index: c.chunk_id for c in chunks}
            db.executemany("INSERT INTO glossary VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(g.term, json.dumps(g.forms, ensure_ascii=False), info.doc_id, ids.get(g.chunk_index, ""),
                             g.position, g.sentence, g.score, int(g.defining)) for g in profile.glossary])
            self._bump(db)
        return old[0] if old else None

    def update_info(self, info: DocumentInfo) -> None:
        """Change a document's metadata (e.g. a catalogue override) without re-indexing it."""
        with self._write() as db:
            db.execute("UPDATE documents SET title = ?, doc_type = ?, organisation = ?, municipality = ?, year = ? "
                       "WHERE doc_id = ?", (info.title, info.doc_type, info.organisation, info.municipality,
                                            info.year, info.doc_id))
            self._bump(db)

    def remove(self, doc_id: str) -> str | None:
        """Drop a document from the catalog; returns its version (whose vectors the caller deletes)."""
        with self._write() as db:
            old = db.execute("SELECT version FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            self._delete_rows(db, doc_id)
            if old:
                self._bump(db)
        return old[0] if old else None

    @staticmethod
    def _delete_rows(db: sqlite3.Connection, doc_id: str) -> None:
        db.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)", (doc_id,))
        for table in ("chunks", "pages", "doc_terms", "mentions", "periods", "figures", "glossary", "documents"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    # -- documents ------------------------------------------------------------------------------------------

    @staticmethod
    def _info(row: sqlite3.Row | tuple) -> DocumentInfo:
        data = dict(zip(_DOC_COLUMNS, row))
        return DocumentInfo.model_validate({k: v for k, v in data.items() if v is not None})

    def documents(self) -> list[DocumentInfo]:
        cols = ", ".join(_DOC_COLUMNS)
        rows = self._db().execute(f"SELECT {cols} FROM documents ORDER BY title, document")
        return [self._info(r) for r in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        cols = ", ".join(_DOC_COLUMNS)
        row = self._db().execute(f"SELECT {cols} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return self._info(row) if row else None

    def document_stats(self) -> dict[str, tuple[int, str, list[str]]]:
        """doc_id -> (chunks, description, warnings)."""
        rows = self._db().execute("SELECT doc_id, chunks, description, warnings FROM documents")
        return {d: (n or 0, desc or "", json.loads(w or "[]")) for d, n, desc, w in rows}

    def count_documents(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def count_chunks(self) -> int:
        return self._db().execute("SELECT COALESCE(SUM(chunks), 0) FROM documents").fetchone()[0]

    def count_pages(self) -> int:
        return self._db().execute("SELECT COALESCE(SUM(pages), 0) FROM documents").fetchone()[0]

    def doc_ids(self, filters: Filters | None = None) -> list[str]:
        """Documents allowed by `filters` (all when None or empty)."""
        sql, args = self._filter_sql(filters)
        return [r[0] for r in self._db().execute(f"SELECT doc_id FROM documents WHERE {sql}", args)]

    @staticmethod
    def _filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
        if filters is None or filters.is_empty():
            return "1", []
        parts, args = [], []
        for column, values in (("doc_id", filters.documents), ("doc_type", filters.doc_types),
                               ("municipality", filters.municipalities), ("year", filters.years)):
            if values:
                parts.append(f"{column} IN ({', '.join('?' * len(values))})")
                args.extend(values)
        return " AND ".join(parts), args

    # -- chunks and pages -----------------------------------------------------------------------------------

    _CHUNK_SQL = ("SELECT c.chunk_id, c.doc_id, c.page, c.idx, c.section, c.text, d.document, d.title, d.doc_type, "
                  "d.municipality, d.year, d.file_hash, d.source FROM chunks c JOIN documents d USING (doc_id)")

    @staticmethod
    def _chunk(row: tuple) -> Chunk:
        cid, doc_id, page, idx, section, text, document, title, doc_type, muni, year, fhash, source = row
        return Chunk(chunk_id=cid, doc_id=doc_id, document=document, title=title or document, page=page, index=idx,
                     section=section or "", text=text, doc_type=doc_type or "overig", municipality=muni or "",
                     year=year or None, file_hash=fhash or "", source=source or "")

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """The active chunks among `chunk_ids` (ids of inactive versions are left out)."""
        out: dict[str, Chunk] = {}
        ids = list(dict.fromkeys(chunk_ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            rows = self._db().execute(f"{self._CHUNK_SQL} WHERE c.chunk_id IN ({', '.join('?' * len(part))})", part)
            out.update((r[0], self._chunk(r)) for r in rows)
        return out

    def document_chunks(self, doc_id: str, pages: Sequence[int] | None = None) -> list[Chunk]:
        """A document's chunks in order (optionally of some pages only)."""
        sql, args = f"{self._CHUNK_SQL} WHERE c.doc_id = ?", [doc_id]
        if pages is not None:
            sql += f" AND c.page IN ({', '.join('?' * len(pages))})"
            args += list(pages)
        return [self._chunk(r) for r in self._db().execute(sql + " ORDER BY c.idx", args)]

    def iter_chunks(self, batch: int = 2000) -> Iterator[list[Chunk]]:
        """All active chunks, in batches (for offline jobs such as evaluation; never at start-up)."""
        last = 0
        while True:
            rows = self._db().execute(f"{self._CHUNK_SQL} WHERE c.id > ? ORDER BY c.id LIMIT ?", (last, batch))
            rows = rows.fetchall()
            if not rows:
                return
            yield [self._chunk(r) for r in rows]
            last = self._db().execute("SELECT id FROM chunks WHERE chunk_id = ?", (rows[-1][0],)).fetchone()[0]

    def page_text(self, doc_id: str, page: int) -> str:
        row = self._db().execute("SELECT text FROM pages WHERE doc_id = ? AND page = ?", (doc_id, page)).fetchone()
        return row[0] if row else ""

    def page_info(self, doc_id: str, page: int) -> tuple[bool, float | None]:
        """(OCR'd?, OCR confidence) of a page."""
        row = self._db().execute("SELECT ocr, confidence FROM pages WHERE doc_id = ? AND page = ?",
                                 (doc_id, page)).fetchone()
        return (bool(row[0]), row[1]) if row else (False, None)

    def pages_of(self, doc_id: str) -> list[Page]:
        rows = self._db().execute("SELECT page, text, ocr, confidence FROM pages WHERE doc_id = ? ORDER BY page",
                                  (doc_id,))
        return [Page(number=n, text=t, ocr=bool(o), ocr_confidence=c) for n, t, o, c in rows]

    # -- keyword search and statistics ----------------------------------------------------------------------

    def keyword_search(self, tokens: Sequence[str], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """BM25 (FTS5) over the active chunks: best `k` (chunk id, score > 0) for any of the stemmed tokens."""
        query = match_query(tokens)
        if not query:
            return []
        sql = ("SELECT c.chunk_id, -bm25(chunks_fts) AS s FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
               "WHERE chunks_fts MATCH ?")
        args: list[Any] = [query]
        if filters is not None and not filters.is_empty():
            where, extra = self._filter_sql(filters)
            sql += f" AND c.doc_id IN (SELECT doc_id FROM documents WHERE {where})"
            args += extra
        sql += " ORDER BY bm25(chunks_fts) LIMIT ?"
        args.append(k)
        try:
            return [(cid, float(s)) for cid, s in self._db().execute(sql, args) if s > 0]
        except sqlite3.OperationalError:
            return []

    def phrase_occurs(self, tokens: Sequence[str]) -> bool:
        """Whether the stemmed tokens occur next to each other in any chunk (e.g. a name from a question)."""
        tokens = [t for t in tokens if t]
        if not tokens:
            return False
        phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
        try:
            return self._db().execute("SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1",
                                      (phrase,)).fetchone() is not None
        except sqlite3.OperationalError:
            return False

    def document_frequency(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(dict.fromkeys(terms))
        out: dict[str, int] = {t: 0 for t in terms}
        for i in range(0, len(terms), 500):
            part = terms[i : i + 500]
            rows = self._db().execute(
                f"SELECT term, COUNT(*) FROM doc_terms WHERE term IN ({', '.join('?' * len(part))}) GROUP BY term", part)
            out.update(dict(rows))
        return out

    def mentions(self, names: Iterable[str] = (), kind: str | None = None,
                 doc_ids: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
        """name -> {doc_id: count} for the given names (all names of `kind` when none are given), optionally
        within some documents."""
        names = list(names)
        sql, args = "SELECT name, doc_id, count FROM mentions WHERE 1", []
        if names:
            sql += f" AND name IN ({', '.join('?' * len(names))})"
            args += names
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        if doc_ids is not None:
            ids = list(doc_ids)
            sql += f" AND doc_id IN ({', '.join('?' * len(ids))})"
            args += ids
        out: dict[str, dict[str, int]] = {}
        for name, doc_id, count in self._db().execute(sql, args):
            out.setdefault(name, {})[doc_id] = count
        return out

    def names(self, kind: str | None = None) -> list[str]:
        """Distinct names the documents mention (of one kind, or all)."""
        sql, args = "SELECT DISTINCT name FROM mentions", []
        if kind:
            sql += " WHERE kind = ?"
            args.append(kind)
        return [r[0] for r in self._db().execute(sql + " ORDER BY name", args)]

    def period_names(self) -> list[str]:
        return [r[0] for r in self._db().execute("SELECT DISTINCT period FROM periods ORDER BY period")]

    def periods(self, doc_ids: Iterable[str] | None = None,
                periods: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
        """period -> {doc_id: count}, for some documents (or all) and some periods (or all)."""
        sql, args = "SELECT period, doc_id, count FROM periods WHERE 1", []
        if doc_ids is not None:
            ids = list(doc_ids)
            sql += f" AND doc_id IN ({', '.join('?' * len(ids))})"
            args += ids
        if periods is not None:
            wanted = list(periods)
            sql += f" AND period IN ({', '.join('?' * len(wanted))})"
            args += wanted
        out: dict[str, dict[str, int]] = {}
        for period, doc_id, count in self._db().execute(sql, args):
            out.setdefault(period, {})[doc_id] = count
        return out

    def glossary_terms(self) -> dict[str, list[str]]:
        """Every term with glossary candidates -> its other forms (union over documents)."""
        out: dict[str, list[str]] = {}
        for term, forms in self._db().execute("SELECT DISTINCT term, forms FROM glossary"):
            known = out.setdefault(term, [])
            known += [f for f in json.loads(forms or "[]") if f not in known]
        return out

    def glossary_candidates(self, term: str) -> list[tuple[str, str, int, str, float, bool]]:
        """(doc_id, chunk_id, position, sentence, score, defining) for a term, best first."""
        rows = self._db().execute(
            "SELECT doc_id, chunk_id, position, sentence, score, defining FROM glossary WHERE term = ? "
            "COLLATE NOCASE ORDER BY score DESC, doc_id, position", (term,))
        return [(d, c, p, s, sc, bool(df)) for d, c, p, s, sc, df in rows]

    def phrase_chunks(self, tokens: Sequence[str], limit: int = 200) -> list[str]:
        """Ids of chunks that contain the stemmed tokens as a phrase."""
        tokens = [t for t in tokens if t]
        if not tokens:
            return []
        phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
        try:
            rows = self._db().execute("SELECT c.chunk_id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
                                      "WHERE chunks_fts MATCH ? LIMIT ?", (phrase, limit))
            return [r[0] for r in rows]
        except sqlite3.OperationalError:
            return []

    def documents_with_terms(self, terms: Sequence[str]) -> set[str]:
        """Documents whose text contains every one of the stemmed terms (anywhere in the document)."""
        terms = list(dict.fromkeys(t for t in terms if t))
        if not terms:
            return set()
        rows = self._db().execute(
            f"SELECT doc_id FROM doc_terms WHERE term IN ({', '.join('?' * len(terms))}) GROUP BY doc_id "
            "HAVING COUNT(DISTINCT term) = ?", [*terms, len(terms)])
        return {r[0] for r in rows}

    def figures(self) -> list[FigureRow]:
        """Figure rows extracted at ingest from the active documents."""
        return [FigureRow.model_validate_json(r[0]) for r in self._db().execute("SELECT row FROM figures ORDER BY id")]
