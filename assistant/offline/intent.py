"""Recognise calculation questions (pure): which tool, with which arguments, a question asks for.

Entities (places, years, KPIs, Jeugd/Wmo, budget lines, clusters, measures) are matched against the loaded
figure tables and the corpus vocabulary (`corpus/aliases.csv`), so a new municipality or KPI in a user's
table is recognised without code changes. Small misspellings are matched with difflib. Questions that ask
*why* go to the extractive answer unless they also ask to calculate.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.figures import FigureTables
from assistant.offline.patterns import SUPERLATIVE, WHY, YEAR
from assistant.text import fold, tokenize
from assistant.vocabulary import Vocabulary

_KPI_NUMBER = re.compile(r"\bkpi[\s-]*(\d{1,2})\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")

_CALC = re.compile(r"\b(reken|bereken|tel\b|optellen|opgeteld|calculate|compute)", re.IGNORECASE)
_VEREVENING = re.compile(r"\b(verevening|vereven\w*|equali[sz]\w*)", re.IGNORECASE)
_EFFECT = re.compile(
    r"\b(effect|voordeel|nadeel|meer dan|minder dan|bijbetaal\w*|betaalde|betaald|opgeleverd|kostte|"
    r"financi\w*|netto|per saldo|gain|loss|benefit|aandeel|share)\b",
    re.IGNORECASE,
)
_SCENARIO = re.compile(r"\b(eigen risico|bonus[- ]?malus|naar (aantal )?inwoners|wat als|what if)\b", re.IGNORECASE)
_PER_INHABITANT = re.compile(r"\bper (inwoner|jeugdige|inhabitant|resident|child)\b", re.IGNORECASE)
_UTILISATION = re.compile(r"\b(uitnut\w*|utili[sz]ation)\b", re.IGNORECASE)
_FTE_RATIO = re.compile(r"\bfte\b.*\bper\s*(1\.?000|duizend)\b|\bper\s*(1\.?000|duizend)\b.*\bfte\b", re.IGNORECASE)
_SES_DROP = re.compile(r"\bses\b.*\b(daling|gedaald|daalde|dalen|decline|drop)|\b(daling|decline)\b.*\bses\b",
                       re.IGNORECASE)
_KPI_STATUS = re.compile(
    r"\b(afwij\w*|streefwaarde\w*|doel|norm|gehaald|halen|haalt|scoor\w*|score\w*|realisatie|target|"
    r"rapportcijfer|kpi'?s)\b",
    re.IGNORECASE,
)
_NOT_MET = re.compile(r"\b(niet gehaald|niet halen|halen .*niet|haalt .*niet|missed|not met|do not meet)\b",
                      re.IGNORECASE)
_BUDGET = re.compile(r"\b(begroting|prognose|overschrijding|overschreden|boven (de )?begroting|budget variance)\b",
                     re.IGNORECASE)
_CAUSES = re.compile(r"\b(oorza\w*|veroorzaakt|drivers?|causes?)\b", re.IGNORECASE)
_SAVINGS = re.compile(r"\b(opbrengst\w*|besparing\w*|bespaard|savings?)\b", re.IGNORECASE)
_GROWTH = re.compile(
    r"\b(steeg|stegen|gestegen|stijging|toename|toegenomen|groei\w*|daalde|daalden|gedaald|daling|afname|"
    r"increase\w*|decrease\w*|grew|rose)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b(procent\w*|percent\w*)\b|%", re.IGNORECASE)
_REGION = re.compile(r"\bregio\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedCall:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass
class Entities:
    municipalities: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def merged_with(self, previous: Entities) -> Entities:
        """Entities of a follow-up: what the new question names, the rest from the previous question."""
        return Entities(
            self.municipalities or previous.municipalities,
            self.years or previous.years,
            self.kpis or previous.kpis,
            self.groups or previous.groups,
        )


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def find_names(text: str, names: list[str], cutoff: float = 0.85) -> list[str]:
    """Names (possibly multi-word) occurring in `text`, exactly or with a small misspelling, in text order."""
    words = _words(text)
    found: list[tuple[int, str]] = []
    for name in names:
        parts = _words(name)
        if not parts:
            continue
        n = len(parts)
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if window == parts or (
                len(" ".join(parts)) >= 5
                and difflib.SequenceMatcher(None, " ".join(window), " ".join(parts)).ratio() >= cutoff
            ):
                found.append((i, name))
                break
    return [name for _, name in sorted(found)]


def municipalities_in(text: str, figures: FigureTables) -> list[str]:
    """Municipalities of the figure tables named in `text`; 'regio X' names the region, not X."""
    out = []
    for name in find_names(text, list(figures.municipalities)):
        match = re.search(re.escape(name[:5]), text, re.IGNORECASE)
        if match and _REGION.search(text[: match.start()]):
            continue
        out.append(name)
    return out


def kpis_in(text: str, figures: FigureTables, vocabulary: Vocabulary) -> list[str]:
    found = [f"KPI {m}" for m in _KPI_NUMBER.findall(text)]
    lowered = fold(text)
    for alias, name in vocabulary.kpi_aliases.items():
        if alias in lowered and name not in found:
            found.append(name)
    names = sorted(set(figures.table("kpi")["subject"])) if len(figures.figures) else []
    for name in find_names(text, names, cutoff=0.9):
        if name not in found:
            found.append(name)
    return found


def extract_entities(text: str, figures: FigureTables, vocabulary: Vocabulary,
                     places: list[str] | None = None) -> Entities:
    groups = []
    if re.search(r"\bjeugd(zorg|hulp)?\b|\byouth\b", text, re.IGNORECASE):
        groups.append("Jeugd")
    if re.search(r"\bwmo\b", text, re.IGNORECASE):
        groups.append("Wmo")
    years = sorted({int(y) for y in YEAR.findall(text)})
    subjects = set(figures.subjects)
    named = [p for p in places if p in subjects] if places is not None else municipalities_in(text, figures)
    return Entities(named, years, kpis_in(text, figures, vocabulary), groups)


def _subjects(figures: FigureTables, table: str) -> list[str]:
    frame = figures.table(table)
    return sorted(set(frame["subject"])) if len(frame) else []


def match_measure(text: str, figures: FigureTables, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The (table, measure) whose name the question uses most, e.g. 'aandeel jeugdigen' -> leeftijd/aandeel_0_17_jaar."""
    tokens = set(tokenize(fold(text)))
    words = set(_words(text))
    for word in list(words):
        words.update(vocabulary.measure_synonyms.get(word, []))
    best, best_score = None, 0.0
    frame = figures.figures
    if frame.empty:
        return None
    for (table, measure), _ in frame.groupby(["table", "measure"]):
        parts = [p for p in str(measure).split("_") if p not in ("per", "van", "de")]
        hits = sum(p in words or bool(set(tokenize(p)) & tokens) for p in parts)
        score = hits / len(parts) + (0.6 if table in words else 0.0) + 0.01 * hits
        if hits and score > best_score:
            best, best_score = (table, str(measure)), score
    return best if best_score >= 0.6 else None


def _period_args(entities: Entities) -> dict[str, Any]:
    years = entities.years
    if len(years) == 1:
        return {"jaar": years[0]}
    if len(years) >= 2:
        return {"vanaf": min(years), "tot_en_met": max(years)}
    return {}


def _one(values: list[str]) -> str | None:
    return values[0] if len(values) == 1 else None


def plan_tool_calls(question: str, figures: FigureTables, previous: str = "", vocabulary: Vocabulary | None = None,
                    places: list[str] | None = None) -> list[PlannedCall]:
    """The tool calls a question asks for (empty when it is not a calculation question).

    `previous` is the previous user question when this one is a follow-up ("En in X?"): the intent comes
    from both, the entities named now replace those of the previous question. `places` are the places the
    question frame found (gazetteer); None means: look for the figure tables' own subjects.
    """
    if figures.figures.empty:
        return []
    vocabulary = vocabulary or Vocabulary()
    entities = extract_entities(question, figures, vocabulary, places)
    text = question
    if previous:
        entities = entities.merged_with(extract_entities(previous, figures, vocabulary))
        text = f"{previous} {question}"
        if _PER_INHABITANT.search(question) or _UTILISATION.search(question):
            text = question  # "Wat kost dat per inwoner?" asks something new about the same subject
    if WHY.search(question) and not _CALC.search(question):
        return []
    muni = _one(entities.municipalities)

    if _VEREVENING.search(text) and _SCENARIO.search(text):
        model = "bonus_malus" if re.search(r"bonus", text, re.IGNORECASE) else (
            "inwoners" if re.search(r"inwoners", text, re.IGNORECASE) else "eigen_risico")
        return [PlannedCall("verevening_scenario", {"model": model, "gemeente": muni, **_period_args(entities)})]
    if _PER_INHABITANT.search(text):
        kind = "kosten_per_jeugdige" if re.search(r"jeugdige|child", text, re.IGNORECASE) else "kosten_per_inwoner"
        args: dict[str, Any] = {"soort": kind, "gemeente": muni}
        if entities.years:
            args["jaar"] = max(entities.years)
        if re.search(r"\bna (de )?verevening|after", text, re.IGNORECASE):
            args["verevening"] = "na"
        return [PlannedCall("ratio", args)]
    if _UTILISATION.search(text):
        return [PlannedCall("ratio", {"soort": "uitnutting", "gemeente": muni})]
    if _FTE_RATIO.search(text):
        return [PlannedCall("ratio", {"soort": "fte_per_1000_inwoners", "gemeente": muni})]
    if _SES_DROP.search(text) and not SUPERLATIVE.search(text):
        return [PlannedCall("ratio", {"soort": "ses_daling", "gemeente": muni})]
    if _VEREVENING.search(text) and _EFFECT.search(text):
        return [PlannedCall("verevening_effect", {"gemeente": muni, **_period_args(entities)})]
    if (entities.kpis or re.search(r"\bkpi", text, re.IGNORECASE)) and _KPI_STATUS.search(text):
        numbered = [k for k in entities.kpis if k.startswith("KPI ")]
        args = {"kpi": _one(numbered) or _one(entities.kpis), "groep": _one(entities.groups)}
        if _NOT_MET.search(text):
            args["alleen_niet_gehaald"] = True
        return [PlannedCall("kpi_status", args)]
    if _CAUSES.search(text) and (_BUDGET.search(text) or re.search(r"kostenstijging|stijging", text, re.IGNORECASE)):
        return [PlannedCall("cost_drivers", {"groep": _one(entities.groups)})]
    if _BUDGET.search(text):
        line = _one(find_names(text, _subjects(figures, "financien")))
        return [PlannedCall("budget_variance", {"regel": line})]
    if _SAVINGS.search(text):
        cluster = find_names(text, _subjects(figures, "besparingen"), cutoff=0.9)
        if cluster or re.search(r"\b(totaal|totale|verwacht\w*|gerealiseerd\w*)\b", text, re.IGNORECASE):
            return [PlannedCall("savings_overview", {"cluster": cluster[0] if cluster else None,
                                                     "jaar": entities.years[0] if len(entities.years) == 1 else None})]
    measure = match_measure(text, figures, vocabulary)
    if measure and _GROWTH.search(text) and _PERCENT.search(text) and len(entities.years) >= 2:
        table, name = measure
        return [PlannedCall("growth", {"tabel": table, "maat": name, "van": str(min(entities.years)),
                                       "naar": str(max(entities.years)), "onderwerp": muni})]
    if measure and SUPERLATIVE.search(text):
        table, name = measure
        periods = [str(y) for y in entities.years]
        return [PlannedCall("figure_lookup", {"tabel": table, "maat": name,
                                              "periode": periods[0] if len(periods) == 1 else None})]
    return []
