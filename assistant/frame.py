"""The question frame: what a question (with its conversation) names and asks, read once per question.

Places come from the gazetteer of all Dutch municipalities and provinces (small misspellings included),
other proper names from their capitalisation; a name that occurs nowhere in the index is `unknown` (the
documents cannot answer about it). Periods are years, ranges, quarters and half years. A follow-up
("En in Zwolle?", "En een jaar later?") inherits the previous question's places and periods unless it names
its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistant.conversation import is_followup, last_user_question, resolve_followup
from assistant.corpus import Corpus
from assistant.names import KIND_WORDS, name_spans, periods, proper_names
from assistant.scope import Named
from assistant.text import fold

_ENGLISH = {"the", "what", "which", "how", "is", "are", "was", "were", "of", "for", "in", "does", "did", "many",
            "much", "why", "who", "when", "and", "to", "a", "an", "per", "by", "from", "with", "between", "according"}
_WORD = re.compile(r"[^\W\d_]+")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-zà-ÿ][a-zà-ÿ'-]+(?![\w-])")
# Capitalised words that name no entity: question words and Dutch sentence starters that can follow a colon.
_NOT_NAMES = {"wat", "welke", "hoeveel", "waarom", "hoe", "wie", "waar", "wanneer", "en", "maar", "of", "the", "what",
              "which", "how", "why", "who", "when", "where", "is", "are", "noem", "geef", "leg", "vergelijk"}


_QUOTED = re.compile(r"[‘'\"“]([^‘’'\"“”]{2,60})[’'\"”]")
_DEFINITION = re.compile(
    r"\b(?:wat\s+(?:is|zijn|was|betekent|betekend|betekenen|houdt|houden|valt\s+er\s+onder|wordt\s+(?:er\s+)?"
    r"(?:verstaan\s+onder|bedoeld\s+met)|bedoel[td]?\s+.{0,40}?\s+met)|what\s+(?:is|are|does)|"
    r"leg\s+uit\s+wat)\s+(.+?)\s*(?:\bin\b\s*\?|\bprecies\b|\beigenlijk\b|\bmean\b|\bbetekenen\b|\?|$)",
    re.IGNORECASE,
)
# "Wat wordt daarmee bedoeld?" after a quoted term: the term is the quoted one.
_POINTS_BACK = re.compile(r"\bwat\s+(?:wordt|is|zijn)\s+(?:er\s+)?(?:daar|hier)(?:mee|onder)\s+(?:bedoeld|verstaan)",
                          re.IGNORECASE)
# A term asks for a fact, not a meaning, when it is qualified: "het budget voor 2024", "de oorzaken van ...".
_QUALIFIED = re.compile(r"\d|\b(?:van|voor|per|tussen|sinds|tot)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:de|het|een|die|dat|deze|dit|the|a|an|er\s+onder|onder)\s+", re.IGNORECASE)
# "Wat zijn de leidende principes ...?" asks for a list, "Wat zijn percelen?" for a meaning.
_LIST_ASKED = re.compile(r"\bwat\s+zijn\s+(?:de|die|deze|the)\b|\bwhat\s+are\s+the\b", re.IGNORECASE)
_SECOND_QUESTION = re.compile(r"\ben\s+(?:waarom|hoe|wie|wat|welke|voor\s+wie|wanneer)\b|\?.+\?", re.IGNORECASE)


def definition_term(question: str) -> str:
    """The term a definition question asks about ("Wat is een budgetplafond?" -> "budgetplafond",
    "... met een 'lokaal team'?" -> "lokaal team"), or "" when it asks something else (or more)."""
    if _SECOND_QUESTION.search(question):
        return ""
    quoted = _QUOTED.search(question)
    if _LIST_ASKED.search(question) and not quoted:
        return ""
    if quoted and _POINTS_BACK.search(question):
        return quoted.group(1).strip()
    match = _DEFINITION.search(question)
    if not match:
        return ""
    if quoted:
        return quoted.group(1).strip()
    term = match.group(1)
    term = re.split(r"\s+(?:in|bij|voor|volgens|binnen)\s+(?:de|het|een)?\s*[a-zà-ÿ]|\s+in\s+[A-Z]", term)[0]
    term = re.sub(r"\([^)]*\)", " ", term)
    while _ARTICLE.match(term):
        term = _ARTICLE.sub("", term, count=1)
    term = term.strip(" ?.,:;")
    return term if 1 <= len(term.split()) <= 4 and not _QUALIFIED.search(term) else ""


@dataclass(frozen=True)
class QuestionFrame:
    question: str
    query: str  # what retrieval searches for (a follow-up includes the previous question)
    previous: str = ""
    followup: bool = False
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> surface forms
    names: tuple[str, ...] = ()  # other names the index knows
    unknown: tuple[str, ...] = ()  # names the index does not contain at all
    periods: tuple[str, ...] = ()
    english: bool = False
    term: str = ""  # the term a definition question asks about
    read_as: str = ""  # how a follow-up was read (the previous question rewritten, or both together)

    @property
    def named(self) -> Named:
        return Named(dict(self.places), self.names, self.periods)


def is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) >= 3 and sum(w in _ENGLISH for w in words) / len(words) >= 0.25


def _in_organisation(text: str, start: int, end: int) -> bool:
    """A place inside a longer proper name ("GGD Hollands Noorden", "Regio Zwolle") names that body, not the place;
    "gemeente Zwolle" and "Gemeente Zwolle" name the place."""
    for span in name_spans(text):
        if span.start <= start and end <= span.end and span.text != text[start:end]:
            words = text[span.start:start].split()
            return bool(words) and not (len(words) == 1 and words[0].lower() in KIND_WORDS)
    return False


def _places(text: str, corpus: Corpus) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Places named (canonical -> forms incl. aliases), and the surface strings they were found as."""
    found: dict[str, tuple[str, ...]] = {}
    surfaces: set[str] = set()
    for m in corpus.gazetteer.find(text):
        if _in_organisation(text, m.start, m.end):
            continue
        place = m.place
        found.setdefault(place.name, (place.name, *place.aliases, m.surface))
        surfaces.add(m.surface)
    for word in _LOWER_WORD.findall(text):  # "hoeveel betaalt zwolle ...": typed in lower case
        place = corpus.gazetteer.lookup(word)
        if place is None or place.name in found or len(word) < 5:
            continue
        if corpus.catalog.mentions([place.name], kind="place"):  # only places the documents name
            found[place.name] = (place.name, *place.aliases, word)
            surfaces.add(word)
    return found, surfaces


def _parts(name: str) -> list[str]:
    """The words of a compound name ("SES-daling" -> SES, daling; "Hart van Brabant" -> Hart, Brabant)."""
    return [w for w in re.split(r"[\s\-/]+", name) if len(w) >= 3 and w[:1].isupper()]


def _names(text: str, corpus: Corpus, taken: set[str], english: bool
           ) -> tuple[dict[str, tuple[str, ...]], list[str], list[str]]:
    """(misspelt places, known names, unknown names) among the capitalised names of `text`."""
    places: dict[str, tuple[str, ...]] = {}
    known: list[str] = []
    unknown: list[str] = []
    taken_folded = {fold(t) for t in taken}
    for name in proper_names(text):
        if fold(name) in taken_folded or fold(name).split()[0] in _NOT_NAMES:
            continue
        if any(fold(name) in t or t in fold(name) for t in taken_folded):
            continue
        if corpus.occurs(name) or any(corpus.occurs(part) for part in _parts(name)):
            known.append(name)
            continue
        place = corpus.gazetteer.closest(name)
        if place is not None:
            places.setdefault(place.name, (place.name, *place.aliases))
            continue
        corpus_names = corpus.corpus_names()
        match = process.extractOne(name, corpus_names, scorer=fuzz.ratio, score_cutoff=85) if corpus_names else None
        if match is not None:
            known.append(match[0])
        elif not english:
            unknown.append(name)
    return places, known, unknown


def build_frame(question: str, history: Sequence[dict], corpus: Corpus) -> QuestionFrame:
    followup = is_followup(question, history)
    previous = last_user_question(history) if followup else ""
    english = is_english(question)
    places, surfaces = _places(question, corpus)
    misspelt, names, unknown = _names(question, corpus, set(surfaces) | set(places), english)
    places.update(misspelt)
    named_periods = periods(question)
    read_as = ""
    if previous:
        before, _ = _places(previous, corpus)
        resolved = resolve_followup(question, previous, places, before, named_periods, periods(previous))
        if not places:
            places = before
        if not named_periods:
            named_periods = periods(previous)
        if resolved:  # "En in Kampen?" is the previous question about Kampen
            read_as = resolved
            named_periods = periods(resolved)
    query = read_as or (f"{previous} {question}".strip() if previous else question)
    return QuestionFrame(question=question, query=query, previous=previous, followup=followup, places=places,
                         read_as=read_as or query,
                         names=tuple(dict.fromkeys(names)), unknown=tuple(dict.fromkeys(unknown)),
                         periods=tuple(named_periods), english=english, term=definition_term(question))
