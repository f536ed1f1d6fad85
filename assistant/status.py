"""Index status (for the sidebar and `/status`): documents, chunk and page counts, embedder, last ingest."""

from __future__ import annotations

from assistant.corpus import Corpus
from assistant.glossary import document_summaries
from assistant.models import IndexStatus


def index_status(corpus: Corpus, embedder: str) -> IndexStatus:
    """What is indexed, from the catalog: per-document summaries, totals, embedder and last change."""
    documents = document_summaries(corpus)
    return IndexStatus(
        documents=documents,
        chunks=sum(d.chunks for d in documents),
        pages=sum(d.pages for d in documents),
        embedder=embedder,
        last_ingest=corpus.catalog.last_change(),
    )
