"""Glossary and guided tour: domain terms explained from the corpus, and what each document is.

Everything here is extractive and deterministic: an explanation is one or two sentences copied verbatim from
an indexed chunk, each with a citation, chosen because it reads like a definition ("LTA (Landelijk Transitie
Arrangement)", "Het instellen van een budgetplafond houdt in dat ...", "OTS = ondertoezichtstelling").

The definition candidates of every term (curated vocabulary from `assistant/data/begrippen.csv` plus the
acronyms each document defines) are scored at ingest and kept in the catalog, so explaining a term reads a few
rows. A term outside that list is looked up through the keyword index. A term the documents do not contain
gets the refusal sentinel. Sentences addressed to an assistant (injected instructions) are never shown.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.lexicon import Term, continues, curated_terms, definition_candidates, find_term, sentences_of
from assistant.models import Answer, Citation, DocumentSummary, GlossaryEntry, Passage
from assistant.safety import is_injection
from assistant.text import tokenize
from assistant.texts import REFUSAL

# Dutch note shown above an explanation when the documents only mention a term without defining it.
NO_DEFINITION_NOTE = "De documenten geven geen definitie; de term wordt wel genoemd:"
MAX_CONTINUATION = 2  # sentences after the definition that go on explaining it


@dataclass(frozen=True)
class _Candidate:
    doc_id: str
    chunk_id: str
    position: int
    text: str
    score: float
    defining: bool


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def glossary_terms(corpus: Corpus) -> list[Term]:
    """The terms the documents explain or mention (curated ones found, and discovered acronyms), sorted."""
    terms = [Term(t, tuple(forms)) for t, forms in corpus.catalog.glossary_terms().items()]
    return sorted(terms, key=lambda t: t.term.casefold())


def _lookup(term: str, terms: list[Term]) -> Term:
    """The known `Term` for user input (case-insensitive on any form), else an ad-hoc term."""
    wanted = " ".join(term.split()).casefold()
    for t in (*terms, *curated_terms()):
        if wanted in {f.casefold() for f in t.surface_forms}:
            return t
    return Term(" ".join(term.split()))


def _candidates(spec: Term, corpus: Corpus) -> list[_Candidate]:
    """Scored at ingest for known terms; for others, scored now in the chunks that contain the term."""
    rows = corpus.catalog.glossary_candidates(spec.term)
    out = [_Candidate(d, c, p, s, sc, df) for d, c, p, s, sc, df in rows]
    if not out:
        ids = []
        for form in spec.surface_forms:
            ids += corpus.catalog.phrase_chunks(tokenize(form))
        chunks = corpus.catalog.chunks(ids)
        for doc_id in {c.doc_id for c in chunks.values()}:
            triples = [(c.index, c.text, c.section) for c in chunks.values() if c.doc_id == doc_id]
            for cand in definition_candidates(spec, triples):
                chunk = next(c for c in chunks.values() if c.doc_id == doc_id and c.index == cand.chunk_index)
                out.append(_Candidate(doc_id, chunk.chunk_id, cand.position, cand.sentence, cand.score,
                                      cand.defining))
        out.sort(key=lambda c: (-c.score, c.doc_id, c.position))
    return [c for c in out if not is_injection(c.text)]


def explain_term(term: str, corpus: Corpus) -> Answer:
    """Explain `term` from the corpus: the most definition-like sentence(s), verbatim, with citations.

    Refuses (REFUSAL) when no indexed chunk contains the term.
    """
    terms = glossary_terms(corpus)
    spec = _lookup(term, terms)
    question = f"Wat betekent '{spec.term}'?"
    candidates = _candidates(spec, corpus) if spec.term else []
    if not candidates:
        close = difflib.get_close_matches(spec.term, [t.term for t in terms], n=3, cutoff=0.6)
        return Answer(question=question, text=REFUSAL, refused=True,
                      refusal_reason="de term komt niet voor in de geïndexeerde documenten", suggestions=close)
    best = candidates[0]
    chunks = corpus.catalog.chunks([c.chunk_id for c in candidates[:6]])
    chosen = [best]
    best_chunk = chunks.get(best.chunk_id)
    if best_chunk is not None:
        sentences = sentences_of(best_chunk.text, best_chunk.section)
        # The sentences after a short definition often carry its substance ("Het is een instrument dat ...").
        for position in range(best.position + 1, min(best.position + 1 + MAX_CONTINUATION, len(sentences))):
            so_far = " ".join(c.text for c in chosen)
            nxt = sentences[position]
            if not continues(spec, so_far, nxt) or is_injection(nxt):
                break
            chosen.append(_Candidate(best.doc_id, best.chunk_id, position, nxt, best.score, False))
    # A second, independent definition from another document (e.g. the acronym written out elsewhere).
    if len(chosen) == 1:
        other = next((c for c in candidates[1:] if c.defining and c.score >= 3.0 and c.doc_id != best.doc_id
                      and _key(c.text) != _key(best.text) and c.chunk_id in chunks), None)
        if other:
            chosen.append(other)
    citations: list[Citation] = []
    passages: list[Passage] = []
    parts: list[str] = []
    for cand in chosen:
        chunk = chunks.get(cand.chunk_id)
        if chunk is None:
            continue
        n = len(citations) + 1
        citations.append(Citation(n=n, doc_id=chunk.doc_id, document=chunk.document, title=chunk.title,
                                  page=chunk.page, section=chunk.section, quote=cand.text))
        if all(p.chunk.id != chunk.id for p in passages):
            passages.append(Passage(chunk=chunk, score=cand.score))
        parts.append(f"{cand.text} [{n}]")
    text = " ".join(parts)
    if not best.defining:
        text = f"{NO_DEFINITION_NOTE} {text}"
    return Answer(question=question, text=text, citations=citations, passages=passages)


def build_glossary(corpus: Corpus) -> list[GlossaryEntry]:
    """Every glossary term found in the corpus, explained from the documents, sorted by term."""
    return [GlossaryEntry(term=t.term, answer=explain_term(t.term, corpus)) for t in glossary_terms(corpus)]


def glossary_terms_in(text: str, corpus: Corpus) -> list[str]:
    """Glossary terms (found in the corpus) that `text` names, longest first (e.g. for a memo topic)."""
    hits = [t for t in glossary_terms(corpus) if find_term(t, text)]
    return [t.term for t in sorted(hits, key=lambda t: -len(t.term))]


# --- guided tour ----------------------------------------------------------------------------------------------


def document_summaries(corpus: Corpus, *, with_description: bool = False) -> list[DocumentSummary]:
    """One summary per indexed document (sorted by title), from the catalog."""
    stats = corpus.catalog.document_stats()
    out = []
    for d in corpus.documents:
        chunks, description, _ = stats.get(d.doc_id, (0, "", []))
        if description and is_injection(description):
            description = ""
        out.append(DocumentSummary(
            doc_id=d.doc_id, document=d.document, title=d.title, doc_type=d.doc_type, organisation=d.organisation,
            municipality=d.municipality, year=d.year, pages=d.pages, chunks=chunks,
            description=description if with_description else "",
        ))
    return out


def document_tour(corpus: Corpus) -> list[DocumentSummary]:
    """What each indexed document is: metadata plus an opening sentence or two from the document itself."""
    return document_summaries(corpus, with_description=True)
