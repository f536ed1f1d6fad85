"""Wires settings into a ready `Assistant` (used by the CLI, the app and the eval). No Streamlit here."""

from __future__ import annotations

from assistant.answer import Assistant
from assistant.corpus import Corpus
from assistant.figures import default_dirs
from assistant.index.factory import open_embeddings, open_index
from assistant.index.index import Index
from assistant.settings import Settings
from assistant.vocabulary import Vocabulary


def make_corpus(index: Index, settings: Settings) -> Corpus:
    return Corpus(index.catalog, default_dirs(settings), vocabulary=Vocabulary.load(settings.corpus_dir))


def assistant_from_index(index: Index, settings: Settings, chat_model=None) -> Assistant:
    """An `Assistant` over `index`; the chat model comes from `settings.llm` unless given."""
    if chat_model is None and settings.llm.provider != "none":
        from assistant.llm.factory import make_chat_model

        chat_model = make_chat_model(settings.llm)
    return Assistant(settings, index, make_corpus(index, settings), chat_model=chat_model)


def build_assistant(settings: Settings, embeddings=None, chat_model=None) -> Assistant:
    return assistant_from_index(open_index(settings, embeddings or open_embeddings(settings)), settings, chat_model)
