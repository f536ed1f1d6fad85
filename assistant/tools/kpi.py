"""KPI status: realisation against target, using the quarterly report's own deviation convention.

For a '>' target (higher is better): afwijking = (realisatie - streefwaarde) / streefwaarde.
For a '<' target (lower is better):  afwijking = (streefwaarde - realisatie) / streefwaarde.
Positive = better than the target. A KPI is 'gehaald' when the realisation is at least (>) or at most (<)
the target. The report computes its printed deviation from unrounded scores, so the tool also gives the
range the deviation can have given the rounding of the printed realisation ("79%" is 78,5-79,5%) and
checks the printed deviation against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.numbers import format_dutch_number
from assistant.tools.base import ToolResult, decimals_of, pct, resolve, sources_from, with_unit

TABLES = ("kpi", "wachttijden")
ACTUAL, TARGET, DEVIATION = ("realisatie", "wachttijd"), ("streefwaarde", "norm"), "afwijking"


def deviation(actual: float, target: float, direction: str) -> float:
    """Relative deviation in % by the report's convention (positive = better than target)."""
    if direction == ">":
        return (actual - target) / target * 100
    return (target - actual) / target * 100


def deviation_range(actual: float, target: float, direction: str, half_step: float) -> tuple[float, float]:
    ends = (
        deviation(actual - half_step, target, direction),
        deviation(actual + half_step, target, direction),
    )
    return min(ends), max(ends)


def is_met(actual: float, target: float, direction: str) -> bool:
    return actual >= target if direction == ">" else actual <= target


@dataclass
class Kpi:
    label: str
    number: str
    subject: str
    group: str
    period: str
    actual: pd.Series
    target: pd.Series | None
    printed_deviation: pd.Series | None
    rows: pd.DataFrame


def collect(figures: FigureTables) -> list[Kpi]:
    frame = figures.figures[figures.figures["table"].isin(TABLES)]
    if frame.empty:
        raise ToolInputError(
            "Er zijn geen KPI-cijfers geladen (tabel 'kpi' ontbreekt in de cijferbestanden)."
        )
    items = []
    for (table, subject, group, period), rows in frame.groupby(
        ["table", "subject", "group", "period"], sort=False
    ):

        def first(measures, rows=rows):
            hit = rows[rows["measure"].isin(measures if isinstance(measures, tuple) else (measures,))]
            return hit.iloc[0] if len(hit) else None

        actual = first(ACTUAL)
        if actual is None:
            continue
        number = next((m[1] for n in rows["note"] if (m := re.match(r"\s*(KPI\s*\d+)", str(n)))), "")
        if not number and re.match(r"KPI\s*\d+$", group):
            number = group
        name = f"Wachttijd {subject}" if table == "wachttijden" else subject
        label = name + (f" – {group}" if group and group != number else "")
        items.append(
            Kpi(
                label,
                re.sub(r"\s+", " ", number),
                subject,
                group,
                period,
                actual,
                first(TARGET),
                first(DEVIATION),
                rows,
            )
        )
    return items


def select(
    items: list[Kpi], kpi: str | None, groep: str | None, periode: str | None, notes: list[str]
) -> list[Kpi]:
    if kpi:
        wanted = re.sub(r"\s+", " ", kpi.strip())
        number = re.fullmatch(r"(?:kpi\s*)?(\d+)", wanted, re.IGNORECASE)
        if number:
            found = [i for i in items if i.number.replace(" ", "").lower() == f"kpi{number[1]}"]
            if not found:
                numbers = sorted({i.number for i in items} - {""}, key=lambda n: int(re.sub(r"\D", "", n)))
                raise ToolInputError(
                    f"Geen KPI met nummer {number[1]}. Kies uit: {', '.join(numbers)} of een naam: "
                    + ", ".join(sorted({i.subject for i in items}))
                    + "."
                )
            items = found
        else:
            options = sorted({i.subject for i in items} | {i.label for i in items})
            name = resolve(wanted, options, "KPI", notes)
            items = [i for i in items if name in (i.subject, i.label)]
    if groep:
        name = resolve(groep, sorted({i.group for i in items if i.group}) or ["(geen)"], "doelgroep", notes)
        items = [i for i in items if i.group == name]
    if periode:
        name = resolve(periode, sorted({i.period for i in items if i.period}) or ["(geen)"], "periode", notes)
        items = [i for i in items if i.period == name]
    return items


def kpi_status(
    figures: FigureTables,
    kpi: str | None = None,
    groep: str | None = None,
    alleen_niet_gehaald: bool = False,
    periode: str | None = None,
) -> ToolResult:
    """Status of every KPI (or the ones asked for): realisation, target, met or not, deviation."""
    notes: list[str] = []
    items = select(collect(figures), kpi, groep, periode, notes)
    rows, used, missing, failing = [], [], [], []
    for item in items:
        if item.target is None:
            missing.append(item.label)
            continue
        actual, target = float(item.actual["value"]), float(item.target["value"])
        direction = item.target["direction"] or item.actual["direction"]
        unit = item.actual["unit"]
        row = {
            "kpi": item.number,
            "omschrijving": item.label,
            "periode": item.period,
            "realisatie": with_unit(actual, unit),
            "streefwaarde": f"{direction} {with_unit(target, unit)}".strip(),
            "realisatie_waarde": actual,
            "streefwaarde_waarde": target,
            "richting": direction,
            "eenheid": unit,
        }
        if direction in (">", "<"):
            met = is_met(actual, target, direction)
            dev = deviation(actual, target, direction)
            half = 0.5 * 10 ** -decimals_of(str(item.actual["printed"]))
            low, high = deviation_range(actual, target, direction, half)
            row |= {
                "gehaald": "ja" if met else "nee",
                "afwijking": dev,
                "marge door afronding": f"{pct(low, 2)} tot {pct(high, 2)}",
            }
            if not met:
                failing.append(f"{item.label} ({row['realisatie']}, doel {row['streefwaarde']})")
            if item.printed_deviation is not None:
                printed = float(item.printed_deviation["value"])
                tol = 0.5 * 10 ** -decimals_of(str(item.printed_deviation["printed"]))
                row |= {
                    "afwijking rapport": printed,
                    "klopt met rapport": "ja" if low - tol - 1e-9 <= printed <= high + tol + 1e-9 else "nee",
                }
        else:
            row |= {"gehaald": "onbekend"}
            notes.append(
                f"{item.label}: de richting van de streefwaarde staat niet in het rapport; 'gehaald' is "
                "niet bepaald."
            )
        if alleen_niet_gehaald and row["gehaald"] != "nee":
            continue
        rows.append(row)
        used.append(item.rows)
    if not rows:
        text = (
            "Alle geselecteerde KPI's halen hun streefwaarde."
            if alleen_niet_gehaald
            else "Geen KPI's gevonden."
        )
        return ToolResult(
            tool="kpi_status", title="KPI-status", columns=[], rows=[], summary=text, notes=notes
        )
    checked = [r for r in rows if "gehaald" in r and r["gehaald"] != "onbekend"]
    summary = (
        f"{len(failing)} van de {len(checked)} KPI's halen hun streefwaarde niet: " + "; ".join(failing) + "."
        if failing
        else f"Alle {len(checked)} beoordeelde KPI's halen hun streefwaarde."
    )
    if len(rows) == 1 and "afwijking" in rows[0]:
        r = rows[0]
        summary = (
            f"{r['omschrijving']} ({r['periode']}): realisatie {r['realisatie']} bij streefwaarde "
            f"{r['streefwaarde']}; {'gehaald' if r['gehaald'] == 'ja' else 'niet gehaald'}, afwijking "
            f"{format_dutch_number(r['afwijking'], 2, '%')}"
            + (f" (rapport: {pct(r['afwijking rapport'], 2)})." if "afwijking rapport" in r else ".")
        )
    notes = [
        (
            "Afwijking t.o.v. de streefwaarde zoals het rapport die rekent: bij '>' (realisatie - streefwaarde) / "
            "streefwaarde, bij '<' (streefwaarde - realisatie) / streefwaarde; positief is beter dan het doel."
        ),
        (
            "Het rapport rekent met onafgeronde scores; 'marge door afronding' is het bereik van de afwijking "
            "bij de afgedrukte (afgeronde) realisatie."
        ),
        *notes,
    ]
    if missing:
        notes.append("Zonder streefwaarde (niet beoordeeld): " + ", ".join(missing) + ".")
    columns = [
        "kpi",
        "omschrijving",
        "periode",
        "realisatie",
        "streefwaarde",
        "gehaald",
        "afwijking",
        "afwijking rapport",
        "marge door afronding",
        "klopt met rapport",
    ]
    return ToolResult(
        tool="kpi_status",
        title="KPI-status t.o.v. streefwaarde",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(pd.concat(used)),
        units={"afwijking": "%", "afwijking rapport": "%"},
    )
