"""Embeddings from an OpenAI-compatible `/v1/embeddings` server (backend `openai`).

For a GPU box running Text Embeddings Inference, vLLM, Infinity, Azure OpenAI (v1 API) or OpenAI itself.
LangChain's `OpenAIEmbeddings` does the HTTP work with `check_embedding_ctx_length=False`: texts go out as
they are and tiktoken is never called, so nothing is downloaded (the server truncates or rejects long input).
Batching is `chunk_size` (= `batch_size`); retries with exponential backoff on connection errors, timeouts,
408/409/429 and 5xx are the OpenAI client's own (`max_retries`). Failures become Dutch `AssistantError`s.
"""

from __future__ import annotations

import os

import openai
from langchain_core.embeddings import Embeddings
from langchain_openai import OpenAIEmbeddings

from assistant.errors import AssistantError, ConfigError, EmbeddingUnavailableError
from assistant.settings import EmbeddingSettings

OPENAI_URL = "https://api.openai.com/v1"


class RemoteEmbeddings(Embeddings):
    """Adds the query/passage prefixes, checks what comes back (count, dimension) and translates errors."""

    def __init__(self, client, settings: EmbeddingSettings):
        self._client = client
        self._settings = settings
        self._url = settings.base_url or OPENAI_URL
        self._dimension = settings.dimensions  # expected; learnt from the first answer when not configured

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._embed([self._settings.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._embed([self._settings.query_prefix + text])[0]

    def _embed(self, inputs: list[str]) -> list[list[float]]:
        try:
            vectors = self._client.embed_documents(inputs)
        except (openai.OpenAIError, ValueError, KeyError, TypeError) as exc:  # bad or missing answer included
            raise remote_error(exc, self._settings) from exc
        self._check(vectors, len(inputs))
        return vectors

    def _check(self, vectors: list[list[float]], expected: int) -> None:
        if len(vectors) != expected:
            raise EmbeddingUnavailableError(
                f"De embeddingserver op {self._url} gaf {len(vectors)} vectoren terug voor {expected} teksten."
            )
        if self._dimension is None:
            self._dimension = len(vectors[0])
        wrong = next((len(v) for v in vectors if len(v) != self._dimension), None)
        if wrong is not None:
            raise ConfigError(self._dimension_message(wrong))

    def _dimension_message(self, got: int) -> str:
        source = (
            "ingesteld met ASSISTANT_EMBEDDING__DIMENSIONS"
            if self._settings.dimensions is not None
            else "eerder door dezelfde server gegeven"
        )
        return (
            f"De embeddingserver op {self._url} gaf vectoren met dimensie {got} voor model "
            f"'{self._settings.model}', maar verwacht is dimensie {self._dimension} ({source}). Draait de server "
            "een ander model? Controleer welk model de server draait, en ASSISTANT_EMBEDDING__MODEL en "
            "ASSISTANT_EMBEDDING__DIMENSIONS."
        )


def make_remote_embeddings(settings: EmbeddingSettings) -> RemoteEmbeddings:
    """`RemoteEmbeddings` for `settings`; building it makes no network call."""
    if settings.base_url and not settings.base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"ASSISTANT_EMBEDDING__BASE_URL moet met http:// of https:// beginnen, niet '{settings.base_url}'."
        )
    client = OpenAIEmbeddings(
        model=settings.model,
        base_url=settings.base_url,
        api_key=_api_key(settings),
        chunk_size=settings.batch_size,
        max_retries=settings.max_retries,
        timeout=settings.timeout,
        check_embedding_ctx_length=False,  # send text, not tiktoken ids: no tokenizer download, any model
    )
    return RemoteEmbeddings(client, settings)


def _api_key(settings: EmbeddingSettings) -> str:
    if settings.api_key is not None:
        return settings.api_key.get_secret_value()
    # Local servers (TEI, vLLM, Infinity) need no key, but the client insists on one.
    return os.environ.get("OPENAI_API_KEY") or "geen-sleutel"


def remote_error(exc: Exception, settings: EmbeddingSettings) -> AssistantError:
    """The Dutch, user-safe error for a failed call to the embedding server."""
    url = settings.base_url or OPENAI_URL
    tries = f"{settings.max_retries + 1} {'poging' if settings.max_retries == 0 else 'pogingen'}"
    if isinstance(exc, openai.APITimeoutError):
        return EmbeddingUnavailableError(
            f"De embeddingserver op {url} gaf geen antwoord binnen {settings.timeout:g} seconden ({tries}). "
            "Controleer de server, of verhoog ASSISTANT_EMBEDDING__TIMEOUT."
        )
    if isinstance(exc, openai.APIConnectionError):
        return EmbeddingUnavailableError(
            f"De embeddingserver op {url} is niet bereikbaar ({tries}). Controleer of de server draait en of "
            "ASSISTANT_EMBEDDING__BASE_URL klopt (meestal eindigend op /v1)."
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, settings, url, tries)
    return EmbeddingUnavailableError(f"De embeddingserver op {url} gaf een onverwacht antwoord{_detail(exc)}.")


def _status_error(exc, settings: EmbeddingSettings, url: str, tries: str) -> AssistantError:
    status = exc.status_code
    if status in (401, 403):
        return ConfigError(
            f"De embeddingserver op {url} weigert de aanvraag (HTTP {status}): de API-sleutel ontbreekt of is "
            "ongeldig. Controleer ASSISTANT_EMBEDDING__API_KEY."
        )
    if status == 404:
        return ConfigError(
            f"Het embeddingmodel '{settings.model}' of het adres is niet gevonden op {url} (HTTP 404). "
            "Controleer ASSISTANT_EMBEDDING__MODEL en ASSISTANT_EMBEDDING__BASE_URL (meestal eindigend op /v1)."
        )
    if status in (408, 409, 429) or status >= 500:
        return EmbeddingUnavailableError(
            f"De embeddingserver op {url} is overbelast of gaf een fout (HTTP {status}, {tries}){_detail(exc)}. "
            "Probeer het later opnieuw."
        )
    return ConfigError(
        f"De embeddingserver op {url} weigert de aanvraag (HTTP {status}){_detail(exc)}. Controleer het model "
        "en de instellingen van de server (bijvoorbeeld de maximale invoerlengte)."
    )


def _detail(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "message", "") or exc).split())
    return f": {text[:200]}" if text else ""
