"""The calculation tools as LangChain tools (pydantic argument schemas, Dutch descriptions for the LLM)
and `run_tool` for the CLI and tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.calc.operations import Operation
from assistant.errors import ToolInputError
from assistant.figures import FigureTables
from assistant.tools.base import ToolResult
from assistant.tools.budget import budget_variance, cost_drivers
from assistant.tools.calculate import bereken
from assistant.tools.contracts import ALL, PERIOD_SLOTS, Contract, Slot, SlotKind
from assistant.tools.growth import growth
from assistant.tools.kpi import kpi_status
from assistant.tools.lookup import figure_lookup
from assistant.tools.ratios import ratio
from assistant.tools.savings import savings_overview
from assistant.tools.scenario import verevening_scenario
from assistant.tools.verevening import verevening_effect

SOURCES = (
    " Het resultaat bevat een tabel, een samenvatting, kanttekeningen ('notes') en de bronnen (document en "
    "pagina van elk gebruikt cijfer); noem die bronnen in het antwoord en neem de bedragen exact over."
)


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PeriodArgs(_Args):
    gemeente: str | None = Field(None, description="Gemeente, bijv. 'Zwolle'. Leeg = alle gemeenten.")
    jaar: int | None = Field(None, ge=2000, le=2100, description="Eén jaar, bijv. 2018. Leeg = alle jaren.")
    vanaf: int | None = Field(
        None, ge=2000, le=2100, description="Eerste jaar van een periode (met tot_en_met)."
    )
    tot_en_met: int | None = Field(None, ge=2000, le=2100, description="Laatste jaar van een periode.")


class ScenarioArgs(PeriodArgs):
    model: Literal["eigen_risico", "bonus_malus", "inwoners"] = Field(
        "eigen_risico",
        description="eigen_risico: elke gemeente draagt een deel van haar eigen kosten zelf; "
        "bonus_malus: het vereveningseffect per gemeente is begrensd; inwoners: verdelen naar aantal inwoners.",
    )
    eigen_risico_pct: float = Field(
        25.0,
        ge=0,
        le=100,
        description="Bij eigen_risico: deel van de eigen kosten "
        "dat de gemeente zelf draagt, in procenten (0 = huidige verevening, 100 = geen).",
    )
    maximum_pct: float = Field(
        10.0,
        ge=0,
        description="Bij bonus_malus: maximaal vereveningseffect per gemeente, "
        "in procenten van haar eigen kosten.",
    )


class KpiArgs(_Args):
    kpi: str | None = Field(
        None, description="KPI-nummer ('KPI 5' of '5') of naam ('Kosten per klant'). Leeg = alle."
    )
    groep: str | None = Field(None, description="Doelgroep: 'Jeugd' of 'Wmo'. Leeg = beide.")
    alleen_niet_gehaald: bool = Field(False, description="Alleen KPI's die hun streefwaarde niet halen.")
    periode: str | None = Field(None, description="Periode, bijv. '2023-Q1'. Leeg = alle.")


class BudgetArgs(_Args):
    regel: str | None = Field(
        None,
        description="Begrotingsregel, bijv. 'Jeugdzorg', 'WMO', 'Totale kosten'. "
        "Leeg = alle regels met het totaal.",
    )
    periode: str | None = Field(None, description="Jaar van de begroting, bijv. '2023'. Leeg = alle.")


class DriversArgs(_Args):
    groep: str | None = Field(None, description="'Jeugd' of 'Wmo'. Leeg = beide.")


class SavingsArgs(_Args):
    cluster: str | None = Field(
        None, description="Cluster van maatregelen, bijv. 'Doorontwikkeling toegang'."
    )
    jaar: int | None = Field(None, ge=2000, le=2100, description="Jaar, bijv. 2019. Leeg = alle jaren.")
    tabel: str | None = Field(
        None, description="Welke tabel van het document ('clustertabel' of 'overzicht'). Leeg = alle."
    )


class RatioArgs(_Args):
    soort: Literal[
        "kosten_per_inwoner", "kosten_per_jeugdige", "uitnutting", "fte_per_1000_inwoners", "ses_daling"
    ] = Field(description="Welke verhouding.")
    gemeente: str | None = Field(None, description="Gemeente. Leeg = alle gemeenten.")
    jaar: int | None = Field(
        None, ge=2000, le=2100, description="Alleen bij kosten_per_*: jaar (standaard het laatste jaar)."
    )
    verevening: Literal["voor", "na"] = Field(
        "voor", description="Alleen bij kosten_per_*: kosten voor of na verevening."
    )


class LookupArgs(_Args):
    tabel: str | None = Field(
        None, description="Cijfertabel, bijv. 'ses', 'crisis', 'wijkteam', 'kengetallen'."
    )
    onderwerp: str | None = Field(None, description="Onderwerp: gemeente, KPI, begrotingsregel of cluster.")
    maat: str | None = Field(None, description="Maat, bijv. 'ses_score', 'inwoners', 'gemiddelde_kosten'.")
    periode: str | None = Field(None, description="Periode, bijv. '2018' of '2023-Q1'.")
    zoekterm: str | None = Field(None, description="Zoekt in tabel, onderwerp, maat, groep en toelichting.")


class GrowthArgs(_Args):
    maat: str = Field(description="Maat, bijv. 'gemiddelde_kosten_per_client', 'ses_score', 'inwoners'.")
    van: str = Field(description="Beginperiode, bijv. '2017'.")
    naar: str = Field(description="Eindperiode, bijv. '2018'.")
    onderwerp: str | None = Field(None, description="Gemeente of ander onderwerp. Leeg = alle.")
    tabel: str | None = Field(None, description="Cijfertabel, bijv. 'lta', 'ses'. Leeg = alle.")


class CalculateArgs(_Args):
    vraag: str = Field(description="De rekenvraag in gewone woorden, met wat er vergeleken of opgeteld wordt, de "
                                   "gemeente(n) en de jaren, bijv. 'verschil bijdrage Zwolle 2026 en 2029'.")
    bewerking: Literal["lookup", "difference", "sum", "share", "change", "multiple", "per_inhabitant", "deviation",
                       "rank"] | None = Field(None, description="De bewerking; leeg = uit de vraag afgeleid.")


@dataclass(frozen=True)
class ToolSpec:
    name: str
    function: Callable[..., ToolResult]
    args: type[BaseModel]
    short: str
    description: str
    contracts: tuple[Contract, ...] = ()  # when the offline planner chooses this tool, and how it fills arguments
    chart: str = ""  # the kind of chart the app draws of its result (assistant.present.charts.CHARTS)


# Cue words (over accent-folded text) of the domain tools' concepts.
_VEREVENING = r"\bvereven\w*|\bequali[sz]\w*"
_EFFECT = (r"\b(?:effect|voordeel|nadeel|meer dan|minder dan|bijbetaal\w*|betaalde|betaald|opgeleverd|kostte|"
           r"financi\w*|netto|per saldo|gain|loss|benefit|aandeel|aandelen|share|voor en na|na verevening)\b")
_KPI_WORD = r"\bkpi"
_KPI_STATUS = (r"\b(?:afwij\w*|streefwaarde\w*|doel\w*|norm|gehaald|halen|haalt|scoor\w*|score\w*|realisatie|"
               r"target|rapportcijfer|kpi'?s)\b")
_NOT_MET = r"\b(?:niet gehaald|niet halen|halen\b.*\bniet|haalt\b.*\bniet|missed|not met|do not meet)\b"
_BUDGET = r"\b(?:begroting\w*|begroot|prognose|overschrijding|overschreden|budget|over budget|variance)\b"
_CAUSES = r"\b(?:oorza\w*|veroorzaakt|drivers?|causes?)\b"
_RISE = r"\b(?:begroting|overschrijding|overschreden|kostenstijging|stijging|overspend\w*)\b"
_SAVINGS = r"\b(?:opbrengst\w*|besparing\w*|bespaard|savings?)\b"


SPECS = [
    ToolSpec(
        "verevening_effect",
        verevening_effect,
        PeriodArgs,
        "Effect van de verevening per gemeente en jaar/periode (voor, na, voordeel/nadeel).",
        "Berekent het effect van een regionale risicoverevening jeugd (tabel met aandelen in de kosten) per "
        "gemeente en jaar en opgeteld over een periode: kosten voor en na verevening (aandeel x totaal "
        "verevende percelen), het verschil en of het een voordeel of nadeel is. Gebruik bij vragen als "
        "'Hoeveel heeft gemeente X door de verevening bijbetaald?'. De aandelen zijn afgeronde percentages, dus "
        "de bedragen zijn benaderingen." + SOURCES,
        (Contract((_VEREVENING, _EFFECT), frozenset({Operation.LOOKUP, Operation.DIFFERENCE, Operation.DEVIATION,
                                                        Operation.SHARE}), ("verevening",), PERIOD_SLOTS),),
        chart="verevening"
    ),
    ToolSpec(
        "verevening_scenario",
        verevening_scenario,
        ScenarioArgs,
        "Verevening met eigen risico, bonus-malus of verdeling naar inwoners.",
        "Rekent een alternatieve verevening door (rapporten bevelen soms een eigen risico of bonus-malus aan): wat elke gemeente zou betalen met een eigen risico, met een bonus-malus (begrensd "
        "vereveningseffect) of met verdeling naar aantal inwoners, vergeleken met de huidige verevening en met "
        "de eigen kosten. Gebruik bij 'wat als'-vragen over de verdeling van de kosten." + SOURCES,
        (Contract((_VEREVENING, r"\b(?:eigen risico|bonus[- ]?malus|naar (?:aantal )?inwoners|wat als|what if)\b"),
                  ALL, ("verevening",),
                  {**PERIOD_SLOTS, "model": Slot(SlotKind.CHOICE, choices=(("bonus", "bonus_malus"),
                                                                           ("inwoners", "inwoners"),
                                                                           ("", "eigen_risico")))}),),
        chart="scenario"
    ),
    ToolSpec(
        "kpi_status",
        kpi_status,
        KpiArgs,
        "KPI's: realisatie t.o.v. streefwaarde, gehaald of niet, afwijking.",
        "Geeft per KPI uit de geladen KPI-cijfers (en wachttijden) de realisatie, de "
        "streefwaarde met richting (> of <), of de streefwaarde gehaald is en de afwijking zoals het rapport "
        "die rekent (bij '<': (doel - realisatie)/doel, bij '>': (realisatie - doel)/doel), met de afgedrukte "
        "afwijking ter controle. Gebruik bij 'Welke KPI's halen hun streefwaarde niet?'." + SOURCES,
        (Contract((_KPI_WORD, _KPI_STATUS), frozenset({Operation.LOOKUP, Operation.DEVIATION}), ("kpi",),
                  {"kpi": Slot(SlotKind.KPI, "kpi"), "groep": Slot(SlotKind.GROUP, "kpi"),
                   "alleen_niet_gehaald": Slot(SlotKind.FLAG, pattern=_NOT_MET)}),
         Contract((_KPI_STATUS,), frozenset({Operation.LOOKUP, Operation.DEVIATION}), ("kpi",),
                  {"kpi": Slot(SlotKind.KPI, "kpi"), "groep": Slot(SlotKind.GROUP, "kpi"),
                   "alleen_niet_gehaald": Slot(SlotKind.FLAG, pattern=_NOT_MET)}, requires=("kpi",))),
        chart="kpi"
    ),
    ToolSpec(
        "budget_variance",
        budget_variance,
        BudgetArgs,
        "Begroting tegen verwachting per regel en totaal (euro en %).",
        "Vergelijkt begroting en verwachting (prognose) per begrotingsregel en in totaal (financieel overzicht): afwijking in euro en procent, en controleert de afgedrukte verschillen en totalen. Gebruik bij "
        "'Hoeveel zit de prognose boven de begroting?'." + SOURCES,
        (Contract((_BUDGET,), frozenset({Operation.LOOKUP, Operation.DEVIATION, Operation.DIFFERENCE}), ("financien",),
                  {"regel": Slot(SlotKind.SUBJECT, "financien")}),),
        chart="budget"
    ),
    ToolSpec(
        "cost_drivers",
        cost_drivers,
        DriversArgs,
        "Genoemde oorzaken van de kostenstijging en het onverklaarde deel.",
        "Somt de in de rapportage genoemde oorzaken van de kostenstijging op (indexatie, dwang, "
        "begeleiding, lagere kosten ...) per groep (Jeugd, Wmo), met hun som en het niet verklaarde deel van "
        "de stijging." + SOURCES,
        (Contract((_CAUSES, _RISE), frozenset({Operation.LOOKUP, Operation.SUM, Operation.SHARE, Operation.DEVIATION}),
                  ("kostenoorzaken",), {"groep": Slot(SlotKind.GROUP, "kostenoorzaken")}),)
    ),
    ToolSpec(
        "savings_overview",
        savings_overview,
        SavingsArgs,
        "Verwachte en gerealiseerde besparingen per cluster en jaar, met totalen.",
        "Verwachte en gerealiseerde opbrengst (besparing) van maatregelen per cluster en jaar (voortgangs"
        "rapportage), met totalen, de controle van afgedrukte totalen en tegenstrijdige cijfers "
        "tussen tabellen van hetzelfde document." + SOURCES,
        (Contract((_SAVINGS,), frozenset({Operation.LOOKUP}), ("besparingen",),
                  {"cluster": Slot(SlotKind.SUBJECT, "besparingen"), "jaar": Slot(SlotKind.YEAR)}),)
    ),
    ToolSpec(
        "ratio",
        ratio,
        RatioArgs,
        "Verhoudingen: kosten per inwoner/jeugdige, uitnutting, fte per 1.000, SES-daling.",
        "Berekent een verhouding per gemeente en vergelijkt die met het afgedrukte cijfer: kosten verevende "
        "percelen per inwoner of per jeugdige, uitnutting crisisproducten (kosten/verplichting), wijkteam-fte "
        "per 1.000 inwoners, daling van de SES-score in procenten." + SOURCES,
        (Contract((r"\bper (?:jeugdige|child)\b",), frozenset({Operation.PER_INHABITANT, Operation.LOOKUP}),
                  ("verevening",), {"gemeente": Slot(SlotKind.PLACE), "jaar": Slot(SlotKind.LAST_YEAR_OR_ONLY),
                                    "verevening": Slot(SlotKind.CHOICE, choices=((r"\bna (?:de )?verevening|after", "na"),
                                                                                ("", "voor")))},
                  {"soort": "kosten_per_jeugdige"}),
         Contract((r"\bper (?:inwoner|inhabitant|resident)\b",), frozenset({Operation.PER_INHABITANT, Operation.LOOKUP}),
                  ("verevening",), {"gemeente": Slot(SlotKind.PLACE), "jaar": Slot(SlotKind.LAST_YEAR_OR_ONLY),
                                    "verevening": Slot(SlotKind.CHOICE, choices=((r"\bna (?:de )?verevening|after", "na"),
                                                                                ("", "voor")))},
                  {"soort": "kosten_per_inwoner"}),
         Contract((r"\b(?:uitnut\w*|utili[sz]ation)",), frozenset({Operation.LOOKUP, Operation.SHARE,
                                                                   Operation.DEVIATION}),
                  ("crisis",), {"gemeente": Slot(SlotKind.PLACE)}, {"soort": "uitnutting"}),
         Contract((r"\bfte\b", r"\bper\s*(?:1\.?000|duizend)\b"), frozenset({Operation.LOOKUP, Operation.PER_INHABITANT}),
                  ("wijkteam",), {"gemeente": Slot(SlotKind.PLACE)}, {"soort": "fte_per_1000_inwoners"}),
         Contract((r"\bses\b", r"\b(?:daling|gedaald|daalde|dalen|decline|drop)"),
                  frozenset({Operation.LOOKUP, Operation.CHANGE, Operation.DIFFERENCE}),
                  ("ses",), {"gemeente": Slot(SlotKind.PLACE)}, {"soort": "ses_daling"}))
    ),
    ToolSpec(
        "growth",
        growth,
        GrowthArgs,
        "Stijging of daling van een cijfer tussen twee perioden (absoluut en %).",
        "Berekent hoeveel een afgedrukt cijfer (bijv. gemiddelde LTA-kosten per cliënt, SES-score, aantal "
        "cliënten) veranderde van de ene periode naar de andere, absoluut en in procenten, per onderwerp "
        "(gemeente). Gebruik bij 'Met hoeveel procent stegen ... van 2017 naar 2018?'." + SOURCES,
    ),
    ToolSpec(
        "figure_lookup",
        figure_lookup,
        LookupArgs,
        "Cijfers opzoeken zoals afgedrukt, met document en pagina.",
        "Zoekt cijfers op zoals ze in de rapporten staan (zonder berekening), gefilterd op tabel, onderwerp, "
        "maat, periode of zoekterm; zonder argumenten een overzicht van de beschikbare tabellen. Gebruik voor "
        "losse cijfers (SES-scores, leeftijdsopbouw, verwijzers, wijkteams, crisis, wachttijden, kengetallen)."
        + SOURCES,
    ),
]
SPECS.append(ToolSpec(
    "bereken",
    bereken,
    CalculateArgs,
    "Algemene berekening op de cijfers uit alle documenten: verschil, som, aandeel, groei, keer zo veel, ...",
    "Rekent met de cijfers die bij het inlezen uit de tabellen en tekst van alle documenten zijn gehaald (en de "
    "cijfertabellen): verschil, som, aandeel, verandering (absoluut en %), hoeveel keer zo veel, per inwoner, "
    "afwijking van begroting of streefwaarde, hoogste/laagste. Geef de vraag in gewone woorden met de "
    "gemeente(n) en jaren. Het resultaat toont de formule met de cijfers zoals afgedrukt en de regel van de "
    "pagina waar elk cijfer staat. Passen meerdere tabellen even goed, dan krijgt u de kandidaten." + SOURCES,
    chart="operands",
))
TOOLS = {spec.name: spec for spec in SPECS}

_MESSAGES = {
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_parsing": "moet true of false zijn",
    "string_type": "moet tekst zijn",
    "missing": "is verplicht",
}


def validation_message(name: str, exc: ValidationError) -> str:
    spec = TOOLS[name]
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "argumenten"
        if error["type"] == "extra_forbidden":
            parts.append(f"'{field}' is geen argument van {name}")
        elif error["type"] == "literal_error":
            parts.append(f"{field}: kies uit {str(error['ctx']['expected']).replace(' or ', ' of ')}")
        else:
            parts.append(f"{field}: {_MESSAGES.get(error['type'], error['msg'])}")
    allowed = ", ".join(spec.args.model_fields)
    return f"Ongeldige argumenten voor {name}: {'; '.join(parts)}. Toegestane argumenten: {allowed}."


def _spec(name: str) -> ToolSpec:
    if name not in TOOLS:
        raise ToolInputError(f"Onbekende tool '{name}'. Beschikbaar: {', '.join(TOOLS)}.")
    return TOOLS[name]


def tool_arguments(name: str) -> list[str]:
    """The argument names a tool takes."""
    return list(_spec(name).args.model_fields)


def run_tool(figures: FigureTables, name: str, args: dict[str, Any] | None = None) -> ToolResult:
    """Validate `args` with the tool's schema and run it; bad input raises `ToolInputError`."""
    spec = _spec(name)
    if args is not None and not isinstance(args, dict):
        raise ToolInputError(
            f'De argumenten voor {name} moeten een JSON-object zijn, bijv. {{"jaar": 2018}}.'
        )
    try:
        parsed = spec.args.model_validate(args or {})
    except ValidationError as exc:
        raise ToolInputError(validation_message(name, exc)) from None
    return with_conflicts(figures, spec.function(figures, **parsed.model_dump()))


def with_conflicts(figures: FigureTables, result: ToolResult) -> ToolResult:
    """A result that used a contradicted figure says so (both values, both sources): never hidden."""
    notes = [n for n in figures.conflict_notes_for(result.sources) if n not in result.notes]
    return result.model_copy(update={"notes": [*result.notes, *notes]}) if notes else result


def build_tools(figures: FigureTables) -> list:
    """LangChain tools over `figures`; each returns the ToolResult as a JSON-serialisable dict.

    Bad input (unknown municipality, year, KPI, line, or invalid arguments) comes back to the model as a
    clear Dutch message listing the valid options, not as an exception.
    """
    from langchain_core.tools import StructuredTool, ToolException

    def make(spec: ToolSpec):
        def run(**kwargs: Any) -> dict[str, Any]:
            try:
                return with_conflicts(figures, spec.function(figures, **kwargs)).model_dump(mode="json")
            except ToolInputError as exc:
                raise ToolException(str(exc)) from None

        def on_invalid(exc: ValidationError) -> str:
            return validation_message(spec.name, exc)

        return StructuredTool.from_function(
            func=run,
            name=spec.name,
            description=spec.description,
            args_schema=spec.args,
            handle_tool_error=True,
            handle_validation_error=on_invalid,
        )

    return [make(spec) for spec in SPECS]
