"""`make_chat_model(settings.llm)`: the configured LangChain chat model; building it makes no network call."""

from __future__ import annotations

import os

from langchain_core.language_models import BaseChatModel

from assistant.errors import ConfigError
from assistant.settings import LLMSettings

MAX_RETRIES = 2
OLLAMA_CONTEXT = 16384  # Ollama's default context is too small for passages + tool schemas


def _missing(package: str, provider: str) -> str:
    return (
        f"Provider '{provider}' heeft het pakket {package} nodig. Installeer het met "
        f"`pip install {package}`, of zet ASSISTANT_LLM__PROVIDER=none om offline te werken."
    )


def _check_url(url: str | None) -> None:
    if url and not url.startswith(("http://", "https://")):
        message = f"ASSISTANT_LLM__BASE_URL moet met http:// of https:// beginnen, niet '{url}'."
        raise ConfigError(message)


def make_chat_model(llm: LLMSettings) -> BaseChatModel:
    """The chat model for `llm.provider`; `none` (offline) has no model and raises `ConfigError`."""
    match llm.provider:
        case "openai":
            try:
                from langchain_openai import ChatOpenAI
            except ImportError:
                message = _missing("langchain-openai", "openai")
                raise ConfigError(message) from None
            _check_url(llm.base_url)
            if llm.api_key is not None:
                api_key = llm.api_key.get_secret_value()
            else:  # local OpenAI-compatible servers (vLLM, llama.cpp) need no key, the client needs one
                api_key = os.environ.get("OPENAI_API_KEY") or "geen-sleutel"
            return ChatOpenAI(
                model=llm.model,
                base_url=llm.base_url,
                api_key=api_key,
                temperature=llm.temperature,
                timeout=llm.timeout,
                max_retries=MAX_RETRIES,
            )
        case "ollama":
            try:
                from langchain_ollama import ChatOllama
            except ImportError:
                message = _missing("langchain-ollama", "ollama")
                raise ConfigError(message) from None
            _check_url(llm.base_url)
            return ChatOllama(
                model=llm.model,
                base_url=llm.base_url,
                temperature=llm.temperature,
                num_ctx=OLLAMA_CONTEXT,
                client_kwargs={"timeout": llm.timeout},
            )
        case "fake":
            from assistant.llm.fake import ScriptedChatModel

            return ScriptedChatModel()
        case "none":
            message = (
                "Er is geen taalmodel ingesteld (ASSISTANT_LLM__PROVIDER=none): de assistent werkt "
                "offline. Kies openai, ollama of fake om een taalmodel te gebruiken."
            )
            raise ConfigError(message)
        case other:
            message = f"Onbekende taalmodel-provider '{other}'. Kies uit: none, openai, ollama, fake."
            raise ConfigError(message)
