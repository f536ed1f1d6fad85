"""Hybrid retrieval on the real corpus."""

import pytest
from support import KPI_REPORT, QUICK_SCAN

from assistant.errors import InputError
from assistant.index.schema import Filters
from assistant.retrieve import convex_fuse, rrf_fuse
from assistant.text import tokenize


def test_rrf_rewards_agreement():
    fused = dict(rrf_fuse([(["a", "b", "c"], 1.0), (["c", "a", "d"], 1.0)], 60))
    assert max(fused, key=fused.get) == "a"
    assert fused["c"] > fused["b"] and fused["c"] > fused["d"]


def test_convex_fusion_normalises_both_scales():
    dense = [("a", 0.90), ("b", 0.85), ("c", 0.80)]
    sparse = [("c", 12.0), ("d", 6.0)]
    fused = convex_fuse(dense, sparse, alpha=0.4)
    assert [cid for cid, _ in fused][:2] == ["c", "a"]  # strong keyword match + some similarity wins
    assert dict(fused)["d"] == 0.6 * 0.5
    assert convex_fuse([], [], 0.5) == []


def test_dutch_question_finds_the_passage_with_its_page(retriever):
    passages = retriever.retrieve("Met welke gemeenten deelt Woudenberg een zorgadministratie?")
    assert passages[0].chunk.document == QUICK_SCAN or any(
        "zorgadministratie" in p.chunk.text for p in passages[:3]
    )
    assert any("zorgadministratie" in p.chunk.text for p in passages[:5])


def test_stemming_matches_inflected_forms(retriever):
    passages = retriever.retrieve("verevend perceel", mode="bm25")
    assert passages and "verevende percelen" in passages[0].chunk.text


def test_filters_restrict_every_mode(assistant, retriever):
    kpi = assistant.filters_for(documents=[KPI_REPORT])
    assert len(kpi.documents) == 1
    for mode in ("bm25", "dense", "hybrid"):
        passages = retriever.retrieve("wachttijd wijkteam", mode=mode, filters=kpi)
        assert passages and {p.chunk.document for p in passages} == {KPI_REPORT}
        assert retriever.retrieve("wachttijd wijkteam", mode=mode, filters=Filters(documents=["bestaat-niet"])) == []
    by_type = retriever.retrieve("maatregelen zorgkosten", filters=Filters(doc_types=["memo"]))
    assert by_type and {p.chunk.doc_type for p in by_type} == {"memo"}


def test_a_filter_on_a_document_that_is_not_indexed_is_a_clear_error(assistant):
    """Not 'no restriction' (an empty filter), and not a silent search of everything."""
    with pytest.raises(InputError, match="bestaat-niet.pdf"):
        assistant.filters_for(documents=["bestaat-niet.pdf"])


def test_keyword_index_returns_the_chunks_that_contain_a_rare_word(corpus_index, retriever):
    _, index, _ = corpus_index
    containing = {c.chunk_id for batch in index.catalog.iter_chunks() for c in batch
                  if "smederij" in c.embed_text.lower()}
    assert 0 < len(containing) < 10
    hits = index.catalog.keyword_search(tokenize("Smederij"), 40)
    assert {cid for cid, _ in hits} == containing and all(score > 0 for _, score in hits)
    bm25 = retriever.retrieve("Smederij", k=40, mode="bm25")
    assert {p.chunk.chunk_id for p in bm25} == containing
    assert index.catalog.keyword_search(tokenize("quantumzorgtoeslag"), 10) == []
