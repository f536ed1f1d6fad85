"""Text answers end to end: lists from the document's structure, definitions, a sentence cut by a page break,
reported speech, comparisons, English questions and elliptic follow-ups. A municipality's own evaluation (written
here as a real two-page PDF) is uploaded into a fresh index; the shared index (sample + foreign slice) serves the
questions on real reports. Every answer is checked for traceability: each quote is on its cited page."""

from __future__ import annotations

import re

import pytest
from support import GGD, make_pdf, make_settings

from assistant.text import contains_quote
from ingest.pdf import load_pages

REPORT = "evaluatie-wijkteams-zutphen-2023.pdf"
PAGE_1 = [
    "Evaluatie wijkteams Zutphen 2023",
    "Het sociaal wijkteam (SWT) is het team van generalisten dat inwoners van Zutphen helpt bij vragen over",
    "zorg, werk en opvoeden.",
    "Het wijkteam richt zich op vier taken:",
    "- vragen van inwoners beantwoorden",
    "- lichte ondersteuning zelf bieden",
    "- doorverwijzen naar specialistische zorg",
    "- signalen over schulden oppakken",
    "Het wijkteam jeugd werkt vanuit het consultatiebureau en begeleidt gezinnen met opvoedvragen.",
    "Het wijkteam volwassenen werkt vanuit het gemeentehuis en begeleidt inwoners met schulden of eenzaamheid.",
    "De gemiddelde wachttijd voor een eerste gesprek met het wijkteam daalde in 2023 van zes weken naar",
]
PAGE_2 = [
    "drie weken, zo blijkt uit de registratie van de gemeente.",
    "Respondenten geven aan dat de wijkcoaches goed bereikbaar zijn maar soms te weinig tijd hebben.",
    "Het aantal meldingen bij het wijkteam steeg van 1.240 in 2022 naar 1.410 in 2023.",
]


def report(path):
    pages = [[(72, 780 - 18 * i, 10, line) for i, line in enumerate(lines)] for lines in (PAGE_1, PAGE_2)]
    return make_pdf(path, pages)


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, embeddings):
    from assistant.service import build_assistant

    tmp = tmp_path_factory.mktemp("wijkteams")
    assistant = build_assistant(make_settings(tmp / "data"), embeddings=embeddings)
    source = report(tmp / REPORT)
    saved = assistant.save_upload(source.name, source.read_bytes())
    assert assistant.add_uploads([saved]).ok
    pages = [p.text for p in load_pages(source)]
    return assistant, pages


def traceable(answer, pages):
    assert answer.citations and not answer.refused, answer.text
    for c in answer.citations:
        assert contains_quote(pages[c.page - 1], c.quote), (c.page, c.quote)
        assert f"[{c.n}]" in answer.text


def test_list_gives_the_items_under_the_lead_in_each_cited(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("Welke taken heeft het wijkteam in Zutphen?")
    traceable(answer, pages)
    for item in ("vragen van inwoners beantwoorden", "lichte ondersteuning zelf bieden",
                 "doorverwijzen naar specialistische zorg", "signalen over schulden oppakken"):
        line = next(line for line in answer.text.splitlines() if item in line)
        assert "[" in line, line  # each item carries its own citation


def test_definition_quotes_the_sentence_that_spells_out_the_abbreviation(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("Wat is het SWT?")
    traceable(answer, pages)
    first = answer.text.split("[")[0]
    assert "sociaal wijkteam (SWT) is het team van generalisten" in first


def test_sentence_cut_by_the_page_break_is_whole_and_cited_on_both_pages(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("Hoe lang was de wachttijd voor een eerste gesprek met het wijkteam in 2023?")
    traceable(answer, pages)
    # one sentence, its part on each page cited there: "... van zes weken naar [2] drie weken, ... [3]"
    assert "van zes weken naar drie weken" in " ".join(re.sub(r"\[\d+\]", "", answer.text).split())
    assert {1, 2} <= {c.page for c in answer.citations}


def test_what_respondents_said_is_marked_as_reported_speech(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("Hoe bereikbaar zijn de wijkcoaches in Zutphen?")
    traceable(answer, pages)
    line = next(line for line in answer.text.splitlines() if "goed bereikbaar" in line)
    assert "geïnterviewden" in line


def test_comparison_shows_both_sides(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("Wat is het verschil tussen het wijkteam jeugd en het wijkteam volwassenen?")
    traceable(answer, pages)
    assert "consultatiebureau" in answer.text and "gemeentehuis" in answer.text


def test_english_question_on_a_dutch_report(uploaded):
    assistant, pages = uploaded
    answer = assistant.ask("How many reports did the neighbourhood team in Zutphen receive in 2023?")
    traceable(answer, pages)
    assert "1.410" in answer.text


def test_list_on_a_foreign_budget(assistant):
    answer = assistant.ask("Wat zijn de speerpunten van de GGD Flevoland in de begroting 2026?")
    assert not answer.refused
    items = [line for line in answer.text.splitlines() if line.startswith("- ")]
    for name in ("Versterken jeugd en gezin", "Gezond leven", "Acute zorg en crisis"):
        assert any(name in line and "[" in line for line in items), answer.text
    assert all(c.document == GGD for c in answer.citations)
    assert not any("Meerjarenbeleidsplan" in line for line in items)  # a footnote is no speerpunt


def test_elliptic_followup_inherits_the_question_and_says_how_it_was_read(assistant):
    first = "Wat was het effect van de verevening voor Woudenberg in 2018?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    answer = assistant.ask("En voor Baarn?", history=history)
    assert answer.text.startswith("_Vraag gelezen als:")
    assert "Baarn" in answer.text.splitlines()[0] and "2018" in answer.text.splitlines()[0]
    assert answer.tool_calls and answer.tool_calls[0].arguments.get("gemeente") == "Baarn"
