"""Proper names and periods in Dutch text (pure): what a question or a document names.

No named-entity model can be downloaded here, so names are found from their form: runs of capitalised words
(with Dutch name particles such as "van", "de", "aan den") that do not start a sentence, and acronyms.
Places are recognised by the gazetteer (`assistant.places`), which also knows sentence-initial ones.
Periods are years ("2024"), ranges ("2024-2034", "2016 t/m 2018"), quarters ("Q3 2023", "derde kwartaal
2023") and half years ("H2 2022").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Particles inside Dutch names: "Alphen aan den Rijn", "Wijk bij Duurstede", "Bergen op Zoom".
_PARTICLES = {"aan", "den", "der", "de", "van", "op", "bij", "'s", "ter", "&"}
# Capitalised words that refer to parts of a document, not to an entity ("Tabel 1", "Bijlage B").
DOCUMENT_PARTS = {"tabel", "figuur", "grafiek", "bijlage", "hoofdstuk", "paragraaf", "pagina", "bladzijde", "kader",
                  "table", "figure", "chart", "annex", "appendix", "chapter", "section", "page"}
_CAP = r"[A-ZÀ-ÞĲ][\w'’\-]*"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:{'|'.join(re.escape(p) for p in _PARTICLES)})\s+)*{_CAP})*")
_ACRONYM = re.compile(r"(?<![\w\-])([A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{2,7})?)(?![\w\-])")
_ADJECTIVE = re.compile(r"[a-zë](?:se|sche)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“‘]\s*)$")
# A leading word that says what kind of body follows ("Gemeente Zwolle" names Zwolle).
KIND_WORDS = {"gemeente", "provincie", "municipality", "province"}

YEAR = re.compile(r"(?<![\d.,])((?:19[89]|20\d)\d)(?![\d.,]\d)")
_RANGE = re.compile(
    r"(?<![\d.,])((?:19[89]|20\d)\d)\s*(?:-|–|—|/|t/m|tot en met|tot|en|to|through)\s*((?:19[89]|20\d)\d)(?![\d.,]\d)",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"\b(?:Q([1-4])|kwartaal\s*([1-4]))[\s\-]*((?:19|20)\d\d)\b|\b((?:19|20)\d\d)[\s\-]*Q([1-4])\b",
                      re.IGNORECASE)
_ORDINAL = {"eerste": "1", "tweede": "2", "derde": "3", "vierde": "4", "first": "1", "second": "2", "third": "3",
            "fourth": "4"}
_QUARTER_WORDS = re.compile(rf"\b({'|'.join(_ORDINAL)})\s+(?:kwartaal|quarter)(?:\s+(?:van\s+)?((?:19|20)\d\d))?\b",
                            re.IGNORECASE)
_HALF = re.compile(r"\bH([12])[\s\-]*((?:19|20)\d\d)\b|\b((?:19|20)\d\d)[\s\-]*H([12])\b", re.IGNORECASE)


@dataclass(frozen=True)
class NameSpan:
    text: str
    start: int
    end: int
    initial: bool  # starts a sentence (so capitalisation says nothing)


def name_spans(text: str) -> list[NameSpan]:
    """Runs of capitalised words, trailing particles trimmed, with whether they start a sentence."""
    out = []
    for m in _NAME.finditer(text):
        name = m.group(0)
        words = name.split()
        while words and words[-1].lower() in _PARTICLES:
            words.pop()
        name = " ".join(words).rstrip("'’-")
        if not name:
            continue
        initial = bool(_SENTENCE_START.search(text[: m.start()]))
        out.append(NameSpan(name, m.start(), m.start() + len(name), initial))
    return out


def proper_names(text: str, *, min_length: int = 3) -> list[str]:
    """Capitalised names that do not start a sentence (in text order, unique). Acronyms are included.

    A sentence-initial word is dropped from a longer name ("Gemeente Zwolle heeft ..." -> "Zwolle"), as is a
    leading kind word ("de Gemeente Zwolle" -> "Zwolle"); names of document parts ("Tabel 3") are skipped.
    """
    seen: dict[str, None] = {}
    for span in name_spans(text):
        words = span.text.split()
        if span.initial:
            words = words[1:]
        if words and len(words) > 1 and words[0].lower() in KIND_WORDS:
            words = words[1:]
        while words and words[0].lower() in _PARTICLES:
            words = words[1:]
        if not words or words[0].lower() in DOCUMENT_PARTS:
            continue
        name = " ".join(words)
        if len(words) == 1 and _ADJECTIVE.search(name):
            continue  # "Flevolandse gemeenten", "Europese regels": an adjective, not a name
        if len(name) >= min_length:
            seen.setdefault(name, None)
    return list(seen)


def acronyms(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in _ACRONYM.finditer(text)))


def periods(text: str) -> list[str]:
    """Periods named in `text`, normalised: '2024', '2016-2018', '2023-Q3', '2022-H2' (text order, unique)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, value))

    for m in _QUARTER.finditer(text):
        if m.group(3):
            add(m.start(), m.end(), f"{m.group(3)}-Q{m.group(1) or m.group(2)}")
        else:
            add(m.start(), m.end(), f"{m.group(4)}-Q{m.group(5)}")
    for m in _QUARTER_WORDS.finditer(text):
        if m.group(2):
            add(m.start(), m.end(), f"{m.group(2)}-Q{_ORDINAL[m.group(1).lower()]}")
    for m in _HALF.finditer(text):
        add(m.start(), m.end(), f"{m.group(2)}-H{m.group(1)}" if m.group(2) else f"{m.group(3)}-H{m.group(4)}")
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 30:
            add(m.start(), m.end(), f"{a}-{b}")
    for m in YEAR.finditer(text):
        add(m.start(), m.end(), m.group(1))
    return list(dict.fromkeys(v for _, v in sorted(found)))


def period_years(period: str) -> list[int]:
    """The years a period spans: '2016-2018' -> [2016, 2017, 2018]; '2023-Q1' -> [2023]."""
    m = re.match(r"^(\d{4})(?:-(\d{4}))?", period)
    if not m:
        return []
    a = int(m.group(1))
    b = int(m.group(2)) if m.group(2) else a
    return list(range(a, b + 1))


def years_in(text: str) -> list[int]:
    return sorted({int(y) for y in YEAR.findall(text)})
