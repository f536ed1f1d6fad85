"""Budget variance (begroting vs verwachting/prognose) per line and total, and the named cost drivers.

Table `financien`: per line (subject) the measures `begroting`, `verwachting` and the printed `verschil`.
The report's own `verschil` is begroting - verwachting (negative = overschrijding); the tool reports
afwijking = verwachting - begroting (positive = boven de begroting) and % of the begroting, and checks the
printed verschil. Lines before a total line (subject starting with "Totaal"/"Totale", or group "Totaal")
must add up to it; the tool checks that too.
Table `kostenoorzaken`: measure `effect` (cost increase), `lagere_kosten` (a decrease, printed without
sign) and `totale_stijging` (the increase the causes explain), per group (Jeugd, Wmo).
"""

from __future__ import annotations

import math

import pandas as pd

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import ToolResult, money, pct, require_table, resolve, sources_from


def _is_total(subject: str, group: str) -> bool:
    return subject.lower().startswith(("totaal", "totale")) or group.lower() == "totaal"


def _lines(frame: pd.DataFrame) -> list[dict]:
    lines: dict[tuple[str, str], dict] = {}
    for row in frame.sort_values(["source_file", "row"]).itertuples(index=False):
        line = lines.setdefault(
            (row.subject, row.period),
            {"regel": row.subject, "groep": row.group, "periode": row.period, "order": len(lines)},
        )
        line[row.measure] = row.value
    return [line for line in lines.values() if "begroting" in line and "verwachting" in line]


def budget_variance(
    figures: FigureTables, regel: str | None = None, periode: str | None = None
) -> ToolResult:
    """Per line and in total: begroting, verwachting, afwijking (absolute and %)."""
    frame = require_table(figures, "financien", "begroting en verwachting")
    notes: list[str] = []
    lines = _lines(frame)
    if periode:
        periode = resolve(periode, sorted({line["periode"] for line in lines}), "periode", notes)
        lines = [line for line in lines if line["periode"] == periode]
    rows, checks = [], []
    for line in lines:
        begroting, verwachting = line["begroting"], line["verwachting"]
        afwijking = verwachting - begroting
        row = {
            "regel": line["regel"],
            "groep": line["groep"],
            "periode": line["periode"],
            "begroting": begroting,
            "verwachting": verwachting,
            "afwijking": afwijking,
            "afwijking %": afwijking / abs(begroting) * 100 if begroting else math.nan,
        }
        if "verschil" in line:
            row["verschil rapport"] = line["verschil"]
            row["klopt"] = (
                "ja" if math.isclose(line["verschil"], begroting - verwachting, abs_tol=0.5) else "nee"
            )
        rows.append(row)
    for index, line in enumerate(lines):
        if not _is_total(line["regel"], line["groep"]):
            continue
        parts = [
            p
            for p in lines[:index]
            if p["periode"] == line["periode"]
            and not _is_total(p["regel"], p["groep"])
            and not any(
                _is_total(q["regel"], q["groep"]) and p["order"] < q["order"] < line["order"] for q in lines
            )
        ]
        for measure in ("begroting", "verwachting"):
            total = sum(p[measure] for p in parts)
            ok = math.isclose(total, line[measure], abs_tol=0.5)
            checks.append(
                f"Som van {', '.join(p['regel'] for p in parts)} ({measure}) = {money(total)}"
                f"{' = ' if ok else ' wijkt af van '}{line['regel']} {money(line[measure])}."
            )
    if regel:
        name = resolve(regel, [r["regel"] for r in rows], "begrotingsregel", notes)
        rows = [r for r in rows if r["regel"] == name]
    if not rows:
        raise ToolInputError("Geen begrotingsregels met zowel begroting als verwachting gevonden.")
    focus = next((r for r in rows if _is_total(r["regel"], r["groep"])), rows[0]) if not regel else rows[0]
    word = "boven" if focus["afwijking"] > 0 else "onder" if focus["afwijking"] < 0 else "gelijk aan"
    summary = (
        f"{focus['regel']} {focus['periode']}: verwachting {money(focus['verwachting'])} tegen begroting "
        f"{money(focus['begroting'])}, dat is {money(abs(focus['afwijking']))} "
        f"({pct(abs(focus['afwijking %']))}) {word} de begroting."
    )
    over = [
        r
        for r in rows
        if r["afwijking"] > 0
        and not _is_total(r["regel"], r["groep"])
        and r["groep"].lower() not in ("financiering", "resultaat")
    ]
    if not regel and over:
        summary += (
            " Overschrijdingen: "
            + ", ".join(f"{r['regel']} {money(r['afwijking'])} ({pct(r['afwijking %'])})" for r in over)
            + "."
        )
    notes = [
        (
            "Afwijking = verwachting - begroting: positief is een verwachte overschrijding. Het rapport drukt "
            "'verschil' af als begroting - verwachting (negatief = overschrijding); 'klopt' controleert dat."
        ),
        "Afwijking % is ten opzichte van de (absolute) begroting.",
        *checks,
        *notes,
    ]
    columns = [
        "regel",
        "groep",
        "periode",
        "begroting",
        "verwachting",
        "afwijking",
        "afwijking %",
        "verschil rapport",
        "klopt",
    ]
    used = frame[
        frame["subject"].isin({r["regel"] for r in rows}) & frame["period"].isin({r["periode"] for r in rows})
    ]
    return ToolResult(
        tool="budget_variance",
        title="Begroting en verwachting",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(used),
        units={
            "begroting": "EUR",
            "verwachting": "EUR",
            "afwijking": "EUR",
            "afwijking %": "%",
            "verschil rapport": "EUR",
        },
    )


SIGNS = {"effect": 1, "lagere_kosten": -1}


def cost_drivers(figures: FigureTables, groep: str | None = None) -> ToolResult:
    """The named causes of a budget overrun per group, their sum and the unexplained rest."""
    frame = require_table(figures, "kostenoorzaken", "kostenoorzaken")
    notes: list[str] = []
    groups = sorted({g for g in frame["group"] if g})
    if groep:
        name = resolve(groep, groups, "groep", notes)
        frame = frame[frame["group"] == name]
        groups = [name]
    rows, parts = [], []
    for group in groups:
        part = frame[frame["group"] == group]
        named = part[part["measure"].isin(SIGNS)]
        for row in named.itertuples(index=False):
            rows.append(
                {
                    "groep": group,
                    "oorzaak": row.subject,
                    "soort": "hogere kosten" if SIGNS[row.measure] > 0 else "lagere kosten",
                    "bedrag": SIGNS[row.measure] * row.value,
                    "periode": row.period,
                }
            )
        explained = sum(SIGNS[m] * v for m, v in zip(named["measure"], named["value"]))
        higher = float(named.loc[named["measure"] == "effect", "value"].sum())
        total = part[part["measure"] == "totale_stijging"]
        text = f"{group}: genoemde oorzaken samen {money(explained)}"
        if higher and higher != explained:
            text += f" (hogere kosten {money(higher)}, lagere kosten {money(higher - explained)})"
        if len(total):
            increase = float(total["value"].iloc[0])
            rows.append(
                {
                    "groep": group,
                    "oorzaak": total["subject"].iloc[0],
                    "soort": "totale stijging",
                    "bedrag": increase,
                    "periode": total["period"].iloc[0],
                }
            )
            rows.append(
                {
                    "groep": group,
                    "oorzaak": "niet door genoemde oorzaken verklaard",
                    "soort": "rest",
                    "bedrag": increase - explained,
                    "periode": total["period"].iloc[0],
                }
            )
            text += f" tegen een totale stijging van {money(increase)} (rest {money(increase - explained)})"
        parts.append(text)
    if not rows:
        raise ToolInputError(
            f"Geen kostenoorzaken gevonden. Beschikbare groepen: {', '.join(groups) or 'geen'}."
        )
    notes = ["Lagere kosten (in het rapport zonder minteken afgedrukt) tellen negatief mee.", *notes]
    return ToolResult(
        tool="cost_drivers",
        title="Oorzaken van de kostenstijging",
        columns=list(rows[0]),
        rows=rows,
        summary="; ".join(parts) + ".",
        notes=notes,
        sources=sources_from(frame),
        units={"bedrag": "EUR"},
    )
