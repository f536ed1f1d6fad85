"""Thin adapter over a Chroma collection (through langchain-chroma): embedded or client/server."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, EmbedderMismatchError
from assistant.index.schema import (
    META_DIMENSION,
    META_EMBEDDER,
    META_SCHEMA,
    SCHEMA_VERSION,
    Filters,
    chunk_to_record,
    record_to_chunk,
    where_clause,
)
from assistant.models import Chunk
from assistant.settings import Settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
logging.getLogger("chromadb.telemetry").setLevel(logging.CRITICAL)


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
            raise ConfigError(f"De Chroma-server op {settings.chroma_url} is niet bereikbaar ({exc}).") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


@dataclass
class ScoredChunk:
    chunk: Chunk
    similarity: float


META_UPDATED = "updated_at"


class ChunkStore:
    """Chunks in one Chroma collection, stamped with the embedder that made its vectors."""

    def __init__(self, client, collection: str, embeddings: Embeddings, embedder: str):
        from langchain_chroma import Chroma

        self.client = client
        self.collection_name = collection
        self.embedder = embedder
        self._embeddings = embeddings
        existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
        if collection in existing:
            meta = client.get_collection(collection).metadata or {}
            if meta.get(META_EMBEDDER) and meta.get(META_EMBEDDER) != embedder:
                raise EmbedderMismatchError(
                    f"De index is gebouwd met embedder '{meta.get(META_EMBEDDER)}' "
                    f"(dimensie {meta.get(META_DIMENSION)}), maar is nu ingesteld op '{embedder}'. Kies dezelfde "
                    "embedder, of bouw de index opnieuw met: python -m ingest --rebuild"
                )
        self._vs = Chroma(
            client=client, collection_name=collection, embedding_function=embeddings,
            collection_metadata={META_EMBEDDER: embedder, META_SCHEMA: SCHEMA_VERSION, "hnsw:space": "cosine"},
        )

    @property
    def _collection(self):
        return self._vs._collection

    def count(self) -> int:
        return self._collection.count()

    def all_records(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(id, embedded text, metadata) of every chunk, in id order."""
        got = self._vs.get(include=["documents", "metadatas"])
        rows = sorted(zip(got["ids"], got["documents"], got["metadatas"]), key=lambda r: r[0])
        return rows

    def chunks(self) -> list[Chunk]:
        return [record_to_chunk(meta) for _, _, meta in self.all_records()]

    def indexed_files(self) -> dict[str, tuple[str, str]]:
        """document -> (file hash, source folder) of what is indexed: the ingest manifest lives in the store."""
        got = self._vs.get(include=["metadatas"])
        return {m["document"]: (m.get("file_hash", ""), m.get("source", "")) for m in got["metadatas"]}

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (through the cache), e.g. ahead of a swap so a failure changes nothing."""
        return self._embeddings.embed_documents(texts)

    def add(self, chunks: list[Chunk]) -> None:
        if not chunks:
            return
        ids, texts, metas = zip(*(chunk_to_record(c) for c in chunks))
        self._vs.add_texts(texts=list(texts), metadatas=list(metas), ids=list(ids))
        update: dict[str, Any] = {}
        if not (self._collection.metadata or {}).get(META_DIMENSION):
            dim = len(self._collection.get(ids=[ids[0]], include=["embeddings"])["embeddings"][0])
            update = {META_EMBEDDER: self.embedder, META_DIMENSION: dim, META_SCHEMA: SCHEMA_VERSION}
        self._touch(update)

    def delete_documents(self, documents: Iterable[str]) -> None:
        documents = list(documents)
        for name in documents:
            self._collection.delete(where={"document": name})
        if documents:
            self._touch()

    def _touch(self, update: dict[str, Any] | None = None) -> None:
        """Record when the collection last changed (shown as 'last ingest'), plus any other metadata."""
        meta = dict(self._collection.metadata or {})
        meta.update(update or {})
        meta[META_UPDATED] = datetime.now(UTC).isoformat(timespec="seconds")
        meta.pop("hnsw:space", None)
        self._collection.modify(metadata=meta)

    def last_ingest(self) -> str | None:
        """ISO time (UTC) of the last change to the index, or None if unknown."""
        return (self._collection.metadata or {}).get(META_UPDATED)

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        if self.count() == 0:
            return []
        vector = self._embeddings.embed_query(query)
        hits = self._vs.similarity_search_by_vector_with_relevance_scores(
            vector, k=min(k, self.count()), filter=where_clause(filters)
        )
        # langchain-chroma returns the raw cosine distance here; similarity = 1 - distance.
        return [ScoredChunk(record_to_chunk(doc.metadata), 1.0 - float(dist)) for doc, dist in hits]
