"""Savings of measures: expected vs realised per cluster and year (table `besparingen`).

`group` distinguishes tables of the same document (a progress report may have per-cluster tables and a
summary table). Totals are computed per table and year and compared with a printed `Totaal` row; a figure
that two tables give differently (same cluster, measure and year) is reported as a contradiction.
"""

from __future__ import annotations

import math

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import ToolResult, money, require_table, resolve, sources_from

EXPECTED, REALISED = "verwachte_opbrengst", "gerealiseerde_opbrengst"


def _is_total(subject: str) -> bool:
    return subject.lower().startswith(("totaal", "totale"))


def contradictions(frame) -> list[str]:
    """Same cluster, measure and year printed with different values in different tables."""
    found = []
    for (subject, measure, period), rows in frame.groupby(["subject", "measure", "period"], sort=False):
        if rows["value"].nunique() > 1:
            found.append(
                f"{subject}, {measure.replace('_', ' ')} {period}: "
                + " tegenover ".join(
                    f"{money(r.value)} ({r.group or 'tabel'}, {r.document} p. {r.page})"
                    for r in rows.itertuples()
                )
            )
    return found


def savings_overview(
    figures: FigureTables, cluster: str | None = None, jaar: int | None = None, tabel: str | None = None
) -> ToolResult:
    """Expected vs realised savings per cluster/year with totals, and contradictions between tables."""
    frame = require_table(figures, "besparingen", "besparingen van maatregelen")
    frame = frame[frame["measure"].isin((EXPECTED, REALISED))]
    notes: list[str] = []
    if tabel:
        frame = frame[frame["group"] == resolve(tabel, sorted(set(frame["group"])), "tabel", notes)]
    if cluster:
        frame = frame[frame["subject"] == resolve(cluster, sorted(set(frame["subject"])), "cluster", notes)]
    if jaar is not None:
        years = sorted({p for p in frame["period"] if p})
        if str(jaar) not in years:
            raise ToolInputError(f"Geen besparingen voor {jaar}. Beschikbare jaren: {', '.join(years)}.")
        frame = frame[frame["period"] == str(jaar)]
    if frame.empty:
        raise ToolInputError("Geen besparingen gevonden voor deze selectie.")
    rows = []
    for (group, subject, period), part in frame.groupby(["group", "subject", "period"], sort=False):
        values = dict(zip(part["measure"], part["value"]))
        rows.append(_row(group, subject, period, values.get(EXPECTED), values.get(REALISED)))
    checks = []
    for (group, period), part in frame.groupby(["group", "period"], sort=False):
        clusters = part[~part["subject"].map(_is_total)]
        printed = part[part["subject"].map(_is_total)]
        if cluster is not None or clusters["subject"].nunique() < 2:
            continue
        sums = {
            m: clusters.loc[clusters["measure"] == m, "value"].sum(min_count=1) for m in (EXPECTED, REALISED)
        }
        rows.append(_row(group, "Totaal (berekend)", period, sums[EXPECTED], sums[REALISED]))
        for row in printed.itertuples():
            computed = sums.get(row.measure)
            if computed is not None and not math.isnan(computed):
                same = math.isclose(computed, row.value, abs_tol=0.5)
                checks.append(
                    f"{group or 'tabel'} {period}: berekend totaal {row.measure.replace('_', ' ')} "
                    f"{money(computed)} {'= afgedrukt' if same else 'wijkt af van afgedrukt'} "
                    f"{money(row.value)} (p. {row.page})."
                )
    years_total = ""
    if cluster is not None and jaar is None:
        # One cluster over several years: the total per table over the period.
        for group, part in frame.groupby("group", sort=False):
            periods = sorted(set(part["period"]) - {""})
            if len(periods) < 2:
                continue
            sums = {m: part.loc[part["measure"] == m, "value"].sum(min_count=1) for m in (EXPECTED, REALISED)}
            label = f"{periods[0]}-{periods[-1]}"
            rows.append(_row(group, f"{part['subject'].iloc[0]} (totaal)", label, sums[EXPECTED], sums[REALISED]))
            if not years_total:
                years_total = f" Totaal verwacht {label}: {money(sums[EXPECTED])}."
    conflicts = contradictions(
        require_table(figures, "besparingen", "besparingen").pipe(
            lambda f: f[
                f["subject"].isin(set(frame["subject"]))
                & f["period"].isin(set(frame["period"]))
                & f["measure"].isin((EXPECTED, REALISED))
            ]
        )
    )
    summary = _summary(rows, conflicts) + years_total
    notes = [
        "Verschil = gerealiseerd - verwacht; positief is meer opbrengst dan verwacht.",
        "Een leeg veld betekent dat de tabel dat cijfer niet geeft (of een streepje: niet gekwantificeerd).",
        *[f"Tegenstrijdig in het document: {c}." for c in conflicts],
        *checks,
        *notes,
    ]
    columns = ["tabel", "cluster", "jaar", "verwacht", "gerealiseerd", "verschil", "realisatie %"]
    return ToolResult(
        tool="savings_overview",
        title="Besparingen: verwacht en gerealiseerd",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(frame),
        units={"verwacht": "EUR", "gerealiseerd": "EUR", "verschil": "EUR", "realisatie %": "%"},
    )


def _row(group: str, subject: str, period: str, expected, realised) -> dict:
    def num(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    expected, realised = num(expected), num(realised)
    both = expected is not None and realised is not None
    return {
        "tabel": group,
        "cluster": subject,
        "jaar": period,
        "verwacht": expected,
        "gerealiseerd": realised,
        "verschil": realised - expected if both else None,
        "realisatie %": realised / expected * 100 if both and expected else None,
    }


def _summary(rows: list[dict], conflicts: list[str]) -> str:
    totals = [r for r in rows if _is_total(r["cluster"]) and r["verschil"] is not None]
    printed = [r for r in totals if r["cluster"] != "Totaal (berekend)"] or totals
    parts = [
        f"{r['tabel'] or 'tabel'} {r['jaar']}: verwacht {money(r['verwacht'])}, gerealiseerd "
        f"{money(r['gerealiseerd'])} ({money(abs(r['verschil']))} {'meer' if r['verschil'] >= 0 else 'minder'}"
        " dan verwacht)"
        for r in printed[:3]
    ]
    if not parts:
        parts = [
            f"{r['cluster']} {r['jaar']}: verwacht {money(r['verwacht']) if r['verwacht'] is not None else '-'}"
            f", gerealiseerd {money(r['gerealiseerd']) if r['gerealiseerd'] is not None else '-'}"
            for r in rows[:4]
        ]
    text = "Besparingen — " + "; ".join(parts) + "."
    if conflicts:
        text += f" Let op: {len(conflicts)} cijfer(s) verschillen tussen tabellen in het document ({conflicts[0]})."
    return text
