"""Texts and small tables for the sidebar and the Wegwijs page: starter questions, filter options, index
status, ingest results, and the guided tour of the documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from assistant.models import DocumentSummary, IndexStatus
from assistant.present.markdown import escape_markdown

STARTER_QUESTIONS: dict[str, list[str]] = {
    "Raadsleden": [
        "Wat was het effect van de verevening voor Woudenberg in 2018?",
        "Welke KPI's halen hun streefwaarde niet?",
        "Hoeveel zit de prognose boven de begroting?",
    ],
    "Beleidsmedewerkers": [
        "Welke beheersmaatregelen kunnen gemeenten inzetten?",
        "Wat zijn de oorzaken van de kostenstijging bij de jeugdzorg?",
        "Welke maatregelen neemt Woudenberg om de zorgkosten te beheersen?",
    ],
    "Nieuwe medewerkers": [
        "Wat is een budgetplafond?",
        "Wat is de Smederij in Leusden?",
        "Wat is JIM in de jeugdzorg?",
    ],
}

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
        "documents": sorted(d.document for d in docs),
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
    """Per-file ingest results (dicts with document, status, pages, chunks, message) as a Dutch table."""
    data = [
        {"bestand": r.get("document", ""), "resultaat": STATUS_LABELS.get(r.get("status", ""), r.get("status", "")),
         "pagina's": r.get("pages", 0), "chunks": r.get("chunks", 0), "melding": r.get("message", "")}
        for r in rows
    ]
    return pd.DataFrame(data, columns=["bestand", "resultaat", "pagina's", "chunks", "melding"])


def tour_entry(doc: DocumentSummary) -> str:
    """Markdown for one document of the guided tour; all document-derived text is escaped."""
    facts = [doc.doc_type, doc.municipality, str(doc.year) if doc.year else "", f"{doc.pages} pagina's"]
    lines = [f"**{escape_markdown(doc.title)}**  ",
             f"{escape_markdown(' · '.join(f for f in facts if f))} — `{doc.document.replace('`', '')}`"]
    if doc.description:
        lines.append("")
        lines.append(f"> {escape_markdown(doc.description)}")
    return "\n".join(lines)
