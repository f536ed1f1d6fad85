"""Domain terms in text (pure): matching a term's forms, discovering acronyms, scoring definitions.

Used at ingest (glossary candidates per document, kept in the catalog) and when answering ("wat is X?",
the Wegwijs glossary). Curated terms are general Dutch social-domain vocabulary shipped as data
(`assistant/data/begrippen.csv`); acronyms are discovered in the documents from definition patterns
("Long Term Arrangement (LTA)", "LTA (Long Term Arrangement)", "LTA = Long Term Arrangement").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.sentences import split_sentences
from assistant.text import tokenize


@dataclass(frozen=True)
class Term:
    """A glossary term and the other ways the documents write it."""

    term: str
    forms: tuple[str, ...] = ()  # other spellings; for a discovered acronym its long form

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.term, *self.forms)

# Abbreviations that end a "sentence" in `split_sentences` but not in Dutch ("vs. Wet langdurige zorg").
_ABBREVIATION_END = re.compile(r"(?:\b(?:vs|bijv|o\.a|m\.b\.t|t\.o\.v|incl|excl|ca|nr|zgn|resp|mr|dhr|mevr|e\.d)\.)$",
                               re.IGNORECASE)


_ENDED = re.compile(r"[.!?:;)”’\"]\s*$")
_LIST_LABEL = re.compile(r"^(?:[a-z]|[ivx]{1,4})\)\s+")


def is_fragment(sentence: str) -> bool:
    """A sentence that starts lower-case (after a list label such as 'e) '): cut off at a chunk boundary."""
    return _LIST_LABEL.sub("", sentence, count=1)[:1].islower()


_BULLET = re.compile(r"^[•▪●◦\-–*]\s+")


def sentences_of(text: str, section: str = "") -> list[str]:
    """`extract.split_sentences`, with fragments that end in an abbreviation joined to the next sentence,
    bullets dropped and a leading copy of the chunk's section heading cut off. Every sentence stays a
    verbatim (whitespace-normalised) substring of `text`."""
    out: list[str] = []
    flat = " ".join(text.split())
    for sentence in split_sentences(text):
        joins = out and (_ABBREVIATION_END.search(out[-1])  # "vs. Wet langdurige zorg"
                         or not _ENDED.search(out[-1]) and sentence[:1].isdigit() and len(sentence) < 12)  # "... in\n2018."
        if joins and f"{out[-1]} {sentence}" in flat:
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    cleaned: list[str] = []
    for sentence in out:
        sentence = _BULLET.sub("", sentence)
        if section and sentence.startswith(section) and len(sentence) > len(section) + 20:
            sentence = sentence[len(section):].lstrip(" :-–")
        cleaned.append(sentence)
    return cleaned


# --- matching ---------------------------------------------------------------------------------------------

_WORD = r"[^\W_]"


def _is_acronym(form: str) -> bool:
    """Acronym-like forms ("LTA", "POH-GGZ", "P*Q", "Wlz") match case-sensitively and without suffixes."""
    upper = sum(ch.isupper() for ch in form)
    return " " not in form and (upper >= 2 or (upper == 1 and form[0].isupper() and len(form) <= 4)
                                or any(ch.isdigit() or ch == "*" for ch in form))


@cache
def form_pattern(form: str) -> re.Pattern[str]:
    """Regex for one surface form: whole words; words also match inflections/compounds at the end."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    if _is_acronym(form):
        return re.compile(rf"(?<![\w*\-]){body}(?!{_WORD})")
    return re.compile(rf"(?<!{_WORD}){body}{_WORD}*", re.IGNORECASE)


def _matchers(term: Term) -> list[re.Pattern[str]]:
    return [form_pattern(f) for f in term.surface_forms]


def find_term(term: Term, text: str) -> re.Match[str] | None:
    """The first occurrence of any surface form (the term itself preferred)."""
    for pattern in _matchers(term):
        if m := pattern.search(text):
            return m
    return None


# --- acronym discovery (Schwartz & Hearst, 2003, simplified) ----------------------------------------------

_SHORT = r"[A-Z][A-Za-z0-9*\-]{1,9}"
_PAREN_SHORT = re.compile(rf"\((?:oftewel\s+)?({_SHORT})\)")
_SHORT_BEFORE = re.compile(rf"(?<![\w*\-])({_SHORT})\s*\(([^()]{{4,80}})\)")
_SHORT_EQUALS = re.compile(rf"(?<![\w*\-])({_SHORT})\s*=\s*([^()=,.;:\n]{{4,80}})")
_QUOTES = "‘’'\"“”`"


def _short_form_ok(short: str) -> bool:
    letters = [ch for ch in short if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return len(letters) >= 2 and (upper >= 2 or len(short) <= 4)


def match_long_form(short: str, long: str) -> str | None:
    """The part of `long` that `short` abbreviates, or None.

    Every letter/digit of the short form must occur in the long form, in order, read from the end; the first
    one at the start of a word. The long form is then cut to start at that word ("het werken met 'Jouw
    Ingebrachte Mentor'" -> "Jouw Ingebrachte Mentor").
    """
    long = long.strip().strip(_QUOTES + " ,:;")
    chars = [ch.lower() for ch in short if ch.isalnum()]
    if not chars or len(long) <= len(short) or not any(ch.islower() for ch in long):
        return None
    s, i = len(chars) - 1, len(long) - 1
    text = long.lower()
    while s >= 0:
        c = chars[s]
        while i >= 0 and (text[i] != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = i + 1
    found = long[start:].strip(_QUOTES + " ")
    words = found.split()
    if len(words) > min(len(chars) + 5, 2 * len(chars)) or len(found) < len(short) + 2:
        return None
    return found


def discover_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym -> long form, from definition patterns in the texts (first convincing long form wins)."""
    found: dict[str, str] = {}

    def add(short: str, long: str) -> None:
        short = short.rstrip("-")
        if not _short_form_ok(short) or short in found:
            return
        expansion = match_long_form(short, long)
        if expansion:
            found[short] = expansion

    for text in texts:
        flat = " ".join(text.split())
        for m in _PAREN_SHORT.finditer(flat):
            # "long form (SF)": the words before the parenthesis, within the same clause
            before = re.split(r"[()]", flat[max(0, m.start() - 150) : m.start()])[-1]
            add(m.group(1), " ".join(before.split()[-12:]))
        for m in _SHORT_BEFORE.finditer(flat):
            add(m.group(1), m.group(2))
        for m in _SHORT_EQUALS.finditer(flat):
            add(m.group(1), m.group(2))
    return found

# Right after the term: phrases that define it ("X staat voor", "X = ...", "X: ...", "X Omschrijving ...").
_STRONG_AFTER = re.compile(
    r"^[\s’'”\")*]*(?:\([^()]{2,80}\)[\s’'”\"]*)?"
    r"(?:=|staat voor\b|betekent\b|houdt in\b|betreft\b|omvat\b|Omschrijving\b|wordt (?:hier )?(?:verstaan|"
    r"bedoeld|gedefinieerd)\b|is (?:een|de|het) (?:vorm|manier|instrument|relatieve|term|functie|regeling)\b)",
    re.IGNORECASE,
)
# Weaker: a copula or colon, only when the term is the subject ("Risicoverevening is een vorm ...",
# "De verevende percelen zijn: ...", "• normaliseren: ...").
_WEAK_AFTER = re.compile(r"^[\s’'”\")*]*(?:\([^()]{2,80}\)[\s’'”\"]*)?(?::|(?:is|zijn)\s*(?::|(?:een|de|het)\b)|"
                         r"heet\b|bestaat uit\b|gaat\s+(?:\w+\s+){0,3}?over\b|is\s+gericht\s+op\b)", re.IGNORECASE)
_DEFINING = re.compile(r"\b(?:houdt in|wordt verstaan|staat voor|oftewel|ook wel|dat wil zeggen)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:[\W\d]*\s*)?(?:[a-z]\)\s*)?(?:(?:de|het|een|onder)\s+)?(?:\w+e\s+)?", re.IGNORECASE)
_TABLE_NOISE = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…][)’”\"']*\s*$")
_URL = re.compile(r"https?://|www\.")

def _occurrence_score(term: Term, sentence: str, match: re.Match[str]) -> float:
    """Definition signals around one occurrence of the term."""
    score = 0.0
    found = match.group(0)
    after = sentence[match.end():]
    head = sentence[: match.start()]
    if _STRONG_AFTER.match(after):
        score += 3.0
    elif _WEAK_AFTER.match(after) and len(_LEADING.sub("", head, count=1)) <= 3:
        score += 2.5
    # "TERM (long form)" or "long form (TERM)" with a long form that spells the acronym
    paren = re.match(r"^[’'”\"]*\s*\(([^()]{4,80})\)", after)
    if paren and _is_acronym(found) and match_long_form(found, paren.group(1)):
        score += 3.0
    acronym = re.match(r"^[’'”\"]*\s*\(([A-Z][A-Za-z0-9*\-]{1,9})\)", after)
    if acronym and (acronym.group(1) in term.surface_forms or match_long_form(acronym.group(1), found)):
        score += 3.0
    if re.search(r"\(\s*$", head) and match_long_form(found, head.rstrip(" (‘’'“\"")[-120:]):
        score += 3.0
    if re.search(r"=\s*$", head):
        score += 2.0
    return score


def score_definition(term: Term, sentence: str, section: str) -> tuple[float, bool] | None:
    """How definition-like `sentence` is for `term` (None when the term does not occur); and whether it is
    a definition at all."""
    matches = [m for p in _matchers(term) for m in p.finditer(sentence)]
    if not matches:
        return None
    signal = max(_occurrence_score(term, sentence, m) for m in matches)
    if _DEFINING.search(sentence):
        signal += 1.0
    defining = signal >= 2.5
    score = signal
    first = min(m.start() for m in matches)
    if first < 40:
        score += 1.0
    if form_pattern(term.term).search(sentence):
        score += 0.5
    if section and find_term(term, section):
        score += 0.5
    n = len(sentence)
    if n < 40:
        score -= 1.5
    elif n > 450:
        score -= 1.0
    if len(_TABLE_NOISE.findall(sentence)) > 0.15 * n:
        score -= 2.0
    if is_fragment(sentence):
        score -= 0.5  # a fragment cut off at a chunk boundary
    if _URL.search(sentence):
        score -= 2.0
    if n < 120 and not _SENTENCE_END.search(sentence):
        score -= 2.5  # a label or heading ("X (Y) Z"), not a sentence that explains
    return score, defining

_ANAPHORA = re.compile(r"^(?:het|dit|deze|die|dat|zij|ze|hierbij|daarbij|daarmee|hiermee|zo|ook|daarnaast|naast|"
                       r"bovendien|tevens|verder)\b",
                       re.IGNORECASE)


def _content_stems(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) >= 5}


def continues(term: Term, sentence: str, nxt: str) -> bool:
    """Whether `nxt` (the next sentence) continues the explanation in `sentence`."""
    n = len(nxt)
    if len(sentence) >= 220 or len(sentence) + n > 480 or n < 30 or is_fragment(nxt) or nxt.endswith(":"):
        return False
    if len(_TABLE_NOISE.findall(nxt)) > 0.15 * n or _URL.search(nxt):
        return False
    if _ANAPHORA.match(nxt) or find_term(term, nxt):
        return True
    own = set(tokenize(term.term))
    return bool((_content_stems(sentence) & _content_stems(nxt)) - own)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


@cache
def curated_terms() -> tuple[Term, ...]:
    """The shipped vocabulary (immutable data, read once)."""
    text = resources.files("assistant.data").joinpath("begrippen.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(Term(r["term"].strip(), tuple(f.strip() for f in (r.get("forms") or "").split("|") if f.strip()))
                 for r in rows if r.get("term"))


def needles(term: Term) -> list[str]:
    """Cheap lower-case substrings, one per form, that any match of the form contains."""
    return [f.split()[0].casefold() for f in term.surface_forms]


def may_contain(term: Term, lowered: str) -> bool:
    return any(n in lowered for n in needles(term))


UNDER_HEADING_SCORE = 3.5


def _is_label(line: str) -> bool:
    return len(line) < 80 and not _SENTENCE_END.search(line)


def _under_term_heading(term: Term, sentences: list[str], j: int) -> bool:
    """The first full sentence after a heading that names the term (up to two label lines back)."""
    sentence = sentences[j]
    if _is_label(sentence) or len(sentence) < 40 or is_fragment(sentence):
        return False
    for back in (1, 2):
        if j - back < 0 or not _is_label(sentences[j - back]):
            return False
        if _names_only(term, sentences[j - back]):
            return True
    return False


def _names_only(term: Term, heading: str) -> bool:
    """A heading that is the term itself ("Prestatiebekostiging (P*Q)"), not one that mentions it among others
    ("Prestatiebekostiging vs. Resultaatbekostiging")."""
    match = find_term(term, heading)
    if match is None:
        return False
    rest = re.sub(r"\([^)]*\)", " ", heading[: match.start()] + heading[match.end():])
    return not re.findall(r"[^\W\d_]{3,}", rest)


@dataclass(frozen=True)
class DefinitionCandidate:
    term: str
    forms: tuple[str, ...]
    chunk_index: int  # position of the chunk in its document
    position: int  # sentence position within the chunk
    sentence: str
    score: float
    defining: bool


def definition_candidates(term: Term, chunks: Iterable[tuple[int, str, str]], limit: int = 3
                          ) -> list[DefinitionCandidate]:
    """The most definition-like sentences for `term` among (chunk index, text, section) triples."""
    out: list[DefinitionCandidate] = []
    for index, text, section in chunks:
        if not may_contain(term, text.casefold()) or not find_term(term, text):
            continue
        sentences = sentences_of(text, section)
        for j, sentence in enumerate(sentences):
            scored = score_definition(term, sentence, section)
            if _under_term_heading(term, sentences, j) and (scored is None or scored[0] < UNDER_HEADING_SCORE):
                scored = (UNDER_HEADING_SCORE, True)  # "X (Y) / Omschrijving / <the explanation>"
            if scored is not None:
                out.append(DefinitionCandidate(term.term, term.forms, index, j, sentence, scored[0], scored[1]))
    out.sort(key=lambda c: (-c.score, c.chunk_index, c.position))
    return out[:limit]
