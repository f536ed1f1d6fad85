"""Wires settings into a ready `Assistant` (used by the CLI, the app and the eval). No Streamlit here."""

from __future__ import annotations

from assistant.answer import Assistant
from assistant.figures import load_default_figures
from assistant.index.factory import open_embeddings, open_store
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings


def build_retriever(settings: Settings, embeddings=None) -> HybridRetriever:
    store = open_store(settings, embeddings or open_embeddings(settings))
    keyword_dir = None if settings.chroma_url else settings.keyword_dir
    return HybridRetriever(store, settings.retrieval, keyword_dir)


def assistant_from_retriever(retriever: HybridRetriever, settings: Settings, chat_model=None) -> Assistant:
    """An `Assistant` over `retriever`; the chat model comes from `settings.llm` unless given."""
    if chat_model is None and settings.llm.provider != "none":
        from assistant.llm.factory import make_chat_model

        chat_model = make_chat_model(settings.llm)
    return Assistant(retriever, load_default_figures(settings), chat_model=chat_model)


def build_assistant(settings: Settings, embeddings=None, chat_model=None) -> Assistant:
    return assistant_from_retriever(build_retriever(settings, embeddings), settings, chat_model)
