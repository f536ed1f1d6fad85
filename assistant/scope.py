"""The scope check (pure): is every place, name and period a question names covered by the answer's evidence?

Evidence is what the answer uses: the cited pages plus their documents' own metadata (title, organisation,
municipality, year — kept at ingest even where running headers were dropped from the text), or the rows of
a tool result (their subjects and periods) plus their documents' metadata. A period in a tool answer must be
in the rows themselves: a report of 2019 does not make its table cover 2019.

- Nothing named is missing: the answer stands.
- Some of it is missing (one of two years, one of three places): the answer is given and starts by saying
  what is missing.
- All named places, or all named periods, are missing: the answer is a refusal that says what is missing
  and what the documents do cover. Other figures are never presented as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.names import period_years, periods
from assistant.text import fold, tokenize


@dataclass(frozen=True)
class Named:
    """What a question names that evidence must cover. Places carry their other spellings."""

    places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical name -> surface forms
    names: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.places or self.names or self.periods)


@dataclass(frozen=True)
class Evidence:
    """Texts (pages, metadata, tool rows) and the periods tool rows give explicitly.

    `context` are texts that may cover names but not places or periods (the pages a tool's figures are
    printed on: a page of a regional table names every municipality of the region, the rows only some).
    """

    texts: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()  # for tool answers: the rows' periods only
    text_periods: bool = True  # whether periods printed in `texts` count (text answers: yes; tools: no)
    context: tuple[str, ...] = ()

    @classmethod
    def of(cls, texts: Iterable[str], row_periods: Iterable[str] | None = None,
           context: Iterable[str] = ()) -> Evidence:
        texts = tuple(t for t in texts if t)
        if row_periods is None:
            return cls(texts, context=tuple(context))
        return cls(texts, tuple(p for p in row_periods if p), text_periods=False, context=tuple(context))


@dataclass(frozen=True)
class ScopeVerdict:
    missing_places: tuple[str, ...] = ()
    missing_names: tuple[str, ...] = ()
    missing_periods: tuple[str, ...] = ()
    covered_places: tuple[str, ...] = ()
    covered_periods: tuple[str, ...] = ()
    named: Named = field(default_factory=Named)

    @property
    def complete(self) -> bool:
        return not (self.missing_places or self.missing_names or self.missing_periods)

    @property
    def refuse(self) -> bool:
        """Nothing of a named kind is covered: answering would present other figures as the answer."""
        places_gone = bool(self.named.places) and not self.covered_places
        periods_gone = bool(self.named.periods) and not self.covered_periods
        return places_gone or periods_gone or bool(self.missing_names)

    def missing(self) -> list[str]:
        return [*self.missing_places, *self.missing_names, *self.missing_periods]


def _pattern(form: str) -> re.Pattern[str]:
    """Whole words of `form`, any spacing or hyphen between them ("Midden-Groningen" = "Midden Groningen")."""
    key = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", fold(form).strip()) if w)
    return re.compile(rf"(?<![\w]){key}(?![\w])")


def text_mentions(texts: Sequence[str], forms: Iterable[str]) -> bool:
    folded = [fold(t) for t in texts]
    return any(_pattern(f).search(t) for f in forms if f for t in folded)


def name_covered(name: str, texts: Sequence[str]) -> bool:
    """A name (organisation, programme, term) is covered when all its stemmed words occur in the texts:
    "SES-daling" by "de daling van de SES", "Nederlands Jeugdinstituut (NJi)" by that phrase."""
    wanted = set(tokenize(name))
    if not wanted:
        return True
    found: set[str] = set()
    for text in texts:
        found.update(tokenize(text))
        if wanted <= found:
            return True
    return False


def _evidence_years(evidence: Evidence) -> set[int]:
    found: set[int] = set()
    sources = list(evidence.periods)
    if evidence.text_periods:
        for text in evidence.texts:
            sources.extend(periods(text))
    for p in sources:
        found.update(period_years(p))
    return found


def _evidence_quarters(evidence: Evidence) -> set[str]:
    out = {p for p in evidence.periods if "-Q" in p or "-H" in p}
    if evidence.text_periods:
        for text in evidence.texts:
            out.update(p for p in periods(text) if "-Q" in p or "-H" in p)
    return out


def period_covered(period: str, evidence: Evidence) -> bool:
    """A year is covered by a mention of it or of a range that contains it; a quarter needs that quarter."""
    if "-Q" in period or "-H" in period:
        return period in _evidence_quarters(evidence)
    years = period_years(period)
    return bool(years) and all(y in _evidence_years(evidence) for y in years)


def _split_ranges(periods_: Iterable[str]) -> list[str]:
    """A named range is checked year by year ("2018 en 2019" covers 2018 even when 2019 is missing)."""
    out: list[str] = []
    for p in periods_:
        years = period_years(p) if re.fullmatch(r"\d{4}-\d{4}", p) else []
        out.extend(str(y) for y in years) if years else out.append(p)
    return list(dict.fromkeys(out))


def check_scope(named: Named, evidence: Evidence) -> ScopeVerdict:
    covered_places = tuple(p for p, forms in named.places.items() if text_mentions(evidence.texts, (p, *forms)))
    missing_places = tuple(p for p in named.places if p not in covered_places)
    missing_names = tuple(n for n in named.names if not name_covered(n, (*evidence.texts, *evidence.context)))
    wanted = _split_ranges(named.periods)
    covered_periods = tuple(p for p in wanted if period_covered(p, evidence))
    missing_periods = tuple(p for p in wanted if p not in covered_periods)
    return ScopeVerdict(missing_places, missing_names, missing_periods, covered_places, covered_periods, named)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def show_period(period: str) -> str:
    """A period as users write it: '2023-Q3' -> 'Q3 2023', '2022-H2' -> 'H2 2022', '2016-2018' -> '2016–2018'."""
    m = re.match(r"^(\d{4})-([QH]\d)$", period)
    if m:
        return f"{m.group(2)} {m.group(1)}"
    return period.replace("-", "–")


def missing_sentence(verdict: ScopeVerdict, figures: bool = False) -> str:
    """'Voor Zeist staan er geen cijfers in de documenten.' / 'Voor 2024 staat er niets in de documenten.'"""
    what = "staan er geen cijfers" if figures else "staat er niets"
    places = [*verdict.missing_places, *verdict.missing_names]
    periods_ = [show_period(p) for p in verdict.missing_periods]
    if places and periods_:
        return f"Voor {_join(places)} in {_join(periods_)} {what} in de documenten."
    if places:
        return f"Voor {_join(places)} {what} in de documenten."
    if periods_:
        return f"Voor {_join(periods_)} {what} in de documenten."
    return ""
