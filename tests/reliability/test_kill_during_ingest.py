"""kill -9 while a changed document is being replaced: afterwards the document is complete in its old or its new
version, never half or absent, answers come from that version, and the next ingest repairs the rest.

A subprocess (`python -m ingest`) is killed with SIGKILL at chosen points of the write protocol
(`assistant.index.index.failpoint`): after the new version is marked pending, after its vectors are written,
after the catalog swap, after the old vectors are deleted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from support import EMBEDDING_CACHE, make_settings

from assistant.index.factory import open_index
from assistant.index.index import FAILPOINT_VARIABLE
from assistant.service import assistant_from_index
from assistant.settings import REPO_ROOT

POINTS = ["after-begin", "after-vectors", "after-activate", "after-delete-old"]
OLD = "Versie een. De gemeente Testdal zet in op het programma Alfadraad voor mantelzorgers. " * 3
NEW = "Versie twee. De gemeente Testdal zet in op het programma Betaroute voor jongeren. " * 3


def run_ingest(folder, data_dir, failpoint: str | None = None) -> int:
    env = {**os.environ, "ASSISTANT_EMBEDDING_CACHE_DIR": str(EMBEDDING_CACHE), "ASSISTANT_INGEST_WORKERS": "0"}
    env.pop(FAILPOINT_VARIABLE, None)
    if failpoint:
        env[FAILPOINT_VARIABLE] = failpoint
    proc = subprocess.run([sys.executable, "-m", "ingest", str(folder), "--data-dir", str(data_dir), "--quiet"],
                          check=False, cwd=REPO_ROOT, env=env, capture_output=True, timeout=300)
    return proc.returncode


def state(data_dir, embeddings):
    """(version word in the catalog's chunks, number of chunks, vectors of that version, answer text)."""
    settings = make_settings(data_dir)
    index = open_index(settings, embeddings)
    docs = index.catalog.documents()
    if not docs:
        return None, 0, 0, ""
    chunks = index.catalog.document_chunks(docs[0].doc_id)
    text = " ".join(c.text for c in chunks)
    word = "Alfadraad" if "Alfadraad" in text else "Betaroute" if "Betaroute" in text else "?"
    vectors = sum(1 for page in index.vectors.iter_ids() for _, meta in page if meta["version"] == docs[0].version)
    answer = assistant_from_index(index, settings).ask("Op welk programma zet Testdal in?")
    index.catalog.close()
    return word, len(chunks), vectors, answer.text


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_leaves_the_old_or_the_new_version_complete(tmp_path, embeddings, point):
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "notitie-testdal.txt"
    doc.write_text(OLD, encoding="utf-8")
    data = tmp_path / "data"
    assert run_ingest(folder, data) == 0
    doc.write_text(NEW, encoding="utf-8")

    assert run_ingest(folder, data, point) == -signal.SIGKILL

    word, chunks, vectors, answer = state(data, embeddings)
    expected = "Alfadraad" if point in ("after-begin", "after-vectors") else "Betaroute"
    assert word == expected and chunks > 0
    assert vectors == chunks  # every active chunk has its vector
    assert expected in answer  # and the answer comes from that complete version

    assert run_ingest(folder, data) == 0  # the next ingest finishes the job and removes what was left over
    settings = make_settings(data)
    index = open_index(settings, embeddings)
    assert index.catalog.pending() == []
    assert index.vectors.count() == index.catalog.count_chunks()
    assert "Betaroute" in " ".join(c.text for c in index.catalog.document_chunks(index.catalog.documents()[0].doc_id))


def test_a_kill_during_the_first_ingest_leaves_no_half_document(tmp_path, embeddings):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notitie-testdal.txt").write_text(NEW, encoding="utf-8")
    data = tmp_path / "data"
    assert run_ingest(folder, data, "after-vectors") == -signal.SIGKILL
    word, chunks, _, _answer = state(data, embeddings)
    assert word is None and chunks == 0
    assert run_ingest(folder, data) == 0
    index = open_index(make_settings(data), embeddings)
    assert index.vectors.count() == index.catalog.count_chunks() > 0
