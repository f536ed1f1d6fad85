"""Shared fixtures: one session-scoped index of the bundled corpus in a temporary data dir.

Passage embeddings are cached by text hash in the repository's `.data/cache`, so the suite pays for
embedding the corpus once per machine, not once per run (or per fixture).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CORPUS, MEMO, make_settings

from assistant.settings import REPO_ROOT


@pytest.fixture(scope="session")
def embeddings():
    from assistant.index.factory import open_embeddings

    return open_embeddings(make_settings(REPO_ROOT / ".data"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embeddings):
    """(settings, store, ingest report) for the whole bundled corpus."""
    from assistant.index.factory import open_store
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path_factory.mktemp("data"))
    store = open_store(settings, embeddings)
    report = ingest_paths([CORPUS], settings, store)
    assert report.ok, [r.message for r in report.failed]
    return settings, store, report


@pytest.fixture(scope="session")
def retriever(corpus_index):
    from assistant.retrieve import HybridRetriever

    settings, store, _ = corpus_index
    return HybridRetriever(store, settings.retrieval, settings.keyword_dir)


@pytest.fixture(scope="session")
def assistant(corpus_index, retriever):
    from assistant.service import assistant_from_retriever

    return assistant_from_retriever(retriever, corpus_index[0])


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A writable folder with one real PDF (the 5-page Leusden memo)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / MEMO, folder / MEMO)
    return folder
