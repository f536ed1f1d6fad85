"""Conversation handling (pure): turn a follow-up into a self-contained retrieval query."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Short questions that lean on the previous turn: "En in Zwolle?", "Waarom?", "Welke varianten zijn er?"
_FOLLOWUP = re.compile(
    r"^\s*(en|maar|waarom|hoe zit|wat kost dat|en wat|daar|die|dat|dit|deze|and|why)\b", re.IGNORECASE
)
# Words that point back to the previous turn ("daar", "die periode"); common pronouns like "hun" or "het" do not.
_ANAPHORA = re.compile(
    r"\b(daar\w*|ervan|erin|ermee|erover|hiervan|dezelfde|die periode|dat bedrag|dat perceel|deze maatregel)\b",
    re.IGNORECASE,
)
# A short question that only names what it asks about: "Welke varianten zijn er?", "Wat zijn de opties?"
_BARE = re.compile(r"^\s*(welke|wat|hoeveel)\b[^?]{0,30}\b(zijn|is) er\s*\??\s*$|^\s*wat zijn de \w+\s*\??\s*$",
                   re.IGNORECASE)


def is_followup(question: str, history: Sequence[dict]) -> bool:
    if not history:
        return False
    words = question.split()
    return (bool(_FOLLOWUP.match(question)) or bool(_BARE.match(question))
            or (len(words) <= 8 and bool(_ANAPHORA.search(question))))


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
