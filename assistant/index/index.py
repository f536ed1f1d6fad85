"""The index: the catalog (source of truth, keyword index, statistics) plus the vectors, written together.

`write_document` makes one document version visible atomically (see `catalog.py` for the protocol) and
`recover` removes what an interrupted write left behind; `remove_document` drops one. Ingest is the only
writer; it holds `lock()` (a file lock beside the catalog) so two ingests never interleave.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Sequence
from pathlib import Path

from filelock import FileLock

from assistant.index.catalog import Catalog
from assistant.index.store import VectorStore
from assistant.models import Chunk, DocumentInfo, DocumentProfile, FigureRow, Page

log = logging.getLogger(__name__)
FAILPOINT_VARIABLE = "ASSISTANT_FAILPOINT"


def failpoint(name: str) -> None:
    """Crash-test hook: kill this process (SIGKILL, as `kill -9`) at the named point of a write when the
    environment variable ASSISTANT_FAILPOINT names it. The reliability tests use it to prove that a document
    is always complete in its old or its new version; it is inert otherwise."""
    if os.environ.get(FAILPOINT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class Index:
    def __init__(self, catalog: Catalog, vectors: VectorStore, lock_path: Path):
        self.catalog = catalog
        self.vectors = vectors
        self._lock_path = lock_path

    @property
    def embedder(self) -> str:
        return self.vectors.embedder

    def lock(self, timeout: float = 600) -> FileLock:
        """The writer's lock (cross-process): `with index.lock(): ...`."""
        return FileLock(str(self._lock_path), timeout=timeout)

    def recover(self) -> int:
        """Remove vectors of interrupted writes (a kill during ingest); returns how many writes were repaired."""
        repaired = 0
        for doc_id, version in self.catalog.pending():
            active = self.catalog.document(doc_id)
            keep = active.version if active else None
            self.vectors.delete_other_versions(doc_id, keep)
            self.catalog.finish(doc_id, version)
            repaired += 1
            log.info("hersteld: onderbroken schrijfactie van %s (versie %s)", doc_id, version)
        return repaired

    def write_document(self, info: DocumentInfo, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]],
                       pages: Sequence[Page], profile: DocumentProfile, figures: Sequence[FigureRow] = ()) -> None:
        """Add or replace one document: the old version stays visible until the new one is complete."""
        self.catalog.begin(info.doc_id, info.version)
        failpoint("after-begin")
        self.vectors.add(chunks, vectors, info.version)
        failpoint("after-vectors")
        old = self.catalog.activate(info, chunks, pages, profile, figures)
        self.vectors.seen_generation = self.catalog.generation()  # our own write: the loaded vectors know it
        failpoint("after-activate")
        if old and old != info.version:
            self.vectors.delete_version(info.doc_id, old)
        failpoint("after-delete-old")
        self.catalog.finish(info.doc_id, info.version)

    def remove_document(self, doc_id: str) -> bool:
        """Drop a document (catalog first: readers stop seeing it at once; then its vectors)."""
        self.catalog.begin(doc_id, "-")
        version = self.catalog.remove(doc_id)
        self.vectors.delete_other_versions(doc_id, None)
        self.vectors.seen_generation = self.catalog.generation()
        self.catalog.finish(doc_id, "-")
        return version is not None
