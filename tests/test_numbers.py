"""Dutch number parsing and formatting (assistant.numbers)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.numbers import (
    extract_numbers,
    format_dutch_number,
    number_forms,
    parse_dutch_number,
    round_half_up,
    value_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€ 1.800", 1800),
        ("1.800", 1800),
        ("0,69", 0.69),
        ("-5,89%", -5.89),
        ("−5,89%", -5.89),
        ("--10%", -10),
        ("--28.33%", -28.33),
        ("+4.75%", 4.75),
        ("€ 0,8 miljoen", 800_000),
        ("€ 1,2 mld", 1_200_000_000),
        ("€ 1,2 miljard", 1_200_000_000),
        ("12,4 miljoen", 12_400_000),
        ("31.428", 31428),
        ("1070", 1070),
        ("7.2", 7.2),
        ("7,20", 7.2),
        ("63%", 63),
        ("€ 11.364.000", 11_364_000),
        ("€ -555.000", -555_000),
        ("-€ 555.000", -555_000),
        ("€215.000", 215_000),
        ("190K", 190_000),
        ("< € 1.700", 1700),
        (">80%", 80),
        ("€ 50,-", 50),
        ("1.234,56", 1234.56),
        ("0.125", 0.125),
        ("\u00a0€\u00a01.800 ", 1800),
        ("€ 2 miljoen", 2_000_000),
        ("0", 0),
    ],
)
def test_parses_report_numbers(text, expected):
    assert parse_dutch_number(text) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_dot_with_three_digits_is_a_thousands_separator():
    # The documented rule for the ambiguous case: "1.800" is Dutch for 1800, "7.2" is a decimal point.
    assert parse_dutch_number("1.800") == 1800
    assert parse_dutch_number("1.80") == 1.8
    assert parse_dutch_number("10.29") == 10.29


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1.3.1",
        "1,2,3",
        "12.34.567",
        "--",
        "€",
        "1..2",
        "+-3",
        "0.800.000",
        "1,800.5",
        "5 appels",
        "1.2.3,4",
        "€ 1.800 en 2",
    ],
)
def test_rejects_non_numbers_with_the_text_in_the_message(text):
    with pytest.raises(ValueError, match="getal") as info:
        parse_dutch_number(text)
    assert repr(text)[1:-1] in str(info.value) or text.strip() == ""


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        parse_dutch_number(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (1_357_840, None, "EUR", "€ 1.357.840"),
        (63, None, "%", "63%"),
        (0.69, None, None, "0,69"),
        (1357.84, 0, None, "1.358"),
        (-339.46, 0, None, "-339"),
        (12.5, 0, None, "13"),
        (-0.4, 0, None, "0"),
        (7.2, None, None, "7,2"),
        (7.2, 2, "cijfer", "7,20"),
        (28, None, "dagen", "28 dagen"),
        (1357.84, 0, "EUR x 1000", "€ 1.358 (x € 1.000)"),
        (-555_000, None, "EUR", "€ -555.000"),
        (float("nan"), None, None, "-"),
    ],
)
def test_formats_dutch_style(value, decimals, unit, expected):
    assert format_dutch_number(value, decimals, unit) == expected


def test_rounds_half_up_like_the_reports():
    assert round_half_up(12.5) == 13  # Woudenberg's SES decline 12,5% is printed as 13%
    assert round_half_up(-12.5) == -13
    assert round_half_up(0.125, 2) == 0.13


def test_extract_numbers_finds_amounts_percentages_and_ranges():
    text = (
        "De nadeelgemeenten zijn Amersfoort (2015-2018, circa € 2 miljoen); KPI 10: 7,20 Doel: >8 --10%. "
        "Zie paragraaf 1.3.1 en https://example.org/x229ea4d2 en € 1.357.840."
    )
    found = extract_numbers(text)
    values = [v for _, v in found]
    assert values[:4] == [2015, 2018, 2_000_000, 10]
    assert 7.2 in values and -10 in values and 1_357_840 in values
    assert all(v != 1.3 for v in values)  # section numbers are not numbers
    assert ("€ 2 miljoen", 2_000_000) in found


def test_number_forms_compare_by_value():
    answer = number_forms(
        "Amersfoort betaalde € 1.358 (x € 1.000) meer; Woudenberg had een voordeel van 339."
    )
    tool = number_forms("verschil 1358 en -339,46 afgerond -339")
    assert value_key(1358.0) == value_key(parse_dutch_number("1.358")) == "1358"
    assert {"1358", "339"} <= answer & tool
    assert value_key(parse_dutch_number("€ 1.358.000")) == "1358000"
    assert "-339" in tool  # signed forms are kept too


# --- properties -------------------------------------------------------------------------------------

amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_format_then_parse_round_trips(value):
    for unit in (None, "EUR", "%"):
        text = format_dutch_number(float(value), 2, unit)
        assert parse_dutch_number(text) == pytest.approx(float(value), abs=1e-6)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_with_thousand_dots_round_trip(value):
    text = format_dutch_number(value, 0, "EUR")
    assert parse_dutch_number(text) == value
    assert value_key(parse_dutch_number(text)) == value_key(value)


@given(st.text(max_size=30))
def test_parser_only_raises_value_error(text):
    try:
        result = parse_dutch_number(text)
    except ValueError:
        return
    assert math.isfinite(result)


@given(st.lists(amounts, min_size=1, max_size=5))
def test_extract_numbers_finds_formatted_amounts_in_prose(values):
    text = " en ".join(f"een bedrag van {format_dutch_number(float(v), 2, 'EUR')}" for v in values)
    assert [v for _, v in extract_numbers(text)] == pytest.approx([float(v) for v in values], abs=1e-6)
