"""Memo drafts on the real corpus (sample + foreign slice): structure, citations, figures, options, scope, export.

Each memo is checked as its reader would: every number cited by a page that prints it, every quote on its
page (read from the source files with the loader, not from the index), no heading fragments, options that are
things to do, and facts about the place the topic names only."""

import io
import re
from functools import cache

import pytest
from support import ALMERE, CORPUS, FOREIGN_SLICE, GGD, MEMO

from assistant.memo import (
    AANLEIDING,
    BRONNEN,
    EMPTY_SECTION,
    FEITEN,
    KERN,
    OPTIES,
    SECTION_TITLES,
    draft_memo,
)
from assistant.memo.check import check_memo
from assistant.memo.roles import has_role, roles_of, stands_alone
from assistant.memo.topic import topic_terms
from assistant.texts import REFUSAL
from ingest.pdf import load_pages

MARKER = re.compile(r"\[(\d+)\]")
BEHEER = "beheersmaatregelen-jeugd-wmo-2019.pdf"
SOURCES = {p.name: p for p in [*CORPUS.glob("*.pdf"), *FOREIGN_SLICE]}
TOPICS = ["de stijging van de jeugdzorgkosten en mogelijke beheersmaatregelen",
          "wachttijden in de Wmo en jeugdhulp",
          "de financiële opgave van de GGD Flevoland en de begroting 2026",
          "speerpunten van de GGD voor jeugd en gezin"]


@cache
def _pages(document: str) -> list[str]:
    return [p.text for p in load_pages(SOURCES[document])]


def page_text(document: str, page: int) -> str:
    pages = _pages(document)
    return pages[page - 1] if 0 < page <= len(pages) else ""


@pytest.fixture(scope="module")
def memos(assistant):
    return {topic: assistant.draft_memo(topic) for topic in TOPICS}


def _section(memo, title: str) -> str:
    return "\n".join(next(s for s in memo.sections if s.title == title).paragraphs)


def _sentences(text: str) -> list[str]:
    """The quoted sentences of a section: the text before each marker, without labels and bullets."""
    plain = re.sub(r"_[^_]+:_ |^- |^\s+- ", "", text, flags=re.MULTILINE)
    return [s.strip() for s in MARKER.split(plain)[::2] if s.strip()]


@pytest.mark.parametrize("topic", TOPICS)
def test_memo_has_the_five_sections_in_order_and_cites_every_number(memos, topic):
    memo = memos[topic]
    assert not memo.refused
    assert [s.title for s in memo.sections] == list(SECTION_TITLES)
    markdown = memo.to_markdown()
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == list(SECTION_TITLES)
    check = check_memo(memo, page_text)
    assert check.uncited == [] and check.misquoted == []
    assert [c.n for c in memo.citations] == list(range(1, len(memo.citations) + 1))
    used = {int(n) for s in memo.sections if s.title != BRONNEN for p in s.paragraphs for n in MARKER.findall(p)}
    assert used == {c.n for c in memo.citations}


@pytest.mark.parametrize("topic", TOPICS)
def test_kern_and_aanleiding_are_whole_sentences_that_stand_alone(memos, topic):
    memo = memos[topic]
    for title in (AANLEIDING, KERN):
        text = _section(memo, title)
        if text == EMPTY_SECTION:
            continue
        for sentence in _sentences(text):
            assert sentence[:1].isupper() and sentence.rstrip()[-1] in ".!?”’)\"", sentence
            assert stands_alone(sentence) and not has_role(sentence, "self"), sentence


def test_feiten_has_a_cited_table_of_figures_and_the_calculation(memos, assistant):
    memo = memos["de stijging van de jeugdzorgkosten en mogelijke beheersmaatregelen"]
    feiten = _section(memo, FEITEN)
    rows = [line for line in feiten.splitlines() if line.startswith("| ") and MARKER.search(line)]
    assert rows and feiten.splitlines()[0].startswith("| Cijfer | Waarde | Periode | Over | Bron |")
    assert check_memo(memo, page_text).cited_figures >= 3
    # the Q1 2023 report prints the total rise of purchased youth care on p. 11
    assert any("555.000" in row and "p. 11" in row for row in rows)
    lookup = next(c for c in memo.tool_calls if c.name == "kerncijfers")
    assert {r["waarde"] for r in lookup.result["rows"]} >= {"€555.000"}


def test_opties_lists_catalogue_measures_with_pillar_and_the_documents_pros_and_cons(memos):
    memo = memos["de stijging van de jeugdzorgkosten en mogelijke beheersmaatregelen"]
    opties = _section(memo, OPTIES).splitlines()
    items = [line for line in opties if line.startswith("- ")]
    assert len(items) >= 3 and all(MARKER.search(line) for line in items)
    assert any("Budgetplafond" in line and "pijler: Zorginkoop" in line for line in items)
    effects = [line for line in opties if line.startswith("  - _Volgens het document:_")]
    assert effects and all(MARKER.search(line) for line in effects)
    cited = {c.n: c for c in memo.citations}
    budget = next(cited[int(n)] for line in items if "Budgetplafond" in line for n in MARKER.findall(line))
    assert budget.document == BEHEER


def test_a_report_describing_itself_is_no_option():
    assert has_role("Deze voortgangsrapportage beschrijft de stand van zaken van de maatregelen.", "self")
    assert "recommendation" not in roles_of("We beginnen met een beeld van de verwijzingen in 2018.")
    assert has_role("Wij adviseren de gemeenten om de toegang te versterken.", "recommendation")
    assert has_role("De kosten van de jeugdhulp zijn sinds 2016 sterk gestegen.", "development")


def test_foreign_budget_memo_lists_its_priorities_as_options(memos):
    memo = memos["speerpunten van de GGD voor jeugd en gezin"]
    items = [line for line in _section(memo, OPTIES).splitlines() if line.startswith("- ")]
    assert any("Versterken jeugd en gezin" in line for line in items)
    assert {c.document for c in memo.citations} & {GGD}


def test_several_municipalities_are_named_per_fact(memos):
    memo = memos["de stijging van de jeugdzorgkosten en mogelijke beheersmaatregelen"]
    municipalities = {c.document for c in memo.citations}
    assert len(municipalities) > 2
    kern = _section(memo, KERN) + _section(memo, AANLEIDING)
    assert re.search(r"_[A-Z][\w ]+:_ ", kern)  # each fact says which place it is about


def test_topic_naming_a_municipality_uses_only_its_facts(assistant, corpus):
    memo = assistant.draft_memo("kostenstijging jeugdzorg Leusden")
    assert not memo.refused
    about = {d.document: d.municipality for d in corpus.documents}
    for title in (AANLEIDING, KERN):
        text = _section(memo, title)
        for n in MARKER.findall(text):
            c = memo.citations[int(n) - 1]
            assert about.get(c.document) == "Leusden" or "Leusden" in c.quote, c
    assert "Hollands Kroon" not in _section(memo, FEITEN)


def test_topic_naming_a_place_without_documents_is_refused(assistant):
    memo = assistant.draft_memo("jeugdzorgkosten in Zwolle")
    assert memo.refused and REFUSAL in memo.to_markdown()
    assert memo.citations == [] and memo.tool_calls == []


def test_topic_outside_the_documents_is_refused(retriever, corpus):
    for topic in ("ruimtevaartbeleid op Mars", "parkeervergunningen in het centrum"):
        memo = draft_memo(topic, retriever, corpus)
        assert memo.refused, topic
        assert memo.citations == [] and memo.tool_calls == []


def test_filters_restrict_the_sources(retriever, assistant):
    memo = draft_memo("budgetplafond", retriever, assistant.corpus, filters=assistant.filters_for(documents=[BEHEER]))
    assert not memo.refused and memo.citations
    assert {c.document for c in memo.citations} == {BEHEER}


def test_memo_is_deterministic(retriever, corpus):
    first = draft_memo("budgetplafond", retriever, corpus)
    assert draft_memo("budgetplafond", retriever, corpus) == first


def test_topic_words_leave_framing_and_prepositions_out():
    terms = {t.word: t for t in topic_terms("Memo over de kostenstijging tussen gemeenten via verevening per jaar")}
    assert set(terms) == {"kostenstijging", "gemeenten", "verevening", "jaar"}
    assert terms["verevening"].occurs("de risicoverevening in de regio", set())
    assert terms["kostenstijging"].occurs("de stijging van de kosten", set())


def test_docx_export_has_the_sections_and_the_figures_table(memos):
    from docx import Document

    from assistant.present.export import memo_to_docx

    memo = memos["de stijging van de jeugdzorgkosten en mogelijke beheersmaatregelen"]
    document = Document(io.BytesIO(memo_to_docx(memo)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(SECTION_TITLES)
    assert document.tables and [c.text for c in document.tables[0].rows[0].cells] == [
        "Cijfer", "Waarde", "Periode", "Over", "Bron"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    assert any("555.000" in cells[1] for cells in rows)


def test_memo_on_a_municipal_agenda_without_figures_says_so(memos, assistant):
    memo = assistant.draft_memo("de maatschappelijke agenda van Almere en de wijkaanpak")
    assert not memo.refused
    assert _section(memo, FEITEN) == EMPTY_SECTION  # the agenda prints no figures on this: the placeholder stays
    assert {c.document for c in memo.citations} == {ALMERE}
    assert MEMO not in {c.document for c in memo.citations}
