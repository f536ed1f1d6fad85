"""Glossary terms, explanations and the guided tour, on the real corpus (plus pure acronym discovery)."""

import re

import pytest
from support import CORPUS, MEMO, QUICK_SCAN

from assistant import glossary
from assistant.glossary import (
    NO_DEFINITION_NOTE,
    discover_acronyms,
    document_tour,
    explain_term,
    find_terms,
    match_long_form,
    sentences_of,
)
from assistant.texts import REFUSAL
from ingest.clean import contains_quote
from ingest.pdf import load_pages

DOCUMENTS = {
    "beheersmaatregelen-jeugd-wmo-2019.pdf",
    "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf",
    MEMO,
    QUICK_SCAN,
    "voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf",
}


@pytest.fixture(scope="module")
def page_texts():
    return {p.name: {pg.number: pg.text for pg in load_pages(p)} for p in CORPUS.glob("*.pdf")}


# --- pure ---------------------------------------------------------------------------------------------------


def test_discovers_acronyms_from_definition_patterns():
    found = discover_acronyms([
        "De regio koopt in via een Long Term Arrangement (LTA) en het Regionaal Inkoopbureau (RIB).",
        "Het SAVE (Samen Veilig Midden-Nederland) team en de groei (+9% OTS = ondertoezichtstelling).",
        "Werken met ‘Jouw Ingebrachte Mentor’ (JIM) helpt.",
    ])
    assert found["LTA"] == "Long Term Arrangement"
    assert found["RIB"] == "Regionaal Inkoopbureau"
    assert found["SAVE"] == "Samen Veilig Midden-Nederland"
    assert found["OTS"] == "ondertoezichtstelling"
    assert found["JIM"] == "Jouw Ingebrachte Mentor"


def test_parentheses_that_do_not_spell_the_acronym_are_not_definitions():
    found = discover_acronyms([
        "Toegang via AMHK (SAVE) in drie gemeenten.",
        "Verblijf in Soest (LTA) is duur.",
        "Meldpunt Huiselijk geweld en Kindermishandeling (SAVE) is regionaal.",
    ])
    assert "SAVE" not in found and "LTA" not in found and "AMHK" not in found


def test_match_long_form_cuts_to_the_first_letter():
    assert match_long_form("BOSD", "Het Bestuurlijk Overleg Sociaal Domein") == "Bestuurlijk Overleg Sociaal Domein"
    assert match_long_form("ZRM", "de Zelfredzaamheid-Maxtrix") == "Zelfredzaamheid-Maxtrix"
    assert match_long_form("LTA", "Landelijke Inkoop") is None


def test_sentences_keep_abbreviations_and_stay_verbatim():
    text = "• Wet maatschappelijke ondersteuning (Wmo) vs. Wet langdurige zorg (Wlz): zie boven. Tweede zin hier."
    parts = sentences_of(text)
    assert parts[0] == "Wet maatschappelijke ondersteuning (Wmo) vs. Wet langdurige zorg (Wlz): zie boven."
    assert all(p in text for p in parts)


# --- on the corpus ------------------------------------------------------------------------------------------


def test_find_terms_keeps_only_terms_in_the_corpus(retriever):
    terms = find_terms(retriever.chunks)
    for term in ("LTA", "SAVE", "RISB", "JIM", "ZRM", "budgetplafond", "verevening", "Wmo", "POH-GGZ"):
        assert term in terms
    # discovered from "Bestuurlijk Overleg Sociaal Domein (BOSD)" / "verzoek om toewijzing (VOT)", not curated
    assert "BOSD" in terms and "VOT" in terms
    assert "BOSD" not in {t.term for t in glossary.CURATED}
    # curated, but not in these documents
    assert "zorg in natura" not in terms
    assert terms == sorted(terms, key=str.casefold)
    assert find_terms(list(retriever.chunks.values())) == terms


@pytest.mark.parametrize(("term", "expected"), [
    ("LTA", "Landelijk Transitie Arrangement"),
    ("JIM", "Jouw Ingebrachte Mentor"),
    ("ZRM", "Zelfredzaamheid"),
    ("budgetplafond", "maximaal bedrag"),
    ("OTS", "ondertoezichtstelling"),
    ("SES", "opleidings-, inkomens-"),
    ("gedwongen kader", "kinderbeschermingsmaatregelen"),
    ("prestatiebekostiging", "tarief"),
    ("verevening", "solidariteit"),
])
def test_explain_term_cites_a_definition_on_a_page_with_the_term(retriever, page_texts, term, expected):
    answer = explain_term(term, retriever)
    assert not answer.refused
    assert answer.citations and expected in answer.text
    assert not answer.text.startswith(NO_DEFINITION_NOTE)
    first = answer.citations[0]
    page = page_texts[first.document][first.page]
    assert re.search(re.escape(term), page, re.IGNORECASE) or term == "verevening" and "verevening" in page
    for c in answer.citations:
        assert contains_quote(page_texts[c.document][c.page], c.quote)
        assert f"{c.quote} [{c.n}]" in answer.text


def test_a_term_that_is_only_mentioned_says_so(retriever):
    answer = explain_term("BSA", retriever)
    assert not answer.refused and answer.citations
    assert answer.text.startswith(NO_DEFINITION_NOTE)
    assert "BSA" in answer.citations[0].quote


def test_unknown_term_is_refused(retriever):
    for term in ("quantumzorgtoeslag", "zin"):  # "zin" means zorg in natura (ZIN): not in these documents
        answer = explain_term(term, retriever)
        assert answer.refused, term
        assert answer.text == REFUSAL and answer.citations == []


def test_explain_term_is_case_insensitive_for_known_terms(retriever):
    assert explain_term("lta", retriever).text == explain_term("LTA", retriever).text


def test_build_glossary_covers_every_term(assistant, retriever):
    entries = assistant.glossary()
    assert [e.term for e in entries] == find_terms(retriever.chunks)
    assert all(not e.answer.refused and e.answer.citations for e in entries)
    assert assistant.glossary() == entries  # served from the per-retriever view


def test_document_tour_describes_the_five_documents(assistant, retriever, page_texts):
    tour = assistant.documents()
    assert {d.document for d in tour} == DOCUMENTS
    assert sum(d.chunks for d in tour) == len(retriever.chunks)
    by_doc = {d.document: d for d in tour}
    assert by_doc[MEMO].pages == 5 and by_doc[QUICK_SCAN].pages == len(page_texts[QUICK_SCAN])
    assert by_doc[MEMO].municipality == "Leusden" and by_doc[MEMO].year == 2018
    for d in tour:
        assert 30 <= len(d.description) <= 500, d
        opening = " ".join(page_texts[d.document][p] for p in range(1, 5))
        assert contains_quote(opening, d.description), d.description
    assert "informeert" in by_doc[MEMO].description
    assert "voortgang" in by_doc["voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf"].description


def test_document_tour_is_the_same_through_the_facade(assistant, retriever):
    assert assistant.documents() == document_tour(retriever)
