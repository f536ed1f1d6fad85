"""The path beyond one machine: two processes against one `chroma run` server at the same time, one ingesting
and one answering, sharing the data dir (the catalog). Both finish cleanly and the index is consistent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from support import CORPUS, EMBEDDING_CACHE, MEMO, make_settings, start_chroma

from assistant.index.factory import open_index
from assistant.settings import REPO_ROOT

pytestmark = pytest.mark.server
QUESTIONS = ["Wat is de Smederij in Leusden?", "Hoe lang is de wachttijd bij het wijkteam?",
             "Wat kost de jeugdzorg?", "Welke maatregelen neemt de gemeente?"] * 6


def test_one_process_ingests_while_another_answers(tmp_path, embeddings):
    proc, url = start_chroma(tmp_path / "chroma")
    try:
        data = tmp_path / "data"
        env = {**os.environ, "ASSISTANT_CHROMA_URL": url, "ASSISTANT_DATA_DIR": str(data),
               "ASSISTANT_EMBEDDING_CACHE_DIR": str(EMBEDDING_CACHE)}
        first = tmp_path / "first"
        first.mkdir()
        shutil.copy(CORPUS / MEMO, first / MEMO)
        subprocess.run([sys.executable, "-m", "ingest", str(first), "--quiet"], cwd=REPO_ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        more = tmp_path / "more"
        more.mkdir()
        for i in range(12):
            (more / f"notitie-{i}.txt").write_text(
                f"Notitie {i}. De wachttijd bij het wijkteam van Testdal {i} was {i + 3} weken. " * 30,
                encoding="utf-8")
        ingest = subprocess.Popen([sys.executable, "-m", "ingest", str(more), "--quiet"], cwd=REPO_ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ask = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "-"], cwd=REPO_ROOT, env=env,
                             input="\n".join(QUESTIONS) + "\n", capture_output=True, text=True, timeout=600,
                             check=False)
        _, errors = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, errors.decode()[-2000:]
        assert ask.returncode == 0, ask.stderr[-2000:]
        replies = [json.loads(line) for line in ask.stdout.splitlines()]
        assert len(replies) == len(QUESTIONS) and all("answer" in r for r in replies)
        index = open_index(make_settings(data, chroma_url=url), embeddings)
        assert index.catalog.count_documents() == 13
        assert index.vectors.count() == index.catalog.count_chunks()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
