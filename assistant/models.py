"""Pydantic models for what flows between the stages: ingest -> index -> retrieval -> answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

# Document types form an open vocabulary (assistant/data/doctypes.csv); "overig" is the last resort.
DocType = str


class DocumentInfo(BaseModel):
    """Metadata of one source document, read from the document itself (overridable by `catalogus.csv`)."""

    doc_id: str = Field("", description="Internal identity (source folder + file name); never shown to users.")
    document: str = Field(description="File name as shown to users, e.g. 'memo-stand-van-zaken.pdf'.")
    title: str
    doc_type: DocType = "overig"
    organisation: str = Field("", description="Publisher: a municipality, region, GGD, VNG, provider, ...")
    municipality: str = Field("", description="The municipality (or region) the document is about, if one.")
    year: int | None = None
    file_hash: str = ""
    source: str = ""
    pages: int = 0
    version: str = Field("", description="Index version of this document's chunks (changes on re-ingest).")


class Page(BaseModel):
    number: int = Field(description="1-based PDF page (or 1 for single-page formats).")
    text: str
    ocr: bool = Field(False, description="The text was recognised from a scanned page image.")
    ocr_confidence: float | None = Field(None, description="Mean OCR word confidence (0-100), if OCR'd.")


class FigureRow(BaseModel):
    """One figure: a curated CSV row or a cell extracted from a table or sentence at ingest."""

    table: str = Field(description="snake_case table name (curated) or a slug of the table's caption.")
    subject: str = Field(description="Row label: municipality, KPI, budget line, cluster, ...")
    measure: str = Field(description="Column label / what is measured, snake_case.")
    period: str = Field("", description="'2018', '2014-2017', '2023-Q1', '2022-H2' or ''.")
    value: float | None = None
    unit: str = Field("", description="'EUR', 'EUR x 1000', '%', 'aantal', 'fte', ...")
    printed: str = Field("", description="The value exactly as printed on the page.")
    document: str
    page: int
    group: str = ""
    direction: str = ""
    note: str = ""
    origin: Literal["curated", "extracted"] = "curated"
    table_title: str = Field("", description="Caption or heading of the table the figure was printed in.")
    row_label: str = Field("", description="The row label as printed (extracted figures).")
    column_label: str = Field("", description="The column header as printed (extracted figures).")
    section: str = Field("", description="The section heading the figure is printed under (extracted figures).")
    quote: str = Field("", description="The line or sentence of the page that prints the figure, verbatim.")


class Chunk(BaseModel):
    """One retrievable piece of a document: always within one page, tagged with its section."""

    chunk_id: str = Field("", description="Index id: document identity, version, page and position.")
    doc_id: str = ""
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
        return self.chunk_id or f"{self.doc_id or self.document}:{self.page}:{self.index}"

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see: title and section give context to short chunks."""
        head = " — ".join(p for p in (self.title, self.section) if p)
        return f"{head}\n{self.text}" if head else self.text


class Mention(BaseModel):
    """A name a document mentions: a place from the gazetteer, an organisation or another proper name."""

    name: str
    kind: Literal["place", "name", "acronym"] = "name"
    count: int = 1


class GlossaryCandidate(BaseModel):
    """A sentence of a document that may explain a domain term (scored at ingest)."""

    term: str
    forms: list[str] = Field(default_factory=list, description="Other spellings / the written-out form.")
    chunk_index: int
    position: int = Field(description="Sentence position within the chunk.")
    sentence: str
    score: float
    defining: bool = False


class DocumentProfile(BaseModel):
    """What ingest learns about one document, kept with the index (see `assistant.index.catalog`)."""

    terms: list[str] = Field(default_factory=list, description="Distinct stemmed terms (document frequency).")
    mentions: list[Mention] = Field(default_factory=list)
    periods: dict[str, int] = Field(default_factory=dict, description="Years/quarters named -> count.")
    description: str = Field("", description="One or two opening sentences that say what the document is.")
    glossary: list[GlossaryCandidate] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="Reading problems, for the ingest report.")


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
    doc_id: str = Field("", description="Internal document identity (to open the page); not shown.")
    document: str
    title: str
    page: int
    section: str = ""
    quote: str = Field(description="Exact text from the cited page.")
    ocr: bool = Field(False, description="The cited page's text was recognised from a scan.")


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

    doc_id: str = ""
    document: str
    title: str
    doc_type: str = ""
    organisation: str = ""
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
