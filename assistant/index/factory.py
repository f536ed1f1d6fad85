"""Builds the index pieces from settings. Callers pass the results around; nothing is a module global."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.index.embeddings import cached, embedder_id, make_embeddings
from assistant.index.store import ChunkStore, make_client
from assistant.settings import Settings


def open_embeddings(settings: Settings) -> Embeddings:
    """The configured embedder, with passage embeddings cached on disk by text hash."""
    return cached(make_embeddings(settings.embedding), settings.cache_dir, embedder_id(settings.embedding))


def open_store(settings: Settings, embeddings: Embeddings | None = None, *, rebuild: bool = False) -> ChunkStore:
    """The chunk store; `rebuild=True` drops the collection first (e.g. after switching embedder)."""
    client = make_client(settings)
    if rebuild:
        names = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
        if settings.collection in names:
            client.delete_collection(settings.collection)
    return ChunkStore(client, settings.collection, embeddings or open_embeddings(settings),
                      embedder_id(settings.embedding))
