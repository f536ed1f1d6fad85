"""Passage-embedding cache: one SQLite file per cache directory, behind LangChain's `ByteStore` interface.

`<cache_dir>/embeddings.sqlite` holds the vectors of every model (keys carry a per-model namespace). It runs in
WAL mode: several processes and threads may share it, readers do not block the writer, and each `mset` is one
transaction, so a process killed mid-write (kill -9) leaves the last committed batches intact. With
`synchronous=NORMAL` a power cut may lose the last few batches, never corrupt the file; a cache can afford that.

Values are float32 with a length + CRC32 header (`encode_vector`). A value that does not decode is a cache miss
(`decode_vector` returns None): `CacheBackedEmbeddings` recomputes it and overwrites the entry. A file that is not
a database at all is moved aside (`embeddings.sqlite.corrupt-<time>`) and the cache starts empty.

Earlier versions kept one JSON file per text in `<cache_dir>/embeddings/`. That folder is read lazily
(`LegacyFallbackStore`): a key missing from SQLite is looked up there and copied in, so upgrading does not
re-embed anything. Nothing is written there any more; once the corpus has been re-ingested it can be deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from langchain_core.stores import ByteStore

log = logging.getLogger(__name__)

CACHE_FILE = "embeddings.sqlite"
LEGACY_DIR = "embeddings"
BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's transaction
_PARAMS_PER_QUERY = 500  # keys per IN (...) clause: below SQLite's bound-parameter limit on every build
_PAGE = 1000
_BROKEN = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_SCHEMA = "CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)"


class SQLiteByteStore(ByteStore):
    """A `ByteStore` in one SQLite file, shared safely by threads (one connection, one lock) and processes.

    `table` names the key-value table (the OCR cache uses this store too, in a file of its own)."""

    def __init__(self, path: Path, *, timeout: float = BUSY_TIMEOUT, table: str = "embeddings"):
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.path = Path(path)
        self.table = table
        self._timeout = timeout
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._inherited: sqlite3.Connection | None = None
        with self._lock:
            self._connection()

    def mget(self, keys: Sequence[str]) -> list[bytes | None]:
        found: dict[str, bytes] = {}
        with self._lock:
            conn = self._connection()
            for part in _parts(list(keys)):
                sql = f"SELECT key, value FROM {self.table} WHERE key IN ({_marks(part)})"
                found.update(conn.execute(sql, part).fetchall())
        return [found.get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        """Write all pairs in one transaction: a reader sees all of them or none."""
        rows = [(key, bytes(value)) for key, value in key_value_pairs]
        if not rows:
            return
        with self._lock, _transaction(self._connection()) as conn:
            conn.executemany(f"INSERT OR REPLACE INTO {self.table} (key, value) VALUES (?, ?)", rows)

    def mdelete(self, keys: Sequence[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        with self._lock, _transaction(self._connection()) as conn:
            for part in _parts(keys):
                conn.execute(f"DELETE FROM {self.table} WHERE key IN ({_marks(part)})", part)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        """Keys (starting with `prefix`), read a page at a time so the lock is never held by a paused caller."""
        prefix = prefix or ""
        sql = f"SELECT rowid, key FROM {self.table} WHERE rowid > ? AND substr(key, 1, ?) = ? ORDER BY rowid LIMIT ?"
        last = 0
        while True:
            with self._lock:
                rows = self._connection().execute(sql, (last, len(prefix), prefix, _PAGE)).fetchall()
            yield from (key for _, key in rows)
            if len(rows) < _PAGE:
                return
            last = rows[-1][0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        """This process's connection (the caller holds the lock); a forked child opens its own."""
        if self._conn is None or self._pid != os.getpid():
            if self._conn is not None:
                self._inherited = self._conn  # the parent's: never use or close it in the child
            self._conn = _open(self.path, self._timeout, self.table)
            self._pid = os.getpid()
        return self._conn


class LegacyFallbackStore(ByteStore):
    """`primary`, reading through to a read-only `legacy` store for missing keys; hits are copied to `primary`.

    `convert` rewrites a legacy value on the way (None: drop it, so it stays a miss).
    """

    def __init__(self, primary: ByteStore, legacy: ByteStore, convert: Callable[[bytes], bytes | None] = bytes):
        self.primary = primary
        self.legacy = legacy
        self.convert = convert

    def mget(self, keys: Sequence[str]) -> list[bytes | None]:
        values = self.primary.mget(keys)
        missing = [i for i, value in enumerate(values) if value is None]
        if not missing:
            return values
        old = self.legacy.mget([keys[i] for i in missing])
        found = [(i, self.convert(value)) for i, value in zip(missing, old) if value is not None]
        found = [(i, value) for i, value in found if value is not None]
        if found:
            self.primary.mset([(keys[i], value) for i, value in found])
            for i, value in found:
                values[i] = value
        return values

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        self.primary.mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        self.primary.mdelete(keys)
        self.legacy.mdelete(keys)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        """Keys of the primary store only (legacy entries count once they have been read)."""
        return self.primary.yield_keys(prefix=prefix)


def open_byte_store(cache_dir: Path) -> ByteStore:
    """The cache's byte store: `<cache_dir>/embeddings.sqlite`, reading through to a legacy JSON folder."""
    store = SQLiteByteStore(cache_dir / CACHE_FILE)
    legacy = cache_dir / LEGACY_DIR
    if not legacy.is_dir():
        return store
    from langchain_classic.storage import LocalFileStore

    return LegacyFallbackStore(store, LocalFileStore(legacy), convert=_reencode)


def sha256_key_encoder(namespace: str) -> Callable[[str], str]:
    """`namespace` + sha256 of the text: the same keys LangChain's `key_encoder="sha256"` made before."""

    def encode(text: str) -> str:
        return namespace + hashlib.sha256(text.encode("utf-8")).hexdigest()

    return encode


# --- values ---------------------------------------------------------------------------------------------------

_MAGIC = b"f32v"
_HEADER = struct.Struct("<4sII")  # magic, number of floats, crc32 of the float bytes


def encode_vector(vector: Sequence[float]) -> bytes:
    """Little-endian float32 (4 bytes per dimension) behind a 12-byte header that detects any damage."""
    payload = np.asarray(vector, dtype="<f4").tobytes()
    return _HEADER.pack(_MAGIC, len(payload) // 4, zlib.crc32(payload)) + payload


def decode_vector(blob: bytes) -> list[float] | None:
    """The vector in `blob`, or None (a cache miss) if it is truncated, damaged or in an unknown format.

    Also reads the JSON lists that LangChain's default serializer (and earlier versions) wrote.
    """
    if blob[:1] == b"[":
        return _decode_json(blob)
    if len(blob) <= _HEADER.size:
        return None
    magic, count, crc = _HEADER.unpack_from(blob)
    payload = blob[_HEADER.size:]
    if magic != _MAGIC or len(payload) != 4 * count or zlib.crc32(payload) != crc:
        return None
    return np.frombuffer(payload, dtype="<f4").tolist()


def _reencode(blob: bytes) -> bytes | None:
    """A legacy JSON value in the compact format, or None when it does not decode (a file cut short)."""
    vector = decode_vector(blob)
    return None if vector is None else encode_vector(vector)


def _decode_json(blob: bytes) -> list[float] | None:
    try:
        value = json.loads(blob)
    except ValueError:  # includes JSONDecodeError and UnicodeDecodeError
        return None
    if not isinstance(value, list) or not value:
        return None
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in value):
        return None
    return [float(x) for x in value]


# --- SQLite plumbing ------------------------------------------------------------------------------------------


def _open(path: Path, timeout: float, table: str = "embeddings") -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, timeout, table)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _BROKEN:
            raise
        aside = _move_aside(path)
        log.warning("Cache %s is damaged (%s); moved to %s, starting empty", path, exc, aside)
        return _connect(path, timeout, table)


def _connect(path: Path, timeout: float, table: str) -> sqlite3.Connection:
    # Autocommit (isolation_level=None): transactions are explicit, see _transaction.
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(_SCHEMA.format(table=table))
        conn.execute(f"SELECT key FROM {table} LIMIT 1").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            src.replace(Path(f"{aside}{suffix}"))
    return aside


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so no deadlock on upgrade."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _parts(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), _PARAMS_PER_QUERY):
        yield keys[start:start + _PARAMS_PER_QUERY]


def _marks(part: list[str]) -> str:
    return ",".join("?" * len(part))
