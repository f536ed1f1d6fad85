"""The words of a memo topic and how passages cover them (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import tokenize

# Words that frame a request rather than name its topic ("Memo over de wachttijden").
_FRAMING = re.compile(r"\b(?:memo|notitie|nota|overzicht|onderwerp|stand van zaken|schrijf|maak|graag|over|"
                      r"mogelijke?|via|rond|rondom|omtrent|inzake|betreffende|tussen|binnen|buiten|vanuit|tijdens|sinds|per)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class TopicTerm:
    """One content word of a topic. Long words match as a 7-letter prefix anywhere in a word, so
    'verevening' finds 'verevende' and 'risicoverevening', or as the two halves of a compound
    ('kostenstijging' -> 'kosten' ... 'stijging'); short words match on their stem."""

    word: str
    stem: str
    place: bool = False  # a municipality: qualifies the topic, is not its subject

    @property
    def prefix(self) -> str | None:
        return self.word[:7] if len(self.word) >= 7 else None

    def occurs(self, lowered: str, stems: AbstractSet[str]) -> bool:
        if " " in self.word:  # a multi-word name such as "alphen aan den rijn"
            return self.word in lowered
        if self.prefix is None:
            return self.stem in stems
        if self.prefix in lowered:
            return True
        return any(re.search(rf"\b{re.escape(left)}", lowered) and right in lowered
                   for left, right in _halves(self.word))

    @property
    def needs_stems(self) -> bool:
        return self.prefix is None and " " not in self.word


def compound_splits(word: str) -> list[tuple[str, str]]:
    """The ways a long compound may split into two words of at least 5 letters ("jeugdzorg" + "kosten")."""
    if len(word) < 10:
        return []
    return [(word[:i], word[i:]) for i in range(5, len(word) - 4)]


def _halves(word: str) -> list[tuple[str, str]]:
    """`compound_splits`, the right part as a 7-letter prefix (it may be inflected: "stijging" / "stijgt")."""
    return [(left, right[:7]) for left, right in compound_splits(word)]


def topic_terms(topic: str, names: Iterable[str] = ()) -> list[TopicTerm]:
    """The content words of a memo topic (framing words such as 'memo over' and stop words removed).

    Multi-word `names` in the topic (municipalities such as "Alphen aan den Rijn") count as one term.
    """
    out: list[TopicTerm] = []
    rest = _FRAMING.sub(" ", topic)
    places = {" ".join(n.lower().split()) for n in names}
    for name in sorted({n for n in places if " " in n}, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
        if pattern.search(rest):
            out.append(TopicTerm(name, "", place=True))
            rest = pattern.sub(" ", rest)
    for word in re.findall(r"[^\W_][\w'’\-]*", rest):
        stems = tokenize(word)
        if not stems:
            continue  # a stop word
        lowered = word.lower().replace("’", "'").split("'")[0]
        term = TopicTerm(lowered, stems[0], place=lowered in places)
        if term not in out:
            out.append(term)
    return out


def terms_found(terms: list[TopicTerm], text: str) -> set[TopicTerm]:
    lowered = text.lower()
    stems = _stems(text) if any(t.needs_stems for t in terms) else frozenset()
    return {t for t in terms if t.occurs(lowered, stems)}


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    """Stems of a text (Snowball stemming dominates the memo's run time; sentences recur across memos)."""
    return frozenset(tokenize(text))


def subject_terms(terms: list[TopicTerm]) -> list[TopicTerm]:
    """The topic's subject: its terms other than places."""
    return [t for t in terms if not t.place]
