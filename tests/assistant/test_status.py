"""Index status against the real index (catalog + vectors)."""

from datetime import datetime
from pathlib import Path

from pypdf import PdfReader
from support import MEMO, make_settings

from assistant.index.factory import open_index
from assistant.service import assistant_from_index
from assistant.status import index_status
from ingest.pipeline import ingest_paths


def test_status_counts_match_the_index(assistant, corpus, corpus_index):
    _, index, report = corpus_index
    status = assistant.status()
    assert status.chunks == index.catalog.count_chunks() == index.vectors.count()
    assert sum(d.chunks for d in status.documents) == status.chunks
    indexed = {r.document: r for r in report.results if r.status in ("indexed", "updated")}
    assert {d.document for d in status.documents} == set(indexed)
    for d in status.documents:
        assert d.chunks == indexed[d.document].chunks
        info = corpus.document(d.doc_id)
        path = Path(info.source) / d.document
        assert d.pages == indexed[d.document].pages == len(PdfReader(path).pages)
        assert d.description == ""  # the status page does not need the tour's descriptions
    assert status.pages == sum(d.pages for d in status.documents)
    assert status.embedder == index.embedder and status.embedder
    assert datetime.fromisoformat(status.last_ingest)
    assert index_status(corpus, index.embedder) == status


def test_status_comes_from_the_index_when_the_file_is_gone(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)
    assert ingest_paths([small_corpus / MEMO], settings, index).ok
    (small_corpus / MEMO).unlink()
    status = assistant_from_index(index, settings).status()
    (memo,) = status.documents
    assert (memo.document, memo.pages, status.pages) == (MEMO, 5, 5)
    assert memo.chunks == status.chunks == index.catalog.count_chunks() > 0
