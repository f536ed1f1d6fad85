"""Is there enough evidence to answer? (pure) — the offline refusal decision and its suggestions.

Refuse when (a) the best passage is not similar enough to the question (threshold calibrated on the dev set,
see README), (b) the selected sentences cover too little of the question, or (c) it asks for an amount and
no sentence that states a number also contains the thing asked about. Whether the places, names and periods
the question names are covered is the scope check's job (`assistant.scope`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from assistant.extract import Sentence
from assistant.models import Passage
from assistant.offline.patterns import AMOUNT, AMOUNT_QUESTION
from assistant.text import tokenize

_PRICE_Q = re.compile(r"\b(wat kost|wat kostte|welk bedrag|hoeveel geld|hoeveel euro|welk budget|hoe duur|"
                      r"how much does|how much did|how much money)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,])(?:19[89]|20\d)\d(?![\d.,]\d)")
_MONEY = re.compile(r"€\s?-?\d|\d\s?(euro|miljoen)", re.IGNORECASE)
# Words of a question that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = set(
    tokenize("hoeveel wat kost kostte hoe hoog welk welke bedrag lang groot veel werkt werken gemiddeld "
             "is zijn was waren er de het een van in op per how many much what does "
             "vergeleken vergelijken vergelijking tegenover opzichte verhouding compared versus")
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
    english_min_coverage: float = 0.12


def assess(
    question: str,
    passages: list[Passage],
    sentences: list[Sentence],
    policy: EvidencePolicy,
    *,
    amount: Sentence | None = None,
    similarity: float | None = None,
    english: bool = False,
) -> Verdict:
    """Whether the selected sentences answer the question well enough; the reason if not.

    `amount` is the sentence that states the amount an amount question asks for (`amount_sentence`; it is
    part of the answer); `similarity` is the best dense similarity of everything retrieved (default: of
    `passages`).
    """
    if not passages or not sentences:
        return Verdict(True, "geen passage gevonden die bij de vraag past")
    best = similarity if similarity is not None else max((p.similarity or 0.0) for p in passages)
    if best < policy.min_similarity:
        return Verdict(True, f"zwak bewijs (beste overeenkomst {best:.2f} < {policy.min_similarity:.2f})")
    top = max(s.score for s in sentences)
    floor = policy.english_min_coverage if english else policy.min_coverage
    if top < floor:
        return Verdict(True, f"de gevonden zinnen dekken de vraag te weinig ({top:.2f})")
    if AMOUNT_QUESTION.search(question) and amount is None:
        return Verdict(True, "geen zin met een getal over wat gevraagd wordt")
    return Verdict(False)


def amount_sentence(
    question: str,
    passages: list[Passage],
    candidates: list[Sentence],
    *,
    named_terms: Collection[str] = (),
    about: Callable[[Passage], bool] = lambda p: True,
    document_frequency: dict[str, int] | None = None,
    english: bool = False,
    before: Callable[[Sentence], str] | None = None,
) -> Sentence | None:
    """The best sentence that states the amount an amount question asks for, or None.

    It states a number (money for "wat kost"), other than a year or a number the question gives, in a
    document about the named places, and it contains the rare asked-about terms the corpus knows (in at most
    two documents; else any of them), itself or in the sentence its "dit"/"deze" points back to. English
    questions rarely share words with Dutch text: for them any answering sentence that states an amount will do.
    """
    if not AMOUNT_QUESTION.search(question):
        return None
    number = _MONEY if _PRICE_Q.search(question) else AMOUNT
    numeric = [s for s in candidates if states_amount(s.text, question, number) and about(passages[s.passage])]
    if english:
        return numeric[0] if numeric else None
    document_frequency = document_frequency or {}
    focus = set(tokenize(question)) - _QUESTION_WORDS - set(named_terms)
    known = {t for t in focus if document_frequency.get(t, 0) > 0}
    rare = {t for t in known if document_frequency[t] <= 2} or known
    if not rare:
        return numeric[0] if numeric else None
    return next((s for s in numeric if rare & _terms_with_antecedent(s, before)), None)


_ANAPHOR = re.compile(r"^(?:dit|dat|deze|die|hierdoor|daardoor|hiermee|daarmee|hiervoor|daarvoor|het|zij|ze|"
                      r"this|that|these|it)\b", re.IGNORECASE)


def _terms_with_antecedent(sentence: Sentence, before: Callable[[Sentence], str] | None) -> set[str]:
    """A sentence's stemmed terms; one that points back ("Dit betekent ruim 1.000 extra gesprekken") also
    gets the terms of the sentence before it (`before(sentence)`), which says what "dit" is."""
    terms = set(tokenize(sentence.text))
    if _ANAPHOR.match(sentence.text) and before is not None:
        terms |= set(tokenize(before(sentence)))
    return terms


def states_amount(sentence: str, question: str, number: re.Pattern[str] = AMOUNT) -> bool:
    """Whether a sentence states an amount: a number other than a year or one the question itself gives."""
    asked = set(re.findall(r"\d[\d.,]*", question))
    text = _YEAR.sub(" ", sentence)
    for value in asked:
        text = text.replace(value, " ")
    return bool(number.search(text))


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
