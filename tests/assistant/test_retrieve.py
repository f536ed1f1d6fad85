"""Hybrid retrieval on the real corpus."""

from support import QUICK_SCAN

from assistant.index.schema import Filters
from assistant.retrieve import convex_fuse, rrf_fuse


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


def test_filters_restrict_every_mode(retriever):
    kpi = "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf"
    for mode in ("bm25", "dense", "hybrid"):
        passages = retriever.retrieve("wachttijd wijkteam", mode=mode, filters=Filters(documents=[kpi]))
        assert passages and {p.chunk.document for p in passages} == {kpi}
    by_type = retriever.retrieve("maatregelen zorgkosten", filters=Filters(doc_types=["memo"]))
    assert {p.chunk.doc_type for p in by_type} == {"memo"}


def test_keyword_index_is_saved_and_reused(corpus_index, retriever):
    settings, store, _ = corpus_index
    from assistant.index.keyword import KeywordIndex

    records = store.all_records()
    ids, texts = [r[0] for r in records], [r[1] for r in records]
    assert KeywordIndex.load(settings.keyword_dir, ids, texts) is not None
    assert KeywordIndex.load(settings.keyword_dir, ids[:-1], texts[:-1]) is None  # stale index is rebuilt
    edited = [*texts[:-1], texts[-1] + " gewijzigd"]
    assert KeywordIndex.load(settings.keyword_dir, ids, edited) is None  # same ids, other text: rebuilt
