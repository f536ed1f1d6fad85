"""Which questions lean on the previous turn (pure)."""

from __future__ import annotations

import pytest

from assistant.conversation import contextual_query, is_followup

HISTORY = [{"role": "user", "content": "Wat is een budgetplafond?"}, {"role": "assistant", "content": "…"}]


@pytest.mark.parametrize(
    "question",
    ["En in Soest?", "Waarom?", "Wat kost dat per inwoner?", "Welke opties zijn er?",
     "Heeft Leusden daar al iets mee gedaan?", "Hoeveel was dat in die periode?"],
)
def test_follow_ups_are_read_with_the_previous_question(question):
    assert is_followup(question, HISTORY)
    assert contextual_query(question, HISTORY) == f"Wat is een budgetplafond? {question}"


@pytest.mark.parametrize(
    "question",
    ["Welke KPI's halen hun streefwaarde niet?", "Wat is het totale budget voor jeugdzorg in 2023?",
     "Hoeveel klanten heeft het wijkteam?"],
)
def test_self_contained_questions_stand_alone(question):
    assert not is_followup(question, HISTORY)
    assert contextual_query(question, HISTORY) == question


def test_no_history_no_follow_up():
    assert not is_followup("En in Soest?", [])
