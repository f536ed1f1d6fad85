"""Hybrid retrieval: dense (Chroma vectors) + BM25 (the catalog's FTS5 keyword index), fused.

Fusion is a convex combination of normalised scores (measured best, see README) or weighted RRF. Filters
(document, type, municipality, year) restrict both retrievers. Vectors of document versions that are not
active in the catalog (an interrupted or superseded write) are dropped here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from assistant.index.index import Index
from assistant.index.schema import Filters
from assistant.models import Passage
from assistant.settings import RetrievalSettings
from assistant.text import tokenize

Mode = Literal["hybrid", "dense", "bm25"]
log = logging.getLogger(__name__)


def rrf_fuse(rankings: list[tuple[list[str], float]], rrf_k: int) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of several rankings (ids best-first, weight) -> (id, score) best-first."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, cid in enumerate(ids, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def convex_fuse(dense: list[tuple[str, float]], sparse: list[tuple[str, float]], alpha: float) -> list[tuple[str, float]]:
    """alpha * min-max-normalised dense similarity + (1 - alpha) * max-normalised BM25 score, best-first."""
    scores: dict[str, float] = {}
    if dense:
        lo, hi = min(s for _, s in dense), max(s for _, s in dense)
        for cid, s in dense:
            scores[cid] = alpha * ((s - lo) / (hi - lo) if hi > lo else 1.0)
    if sparse:
        top = max(s for _, s in sparse)
        for cid, s in sparse:
            scores[cid] = scores.get(cid, 0.0) + (1 - alpha) * (s / top if top > 0 else 0.0)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class HybridRetriever:
    def __init__(self, index: Index, settings: RetrievalSettings):
        self.index = index
        self.settings = settings

    @property
    def catalog(self):
        return self.index.catalog

    def is_empty(self) -> bool:
        return self.catalog.count_documents() == 0

    def similarity(self, query: str) -> Callable[[list[str]], list[float]]:
        """Texts -> their cosine similarity to `query`, with the index's dense model (embeddings are cached)."""
        embeddings = self.index.vectors.embeddings

        def similarity(texts: list[str]) -> list[float]:
            if not texts:
                return []
            q = embeddings.embed_query(query)
            vectors = embeddings.embed_documents(texts)
            qn = sum(x * x for x in q) ** 0.5 or 1.0
            return [sum(a * b for a, b in zip(q, v)) / (qn * (sum(b * b for b in v) ** 0.5 or 1.0)) for v in vectors]

        return similarity

    def retrieve(self, query: str, k: int | None = None, filters: Filters | None = None,
                 mode: Mode = "hybrid", alpha: float | None = None) -> list[Passage]:
        """The best `k` passages for `query`. `alpha` overrides the dense weight (e.g. English questions)."""
        k = k or self.settings.k
        n = self.settings.candidates
        doc_ids = None
        if filters is not None and not filters.is_empty():
            doc_ids = self.catalog.doc_ids(filters)
            if not doc_ids:
                return []
        self.index.vectors.sync(self.catalog.generation())  # another process may have ingested meanwhile
        dense: list[tuple[str, float]] = []
        if mode != "bm25":
            vector = self.index.vectors.embeddings.embed_query(query)
            dense = [(h.chunk_id, h.similarity) for h in self.index.vectors.search(vector, n + 5, doc_ids)]
        sparse = self.catalog.keyword_search(tokenize(query), n, filters) if mode != "dense" else []
        if mode == "dense":
            fused = dense
        elif mode == "bm25":
            fused = sparse
        elif self.settings.fusion == "convex":
            fused = convex_fuse(dense[:n], sparse, self.settings.alpha if alpha is None else alpha)
        else:
            fused = rrf_fuse([([c for c, _ in dense[:n]], self.settings.dense_weight),
                              ([c for c, _ in sparse], self.settings.bm25_weight)], self.settings.rrf_k)
        top = fused[: k + 5]
        chunks = self.catalog.chunks([cid for cid, _ in top])  # active versions only
        dense_rank = {cid: i for i, (cid, _) in enumerate(dense, start=1)}
        sparse_rank = {cid: i for i, (cid, _) in enumerate(sparse, start=1)}
        similarity = dict(dense)
        out: list[Passage] = []
        for cid, score in top:
            chunk = chunks.get(cid)
            if chunk is None:
                continue
            out.append(Passage(chunk=chunk, score=score, dense_rank=dense_rank.get(cid),
                               bm25_rank=sparse_rank.get(cid), similarity=similarity.get(cid)))
            if len(out) >= k:
                break
        return out
