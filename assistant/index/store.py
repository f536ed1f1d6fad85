"""The vectors of the chunks in one Chroma collection (embedded `PersistentClient` or a `chroma run` server).

Only vectors and `doc_id`/`version`/`page` live here; the catalog decides which versions are active, so a
vector of a version that is being written or was replaced is ignored by readers (see `catalog.py`).
Every call that reaches a Chroma server maps a lost connection to `IndexUnavailableError`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError, ConfigError, EmbedderMismatchError, IndexUnavailableError
from assistant.index.schema import META_DIMENSION, META_EMBEDDER, META_SCHEMA, SCHEMA_VERSION, vector_metadata
from assistant.models import Chunk
from assistant.settings import Settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
logging.getLogger("chromadb.telemetry").setLevel(logging.CRITICAL)
log = logging.getLogger(__name__)


def make_client(settings: Settings):
    """`HttpClient` when `chroma_url` is set (shared deployments), else a `PersistentClient` in data_dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise ConfigError(f"ASSISTANT_CHROMA_URL is geen geldige URL: {settings.chroma_url!r}")
        headers = {}
        if settings.chroma_token:
            headers["Authorization"] = f"Bearer {settings.chroma_token.get_secret_value()}"
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https", headers=headers, settings=chroma_settings,
            )
        except Exception as exc:
            raise IndexUnavailableError(
                f"De Chroma-server op {settings.chroma_url} is niet bereikbaar. Controleer of hij draait "
                "(chroma run --path … --port …) en probeer het opnieuw."
            ) from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def reconnect_embedded(settings: Settings):
    """A fresh `PersistentClient` that reads the collection from disk again (chromadb shares one client per path
    within a process; that shared system is dropped first)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(settings.chroma_dir), None)
    return make_client(settings)


def _unavailable(exc: Exception) -> bool:
    """A lost connection to a Chroma server (httpx errors, or chromadb's wrapping of them)."""
    names = {type(e).__name__ for e in _chain(exc)}
    return bool(names & {"ConnectError", "ConnectTimeout", "ReadTimeout", "RemoteProtocolError", "ReadError",
                         "WriteError", "NetworkError", "PoolTimeout", "ConnectionRefusedError"})


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def guarded(method):
    """Map a lost Chroma server connection to `IndexUnavailableError` (a clear, user-safe message)."""

    @wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except AssistantError:
            raise
        except Exception as exc:
            if _unavailable(exc):
                raise IndexUnavailableError(
                    "De Chroma-server is niet bereikbaar. Probeer het over een moment opnieuw; blijft het "
                    "misgaan, vraag de beheerder de server te controleren."
                ) from exc
            raise

    return run


@dataclass
class ScoredId:
    chunk_id: str
    similarity: float


class VectorStore:
    """Chunk vectors in one Chroma collection, stamped with the embedder that made them.

    An embedded (`PersistentClient`) store keeps its vector index in memory; when another process (a CLI
    ingest while the app runs) changes the collection, `sync` reloads it from disk. A Chroma server needs no
    reload. `seen_generation` is the catalog generation the loaded vectors reflect.
    """

    def __init__(self, client, collection: str, embeddings: Embeddings, embedder: str, *, batch: int = 1000,
                 reconnect: Callable[[], object] | None = None):
        self.client = client
        self.collection_name = collection
        self.embedder = embedder
        self.embeddings = embeddings
        self._batch = batch
        self._reconnect = reconnect
        self._lock = threading.Lock()
        self.seen_generation = 0
        self._collection = self._open()

    def sync(self, generation: int) -> None:
        """Reload an embedded store after another process changed it (catalog generation moved on)."""
        if generation == self.seen_generation:
            return
        with self._lock:
            if generation != self.seen_generation and self._reconnect is not None:
                log.info("vectoren opnieuw geladen: de index is door een ander proces gewijzigd")
                self.client = self._reconnect()
                self._collection = self._open()
            self.seen_generation = generation

    @guarded
    def _open(self):
        existing = {c.name if hasattr(c, "name") else c for c in self.client.list_collections()}
        if self.collection_name in existing:
            meta = self.client.get_collection(self.collection_name).metadata or {}
            if meta.get(META_EMBEDDER) and meta.get(META_EMBEDDER) != self.embedder:
                raise EmbedderMismatchError(
                    f"De index is gebouwd met embedder '{meta.get(META_EMBEDDER)}' "
                    f"(dimensie {meta.get(META_DIMENSION)}), maar is nu ingesteld op '{self.embedder}'. Kies "
                    "dezelfde embedder, of bouw de index opnieuw met: python -m ingest --rebuild"
                )
        return self.client.get_or_create_collection(
            self.collection_name,
            metadata={META_EMBEDDER: self.embedder, META_SCHEMA: SCHEMA_VERSION, "hnsw:space": "cosine"},
        )

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._collection.metadata or {})

    @guarded
    def count(self) -> int:
        return self._collection.count()

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (through the cache)."""
        return self.embeddings.embed_documents(texts)

    @guarded
    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], version: str) -> None:
        """Write vectors in batches; the first write records the embedder's dimension on the collection."""
        if not chunks:
            return
        dim = len(vectors[0])
        known = self.metadata.get(META_DIMENSION)
        if known and int(known) != dim:
            raise EmbedderMismatchError(
                f"De embedder gaf vectoren van dimensie {dim}, maar de index heeft dimensie {known}. Kies dezelfde "
                "embedder, of bouw de index opnieuw met: python -m ingest --rebuild"
            )
        for i in range(0, len(chunks), self._batch):
            part = chunks[i : i + self._batch]
            self._collection.upsert(
                ids=[c.chunk_id for c in part], embeddings=[list(v) for v in vectors[i : i + self._batch]],
                documents=[c.embed_text for c in part], metadatas=[vector_metadata(c, version) for c in part],
            )
        if not known:
            meta = {k: v for k, v in self.metadata.items() if not k.startswith("hnsw:")}
            meta.update({META_EMBEDDER: self.embedder, META_DIMENSION: dim, META_SCHEMA: SCHEMA_VERSION})
            self._collection.modify(metadata=meta)

    @guarded
    def delete_version(self, doc_id: str, version: str) -> None:
        self._collection.delete(where={"$and": [{"doc_id": doc_id}, {"version": version}]})

    @guarded
    def delete_other_versions(self, doc_id: str, keep: str | None) -> None:
        """Remove a document's vectors except those of `keep` (None: all of them)."""
        if keep is None:
            self._collection.delete(where={"doc_id": doc_id})
        else:
            self._collection.delete(where={"$and": [{"doc_id": doc_id}, {"version": {"$ne": keep}}]})

    @guarded
    def search(self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None) -> list[ScoredId]:
        """The `k` nearest chunk ids (cosine similarity), optionally within some documents."""
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        try:
            got = self._collection.query(query_embeddings=[list(vector)], n_results=k, where=where,
                                         include=["distances"])
        except Exception as exc:
            if self._reconnect is None or _unavailable(exc):
                raise
            # A stale in-memory index (another process wrote meanwhile): reload once and retry.
            log.warning("vectorzoekopdracht mislukt (%s); index opnieuw geladen", type(exc).__name__)
            with self._lock:
                self.client = self._reconnect()
                self._collection = self._open()
            got = self._collection.query(query_embeddings=[list(vector)], n_results=k, where=where,
                                         include=["distances"])
        return [ScoredId(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0])]

    @guarded
    def iter_ids(self, page: int = 5000) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        """(id, metadata) of every vector, page by page (Chroma cannot return 32k+ records at once)."""
        offset = 0
        while True:
            got = self._collection.get(limit=page, offset=offset, include=["metadatas"])
            if not got["ids"]:
                return
            yield list(zip(got["ids"], got["metadatas"]))
            offset += len(got["ids"])
