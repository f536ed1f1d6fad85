"""Server mode: the same ingest and answers against a real `chroma run` server on 127.0.0.1."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from support import CORPUS, MEMO, make_settings

from assistant.index.factory import open_index
from assistant.service import build_assistant
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert chroma, "the chromadb package ships the `chroma` CLI"
    port = _free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_server_mode_ingests_and_answers_like_embedded_mode(tmp_path, chroma_url, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / MEMO, docs / MEMO)
    server = make_settings(tmp_path / "srv", chroma_url=chroma_url)
    local = make_settings(tmp_path / "local")

    for settings in (server, local):
        report = ingest_paths([docs], settings, open_index(settings, embeddings))
        assert report.count("indexed") == 1
    assert not (server.data_dir / "chroma").exists()  # no vectors stored locally in server mode
    again = open_index(server, embeddings)
    assert ingest_paths([docs], server, again).count("skipped") == 1
    assert again.vectors.count() == again.catalog.count_chunks() > 0  # the vectors live on the server

    question = "Wat is de Smederij in Leusden?"
    remote = build_assistant(server, embeddings).ask(question)
    embedded = build_assistant(local, embeddings).ask(question)
    assert not remote.refused and remote.text == embedded.text
    assert [c.model_dump() for c in remote.citations] == [c.model_dump() for c in embedded.citations]
