"""Scope end to end, on the shared index (bundled corpus + a slice of ../shared/foreign): a question about a
place, year or quarter the documents do not cover is refused with the reason and what is covered; other
figures are never presented as the answer. Covered and partly covered questions are answered."""

import pytest
from support import FOREIGN_SLICE

from assistant.texts import REFUSAL

pytestmark = pytest.mark.skipif(not FOREIGN_SLICE, reason="../shared/foreign is not available")


def refused_without_figures(answer) -> None:
    assert answer.refused and answer.text.startswith(REFUSAL)
    assert "|" not in answer.text  # no table of other figures
    assert not answer.citations


@pytest.mark.parametrize(("question", "missing", "covered"), [
    ("Wat was het effect van de verevening voor Zeist in 2018?", "Zeist", "Woudenberg"),
    ("Gaat Zeist over de begroting heen?", "Zeist", "2023"),
    ("Welke KPI's haalt Zeist niet?", "Zeist", ""),
    ("Wat was het verschil tussen begroting en verwachting voor de Wmo in 2024?", "2024", "2023"),
    ("Welke KPI's haalde Hollands Kroon niet in Q3 2023?", "Q3 2023", "Q1 2023"),
    ("Wat was het effect van de verevening voor Woudenberg in 2021?", "2021", "2016–2018"),
])
def test_out_of_scope_figures_are_refused_with_reason_and_coverage(assistant, question, missing, covered):
    answer = assistant.ask(question)
    refused_without_figures(answer)
    first = answer.text.split("\n")[0]
    assert f"Voor {missing}" in first
    assert covered in first


def test_a_municipality_of_another_document_set_is_not_answered_with_the_samples_figures(assistant):
    answer = assistant.ask("Wat kost de jeugdzorg per inwoner in Almere?")
    refused_without_figures(answer)
    assert "Almere" in answer.text.split("\n")[0]


def test_a_name_no_document_contains_is_refused_at_once(assistant):
    answer = assistant.ask("Wat zegt het rapport over Zorgbureau Kwadrant?")
    refused_without_figures(answer)
    assert "Zorgbureau Kwadrant komt in geen van de documenten voor" in answer.text


def test_covered_place_and_year_are_answered_with_their_figures(assistant):
    answer = assistant.ask("Wat was het effect van de verevening voor Woudenberg in 2018?")
    assert not answer.refused
    assert "Woudenberg" in answer.text and answer.citations


def test_partly_covered_periods_are_answered_and_say_first_what_is_missing(assistant):
    answer = assistant.ask("Wat was het effect van de verevening voor Woudenberg in 2018 en 2019?")
    assert not answer.refused
    assert answer.text.startswith("_Let op: voor 2019")
    assert "Woudenberg" in answer.text and answer.citations


def test_a_foreign_municipality_is_answered_from_its_own_document(assistant):
    answer = assistant.ask("Wat wil Almere bereiken met de maatschappelijke agenda?")
    assert not answer.refused
    assert {c.document for c in answer.citations} >= {"mun_almere_2024_2034_maatschappelijke_agenda_beleidstekst.pdf"}


def test_a_follow_up_inherits_the_period_and_checks_the_new_place(assistant):
    first = "Wat was het effect van de verevening voor Woudenberg in 2018?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    answer = assistant.ask("En in Zeist?", history=history)
    refused_without_figures(answer)
    assert "Zeist" in answer.text.split("\n")[0]
