"""Extractive answering (pure): pick the few sentences from the retrieved passages that answer a question."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Passage
from assistant.safety import is_injection
from assistant.sentences import split_sentences
from assistant.text import tokenize

_NUMERIC_Q = re.compile(r"\b(hoeveel|hoe hoog|hoe lang|welk bedrag|percentage|procent|how many|how much|aandeel)\b", re.IGNORECASE)
_HAS_NUMBER = re.compile(r"\d")
_NUMBERS = re.compile(r"(?<![\w.,])\d[\d.,]*")
# A sentence ends in . ! ? (possibly inside a closing bracket or quote): headings and table lines do not.
_ENDED = re.compile(r"[.!?…][)’”\"']*\s*$")


@dataclass(frozen=True)
class Sentence:
    passage: int  # index into the passages list
    position: int  # order within the passage
    text: str
    score: float


def score_sentences(question: str, passages: list[Passage], max_passages: int = 6,
                    boost: re.Pattern | None = None, places: Sequence[str] = ()) -> list[Sentence]:
    """Score every sentence of the top passages by weighted overlap with the question's stemmed terms.

    `boost` (e.g. causal words for a why-question) adds to sentences that match it.
    """
    q_terms = set(tokenize(question))
    if not q_terms:
        return []
    top = passages[:max_passages]
    sentences = [(i, j, s) for i, p in enumerate(top) for j, s in enumerate(split_sentences(p.chunk.text))
                 if not is_injection(s)]
    # Inverse sentence frequency within the candidates: rare question terms weigh more.
    token_sets = [set(tokenize(s)) for _, _, s in sentences]
    n = max(len(sentences), 1)
    df = {t: sum(t in ts for ts in token_sets) for t in q_terms}
    idf = {t: math.log(1 + n / (1 + df[t])) for t in q_terms}
    wants_number = bool(_NUMERIC_Q.search(question))
    scored: list[Sentence] = []
    # Place names in the question ("Zwolle") locate the answer but do not answer it: a sentence must share
    # at least one other term with the question.
    topical = q_terms - {t for name in places for t in tokenize(name)} or q_terms
    for (i, j, text), tokens in zip(sentences, token_sets):
        overlap = sum(idf[t] for t in q_terms & tokens)
        if overlap <= 0 or not topical & tokens:
            continue
        coverage = overlap / sum(idf.values())
        score = coverage + 0.15 / (1 + i)  # prefer better-ranked passages
        if wants_number and _HAS_NUMBER.search(text):
            score += 0.15
        if boost is not None and boost.search(text):
            score += 0.1
        numbers = len(_NUMBERS.findall(text))
        ended = bool(_ENDED.search(text))
        if len(text) < 25 or len(text) > 400 or "http" in text:
            score *= 0.5
        elif not ended and numbers >= 2 and not wants_number:
            score *= 0.4  # a table row or header, not an answer to a question in words
        elif len(text) < 120 and not ended and not numbers:
            score *= 0.5  # a heading or label, not an answer
        scored.append(Sentence(i, j, text, score))
    return sorted(scored, key=lambda s: -s.score)


def select_sentences(question: str, passages: list[Passage], limit: int = 3,
                     boost: re.Pattern | None = None, places: Sequence[str] = ()) -> list[Sentence]:
    """The best `limit` sentences, near-duplicates dropped, back in passage/document order."""
    chosen: list[Sentence] = []
    seen: set[str] = set()
    for s in score_sentences(question, passages, boost=boost, places=places):
        key = re.sub(r"\W+", "", s.text.lower())[:80]
        if key in seen:
            continue
        if chosen and s.score < chosen[0].score * 0.45:
            break
        seen.add(key)
        chosen.append(s)
        if len(chosen) >= limit:
            break
    return sorted(chosen, key=lambda s: (s.passage, s.position))
