"""Memo drafts on the real corpus: structure, verbatim citations on their pages, tool figures, refusal."""

import re
from functools import cache

import pytest
from support import CORPUS, FOREIGN_SLICE

from assistant.memo import BRONNEN, FEITEN, SECTION_TITLES, draft_memo, plan_memo_tools, topic_terms
from assistant.text import contains_quote, normalise_for_match
from assistant.texts import REFUSAL
from assistant.tools.registry import run_tool
from ingest.pdf import load_pages

MARKER = re.compile(r"\[(\d+)\]")
BEHEER = "beheersmaatregelen-jeugd-wmo-2019.pdf"
SOURCES = {p.name: p for p in [*CORPUS.glob("*.pdf"), *FOREIGN_SLICE]}


class PageTexts:
    """document -> {page: text}, read from the source files with the loader (not from the index)."""

    @cache  # noqa: B019 - one instance per module
    def __getitem__(self, document: str) -> dict[int, str]:
        return {pg.number: pg.text for pg in load_pages(SOURCES[document])}


@pytest.fixture(scope="module")
def page_texts():
    return PageTexts()


@pytest.fixture(scope="module")
def memo(assistant):
    return assistant.draft_memo("verevening Woudenberg")


def _body(memo, *, bronnen: bool = False) -> str:
    return "\n".join(p for s in memo.sections if (s.title == BRONNEN) == bronnen for p in s.paragraphs)


def _section(memo, title: str) -> str:
    return "\n".join(next(s for s in memo.sections if s.title == title).paragraphs)


def test_memo_has_the_five_sections_in_order(memo):
    assert not memo.refused
    assert [s.title for s in memo.sections] == list(SECTION_TITLES)
    assert all(s.paragraphs and all(p.strip() for p in s.paragraphs) for s in memo.sections)
    markdown = memo.to_markdown()
    assert markdown.startswith("# Memo: verevening Woudenberg")
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == list(SECTION_TITLES)


def test_every_citation_is_verbatim_from_an_indexed_chunk_on_its_page(memo, corpus, page_texts):
    assert len(memo.citations) >= 3
    assert [c.n for c in memo.citations] == list(range(1, len(memo.citations) + 1))
    for c in memo.citations:
        assert contains_quote(page_texts[c.document][c.page], c.quote), (c.document, c.page, c.quote)
        assert corpus.document(c.doc_id).document == c.document
        chunks = corpus.page_chunks(c.doc_id, c.page)
        assert any(" ".join(c.quote.split()) in " ".join(ch.text.split()) for ch in chunks), c.quote
        assert c.title and c.title == chunks[0].title


def test_markers_and_citations_match_and_bronnen_lists_them(memo):
    body, bronnen = _body(memo), _body(memo, bronnen=True)
    used = {int(n) for n in MARKER.findall(body)}
    assert used == {c.n for c in memo.citations}
    for c in memo.citations:
        assert f"{c.quote} [{c.n}]" in body  # the marker follows its own sentence
        assert f"[{c.n}] {c.title} ({c.document}), p. {c.page}" in bronnen


def test_feiten_en_cijfers_carries_the_verevening_tool_result(memo, assistant):
    calls = [c for c in memo.tool_calls if c.name == "verevening_effect"]
    assert calls and calls[0].arguments.get("gemeente") == "Woudenberg"
    expected = run_tool(assistant.corpus.figures, "verevening_effect", calls[0].arguments)
    feiten = _section(memo, FEITEN)
    assert expected.summary in feiten
    assert "993.320" in feiten  # the 2016-2018 total for Woudenberg, computed by the tool
    assert calls[0].result["summary"] == expected.summary
    # Where the figures come from is listed under Bronnen.
    assert "quick-scan-zorguitgaven-regio-amersfoort-2019.pdf, p. 21" in _body(memo, bronnen=True)


def test_tool_figures_of_another_municipality_are_left_out(assistant):
    # The cost-driver table is Hollands Kroon's; a memo on Leusden must not present it.
    memo = assistant.draft_memo("kostenstijging jeugdzorg Leusden")
    assert not memo.refused
    assert all(c.name != "cost_drivers" for c in memo.tool_calls)
    assert "Hollands Kroon" not in _section(memo, FEITEN)


def test_kpi_memo_gets_the_kpi_tool(assistant):
    memo = assistant.draft_memo("KPI's Hollands Kroon")
    assert "kpi_status" in [c.name for c in memo.tool_calls]
    assert "streefwaarde" in _section(memo, FEITEN)


def test_topic_outside_the_documents_is_refused(retriever, corpus):
    for topic in ("ruimtevaartbeleid op Mars", "parkeervergunningen in het centrum"):
        memo = draft_memo(topic, retriever, corpus)
        assert memo.refused, topic
        assert memo.citations == [] and memo.tool_calls == []
        assert REFUSAL in memo.to_markdown()


def test_filters_restrict_the_sources(retriever, assistant):
    memo = draft_memo("budgetplafond", retriever, assistant.corpus, filters=assistant.filters_for(documents=[BEHEER]))
    assert not memo.refused and memo.citations
    assert {c.document for c in memo.citations} == {BEHEER}
    assert any("maximaal" in c.quote for c in memo.citations)


def test_memo_is_deterministic(retriever, corpus):
    first = draft_memo("budgetplafond", retriever, corpus)
    assert draft_memo("budgetplafond", retriever, corpus) == first


def test_topic_words_match_inflections_and_compounds():
    terms = {t.word: t for t in topic_terms("Memo over de kostenstijging bij verevening")}
    assert set(terms) == {"kostenstijging", "verevening"}  # framing and stop words dropped
    assert terms["verevening"].occurs("de risicoverevening in de regio", set())
    assert terms["kostenstijging"].occurs("de stijging van de kosten", set())
    assert not terms["kostenstijging"].occurs("de kosten daalden", set())


def test_plan_memo_tools_fills_in_the_municipality(corpus):
    calls = plan_memo_tools("verevening Woudenberg", corpus.figures, corpus.vocabulary)
    assert any(c.name == "verevening_effect" and c.arguments.get("gemeente") == "Woudenberg" for c in calls)
    assert plan_memo_tools("pleegzorg", corpus.figures, corpus.vocabulary) == []


def test_quotes_do_not_repeat(memo):
    keys = [normalise_for_match(c.quote) for c in memo.citations]
    assert len(keys) == len(set(keys))
