"""Extractive answering (pure): pick the few sentences from the retrieved passages that answer a question.

The candidates are the sentences of the retrieved passages' *pages* around each passage (with a neighbour on
either side): a sentence that a chunk edge cuts in two is whole on its page, and a list's lead-in and its
items are found together. Each sentence is scored by its overlap with the question (rare terms weigh more),
the rank of its passage, and the kind of answer the question asks for (`assistant.offline.answer_types`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.models import Passage
from assistant.safety import is_injection
from assistant.sentences import ends_sentence, split_sentences
from assistant.text import normalise_for_match, tokenize

_NUMERIC_Q = re.compile(r"\b(hoeveel|hoe hoog|hoe lang|welk bedrag|percentage|procent|how many|how much|aandeel)\b", re.IGNORECASE)
_HAS_NUMBER = re.compile(r"\d")
_NUMBERS = re.compile(r"(?<![\w.,])\d[\d.,]*")
PageText = Callable[[str, int], str]  # (doc_id, page) -> the page's (flowed) text
Semantic = Callable[[list[str]], list[float]]  # sentences -> their similarity to the question (dense model)
SEMANTIC_CANDIDATES = 16  # sentences compared with the question by the dense model
SEMANTIC_WEIGHT = 0.35
SEMANTIC_FLOOR = 0.75  # e5 similarities below this say nothing
WINDOW = 1  # sentences of the page kept on either side of a passage


@dataclass(frozen=True)
class Sentence:
    passage: int  # index into the passages list: the best-ranked passage on this sentence's page
    position: int  # order within that page's sentences (within the passage's text without page texts)
    text: str
    score: float


class SentenceSource:
    """The candidate sentences of the top passages, read from their pages (when page texts are given)."""

    def __init__(self, passages: Sequence[Passage], page_text: PageText | None = None, max_passages: int = 6,
                 window: int | None = WINDOW):
        """`window`: sentences of the page kept on either side of a passage (None: the whole page)."""
        self.passages = list(passages)
        self.window = window
        self._page_text = page_text
        self._sentences: dict[int, list[str]] = {}  # passage index (first on its page) -> page sentences
        self._first: dict[tuple[str, int], int] = {}  # (doc_id, page) -> first passage index on it
        self.units: list[tuple[int, int, str]] = []
        # a page's last sentence that the page break cuts off: its rest, on the next page
        self._continued: dict[tuple[int, int], tuple[int, str]] = {}
        seen: set[tuple[int, int]] = set()
        for i, p in enumerate(self.passages[:max_passages]):
            owner = self._owner(i)
            sentences = self._sentences[owner]
            for j in self._span(p, sentences):
                if (owner, j) not in seen and not is_injection(sentences[j]):
                    seen.add((owner, j))
                    text = sentences[j]
                    rest = self._rest(owner, j, sentences)
                    self.units.append((owner, j, f"{text} {rest[1]}" if rest else text))

    def _owner(self, i: int) -> int:
        chunk = self.passages[i].chunk
        key = (chunk.doc_id, chunk.page)
        if key not in self._first:
            self._first[key] = i
            text = self._page_text(chunk.doc_id, chunk.page) if self._page_text else ""
            self._sentences[i] = split_sentences(text or chunk.text)
        return self._first[key]

    def _rest(self, owner: int, j: int, sentences: list[str]) -> tuple[int, str] | None:
        """The rest of a page's last sentence on the next page, when the page break cuts it off."""
        if self._page_text is None or j != len(sentences) - 1 or ends_sentence(sentences[j]) \
                or sentences[j].rstrip().endswith(":"):
            return None
        chunk = self.passages[owner].chunk
        following = split_sentences(self._page_text(chunk.doc_id, chunk.page + 1) or "")
        if not following or not following[0][:1].islower() or is_injection(following[0]):
            return None
        self._continued[(owner, j)] = (chunk.page + 1, following[0])
        return self._continued[(owner, j)]

    def continuation(self, sentence: Sentence) -> tuple[str, int, str] | None:
        """(the part on its page, the next page, the rest) of a sentence the page break cuts off; else None."""
        rest = self._continued.get((sentence.passage, sentence.position))
        if rest is None:
            return None
        return sentence.text[: len(sentence.text) - len(rest[1]) - 1], rest[0], rest[1]

    def _span(self, passage: Passage, sentences: list[str]) -> range:
        if self._page_text is None or self.window is None:
            return range(len(sentences))
        chunk = normalise_for_match(passage.chunk.text)
        head, tail = chunk[:40], chunk[-40:]
        hits = [j for j, s in enumerate(sentences)
                if (n := normalise_for_match(s)) and (n[:40] in chunk or head in n or tail in n)]
        if not hits:
            return range(len(sentences))
        return range(max(0, min(hits) - self.window), min(len(sentences), max(hits) + self.window + 1))

    def sentences_of(self, passage: int) -> list[str]:
        """The sentences of a passage's page (or of the passage itself without page texts)."""
        owner = self._first.get((self.passages[passage].chunk.doc_id, self.passages[passage].chunk.page), passage)
        if owner not in self._sentences:
            self._sentences[owner] = split_sentences(self.passages[owner].chunk.text)
        return self._sentences[owner]

    def before(self, sentence: Sentence) -> str:
        """The sentence before it on its page ('' for the first)."""
        sentences = self.sentences_of(sentence.passage)
        return sentences[sentence.position - 1] if 0 < sentence.position <= len(sentences) else ""


MIN_PART = 4  # letters of each part of a split compound


def compound_parts(terms: set[str], vocabulary: set[str]) -> set[str]:
    """The parts of a Dutch compound the candidates do not use whole but do use apart
    ("huisartsverwijzingen" -> "huisarts" + "doorverwijs", as in "doorverwijzingen van huisartsen"): a known
    word, then a known word or the end of one (itself a compound)."""
    parts: set[str] = set()
    for term in terms - vocabulary:
        for i in range(MIN_PART, len(term) - MIN_PART + 1):
            head, tail = term[:i], term[i:]
            if head not in vocabulary:
                continue
            tails = [tail, tail[1:]] if tail[:1] == "s" else [tail]  # a linking s ("huisarts-s-...")
            found = next((w for t in tails for w in vocabulary if len(t) >= MIN_PART and (w == t or w.endswith(t))),
                         None)
            if found:
                parts |= {head, found}
                break
    return parts


def score_sentences(question: str, passages: list[Passage], max_passages: int = 6,
                    boost: re.Pattern | None = None, places: Sequence[str] = (),
                    source: SentenceSource | None = None,
                    bonus: Callable[[str], float] | None = None,
                    semantic: Semantic | None = None) -> list[Sentence]:
    """Score every candidate sentence by weighted overlap with the question's stemmed terms.

    `boost` (e.g. causal words for a why-question) adds to sentences that match it; `bonus(text)` adds the
    answer-type score (a date for "wanneer", an actor for "wie", ...). With `semantic` (for questions that
    share few words with the documents, such as English ones), sentences without shared words are candidates
    too, and the best ones by passage rank and overlap are re-scored by their dense similarity.
    """
    q_terms = set(tokenize(question))
    if not q_terms:
        return []
    source = source or SentenceSource(passages, max_passages=max_passages)
    sentences = source.units
    # Inverse sentence frequency within the candidates: rare question terms weigh more.
    token_sets = [set(tokenize(s)) for _, _, s in sentences]
    q_terms |= compound_parts(q_terms, set().union(*token_sets) if token_sets else set())
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
        if (overlap <= 0 or not topical & tokens) and semantic is None:
            continue
        coverage = overlap / sum(idf.values())
        score = coverage + 0.15 / (1 + i)  # prefer better-ranked passages
        if wants_number and _HAS_NUMBER.search(text):
            score += 0.15
        if boost is not None and boost.search(text):
            score += 0.1
        if bonus is not None:
            score += bonus(text)
        numbers = len(_NUMBERS.findall(text))
        ended = ends_sentence(text)
        if (len(text) < 25 and not text.rstrip().endswith(":")) or len(text) > 400 or "http" in text:
            score *= 0.5
        elif not ended and numbers >= 2 and not wants_number:
            score *= 0.4  # a table row or header, not an answer to a question in words
        elif len(text) < 120 and not ended and not numbers and not text.rstrip().endswith(":"):
            score *= 0.5  # a heading or label, not an answer
        scored.append(Sentence(i, j, text, score))
    scored.sort(key=lambda s: -s.score)
    if semantic is not None and scored:
        top = scored[:SEMANTIC_CANDIDATES]
        similarity = semantic([s.text for s in top])
        top = [Sentence(s.passage, s.position, s.text,
                        s.score + SEMANTIC_WEIGHT * max(0.0, (sim - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR)))
               for s, sim in zip(top, similarity)]
        scored = sorted([*top, *scored[SEMANTIC_CANDIDATES:]], key=lambda s: -s.score)
    return scored


def select_sentences(question: str, passages: list[Passage], limit: int = 3,
                     boost: re.Pattern | None = None, places: Sequence[str] = (),
                     source: SentenceSource | None = None,
                     bonus: Callable[[str], float] | None = None,
                     semantic: Semantic | None = None) -> list[Sentence]:
    """The best `limit` sentences, near-duplicates dropped, back in passage/document order."""
    chosen: list[Sentence] = []
    seen: set[str] = set()
    for s in score_sentences(question, passages, boost=boost, places=places, source=source, bonus=bonus,
                             semantic=semantic):
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
