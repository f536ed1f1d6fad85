"""Index status (for the sidebar and `/status`): documents, chunk and page counts, embedder, last ingest."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Chunk, IndexStatus

_page_counts: dict[tuple[str, str], int] = {}


def _file_pages(path: Path) -> int | None:
    """Pages of the source file (PDF page count; pages of the loader for other formats), None if unreadable."""
    try:
        if path.suffix.lower() == ".pdf":
            from pypdf import PdfReader

            return len(PdfReader(path).pages)
        from ingest.pdf import load_pages

        return len(load_pages(path))
    except Exception:  # noqa: BLE001 - a missing or damaged file only means we fall back to the index
        return None


def page_count(chunks: list[Chunk]) -> int:
    """Pages of one document: from its file when it is still where it was ingested from (cached per file
    hash), else the highest page that has indexed text."""
    if not chunks:
        return 0
    first = chunks[0]
    highest = max(c.page for c in chunks)
    if not first.source:
        return highest
    key = (str(Path(first.source) / first.document), first.file_hash)
    if key not in _page_counts:
        path = Path(key[0])
        counted = _file_pages(path) if path.is_file() else None
        if counted is None:
            return highest
        _page_counts[key] = counted
    return max(_page_counts[key], highest)


def index_status(retriever) -> IndexStatus:
    """What is indexed: per-document summaries (without descriptions), totals, embedder and last ingest."""
    from assistant.glossary import document_summaries

    documents = document_summaries(retriever)
    store = retriever.store
    return IndexStatus(
        documents=documents,
        chunks=store.count(),
        pages=sum(d.pages for d in documents),
        embedder=store.embedder,
        last_ingest=store.last_ingest(),
    )
