"""Extractive answering (pure): pick the few sentences from the retrieved passages that answer a question."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.index.keyword import tokenize
from assistant.models import Passage

# Sentence ends: ". " / "? " / "! " before a capital, digit, quote or bracket; list items are their own lines.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ0-9€‘“\"(])")
_NUMERIC_Q = re.compile(r"\b(hoeveel|hoe hoog|hoe lang|welk bedrag|percentage|procent|how many|how much|aandeel)\b", re.IGNORECASE)
_HAS_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Sentence:
    passage: int  # index into the passages list
    position: int  # order within the passage
    text: str
    score: float


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if len(s.strip()) > 2)
    return out


def score_sentences(question: str, passages: list[Passage], max_passages: int = 6) -> list[Sentence]:
    """Score every sentence of the top passages by weighted overlap with the question's stemmed terms."""
    q_terms = set(tokenize(question))
    if not q_terms:
        return []
    top = passages[:max_passages]
    sentences = [(i, j, s) for i, p in enumerate(top) for j, s in enumerate(split_sentences(p.chunk.text))]
    # Inverse sentence frequency within the candidates: rare question terms weigh more.
    token_sets = [set(tokenize(s)) for _, _, s in sentences]
    n = max(len(sentences), 1)
    df = {t: sum(t in ts for ts in token_sets) for t in q_terms}
    idf = {t: math.log(1 + n / (1 + df[t])) for t in q_terms}
    wants_number = bool(_NUMERIC_Q.search(question))
    scored: list[Sentence] = []
    for (i, j, text), tokens in zip(sentences, token_sets):
        overlap = sum(idf[t] for t in q_terms & tokens)
        if overlap <= 0:
            continue
        coverage = overlap / sum(idf.values())
        score = coverage + 0.15 / (1 + i)  # prefer better-ranked passages
        if wants_number and _HAS_NUMBER.search(text):
            score += 0.15
        if len(text) < 25:
            score *= 0.5
        scored.append(Sentence(i, j, text, score))
    return sorted(scored, key=lambda s: -s.score)


def select_sentences(question: str, passages: list[Passage], limit: int = 3) -> list[Sentence]:
    """The best `limit` sentences, near-duplicates dropped, back in passage/document order."""
    chosen: list[Sentence] = []
    seen: set[str] = set()
    for s in score_sentences(question, passages):
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
