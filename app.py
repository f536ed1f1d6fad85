"""Streamlit front end (presentation only): every answer, memo and explanation comes from `assistant.Assistant`.

Tabs: Chat (cited answers, figures, sources, feedback, export), Memo (editable draft, .docx/.md download) and
Wegwijs (document tour and glossary). Sidebar: index status, filters, starter questions, upload and removal.
Pure helpers (escaping, charts, exports, feedback) live in `assistant.present`. Run: `streamlit run app.py`.
"""

from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import asdict
from pathlib import Path

import streamlit as st
from pydantic import ValidationError

from assistant.answer import Assistant
from assistant.errors import AssistantError, DocumentError, DuplicateDocumentError
from assistant.grounding import INVALID_MARKER_NOTE, UNSUPPORTED_MARK
from assistant.index.schema import Filters
from assistant.models import Answer, Citation, IndexStatus, ToolCall
from assistant.present import charts, export, feedback, onboarding
from assistant.present.jobs import IngestJob
from assistant.present.markdown import citation_line, escape_markdown, highlight, passage_for, safe_markdown
from assistant.present.pages import page_file_name, page_pdf, page_png, pdf_page_available
from assistant.service import build_assistant
from assistant.settings import Settings
from assistant.texts import SUGGESTIONS_INTRO

UPLOAD_TYPES = ["pdf", "txt", "md", "docx", "csv", "xlsx"]
OCR_NOTE = "tekst herkend uit een scan"

CHAT_PLACEHOLDER = "Stel een vraag over de documenten"
VIEWS = ["Chat", "Memo", "Wegwijs"]
UNEXPECTED = "Er ging iets onverwachts mis. Probeer het opnieuw; blijft het misgaan, meld het dan bij de beheerder."
log = logging.getLogger("beleidsassistent.app")


@st.cache_resource(show_spinner="Index en model laden…")
def load_assistant(fingerprint: str, _settings: Settings) -> Assistant:
    """One Assistant per configuration (the fingerprint is the settings as JSON), shared by all sessions."""
    return build_assistant(_settings)


def init_state() -> None:
    defaults = {"turns": [], "memo": None, "memo_version": 0, "upload_key": 0, "ingest_rows": None,
                "duplicates": None, "job": None}
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def notify(kind: str, message: str) -> None:
    """A message for the sidebar on the next run (after a callback or st.rerun)."""
    st.session_state["notice"] = (kind, message)


# ---- sidebar -------------------------------------------------------------------------------------------

def sidebar(assistant: Assistant, settings: Settings, status: IndexStatus) -> Filters:
    titles = {d.doc_id: d.title for d in status.documents}
    with st.sidebar:
        if notice := st.session_state.pop("notice", None):
            getattr(st, notice[0])(notice[1])
        index_status(assistant, settings, status)
        filters = filter_widgets(status, titles)
        starter_questions(assistant)
        st.subheader("Documenten beheren")
        upload_documents(assistant, settings)
        remove_widgets(assistant, titles)
    return filters


def index_status(assistant: Assistant, settings: Settings, status: IndexStatus) -> None:
    st.subheader("Index")
    headline, details = onboarding.status_markdown(
        status, onboarding.mode_label(assistant.mode, settings.llm.provider, settings.llm.model))
    st.markdown(headline)
    st.caption(details)
    if status.documents:
        with st.expander("Documenten in de index"):
            for d in status.documents:
                st.markdown(f"- {escape_markdown(d.title)} ({d.pages} p., {d.chunks} chunks)")


def _keep_valid(key: str, options: list) -> None:
    """Drop selections of a filter that no longer exist (e.g. after removing a document)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def filter_widgets(status: IndexStatus, titles: dict[str, str]) -> Filters:
    st.subheader("Filters")
    options = onboarding.filter_options(status)
    for key, name in (("f_documents", "documents"), ("f_types", "doc_types"), ("f_municipalities", "municipalities"),
                      ("f_years", "years")):
        _keep_valid(key, options[name])
    return Filters(
        documents=st.multiselect("Document", options["documents"], format_func=lambda d: titles.get(d, d),
                                 key="f_documents", placeholder="Alle documenten"),
        doc_types=st.multiselect("Soort", options["doc_types"], key="f_types", placeholder="Alle soorten"),
        municipalities=st.multiselect("Gemeente", options["municipalities"], key="f_municipalities",
                                      placeholder="Alle gemeenten"),
        years=st.multiselect("Jaar", options["years"], key="f_years", placeholder="Alle jaren"),
    )


def ask_later(question: str) -> None:
    st.session_state["pending_question"] = question
    st.session_state["view"] = "Chat"


def starter_questions(assistant: Assistant) -> None:
    st.subheader("Startvragen")
    for audience, questions in assistant.starter_questions().items():
        with st.expander(audience):
            for i, question in enumerate(questions):
                st.button(question, key=f"starter_{audience}_{i}", on_click=ask_later, args=(question,),
                          width="stretch")


def index_now(assistant: Assistant, paths: list[Path], *, replace: bool = False, uploads: bool = True) -> list[dict]:
    """Index `paths` with a progress bar (small jobs); per-file results."""
    bar = st.progress(0.0, text="Indexeren…")

    def progress(i: int, n: int, message: str) -> None:
        bar.progress(min(i / n, 1.0) if n else 1.0, text=escape_markdown(message))

    try:
        add = assistant.add_uploads if uploads else assistant.add_documents
        report = add(paths, replace=replace, progress=progress)
    except AssistantError as err:
        return [{"document": ", ".join(p.name for p in paths), "status": "failed", "message": str(err)}]
    finally:
        bar.empty()
    return [asdict(r) for r in report.results]


def start_indexing(assistant: Assistant, settings: Settings, paths: list[Path], *, replace: bool = False) -> None:
    """Small uploads are indexed at once; large ones in the background (with progress and a cancel button)."""
    size = sum(p.stat().st_size for p in paths if p.is_file()) / 1024 / 1024
    if size <= settings.limits.background_upload_mb:
        st.session_state.ingest_rows = index_now(assistant, paths, replace=replace)
        return

    def work(paths, progress, cancel):
        return assistant.add_uploads(paths, replace=replace, progress=progress, cancel=cancel)

    st.session_state.job = IngestJob(paths, work).start()


@st.fragment(run_every=1.0)
def job_status() -> None:
    """Progress of a background ingest, refreshed every second; a cancel button while it runs."""
    job: IngestJob | None = st.session_state.get("job")
    if job is None:
        return
    if job.running:
        st.progress(job.fraction, text=escape_markdown(f"Indexeren op de achtergrond: {job.label}"))
        st.button("Annuleren", on_click=job.cancel, key="job_cancel", disabled=job.cancelled,
                  help="Stopt na het document dat nu wordt verwerkt; wat al geïndexeerd is blijft staan.")
        return
    st.session_state.job = None
    st.session_state.ingest_rows = job.rows or [{"document": ", ".join(p.name for p in job.paths),
                                                 "status": "failed", "message": job.error or "geannuleerd"}]
    st.rerun()


def save_uploads(assistant: Assistant, files, replace: bool) -> tuple[list[Path], list[dict], list]:
    """Save uploaded files; names that are already indexed are set aside to ask about."""
    saved, rows, duplicates = [], [], []
    for file in files:
        try:
            saved.append(assistant.save_upload(file.name, file.getvalue(), replace=replace))
        except DuplicateDocumentError:
            duplicates.append((file.name, file.getvalue()))
        except DocumentError as err:
            rows.append({"document": err.document, "status": "failed", "message": err.reason})
    return saved, rows, duplicates


def upload_documents(assistant: Assistant, settings: Settings) -> None:
    with st.expander("Documenten toevoegen"):
        files = st.file_uploader(
            "PDF, DOCX, TXT, MD, CSV of XLSX", type=UPLOAD_TYPES,
            accept_multiple_files=True, key=f"uploads_{st.session_state.upload_key}",
            help=f"Maximaal {settings.limits.max_upload_mb:g} MB per bestand. CSV en XLSX zijn cijfertabellen "
                 "(zie corpus/figures/README.md).",
        )
        if note := assistant.ocr_status():
            st.caption(escape_markdown(note[:1].upper() + note[1:] + "."))
        busy = st.session_state.job is not None
        if st.button("Toevoegen en indexeren", type="primary", disabled=not files or busy, key="upload_go"):
            saved, rows, duplicates = save_uploads(assistant, files, replace=False)
            st.session_state.duplicates = duplicates or None
            st.session_state.ingest_rows = rows or None
            if saved:
                start_indexing(assistant, settings, saved)
                st.session_state.ingest_rows = rows + (st.session_state.ingest_rows or [])
            st.session_state.upload_key += 1  # a fresh, empty uploader
            st.rerun()
        if duplicates := st.session_state.duplicates:
            names = ", ".join(name for name, _ in duplicates)
            st.warning(f"Er staat al een document met dezelfde naam in de index: {escape_markdown(names)}. "
                       "Vervangen?")
            left, right = st.columns(2)
            if left.button("Ja, vervang", key="dup_replace"):
                paths = [assistant.save_upload(name, data, replace=True) for name, data in duplicates]
                st.session_state.duplicates = None
                start_indexing(assistant, settings, paths, replace=True)
                st.rerun()
            if right.button("Nee, niet toevoegen", key="dup_skip"):
                st.session_state.duplicates = None
                st.rerun()
        job_status()
        if settings.corpus_dir.is_dir() and st.button("Map corpus/ (opnieuw) indexeren", key="reindex_corpus",
                                                      disabled=busy):
            st.session_state.ingest_rows = index_now(assistant, [settings.corpus_dir], uploads=False)
            st.rerun()
        if rows := st.session_state.ingest_rows:
            ok, message = onboarding.ingest_summary(rows)
            (st.success if ok else st.warning)(message)
            st.dataframe(onboarding.ingest_table(rows), hide_index=True)


def remove_clicked(assistant: Assistant) -> None:
    target = st.session_state.get("remove_doc")
    if not target or not st.session_state.get("remove_confirm"):
        return
    kind, key = target
    try:
        result = assistant.remove_document(key) if kind == "doc" else assistant.remove_table(key)
        notify("success", f"{result.document} is uit de index verwijderd.")
    except AssistantError as err:
        notify("error", str(err))
    st.session_state["remove_doc"] = None
    st.session_state["remove_confirm"] = False


def remove_widgets(assistant: Assistant, titles: dict[str, str]) -> None:
    with st.expander("Document of cijfertabel verwijderen"):
        options = [("doc", d) for d in sorted(titles, key=lambda d: titles[d].casefold())]
        options += [("table", name) for name in assistant.uploaded_tables()]
        if st.session_state.get("remove_doc") not in options and "remove_doc" in st.session_state:
            st.session_state["remove_doc"] = None  # removed meanwhile (another session, or re-ingest)
        choice = st.selectbox("Document", options, index=None, key="remove_doc", placeholder="Kies een document",
                              format_func=lambda o: titles.get(o[1], o[1]) if o[0] == "doc" else f"Cijfertabel {o[1]}")
        confirm = st.checkbox("Ja, verwijder dit uit de index", key="remove_confirm")
        st.button("Verwijderen", disabled=not (choice and confirm), on_click=remove_clicked,
                  args=(assistant,), key="remove_go")
        st.caption("Een document uit corpus/ komt terug bij de volgende ingest van die map.")


def empty_index(assistant: Assistant, settings: Settings) -> None:
    st.warning("Er zijn nog geen documenten geïndexeerd, dus er is nog niets om vragen over te beantwoorden.")
    st.markdown("Indexeer de meegeleverde documenten met de knop hieronder (of op de commandoregel met "
                "`python -m ingest`), of voeg in de zijbalk eigen documenten toe onder *Documenten toevoegen*.")
    if settings.corpus_dir.is_dir() and st.button("Corpus indexeren", type="primary", key="index_corpus"):
        st.session_state.ingest_rows = index_now(assistant, [settings.corpus_dir], uploads=False)
        st.rerun()


# ---- answers: text, figures, sources, feedback ---------------------------------------------------------

def show_figures(calls: list[ToolCall], titles: dict[str, str]) -> None:
    for call in calls:
        view = charts.figure_view(call, titles)
        if view.error:
            st.warning(escape_markdown(f"Berekening {call.name}: {view.error}"))
            continue
        st.markdown(f"**{escape_markdown(view.title)}**")
        if view.chart is not None:
            st.altair_chart(view.chart, width="stretch" if call.name != "kpi_status" else "content")
        st.dataframe(view.table, hide_index=True)
        st.caption(escape_markdown(view.caption))


def pdf_page(path: str, page: int) -> bytes:
    return page_pdf(Path(path), page)


def show_sources(assistant: Assistant, citations: list[Citation], key: str) -> None:
    st.markdown("**Bronnen**")
    if not citations:
        st.caption("Geen citaten: dit antwoord verwijst niet naar een passage uit de documenten.")
        return
    for c in citations:
        st.markdown(citation_line(c))
        if c.ocr:
            st.caption(f"Let op: {OCR_NOTE}; controleer het citaat op de pagina.")
        with st.expander(f"Passage en pagina bij \\[{c.n}\\]"):
            chunk = passage_for(c, assistant.citation_chunks(c))
            if chunk is None:
                st.caption("Deze passage staat niet (meer) in de index.")
            else:
                text, found = highlight(chunk.text, c.quote)
                st.markdown(text)
                if not found:
                    st.caption("Het citaat staat niet letterlijk in deze passage.")
            path = pdf_page_available(chunk)
            if path is not None:
                if st.toggle(f"Toon pagina {c.page}", key=f"show_{key}_{c.n}"):
                    try:
                        st.image(page_png(path, c.page), caption=f"{c.document}, p. {c.page}")
                    except AssistantError as err:
                        st.warning(str(err))
                st.download_button(f"Pagina {c.page} als PDF", data=functools.partial(pdf_page, str(path), c.page),
                                   file_name=page_file_name(c.document, c.page), mime="application/pdf",
                                   on_click="ignore", key=f"pdf_{key}_{c.n}", icon=":material/download:")
            else:
                st.caption("De PDF-pagina is niet beschikbaar (geen PDF, of het bestand is verplaatst).")


def store_rating(path: Path, turn: dict, question: str, key: str) -> None:
    rating = feedback.rating_from_thumbs(st.session_state.get(key))
    if rating is None:
        return
    try:
        feedback.record_feedback(path, question, turn["answer"], rating, answer_id=turn["id"])
        turn["rating"] = rating
    except OSError:
        notify("error", f"De feedback kon niet worden opgeslagen in {path}.")


def feedback_widgets(settings: Settings, turn: dict, question: str) -> None:
    key = f"feedback_{turn['id']}"
    st.feedback("thumbs", key=key, on_change=store_rating, args=(settings.feedback_file, turn, question, key),
                persist_state="page")  # kept while another tab is open
    if turn.get("rating"):
        with st.form(f"comment_{turn['id']}", clear_on_submit=True, border=False):
            comment = st.text_input("Toelichting bij uw beoordeling (optioneel)", key=f"comment_text_{turn['id']}")
            if st.form_submit_button("Toelichting versturen") and comment.strip():
                feedback.record_feedback(settings.feedback_file, question, turn["answer"], turn["rating"], comment,
                                         answer_id=turn["id"])
                st.caption("Bedankt voor uw toelichting.")


def show_answer(assistant: Assistant, settings: Settings, turn: dict, question: str, titles: dict[str, str]) -> None:
    answer: Answer = turn["answer"]
    text = charts.strip_tool_tables(answer.text, answer.tool_calls)
    if answer.refused:
        st.warning(safe_markdown(text))
        if answer.suggestions and SUGGESTIONS_INTRO not in text:
            st.markdown(f"{SUGGESTIONS_INTRO}\n" + "\n".join(f"- {safe_markdown(s)}" for s in answer.suggestions))
    else:
        st.markdown(safe_markdown(text))
    if answer.grounding.unsupported_numbers:  # the text carries the note too; this makes it stand out
        st.warning(f"{UNSUPPORTED_MARK} Controleer de gemarkeerde getallen "
                   f"({escape_markdown(', '.join(answer.grounding.unsupported_numbers))}): ze staan niet in de "
                   "geciteerde passages of berekeningen.")
    if answer.grounding.invalid_markers:
        st.warning(f"{INVALID_MARKER_NOTE}: " + ", ".join(f"nr. {n}" for n in answer.grounding.invalid_markers))
    show_figures(answer.tool_calls, titles)
    show_sources(assistant, answer.citations, turn["id"])
    feedback_widgets(settings, turn, question)


def get_answer(assistant: Assistant, question: str, history: list[dict], filters: Filters) -> Answer:
    """The answer; in LLM mode the text streams in first (replaced by the final, grounded text)."""
    if assistant.mode == "offline":
        with st.spinner("Zoeken in de documenten…"):
            return assistant.ask(question, history, filters)
    final: list[Answer] = []

    def deltas():
        for item in assistant.stream(question, history, filters):
            if isinstance(item, Answer):
                final.append(item)
            else:
                yield safe_markdown(item)

    holder = st.empty()
    try:
        with holder.container():
            st.write_stream(deltas())
    finally:
        holder.empty()
    return final[-1]


def handle_question(assistant: Assistant, settings: Settings, question: str, filters: Filters,
                    titles: dict[str, str]) -> None:
    turns = st.session_state.turns
    history = [{"role": t["role"], "content": t["content"]} for t in turns if t.get("content")]
    turns.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        turn = {"role": "assistant", "content": "", "id": uuid.uuid4().hex}
        try:
            turn["answer"] = get_answer(assistant, question, history, filters)
            turn["content"] = turn["answer"].text
        except AssistantError as err:  # ModelUnavailableError among others: a Dutch message, no traceback
            turn["error"] = str(err)
        except Exception:  # the user gets a message, the log gets the traceback
            log.exception("answering %r failed", question)
            turn["error"] = UNEXPECTED
        turns.append(turn)
        show_turn_body(assistant, settings, turn, question, titles)


def show_turn_body(assistant: Assistant, settings: Settings, turn: dict, question: str, titles: dict) -> None:
    if turn.get("error"):
        st.error(escape_markdown(turn["error"]))
    else:
        show_answer(assistant, settings, turn, question, titles)


def clear_conversation() -> None:
    st.session_state.turns = []


def chat_view(assistant: Assistant, settings: Settings, filters: Filters, titles: dict[str, str]) -> None:
    box = st.container()
    pending = st.session_state.pop("pending_question", None)
    question = st.chat_input(CHAT_PLACEHOLDER, max_chars=settings.limits.max_question_chars) or pending
    with box:
        turns = st.session_state.turns
        if not turns and not question:
            st.markdown("Stel een vraag over de beleidsdocumenten (Jeugdwet, Wmo). Bij elk antwoord staan het "
                        "document, de pagina en het letterlijke citaat waar het op steunt. Rekenvragen worden "
                        "exact berekend uit de tabellen in de rapporten. Kies links een startvraag of filter op "
                        "document.")
        previous = ""
        for turn in turns:
            with st.chat_message(turn["role"]):
                if turn["role"] == "user":
                    previous = turn["content"]
                    st.markdown(escape_markdown(turn["content"]))
                else:
                    show_turn_body(assistant, settings, turn, previous, titles)
        if question:
            handle_question(assistant, settings, question, filters, titles)
        if st.session_state.turns:
            left, middle, right = st.columns(3)
            left.download_button("Gesprek als Markdown", export.conversation_to_markdown(st.session_state.turns),
                                 file_name="gesprek.md", mime="text/markdown", on_click="ignore", key="export_md")
            middle.download_button("Gesprek als JSON", export.conversation_to_json(st.session_state.turns),
                                   file_name="gesprek.json", mime="application/json", on_click="ignore",
                                   key="export_json")
            right.button("Nieuw gesprek", on_click=clear_conversation, key="clear_chat")


# ---- memo ------------------------------------------------------------------------------------------------

def memo_view(assistant: Assistant, filters: Filters, titles: dict[str, str]) -> None:
    st.subheader("Memo opstellen")
    st.caption("Een concept met Aanleiding, Kern, Feiten en cijfers, Opties/maatregelen en Bronnen; elke zin "
               "komt uit de documenten en verwijst met [n] naar zijn bron. Pas de tekst aan en download het memo.")
    with st.form("memo_form", border=False):
        topic = st.text_input("Onderwerp", placeholder="Stel een memo op over …", key="memo_topic",
                              persist_state="page")
        submitted = st.form_submit_button("Memo opstellen", type="primary")
    if submitted and topic.strip():
        try:
            with st.spinner("Memo opstellen…"):
                st.session_state.memo = assistant.draft_memo(topic.strip(), filters)
            st.session_state.memo_version += 1
        except AssistantError as err:
            st.error(escape_markdown(str(err)))
            return
    memo = st.session_state.memo
    if memo is None:
        return
    if memo.refused:
        st.warning(safe_markdown("\n\n".join(p for section in memo.sections for p in section.paragraphs)))
        st.caption("Kies een onderwerp waar de documenten over gaan, of pas de filters in de zijbalk aan.")
        return
    version = st.session_state.memo_version
    texts = [st.text_area(section.title, export.section_text(section), key=f"memo_{version}_{i}",
                          height=export.editor_height(export.section_text(section)), persist_state="page")
             for i, section in enumerate(memo.sections)]
    edited = export.memo_with_edits(memo, texts)
    stem = export.memo_file_stem(memo.topic)
    left, right = st.columns(2)
    left.download_button("Download als Word (.docx)", export.memo_to_docx(edited), file_name=f"{stem}.docx",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         on_click="ignore", key="memo_docx", icon=":material/description:")
    right.download_button("Download als Markdown (.md)", export.memo_to_markdown(edited), file_name=f"{stem}.md",
                          mime="text/markdown", on_click="ignore", key="memo_md", icon=":material/article:")
    if memo.tool_calls:
        st.markdown("#### Cijfers")
        show_figures(memo.tool_calls, titles)
    show_sources(assistant, memo.citations, f"memo{version}")


# ---- wegwijs ---------------------------------------------------------------------------------------------

def wegwijs_view(assistant: Assistant, status: IndexStatus) -> None:
    st.subheader("Wegwijs in het sociaal domein")
    st.markdown("Nieuw in het sociaal domein? Hieronder staat wat elk document is, en wat de belangrijkste "
                "begrippen betekenen, uitgelegd met de woorden van de documenten zelf en met bron.")
    stamp = (status.last_ingest, status.chunks)
    cached = st.session_state.get("wegwijs")
    if cached is None or cached[0] != stamp:
        with st.spinner("Documenten en begrippen verzamelen…"):
            cached = (stamp, assistant.documents(), assistant.glossary())
        st.session_state.wegwijs = cached
    _, documents, glossary = cached
    st.markdown("#### Rondleiding: de documenten")
    if not documents:
        st.info("Er zijn nog geen documenten geïndexeerd.")
    for doc in documents:
        st.markdown(onboarding.tour_entry(doc))
    st.markdown("#### Begrippenlijst")
    query = st.text_input("Zoek een begrip", key="glossary_query", placeholder="bijv. verevening, Wmo, JIM",
                          persist_state="page")
    shown = [e for e in glossary if query.strip().lower() in e.term.lower()] if query.strip() else glossary
    if query.strip() and not shown:
        st.caption("Dit begrip staat niet in de lijst; probeer *Leg een begrip uit* hieronder.")
    for entry in shown:
        with st.expander(escape_markdown(entry.term)):
            st.markdown(safe_markdown(entry.answer.text))
            for c in entry.answer.citations:
                st.caption(citation_line(c))
    st.markdown("#### Leg een begrip uit")
    with st.form("explain_form", border=False):
        term = st.text_input("Begrip", key="explain_term", placeholder="bijv. budgetplafond")
        if st.form_submit_button("Uitleggen") and term.strip():
            answer = assistant.explain_term(term.strip())
            st.markdown(safe_markdown(answer.text))
            for c in answer.citations:
                st.caption(citation_line(c))


# ---- page ------------------------------------------------------------------------------------------------

def main() -> None:
    st.set_page_config(page_title="Beleidsassistent", page_icon="📑", layout="wide")
    st.title("Beleidsassistent sociaal domein")
    st.caption("Antwoorden uit de rapportages, met bron: document, pagina en citaat.")
    try:
        settings = Settings()
    except ValidationError as err:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in err.errors())
        st.error(f"De instellingen zijn ongeldig ({escape_markdown(fields)}); controleer de ASSISTANT_-variabelen.")
        st.stop()
    try:
        assistant = load_assistant(settings.model_dump_json(), settings)
        status = assistant.status()
    except AssistantError as err:  # index built with another embedder, Chroma server down, bad LLM config
        st.error(escape_markdown(str(err)))
        st.stop()
    except Exception:  # the user gets a message, the log gets the traceback
        log.exception("starting the assistant failed")
        st.error(UNEXPECTED)
        st.stop()
    init_state()
    filters = sidebar(assistant, settings, status)
    titles = {d.document: d.title for d in status.documents}  # source captions of figures name files
    if not status.documents:
        empty_index(assistant, settings)
    chat, memo, wegwijs = st.tabs(VIEWS, key="view", on_change="rerun")
    if chat.open:
        with chat:
            chat_view(assistant, settings, filters, titles)
    if memo.open:
        with memo:
            memo_view(assistant, filters, titles)
    if wegwijs.open:
        with wegwijs:
            wegwijs_view(assistant, status)


main()
