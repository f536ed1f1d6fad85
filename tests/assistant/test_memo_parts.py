"""The memo's pure parts on texts written here: catalogue measures with their pros and cons, options under a
heading or lead-in, and the check that catches an uncited number or a misquote."""

import pandas as pd

from assistant.memo.check import check_memo
from assistant.memo.options import (
    Quote,
    catalogue_options,
    heading_options,
    list_options,
    recommendation_options,
)
from assistant.memo.topic import topic_terms
from assistant.models import Citation, Memo, MemoSection

DOC = "catalogus.pdf"
PAGES = [
    (1, "Overzicht\nBudgetplafond Wachtlijstbeheer\nIntegrale toegang"),
    (2, ("Budgetplafond\nOmschrijving\nEen maximaal budget per aanbieder per jaar.\nVoor- en nadelen\n"
        "Deze maatregel geeft zekerheid over de kosten, maar kan tot wachtlijsten leiden bij aanbieders.\n"
        "Wachtlijstbeheer\nOmschrijving\nWachttijden worden centraal bijgehouden en wekelijks besproken.\n"
        "Voor- en nadelen\nHet voordeel is dat de gemeente precies weet hoe lang inwoners op")),
    (3, ("hulp wachten en waar de knelpunten in de toegang zitten.\nIntegrale toegang\nOmschrijving\n"
        "Eén loket voor alle vragen.")),
]
CATALOGUE = pd.DataFrame([
    {"table": "maatregelen", "measure": "Budgetplafond", "pillar": "Inkoop", "document": DOC, "page": 1},
    {"table": "maatregelen", "measure": "Wachtlijstbeheer", "pillar": "Toegang", "document": DOC, "page": 1},
    {"table": "maatregelen", "measure": "Integrale toegang", "pillar": "Toegang", "document": DOC, "page": 1},
])


def test_catalogue_measures_that_match_the_topic_come_with_their_pros_and_cons():
    options = catalogue_options(CATALOGUE, topic_terms("wachttijden"), {DOC}, lambda d: PAGES)
    assert [o.item.text for o in options] == ["Wachtlijstbeheer"]  # described with the topic's word
    effect = options[0].effect
    # the sentence runs over the page break: one quote per page
    assert [(q.page, q.text) for q in effect] == [
        (2, "Het voordeel is dat de gemeente precies weet hoe lang inwoners op"),
        (3, "hulp wachten en waar de knelpunten in de toegang zitten.")]
    assert options[0].pillar == "Toegang" and options[0].item.page == 2


def test_all_measures_when_the_topic_asks_for_measures():
    options = catalogue_options(CATALOGUE, topic_terms("kosten"), {DOC}, lambda d: PAGES, any_measure=True)
    assert {o.item.text for o in options} == {"Budgetplafond", "Wachtlijstbeheer", "Integrale toegang"}
    budget = next(o for o in options if o.item.text == "Budgetplafond")
    assert budget.effect[0].text.startswith("Deze maatregel geeft zekerheid")
    assert catalogue_options(CATALOGUE, topic_terms("kosten"), {"ander.pdf"}, lambda d: PAGES) == []


def test_sentences_under_a_recommendations_heading():
    pages = [(4, ("Aanbevelingen\nDe gemeente richt een centraal meldpunt in voor alle wachtlijsten in de regio.\n"
                 "Dit rapport beschrijft verder de werkwijze van de onderzoekers in detail.")),
             (5, "Bijlage\nDe tabel toont alle cijfers over de wachttijden per aanbieder in de regio.")]
    options = heading_options("r.pdf", pages, topic_terms("wachtlijsten"), set())
    assert [o.item.text for o in options] == [
        "De gemeente richt een centraal meldpunt in voor alle wachtlijsten in de regio."]


def test_list_items_under_an_options_lead_in_only():
    pages = {"p.pdf": {7: ["De maatregelen voor de wachttijden zijn:", "• extra capaciteit in de toegang",
                           "• een wekelijkse wachtlijstcontrole", "De cijfers over wachttijden zijn:",
                           "• Q1: 12 weken", "• Q2: 9 weken"]}}
    leads = [Quote("p.pdf", 7, pages["p.pdf"][7][0]), Quote("p.pdf", 7, pages["p.pdf"][7][3])]
    options = list_options(leads, pages, topic_terms("wachttijden"), set())
    assert [o.item.text for o in options] == ["extra capaciteit in de toegang", "een wekelijkse wachtlijstcontrole"]


def test_recommendations_but_not_concessions_or_self_descriptions():
    quotes = [Quote("a.pdf", 1, t) for t in (
        "Wij adviseren de gemeenten om de toegang gezamenlijk in te richten.",
        "Hoewel monitoring zou kunnen helpen, is het effect beperkt gebleken in de regio.",
        "Hierna gaan we meer in detail in op de oorzaken van de kostenontwikkeling.")]
    assert [o.item.text for o in recommendation_options(quotes)] == [quotes[0].text]


def _memo(line: str, quote: str) -> Memo:
    sections = [MemoSection(title=t, paragraphs=[line if t == "Feiten en cijfers" else "x [1]"])
                for t in ("Aanleiding", "Kern", "Feiten en cijfers", "Opties/maatregelen", "Bronnen")]
    return Memo(topic="t", sections=sections,
                citations=[Citation(n=1, doc_id="d", document="d.pdf", title="D", page=1, quote=quote)])


def test_check_catches_an_uncited_number_and_a_misquote():
    page = "De kosten stegen in 2023 tot € 4,2 miljoen."
    good = check_memo(_memo("De kosten stegen in 2023 tot € 4,2 miljoen. [1]", page), lambda d, p: page)
    assert good.uncited == [] and good.misquoted == []
    wrong = check_memo(_memo("De kosten stegen in 2023 tot € 5,1 miljoen. [1]", page), lambda d, p: page)
    assert any("5,1" in u for u in wrong.uncited)
    bare = check_memo(_memo("De kosten stegen tot € 4,2 miljoen.", page), lambda d, p: page)
    assert bare.uncited  # a number without any marker
    moved = check_memo(_memo("x [1]", "Een zin die niet op de pagina staat."), lambda d, p: page)
    assert moved.misquoted
