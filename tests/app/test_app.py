"""The Streamlit app, headless (`streamlit.testing.v1.AppTest`), over the real corpus and real Chroma.

Each test points the app's settings (environment) at an index, runs `app.py`, and drives it like a user:
asking, filtering, uploading, removing, drafting a memo, rating answers, and the error states.
"""

from __future__ import annotations

import io
import json
import re

from support import CORPUS, KPI_REPORT, MEMO, QUICK_SCAN

from assistant.present.feedback import read_feedback
from assistant.texts import REFUSAL
from ingest.pipeline import document_id

NEW_TERM = "Zonnebloemregeling"
UPLOAD_TEXT = (
    f"De {NEW_TERM} is een proef van de gemeente Leusden waarbij mantelzorgers een vergoeding krijgen "
    "voor vervoer naar de dagbesteding. De proef loopt tot en met december. "
    "Let op: <script>alert('xss')</script> en **geen vet** en [klik](javascript:alert(1)) horen letterlijk "
    "in de tekst te staan."
)


def page_text(at) -> str:
    """All Markdown, captions and alerts of the app as one plain string: emphasis marks dropped, escapes
    undone (`**\\[1\\]** *Titel*` -> `[1] Titel`)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.warning, at.error, at.info, at.success) for e in kind]
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\*", "", "\n".join(parts)))


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def button(at, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def sidebar_multiselect(at, label: str):
    return next(m for m in at.sidebar.multiselect if m.label == label)


def documents_in_status(at) -> int:
    line = next(m.value for m in at.sidebar.markdown if "documenten ·" in m.value)
    return int(re.search(r"\*\*(\d+)\*\* documenten", line).group(1))


# ---- chat ------------------------------------------------------------------------------------------------

def test_question_gets_an_answer_with_its_sources(run_app, corpus_index):
    at = ask(run_app(corpus_index[0].data_dir), "Wat is de Smederij in Leusden?")
    text = page_text(at)
    assert "inlooppunt" in text
    assert "Bronnen" in [m.value.strip("*") for m in at.markdown]
    # The citation line: title, page and quote; the passage with the quote highlighted; the page as PDF.
    assert re.search(r"\[\d\] Memo stand van zaken Sociaal Domein.*, p\. 2 — “[^”]*Smederij", text)
    assert any(":orange-background[**" in m.value and "Smederij" in m.value for m in at.markdown)
    labels = [b.label for b in at.get("download_button")]
    assert "Pagina 2 als PDF" in labels
    assert "Traceback" not in text


def test_calculation_question_shows_table_chart_and_sources(run_app, corpus_index):
    at = ask(run_app(corpus_index[0].data_dir), "Wat was het effect van de verevening voor Woudenberg in 2018?")
    table = at.dataframe[0].value
    row = table.iloc[0].to_dict()
    assert row["gemeente"] == "Woudenberg" and row["jaar"] == "2018" and row["effect"] == "voordeel"
    assert row["verschil (x € 1.000)"] == "-339,46"
    (spec,) = chart_specs(at)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["field"] == "verschil" and spec["encoding"]["color"]["field"] == "effect"
    captions = [c.value for c in at.caption]
    assert any(QUICK_SCAN.replace("-", "\\-").replace(".", "\\.") in c and "p\\. 21" in c for c in captions)
    # The table is shown once, interactively: the Markdown copy is taken out of the answer text.
    assert not any("|---|" in m.value for m in at.markdown)


def test_filters_restrict_the_sources(run_app, corpus_index):
    (kpi,) = [d.doc_id for d in corpus_index[1].catalog.documents() if d.document == KPI_REPORT]
    at = run_app(corpus_index[0].data_dir)
    sidebar_multiselect(at, "Document").select(kpi).run()
    ask(at, "Wat zijn de kosten per klant?")
    cited = re.findall(r"\[\d+\] (.+?), p\. \d+", page_text(at))
    assert cited and all(title.startswith("Q1 rapportage 2023") for title in cited)


def test_starter_question_is_asked_with_one_click(run_app, corpus_index):
    at = run_app(corpus_index[0].data_dir)
    button(at, "Wat is een budgetplafond?").click().run()
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert "maximaal bedrag" in page_text(at)


def test_conversation_exports_as_markdown_and_json(run_app, corpus_index, downloads):
    at = run_app(corpus_index[0].data_dir)
    ask(at, "Wat is de Smederij in Leusden?")
    ask(at, "Hoeveel zit de prognose van de totale kosten boven de begroting?")
    buttons = {b.label: b for b in at.get("download_button")}
    markdown = downloads(buttons["Gesprek als Markdown"]).decode()
    assert "## Vraag 1" in markdown and "## Vraag 2\n\nHoeveel zit de prognose van de totale kosten boven de begroting?" in markdown
    assert "**Bronnen**" in markdown and f"({MEMO}), p. 2" in markdown
    data = json.loads(downloads(buttons["Gesprek als JSON"]))
    assert [t["question"] for t in data["turns"]] == ["Wat is de Smederij in Leusden?", "Hoeveel zit de prognose van de totale kosten boven de begroting?"]
    assert data["turns"][1]["tool_calls"][0]["name"] == "budget_variance"
    assert all(t["citations"] for t in data["turns"])


def test_thumbs_and_comment_are_stored(run_app, memo_data_dir):
    at = ask(run_app(memo_data_dir), "Wat is de Smederij in Leusden?")
    at.feedback[0].set_value(0).run()
    assert not at.exception
    (record,) = read_feedback(memo_data_dir / "feedback.jsonl")
    assert record.rating == "down" and record.question == "Wat is de Smederij in Leusden?"
    assert "Smederij" in record.answer and record.citations[0]["document"] == MEMO
    at.text_input[0].input("Het antwoord noemt ook dyslexie, dat hoort er niet bij.")
    button(at, "Toelichting versturen").click().run()
    records = read_feedback(memo_data_dir / "feedback.jsonl")
    assert len(records) == 2 and records[1].comment.startswith("Het antwoord noemt ook dyslexie")
    assert records[1].answer_id == records[0].answer_id and records[1].rating == "down"


# ---- documents: upload and removal -----------------------------------------------------------------------

def test_uploaded_file_is_indexed_answerable_escaped_and_removable(run_app, memo_data_dir):
    at = run_app(memo_data_dir)
    assert documents_in_status(at) == 1
    at.sidebar.file_uploader[0].set_value(("../../../etc/Zonnebloem regeling (concept).txt",
                                           UPLOAD_TEXT.encode(), "text/plain")).run()
    button(at, "Toevoegen en indexeren").click().run()
    assert not at.exception
    saved = memo_data_dir / "uploads" / "Zonnebloem-regeling-concept.txt"
    assert saved.read_text(encoding="utf-8") == UPLOAD_TEXT  # stored flat, under a safe name
    results = at.sidebar.dataframe[0].value
    assert results.to_dict("records")[0]["bestand"] == saved.name
    assert results.to_dict("records")[0]["resultaat"] == "geïndexeerd"
    assert documents_in_status(at) == 2

    ask(at, f"Wat is de {NEW_TERM}?")
    assert "mantelzorgers een vergoeding" in page_text(at)
    # The passage is document text: shown literally (escaped), never as HTML, a link or bold.
    shown = [m.value for m in at.markdown if "alert" in m.value]
    assert shown and not any(re.search(r"(?<!\\)(<script|\]\(|\*\*geen)", v) for v in shown)
    assert any(r"\<script\>alert\(\'xss\'\)\</script\>" in v for v in shown)  # the highlighted passage

    at.sidebar.selectbox[0].select(("doc", document_id(saved))).run()
    at.sidebar.checkbox[0].check().run()
    button(at, "Verwijderen").click().run()
    assert not at.exception
    assert any("is uit de index verwijderd" in s.value for s in at.sidebar.success)
    assert documents_in_status(at) == 1 and not saved.exists()
    ask(at, f"Wat is de {NEW_TERM}?")
    last = at.chat_message[-1]
    assert "mantelzorgers een vergoeding" not in " ".join(m.value for m in last.markdown)


def test_upload_with_an_indexed_name_asks_before_replacing(run_app, memo_data_dir):
    data = (CORPUS / MEMO).read_bytes()
    at = run_app(memo_data_dir)
    for answer in ("Nee, niet toevoegen", "Ja, vervang"):
        at.sidebar.file_uploader[0].set_value((MEMO, data, "application/pdf")).run()
        button(at, "Toevoegen en indexeren").click().run()
        assert not at.exception
        assert any("Er staat al een document met dezelfde naam in de index" in w.value for w in at.sidebar.warning)
        assert not (memo_data_dir / "uploads" / MEMO).exists()  # nothing is stored before the answer
        button(at, answer).click().run()
        assert not at.exception and documents_in_status(at) == 1
    assert (memo_data_dir / "uploads" / MEMO).read_bytes() == data
    rows = at.sidebar.dataframe[0].value.to_dict("records")
    assert [(r["bestand"], r["resultaat"]) for r in rows] == [(MEMO, "bijgewerkt")]
    ask(at, "Wat is de Smederij in Leusden?")
    assert "inlooppunt" in page_text(at)


def test_failed_uploads_get_a_message_per_file(run_app, memo_data_dir):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Het Kansenfonds ondersteunt jongeren met een startbeurs voor hun opleiding.")
    buffer = io.BytesIO()
    doc.save(buffer)
    at = run_app(memo_data_dir)
    at.sidebar.file_uploader[0].set_value([
        ("kansenfonds.docx", buffer.getvalue(), "application/octet-stream"),
        ("leeg.txt", b"", "text/plain"),
        ("kapot.pdf", b"%PDF-1.4 dit is geen pdf", "application/pdf"),
        ("cijfers.csv", b"table,subject,measure\nkpi,Wachttijd,realisatie\n", "text/csv"),  # a figure table, incomplete
    ]).run()
    button(at, "Toevoegen en indexeren").click().run()
    assert not at.exception
    rows = {r["bestand"]: r for r in at.sidebar.dataframe[0].value.to_dict("records")}
    assert rows["kansenfonds.docx"]["resultaat"] == "geïndexeerd"
    assert rows["leeg.txt"]["resultaat"] == "mislukt" and "leeg" in rows["leeg.txt"]["melding"]
    assert rows["kapot.pdf"]["resultaat"] == "mislukt" and rows["kapot.pdf"]["melding"]
    assert rows["cijfers.csv"]["resultaat"] == "mislukt" and "ontbrekende kolom" in rows["cijfers.csv"]["melding"]
    assert any("1 van 4 bestanden verwerkt, 3 mislukt" in w.value for w in at.sidebar.warning)
    ask(at, "Wat doet het Kansenfonds?")
    assert "startbeurs" in page_text(at)


# ---- memo and wegwijs ------------------------------------------------------------------------------------

def test_memo_is_editable_and_downloads_reflect_the_edits(run_app, corpus_index, downloads):
    from docx import Document

    at = run_app(corpus_index[0].data_dir)
    at.session_state["view"] = "Memo"
    at.run()
    at.text_input(key="memo_topic").input("het effect van de verevening voor Woudenberg")
    button(at, "Memo opstellen").click().run()
    assert not at.exception
    areas = {a.label: a for a in at.text_area}
    assert list(areas) == ["Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen", "Bronnen"]
    assert "993.320" in areas["Feiten en cijfers"].value  # the tool's 2016-2018 total for Woudenberg
    areas["Aanleiding"].input("Het college vraagt om een toelichting op de verevening.").run()
    assert chart_specs(at) and at.dataframe  # the verevening figures, as in the chat
    at.session_state["view"] = "Chat"
    at.run()
    assert not at.text_area
    at.session_state["view"] = "Memo"
    at.run()  # the edit survives a visit to another tab
    assert at.text_area[0].value == "Het college vraagt om een toelichting op de verevening."
    assert "Bronnen" in [m.value.strip("*") for m in at.markdown]

    buttons = {b.label: b for b in at.get("download_button")}
    markdown = downloads(buttons["Download als Markdown (.md)"]).decode()
    assert "## Aanleiding\n\nHet college vraagt om een toelichting op de verevening." in markdown
    for title in ("## Kern", "## Feiten en cijfers", "## Opties/maatregelen", "## Bronnen"):
        assert title in markdown
    document = Document(io.BytesIO(downloads(buttons["Download als Word (.docx)"])))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Het college vraagt om een toelichting op de verevening." in paragraphs
    assert {"Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen", "Bronnen"} <= set(paragraphs)
    figures = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Cijfer", "Waarde"])
    assert any(row.cells[3].text == "Woudenberg" for row in figures.rows[1:])  # the key figures, as a table


def test_memo_on_an_uncovered_topic_is_refused(run_app, corpus_index):
    at = run_app(corpus_index[0].data_dir)
    at.session_state["view"] = "Memo"
    at.run()
    at.text_input(key="memo_topic").input("ruimtevaartbeleid op Mars")
    button(at, "Memo opstellen").click().run()
    assert REFUSAL in page_text(at)
    assert not at.text_area and not at.get("download_button")


def test_wegwijs_explains_terms_with_sources_and_tours_the_documents(run_app, corpus_index):
    at = run_app(corpus_index[0].data_dir)
    at.session_state["view"] = "Wegwijs"
    at.run()
    assert not at.exception
    text = page_text(at)
    assert "Quick scan Zorguitgaven Regio Amersfoort" in text and "76 pagina's" in text
    labels = [e.label for e in at.expander]
    assert "budgetplafond" in labels
    entry = at.expander[labels.index("budgetplafond")]
    entry_text = " ".join(m.value for m in entry.markdown) + " ".join(c.value for c in entry.caption)
    assert "maximaal bedrag" in entry_text and "p. 6" in entry_text
    at.text_input(key="explain_term").input("JIM")
    button(at, "Uitleggen").click().run()
    text = page_text(at)
    assert "werken met ‘Jouw Ingebrachte Mentor’ (JIM). [1]" in text
    assert re.search(r"\[1\] Beheersmaatregelen Jeugd en Wmo .*, p\. 18 · .* — “.*Jouw Ingebrachte Mentor", text)


# ---- error states ----------------------------------------------------------------------------------------

def test_empty_data_dir_explains_how_to_index_and_indexes_on_request(run_app, tmp_path, small_corpus):
    at = run_app(tmp_path / "leeg", ASSISTANT_CORPUS_DIR=str(small_corpus))
    assert not at.exception
    assert any("nog geen documenten geïndexeerd" in w.value for w in at.warning)
    assert "python -m ingest" in page_text(at)
    ask(at, "Wat is de Smederij in Leusden?")
    assert "Er zijn nog geen documenten geïndexeerd" in page_text(at)

    button(at, "Corpus indexeren").click().run()
    assert not at.exception
    assert documents_in_status(at) == 1
    assert "Corpus indexeren" not in [b.label for b in at.button]  # the empty-index notice is gone
    ask(at, "Wat is de Smederij in Leusden?")
    assert "inlooppunt" in page_text(at)


def test_unreachable_model_gives_a_dutch_message_not_a_traceback(run_app, corpus_index, closed_port):
    at = run_app(corpus_index[0].data_dir, ASSISTANT_LLM__PROVIDER="openai",
                 ASSISTANT_LLM__BASE_URL=f"http://127.0.0.1:{closed_port}/v1", ASSISTANT_LLM__TIMEOUT="2")
    assert "LLM (openai" in page_text(at)
    ask(at, "Wat is de Smederij in Leusden?")
    (error,) = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]
    assert error.startswith("Het taalmodel is niet bereikbaar op http://127.0.0.1:")
    assert f":{closed_port}/v1" in error and "ASSISTANT_LLM__PROVIDER=none" in error
    assert "Traceback" not in page_text(at) and not at.exception
    # The conversation goes on: the error is kept in the history and the next question can be asked.
    at.run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"] and len(at.error) == 1


def test_llm_mode_streams_and_ends_with_the_cited_answer(run_app, corpus_index):
    at = run_app(corpus_index[0].data_dir, ASSISTANT_LLM__PROVIDER="fake")
    ask(at, "Wat is de Smederij in Leusden?")
    text = page_text(at)
    assert "LLM (fake" in text and "Smederij" in text
    assert "Bronnen" in [m.value.strip("*") for m in at.markdown]
    assert re.search(r"\[1\] .+, p\. \d+ — “", text)
