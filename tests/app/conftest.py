"""Fixtures for the AppTest tests: the app reads `Settings()` from the environment, so each test points
`ASSISTANT_DATA_DIR` (and friends) at a real index and then runs `app.py` headless."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from support import CORPUS, make_settings

from assistant.settings import REPO_ROOT

APP = REPO_ROOT / "app.py"


@pytest.fixture
def run_app(monkeypatch) -> Callable:
    """`run_app(data_dir, **env)` -> a started `AppTest` of app.py with those settings (offline by default)."""
    from streamlit.testing.v1 import AppTest

    def start(data_dir, **env: str):
        for name in ("ASSISTANT_CHROMA_URL", "ASSISTANT_CORPUS_DIR", "ASSISTANT_LLM__BASE_URL",
                     "ASSISTANT_LLM__TIMEOUT", "ASSISTANT_LIMITS__MAX_UPLOAD_MB"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
        monkeypatch.setenv("ASSISTANT_LLM__PROVIDER", "none")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return AppTest.from_file(str(APP), default_timeout=120).run()

    return start


@pytest.fixture(scope="session")
def figures():
    """The bundled figure tables (corpus/figures)."""
    from assistant.figures import load_figures

    tables = load_figures([CORPUS / "figures"])
    assert not tables.errors, tables.errors
    return tables


@pytest.fixture
def memo_data_dir(tmp_path, small_corpus, embeddings):
    """A fresh data dir with only the 5-page memo indexed (for tests that change the index)."""
    from assistant.index.factory import open_index
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path / "data")
    index = open_index(settings, embeddings)
    report = ingest_paths([small_corpus], settings, index)
    assert report.ok
    index.catalog.close()
    return settings.data_dir


@pytest.fixture
def downloads(monkeypatch) -> Callable:
    """`downloads(button) -> bytes`: what an `st.download_button` would serve.

    AppTest keeps download data in an in-memory media store that it drops after each run; this keeps a
    handle on the store of the latest run so the bytes can be read back (nothing else is changed).
    """
    from streamlit.testing.v1 import app_test

    stores = []

    class KeptStorage(app_test.MemoryMediaFileStorage):
        def __init__(self, endpoint: str):
            super().__init__(endpoint)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", KeptStorage)

    def content(button) -> bytes:
        assert button.proto.url, f"download button {button.label!r} has no data"
        return stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content

    return content


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

