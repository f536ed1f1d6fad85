"""Turn a failing model call into a clear Dutch message (for `ModelUnavailableError`), never a traceback."""

from __future__ import annotations

import os
from dataclasses import dataclass

OFFLINE_HINT = "Of zet ASSISTANT_LLM__PROVIDER=none om offline te werken."


@dataclass(frozen=True)
class Endpoint:
    """What the messages say about the configured model."""

    model: str = ""
    base_url: str = ""
    timeout: float | None = None
    provider: str = ""

    @classmethod
    def of(cls, chat_model) -> Endpoint:
        kind = type(chat_model).__name__
        provider = "ollama" if "Ollama" in kind else "openai" if "OpenAI" in kind else ""
        base_url = getattr(chat_model, "openai_api_base", None) or getattr(chat_model, "base_url", None)
        if not base_url and provider == "ollama":
            base_url = os.environ.get("OLLAMA_HOST") or "http://127.0.0.1:11434"
        if not base_url and provider == "openai":
            base_url = "https://api.openai.com/v1"
        timeout = getattr(chat_model, "request_timeout", None)
        if isinstance(timeout, tuple):
            timeout = timeout[0]
        model = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None) or ""
        return cls(
            str(model), str(base_url or ""), timeout if isinstance(timeout, (int, float)) else None, provider
        )


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _detail(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "message", "") or exc).split())
    return f": {text[:200]}" if text else ""


def _is_timeout(exc: BaseException) -> bool:
    name = type(exc).__name__
    return isinstance(exc, TimeoutError) or name in {
        "APITimeoutError",
        "ReadTimeout",
        "ConnectTimeout",
        "WriteTimeout",
        "PoolTimeout",
        "TimeoutException",
    }


def _is_connection(exc: BaseException) -> bool:
    name = type(exc).__name__
    module = type(exc).__module__.split(".")[0]
    return (
        isinstance(exc, ConnectionError)
        or name in {"APIConnectionError", "ConnectError", "RemoteProtocolError"}
        or (module in {"httpx", "httpcore"} and name.endswith("Error"))
    )


def _status(exc: BaseException) -> int | None:
    module = type(exc).__module__.split(".")[0]
    if module not in {"openai", "ollama", "httpx"}:
        return None
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def model_error_message(exc: BaseException, endpoint: Endpoint) -> str | None:
    """A user-safe Dutch message when `exc` (or its cause) is a model/connection failure, else None."""
    where = f" op {endpoint.base_url}" if endpoint.base_url else ""
    model = f"'{endpoint.model}'" if endpoint.model else "het model"
    for err in _chain(exc):
        if type(err).__name__ == "GraphRecursionError":
            return (
                "Het taalmodel bleef hulpmiddelen aanroepen zonder een antwoord te geven. "
                "Stel de vraag opnieuw, korter of specifieker."
            )
        if _is_timeout(err):
            unit = "seconde" if endpoint.timeout == 1 else "seconden"
            seconds = f" binnen {endpoint.timeout:g} {unit}" if endpoint.timeout else " op tijd"
            return (
                f"Het taalmodel{where} gaf geen antwoord{seconds}. Probeer het opnieuw, of verhoog "
                f"ASSISTANT_LLM__TIMEOUT. {OFFLINE_HINT}"
            )
        status = _status(err)
        if status in (401, 403):
            return (
                f"Het taalmodel{where} weigert de aanvraag (HTTP {status}): de API-sleutel ontbreekt of is "
                "ongeldig. Controleer ASSISTANT_LLM__API_KEY."
            )
        if status == 404:
            pull = (
                f" Haal het model op met `ollama pull {endpoint.model}`."
                if endpoint.provider == "ollama"
                else ""
            )
            return (
                f"Het model {model} is niet gevonden{where} (HTTP 404). Controleer ASSISTANT_LLM__MODEL en "
                f"ASSISTANT_LLM__BASE_URL.{pull}"
            )
        if status == 429:
            return (
                f"Het taalmodel{where} is overbelast of het tegoed is op (HTTP 429). "
                "Probeer het later opnieuw."
            )
        if status is not None:
            return f"Het taalmodel{where} gaf een fout (HTTP {status}){_detail(err)}."
        if _is_connection(err):
            return (
                f"Het taalmodel is niet bereikbaar{where}. Controleer of de server draait en of "
                f"ASSISTANT_LLM__BASE_URL klopt. {OFFLINE_HINT}"
            )
        if type(err).__module__.split(".")[0] in {"openai", "ollama"}:
            return f"Het taalmodel{where} gaf een fout{_detail(err)}."
    return None
