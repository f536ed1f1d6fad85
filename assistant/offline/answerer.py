"""The offline answerer: calculation questions -> tools; other questions -> extractive answer; weak -> refusal."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence

from assistant.conversation import contextual_query, is_followup, last_user_question
from assistant.errors import ToolInputError
from assistant.extract import score_sentences
from assistant.figures import FigureTables
from assistant.grounding import apply_grounding
from assistant.index.keyword import tokenize
from assistant.index.schema import Filters
from assistant.models import Answer, Chunk, Citation, Passage, ToolCall
from assistant.offline.compose import extractive, source_citations, tool_answer_text
from assistant.offline.evidence import EvidencePolicy, assess, suggestions
from assistant.offline.intent import PlannedCall, municipalities_in, plan_tool_calls
from assistant.retrieve import HybridRetriever
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX, SUGGESTIONS_INTRO
from assistant.tools.base import ToolResult
from assistant.tools.registry import run_tool
from ingest.clean import contains_quote


class CorpusView:
    """Per-document text and per-page chunks of the index, rebuilt when the retriever's chunks change."""

    def __init__(self, retriever: HybridRetriever):
        self.retriever = retriever
        self._key: int | None = None
        self.documents: dict[str, str] = {}
        self.pages: dict[tuple[str, int], list[Chunk]] = {}
        self.document_frequency: dict[str, int] = {}

    def page_text(self, document: str, page: int) -> str:
        return "\n".join(c.text for c in sorted(self.pages.get((document, page), []), key=lambda c: c.index))

    def current(self) -> CorpusView:
        chunks = self.retriever.chunks
        if self._key != id(chunks):
            self.documents, self.pages = {}, {}
            for chunk in chunks.values():
                self.documents[chunk.document] = self.documents.get(chunk.document, "") + "\n" + chunk.text
                self.pages.setdefault((chunk.document, chunk.page), []).append(chunk)
            self.document_frequency = Counter(t for text in self.documents.values() for t in set(tokenize(text)))
            self._key = id(chunks)
        return self


def refusal(question: str, reason: str, passages: list[Passage], tool_calls: list[ToolCall] | None = None) -> Answer:
    tips = suggestions(passages)
    text = REFUSAL
    if tips:
        text += f"\n\n{SUGGESTIONS_INTRO}\n" + "\n".join(f"- {t}" for t in tips)
    return Answer(question=question, text=text, passages=passages, refused=True, refusal_reason=reason,
                  suggestions=tips, tool_calls=tool_calls or [])


def about(passages: list[Passage], names: list[str], documents: dict[str, str]) -> list[Passage]:
    """Passages from documents that mention every named municipality first (stable otherwise)."""
    if not names:
        return passages

    def mentions(p: Passage) -> bool:
        text = documents.get(p.chunk.document, "").lower()
        return all(n.lower() in text for n in names)

    return sorted(passages, key=lambda p: not mentions(p))


class OfflineAnswerer:
    def __init__(self, retriever: HybridRetriever, figures: FigureTables, *, policy: EvidencePolicy | None = None):
        self.retriever = retriever
        self.figures = figures
        self.policy = policy or EvidencePolicy()
        self.corpus = CorpusView(retriever)

    def answer(self, question: str, history: Sequence[dict], filters: Filters | None = None) -> Answer:
        t0 = time.perf_counter()
        if not self.retriever.chunks:
            return Answer(question=question, text=REFUSAL_NO_INDEX, refused=True, refusal_reason="lege index")
        previous = last_user_question(history) if is_followup(question, history) else ""
        query = contextual_query(question, history)
        passages = self.retriever.retrieve(query, filters=filters)
        t1 = time.perf_counter()
        answer, calls = None, []
        planned = plan_tool_calls(question, self.figures, previous)
        if planned:
            answer, calls = self._with_tools(question, query, planned, passages)
        if answer is None:
            answer = self._extractive(question, query, passages)
            answer.tool_calls = calls  # tools that rejected their arguments, with the reason
        t2 = time.perf_counter()
        answer.timings = {"retrieve": t1 - t0, "compose": t2 - t1}
        return answer

    # -- calculation questions ----------------------------------------------------------------------------

    def _with_tools(self, question: str, query: str, planned: list[PlannedCall],
                    passages: list[Passage]) -> tuple[Answer | None, list[ToolCall]]:
        corpus = self.corpus.current()
        calls: list[ToolCall] = []
        texts: list[str] = []
        citations: list[Citation] = []
        cited: dict[int, str] = {}
        for call in planned:
            args = {k: v for k, v in call.arguments.items() if v is not None}
            try:
                result: ToolResult = run_tool(self.figures, call.name, args)
            except ToolInputError as err:
                calls.append(ToolCall(name=call.name, arguments=args, result={"error": str(err)}))
                continue
            payload = result.model_dump(mode="json")
            calls.append(ToolCall(name=call.name, arguments=args, result=payload))
            missing = self._unmentioned(query, payload, result, corpus.documents)
            if missing:
                return refusal(question, f"de cijfers van {call.name} gaan niet over {missing}", passages, calls), calls
            new = source_citations(result, corpus.pages, start=len(citations) + 1)
            for c in new:
                chunk = next(ch for ch in corpus.pages[(c.document, c.page)] if contains_quote(ch.text, c.quote))
                cited[c.n] = chunk.text
            citations += new
            texts.append(tool_answer_text(question, result, new))
        if not texts:
            return None, calls  # every tool rejected its arguments: answer from the text instead
        text, grounding = apply_grounding("\n\n".join(texts), cited, [c.result for c in calls], question)
        answer = Answer(question=question, text=text, citations=citations, passages=passages, tool_calls=calls,
                        grounding=grounding)
        return answer, calls

    def _unmentioned(self, query: str, payload: dict, result: ToolResult, documents: dict[str, str]) -> str:
        """A municipality the question names that neither the result nor its source documents mention."""
        blob = json.dumps(payload, ensure_ascii=False).lower()
        source_docs = {s.document for s in result.sources}
        for name in self.figures.municipalities:
            if name.lower() not in query.lower():
                continue
            if name.lower() in blob or any(name.lower() in documents.get(d, "").lower() for d in source_docs):
                continue
            return name
        return ""

    # -- text questions -----------------------------------------------------------------------------------

    def _extractive(self, question: str, query: str, passages: list[Passage]) -> Answer:
        corpus = self.corpus.current()
        named = self._named(query)
        passages = about(passages, named, corpus.documents)
        text, citations, sentences = extractive(query, passages, page_text=corpus.page_text, places=named)
        verdict = assess(query, passages, sentences, corpus.documents, named, self.policy,
                         aliases=list(self.figures.municipalities), candidates=score_sentences(query, passages),
                         document_frequency=corpus.document_frequency)
        if verdict.refuse:
            return refusal(question, verdict.reason, passages)
        # The cited unit is the page: a list may continue in the next chunk of the same page.
        cited = {c.n: corpus.page_text(c.document, c.page) for c in citations}
        text, grounding = apply_grounding(text, cited, [], question)
        return Answer(question=question, text=text, citations=citations, passages=passages, grounding=grounding)

    def _named(self, query: str) -> list[str]:
        return municipalities_in(query, self.figures)
