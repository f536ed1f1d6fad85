"""A Chroma server that goes away mid-session gives a clear `IndexUnavailableError` (in the Python API and as an
error object in `ask --json -`), and answering recovers when the server is back."""

from __future__ import annotations

import shutil

import pytest
from support import CORPUS, MEMO, make_settings, start_chroma

from assistant.errors import IndexUnavailableError
from assistant.service import build_assistant

pytestmark = pytest.mark.server
QUESTION = "Wat is de Smederij in Leusden?"


def test_server_down_is_a_clear_error_and_answering_recovers(tmp_path, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / MEMO, docs / MEMO)
    store = tmp_path / "chroma"
    proc, url = start_chroma(store)
    port = int(url.rsplit(":", 1)[1])
    try:
        assistant = build_assistant(make_settings(tmp_path / "data", chroma_url=url), embeddings)
        assert assistant.add_documents([docs]).ok
        before = assistant.ask(QUESTION)
        assert not before.refused
        proc.terminate()
        proc.wait(timeout=20)
        with pytest.raises(IndexUnavailableError, match="Chroma-server is niet bereikbaar"):
            assistant.ask(QUESTION)
        proc, _ = start_chroma(store, port)  # the same data, the same address
        assert assistant.ask(QUESTION).text == before.text
    finally:
        proc.terminate()
        proc.wait(timeout=20)
