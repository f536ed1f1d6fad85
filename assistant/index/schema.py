"""What the vector collection stores, and the metadata filters shared by every retriever.

Chroma stores per chunk: id = `Chunk.chunk_id`, the vector of `Chunk.embed_text`, that text as the record's
document, and the metadata below (`doc_id`, `version`, `page`). Everything else about a chunk lives in the
catalog (`assistant.index.catalog`), the index's source of truth. The collection's metadata records the
embedder, so a query with another embedder is refused instead of returning garbage.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.models import Chunk

SCHEMA_VERSION = 2
META_EMBEDDER = "embedder"
META_DIMENSION = "dimension"
META_SCHEMA = "schema_version"


class Filters(BaseModel):
    """Metadata filters for retrieval; an empty list means 'no restriction'. `documents` are doc ids."""

    documents: list[str] = Field(default_factory=list)
    doc_types: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.documents or self.doc_types or self.municipalities or self.years)

    def matches(self, chunk: Chunk) -> bool:
        return (
            (not self.documents or chunk.doc_id in self.documents)
            and (not self.doc_types or chunk.doc_type in self.doc_types)
            and (not self.municipalities or chunk.municipality in self.municipalities)
            and (not self.years or chunk.year in self.years)
        )


def vector_metadata(chunk: Chunk, version: str) -> dict[str, Any]:
    return {"doc_id": chunk.doc_id, "version": version, "page": chunk.page}
