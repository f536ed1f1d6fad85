"""Glossary terms, explanations and the guided tour, on the real corpus (plus pure acronym discovery)."""

import re
from functools import cache

import pytest
from support import CORPUS, FOREIGN_SLICE, MEMO, QUICK_SCAN

from assistant.glossary import NO_DEFINITION_NOTE, document_tour, explain_term, glossary_terms
from assistant.lexicon import curated_terms, discover_acronyms, find_term, match_long_form, sentences_of
from assistant.text import contains_quote
from assistant.texts import REFUSAL
from ingest.pdf import load_pages

DOCUMENTS = {
    "beheersmaatregelen-jeugd-wmo-2019.pdf",
    "kwartaalrapportage-kpi-sociaal-domein-q1-2023.pdf",
    MEMO,
    QUICK_SCAN,
    "voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf",
}
SOURCES = {p.name: p for p in [*CORPUS.glob("*.pdf"), *FOREIGN_SLICE]}


class PageTexts:
    """document -> {page: text}, read from the source files with the loader (not from the index)."""

    @cache  # noqa: B019 - one instance per module
    def __getitem__(self, document: str) -> dict[int, str]:
        return {pg.number: pg.text for pg in load_pages(SOURCES[document])}


@pytest.fixture(scope="module")
def page_texts():
    return PageTexts()


def _terms(corpus) -> list[str]:
    return [t.term for t in glossary_terms(corpus)]


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


def test_glossary_terms_keep_only_terms_in_the_corpus(corpus_index, corpus):
    _, index, _ = corpus_index
    terms = _terms(corpus)
    for term in ("LTA", "SAVE", "RISB", "JIM", "ZRM", "budgetplafond", "verevening", "Wmo", "POH-GGZ"):
        assert term in terms
    # discovered from "Bestuurlijk Overleg Sociaal Domein (BOSD)" / "verzoek om toewijzing (VOT)", not curated
    assert "BOSD" in terms and "VOT" in terms
    assert "BOSD" not in {t.term for t in curated_terms()}
    # curated, but not in these documents
    texts = [c.text for batch in index.catalog.iter_chunks() for c in batch]
    absent = [t for t in curated_terms() if not any(find_term(t, text) for text in texts)]
    assert "zorg in natura" in {t.term for t in absent}
    assert not {t.term for t in absent} & set(terms)
    assert terms == sorted(terms, key=str.casefold)


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
def test_explain_term_cites_a_definition_on_a_page_with_the_term(corpus, page_texts, term, expected):
    answer = explain_term(term, corpus)
    assert not answer.refused
    assert answer.citations and expected in answer.text
    assert not answer.text.startswith(NO_DEFINITION_NOTE)
    first = answer.citations[0]
    page = page_texts[first.document][first.page]
    assert re.search(re.escape(term), page, re.IGNORECASE) or term == "verevening" and "verevening" in page
    for c in answer.citations:
        assert contains_quote(page_texts[c.document][c.page], c.quote)
        assert f"{c.quote} [{c.n}]" in answer.text


def test_a_term_that_is_only_mentioned_says_so(corpus):
    answer = explain_term("BSA", corpus)
    assert not answer.refused and answer.citations
    assert answer.text.startswith(NO_DEFINITION_NOTE)
    assert "BSA" in answer.citations[0].quote


def test_unknown_term_is_refused(corpus):
    answer = explain_term("quantumzorgtoeslag", corpus)
    assert answer.refused
    assert answer.text == REFUSAL and answer.citations == []


def test_a_curated_term_absent_from_the_documents_is_refused_not_matched_as_a_word(corpus):
    # "zin" is the curated acronym ZIN (zorg in natura), which these documents do not contain; the ordinary
    # word "zin" ("in algemene zin") must not be presented as the term.
    answer = explain_term("zin", corpus)
    assert answer.refused, answer.text
    assert answer.text == REFUSAL and answer.citations == []


def test_explain_term_is_case_insensitive_for_known_terms(corpus):
    assert explain_term("lta", corpus).text == explain_term("LTA", corpus).text


def test_build_glossary_covers_every_term(assistant, corpus):
    entries = assistant.glossary()
    assert [e.term for e in entries] == _terms(corpus)
    assert all(not e.answer.refused and e.answer.citations for e in entries)
    assert assistant.glossary() == entries  # deterministic


def test_document_tour_describes_every_document(assistant, corpus_index, page_texts):
    _, index, _ = corpus_index
    tour = assistant.documents()
    assert {d.document for d in tour} == DOCUMENTS | {p.name for p in FOREIGN_SLICE}
    assert sum(d.chunks for d in tour) == index.catalog.count_chunks()
    by_doc = {d.document: d for d in tour}
    assert by_doc[MEMO].pages == 5 and by_doc[QUICK_SCAN].pages == len(page_texts[QUICK_SCAN])
    assert by_doc[MEMO].municipality == "Leusden" and by_doc[MEMO].year == 2018
    for d in tour:
        opening = " ".join(page_texts[d.document][p] for p in range(1, 5))
        assert len(d.description) <= 500, d
        assert not d.description or contains_quote(opening, d.description), d.description
        if d.document in DOCUMENTS:  # the five bundled reports each say what they are on their first pages
            assert len(d.description) >= 30, d
    assert "informeert" in by_doc[MEMO].description
    assert "voortgang" in by_doc["voortgangsrapportage-zorgkosten-woudenberg-2019-2020.pdf"].description


def test_document_tour_is_the_same_through_the_facade(assistant, corpus):
    assert assistant.documents() == document_tour(corpus)
