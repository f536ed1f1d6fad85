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


class Answer(BaseModel):
    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    refused: bool = False
    refusal_reason: str = ""
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
            "seconds": round(sum(self.timings.values()), 4),
        }
