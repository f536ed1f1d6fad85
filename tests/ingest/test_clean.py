from ingest.clean import clean_text, contains_quote, normalise_for_match


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
