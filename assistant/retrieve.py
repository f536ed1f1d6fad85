"""Hybrid retrieval: dense (Chroma) + BM25, fused (convex combination of normalised scores, or RRF)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.index.keyword import KeywordIndex
from assistant.index.schema import Filters, record_to_chunk
from assistant.index.store import ChunkStore
from assistant.models import Chunk, Passage
from assistant.settings import RetrievalSettings

Mode = Literal["hybrid", "dense", "bm25"]


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
    def __init__(self, store: ChunkStore, settings: RetrievalSettings, keyword_dir: Path | None = None):
        self.store = store
        self.settings = settings
        self._keyword_dir = keyword_dir
        self.refresh()

    def refresh(self) -> None:
        """Reload chunks and the keyword index after the store changed."""
        records = self.store.all_records()
        self.chunks: dict[str, Chunk] = {rid: record_to_chunk(meta) for rid, _, meta in records}
        ids = [rid for rid, _, _ in records]
        texts = [text for _, text, _ in records]
        index = KeywordIndex.load(self._keyword_dir, ids, texts) if self._keyword_dir else None
        if index is None:
            index = KeywordIndex.build(ids, texts)
            if self._keyword_dir and ids:
                index.save(self._keyword_dir)
        self.keyword = index

    def retrieve(self, query: str, k: int | None = None, filters: Filters | None = None,
                 mode: Mode = "hybrid") -> list[Passage]:
        k = k or self.settings.k
        n = self.settings.candidates
        allowed = None
        if filters is not None and not filters.is_empty():
            allowed = {cid for cid, c in self.chunks.items() if filters.matches(c)}
        dense = self.store.search(query, n, filters) if mode != "bm25" else []
        sparse = self.keyword.search(query, n, allowed) if mode != "dense" else []
        dense_ids = [s.chunk.id for s in dense]
        sparse_ids = [cid for cid, _ in sparse]
        if mode == "dense":
            fused = [(s.chunk.id, s.similarity) for s in dense]
        elif mode == "bm25":
            fused = sparse
        elif self.settings.fusion == "convex":
            fused = convex_fuse([(s.chunk.id, s.similarity) for s in dense], sparse, self.settings.alpha)
        else:
            fused = rrf_fuse(
                [(dense_ids, self.settings.dense_weight), (sparse_ids, self.settings.bm25_weight)],
                self.settings.rrf_k,
            )
        dense_rank = {cid: i for i, cid in enumerate(dense_ids, start=1)}
        sparse_rank = {cid: i for i, cid in enumerate(sparse_ids, start=1)}
        similarity = {s.chunk.id: s.similarity for s in dense}
        out: list[Passage] = []
        for cid, score in fused[:k]:
            chunk = self.chunks.get(cid)
            if chunk is None:
                continue
            out.append(Passage(chunk=chunk, score=score, dense_rank=dense_rank.get(cid),
                               bm25_rank=sparse_rank.get(cid), similarity=similarity.get(cid)))
        return out
