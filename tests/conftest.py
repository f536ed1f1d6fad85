"""Shared fixtures: one session-scoped index of the bundled corpus plus a slice of ../shared/foreign.

Passage embeddings are cached by text hash in the repository's `.data/cache` (one SQLite file), so the suite
pays for embedding the corpus once per machine, not once per run (or per fixture).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CORPUS, FOREIGN_SLICE, MEMO, SCANNED, SCANNED_FROM, make_settings, ocr_missing

from assistant.settings import REPO_ROOT


@pytest.fixture(scope="session")
def embeddings():
    from assistant.index.factory import open_embeddings

    return open_embeddings(make_settings(REPO_ROOT / ".data"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embeddings):
    """(settings, index, ingest report) for the bundled corpus plus the foreign slice (when ../shared exists)."""
    from assistant.index.factory import open_index
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path_factory.mktemp("data"))
    index = open_index(settings, embeddings)
    report = ingest_paths([CORPUS, *FOREIGN_SLICE], settings, index)
    assert report.ok, [(r.document, r.message) for r in report.failed]
    return settings, index, report


@pytest.fixture(scope="session")
def scanned_index(tmp_path_factory, embeddings):
    """(settings, index, report, progress labels) for a folder with a scanned document (`SCANNED`: three
    image-only pages, turned 1.5° and blurred) and the memo; scanned pages are read by OCR at ingest."""
    from scans import scanned_pdf

    from assistant.index.factory import open_index
    from ingest.pipeline import ingest_paths

    if reason := ocr_missing():
        pytest.skip(f"OCR not available ({reason}); `make test` installs it")
    folder = tmp_path_factory.mktemp("scanned")
    source, pages = SCANNED_FROM
    scanned_pdf(CORPUS / source, folder / SCANNED, pages)
    shutil.copy(CORPUS / MEMO, folder / MEMO)
    settings = make_settings(tmp_path_factory.mktemp("data"))
    index = open_index(settings, embeddings)
    labels: list[str] = []
    report = ingest_paths([folder], settings, index, lambda done, total, label: labels.append(label))
    assert report.ok, [(r.document, r.message) for r in report.failed]
    return settings, index, report, labels


@pytest.fixture(scope="session")
def assistant(corpus_index):
    """The offline `Assistant` over the shared index (the facade the app and the CLIs use)."""
    from assistant.service import assistant_from_index

    settings, index, _ = corpus_index
    return assistant_from_index(index, settings)


@pytest.fixture(scope="session")
def retriever(assistant):
    return assistant.retriever


@pytest.fixture(scope="session")
def corpus(assistant):
    return assistant.corpus


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A writable folder with one real PDF (the 5-page memo of the sample corpus)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / MEMO, folder / MEMO)
    return folder
