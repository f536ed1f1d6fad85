"""Is there enough evidence to answer? (pure) — the offline refusal decision and its suggestions.

Refuse when (a) the best passage is not similar enough to the question (threshold calibrated on the dev set,
see README), (b) the question names a municipality or other proper name that the answering documents never
mention, (c) it names a year that none of the answering passages mention, or (d) it asks for an amount and
no selected sentence that states a number also contains the thing asked about.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from assistant.extract import Sentence
from assistant.index.keyword import tokenize
from assistant.models import Passage
from assistant.offline.patterns import AMOUNT, AMOUNT_QUESTION, YEAR

_PRICE_Q = re.compile(r"\b(wat kost|wat kostte|welk bedrag|how much does|how much did)\b", re.IGNORECASE)
_MONEY = re.compile(r"€\s?-?\d|\d\s?(euro|miljoen)", re.IGNORECASE)
# Proper names: capitalised words not at the start of the question ("Van Dam & Oosterbaan", "Axxicom").
_PROPER = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-zà-ÿ]+(?:\s+(?:&\s+)?[A-Z][a-zà-ÿ]+)*)")
_GENERIC = {"kpi", "wmo", "jeugd", "jeugdwet", "tabel", "bijlage", "regio", "nji", "what", "the", "is", "in"}
# Words of a question that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = set(
    tokenize("hoeveel wat kost kostte hoe hoog welk welke bedrag lang groot veel werkt werken gemiddeld "
             "is zijn was waren er de het een van in op per how many much what does")
)


@dataclass(frozen=True)
class Verdict:
    refuse: bool
    reason: str = ""


@dataclass(frozen=True)
class EvidencePolicy:
    """Thresholds; defaults calibrated on the dev set (README, 'Refusal calibration')."""

    min_similarity: float = 0.80
    min_coverage: float = 0.25


def names_in(question: str, known: list[str], aliases: list[str] = ()) -> list[str]:
    """Proper names in a question that the documents must mention to answer it.

    `known` are the recognised municipalities; a capitalised word that is a misspelling of one of
    `aliases` (all municipality names) is not a separate name.
    """
    out = []
    for match in _PROPER.finditer(question):
        name = match.group(1)
        if name.lower() in _GENERIC or len(name) < 4:
            continue
        if difflib.get_close_matches(name.lower(), [a.lower() for a in aliases], n=1, cutoff=0.8):
            continue
        out.append(name)
    return [*dict.fromkeys([*known, *out])]


def _mentions(text: str, name: str) -> bool:
    return name.lower() in text.lower()


def assess(
    question: str,
    passages: list[Passage],
    sentences: list[Sentence],
    document_texts: dict[str, str],
    municipalities: list[str],
    policy: EvidencePolicy,
    aliases: list[str] = (),
    candidates: list[Sentence] = (),
    document_frequency: dict[str, int] | None = None,
) -> Verdict:
    """Whether the selected sentences answer the question well enough; the reason if not."""
    document_frequency = document_frequency or {}
    if not passages or not sentences:
        return Verdict(True, "geen passage gevonden die bij de vraag past")
    best = max((p.similarity or 0.0) for p in passages)
    if best < policy.min_similarity:
        return Verdict(True, f"zwak bewijs (beste overeenkomst {best:.2f} < {policy.min_similarity:.2f})")
    top = max(s.score for s in sentences)
    if top < policy.min_coverage:
        return Verdict(True, f"de gevonden zinnen dekken de vraag te weinig ({top:.2f})")
    used = [passages[s.passage] for s in sentences]
    docs = {p.chunk.document for p in used}
    names = names_in(question, municipalities, aliases)

    def about_names(s: Sentence) -> bool:
        text = document_texts.get(passages[s.passage].chunk.document, "")
        return all(_mentions(text, n) for n in names)

    for name in names:
        if not any(_mentions(document_texts.get(d, ""), name) for d in docs):
            return Verdict(True, f"de gevonden documenten gaan niet over {name}")
    years = YEAR.findall(question)
    if years and not any(y in p.chunk.text for y in years for p in used):
        return Verdict(True, f"de gevonden passages noemen {' of '.join(years)} niet")
    if AMOUNT_QUESTION.search(question):
        focus = set(tokenize(question)) - _QUESTION_WORDS - {t for n in names for t in tokenize(n)}
        # The rare asked-about terms the corpus knows (in at most two documents; else all of them) must
        # occur in a sentence that states the amount, in a document about the named places.
        known = {t for t in focus if document_frequency.get(t, 0) > 0}
        rare = {t for t in known if document_frequency[t] <= 2} or known
        number = _MONEY if _PRICE_Q.search(question) else AMOUNT
        pool = [*sentences, *candidates[:12]]
        numeric = [s for s in pool if number.search(s.text) and about_names(s)]
        if rare and not any(rare & set(tokenize(s.text)) for s in numeric):
            return Verdict(True, "geen zin met een getal over wat gevraagd wordt")
    return Verdict(False)


def suggestions(passages: list[Passage], limit: int = 3) -> list[str]:
    """Nearby topics the documents do cover: section titles of the best passages, with document and page."""
    out: list[str] = []
    for p in passages:
        c = p.chunk
        label = f"{c.section or c.title} ({c.title}, p. {c.page})"
        if label not in out:
            out.append(label)
        if len(out) >= limit:
            break
    return out
