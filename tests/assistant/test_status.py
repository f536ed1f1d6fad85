"""Index status against the real store."""

from datetime import datetime

from support import CORPUS

from assistant.models import Chunk
from assistant.status import index_status, page_count
from ingest.pdf import load_pages


def test_status_counts_match_the_store(assistant, retriever, corpus_index):
    _, store, report = corpus_index
    status = assistant.status()
    assert status.chunks == store.count() == len(retriever.chunks)
    assert sum(d.chunks for d in status.documents) == status.chunks
    indexed = {r.document: r for r in report.results if r.status in ("indexed", "updated")}
    assert {d.document for d in status.documents} == set(indexed)
    for d in status.documents:
        assert d.chunks == indexed[d.document].chunks
        assert d.pages == indexed[d.document].pages == len(load_pages(CORPUS / d.document))
        assert d.description == ""  # the status page does not need the tour's descriptions
    assert status.pages == sum(d.pages for d in status.documents)
    assert status.embedder == store.embedder and status.embedder
    assert datetime.fromisoformat(status.last_ingest)
    assert index_status(retriever) == status


def test_page_count_falls_back_to_the_index_when_the_file_is_gone(tmp_path):
    chunks = [Chunk(document="weg.pdf", title="Weg", page=p, source=str(tmp_path), text="x") for p in (1, 3, 7)]
    assert page_count(chunks) == 7
    assert page_count([]) == 0
