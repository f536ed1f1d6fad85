"""Embedded mode with two processes: the app (this process) keeps answering while a CLI ingest in another
process adds documents to the same data dir; the app sees the new documents at its next question."""

from __future__ import annotations

import os
import subprocess
import sys

from support import EMBEDDING_CACHE, make_settings

from assistant.service import build_assistant
from assistant.settings import REPO_ROOT


def test_a_cli_ingest_in_another_process_is_seen_by_a_running_assistant(tmp_path, small_corpus, embeddings):
    settings = make_settings(tmp_path / "data", corpus_dir=small_corpus)
    app = build_assistant(settings, embeddings)
    assert app.add_documents([small_corpus]).ok
    assert not app.ask("Wat is de Smederij in Leusden?").refused
    more = tmp_path / "more"
    more.mkdir()
    for i in range(5):
        (more / f"notitie-{i}.txt").write_text(
            f"Notitie {i}. Het programma Zilverlijn{i} van gemeente Testdal helpt mantelzorgers. " * 20,
            encoding="utf-8")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir),
           "ASSISTANT_EMBEDDING_CACHE_DIR": str(EMBEDDING_CACHE)}
    subprocess.run([sys.executable, "-m", "ingest", str(more), "--quiet"], cwd=REPO_ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    answer = app.ask("Wat doet het programma Zilverlijn3?")
    assert not answer.refused and any(c.document == "notitie-3.txt" for c in answer.citations)
    assert app.status().chunks == app.index.vectors.count()
