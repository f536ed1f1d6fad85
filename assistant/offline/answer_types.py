"""What kind of answer a question asks for, and how well a sentence gives that kind (pure).

General Dutch and English question forms: a list ("welke ... zijn", "noem"), a moment ("wanneer", "per
wanneer", "when"), an actor ("wie", "door wie", "who"), a place ("welke gemeente"), a meaning ("wat is",
"wat houdt ... in", "what is"). A sentence of that kind gets a bonus on top of its overlap with the
question: a lead-in or a numbered item of the asked kind for a list, a date or period for "wanneer", an
organisation or person for "wie", a place name for "welke gemeente", a defining or expanding sentence for a
meaning. The bonuses are small next to the overlap score: they decide between sentences that answer alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.offline.lists import label_word
from assistant.text import tokenize

LIST_Q = re.compile(
    r"(?:^|[.?!:]\s+)(welke|wat zijn|noem|op welke manieren|which|what are|list)\b|\b(welke \w+ (zijn|worden)|"
    r"welke (zijn|waren) (dat|die|deze)|aanbevelingen|principes|pijlers|varianten|manieren)\b",
    re.IGNORECASE,
)
WHEN_Q = re.compile(r"\b(wanneer|per wanneer|vanaf wanneer|tot wanneer|hoe laat|when|by when)\b", re.IGNORECASE)
WHO_Q = re.compile(r"^\s*(wie|door wie|met wie|welke organisatie\w*|who|by whom)\b|\b(wie|who)\s+(heeft|is|doet|"
                   r"voert|ondertekent|betaalt|carried|commissioned|signs)\b", re.IGNORECASE)
PLACE_Q = re.compile(r"\b(welke|which)\s+(gemeente|gemeenten|plaats|plaatsen|regio|municipality|town)\b", re.IGNORECASE)
MEANING_Q = re.compile(r"^\s*(wat (is|zijn|betekent|houdt)|wat wordt .* (bedoeld|verstaan)|what (is|are|does))\b|"
                       r"\bhoudt\b.*\bin\b", re.IGNORECASE)

_DATE = re.compile(
    r"\b(?:(?:uiterlijk|vanaf|per|voor|na|in|eind|begin|medio|halverwege|sinds)\s+)?(?:(?:het\s+)?(?:eerste|tweede|"
    r"derde|vierde)\s+kwartaal|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|voorjaar|zomer|najaar|winter|Q[1-4])\b|\b(?:19|20)\d\d\b|\b\d{1,2}-\d{1,2}-(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_ACTOR = re.compile(r"\b(?:door|van|namens|in opdracht van|uitgevoerd door|ondertekend door|by)\s+(?:de\s+|het\s+)?"
                    r"[A-ZÀ-Þ][\w&.-]+|\b[A-Z]{2,}[a-z]*\b")
_DEFINING = re.compile(r"\b(?:is een|zijn|staat voor|betekent|houdt in|verstaan we|bedoelen we|wordt bedoeld|"
                       r"waarbij|dat wil zeggen|oftewel|methodiek|aanpak waarbij)\b|\(\s*[A-Z][\w-]*\s*\)",
                       re.IGNORECASE)
LEAD_IN = 0.15
LABELLED = 0.2
KIND = 0.12


def is_list_question(question: str) -> bool:
    return bool(LIST_Q.search(question))


def bonus_for(question: str, places: Callable[[str], bool] | None = None) -> Callable[[str], float] | None:
    """The answer-type bonus of a sentence for this question, or None when the question asks no special kind."""
    terms = set(tokenize(question))
    listing = is_list_question(question)
    when = bool(WHEN_Q.search(question))
    who = bool(WHO_Q.search(question))
    place = bool(PLACE_Q.search(question)) and places is not None
    meaning = bool(MEANING_Q.search(question))
    if not (listing or when or who or place or meaning):
        return None

    def bonus(text: str) -> float:
        score = 0.0
        if listing:
            if text.rstrip().endswith(":"):
                score += LEAD_IN  # a lead-in announces the items
            word = label_word(text)
            if word and set(tokenize(word)) & terms:
                score += LABELLED  # "Hoofddoel 3. ..." for "welke hoofddoelen"
        if when and _DATE.search(text):
            score += KIND
        if who and _ACTOR.search(text):
            score += KIND
        if place and places is not None and places(text):
            score += KIND
        if meaning and _DEFINING.search(text):
            score += KIND
        return score

    return bonus


_QUOTED = re.compile(r"[‘'\"“]([^‘’'\"“”]{2,80})[’'\"”]")
_BETWEEN = re.compile(r"\bverschil(?:len)?\s+tussen\s+(.+?)\s+en\s+(.+?)\s*(?:\?|$|,|\bin\b|\bbij\b)", re.IGNORECASE)
_BOTH = re.compile(r"\bzowel\s+(.+?)\s+als\s+(.+?)\s*(?:\b(?:noemen|hebben|zijn|doen|kennen|gebruiken|werken|zetten|"
                   r"aan|in|op|met|voor|bij|over)\b|\?|$)",
                   re.IGNORECASE)
_VERSUS = re.compile(r"(\b[\w’'-]+(?:\s+[\w’'-]+){0,3})\s+(?:versus|vs\.?|vergeleken met|tegenover)\s+"
                     r"([\w’'-]+(?:\s+[\w’'-]+){0,3})", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:de|het|een|die|dat|the)\s+", re.IGNORECASE)


def compare_sides(question: str) -> list[str]:
    """The two things a comparison question sets side by side ("het verschil tussen A en B", "zowel A als B",
    "A versus B", or two quoted names), or [] when it compares nothing."""
    quoted = [q.strip() for q in _QUOTED.findall(question)]
    if len(quoted) >= 2:
        return quoted[:2]
    for pattern in (_BETWEEN, _BOTH, _VERSUS):
        m = pattern.search(question)
        if m:
            sides = [_ARTICLE.sub("", m.group(g).strip(" ?.,")) for g in (1, 2)]
            # "de experimenten Beschut Wonen en Gewoon Thuis": the kind word belongs to both sides
            if all(sides) and all(len(x.split()) <= 8 for x in sides):
                return sides
    return []


# Reported speech: a quoted statement, or one attributed to respondents or interviewees. It is shown as what
# they said, not as the report's finding.
_QUOTED_STATEMENT = re.compile(r"^\s*[„“\"‘'][^„“”\"‘’']{15,}[”\"’']\s*(?:\(|$|[-–—,]|\s*\w+\s+(?:zegt|aldus))")
_ATTRIBUTED = re.compile(
    r"\b(?:respondent(?:en)?|geïnterviewde[n]?|geinterviewde[n]?|gesprekspartner[s]?|interviewee[s]?)\b.{0,40}\b"
    r"(?:geven aan|gaven aan|zeggen|zegt|zeiden|noemen|noemden|stellen|stelden|geeft aan|gaf aan|vertelt|vertellen|"
    r"ervaren|benadrukken|menen|vinden|said|say)\b|\b(?:volgens|aldus)\s+(?:een\s+|de\s+)?(?:respondent|"
    r"geïnterviewde|gesprekspartner)", re.IGNORECASE)


def reported_speech(text: str) -> bool:
    """Whether a sentence reports what respondents or interviewees said rather than a finding of the report."""
    return bool(_QUOTED_STATEMENT.search(text) or _ATTRIBUTED.search(text))
