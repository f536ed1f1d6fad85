from ingest.clean import (
    clean_text,
    contains_quote,
    normalise_for_match,
    remove_running_lines,
    remove_running_text_lines,
    running_key,
)
from ingest.layout import LayoutLine


def test_line_break_hyphen_is_rejoined():
    assert clean_text("De ver-\nevende percelen") == "De verevende\npercelen" or "verevende" in clean_text(
        "De ver-\nevende percelen"
    )
    assert "Landelijke Inkoop" in clean_text("Landelijke In-\nkoop (LTA)")


def test_compound_hyphen_before_capital_is_kept():
    assert "Jeugd-GGZ" in clean_text("Hoogspecialistische Jeugd-\nGGZ")


def test_hyphen_inside_line_is_not_touched():
    assert clean_text("Opvoed- en Opgroeihulp") == "Opvoed- en Opgroeihulp"


def test_numbers_and_amounts_survive_cleaning():
    text = clean_text("Totaal  € 1.800 en 0,69\tdaling -5,89%\x00")
    for figure in ("€ 1.800", "0,69", "-5,89%"):
        assert figure in text
    assert "\x00" not in text


def test_quote_matching_ignores_whitespace_and_hyphenation():
    assert contains_quote("De ver-\nevende percelen zijn", "verevende  percelen")
    assert not contains_quote("De percelen", "verevende percelen")
    assert normalise_for_match("Jeugd- GGZ") == normalise_for_match("Jeugd-GGZ")


# --- Unicode normalisation ----------------------------------------------------------------------------------

def test_ligatures_become_letters_and_dutch_diacritics_stay():
    assert clean_text("ĳsbaan en de ﬁnanciën van de coöperatie, één keer ﬂink") == (
        "ijsbaan en de financiën van de coöperatie, één keer flink"
    )
    assert clean_text("CO² … e\u0301") == "CO2 ... é"


def test_quote_matching_ignores_ligatures():
    assert contains_quote("Wij werken aan de ĳsbaan", "wij werken aan de ijsbaan")
    assert contains_quote("de ﬁnanciën", "de financiën")


def test_table_cell_tab_is_kept_as_one_tab():
    assert clean_text("Jeugd \t 1.234\t\t2.345") == "Jeugd\t1.234\t2.345"


# --- running headers and footers ----------------------------------------------------------------------------

def page(*lines: tuple[str, float]) -> list[LayoutLine]:
    return [LayoutLine(text, position, 10.0) for text, position in lines]


def report_pages(n: int) -> list[list[LayoutLine]]:
    return [
        page(("Voortgang programma zorglandschap", 0.95), (f"Inhoud van pagina {i}", 0.8),
             ("Gewone tekst die op elke pagina staat maar midden op de pagina.", 0.5),
             (f"Februari 2022 - Pagina {i}", 0.04))
        for i in range(1, n + 1)
    ]


def test_header_and_footer_with_page_number_are_removed_and_returned():
    kept, running, removed = remove_running_lines(report_pages(5))
    assert removed == 10
    assert running == ["Voortgang programma zorglandschap", "Februari 2022 - Pagina 1"]
    assert [line.text for line in kept[2]] == ["Inhoud van pagina 3",
                                               "Gewone tekst die op elke pagina staat maar midden op de pagina."]


def test_repeated_content_in_the_middle_of_pages_stays():
    kept, _, _ = remove_running_lines(report_pages(5))
    assert all(any("midden op de pagina" in line.text for line in p) for p in kept)


def test_a_line_repeated_on_two_pages_is_content():
    pages = [page(("Toelichting", 0.95), ("Tekst een.", 0.5)), page(("Toelichting", 0.95), ("Tekst twee.", 0.5)),
             page(("Conclusie", 0.95), ("Tekst drie.", 0.5)), page(("Bijlage", 0.95), ("Tekst vier.", 0.5))]
    kept, running, removed = remove_running_lines(pages)
    assert removed == 0 and running == [] and kept == pages


def test_needs_half_of_the_pages_and_at_least_three():
    two_of_two = [page(("Kop", 0.95), ("a", 0.5)), page(("Kop", 0.95), ("b", 0.5))]
    assert remove_running_lines(two_of_two)[2] == 0
    three_of_eight = [page(("Kop", 0.95), ("a", 0.5)) if i < 3 else page(("b", 0.5)) for i in range(8)]
    assert remove_running_lines(three_of_eight)[2] == 0
    four_of_eight = [page(("Kop", 0.95), ("a", 0.5)) if i < 4 else page(("b", 0.5)) for i in range(8)]
    assert remove_running_lines(four_of_eight)[2] == 4


def test_page_numbers_arabic_and_roman_are_running():
    pages = [page(("Tekst", 0.5), (str(i), 0.05)) for i in range(1, 5)]
    pages += [page(("Bijlage tekst", 0.5), (r, 0.05)) for r in ("i", "ii", "iii")]
    kept, running, removed = remove_running_lines(pages)
    assert removed == 7 and running == []
    assert all(len(p) == 1 for p in kept)


def test_running_line_must_stay_at_the_same_height():
    pages = [page(("Tekst", 0.5), (str(i), 0.05)) for i in range(1, 6)]
    pages[2].append(LayoutLine("0", 0.10, 10.0))  # a chart axis label in the bottom band
    kept, _, removed = remove_running_lines(pages)
    assert removed == 5 and [line.text for line in kept[2]] == ["Tekst", "0"]


def test_running_key_ignores_numbers_case_and_spacing():
    assert running_key("Pagina 3 van 12") == running_key("pagina  4 van 12") == "pagina # van #"
    assert running_key("xii") == "#"


def test_text_pages_without_positions_use_first_and_last_lines():
    pages = [f"Gemeente Zuidplas\nTekst {i} van het verslag.\nMeer tekst.\nBlad {i}" for i in range(1, 5)]
    kept, running, removed = remove_running_text_lines(pages)
    assert removed == 8 and running == ["Gemeente Zuidplas", "Blad 1"]
    assert kept[0] == "Tekst 1 van het verslag.\nMeer tekst."
