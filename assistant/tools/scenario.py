"""What-if variants of the verevening, as the quick scan recommends considering (p. 17: "een
bonus-malusregeling of een eigen risico per gemeente").

Per year, with own = aandeel voor x totaal and equalised = aandeel na x totaal (EUR x 1000):

- `eigen_risico` (share r in [0, 1]): each municipality bears r of its own costs itself and the rest is
  equalised by the current key: pay = r x own + (1 - r) x equalised. r = 0 is the current verevening,
  r = 1 is no verevening.
- `bonus_malus` (maximum m % of own costs): the verevening effect (equalised - own) per municipality is
  capped at +/- m % of its own costs, so a high-cost municipality bears the costs above the cap itself
  (malus) and the municipalities paying for it contribute less (bonus). To keep the region balanced the
  side (nadeel or voordeel) with the larger capped total is scaled down proportionally. m = 0 is no
  verevening; a large m is the current verevening.
- `inwoners`: costs are shared by number of inhabitants (end 2017, from Tabel 1) instead of the
  macrobudget key: pay = inwoners share x totaal.
Invariant: when the shares sum to 100%, the amounts paid sum to the year's total in every model.
"""

from __future__ import annotations

from typing import Literal

from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.numbers import format_dutch_number
from assistant.tools import verevening as ver
from assistant.tools.base import ToolResult, money, sources_from

Model = Literal["eigen_risico", "bonus_malus", "inwoners"]


def eigen_risico(own: dict[str, float], equalised: dict[str, float], share: float) -> dict[str, float]:
    return {m: share * own[m] + (1 - share) * equalised[m] for m in own}


def bonus_malus(own: dict[str, float], equalised: dict[str, float], maximum: float) -> dict[str, float]:
    """Cap each transfer at +/- maximum x own costs, then scale the larger side down to balance."""
    capped = {m: max(-maximum * own[m], min(maximum * own[m], equalised[m] - own[m])) for m in own}
    pays = sum(t for t in capped.values() if t > 0)
    gets = -sum(t for t in capped.values() if t < 0)
    if pays > gets:
        capped = {m: t * gets / pays if t > 0 else t for m, t in capped.items()}
    elif gets > pays:
        capped = {m: t * pays / gets if t < 0 else t for m, t in capped.items()}
    return {m: own[m] + capped[m] for m in own}


def by_key(key: dict[str, float], total: float) -> dict[str, float]:
    weight = sum(key.values())
    return {m: key[m] / weight * total for m in key}


def scenario_amounts(
    model: Model,
    own: dict[str, float],
    equalised: dict[str, float],
    total: float,
    key: dict[str, float] | None = None,
    share: float = 0.0,
    maximum: float = 0.0,
) -> dict[str, float]:
    """Amount each municipality pays in one year under `model` (pure; used by the tool and tests)."""
    if model == "eigen_risico":
        return eigen_risico(own, equalised, share)
    if model == "bonus_malus":
        return bonus_malus(own, equalised, maximum)
    if not key:
        raise ToolInputError("Voor de verdeelsleutel 'inwoners' ontbreken de inwonersaantallen.")
    return by_key({m: key[m] for m in own}, total)


def verevening_scenario(
    figures: FigureTables,
    model: Model = "eigen_risico",
    eigen_risico_pct: float = 25.0,
    maximum_pct: float = 10.0,
    gemeente: str | None = None,
    jaar: int | None = None,
    vanaf: int | None = None,
    tot_en_met: int | None = None,
) -> ToolResult:
    """Compare current verevening with an eigen-risico, bonus-malus or inhabitants-key variant."""
    if model not in ("eigen_risico", "bonus_malus", "inwoners"):
        raise ToolInputError(f"Onbekend model '{model}'. Kies uit: eigen_risico, bonus_malus, inwoners.")
    if not 0 <= eigen_risico_pct <= 100 or maximum_pct < 0:
        raise ToolInputError(
            "eigen_risico_pct moet tussen 0 en 100 liggen en maximum_pct mag niet negatief zijn."
        )
    data, notes = ver.load(figures), []
    shown, years = ver.select(data, gemeente, jaar, vanaf, tot_en_met, notes)
    everyone = [
        m for m in data.municipalities if all((m, y) in data.before and (m, y) in data.after for y in years)
    ]
    key = {m: data.inhabitants[m] for m in everyone if m in data.inhabitants}
    key_measure = ver.INHABITANTS
    if model == "inwoners" and len(key) < len(everyone):
        key, key_measure = {m: data.inhabitant_share.get(m, 0.0) for m in everyone}, ver.INHABITANT_SHARE
    sums = {m: [0.0, 0.0, 0.0] for m in everyone}
    for year in years:
        total = data.total[year]
        own = {m: data.before[(m, year)] * total for m in everyone}
        equalised = {m: data.after[(m, year)] * total for m in everyone}
        pay = scenario_amounts(model, own, equalised, total, key, eigen_risico_pct / 100, maximum_pct / 100)
        for m in everyone:
            sums[m][0] += own[m]
            sums[m][1] += equalised[m]
            sums[m][2] += pay[m]
    period = ver.period_label(years)
    rows = [
        {
            "gemeente": m,
            "periode": period,
            "eigen kosten": s[0],
            "huidige verevening": s[1],
            "scenario": s[2],
            "scenario - huidig": s[2] - s[1],
            "scenario - eigen kosten": s[2] - s[0],
        }
        for m, s in sums.items()
        if m in shown
    ]
    if not rows:
        raise ToolInputError(f"Geen volledige verevening-cijfers voor deze selectie in {period}.")
    label = {
        "eigen_risico": f"eigen risico van {format_dutch_number(eigen_risico_pct, None, '%')}",
        "bonus_malus": f"bonus-malus met een maximum van {format_dutch_number(maximum_pct, None, '%')} "
        "van de eigen kosten",
        "inwoners": "verdeling naar aantal inwoners",
    }[model]
    moved = sorted(rows, key=lambda r: -abs(r["scenario - huidig"]))[:3]
    summary = (
        f"Scenario {label} ({period}): "
        + "; ".join(
            f"{r['gemeente']} betaalt {money(abs(r['scenario - huidig']), 'EUR x 1000')} "
            f"{'meer' if r['scenario - huidig'] > 0 else 'minder'} dan nu"
            for r in moved
        )
        + "."
    )
    notes = [
        MODEL_NOTES[model],
        ver.ROUNDING_NOTE,
        ("Bedragen x € 1.000; 'huidige verevening' = aandeel na verevening x totaal."),
        *ver.share_sum_notes(data, years),
        *notes,
    ]
    if model == "inwoners":
        notes.append("Inwoners eind 2017 (Tabel 1) zijn voor alle jaren gebruikt.")
    measures = (ver.BEFORE, ver.AFTER) + ((key_measure,) if model == "inwoners" else ())
    columns = list(rows[0])
    return ToolResult(
        tool="verevening_scenario",
        title=f"Verevening-scenario: {label}, {period}",
        columns=columns,
        rows=rows,
        summary=summary,
        notes=notes,
        sources=sources_from(ver.used_rows(data, everyone, years, measures)),
        units={c: "EUR x 1000" for c in columns[2:]},
    )


MODEL_NOTES = {
    "eigen_risico": "Eigen risico r: elke gemeente draagt r van haar eigen kosten zelf, de rest wordt verevend "
    "met de huidige verdeelsleutel: bedrag = r x eigen kosten + (1 - r) x huidige verevening.",
    "bonus_malus": "Bonus-malus: het vereveningseffect per gemeente is begrensd op het maximum (% van de eigen "
    "kosten); om de regio in evenwicht te houden wordt de kant (nadeel of voordeel) met het "
    "grootste begrensde totaal naar rato verlaagd.",
    "inwoners": "Verdeelsleutel inwoners: de totale kosten worden verdeeld naar aandeel in het aantal inwoners "
    "in plaats van naar het macrobudget jeugd.",
}
