"""Texts and small tables for the sidebar and the Wegwijs page: starter questions, filter options, index
status, ingest results, and the guided tour of the documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from assistant.models import DocumentSummary, IndexStatus
from assistant.present.markdown import escape_markdown

AUDIENCES = ("Raadsleden", "Beleidsmedewerkers", "Nieuwe medewerkers")


def starter_questions(corpus, per_audience: int = 3) -> dict[str, list[str]]:
    """Starter questions per audience: `corpus/startvragen.csv` when present, else made from the corpus
    (questions about what each document is, its figures and the terms it explains)."""
    if corpus.vocabulary.starter_questions:
        return {a: list(q) for a, q in corpus.vocabulary.starter_questions.items()}
    from assistant.glossary import glossary_terms

    documents = corpus.documents
    if not documents:
        return {}
    council = [f"Wat zijn de belangrijkste cijfers in '{d.title}'?" for d in documents[:per_audience]]
    officers = [f"Welke maatregelen of aanbevelingen staan in '{d.title}'?" for d in documents[:per_audience]]
    terms = [t.term for t in glossary_terms(corpus)][: per_audience]
    newcomers = [f"Wat is {t}?" for t in terms] or [f"Waar gaat '{d.title}' over?" for d in documents[:per_audience]]
    return {AUDIENCES[0]: council, AUDIENCES[1]: officers, AUDIENCES[2]: newcomers}


STATUS_LABELS = {
    "indexed": "geïndexeerd",
    "updated": "bijgewerkt",
    "skipped": "ongewijzigd",
    "failed": "mislukt",
    "removed": "verwijderd",
}


def filter_options(status: IndexStatus) -> dict[str, list]:
    """The values the sidebar filters offer, from what is indexed."""
    docs = status.documents
    return {
        "documents": [d.doc_id for d in docs],
        "doc_types": sorted({d.doc_type for d in docs if d.doc_type}),
        "municipalities": sorted({d.municipality for d in docs if d.municipality}),
        "years": sorted({d.year for d in docs if d.year}),
    }


def format_time(iso: str | None) -> str:
    """'2026-11-23T15:18:57+00:00' -> '23-11-2026 16:18' (local time); unknown -> 'onbekend'."""
    if not iso:
        return "onbekend"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d-%m-%Y %H:%M")


def mode_label(mode: str, provider: str, model: str) -> str:
    return "offline (extractief, zonder taalmodel)" if mode == "offline" else f"LLM ({provider}: {model})"


def status_markdown(status: IndexStatus, mode: str) -> tuple[str, str]:
    """(headline, details) of the index for the sidebar; `mode` from `mode_label`."""
    headline = f"**{len(status.documents)}** documenten · **{status.pages}** pagina's · **{status.chunks}** chunks"
    details = (f"Laatste ingest: {format_time(status.last_ingest)}  \n"
               f"Embedder: {escape_markdown(status.embedder or 'onbekend')}  \nModus: {mode}")
    return headline, details


def ingest_summary(rows: list[dict]) -> tuple[bool, str]:
    """(all went well, 'x van y bestanden verwerkt, z mislukt.') for a list of per-file results."""
    failed = sum(r.get("status") == "failed" for r in rows)
    message = f"{len(rows) - failed} van {len(rows)} bestanden verwerkt" + (f", {failed} mislukt." if failed else ".")
    return not failed, message


def ingest_table(rows: Iterable[dict]) -> pd.DataFrame:
    """Per-file ingest results (dicts with document, status, pages, chunks, tables, figures, message, warnings)
    as a Dutch table; the remarks (totals that do not add up, pages without text, OCR with low confidence)
    follow the message."""
    data = [
        {"bestand": r.get("document", ""), "resultaat": STATUS_LABELS.get(r.get("status", ""), r.get("status", "")),
         "pagina's": r.get("pages", 0), "chunks": r.get("chunks", 0), "tabellen": r.get("tables", 0),
         "cijfers": r.get("figures", 0),
         "melding": "; ".join(x for x in (r.get("message", ""), *r.get("warnings", [])) if x)}
        for r in rows
    ]
    return pd.DataFrame(data, columns=["bestand", "resultaat", "pagina's", "chunks", "tabellen", "cijfers", "melding"])


def tour_entry(doc: DocumentSummary) -> str:
    """Markdown for one document of the guided tour; all document-derived text is escaped."""
    facts = [doc.doc_type, doc.organisation or doc.municipality, str(doc.year) if doc.year else "",
             f"{doc.pages} pagina's"]
    lines = [f"**{escape_markdown(doc.title)}**  ",
             f"{escape_markdown(' · '.join(f for f in facts if f))} — `{doc.document.replace('`', '')}`"]
    if doc.description:
        lines.append("")
        lines.append(f"> {escape_markdown(doc.description)}")
    return "\n".join(lines)
