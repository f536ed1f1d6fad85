"""Verevening (regional risk equalisation) of the verevende percelen, from the quick scan's Tabel 1.

Amounts are in EUR x 1000, as the table prints the total: amount = share x total of that year.
voor = aandeel_kosten_voor_verevening x totaal (the municipality's own costs);
na = aandeel_kosten_na_verevening x totaal (what it pays after equalisation by the macrobudget key);
verschil = na - voor: positive = nadeel (pays more than its own costs), negative = voordeel.
The shares are printed as whole percentages, so every amount is approximate (up to 0,5% of the total).
Invariant: when the shares after verevening sum to 100%, the amounts after verevening sum to the total and
the differences sum to zero (Tabel 1's printed shares sum to 99% in 2017, which the tool notes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.figures.schema import is_aggregate, period_year
from assistant.numbers import format_dutch_number
from assistant.tools.base import ToolResult, money, require_table, resolve, sources_from

BEFORE, AFTER = "aandeel_kosten_voor_verevening", "aandeel_kosten_na_verevening"
TOTAL, INHABITANTS, INHABITANT_SHARE = "totale_kosten_verevende_percelen", "inwoners", "aandeel_inwoners"
ROUNDING_NOTE = (
    "De aandelen in Tabel 1 zijn afgeronde percentages (hele procenten); de bedragen zijn daardoor "
    "benaderingen (tot circa 0,5% van het totaal per gemeente per jaar)."
)


@dataclass
class Verevening:
    """The verevening figures in a form the calculations use."""

    frame: pd.DataFrame
    years: list[int]
    municipalities: list[str]
    before: dict[tuple[str, int], float] = field(default_factory=dict)  # fractions (0,56)
    after: dict[tuple[str, int], float] = field(default_factory=dict)
    total: dict[int, float] = field(default_factory=dict)  # EUR x 1000
    inhabitants: dict[str, float] = field(default_factory=dict)
    inhabitant_share: dict[str, float] = field(default_factory=dict)


def load(figures: FigureTables) -> Verevening:
    frame = require_table(figures, "verevening", "de verevening")
    data = Verevening(frame, [], [])
    for row in frame.itertuples(index=False):
        year = period_year(row.period)
        if row.measure == TOTAL and year is not None:
            data.total[year] = row.value
        elif is_aggregate(row.subject):
            continue
        elif row.measure in (BEFORE, AFTER) and year is not None:
            (data.before if row.measure == BEFORE else data.after)[(row.subject, year)] = row.value / 100
        elif row.measure == INHABITANTS:
            data.inhabitants[row.subject] = row.value
        elif row.measure == INHABITANT_SHARE:
            data.inhabitant_share[row.subject] = row.value / 100
    data.years = sorted(y for y in data.total if any(k[1] == y for k in data.before))
    data.municipalities = sorted({k[0] for k in data.before})
    if not data.years:
        raise ToolInputError(
            "De verevening-tabel bevat geen jaar met zowel aandelen als het totaal verevende percelen."
        )
    return data


def select(
    data: Verevening,
    gemeente: str | None,
    jaar: int | None,
    vanaf: int | None,
    tot_en_met: int | None,
    notes: list[str],
) -> tuple[list[str], list[int]]:
    """Resolve the municipality and years asked for, or raise ToolInputError listing what exists."""
    municipalities = (
        [resolve(gemeente, data.municipalities, "gemeente", notes)] if gemeente else data.municipalities
    )
    options = ", ".join(map(str, data.years))
    if jaar is not None:
        if jaar not in data.years:
            raise ToolInputError(f"Geen verevening-cijfers voor {jaar}. Beschikbare jaren: {options}.")
        return municipalities, [jaar]
    years = [
        y for y in data.years if (vanaf is None or y >= vanaf) and (tot_en_met is None or y <= tot_en_met)
    ]
    if not years:
        raise ToolInputError(
            f"Geen verevening-cijfers in de gevraagde periode. Beschikbare jaren: {options}."
        )
    asked = set(range(vanaf or years[0], (tot_en_met or years[-1]) + 1))
    if missing := sorted(asked - set(data.years)):
        notes.append(
            f"Geen cijfers voor {', '.join(map(str, missing))}; de periode omvat alleen "
            f"{', '.join(map(str, years))}."
        )
    return municipalities, years


def share_sum_notes(data: Verevening, years: list[int]) -> list[str]:
    notes = []
    for year in years:
        for label, shares in (("voor", data.before), ("na", data.after)):
            total = sum(v for (m, y), v in shares.items() if y == year)
            if abs(total - 1) > 1e-9:
                notes.append(
                    f"In {year} tellen de afgedrukte aandelen {label} verevening op tot "
                    f"{format_dutch_number(total * 100, None, '%')} in plaats van 100%."
                )
    return notes


def period_label(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def effect_label(difference: float) -> str:
    return "nadeel" if difference > 0.005 else "voordeel" if difference < -0.005 else "geen effect"


def used_rows(data: Verevening, municipalities: list[str], years: list[int], measures: tuple[str, ...]):
    frame = data.frame
    periods = [str(y) for y in years]
    own = frame["subject"].isin(municipalities) & frame["measure"].isin(measures)
    own &= frame["period"].isin(periods) | ~frame["measure"].isin((BEFORE, AFTER))
    total = (frame["measure"] == TOTAL) & frame["period"].isin(periods)
    return frame[own | total]


def verevening_effect(
    figures: FigureTables,
    gemeente: str | None = None,
    jaar: int | None = None,
    vanaf: int | None = None,
    tot_en_met: int | None = None,
) -> ToolResult:
    """Amount before and after verevening per municipality and year, and summed over the period."""
    data, notes = load(figures), []
    municipalities, years = select(data, gemeente, jaar, vanaf, tot_en_met, notes)
    rows, totals = [], {}
    for name in municipalities:
        for year in years:
            if (name, year) not in data.before or (name, year) not in data.after:
                notes.append(f"Voor {name} ontbreken aandelen in {year}; dat jaar is overgeslagen.")
                continue
            before = data.before[(name, year)] * data.total[year]
            after = data.after[(name, year)] * data.total[year]
            rows.append(
                {
                    "gemeente": name,
                    "jaar": str(year),
                    "aandeel voor": data.before[(name, year)] * 100,
                    "aandeel na": data.after[(name, year)] * 100,
                    "totaal verevende percelen": data.total[year],
                    "voor verevening": before,
                    "na verevening": after,
                    "verschil": after - before,
                    "effect": effect_label(after - before),
                }
            )
            acc = totals.setdefault(name, [0.0, 0.0])
            acc[0], acc[1] = acc[0] + before, acc[1] + after
        if len(years) > 1 and name in totals:
            before, after = totals[name]
            rows.append(
                {
                    "gemeente": name,
                    "jaar": f"totaal {period_label(years)}",
                    "voor verevening": before,
                    "na verevening": after,
                    "verschil": after - before,
                    "effect": effect_label(after - before),
                }
            )
    if not rows:
        raise ToolInputError("Voor deze selectie zijn geen verevening-aandelen beschikbaar.")
    period = period_label(years)
    effects = {name: acc[1] - acc[0] for name, acc in totals.items()}
    summary = effect_summary(effects, period)
    notes = [
        ROUNDING_NOTE,
        (
            "Verschil = na - voor verevening: positief is nadeel (de gemeente betaalt meer dan haar "
            "eigen kosten), negatief is voordeel. Bedragen in de tabel x € 1.000."
        ),
        *share_sum_notes(data, years),
        *notes,
    ]
    columns = [
        "gemeente",
        "jaar",
        "aandeel voor",
        "aandeel na",
        "totaal verevende percelen",
        "voor verevening",
        "na verevening",
        "verschil",
        "effect",
    ]
    units = {"aandeel voor": "%", "aandeel na": "%"} | {c: "EUR x 1000" for c in columns[4:8]}
    sources = sources_from(used_rows(data, municipalities, years, (BEFORE, AFTER)))
    return ToolResult(
        tool="verevening_effect",
        title=f"Effect van de verevening {period}",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources,
        units=units,
    )


def effect_summary(effects: dict[str, float], period: str) -> str:
    def phrase(name: str, amount: float) -> str:
        return f"{name} {money(abs(amount), 'EUR x 1000')}"

    if len(effects) == 1:
        name, amount = next(iter(effects.items()))
        if abs(amount) < 0.005:
            return f"Voor {name} had de verevening in {period} per saldo geen effect."
        word = "meer" if amount > 0 else "minder"
        return (
            f"Door de verevening betaalde {name} in {period} per saldo circa {money(abs(amount), 'EUR x 1000')} "
            f"(afgerond {format_dutch_number(abs(amount), 0)} x € 1.000) {word} dan de eigen kosten "
            f"({effect_label(amount)})."
        )
    losers = sorted(((n, a) for n, a in effects.items() if a > 0.005), key=lambda x: -x[1])
    winners = sorted(((n, a) for n, a in effects.items() if a < -0.005), key=lambda x: x[1])
    parts = []
    if losers:
        parts.append("nadeel: " + ", ".join(phrase(n, a) for n, a in losers))
    if winners:
        parts.append("voordeel: " + ", ".join(phrase(n, a) for n, a in winners))
    return (
        f"Effect van de verevening {period} per saldo (circa) — " + "; ".join(parts or ["geen effect"]) + "."
    )
