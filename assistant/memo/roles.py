"""What a sentence does in a report, for the memo's sections (pure).

The cues are data (`assistant/data/memo_cues.csv`, general Dutch policy language, replaceable):
- `development`, `problem`, `assignment`: why a topic is on the agenda (Aanleiding);
- `recommendation`: an option or action the text proposes ("wij adviseren", "kan worden ingezet");
- `option_lead`: a lead-in or label whose items are options ("De maatregelen zijn:", "Scenario 2: ...");
- `self`: the report describing itself ("Deze rapportage beschrijft ..."), never a finding or an option;
- `option_heading`: a heading over options or recommendations ("Aanbevelingen", "3.2 Maatregelen");
- `effect`: a heading over a measure's pros, cons or expected effect ("Voor- en nadelen").
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

AGENDA_ROLES = ("development", "problem", "assignment")
_DATE_OR_FIGURE = re.compile(r"\b(?:19|20)\d\d\b|\d[\d.,]*\s?%|€\s?\d|\b\d{1,3}(?:\.\d{3})+\b|\b\d+,\d+\b|"
                             r"\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                             r"december)\b", re.IGNORECASE)
_FIGURE = re.compile(r"€\s?\d|\d\s?%|\b\d{1,3}(?:\.\d{3})+\b|\b\d+,\d+\b|\b\d+\s?(?:miljoen|mln|fte|cliënten|"
                     r"klanten|jeugdigen|inwoners|dagen|weken|trajecten|procent)\b", re.IGNORECASE)


@cache
def _cues() -> dict[str, tuple[re.Pattern, ...]]:
    text = resources.files("assistant.data").joinpath("memo_cues.csv").read_text("utf-8")
    out: dict[str, list[re.Pattern]] = {}
    for row in csv.DictReader(text.splitlines()):
        if row.get("pattern"):
            out.setdefault(row["role"], []).append(re.compile(row["pattern"], re.IGNORECASE))
    return {role: tuple(patterns) for role, patterns in out.items()}


def has_role(text: str, role: str) -> bool:
    return any(p.search(text) for p in _cues().get(role, ()))


def roles_of(text: str) -> frozenset[str]:
    return frozenset(role for role in _cues() if has_role(text, role))


def dated(text: str) -> bool:
    """Whether a sentence states a date, year or figure (what makes a development concrete)."""
    return bool(_DATE_OR_FIGURE.search(text)) or has_figure(text)


def has_figure(text: str) -> bool:
    """Whether a sentence states an amount, share or count (not just a year)."""
    return bool(_FIGURE.search(text))


# A sentence that leans on the one before it ("Hierdoor wordt ...", "Echter, ...") does not stand alone.
_DEPENDENT = re.compile(r"^(?:hierdoor|daardoor|hiermee|daarmee|hierbij|daarbij|hiervoor|daarvoor|echter|dit|dat|"
                        r"deze|die|zij|ze|hij|ook|daarnaast|tevens|bovendien|toch|daarom|dus|wel|verder|"
                        r"vervolgens|tot slot|ten slotte|enerzijds|anderzijds)\b", re.IGNORECASE)


def stands_alone(text: str) -> bool:
    """Whether a sentence can be quoted without the one before it."""
    return not _DEPENDENT.match(text)
