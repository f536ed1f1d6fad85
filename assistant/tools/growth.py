"""Change of one printed figure between two periods (e.g. average LTA costs per client 2017 -> 2018)."""

from __future__ import annotations

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import ToolResult, resolve, sources_from, with_unit


def growth(
    figures: FigureTables,
    maat: str,
    van: str,
    naar: str,
    onderwerp: str | None = None,
    tabel: str | None = None,
) -> ToolResult:
    """Absolute and percentage change of `maat` for `onderwerp` from period `van` to period `naar`."""
    frame, notes = figures.figures, []
    if frame.empty:
        raise ToolInputError("Er zijn geen cijfertabellen geladen.")
    if tabel:
        frame = frame[frame["table"] == resolve(tabel, figures.tables, "tabel", notes)]
    frame = frame[frame["measure"] == resolve(maat, sorted(set(frame["measure"])), "maat", notes)]
    if onderwerp:
        frame = frame[frame["subject"] == resolve(onderwerp, sorted(set(frame["subject"])), "onderwerp", notes)]
    periods = sorted(set(frame["period"]) - {""})
    start, end = (resolve(str(p), periods or ["(geen)"], "periode", notes) for p in (van, naar))
    rows = []
    for (subject, group), part in frame.groupby(["subject", "group"], sort=False):
        a, b = part[part["period"] == start], part[part["period"] == end]
        if a.empty or b.empty:
            continue
        first, last = float(a["value"].iloc[0]), float(b["value"].iloc[0])
        unit = str(a["unit"].iloc[0])
        rows.append(
            {
                "onderwerp": subject,
                "groep": group,
                "maat": str(a["measure"].iloc[0]).replace("_", " "),
                start: a["printed"].iloc[0] or with_unit(first, unit),
                end: b["printed"].iloc[0] or with_unit(last, unit),
                "verschil": last - first,
                "verandering": (last - first) / first * 100 if first else float("nan"),
            }
        )
    if not rows:
        raise ToolInputError(
            f"Geen cijfers voor zowel {start} als {end}. Beschikbare perioden: {', '.join(periods) or 'geen'}."
        )
    used = frame[frame["period"].isin([start, end])]
    summary = "; ".join(
        f"{r['onderwerp']} {r['maat']}: van {r[start]} ({start}) naar {r[end]} ({end}), "
        f"{'een stijging' if r['verschil'] >= 0 else 'een daling'} van {with_unit(abs(r['verandering']), '%')}"
        f" (afgerond {with_unit(round(abs(r['verandering'])), '%')})"
        for r in rows[:6]
    ) + "."
    unit = str(used["unit"].iloc[0]) if len(used) else ""
    return ToolResult(
        tool="growth",
        title=f"Verandering {start} → {end}",
        columns=list(rows[0]),
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(used),
        units={"verschil": unit, "verandering": "%"},
    )
