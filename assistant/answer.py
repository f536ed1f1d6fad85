"""The assistant facade: one API for the app and the CLIs, above both ingest and answering.

`Assistant.ask(question, history=..., filters=...) -> Answer`. Offline (no chat model configured) it answers
deterministically: calculation questions go to the tools, other questions get an extractive answer from the
retrieved passages, weak or out-of-scope evidence gets the refusal. With a chat model it runs a LangChain
tool-calling agent (`assistant.llm`). Both modes end with the scope check and the grounding check.

Documents are added and removed through the facade too (`add_documents`, `save_upload`,
`remove_document`), so the app never touches the index or ingest directly. One `Assistant` is safe to share
between threads (the app serves every session from one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from assistant.corpus import Corpus
from assistant.errors import DocumentError, InputError
from assistant.index.index import Index
from assistant.index.schema import Filters
from assistant.models import Answer, DocumentSummary, GlossaryEntry, IndexStatus, Memo
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings
from assistant.texts import REFUSAL, REFUSAL_NO_INDEX  # noqa: F401  (re-exported sentinels)

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


class Turn(BaseModel):
    role: Literal["user", "assistant", "system"]
    content: str


def check_question(question: object, max_chars: int) -> str:
    """The question as text, or `InputError` with a Dutch message (wrong type, empty, too long)."""
    if not isinstance(question, str):
        raise InputError("De vraag moet tekst zijn.")
    question = question.strip()
    if not question:
        raise InputError("Stel een vraag: de vraag is leeg.")
    if len(question) > max_chars:
        raise InputError(f"De vraag is te lang ({len(question)} tekens; maximaal {max_chars}). Maak hem korter.")
    return question


def check_history(history: object) -> list[dict]:
    """The conversation as [{'role', 'content'}], or `InputError` when it has the wrong shape."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        raise InputError("De gespreksgeschiedenis moet een lijst van beurten zijn ({'role': ..., 'content': ...}).")
    try:
        return [Turn.model_validate(t).model_dump() for t in history]
    except ValidationError:
        raise InputError("De gespreksgeschiedenis moet een lijst van beurten zijn met 'role' (user of assistant) "
                         "en 'content' (tekst).") from None


class Assistant:
    def __init__(self, settings: Settings, index: Index, corpus: Corpus, *, chat_model=None):
        from assistant.offline import OfflineAnswerer

        self.settings = settings
        self.index = index
        self.corpus = corpus
        self.retriever = HybridRetriever(index, settings.retrieval)
        self.chat_model = chat_model
        self.offline = OfflineAnswerer(self.retriever, corpus, settings.answer)
        self._llm = None
        if chat_model is not None:
            from assistant.llm.agent import LlmAnswerer

            self._llm = LlmAnswerer(chat_model, self.retriever, corpus)

    @property
    def mode(self) -> str:
        return "llm" if self._llm is not None else "offline"

    # -- answering ----------------------------------------------------------------------------------------

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
        streamed text with `answer.text`, which carries the grounding marks. Bad input raises `InputError`.
        """
        question = check_question(question, self.settings.limits.max_question_chars)
        turns = check_history(history)
        log.info("vraag (%d tekens, %d eerdere beurten, modus %s)", len(question), len(turns), self.mode)
        if self._llm is not None:
            for item in self._llm.stream(question, turns, filters):
                yield self._scanned(item) if isinstance(item, Answer) else item
            return
        answer = self._scanned(self.offline.answer(question, turns, filters))
        yield answer.text
        yield answer

    def _scanned(self, answer: Answer) -> Answer:
        """Citations of pages recognised from a scan say so (`Citation.ocr`)."""
        return answer.model_copy(update={"citations": self.corpus.mark_scanned(answer.citations)})

    def filters_for(self, documents: Iterable[str] = (), doc_types: Iterable[str] = (),
                    municipalities: Iterable[str] = (), years: Iterable[int] = ()) -> Filters:
        """Filters from document names or titles (as users give them) and metadata values."""
        docs = list(documents)
        resolved = self.corpus.resolve_documents(docs) if docs else []
        if docs and not resolved:
            raise InputError(f"Geen document gevonden met de naam {', '.join(docs)}.")
        return Filters(documents=resolved, doc_types=list(doc_types), municipalities=list(municipalities),
                       years=list(years))

    def draft_memo(self, topic: str, filters: Filters | None = None) -> Memo:
        """A structured memo draft (Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen, Bronnen)."""
        from assistant.memo import draft_memo

        topic = check_question(topic, self.settings.limits.max_question_chars)
        memo = draft_memo(topic, self.retriever, self.corpus, filters=filters)
        return memo.model_copy(update={"citations": self.corpus.mark_scanned(memo.citations)})

    def explain_term(self, term: str) -> Answer:
        """Explain a domain term from the corpus, with a citation (for the glossary)."""
        from assistant.glossary import explain_term

        return self._scanned(explain_term(check_question(term, self.settings.limits.max_question_chars), self.corpus))

    def glossary(self) -> list[GlossaryEntry]:
        """The domain terms found in the corpus, each explained from the documents."""
        from assistant.glossary import build_glossary

        return [e.model_copy(update={"answer": self._scanned(e.answer)}) for e in build_glossary(self.corpus)]

    def documents(self) -> list[DocumentSummary]:
        """What each indexed document is (guided tour)."""
        from assistant.glossary import document_tour

        return document_tour(self.corpus)

    def status(self) -> IndexStatus:
        from assistant.status import index_status

        return index_status(self.corpus, self.index.embedder)

    def starter_questions(self) -> dict[str, list[str]]:
        """Starter questions per audience: from `corpus/startvragen.csv`, else made from the corpus itself."""
        from assistant.present.onboarding import starter_questions

        return starter_questions(self.corpus)

    def citation_chunks(self, citation) -> list:
        """The indexed chunks of a citation's page (to show the passage around the quote)."""
        doc_ids = [citation.doc_id] if citation.doc_id else [d.doc_id for d in self.corpus.documents_named(
            citation.document)]
        return [c for d in doc_ids for c in self.corpus.page_chunks(d, citation.page)]

    # -- documents ----------------------------------------------------------------------------------------

    def add_documents(self, paths: Sequence[Path], *, replace: bool = False, progress: Progress | None = None,
                      cancel: Callable[[], bool] | None = None):
        """Index files or folders (incremental); the answering side sees them at once. Returns the report."""
        from ingest.pipeline import ingest_paths

        report = ingest_paths(paths, self.settings, self.index, progress, replace=replace, cancel=cancel)
        self.refresh()
        return report

    def add_uploads(self, paths: Sequence[Path], *, replace: bool = False, progress: Progress | None = None,
                    cancel: Callable[[], bool] | None = None):
        """Index uploaded files; an upload that fails is removed again (with its message in the report)."""
        from ingest.manage import discard_failed_uploads
        from ingest.pipeline import FIGURE_SUFFIXES, is_figure_table

        tables = [p for p in paths if p.suffix.lower() in FIGURE_SUFFIXES and is_figure_table(p)]
        report = self.add_documents(paths, replace=replace, progress=progress, cancel=cancel)
        discard_failed_uploads(report.results, self.settings)
        for path in tables:  # a figure table is installed in <data_dir>/figures; the upload copy is not needed
            if path.parent == self.settings.uploads_dir:
                path.unlink(missing_ok=True)
        return report

    def save_upload(self, name: str, data: bytes, *, replace: bool = False) -> Path:
        """Store an uploaded file under a safe, unique name; `DuplicateDocumentError` if its name is indexed."""
        from ingest.manage import save_upload

        return save_upload(name, data, self.settings, [d.document for d in self.corpus.documents], replace=replace)

    def remove_document(self, doc_id: str):
        """Remove a document from the index (an uploaded copy is deleted too; a corpus/ file stays on disk)."""
        from ingest.manage import remove_document

        info = self.corpus.document(doc_id)
        if info is None:
            raise DocumentError(doc_id, "staat niet in de index")
        result = remove_document(info, self.settings, self.index)
        self.refresh()
        return result

    def ocr_status(self) -> str:
        """'' when scanned PDF pages are read (OCR) at ingest; else the Dutch note that they are skipped and what to
        install."""
        from ingest.ocr import ocr_status

        return ocr_status(self.settings)

    def uploaded_tables(self) -> list[str]:
        """Figure tables the user added (they can be removed like documents)."""
        from ingest.manage import uploaded_tables

        return uploaded_tables(self.settings)

    def remove_table(self, name: str):
        """Remove an uploaded figure table."""
        from ingest.manage import remove_table

        result = remove_table(name, self.settings)
        self.refresh()
        return result

    def refresh(self) -> None:
        """Forget cached corpus data (after an ingest in this process; other processes are seen anyway)."""
        from assistant.figures import default_dirs

        self.corpus.refresh(default_dirs(self.settings))
