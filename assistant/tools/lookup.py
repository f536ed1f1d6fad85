"""Look up transcribed figures as printed, with their page (no calculation)."""

from __future__ import annotations

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import ToolResult, resolve, sources_from, with_unit

MAX_ROWS = 60


def figure_lookup(
    figures: FigureTables,
    tabel: str | None = None,
    onderwerp: str | None = None,
    maat: str | None = None,
    periode: str | None = None,
    zoekterm: str | None = None,
) -> ToolResult:
    """Figures filtered by table, subject, measure, period and/or a search term; without filters an overview."""
    frame, notes = figures.figures, []
    if frame.empty:
        raise ToolInputError("Er zijn geen cijfertabellen geladen.")
    if not any((tabel, onderwerp, maat, periode, zoekterm)):
        rows = [
            {
                "tabel": t,
                "cijfers": int((frame["table"] == t).sum()),
                "maten": ", ".join(sorted(set(frame.loc[frame["table"] == t, "measure"]))),
            }
            for t in figures.tables
        ]
        return ToolResult(
            tool="figure_lookup",
            title="Beschikbare cijfertabellen",
            columns=["tabel", "cijfers", "maten"],
            rows=rows,
            summary=f"{len(rows)} tabellen met samen {len(frame)} cijfers.",
            notes=[],
        )
    if tabel:
        frame = frame[frame["table"] == resolve(tabel, figures.tables, "tabel", notes)]
    if onderwerp:
        frame = frame[
            frame["subject"] == resolve(onderwerp, sorted(set(frame["subject"])), "onderwerp", notes)
        ]
    if maat:
        frame = frame[frame["measure"] == resolve(maat, sorted(set(frame["measure"])), "maat", notes)]
    if periode:
        frame = frame[
            frame["period"]
            == resolve(periode, sorted(set(frame["period"]) - {""}) or ["(geen)"], "periode", notes)
        ]
    if zoekterm:
        text = frame[["table", "subject", "measure", "group", "note"]].astype(str).agg(" ".join, axis=1)
        frame = frame[text.str.contains(zoekterm, case=False, regex=False)]
    if frame.empty:
        raise ToolInputError(
            "Geen cijfers gevonden voor deze combinatie; vraag zonder argumenten een overzicht op."
        )
    if len(frame) > MAX_ROWS:
        notes.append(
            f"{len(frame)} cijfers gevonden; de eerste {MAX_ROWS} worden getoond. Verfijn de selectie."
        )
        frame = frame.head(MAX_ROWS)
    rows = [
        {
            "tabel": r.table,
            "onderwerp": r.subject,
            "maat": r.measure,
            "periode": r.period,
            "groep": r.group,
            "waarde": r.value,
            "eenheid": r.unit,
            "als afgedrukt": r.printed or with_unit(r.value, r.unit),
            "document": r.document,
            "pagina": int(r.page),
        }
        for r in frame.itertuples(index=False)
    ]
    summary = (
        "; ".join(
            f"{r['onderwerp']} {r['maat'].replace('_', ' ')} {r['periode']}: {r['als afgedrukt']}".replace(
                "  ", " "
            )
            for r in rows[:5]
        )
        + ("; ..." if len(rows) > 5 else "")
        + "."
    )
    columns = ["tabel", "onderwerp", "maat", "periode", "groep", "als afgedrukt", "document", "pagina"]
    return ToolResult(
        tool="figure_lookup",
        title="Cijfers uit de rapporten",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(frame),
    )
