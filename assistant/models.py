"""Pydantic models for what flows between the stages: ingest -> index -> retrieval -> answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

DocType = Literal["voortgangsrapportage", "quick scan", "beheersmaatregelen", "kwartaalrapportage", "memo", "overig"]


class DocumentInfo(BaseModel):
    """Metadata of one source document (inferred, or overridden by `corpus/catalogus.csv`)."""

    document: str = Field(description="File name as in corpus/, e.g. 'memo-...-2018.pdf'.")
    title: str
    doc_type: DocType = "overig"
    municipality: str = ""
    year: int | None = None
    file_hash: str = ""
    source: str = ""
    pages: int = 0


class Page(BaseModel):
    number: int = Field(description="1-based PDF page (or 1 for single-page formats).")
    text: str


class Chunk(BaseModel):
    """One retrievable piece of a document: always within one page, tagged with its section."""

    document: str
    title: str
    page: int
    section: str = ""
    doc_type: DocType = "overig"
    municipality: str = ""
    year: int | None = None
    file_hash: str = ""
    source: str = Field("", description="Directory the file was ingested from (prunes files removed there).")
    index: int = Field(0, description="Position of the chunk within its document.")
    text: str

    @property
    def id(self) -> str:
        return f"{self.document}:{self.page}:{self.index}"

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see: title and section give context to short chunks."""
        head = " — ".join(p for p in (self.title, self.section) if p)
        return f"{head}\n{self.text}" if head else self.text


class Passage(BaseModel):
    """A retrieved chunk with its score and the ranks it had in each retriever."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None
    similarity: float | None = Field(None, description="Cosine similarity to the question (dense), if ranked.")

    def summary(self) -> dict[str, Any]:
        c = self.chunk
        return {"document": c.document, "page": c.page, "section": c.section, "text": c.text,
                "score": round(self.score, 6)}


class Citation(BaseModel):
    n: int = Field(description="The [n] marker in the answer text.")
    document: str
    title: str
    page: int
    section: str = ""
    quote: str = Field(description="Exact text from the cited page.")


class ToolCall(BaseModel):
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)


class Grounding(BaseModel):
    """Outcome of the grounding check of one answer (see `assistant.grounding`)."""

    checked_numbers: int = Field(0, description="Numbers found in the answer text (markers excluded).")
    unsupported_numbers: list[str] = Field(
        default_factory=list, description="Numbers (as printed) with no cited passage or tool result behind them."
    )
    invalid_markers: list[int] = Field(
        default_factory=list, description="[n] markers with no matching citation; removed from the text."
    )

    @property
    def ok(self) -> bool:
        return not self.unsupported_numbers and not self.invalid_markers


class Answer(BaseModel):
    question: str
    text: str = Field(description="Markdown with [n] markers that point to `citations`.")
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    refused: bool = False
    refusal_reason: str = ""
    suggestions: list[str] = Field(
        default_factory=list, description="On refusal: nearby topics the documents do cover."
    )
    grounding: Grounding = Field(default_factory=Grounding)
    mode: Literal["offline", "llm"] = "offline"
    timings: dict[str, float] = Field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON contract."""
        return {
            "question": self.question,
            "answer": self.text,
            "citations": [c.model_dump(include={"document", "title", "page", "quote"}) for c in self.citations],
            "passages": [p.summary() for p in self.passages[:10]],
            "tool_calls": [t.model_dump() for t in self.tool_calls],
            "refused": self.refused,
            "refusal_reason": self.refusal_reason,
            "suggestions": self.suggestions,
            "grounding": self.grounding.model_dump(),
            "mode": self.mode,
            "seconds": round(sum(self.timings.values()), 4),
        }


class MemoSection(BaseModel):
    title: str = Field(description="Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen or Bronnen.")
    paragraphs: list[str] = Field(default_factory=list, description="Markdown paragraphs or bullets with [n].")


class Memo(BaseModel):
    """A structured, editable memo draft; [n] markers in all sections share one citation list."""

    topic: str
    sections: list[MemoSection] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    refused: bool = False

    def to_markdown(self) -> str:
        lines = [f"# Memo: {self.topic}", ""]
        for section in self.sections:
            lines += [f"## {section.title}", "", *(p for para in section.paragraphs for p in (para, "")) ]
        return "\n".join(lines).rstrip() + "\n"


class GlossaryEntry(BaseModel):
    term: str
    answer: Answer


class DocumentSummary(BaseModel):
    """One document of the index for status and the guided tour."""

    document: str
    title: str
    doc_type: str = ""
    municipality: str = ""
    year: int | None = None
    pages: int = 0
    chunks: int = 0
    description: str = Field("", description="One or two opening sentences from the document itself.")


class IndexStatus(BaseModel):
    documents: list[DocumentSummary] = Field(default_factory=list)
    chunks: int = 0
    pages: int = 0
    embedder: str = ""
    last_ingest: str | None = Field(None, description="ISO time of the last ingest, if known.")
