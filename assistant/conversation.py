"""Conversation handling (pure): turn a follow-up into a self-contained retrieval query."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Short questions that lean on the previous turn: "En in Soest?", "Waarom?", "Welke varianten zijn er?"
_FOLLOWUP = re.compile(
    r"^\s*(en|maar|waarom|hoe zit|wat kost dat|en wat|welke varianten|daar|die|dat|dit|deze|and|why)\b", re.IGNORECASE
)
_ANAPHORA = re.compile(r"\b(daar|daarvan|daarmee|die|dat|deze|dit|hun|het|ze|zij|ervan|erin|periode)\b", re.IGNORECASE)


def is_followup(question: str, history: Sequence[dict]) -> bool:
    if not history:
        return False
    words = question.split()
    return bool(_FOLLOWUP.match(question)) or (len(words) <= 8 and bool(_ANAPHORA.search(question)))


def last_user_question(history: Sequence[dict]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "user" and turn.get("content"):
            return str(turn["content"])
    return ""


def contextual_query(question: str, history: Sequence[dict] | None) -> str:
    """The question, prefixed with the previous user question when it is a follow-up."""
    history = history or []
    if not is_followup(question, history):
        return question
    previous = last_user_question(history)
    return f"{previous} {question}".strip() if previous else question
