"""Tables and Altair charts for calculation-tool results (`ToolCall.result`, the `ToolResult` JSON).

Every figure view carries a caption naming the pages its numbers come from. Charts exist for the results
whose shape is known: the verevening effect (voordeel/nadeel per municipality), the verevening scenario,
KPI realisation against target, and budget against forecast. Other results are shown as a table only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd

from assistant.models import ToolCall
from assistant.tools.base import ToolResult

VOORDEEL, NADEEL = "voordeel", "nadeel"
GOOD, BAD, NEUTRAL, TARGET = "#2e7d32", "#c62828", "#1f77b4", "#222222"
_YEAR = re.compile(r"^\d{4}$")
_BUDGET_AGGREGATES = {"totaal", "resultaat", "financiering"}


@dataclass
class FigureView:
    """What the app shows for one tool call."""

    tool: str
    title: str = ""
    summary: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    chart: alt.TopLevelMixin | None = None
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    error: str = ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return float(value)
    return None


def sources_caption(result: ToolResult, titles: Mapping[str, str] | None = None) -> str:
    """'Bronnen: <title> (<file>), p. 21; ...' — the documents and pages of every figure used."""
    pages: dict[str, set[int]] = {}
    for source in result.sources:
        pages.setdefault(source.document, set()).add(source.page)
    if not pages:
        return "Bronnen: geen afgedrukte bronpagina's bij deze berekening."
    titles = titles or {}
    parts = []
    for document, numbers in pages.items():
        listed = ", ".join(str(p) for p in sorted(numbers))
        parts.append(f"{titles.get(document, document)} ({document}), p. {listed}")
    return "Bronnen: " + "; ".join(parts)


def result_table(result: ToolResult) -> pd.DataFrame:
    """The result's table with Dutch-formatted cells and headers, exactly as the answer prints them."""
    headers = [result.header(c) for c in result.columns]
    rows = [[result.cell(row, c) for c in result.columns] for row in result.rows]
    return pd.DataFrame(rows, columns=headers)


def _verevening_chart(result: ToolResult) -> alt.TopLevelMixin | None:
    rows = [
        {"gemeente": r.get("gemeente"), "jaar": str(r.get("jaar")), "verschil": _number(r.get("verschil")),
         "effect": r.get("effect") or (NADEEL if (_number(r.get("verschil")) or 0) > 0 else VOORDEEL)}
        for r in result.rows
        if _YEAR.match(str(r.get("jaar", ""))) and _number(r.get("verschil")) is not None
    ]
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    unit = "x € 1.000" if result.units.get("verschil") == "EUR x 1000" else "€"
    one_municipality = frame["gemeente"].nunique() == 1
    category, offset = ("jaar", None) if one_municipality else ("gemeente", "jaar")
    encoding: dict[str, Any] = {
        "x": alt.X(f"{category}:N", title=category.capitalize(), sort=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("verschil:Q", title=f"Verschil na − voor verevening ({unit})"),
        "color": alt.Color("effect:N", title="Effect",
                           scale=alt.Scale(domain=[VOORDEEL, NADEEL], range=[GOOD, BAD])),
        "tooltip": [alt.Tooltip("gemeente:N"), alt.Tooltip("jaar:N"),
                    alt.Tooltip("verschil:Q", format=",.1f", title=f"verschil ({unit})"), alt.Tooltip("effect:N")],
    }
    if offset and frame[offset].nunique() > 1:
        encoding["xOffset"] = alt.XOffset(f"{offset}:N", title="Jaar")
    name = frame["gemeente"].iloc[0] if one_municipality else "per gemeente"
    title = alt.Title(f"Effect van de verevening {name}",
                      subtitle="Negatief = voordeel (betaalt minder dan de eigen kosten), positief = nadeel")
    return alt.Chart(frame, title=title).mark_bar().encode(**encoding).properties(height=300)


def _grouped_bars(frame: pd.DataFrame, category: str, measures: list[str], title: str, y_title: str,
                  colors: list[str]) -> alt.TopLevelMixin | None:
    long = frame.melt(id_vars=[category], value_vars=measures, var_name="reeks", value_name="bedrag").dropna()
    if long.empty:
        return None
    return (
        alt.Chart(long, title=title).mark_bar()
        .encode(
            x=alt.X(f"{category}:N", title=category.capitalize(), sort=None,
                    axis=alt.Axis(labelAngle=0, labelLimit=160)),
            xOffset=alt.XOffset("reeks:N", sort=measures),
            y=alt.Y("bedrag:Q", title=y_title),
            color=alt.Color("reeks:N", title="", sort=measures, scale=alt.Scale(domain=measures, range=colors)),
            tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip("reeks:N"),
                     alt.Tooltip("bedrag:Q", format=",.0f")],
        )
        .properties(height=320)
    )


def _budget_chart(result: ToolResult) -> alt.TopLevelMixin | None:
    rows = [
        {"regel": r.get("regel"), "groep": str(r.get("groep", "")),
         "begroting": _number(r.get("begroting")), "verwachting": _number(r.get("verwachting"))}
        for r in result.rows
    ]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return None
    lines = frame[~frame["groep"].str.lower().isin(_BUDGET_AGGREGATES)]
    frame = lines if not lines.empty else frame
    return _grouped_bars(frame[["regel", "begroting", "verwachting"]], "regel", ["begroting", "verwachting"],
                         "Begroting tegen verwachting per regel", "Bedrag (€)", [NEUTRAL, BAD])


def _scenario_chart(result: ToolResult) -> alt.TopLevelMixin | None:
    measures = [m for m in ("eigen kosten", "huidige verevening", "scenario") if m in result.columns]
    if not measures:
        return None
    frame = pd.DataFrame([{"gemeente": r.get("gemeente"), **{m: _number(r.get(m)) for m in measures}}
                          for r in result.rows if r.get("gemeente")])
    if frame.empty:
        return None
    unit = "x € 1.000" if result.units.get(measures[0]) == "EUR x 1000" else "€"
    return _grouped_bars(frame, "gemeente", measures, result.title, f"Bedrag ({unit})",
                         ["#9e9e9e", NEUTRAL, "#ff8f00"][: len(measures)])


def _kpi_chart(result: ToolResult) -> alt.TopLevelMixin | None:
    rows = []
    for r in result.rows:
        value, target = _number(r.get("realisatie_waarde")), _number(r.get("streefwaarde_waarde"))
        if value is None:
            continue
        label = " ".join(p for p in (str(r.get("kpi") or ""), str(r.get("omschrijving") or "")) if p)
        rows.append({
            "kpi": label, "realisatie": value, "streefwaarde": target,
            "eenheid": str(r.get("eenheid") or "aantal").replace("onbekend", "aantal"),
            "gehaald": str(r.get("gehaald") or "onbekend"),
            "afgedrukt": f"{r.get('realisatie', '')} (doel {r.get('streefwaarde', '')})",
        })
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    tooltip = [alt.Tooltip("kpi:N", title="KPI"), alt.Tooltip("afgedrukt:N", title="realisatie"),
               alt.Tooltip("gehaald:N")]
    bars = alt.Chart().mark_bar().encode(
        y=alt.Y("kpi:N", title=None, sort=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("realisatie:Q", title="Realisatie (staaf) en streefwaarde (streep)"),
        color=alt.Color("gehaald:N", title="Streefwaarde gehaald",
                        scale=alt.Scale(domain=["ja", "nee", "onbekend"], range=[GOOD, BAD, "#9e9e9e"])),
        tooltip=tooltip,
    )
    ticks = alt.Chart().mark_tick(color=TARGET, thickness=3, size=16).encode(
        y=alt.Y("kpi:N", sort=None), x=alt.X("streefwaarde:Q"), tooltip=tooltip,
    )
    return (
        alt.layer(bars, ticks, data=frame)
        .properties(width=420)
        .facet(row=alt.Row("eenheid:N", title="Eenheid", header=alt.Header(labelAngle=0, labelAlign="left")),
               title="KPI's: realisatie tegen streefwaarde")
        .resolve_scale(x="independent", y="independent")
    )


def _operands_chart(result: ToolResult) -> alt.TopLevelMixin | None:
    """The figures a general calculation used, as bars (two or more of one unit)."""
    rows = [{"cijfer": f"{r.get('cijfer', '')} {r.get('periode', '')}".strip()[:60], "waarde": _number(r.get("waarde"))}
            for r in result.rows]
    rows = [r for r in rows if r["waarde"] is not None]
    if len(rows) < 2 or len({r["cijfer"] for r in rows}) < len(rows):
        return None
    return (
        alt.Chart(pd.DataFrame(rows), title=result.title).mark_bar()
        .encode(y=alt.Y("cijfer:N", title="", sort=None, axis=alt.Axis(labelLimit=320)),
                x=alt.X("waarde:Q", title="waarde (als afgedrukt)"),
                tooltip=[alt.Tooltip("cijfer:N"), alt.Tooltip("waarde:Q", format=",.2f")])
        .properties(height=max(80, 28 * len(rows)))
    )


# Chart kinds that tools declare on the registry (`ToolSpec.chart`).
CHARTS = {
    "verevening": _verevening_chart,
    "scenario": _scenario_chart,
    "kpi": _kpi_chart,
    "budget": _budget_chart,
    "operands": _operands_chart,
}


# Axis labels and tooltips in Dutch notation: 1.234.567,8 and € 1.234.
DUTCH = alt.Locale(number=alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]))


def chart_for(result: ToolResult) -> alt.TopLevelMixin | None:
    """The chart for a known kind of result (with Dutch number notation), else None."""
    from assistant.tools.registry import TOOLS

    spec = TOOLS.get(result.tool)
    make = CHARTS.get(spec.chart) if spec is not None else None
    chart = make(result) if make else None
    return chart.configure(locale=DUTCH) if chart is not None else None


def figure_view(call: ToolCall, titles: Mapping[str, str] | None = None) -> FigureView:
    """Table, chart and source caption for one tool call; a call whose tool refused gets its message."""
    payload = call.result or {}
    if "error" in payload or "columns" not in payload:
        return FigureView(tool=call.name, error=str(payload.get("error") or "geen resultaat"))
    result = ToolResult.model_validate(payload)
    return FigureView(
        tool=result.tool or call.name,
        title=result.title,
        summary=result.summary,
        table=result_table(result),
        chart=chart_for(result),
        caption=sources_caption(result, titles),
        notes=list(result.notes),
    )


def strip_tool_tables(text: str, calls: Iterable[ToolCall]) -> str:
    """Remove from an offline answer the Markdown tables the app shows as interactive tables instead.

    Only an exact copy of a tool's own table is removed (a table with grounding marks stays in the text).
    """
    from assistant.offline.compose import table_markdown

    for call in calls:
        payload = call.result or {}
        if "columns" not in payload:
            continue
        result = ToolResult.model_validate(payload)
        table = table_markdown(result)
        if not table:
            continue
        block = f"**{result.title}**\n\n{table}"
        if block in text:
            text = text.replace(block, "")
        elif table in text:
            text = text.replace(table, "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
