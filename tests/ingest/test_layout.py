"""Layout: text runs -> lines (superscript note markers) and lines -> blocks (`join_lines`)."""

from __future__ import annotations

from ingest.layout import (
    LayoutLine,
    TextRun,
    body_size,
    ends_sentence,
    is_heading,
    is_list_item,
    is_marker,
    is_table_row,
    join_lines,
    layout_lines,
    typical_width,
)


def run(text: str, size: float = 10.0, y: float = 700.0) -> TextRun:
    return TextRun(text=text, size=size, x=0.0, y=y)


# --- superscript markers ------------------------------------------------------------------------------------

def test_roman_endnote_marker_is_split_off_the_word():
    runs = [run("en gaat uit van vertrouwen"), run("viii", 6.5, 703.0), run(", zonder dat dit leidt")]
    lines, split = layout_lines(runs)
    assert [line.text for line in lines] == ["en gaat uit van vertrouwen viii, zonder dat dit leidt"]
    assert split == 1


def test_marker_after_punctuation_and_digit_marker_before_a_word():
    runs = [run("in alles het uitgangspunt."), run("vii", 6.5, 703.0), run(" Het contact"), run("\n"),
            run("lokale teams", y=680.0), run("5", 6.5, 683.0), run("van de gemeente", y=680.0)]
    lines, split = layout_lines(runs)
    assert [line.text for line in lines] == ["in alles het uitgangspunt. vii Het contact",
                                             "lokale teams 5 van de gemeente"]
    assert split == 2


def test_nothing_is_deleted_only_spaces_inserted():
    runs = [run("Verenigingsstrategie"), run("iii", 6.5, 703.0), run(" met zijn")]
    lines, _ = layout_lines(runs)
    assert lines[0].text.replace(" ", "") == "".join(r.text for r in runs).replace(" ", "")


def test_same_size_or_lowered_or_separate_runs_are_not_markers():
    same_size = [run("artikel"), run("12", 10.0, 703.0)]
    lowered = [run("CO"), run("2", 6.5, 697.0)]  # a subscript
    spaced = [run("Verenigingsvisie 2030 "), run("ii", 6.5, 703.0)]
    assert layout_lines(same_size)[1] == 0
    assert layout_lines(lowered)[1] == 0
    lines, split = layout_lines(spaced)
    assert split == 0 and lines[0].text == "Verenigingsvisie 2030 ii"


def test_only_marker_like_text_is_split():
    assert not is_marker(run("e", 6.5, 703.0), run("1"), 10.0)  # "1e druk": an ordinal, not a note
    assert not is_marker(run("zie bijlage", 6.5, 703.0), run("tekst"), 10.0)
    assert is_marker(run("12", 6.5, 703.0), run("tekst"), 10.0)
    assert is_marker(run("xiv", 6.5, 703.0), run("tekst"), 10.0)


def test_unit_exponent_is_not_split():
    lines, split = layout_lines([run("een oppervlak van 40 m"), run("2", 6.5, 703.0), run(" per woning")])
    assert split == 0 and lines[0].text == "een oppervlak van 40 m2 per woning"


def test_lines_carry_position_and_largest_size():
    runs = [run("Titel van het rapport", 24.0, 700.0), run("\n"), run("Voetregel", 8.0, 40.0)]
    lines, _ = layout_lines(runs, page_bottom=0.0, page_height=800.0)
    assert lines == [LayoutLine("Titel van het rapport", 700.0 / 800.0, 24.0), LayoutLine("Voetregel", 0.05, 8.0)]


def test_body_size_is_the_character_weighted_mode():
    assert body_size([run("a" * 100, 10.0), run("Kop", 20.0), run("1", 6.5)]) == 10.0
    assert body_size([]) is None


# --- join_lines ---------------------------------------------------------------------------------------------

WIDE = [
    "De gemeente werkt in de regio samen met de buurgemeenten en de provincie, en met de gemeente",
    "Lelystad en de zorgaanbieders aan een nieuw plan voor de komende jaren in het sociaal domein zelf.",
]


def test_wrapped_line_continues_before_a_capitalised_name():
    assert join_lines(WIDE) == [" ".join(WIDE)]


def test_wrapped_line_continues_before_a_number_or_amount():
    lines = ["Voor de uitvoering van het plan stelt de gemeenteraad in de komende jaren een bedrag van €",
             "2,5 miljoen in 2024 en 3,1 miljoen in 2025 en 3,4 miljoen in 2026 beschikbaar aan de regio.",
             "Dat is meer dan in de vorige periode, toen de raad minder geld beschikbaar had voor dit werk."]
    blocks = join_lines(lines)
    assert blocks[0] == lines[0] + " " + lines[1]
    assert blocks[1] == lines[2]


def test_full_width_line_continues_before_a_year():
    lines = ["De transformatie van de jeugdzorg in de regio is volgens het college van burgemeester en",
             "2024 een belangrijk jaar geweest voor de samenwerking met de aanbieders van jeugdhulp in de regio."]
    assert join_lines(lines) == [" ".join(lines)]


def test_heading_followed_by_text_keeps_its_own_block():
    lines = ["Inleiding", "Dit document beschrijft de voortgang van het programma in de gemeente en de regio.",
             "3.2 De verschillen in zorgkosten", "De totale kosten van Verblijf Jeugd zijn in 2016-2017 gestegen."]
    assert join_lines(lines) == lines


def test_caps_heading_and_numbered_heading_are_blocks():
    lines = ["DICHTBIJ", "1.1.2 Versterken opdrachtgeverschap", "Een eenvoudig systeem met de inwoner centraal."]
    assert join_lines(lines) == lines


def test_list_items_keep_their_own_line_and_take_their_wrapped_continuation():
    lines = ["Het gaat om de volgende zes percelen:",
             "• Dit kader gaat zowel over het proces van toegang naar advies, ondersteuning, hulp en zorg",
             "vanuit de verschillende wetten als over de bredere taken van lokale teams in de gemeente.",
             "• De toegangsfunctie gaat over de wijze waarop inwoners contact zoeken.",
             "- kort punt", "a) eerste", "b. tweede", "1. essentiële functies jeugd", "2) tweede", "o derde"]
    assert join_lines(lines) == [lines[0], lines[1] + " " + lines[2], *lines[3:]]


def test_a_heading_under_a_full_width_list_item_is_not_its_wrap():
    lines = ["• Optie 2: het beschikbare budget voor bepaalde onderwerpen in de gemeente en de regio verlagen",
             "Voor- en nadelen",
             "Het verlagen van het subsidiebudget is een makkelijke manier om snel een kostenbesparing te halen.",
             "• Optie 3: de subsidie voor alle partners met een vast percentage van hun budget in de regio",
             "Zwolle en de omliggende gemeenten verlagen, zodat elke partner naar rato bijdraagt aan het tekort."]
    assert join_lines(lines) == [lines[0], lines[1], lines[2], lines[3] + " " + lines[4]]


def test_table_rows_are_blocks_of_their_own():
    lines = ["Tabel 1 Kosten per perceel", "Perceel 2016 2017 2018", "Verblijf Jeugd 1.234 2.345 3.456",
             "Crisiszorg 12 14 16", "Bron: eigen berekening."]
    assert join_lines(lines) == lines


def test_blank_line_and_short_sentence_end_close_a_paragraph():
    lines = ["Dit is de laatste regel van de alinea.", "Nieuwe alinea die begint met een hoofdletter en", "",
             "doorloopt na een witregel."]
    assert join_lines(lines) == [lines[0], lines[1], lines[3]]


def test_short_line_without_punctuation_before_lowercase_is_a_ragged_wrap():
    assert join_lines(["De kosten", "stijgen snel."]) == ["De kosten stijgen snel."]
    assert join_lines(["Kosten Jeugd", "Stijgen snel."]) == ["Kosten Jeugd", "Stijgen snel."]


def test_colon_lead_in_continues_in_lower_case_but_not_before_a_capital():
    assert join_lines(["Het gezamenlijke uitgangspunt is:", "er vroeg bij zijn."]) == [
        "Het gezamenlijke uitgangspunt is: er vroeg bij zijn."]
    assert join_lines(["Wij doen het volgende:", "Eerst luisteren."]) == ["Wij doen het volgende:", "Eerst luisteren."]


def test_abbreviation_at_line_end_is_not_a_sentence_end():
    assert join_lines(["Zie o.a.", "de bijlage bij dit voorstel."]) == ["Zie o.a. de bijlage bij dit voorstel."]
    assert not ends_sentence("zoals bijv.") and ends_sentence("Dat is zo.") and ends_sentence("als volgt:")


def test_table_of_contents_lines_stay_apart():
    lines = ["1. Toelichting op dit document ........................ 2",
             "2. Stakeholders ........................................ 4"]
    assert join_lines(lines) == lines


def test_drop_in_for_chunker_joining():
    lines = [*WIDE, "", "• punt een", "• punt twee"]
    assert "\n".join(join_lines(lines)) == " ".join(WIDE) + "\n• punt een\n• punt twee"
    assert join_lines([]) == [] and join_lines(["", "  "]) == []


def test_predicates():
    assert is_list_item("• punt") and is_list_item("a) punt") and not is_list_item("Artikel 3")
    assert is_table_row("Jeugd 1.234 2.345 3.456") and not is_table_row("In 2019 en 2020 stegen de kosten.")
    assert is_heading("4.2 Kosten per perceel") and is_heading("INTEGRAAL GAAN WERKEN")
    assert not is_heading("4.2 miljoen euro, en meer;")
    assert typical_width(["x" * 80] * 10) == 80 and typical_width(["kort"]) == 70
