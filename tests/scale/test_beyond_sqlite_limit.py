"""More than 32,767 chunks (where an unpaged Chroma `get()` failed with "too many SQL variables"): the index
opens, answers, reports its status, ingests and removes documents. Written with the stand-in embedder
(`hashing`) so the test measures the index side, not embedding."""

from __future__ import annotations

import pytest
from support import make_settings

from assistant.models import Chunk, DocumentInfo, DocumentProfile, Page
from assistant.service import build_assistant
from assistant.text import tokenize

pytestmark = pytest.mark.scale
DOCS, CHUNKS_PER_DOC = 41, 800  # 32,800 chunks


def synthetic(i: int) -> tuple[DocumentInfo, list[Chunk], list[Page]]:
    info = DocumentInfo(doc_id=f"synthetic{i:04d}", document=f"archief-{i:04d}.txt", title=f"Archiefstuk {i}",
                        doc_type="monitor", municipality="Zwolle" if i % 2 else "Kampen", year=2010 + i % 14,
                        file_hash=f"h{i}", source="/archief", pages=CHUNKS_PER_DOC // 4, version="v1")
    chunks, pages = [], []
    for j in range(CHUNKS_PER_DOC):
        page = j // 4 + 1
        text = (f"In {2010 + i % 14} betaalde de gemeente {j} euro voor onderwerp {i}-{j}. De wachttijd bij het "
                f"wijkteam was {j % 12} weken en de kosten per cliënt stegen met {j % 9} procent.")
        chunks.append(Chunk(chunk_id=f"{info.doc_id}-v1-{j}", doc_id=info.doc_id, document=info.document,
                            title=info.title, page=page, index=j, text=text, source=info.source))
        if j % 4 == 0:
            pages.append(Page(number=page, text=text))
    return info, chunks, pages


def test_the_index_works_beyond_32767_chunks(tmp_path, small_corpus):
    # The stand-in embedder gives no meaningful similarity, so the refusal floor on it is off here.
    settings = make_settings(tmp_path / "data", embedding={"backend": "hashing"}, corpus_dir=small_corpus,
                             answer={"min_similarity": 0.0})
    assistant = build_assistant(settings)
    index = assistant.index
    for i in range(DOCS):
        info, chunks, pages = synthetic(i)
        profile = DocumentProfile(terms=sorted({t for c in chunks[:50] for t in tokenize(c.text)}),
                                  periods={str(info.year): 10})
        index.write_document(info, chunks, index.vectors.embed([c.embed_text for c in chunks]), pages, profile)
    total = DOCS * CHUNKS_PER_DOC
    assert total > 32_767
    assert index.catalog.count_chunks() == index.vectors.count() == total

    fresh = build_assistant(settings)  # start-up reads nothing chunk by chunk
    status = fresh.status()
    assert status.chunks == total and len(status.documents) == DOCS
    answer = fresh.ask("Hoe lang was de wachttijd bij het wijkteam?")
    assert not answer.refused and answer.citations
    kampen = fresh.retriever.retrieve("wachttijd wijkteam", filters=fresh.filters_for(municipalities=["Kampen"]))
    assert kampen and all(p.chunk.municipality == "Kampen" for p in kampen)

    report = fresh.add_documents([small_corpus])  # the manifest of 41 documents is read, one more is written
    assert report.ok and report.count("indexed") == 1
    fresh.remove_document("synthetic0000")
    assert fresh.status().chunks == total - CHUNKS_PER_DOC + report.results[0].chunks
    assert fresh.index.vectors.count() == fresh.index.catalog.count_chunks()
