"""Extractive answering (pure): pick the few sentences from the retrieved passages that answer a question."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.index.keyword import tokenize
from assistant.models import Passage

# Sentence ends: ". " / "? " / "! " before a capital, digit, quote or bracket; list items are their own lines.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ0-9€‘“\"(])")
# Text in a document that addresses the assistant ("negeer alle eerdere instructies ..."): data, never an answer.
INJECTION = re.compile(
    r"\b(negeer|vergeet)\b.{0,40}\b(instructies|opdrachten|regels)\b|\bignore\b.{0,40}\binstructions\b|"
    r"\b(systeemprompt|system prompt)\b|\b(antwoord|zeg|vertel)\s+(dan\s+)?(dat|altijd)\b|\byou are now\b",
    re.IGNORECASE,
)
_NUMERIC_Q = re.compile(r"\b(hoeveel|hoe hoog|hoe lang|welk bedrag|percentage|procent|how many|how much|aandeel)\b", re.IGNORECASE)
_HAS_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Sentence:
    passage: int  # index into the passages list
    position: int  # order within the passage
    text: str
    score: float


_ABBREVIATION = re.compile(
    r"\b(ca|bijv|bv|o\.a|t\.o\.v|nr|p|pag|incl|excl|m\.b\.t|i\.v\.m|e\.d|etc|zgn|resp|mln|mld|vs|d\.w\.z|"
    r"jl|a\.s|dhr|mevr|drs|dr|mr|ir|ing)\.$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*(?:[-•–▪·]|\d+[.)]|[a-z][.)])\s+")
_ENDS = (".", "!", "?", ":", ";")


def _paragraphs(text: str) -> list[str]:
    """Re-join PDF layout lines into running text; list items, headings and table rows stay lines."""
    out: list[str] = []
    gap = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            gap = True
            continue
        prev = out[-1] if out else ""
        # Running text continues on the next layout line (also across a blank line, when the new line
        # starts in lower case); table rows (ending in a figure) and list items do not.
        continues = line[0].islower() or (
            not gap and line[0] in "0123456789(€%" and (prev[-1:].islower() or prev.endswith(","))
        )
        if prev and not prev.endswith(_ENDS) and not _ITEM.match(line) and continues:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
        gap = False
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, in order: layout lines re-joined, split at sentence ends (not abbreviations)."""
    out: list[str] = []
    for para in _paragraphs(text):
        parts = _SENTENCE_END.split(para)
        merged: list[str] = []
        for part in parts:
            if merged and _ABBREVIATION.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        out.extend(s.strip() for s in merged if len(s.strip()) > 2)
    return out


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
                 if not INJECTION.search(s)]
    # Inverse sentence frequency within the candidates: rare question terms weigh more.
    token_sets = [set(tokenize(s)) for _, _, s in sentences]
    n = max(len(sentences), 1)
    df = {t: sum(t in ts for ts in token_sets) for t in q_terms}
    idf = {t: math.log(1 + n / (1 + df[t])) for t in q_terms}
    wants_number = bool(_NUMERIC_Q.search(question))
    scored: list[Sentence] = []
    # Place names in the question ("Leusden") locate the answer but do not answer it: a sentence must share
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
        if len(text) < 25 or len(text) > 400 or "http" in text:
            score *= 0.5
        elif len(text) < 90 and not text.endswith((".", "!", "?", ")")) and not _HAS_NUMBER.search(text):
            score *= 0.6  # a heading, not an answer
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
