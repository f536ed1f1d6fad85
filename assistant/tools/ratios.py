"""Ratios per municipality, computed from the figure tables and compared with what the report prints.

- kosten_per_inwoner / kosten_per_jeugdige: verevende-percelen costs (voor or na verevening, Tabel 1)
  divided by inhabitants end 2017 (Tabel 1), or by youths = inhabitants x share 0-17 years (table leeftijd).
- uitnutting: gemiddelde kosten / gemiddelde verplichting per client, crisis products (table crisis).
- fte_per_1000_inwoners: wijkteam FTE / inhabitants x 1000 (table wijkteam).
- ses_daling: (SES first year - SES last year) / SES first year (table ses).
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.figures.schema import is_aggregate
from assistant.numbers import round_half_up
from assistant.tools import verevening as ver
from assistant.tools.base import ToolResult, decimals_of, require_table, resolve, sources_from, with_unit

Kind = Literal[
    "kosten_per_inwoner", "kosten_per_jeugdige", "uitnutting", "fte_per_1000_inwoners", "ses_daling"
]
# kind: (table, numerator, denominator, factor, unit, printed measure to compare with, description)
SIMPLE = {
    "uitnutting": (
        "crisis",
        "gemiddelde_kosten",
        "gemiddelde_verplichting",
        100,
        "%",
        "uitnutting",
        "Uitnutting crisisproducten (gemiddelde kosten / gemiddelde verplichting)",
    ),
    "fte_per_1000_inwoners": (
        "wijkteam",
        "fte_wijkteam",
        "inwoners",
        1000,
        "fte per 1000 inwoners",
        "fte_per_1000_inwoners",
        "Wijkteam-fte per 1.000 inwoners",
    ),
}
YOUTH = "aandeel_0_17_jaar"


def _one(frame: pd.DataFrame, subject: str, measure: str) -> pd.Series | None:
    rows = frame[(frame["subject"] == subject) & (frame["measure"] == measure)]
    return rows.sort_values("period").iloc[-1] if len(rows) else None


def _simple(figures: FigureTables, kind: str, names: list[str] | None, notes: list[str]):
    table, num, den, factor, unit, printed_measure, title = SIMPLE[kind]
    frame = require_table(figures, table, title.lower())
    subjects = [s for s in dict.fromkeys(frame["subject"]) if _one(frame, s, num) is not None]
    rows, used = [], []
    for subject in names or subjects:
        a, b, shown = (
            _one(frame, subject, num),
            _one(frame, subject, den),
            _one(frame, subject, printed_measure),
        )
        if a is None or b is None or not b["value"]:
            notes.append(f"Voor {subject} ontbreekt {num if a is None else den}.")
            continue
        row = {
            "gemeente": subject,
            "periode": a["period"] or b["period"],
            "teller": a["value"],
            "noemer": b["value"],
            "uitkomst": a["value"] / b["value"] * factor,
        }
        if shown is not None:
            row |= {"in rapport": shown["value"], "afgedrukt": shown["printed"]}
        rows.append(row)
        used += [r for r in (a, b, shown) if r is not None]
    return rows, used, title, unit, subjects


def _ses(figures: FigureTables, names: list[str] | None, notes: list[str]):
    frame = require_table(figures, "ses", "de sociaal-economische status")
    scores = frame[frame["measure"] == "ses_score"]
    subjects = list(dict.fromkeys(scores["subject"]))
    rows, used = [], []
    for subject in names or subjects:
        own = scores[scores["subject"] == subject].sort_values("period")
        if len(own) < 2:
            notes.append(f"Voor {subject} zijn geen twee SES-scores beschikbaar.")
            continue
        first, last = own.iloc[0], own.iloc[-1]
        row = {
            "gemeente": subject,
            "periode": f"{first['period']}-{last['period']}",
            "teller": first["value"] - last["value"],
            "noemer": first["value"],
            "uitkomst": (first["value"] - last["value"]) / first["value"] * 100,
        }
        shown = _one(frame, subject, "ses_daling")
        if shown is not None:
            row |= {"in rapport": shown["value"], "afgedrukt": shown["printed"]}
        rows.append(row)
        used += [first, last] + ([shown] if shown is not None else [])
    return rows, used, "Daling SES-score (positief = daling)", "%", subjects


def _costs(
    figures: FigureTables, kind: str, names: list[str] | None, jaar: int | None, basis: str, notes: list[str]
):
    data = ver.load(figures)
    year = jaar if jaar is not None else data.years[-1]
    if year not in data.years:
        raise ToolInputError(
            f"Geen verevening-cijfers voor {year}. Beschikbare jaren: {', '.join(map(str, data.years))}."
        )
    shares = data.before if basis == "voor" else data.after
    ages = figures.table("leeftijd")
    if kind == "kosten_per_jeugdige" and ages.empty:
        raise ToolInputError("Voor kosten per jeugdige is de tabel 'leeftijd' (aandeel 0-17 jaar) nodig.")
    rows, used = [], []
    for subject in names or data.municipalities:
        share, people = shares.get((subject, year)), data.inhabitants.get(subject)
        youth = _one(ages, subject, YOUTH) if kind == "kosten_per_jeugdige" else None
        if share is None or not people or (kind == "kosten_per_jeugdige" and youth is None):
            notes.append(f"Voor {subject} ontbreken cijfers voor {kind.replace('_', ' ')} in {year}.")
            continue
        denominator = people * youth["value"] / 100 if youth is not None else people
        amount = share * data.total[year] * 1000
        rows.append(
            {
                "gemeente": subject,
                "periode": str(year),
                "teller": amount,
                "noemer": denominator,
                "uitkomst": amount / denominator,
            }
        )
        if youth is not None:
            used.append(youth)
    measure = ver.BEFORE if basis == "voor" else ver.AFTER
    used_frame = ver.used_rows(data, [r["gemeente"] for r in rows], [year], (measure, ver.INHABITANTS))
    who = "jeugdige (0-17 jaar)" if kind == "kosten_per_jeugdige" else "inwoner"
    notes.append(
        "Kosten = aandeel x totaal verevende percelen (afgeronde aandelen, dus benadering); inwoners eind "
        "2017."
        + (
            " Aantal jeugdigen = inwoners x aandeel 0-17 jaar (peiljaar niet vermeld)."
            if youth is not None or kind == "kosten_per_jeugdige"
            else ""
        )
    )
    notes.append(
        "De quick scan noemt bij grafiek 12 (p. 44) andere bedragen per jeugdige en per inwoner (circa "
        "€ 2.300-€ 5.500 en € 489-€ 1.279); die zijn op een andere, niet afgedrukte kostenbasis berekend en "
        "volgen niet uit Tabel 1."
    )
    return (
        rows,
        [r for _, r in used_frame.iterrows()] + used,
        f"Kosten verevende percelen {basis} verevening per {who}, {year}",
        "EUR",
        data.municipalities,
    )


def ratio(
    figures: FigureTables,
    soort: Kind,
    gemeente: str | None = None,
    jaar: int | None = None,
    verevening: Literal["voor", "na"] = "voor",
) -> ToolResult:
    """One ratio for one or all municipalities, with the report's printed value where it has one."""
    kinds = ["kosten_per_inwoner", "kosten_per_jeugdige", *SIMPLE, "ses_daling"]
    notes: list[str] = []
    soort = resolve(soort, kinds, "soort ratio", notes)
    municipalities = [m for m in figures.municipalities if not is_aggregate(m)]
    averages = sorted({s for s in figures.subjects if s.lower().startswith("gemiddeld")})
    names = None
    if gemeente:
        names = [resolve(gemeente, municipalities + averages, "gemeente", notes)]
    if soort in SIMPLE:
        rows, used, title, unit, _ = _simple(figures, soort, names, notes)
    elif soort == "ses_daling":
        rows, used, title, unit, _ = _ses(figures, names, notes)
    else:
        rows, used, title, unit, _ = _costs(figures, soort, names, jaar, verevening, notes)
    if not rows:
        raise ToolInputError(
            f"Geen gegevens voor {soort.replace('_', ' ')}"
            + (f" van {names[0]}" if names else "")
            + ". "
            + " ".join(notes)
        )
    for row in rows:
        if "in rapport" in row:
            rounded = round_half_up(round(row["uitkomst"], 9), decimals_of(str(row["afgedrukt"])))
            row["klopt met rapport"] = (
                "ja" if math.isclose(rounded, row["in rapport"], abs_tol=1e-9) else "nee"
            )
    ranked = sorted((r for r in rows if not is_aggregate(r["gemeente"])), key=lambda r: -r["uitkomst"])
    if len(rows) == 1:
        r = rows[0]
        summary = (
            f"{title}: {r['gemeente']} {with_unit(r['uitkomst'], unit)}"
            + (f" (rapport: {with_unit(r['in rapport'], unit)})" if "in rapport" in r else "")
            + "."
        )
    else:
        summary = (
            f"{title}: hoogst {ranked[0]['gemeente']} ({with_unit(ranked[0]['uitkomst'], unit)}), laagst "
            f"{ranked[-1]['gemeente']} ({with_unit(ranked[-1]['uitkomst'], unit)})."
        )
    columns = ["gemeente", "periode", "teller", "noemer", "uitkomst", "in rapport", "klopt met rapport"]
    return ToolResult(
        tool="ratio",
        title=title,
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(pd.DataFrame(used)),
        units={"uitkomst": unit, "in rapport": unit},
    )
