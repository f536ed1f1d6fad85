"""The offline answerer: calculation questions -> tools; other questions -> extractive answer; weak -> refusal."""

from __future__ import annotations

import time
from collections.abc import Sequence

from assistant.conversation import contextual_query
from assistant.extract import select_sentences
from assistant.figures import FigureTables
from assistant.index.schema import Filters
from assistant.models import Answer, Citation, Passage
from assistant.retrieve import HybridRetriever
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX


class OfflineAnswerer:
    def __init__(self, retriever: HybridRetriever, figures: FigureTables, *, min_similarity: float = 0.80):
        self.retriever = retriever
        self.figures = figures
        self.min_similarity = min_similarity

    def answer(self, question: str, history: Sequence[dict], filters: Filters | None = None) -> Answer:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        query = contextual_query(question, history)
        passages = self.retriever.retrieve(query, filters=filters)
        timings["retrieve"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        answer = self._extractive(query, passages)
        answer.question = question
        timings["compose"] = time.perf_counter() - t1
        answer.timings = timings
        return answer

    def _extractive(self, question: str, passages: list[Passage]) -> Answer:
        if not passages:
            return Answer(question=question, text=REFUSAL_NO_INDEX if not self.retriever.chunks else REFUSAL,
                          refused=True, refusal_reason="geen passages gevonden")
        best = max((p.similarity or 0.0) for p in passages)
        sentences = select_sentences(question, passages)
        if not sentences or best < self.min_similarity:
            return Answer(question=question, text=REFUSAL, passages=passages, refused=True,
                          refusal_reason=f"zwak bewijs (beste overeenkomst {best:.2f})")
        citations: list[Citation] = []
        parts: list[str] = []
        for s in sentences:
            chunk = passages[s.passage].chunk
            n = len(citations) + 1
            citations.append(Citation(n=n, document=chunk.document, title=chunk.title, page=chunk.page,
                                      section=chunk.section, quote=s.text))
            parts.append(f"{s.text} [{n}]")
        list_like = any(p.lstrip().startswith(("-", "•")) for p in parts)
        text = "\n".join(parts) if list_like else " ".join(parts)
        return Answer(question=question, text=text, citations=citations, passages=passages)
