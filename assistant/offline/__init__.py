"""Offline mode: deterministic answers from tools and retrieved passages, no language model."""

from assistant.offline.answerer import OfflineAnswerer

__all__ = ["OfflineAnswerer"]
