"""Dutch number parsing and formatting (pure, no dependencies beyond the standard library).

Rules of `parse_dutch_number`, as the reports print figures:

- `,` is the decimal separator: "0,69" -> 0.69, "1.234,5" -> 1234.5.
- `.` is a thousands separator when every group after a dot has exactly three digits and the first
  group is 1-3 digits other than "0": "1.800" -> 1800, "31.428" -> 31428, "1.357.840" -> 1357840.
  Otherwise a single `.` is a decimal point, because the KPI report prints deviations that way:
  "7.2" -> 7.2, "+10.29%" -> 10.29, "0.125" -> 0.125. So "1.800" (Dutch) is 1800, never 1.8.
- `€`/`EUR` and `%` are dropped (63% -> 63); a trailing ",-" or ",--" ("€ 50,-") means whole euros.
- A leading `-`, `−` (U+2212), `–` or a doubled "--" (printed as "--10%" in the KPI report) is a minus;
  `+` is allowed; the sign may stand before or after the euro sign ("€ -555.000", "-€ 555.000").
- A leading comparison from a printed target ("< € 1.700", ">80%") is ignored.
- Scale words: "duizend", "K"/"k" (x 1.000), "miljoen"/"mln" (x 1.000.000), "miljard"/"mld"/"mrd" (x 10^9):
  "€ 0,8 miljoen" -> 800000.
Anything else raises `ValueError` with a message that quotes the text.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

_MINUS = "-−–‐‑"
_MINUS_CLASS = r"\-−–‐‑"  # for use inside [...]
_SCALES = {
    "duizend": 3,
    "k": 3,
    "miljoen": 6,
    "mln": 6,
    "mln.": 6,
    "miljard": 9,
    "mld": 9,
    "mld.": 9,
    "mrd": 9,
    "mrd.": 9,
}
_SCALE_RE = "|".join(sorted((re.escape(s) for s in _SCALES), key=len, reverse=True))
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_FULL = re.compile(
    rf"^(?:[<>≤≥]=?)?(?P<s1>[+{_MINUS_CLASS}]*)(?:€|eur)?(?P<s2>[+{_MINUS_CLASS}]*)(?P<num>\d[\d.,]*?)(?:,-{{1,2}})?"
    rf"(?P<scale>{_SCALE_RE})?(?:€|eur|euro)?%?$",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_TOKEN = re.compile(
    rf"(?:(?<=\d[-–])|(?<![\w.,{_MINUS_CLASS}+]))(?:[{_MINUS_CLASS}]{{1,2}}|\+)?(?:€\s?)?[{_MINUS_CLASS}]?\d(?:[\d.,]*\d)?"
    rf"(?:,-)?(?:\s?%|\s?(?:miljoen|mln|miljard|mld|mrd|duizend)\b|[kK]\b)?(?![\w])"
)


def _core(num: str, original: str) -> Decimal:
    """Parse the digits-and-separators part."""
    if "," in num:
        whole, _, frac = num.rpartition(",")
        if "," in whole:
            raise ValueError(f"'{original}' is geen getal: meer dan één decimale komma")
        if not frac.isdigit():
            raise ValueError(f"'{original}' is geen getal: na de decimale komma horen alleen cijfers")
        if "." in whole and not _THOUSANDS.match(whole):
            raise ValueError(
                f"'{original}' is geen getal: duizendtallen moeten per drie cijfers met een punt"
            )
        return Decimal(whole.replace(".", "") + "." + frac)
    if "." in num:
        if _THOUSANDS.match(num):
            return Decimal(num.replace(".", ""))
        if num.count(".") == 1 and num.replace(".", "").isdigit() and not num.endswith("."):
            return Decimal(num)
        raise ValueError(f"'{original}' is geen getal: onduidelijk gebruik van punten")
    if not num.isdigit():
        raise ValueError(f"'{original}' is geen getal")
    return Decimal(num)


def parse_dutch_decimal(text: str) -> Decimal:
    """Like `parse_dutch_number` but exact (Decimal)."""
    if not isinstance(text, str):
        raise TypeError(f"{text!r} is geen tekst")
    compact = _SPACES.sub("", text.strip())
    match = _FULL.match(compact)
    if not compact or not match:
        raise ValueError(f"'{text}' is geen (Nederlands) getal")
    signs = match["s1"] + match["s2"]
    if len(signs) > 2 or ("+" in signs and len(signs) > 1):
        raise ValueError(f"'{text}' is geen getal: onduidelijk teken")
    value = _core(match["num"], text)
    if match["scale"]:
        value = value.scaleb(_SCALES[match["scale"].lower()])
    return -value if signs and signs[0] in _MINUS else value


def parse_dutch_number(text: str) -> float:
    """Parse a number as printed in a Dutch report ("€ 1.800", "0,69", "-5,89%", "€ 0,8 miljoen")."""
    return float(parse_dutch_decimal(text))


def _round(value: float | Decimal, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as the reports do (0,5 rounds away from zero), not banker's rounding."""
    return float(_round(value, decimals))


def format_dutch_number(value: float, decimals: int | None = None, unit: str | None = None) -> str:
    """Format Dutch-style: thousands dot, decimal comma, half-up rounding.

    decimals None: 0 for whole numbers, else up to 2 (trailing zeros dropped).
    unit: "EUR" -> "€ 1.357.840"; "EUR x 1000" -> "€ 1.358 (x € 1.000)"; "%" -> "63%";
    other units are appended after a space ("28 dagen"); "aantal"/"score"/"cijfer" add nothing.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if decimals is None:
        rounded = _round(value, 2)
        text = _group(rounded, 2)
        if "," in text:
            text = text.rstrip("0").rstrip(",")
    else:
        text = _group(_round(value, decimals), decimals)
    if text in ("-0", "-0,0", "-0,00") or re.fullmatch(r"-0,0*", text):
        text = text[1:]
    if not unit or unit in ("aantal", "score", "cijfer"):
        return text
    if unit == "EUR":
        return f"€ {text}"
    if unit == "EUR x 1000":
        return f"€ {text} (x € 1.000)"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def _group(value: Decimal, decimals: int) -> str:
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def extract_numbers(text: str) -> list[tuple[str, float]]:
    """All numbers in a Dutch text, in order, as (printed form, value).

    Section numbers ("1.3.1"), URLs and identifiers are skipped because they do not parse.
    """
    found: list[tuple[str, float]] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        try:
            found.append((token, parse_dutch_number(token)))
        except ValueError:
            continue
    return found


def value_key(value: float) -> str:
    """Canonical string of a value, so "€ 1.358", "1358" and "1.358,0" compare equal."""
    d = _round(value, 6).normalize()
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    return format(d, "f")


def number_forms(text: str) -> set[str]:
    """Canonical value keys of all numbers in a text, signed and unsigned.

    Unsigned forms are included because an answer says "een voordeel van € 339.000" where a tool
    returns -339.000. Scaling such as "x € 1.000" is not applied.
    """
    keys: set[str] = set()
    for _, value in extract_numbers(text):
        keys.add(value_key(value))
        keys.add(value_key(abs(value)))
    return keys
