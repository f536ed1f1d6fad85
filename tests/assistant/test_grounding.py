"""The grounding check: numbers must come from cited passages or tool results; markers must point to citations."""

from __future__ import annotations

from assistant.grounding import INVALID_MARKER_NOTE, UNSUPPORTED_MARK, UNSUPPORTED_NOTE, apply_grounding

PASSAGE = "De totale kosten stegen met circa 8% (van € 31,4 miljoen naar bijna € 34 miljoen)."


def test_numbers_from_the_cited_passage_pass():
    text, g = apply_grounding("De kosten stegen met 8%, van € 31,4 miljoen naar € 34 miljoen [1].", {1: PASSAGE})
    assert g.ok and g.checked_numbers == 3
    assert UNSUPPORTED_NOTE not in text


def test_unsupported_number_is_marked_and_reported():
    text, g = apply_grounding("De kosten stegen met 12% [1].", {1: PASSAGE})
    assert g.unsupported_numbers == ["12%"]
    assert f"12%{UNSUPPORTED_MARK}" in text and UNSUPPORTED_NOTE in text


def test_number_in_an_uncited_passage_does_not_count():
    _, g = apply_grounding("De kosten stegen met 8%.", {2: "Iets anders zonder dat getal."})
    assert g.unsupported_numbers == ["8%"]


def test_tool_results_support_numbers_and_their_rounded_forms():
    result = {"rows": [{"verschil": 1357.84}], "summary": "circa € 1.357.840"}
    _, g = apply_grounding("Amersfoort betaalde circa 1.358 (x € 1.000) meer, ofwel € 1,36 miljoen.", {}, [result])
    assert g.ok, g
    _, bad = apply_grounding("Amersfoort betaalde € 2 miljoen meer.", {}, [result])
    assert bad.unsupported_numbers == ["€ 2 miljoen"]


def test_rounding_must_stay_close():
    _, g = apply_grounding("Bunschoten scoort 1.", {1: "Bunschoten 0,69"})
    assert g.unsupported_numbers == ["1"]


def test_question_numbers_are_not_claims():
    _, g = apply_grounding("KPI 10 haalt zijn doel niet [1].", {1: "Samenwerking in de keten"}, question="Haalt KPI 10?")
    assert g.ok


def test_marker_without_citation_is_removed():
    text, g = apply_grounding("Het staat in het rapport [1] en elders [7].", {1: "Het staat in het rapport."})
    assert g.invalid_markers == [7]
    assert "[7]" not in text and "[1]" in text and INVALID_MARKER_NOTE in text
