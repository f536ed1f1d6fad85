"""The app's pure presentation helpers (`assistant.present`): escaping, charts, exports, feedback, pages."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from docx import Document
from pypdf import PdfReader
from support import CORPUS, MEMO, QUICK_SCAN

from assistant.errors import DocumentError
from assistant.models import Answer, Chunk, Citation, IndexStatus, Memo, MemoSection, ToolCall
from assistant.present import charts, export, feedback, onboarding
from assistant.present.markdown import (
    citation_line,
    escape_markdown,
    highlight,
    passage_for,
    quote_spans,
    safe_markdown,
)
from assistant.present.pages import document_path, page_file_name, page_pdf, page_png, pdf_page_available
from assistant.tools.registry import run_tool
from assistant.vocabulary import Vocabulary
from ingest.pdf import load_pages

STARTER_QUESTIONS = Vocabulary.load(CORPUS).starter_questions  # corpus/vocabulary/startvragen.csv

HOSTILE = "Zie <script>alert(1)</script> **vet** _schuin_ [klik](javascript:x) ![img](x.png) $x$ :smile: &amp; ~~weg~~"


def unescape(markdown: str) -> str:
    """What a Markdown renderer shows for text that consists of backslash escapes only."""
    return re.sub(r"\\(.)", r"\1", markdown)


# ---- markdown ----------------------------------------------------------------------------------------

def test_escaped_document_text_reads_back_literally_and_has_no_active_markup():
    escaped = escape_markdown(HOSTILE)
    assert unescape(escaped) == HOSTILE
    unescaped_rest = re.sub(r"\\.", "", escaped)  # what is left outside the backslash escapes
    assert not set(unescaped_rest) & set("\\`*_{}[]()#+-.!|<>~$:&"), unescaped_rest
    assert "\\<script\\>" in escaped and "\\[klik\\]\\(javascript\\:x\\)" in escaped


def test_safe_markdown_keeps_answer_structure_but_not_links_html_or_maths():
    answer = "**Effect**\n\n| gemeente | verschil |\n|---|---|\n| Baarn | € 1.000 |\n\n- punt [1]\n" + HOSTILE
    safe = safe_markdown(answer)
    assert safe.startswith("**Effect**\n\n| gemeente | verschil |\n|---|---|")
    assert "- punt \\[1\\]" in safe
    assert "\\<script\\>" in safe and "\\[klik\\]" in safe and "\\$x\\$" in safe and "\\:smile\\:" in safe
    assert unescape(safe) == answer


def test_highlight_marks_the_quote_and_escapes_everything_else():
    text = "Inleiding <b>kop</b>.\nDe Smederij is een\n  inlooppunt (voor iedereen). Verder *niets*."
    marked, found = highlight(text, "De Smederij is een inlooppunt (voor iedereen).")
    assert found
    assert marked == ("Inleiding \\<b\\>kop\\</b\\>\\. :orange-background[**De Smederij is een inlooppunt "
                      "\\(voor iedereen\\)\\.**] Verder \\*niets\\*\\.")


def test_highlight_finds_case_differences_and_abridged_quotes():
    text = "Het college wil de toegang verbeteren. Daarna volgt een lange uitleg. Het budget blijft gelijk."
    assert quote_spans(text, "HET COLLEGE WIL DE TOEGANG VERBETEREN.") == [(0, 38)]
    spans = quote_spans(text, "Het college wil de toegang verbeteren … Het budget blijft gelijk.")
    assert [text[s:e] for s, e in spans] == ["Het college wil de toegang verbeteren", "Het budget blijft gelijk."]
    marked, found = highlight(text, "Dit staat er niet in.")
    assert not found and marked == escape_markdown(text)


def test_passage_for_picks_the_chunk_on_the_cited_page_that_holds_the_quote():
    def chunk(index, page, text):
        return Chunk(document=MEMO, title="Memo", page=page, index=index, text=text)

    chunks = [chunk(0, 2, "Eerste stuk."), chunk(1, 2, "Zo start in maart de Smederij."), chunk(2, 3, "Smederij.")]
    cite = Citation(n=1, document=MEMO, title="Memo", page=2, quote="Zo start in maart de Smederij.")
    assert passage_for(cite, chunks).index == 1
    assert passage_for(cite.model_copy(update={"quote": "elders"}), chunks).index == 0  # page fallback
    assert passage_for(cite.model_copy(update={"page": 9}), chunks) is None
    line = citation_line(cite.model_copy(update={"title": "Memo <i>x</i>", "section": "2.1 Doel"}))
    assert line == "**\\[1\\]** *Memo \\<i\\>x\\</i\\>*, p. 2 · 2\\.1 Doel — “Zo start in maart de Smederij\\.”"


# ---- pages -------------------------------------------------------------------------------------------

def test_page_pdf_is_the_single_cited_page():
    chunk = Chunk(document=MEMO, title="Memo", page=2, source=str(CORPUS), text="")
    path = pdf_page_available(chunk)
    assert path == CORPUS / MEMO
    reader = PdfReader(io.BytesIO(page_pdf(path, 2)))
    assert len(reader.pages) == 1
    page_two = {p.number: p.text for p in load_pages(CORPUS / MEMO)}[2]
    assert "Smederij" in page_two and "Smederij" in reader.pages[0].extract_text()
    assert page_file_name(MEMO, 2) == "memo-stand-van-zaken-sociaal-domein-leusden-2018-p2.pdf"
    with pytest.raises(DocumentError, match="pagina 99 bestaat niet"):
        page_pdf(path, 99)


def test_page_png_renders_the_cited_page():
    from PIL import Image

    path = CORPUS / MEMO
    image = Image.open(io.BytesIO(page_png(path, 2)))
    assert image.format == "PNG" and image.width > 500 and image.height > image.width  # a portrait A4 page
    with pytest.raises(DocumentError, match="pagina 99 bestaat niet"):
        page_png(path, 99)


def test_no_page_for_moved_or_non_pdf_files(tmp_path):
    (tmp_path / "notitie.txt").write_text("tekst", encoding="utf-8")
    assert document_path(Chunk(document="weg.pdf", title="", page=1, source=str(tmp_path), text="")) is None
    assert pdf_page_available(Chunk(document="notitie.txt", title="", page=1, source=str(tmp_path), text="")) is None
    assert pdf_page_available(Chunk(document=MEMO, title="", page=1, source="", text="")) is None
    assert pdf_page_available(None) is None


# ---- charts ------------------------------------------------------------------------------------------

def _call(figures, name, args=None) -> ToolCall:
    result = run_tool(figures, name, args or {})
    return ToolCall(name=name, arguments=args or {}, result=result.model_dump(mode="json"))


def test_verevening_chart_shows_voordeel_and_nadeel_per_municipality(figures):
    view = charts.figure_view(_call(figures, "verevening_effect", {"jaar": 2018}),
                              {QUICK_SCAN: "Quick scan Zorguitgaven Regio Amersfoort"})
    spec = view.chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "gemeente" and spec["encoding"]["y"]["field"] == "verschil"
    assert spec["encoding"]["color"]["field"] == "effect"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["voordeel", "nadeel"]
    rows = next(iter(spec["datasets"].values()))
    woudenberg = next(r for r in rows if r["gemeente"] == "Woudenberg")
    assert woudenberg["effect"] == "voordeel" and woudenberg["verschil"] == pytest.approx(-339.46)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert view.caption == f"Bronnen: Quick scan Zorguitgaven Regio Amersfoort ({QUICK_SCAN}), p. 21"
    assert "verschil (x € 1.000)" in view.table.columns
    assert view.table.loc[view.table["gemeente"] == "Woudenberg", "verschil (x € 1.000)"].item() == "-339,46"


def test_verevening_chart_for_one_municipality_over_years_puts_years_on_the_axis(figures):
    spec = charts.figure_view(_call(figures, "verevening_effect", {"gemeente": "Woudenberg"})).chart.to_dict()
    assert spec["encoding"]["x"]["field"] == "jaar" and "xOffset" not in spec["encoding"]
    rows = next(iter(spec["datasets"].values()))
    assert [r["jaar"] for r in rows] == ["2016", "2017", "2018"]  # no 'totaal' row in the chart


def test_kpi_chart_shows_realisation_against_target_per_unit(figures):
    spec = charts.figure_view(_call(figures, "kpi_status")).chart.to_dict()
    assert spec["facet"]["row"]["field"] == "eenheid"
    bars, ticks = spec["spec"]["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["field"] == "realisatie"
    assert ticks["mark"]["type"] == "tick" and ticks["encoding"]["x"]["field"] == "streefwaarde"
    assert spec["resolve"]["scale"]["x"] == "independent"
    rows = next(iter(spec["datasets"].values()))
    kpi5 = next(r for r in rows if r["kpi"].startswith("KPI 5"))
    assert (kpi5["realisatie"], kpi5["streefwaarde"], kpi5["eenheid"], kpi5["gehaald"]) == (1800, 1700, "EUR", "nee")


def test_budget_chart_compares_budget_and_forecast_of_the_cost_lines(figures):
    view = charts.figure_view(_call(figures, "budget_variance"))
    spec = view.chart.to_dict()
    assert spec["encoding"]["xOffset"]["field"] == "reeks" and spec["encoding"]["y"]["field"] == "bedrag"
    rows = next(iter(spec["datasets"].values()))
    assert {r["reeks"] for r in rows} == {"begroting", "verwachting"}
    assert {r["regel"] for r in rows} == {"Jeugdzorg", "WMO", "Wijkteam", "Overhead"}  # totals stay in the table
    assert "Totale kosten" in set(view.table["regel"])
    jeugd = {r["reeks"]: r["bedrag"] for r in rows if r["regel"] == "Jeugdzorg"}
    assert jeugd == {"begroting": 11_364_000, "verwachting": 11_919_000}
    assert "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf), p. 11" in view.caption


def test_the_chart_kind_is_read_from_the_registry_and_calculations_chart_their_operands(figures):
    from assistant.tools.registry import SPECS

    assert {s.chart for s in SPECS} - {""} <= set(charts.CHARTS)  # every declared kind can be drawn
    view = charts.figure_view(_call(figures, "bereken", {"vraag": "Hoeveel inwoners hadden Baarn en Soest eind "
                                                                  "2017 samen?"}))
    rows = next(iter(view.chart.to_dict()["datasets"].values()))
    assert [r["waarde"] for r in rows] == [24529, 45874]  # Tabel 1 (p. 21)
    assert "waarde" not in view.table.columns  # the table shows the figures as printed


def test_other_results_get_a_table_and_refused_calls_their_message(figures):
    view = charts.figure_view(_call(figures, "cost_drivers"))
    assert view.chart is None and not view.table.empty and view.caption.startswith("Bronnen: ")
    refused = charts.figure_view(ToolCall(name="verevening_effect", result={"error": "Onbekende gemeente 'X'."}))
    assert refused.error == "Onbekende gemeente 'X'." and refused.chart is None


def test_offline_answer_loses_only_the_exact_tool_table(assistant):
    answer = assistant.ask("Wat was het effect van de verevening voor Woudenberg in 2018?")
    stripped = charts.strip_tool_tables(answer.text, answer.tool_calls)
    assert "|---|" in answer.text and "|---|" not in stripped
    assert stripped.startswith(answer.text.split("\n\n")[0])  # the summary with its markers stays
    assert "afgeronde percentages" in stripped  # and the notes
    changed = answer.text.replace("| -339,46 |", "| -339,46⚠ |")
    assert changed != answer.text and "| gemeente |" in charts.strip_tool_tables(changed, answer.tool_calls)


# ---- export ------------------------------------------------------------------------------------------

@pytest.fixture
def memo() -> Memo:
    return Memo(
        topic="wachttijden jeugdzorg",
        sections=[
            MemoSection(title="Aanleiding", paragraphs=["De wachttijden lopen op. [1]"]),
            MemoSection(title="Feiten en cijfers", paragraphs=[
                "### Wachttijden\n\n**Gemiddeld** 28 dagen _(doel 56)_.\n\n| kpi | waarde |\n|---|---|\n| KPI 6 | 28 dagen |"]),
            MemoSection(title="Opties/maatregelen", paragraphs=["- Meer inzet wijkteam [1]\n- Regionale inkoop"]),
            MemoSection(title="Bronnen", paragraphs=[f"- [1] Q1 rapportage ({MEMO}), p. 9"]),
        ],
        citations=[Citation(n=1, document=MEMO, title="Memo", page=9, quote="De wachttijden lopen op.")],
    )


def test_memo_edits_become_paragraphs(memo):
    texts = [export.section_text(s) for s in memo.sections]
    texts[0] = "Eerste alinea.\r\n\r\nTweede alinea,\nzelfde alinea.\n\n\n"
    edited = export.memo_with_edits(memo, texts)
    assert edited.sections[0].paragraphs == ["Eerste alinea.", "Tweede alinea,\nzelfde alinea."]
    assert edited.citations == memo.citations
    before, after = memo.to_markdown(), export.memo_to_markdown(edited)
    assert "## Aanleiding\n\nEerste alinea.\n\nTweede alinea,\nzelfde alinea.\n\n## Feiten" in after
    assert after.split("## Feiten")[1] == before.split("## Feiten")[1]  # untouched sections stay the same
    assert export.memo_file_stem("Wachttijden & jeugdzorg!") == "memo-wachttijden-jeugdzorg"
    short, long = export.editor_height("Eén regel."), export.editor_height("woord " * 200 + "\n\nnog een alinea")
    assert short == 110 and short < long <= 560 and export.editor_height("x\n" * 100) == 560


def test_memo_docx_has_headings_paragraphs_lists_and_tables(memo):
    document = Document(io.BytesIO(export.memo_to_docx(memo)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Memo: wachttijden jeugdzorg")
    assert [t for s, t in paragraphs if s == "Heading 1"] == ["Aanleiding", "Feiten en cijfers",
                                                              "Opties/maatregelen", "Bronnen"]
    assert ("Heading 3", "Wachttijden") in paragraphs
    assert ("List Bullet", "Meer inzet wijkteam [1]") in paragraphs and ("List Bullet", "Regionale inkoop") in paragraphs
    body = next(p for p in document.paragraphs if p.text.startswith("Gemiddeld"))
    assert body.text == "Gemiddeld 28 dagen (doel 56)."
    assert body.runs[0].bold and body.runs[0].text == "Gemiddeld" and any(r.italic for r in body.runs)
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [["kpi", "waarde"], ["KPI 6", "28 dagen"]]


def test_conversation_exports(assistant):
    question = "Wat is de Smederij in Leusden?"
    answer = assistant.ask(question)
    turns = [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text, "answer": answer},
             {"role": "user", "content": "En nu?"}, {"role": "assistant", "content": "", "error": "Model weg."}]
    now = datetime(2026, 1, 2, 3, 4)
    markdown = export.conversation_to_markdown(turns, now)
    assert markdown.startswith("# Gesprek met de Beleidsassistent\n\n_Geëxporteerd op 02-01-2026 03:04._")
    assert f"## Vraag 1\n\n{question}\n\n### Antwoord\n\n{answer.text}" in markdown
    first = answer.citations[0]
    assert f"- [1] {first.title} ({first.document}), p. {first.page}: “{first.quote}”" in markdown
    assert "## Vraag 2\n\nEn nu?\n\n### Antwoord\n\n_Geen antwoord: Model weg._" in markdown
    data = json.loads(export.conversation_to_json(turns, now))
    assert data["exported"] == "2026-01-02T03:04:00"
    assert data["turns"][0]["answer"] == answer.text and data["turns"][0]["citations"][0]["page"] == first.page
    assert data["turns"][1] == {"question": "En nu?", "error": "Model weg."}


# ---- feedback ----------------------------------------------------------------------------------------

def test_feedback_round_trip(tmp_path):
    path = tmp_path / "sub" / "feedback.jsonl"
    answer = Answer(question="Q?", text="Antwoord [1].", citations=[
        Citation(n=1, document=MEMO, title="Memo", page=2, section="Inleiding", quote="Citaat.")])
    assert feedback.rating_from_thumbs(1) == "up" and feedback.rating_from_thumbs(0) == "down"
    assert feedback.rating_from_thumbs(None) is None
    feedback.record_feedback(path, "Q?", answer, "up", answer_id="a1")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("geen json\n\n")
    feedback.record_feedback(path, "Q?", answer, "down", comment="  Onvolledig.  ", answer_id="a1")
    first, second = feedback.read_feedback(path)
    assert (first.rating, second.rating, second.comment) == ("up", "down", "Onvolledig.")
    assert first.question == "Q?" and first.answer == "Antwoord [1]." and first.mode == "offline"
    assert first.citations == [{"n": 1, "document": MEMO, "title": "Memo", "page": 2, "quote": "Citaat."}]
    assert datetime.fromisoformat(first.time).tzinfo is not None
    assert feedback.read_feedback(tmp_path / "missing.jsonl") == []


# ---- sidebar and onboarding --------------------------------------------------------------------------

def test_filter_options_status_and_ingest_table(assistant):
    status: IndexStatus = assistant.status()
    options = onboarding.filter_options(status)
    (memo,) = [d.doc_id for d in status.documents if d.document == MEMO]
    assert options["documents"] == [d.doc_id for d in status.documents]  # ids; the app shows their titles
    assert memo in options["documents"] and "memo" in options["doc_types"]
    assert {"Leusden", "Woudenberg", "Hollands Kroon"} <= set(options["municipalities"])
    assert options["years"] == sorted(options["years"]) and 2018 in options["years"]
    assert onboarding.format_time(None) == "onbekend"
    assert onboarding.format_time("2026-01-02T03:04:00") == "02-01-2026 03:04"
    table = onboarding.ingest_table([{"document": "a.txt", "status": "failed", "message": "leeg"},
                                     {"document": "b.pdf", "status": "indexed", "pages": 3, "chunks": 5, "tables": 2,
                                      "figures": 14, "warnings": ["controle cijfers: Totaal 599 wijkt af"]}])
    assert table.to_dict("records") == [
        {"bestand": "a.txt", "resultaat": "mislukt", "pagina's": 0, "chunks": 0, "tabellen": 0, "cijfers": 0,
         "melding": "leeg"},
        {"bestand": "b.pdf", "resultaat": "geïndexeerd", "pagina's": 3, "chunks": 5, "tabellen": 2, "cijfers": 14,
         "melding": "controle cijfers: Totaal 599 wijkt af"}]


def test_tour_entry_escapes_document_metadata(assistant):
    doc = next(d for d in assistant.documents() if d.document == MEMO)
    entry = onboarding.tour_entry(doc.model_copy(update={"title": "Memo <script>x</script>"}))
    assert "\\<script\\>" in entry and "<script>" not in entry
    assert "Leusden" in entry and "2018" in entry and f"`{MEMO}`" in entry and "> " in entry


def test_starter_questions_come_from_the_corpus_vocabulary(assistant):
    assert set(STARTER_QUESTIONS) == set(onboarding.AUDIENCES)
    assert all(len(qs) >= 2 for qs in STARTER_QUESTIONS.values())
    assert assistant.starter_questions() == STARTER_QUESTIONS


@pytest.mark.parametrize("question", [q for qs in STARTER_QUESTIONS.values() for q in qs])
def test_every_starter_question_gets_a_cited_answer(assistant, question):
    answer = assistant.ask(question)
    assert not answer.refused and answer.citations
