"""Shared pieces of the calculation tools: the result model, sources, name matching, formatting."""

from __future__ import annotations

import difflib
import math
from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.numbers import format_dutch_number

_NO_SUFFIX = {"", "aantal", "score", "cijfer", "onbekend"}


class Source(BaseModel):
    """One input figure of a calculation, with where it is printed."""

    document: str
    page: int
    table: str
    subject: str
    measure: str
    period: str = ""
    printed: str = ""
    quote: str = Field("", description="The line or sentence of the page that prints the figure.")
    section: str = Field("", description="The section (and table title) the figure is printed under.")


class ToolResult(BaseModel):
    """What every tool returns: a table, a Dutch summary, caveats and the figures it used."""

    tool: str
    title: str = Field(description="Dutch title of the result table.")
    columns: list[str]
    rows: list[dict[str, Any]]
    summary: str = Field(
        description="One or two Dutch sentences with the key numbers, formatted Dutch-style."
    )
    notes: list[str] = Field(default_factory=list, description="Caveats, e.g. rounding of the shares.")
    sources: list[Source] = Field(default_factory=list)
    units: dict[str, str] = Field(
        default_factory=dict, description="Unit per numeric column (for formatting)."
    )

    def cell(self, row: dict[str, Any], column: str) -> str:
        value = row.get(column, "")
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if isinstance(value, (int, float)):
            unit = self.units.get(column)
            if unit == "EUR":
                return format_dutch_number(value, 0, "EUR")
            return format_dutch_number(value, None, unit if unit == "%" else None)
        return "" if value is None else str(value)

    def header(self, column: str) -> str:
        unit = self.units.get(column, "")
        if unit == "EUR x 1000":
            return f"{column} (x € 1.000)"
        return f"{column} ({unit})" if unit and unit not in ("EUR", "%", *_NO_SUFFIX) else column

    def to_markdown(self) -> str:
        lines = [f"### {self.title}", "", self.summary, ""]
        if self.rows:
            lines.append("| " + " | ".join(self.header(c) for c in self.columns) + " |")
            lines.append("|" + "---|" * len(self.columns))
            for row in self.rows:
                lines.append(
                    "| " + " | ".join(self.cell(row, c).replace("|", "/") for c in self.columns) + " |"
                )
            lines.append("")
        lines += [f"- {note}" for note in self.notes]
        if self.sources:
            pages = sorted({(s.document, s.page) for s in self.sources})
            lines += ["", "Bronnen: " + "; ".join(f"{d}, p. {p}" for d, p in pages)]
        return "\n".join(lines).strip() + "\n"


def sources_from(frame: pd.DataFrame) -> list[Source]:
    """Sources for the given figure rows, without duplicates, in row order."""
    seen, out = set(), []
    for row in frame.itertuples(index=False):
        key = (row.document, row.page, row.table, row.subject, row.measure, row.period, row.group)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Source(
                document=row.document,
                page=int(row.page),
                table=row.table,
                subject=row.subject,
                measure=row.measure,
                period=row.period,
                printed=row.printed,
                quote=getattr(row, "quote", "") or "",
                section=" — ".join(x for x in (getattr(row, "section", ""), getattr(row, "table_title", "")) if x),
            )
        )
    return out


def require_table(figures: FigureTables, name: str, what: str) -> pd.DataFrame:
    frame = figures.table(name)
    if frame.empty:
        raise ToolInputError(
            f"Er zijn geen cijfers over {what} geladen (tabel '{name}' ontbreekt in de cijferbestanden). "
            f"Beschikbare tabellen: {', '.join(figures.tables) or 'geen'}."
        )
    return frame


def resolve(value: str, options: list[str], what: str, notes: list[str] | None = None) -> str:
    """Match `value` to one of `options`: exact, case-insensitive, prefix or a small misspelling.

    A corrected name is mentioned in `notes`; no match raises `ToolInputError` listing the options.
    """
    text = " ".join(str(value).split())
    lowered = {o.lower(): o for o in options}
    if text.lower() in lowered:
        return lowered[text.lower()]
    starts = [o for o in options if o.lower().startswith(text.lower())] if len(text) >= 3 else []
    close = (
        starts
        if len(starts) == 1
        else difflib.get_close_matches(text.lower(), list(lowered), n=2, cutoff=0.8)
    )
    if len(close) == 1 or (
        len(close) == 2
        and difflib.SequenceMatcher(None, text.lower(), close[0]).ratio()
        > difflib.SequenceMatcher(None, text.lower(), close[1]).ratio() + 0.05
    ):
        match = lowered.get(close[0].lower(), close[0])
        if notes is not None:
            notes.append(f"'{value}' is gelezen als '{match}'.")
        return match
    hint = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)
    suggestion = f" Bedoelt u '{lowered[hint[0]]}'?" if hint else ""
    raise ToolInputError(f"Onbekende {what} '{value}'.{suggestion} Kies uit: {', '.join(options)}.")


def resolve_year(year: int, years: list[int], what: str = "jaar") -> int:
    if year not in years:
        raise ToolInputError(
            f"Geen cijfers voor {what} {year}. Beschikbare jaren: {', '.join(map(str, years))}."
        )
    return year


def money(value: float, unit: str = "EUR") -> str:
    """Dutch euro amount; amounts in EUR x 1000 are shown in whole euros."""
    if unit == "EUR x 1000":
        return format_dutch_number(value * 1000, 0, "EUR")
    return format_dutch_number(value, 0, "EUR")


def pct(value: float, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format_dutch_number(value, decimals, "%")


def with_unit(value: float, unit: str) -> str:
    """A figure with its unit, Dutch-style: "€ 1.800", "79%", "7,2", "28 dagen"."""
    if unit == "EUR":
        return format_dutch_number(value, 0 if abs(value) >= 100 else None, "EUR")
    return format_dutch_number(value, None, None if unit in _NO_SUFFIX else unit)


def decimals_of(printed: str) -> int:
    """Decimals shown in a printed Dutch number ("79%" -> 0, "7,20" -> 2, "+4.75%" -> 2, "€ 1.800" -> 0)."""
    digits = "".join(ch for ch in printed if ch.isdigit() or ch in ".,")
    if "," in digits:
        return len(digits.rsplit(",", 1)[1])
    parts = digits.split(".")
    if len(parts) == 2 and not (len(parts[1]) == 3 and parts[0][:1] not in ("", "0")):
        return len(parts[1])
    return 0
