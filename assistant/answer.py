"""The assistant: one API, `Assistant.ask(question, history=..., filters=...) -> Answer`.

Offline (no chat model configured) it answers deterministically: calculation questions go to the tools,
other questions get an extractive answer from the retrieved passages, weak evidence gets the refusal.
With a chat model it runs a LangChain tool-calling agent (`assistant.llm`). Both modes end with the same
grounding check (`assistant.grounding`). The app and the CLIs use only this class.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.figures import FigureTables
from assistant.index.schema import Filters
from assistant.models import Answer, DocumentSummary, GlossaryEntry, IndexStatus, Memo
from assistant.retrieve import HybridRetriever
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX  # noqa: F401  (re-exported sentinels)


class Assistant:
    def __init__(self, retriever: HybridRetriever, figures: FigureTables | None = None, *, chat_model=None):
        from assistant.offline import OfflineAnswerer

        self.retriever = retriever
        self.figures = figures if figures is not None else FigureTables.empty()
        self.chat_model = chat_model
        self.offline = OfflineAnswerer(retriever, self.figures)
        self._llm = None
        if chat_model is not None:
            from assistant.llm.agent import LlmAnswerer

            self._llm = LlmAnswerer(chat_model, retriever, self.figures)

    @property
    def mode(self) -> str:
        return "llm" if self._llm is not None else "offline"

    def ask(self, question: str, history: Sequence[dict] | None = None, filters: Filters | None = None) -> Answer:
        """Answer one question; `history` is the conversation so far as [{"role", "content"}, ...]."""
        answer: Answer | None = None
        for item in self.stream(question, history, filters):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(
        self, question: str, history: Sequence[dict] | None = None, filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Text deltas while the answer is written (LLM mode), then the final, grounded `Answer`.

        Offline the whole answer comes at once. The final `Answer` is authoritative: the UI replaces the
        streamed text with `answer.text`, which carries the grounding marks.
        """
        history = list(history or [])
        if self._llm is not None:
            yield from self._llm.stream(question, history, filters)
            return
        answer = self.offline.answer(question, history, filters)
        yield answer.text
        yield answer

    def draft_memo(self, topic: str, filters: Filters | None = None) -> Memo:
        """A structured memo draft (Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen, Bronnen)."""
        from assistant.memo import draft_memo

        return draft_memo(topic, self.retriever, self.figures, filters=filters)

    def explain_term(self, term: str) -> Answer:
        """Explain a domain term from the corpus, with a citation (for the glossary)."""
        from assistant.glossary import explain_term

        return explain_term(term, self.retriever)

    def glossary(self) -> list[GlossaryEntry]:
        """The domain terms found in the corpus, each explained from the documents."""
        from assistant.glossary import build_glossary

        return build_glossary(self.retriever)

    def documents(self) -> list[DocumentSummary]:
        """What each indexed document is (guided tour)."""
        from assistant.glossary import document_tour

        return document_tour(self.retriever)

    def status(self) -> IndexStatus:
        from assistant.status import index_status

        return index_status(self.retriever)

    def refresh(self, figures: FigureTables | None = None) -> None:
        """Reload the keyword index and chunks after an ingest (and the figure tables, if given)."""
        self.retriever.refresh()
        if figures is not None:
            self.figures = figures
            self.offline.figures = figures
            if self._llm is not None:
                self._llm.set_figures(figures)
