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


_ELLIPTIC = re.compile(r"^\s*(?:en|and)\s+(?P<rest>[^?]{1,40})\?*\s*$", re.IGNORECASE)
_LATER = re.compile(r"\b(een|1|twee|2|drie|3)\s+jaar\s+(later|eerder|daarna|ervoor)\b", re.IGNORECASE)
_NUMBER_WORDS = {"een": 1, "1": 1, "twee": 2, "2": 2, "drie": 3, "3": 3}


def resolve_followup(question: str, previous: str, places: dict[str, tuple[str, ...]],
                     previous_places: dict[str, tuple[str, ...]], periods: Sequence[str],
                     previous_periods: Sequence[str]) -> str | None:
    """The previous question rewritten for an elliptic follow-up ("En in Kampen?", "En in 2017?", "En een jaar
    later?"): what it names instead of what the previous one named. None when it is not one of those."""
    if not _ELLIPTIC.match(question) or not previous:
        return None
    resolved = previous
    changed = False
    new_places = [p for p in places if p not in previous_places]
    if new_places and previous_places:
        for forms in previous_places.values():
            for form in sorted(forms, key=len, reverse=True):
                if form and form in resolved:
                    resolved = resolved.replace(form, new_places[0])
                    changed = True
                    break
    own_periods = [p for p in periods if p in question]
    if own_periods and previous_periods:
        resolved = resolved.replace(previous_periods[0], own_periods[0])
        changed = True
    later = _LATER.search(question)
    if later and previous_periods and previous_periods[0].isdigit():
        step = _NUMBER_WORDS.get(later.group(1).lower(), 1) * (1 if later.group(2).lower() in ("later", "daarna")
                                                                else -1)
        resolved = resolved.replace(previous_periods[0], str(int(previous_periods[0]) + step))
        changed = True
    return resolved if changed and resolved != previous else None
