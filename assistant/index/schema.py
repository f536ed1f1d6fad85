"""The index schema shared by ingest (writer) and assistant (reader), with pure converters.

Chroma stores per chunk: id = `Chunk.id`, document = `Chunk.embed_text` (what was embedded and what BM25
indexes), and the metadata below (the chunk's own text under `text`). The collection's metadata records
the embedder, so a query with another embedder is refused instead of returning garbage.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.models import Chunk

SCHEMA_VERSION = 1
META_EMBEDDER = "embedder"
META_DIMENSION = "dimension"
META_SCHEMA = "schema_version"

CHUNK_FIELDS = ("document", "title", "page", "section", "doc_type", "municipality", "year", "file_hash", "source", "index")


class Filters(BaseModel):
    """Metadata filters for retrieval; an empty list means 'no restriction'."""

    documents: list[str] = Field(default_factory=list)
    doc_types: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.documents or self.doc_types or self.municipalities or self.years)

    def matches(self, chunk: Chunk) -> bool:
        return (
            (not self.documents or chunk.document in self.documents)
            and (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.municipalities or chunk.municipality in self.municipalities)
            and (not self.years or chunk.year in self.years)
        )


def chunk_to_record(chunk: Chunk) -> tuple[str, str, dict[str, Any]]:
    """(id, document, metadata) for Chroma. Chroma metadata cannot hold None: unknown year is 0."""
    meta: dict[str, Any] = {f: getattr(chunk, f) for f in CHUNK_FIELDS}
    meta["year"] = chunk.year or 0
    meta["text"] = chunk.text
    return chunk.id, chunk.embed_text, meta


def record_to_chunk(metadata: dict[str, Any]) -> Chunk:
    data = {f: metadata.get(f) for f in CHUNK_FIELDS}
    data["year"] = metadata.get("year") or None
    data["text"] = metadata.get("text", "")
    return Chunk.model_validate(data)


def where_clause(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma `where` for the filters (None when unrestricted)."""
    if filters is None or filters.is_empty():
        return None
    parts: list[dict[str, Any]] = []
    for key, values in (
        ("document", filters.documents), ("doc_type", filters.doc_types),
        ("municipality", filters.municipalities), ("year", filters.years),
    ):
        if values:
            parts.append({key: {"$in": list(values)}})
    return parts[0] if len(parts) == 1 else {"$and": parts}
