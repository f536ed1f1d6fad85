"""What a question names: periods, proper names (not sentence starters or document parts), acronyms."""

import pytest

from assistant.names import acronyms, period_years, periods, proper_names


@pytest.mark.parametrize(("text", "expected"), [
    ("Wat was het effect in 2018?", ["2018"]),
    ("Hoeveel in Q3 2023 en in 2024?", ["2023-Q3", "2024"]),
    ("in het derde kwartaal van 2023", ["2023-Q3"]),
    ("2023 Q1 rapportage", ["2023-Q1"]),
    ("de periode 2016 t/m 2018", ["2016-2018"]),
    ("agenda 2024-2034", ["2024-2034"]),
    ("tweede helft (H2 2022)", ["2022-H2"]),
    ("een bedrag van 2.018 euro en 12,2020 procent", []),
    ("van 2014 tot 2017 en in 2019", ["2014-2017", "2019"]),
])
def test_periods(text, expected):
    assert periods(text) == expected


def test_period_years_spans_ranges():
    assert period_years("2016-2018") == [2016, 2017, 2018]
    assert period_years("2023-Q1") == [2023]
    assert period_years("") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Wat kost de jeugdzorg per inwoner in Zoetermeer?", ["Zoetermeer"]),
    ("Welke afspraken maakt Gemeente Alphen aan den Rijn met de GGD Hollands Noorden?",
     ["Alphen aan den Rijn", "GGD Hollands Noorden"]),
    ("Wat staat er in Tabel 3 over de Wmo?", ["Wmo"]),
    ("Hoe scoort de eigen regie bij Jeugd in vergelijking met Wmo?", ["Jeugd", "Wmo"]),
    ("Wat doet Stichting Van Dam & Oosterbaan?", ["Stichting Van Dam & Oosterbaan"]),
    ("Welke aanbevelingen deed het Nederlands Jeugdinstituut (NJi)?", ["Nederlands Jeugdinstituut", "NJi"]),
])
def test_proper_names_skip_sentence_starts_and_document_parts(text, expected):
    assert proper_names(text) == expected


def test_acronyms():
    assert acronyms("De POH-GGZ en de BSA werken met KPI's en Q1 cijfers.") == ["POH-GGZ", "BSA", "KPI", "Q1"]
