"""Builds the index pieces from settings. Callers pass the results around; nothing is a module global."""

from __future__ import annotations

import shutil
from functools import partial

from langchain_core.embeddings import Embeddings

from assistant.index.catalog import Catalog
from assistant.index.embeddings import cached, embedder_id, make_embeddings
from assistant.index.index import Index
from assistant.index.store import VectorStore, guarded, make_client, reconnect_embedded
from assistant.settings import Settings


def open_embeddings(settings: Settings) -> Embeddings:
    """The configured embedder, with passage embeddings cached on disk by text hash."""
    return cached(make_embeddings(settings.embedding), settings.cache_dir, embedder_id(settings.embedding))


@guarded
def _drop_collection(client, name: str) -> None:
    names = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if name in names:
        client.delete_collection(name)


def open_index(settings: Settings, embeddings: Embeddings | None = None, *, rebuild: bool = False) -> Index:
    """The index in `settings.data_dir` (and the Chroma server, if configured); `rebuild=True` starts over."""
    client = make_client(settings)
    if rebuild:
        _drop_collection(client, settings.collection)
        for path in (settings.catalog_path, settings.catalog_path.with_suffix(".sqlite-wal"),
                     settings.catalog_path.with_suffix(".sqlite-shm")):
            path.unlink(missing_ok=True)
        shutil.rmtree(settings.data_dir / "keyword", ignore_errors=True)  # pre-catalog keyword index
    reconnect = None if settings.chroma_url else partial(reconnect_embedded, settings)
    vectors = VectorStore(client, settings.collection, embeddings or open_embeddings(settings),
                          embedder_id(settings.embedding), reconnect=reconnect)
    catalog = Catalog(settings.catalog_path)
    vectors.seen_generation = catalog.generation()
    return Index(catalog, vectors, settings.data_dir / "ingest.lock")
