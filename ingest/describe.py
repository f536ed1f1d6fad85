"""Describe a document from its own pages: title, type, publisher, municipality and year (pure functions).

`describe(name, loaded, gazetteer)` reads a `LoadedDocument` (first page lines with font sizes, running
headers/footers, file properties) and the file name. The rules, in order of preference:

- title: a labelled subject line on page 1 ("Onderwerp: ..."); else the largest-font line(s) near the top of
  page 1 (two or three consecutive lines of that size joined, a subtitle in the next size joined with ": "),
  never a running header, a generic word ("Raadsvoorstel", "Memo", "Inhoudsopgave"), a date, a URL or a bare
  place; else the file's embedded title unless it is generic ("Microsoft Word - x.docx"); else the first
  short line of page 1; else the cleaned file name. The page wins over the embedded title, which is often stale.
- doc_type: the open vocabulary of `assistant/data/doctypes.csv` (first row that matches wins): a type-naming
  header line on page 1 ("Raadsvoorstel", "Memo"), then the title, then short lines of page 1 and the running
  lines, then the file name; "overig" as the last resort.
- organisation: "Gemeente X" on page 1 or in a letterhead/footer; an organisation named in the running lines
  ("GGD X", a line such as "Vereniging van ..."); an address block's first line; the file's author unless it is
  a person ("X voor Y": Y); an organisation phrase ("Regio X", "Stichting ... X", "Thuiszorg X") on the first
  pages; "Gemeente X" when the text speaks of a college/wethouder/gemeenteraad and X dominates its places.
  Place names are cut with the gazetteer, so no following word is ever glued on.
- municipality: "Regio X" or a municipality in the title; the organisation's or author's "gemeente X"; the
  municipality that dominates the first pages; else a region ("Regio X" on the first pages, or a province in
  the title or organisation).
- year: a single year in the title ("Begroting 2026" -> 2026; a range such as "2024-2034" is a period, not the
  document's year); else the latest date on the cover, in the running lines or on page 2's short lines
  ("28 mei 2024", "Februari 2022", "14-10-2025"); else the creation date (not a 1 January 00:00 placeholder);
  else a single year in the file name; else the first year of a range in the title or file name.
"""

from __future__ import annotations

import csv
import functools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from assistant.errors import ConfigError
from assistant.places import KIND_MUNICIPALITY, KIND_PROVINCE, KIND_REGION, Gazetteer, PlaceMention, fold
from ingest.layout import CONTINUATION_WORDS
from ingest.pdf import LoadedDocument

FALLBACK_TYPE = "overig"
MAX_TITLE = 200
DISPLAY_SIZE = 16.0  # pt: body text is set in 8-12 pt; a line this size or larger is display type (a title)
TITLE_SHARE = 1.2  # ... or a title is at least this much larger than the page's median font size
SUBTITLE_SHARE = 0.6  # a subtitle right below the title is at least this share of the title's size
FIRST_PAGES = 3  # pages read for the dominant municipality
COVER_PAGES = 5  # pages read for organisation names and municipal-government wording

# Lines that name a kind of page or document, never its title (compared folded, numbers and punctuation off).
GENERIC_TITLES = frozenset({
    "voorstel aan de raad", "voorstel aan de gemeenteraad", "raadsvoorstel", "raadsinformatiebrief",
    "collegevoorstel", "memo", "raadsmemo", "memorandum", "notitie", "nota", "inhoudsopgave", "inhoud",
    "colofon", "bijlage", "bijlagen", "voorwoord", "inleiding", "samenvatting", "managementsamenvatting",
    "aanleiding", "leeswijzer", "concept", "conceptversie", "openbaar", "vertrouwelijk", "agendapunt",
    "besluit", "brief", "informatienota", "rapport", "rapportage", "document", "titel", "untitled",
    "naamloos", "sjabloon", "template", "presentatie", "versie", "status", "datum", "pagina",
})
GENERIC_ADDRESSEES = frozenset({"raad", "gemeenteraad", "college", "commissie", "raadsleden"})
# Words that make a short embedded title generic ("Rapport", "Sjabloon rapport", "Document1").
GENERIC_WORDS = frozenset({"rapport", "document", "sjabloon", "template", "presentatie", "titel", "untitled"})
SUBJECT_LABELS = ("onderwerp", "betreft", "inzake", "titel", "subject")
FIELD_LABELS = ("aan", "van", "datum", "kenmerk", "cc", "bijlage", "bijlagen", "status", "versie", "auteur",
                "telefoon", "e-mail", "email", "ons kenmerk", "uw kenmerk", "registratienummer", "zaaknummer",
                "portefeuillehouder", "agendapunt", "vergadering", "raadsvergadering", "programma")

# Head words of organisation names ("GGD X", "Stichting ... X"); the second set also counts inside a word
# ("Thuiszorg", "Zorggroep", "Welzijnswerk").
ORG_WORDS = frozenset({
    "gemeente", "regio", "ggd", "ggz", "provincie", "stichting", "vereniging", "coöperatie", "cooperatie",
    "bureau", "dienst", "samenwerking", "samenwerkingsverband", "veiligheidsregio", "omgevingsdienst",
    "werkorganisatie", "zorgkantoor", "ministerie", "rekenkamer", "rekenkamercommissie", "centrum",
    "sociaal", "gemeenschappelijke", "netwerk", "platform", "federatie", "raad", "inspectie", "instituut",
})
ORG_WORD_PARTS = ("zorg", "welzijn", "groep", "stichting", "dienst", "wonen", "woon", "college")
# Text that shows a municipal government speaking (folded).
MUNICIPAL_CUES = ("college van b en w", "college van burgemeester en wethouders", "burgemeester en wethouders",
                  "wethouder", "gemeenteraad", "raadsvoorstel", "raadsinformatiebrief", "raadsleden")
PERSON_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "la", "le", "du"})

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATES = (
    re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]((?:19|20)\d\d)\b"),
    re.compile(r"\b((?:19|20)\d\d)-\d{2}-\d{2}\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+((?:19|20)\d\d)\b"),
)
_YEAR = re.compile(r"(?<![\d.,])((?:19[89]|20\d)\d)(?![\d.,]\d)")
_URL = re.compile(r"(?:https?://|www\.|\S+@\S+\.\w+|\.(?:nl|com|org|eu)\b)", re.IGNORECASE)
_STREET = re.compile(r"^(?:Postbus\s+\d+|[A-ZÀ-Þ][\w'’.-]+(?:\s[\w'’.-]+){0,3}\s\d{1,5}\s?[a-zA-Z]?)$")
_POSTCODE = re.compile(r"^\d{4}\s?[A-Z]{2}\b")
_LEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]+\.)\s+", re.IGNORECASE)


class DocumentDescription(BaseModel):
    title: str
    doc_type: str = FALLBACK_TYPE
    organisation: str = ""
    municipality: str = ""
    year: int | None = None


# --- document types -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocTypeRule:
    type: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.patterns)


def _pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a whole-word pattern on folded text: '#' is a digit, a trailing '*' any word ending."""
    body = re.escape(fold(keyword.replace("#", "0").replace("*", ""))).replace("0", r"\d")
    if keyword.strip().endswith("*"):
        body += r"\w*"
    return re.compile(rf"(?<![\w]){body}(?![\w])")


def parse_doc_types(rows: Iterable[dict[str, str]], source: str) -> tuple[DocTypeRule, ...]:
    rules = []
    for number, row in enumerate(rows, start=2):
        kind = (row.get("type") or "").strip()
        keywords = [k.strip() for k in (row.get("patterns") or "").split("|") if k.strip()]
        if not kind or not keywords:
            raise ConfigError(f"{source}: rij {number} mist een type of patronen (kolommen 'type' en 'patterns')")
        rules.append(DocTypeRule(kind, tuple(_pattern(k) for k in keywords)))
    return tuple(rules)


def load_doc_types(path: Path | str) -> tuple[DocTypeRule, ...]:
    """A user-supplied vocabulary with the columns of the packaged one (`type`, `patterns`)."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return parse_doc_types(csv.DictReader(fh), path.name)


@functools.cache
def default_doc_types() -> tuple[DocTypeRule, ...]:
    source = resources.files("assistant").joinpath("data/doctypes.csv")
    with source.open(encoding="utf-8") as fh:
        return parse_doc_types(csv.DictReader(fh), "doctypes.csv")


def match_doc_type(text: str, rules: Sequence[DocTypeRule]) -> str:
    """The first type of the vocabulary that `text` names, or ''."""
    folded = fold(text)
    return next((rule.type for rule in rules if rule.matches(folded)), "")


# --- small predicates ---------------------------------------------------------------------------------------

def _bare(text: str) -> str:
    """Folded, without numbering, digits and punctuation: 'Bijlage 3:' -> 'bijlage'."""
    return " ".join(re.sub(r"[\d\W_]+", " ", fold(_LEADING_NUMBER.sub("", text))).split())


def is_generic(text: str) -> bool:
    """A kind of page or document rather than a title: "Raadsvoorstel", "Bijlage 2", "Memo aan de raad"."""
    words = _bare(text).split()
    if not words:
        return True
    if " ".join(words) in GENERIC_TITLES:
        return True
    return words[0] in GENERIC_TITLES and all(w in CONTINUATION_WORDS or w in GENERIC_ADDRESSEES for w in words[1:])


def is_generic_property(title: str, name: str) -> bool:
    """An embedded title that says nothing: a Word/template name, a file name, or a generic word."""
    folded = fold(title)
    if not folded or title.lower().startswith(("microsoft ", "untitled", "naamloos")):
        return True
    if re.search(r"\.(?:docx?|pdf|indd|pptx?|xlsx?|odt)\b", title, re.IGNORECASE) or fold(Path(name).stem) == folded:
        return True
    words = folded.split()
    return is_generic(title) or (len(words) <= 2 and any(w in GENERIC_WORDS for w in words))


def _is_date_or_number(text: str) -> bool:
    """Only numbers, month names and version/edition words: "28 mei 2024", "versie 0.2", "1e druk maart 2024"."""
    rest = re.sub(rf"\b(?:{_MONTHS})\b\.?", " ", fold(text))
    return not re.search(r"[a-z]{2,}", re.sub(r"\b(?:versie|status|concept|druk|e|de|ste)\b", " ", rest))


def _is_place_only(text: str, gazetteer: Gazetteer) -> bool:
    bare = re.sub(r"^(?:gemeente|regio|provincie)\s+", "", fold(text))
    return gazetteer.lookup(bare) is not None


def _is_field(text: str) -> bool:
    """A form field of a letter or memo: "Aan: de raad", "Datum: 3 maart 2023"."""
    folded = fold(text)
    return any(re.match(rf"{re.escape(label)}\b\s*[:\-]?", folded) and ":" in text[: len(label) + 3]
               for label in FIELD_LABELS)


def usable_title_line(text: str, gazetteer: Gazetteer, running: set[str]) -> bool:
    return bool(text.strip()) and not (
        is_generic(text) or _is_date_or_number(text) or _URL.search(text) or _is_field(text)
        or _is_place_only(text, gazetteer) or fold(text) in running or len(text) > MAX_TITLE
    )


def _tidy(title: str) -> str:
    title = " ".join(title.split()).strip(" :-–|")
    return title[:MAX_TITLE].rstrip()


# --- title --------------------------------------------------------------------------------------------------

def subject_line(lines: Sequence[str]) -> str:
    """The value of an "Onderwerp:"/"Betreft:" field among the first lines of page 1, or ''."""
    for i, line in enumerate(lines[:40]):
        folded = fold(line)
        for label in SUBJECT_LABELS:
            if folded == label and i + 1 < len(lines):
                return _tidy(lines[i + 1])
            if m := re.match(rf"^{label}\s*[:\-]\s*(.{{4,}})$", line.strip(), re.IGNORECASE):
                return _tidy(m.group(1))
    return ""


def title_from_sizes(lines: Sequence[tuple[str, float]], gazetteer: Gazetteer, running: set[str]) -> str:
    """The largest-font usable line block near the top of page 1, with a subtitle; '' if nothing stands out.

    A title line stands out: it is set in a display size or clearly larger than the page's median size.
    """
    top = [(t, s) for t, s in lines[:25] if s > 0]
    if not top:
        return ""
    median = statistics.median(s for _, s in lines if s > 0)
    usable = [i for i, (t, _) in enumerate(top) if usable_title_line(t, gazetteer, running)]
    if not usable:
        return ""
    biggest = max(top[i][1] for i in usable)
    if not _stands_out(biggest, median):
        return ""
    start = next(i for i in usable if top[i][1] >= biggest - 0.5)
    block, end = _same_size_block(top, start, max_lines=3)
    title = " ".join(block)
    if end < len(top) and usable_title_line(top[end][0], gazetteer, running):
        size = top[end][1]
        if size >= SUBTITLE_SHARE * biggest and _stands_out(size, median):
            subtitle, _ = _same_size_block(top, end, max_lines=2)
            title = f"{title}: {' '.join(subtitle)}"
    return _tidy(title)


def _stands_out(size: float, median: float) -> bool:
    return size >= DISPLAY_SIZE or size >= TITLE_SHARE * median


def _same_size_block(lines: Sequence[tuple[str, float]], start: int, max_lines: int) -> tuple[list[str], int]:
    """Consecutive lines of the size of `lines[start]` (up to `max_lines`), and the index after them."""
    size = lines[start][1]
    block = [lines[start][0]]
    end = start + 1
    while end < len(lines) and len(block) < max_lines and abs(lines[end][1] - size) <= 0.5:
        text = lines[end][0]
        period = re.fullmatch(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)\d\d)?", text.strip())
        if not period and (is_generic(text) or _URL.search(text) or _is_date_or_number(text)):
            break
        block.append(text)
        end += 1
    return block, end


def first_short_line(lines: Sequence[str], gazetteer: Gazetteer, running: set[str]) -> str:
    """The first usable line of at most 15 words that does not end a sentence, among the first five lines."""
    for line in lines[:5]:
        if usable_title_line(line, gazetteer, running) and len(line.split()) <= 15 and not line.rstrip(
                ).endswith((".", ",", ";")):
            return _tidy(line)
    return ""


def title_from_name(name: str) -> str:
    stem = Path(name).stem
    text = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return text[:1].upper() + text[1:] if text else name


def describe_title(name: str, loaded: LoadedDocument, gazetteer: Gazetteer) -> str:
    page_lines = _page_lines(loaded, 0)
    running = {fold(r) for r in loaded.running_lines}
    sized = [(t, s) for t, s in loaded.first_page_lines]
    has_sizes = any(s > 0 for _, s in sized)
    candidates = [
        lambda: subject_line(page_lines),
        lambda: title_from_sizes(sized, gazetteer, running) if has_sizes else first_short_line(
            page_lines, gazetteer, running),
        lambda: _property_title(loaded, name),
        lambda: first_short_line(page_lines, gazetteer, running) if has_sizes else "",
    ]
    for candidate in candidates:
        if title := candidate():
            return title
    return title_from_name(name)


def _property_title(loaded: LoadedDocument, name: str) -> str:
    title = loaded.properties.get("title", "")
    return "" if is_generic_property(title, name) else _tidy(title)


def _page_lines(loaded: LoadedDocument, index: int) -> list[str]:
    if index == 0 and loaded.first_page_lines:
        return [t for t, _ in loaded.first_page_lines]
    pages = [p for p in loaded.pages if p.text]
    if index >= len(pages):
        return []
    return [line.strip() for line in pages[index].text.split("\n") if line.strip()]


# --- document type ------------------------------------------------------------------------------------------

def describe_doc_type(name: str, title: str, loaded: LoadedDocument, rules: Sequence[DocTypeRule]) -> str:
    lines = _page_lines(loaded, 0)[:25]
    headers = [line for line in lines if is_generic(line) and len(line.split()) <= 5]
    short = [line for line in lines if len(line.split()) <= 8]
    for texts in (headers, [title], short + loaded.running_lines, [title_from_name(name)]):
        for text in texts:
            if found := match_doc_type(text, rules):
                return found
    return FALLBACK_TYPE


# --- organisation and municipality --------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgPhrase:
    text: str
    place: str
    kind: str  # "gemeente", "regio" or "org"


def _cue(text: str, mention: PlaceMention) -> str:
    before = text[max(0, mention.start - 12) : mention.start]
    m = re.search(r"(?<!\w)(gemeente|regio|provincie)\s+$", before, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def _head_words(text: str, start: int) -> list[str]:
    """Capitalised words right before `start` on its line (up to four), stopping at function words."""
    window = text[max(0, start - 80) : start]
    if not window or window[-1] not in " \t":
        return []
    words: list[str] = []
    for word in reversed(window.split("\n")[-1].split()):
        if not word[:1].isupper() or word.lower() in CONTINUATION_WORDS or re.search(r"[^\w&'’.-]", word):
            break
        words.insert(0, word)
        if len(words) == 4:
            break
    return words


def _is_org_word(word: str) -> bool:
    folded = fold(word)
    return folded in ORG_WORDS or any(part in folded for part in ORG_WORD_PARTS)


def org_phrases(text: str, gazetteer: Gazetteer) -> list[OrgPhrase]:
    """"Gemeente X", "Regio X" and organisation names ending in a place ("GGD X", "Thuiszorg X") in `text`."""
    found: list[OrgPhrase] = []
    for mention in gazetteer.find(text):
        name = mention.place.name
        cue = _cue(text, mention)
        if cue == "gemeente" and mention.place.kind == KIND_MUNICIPALITY:
            found.append(OrgPhrase(f"Gemeente {name}", name, "gemeente"))
        elif cue == "regio" or mention.place.kind == KIND_REGION:
            label = name if fold(name).startswith("regio ") else f"Regio {name}"
            found.append(OrgPhrase(label, name, "regio"))
        elif cue == "" and (head := _head_words(text, mention.start)):
            while head and not _is_org_word(head[0]):
                head = head[1:] if any(_is_org_word(w) for w in head[1:]) else []
            if head:
                found.append(OrgPhrase(" ".join([*head, mention.surface]), name, "org"))
    return found


def _is_org_line(line: str) -> bool:
    """A line that is an organisation's name: words capitalised (or particles), with an organisation word."""
    words = line.split()
    if not 1 <= len(words) <= 8 or re.search(r"\d", line):
        return False
    lowers = [w for w in words if not w[:1].isupper()]
    return all(w.lower() in CONTINUATION_WORDS for w in lowers) and any(_is_org_word(w) for w in words)


def looks_like_person(text: str, gazetteer: Gazetteer) -> bool:
    """"Anja de Vries", "J. Jansen": two to five words, capitalised or name particles, no organisation word."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or re.search(r"[\d&@]", text) or any(_is_org_word(w) for w in words):
        return False
    if gazetteer.find(text):
        return False
    return all(w[:1].isupper() or w.lower() in PERSON_PARTICLES for w in words)


def author_organisation(author: str, gazetteer: Gazetteer) -> str:
    """The publisher named in a file's author field: the first part that is not a person ("X voor Y": Y)."""
    for part in re.split(r"[;,]", author):
        part = " ".join(part.split())
        if not part or looks_like_person(part, gazetteer):
            continue
        if m := re.match(r"(.+?)\s+voor\s+(.+)$", part):
            client = m.group(2)
            if any(_is_org_word(w) for w in client.split()) or gazetteer.find(client):
                part = client
        phrases = org_phrases(part, gazetteer)
        if phrases and phrases[0].kind == "gemeente":
            return phrases[0].text
        return part[:1].upper() + part[1:]
    return ""


def address_organisation(lines: Sequence[str]) -> str:
    """The line above a street/postbox line that is followed by a postcode: a letterhead's sender."""
    for i in range(1, len(lines) - 1):
        if _STREET.match(lines[i]) and _POSTCODE.match(lines[i + 1]) and _is_org_line(lines[i - 1]):
            return lines[i - 1]
    return ""


def _first_pages(loaded: LoadedDocument, count: int = FIRST_PAGES) -> list[str]:
    return [p.text for p in loaded.pages if p.text][:count]


def dominant_municipality(texts: Iterable[str], gazetteer: Gazetteer) -> str:
    """The municipality named at least three times, twice as often as the next and in 40% of all mentions."""
    counts = Counter(m.place.name for text in texts for m in gazetteer.find(text)
                     if m.place.kind == KIND_MUNICIPALITY)
    if not counts:
        return ""
    (best, n), *rest = counts.most_common()
    second = rest[0][1] if rest else 0
    return best if n >= 3 and n >= 2 * second and n >= 0.4 * sum(counts.values()) else ""


def describe_organisation(loaded: LoadedDocument, title: str, gazetteer: Gazetteer) -> str:
    cover = [line for line in _page_lines(loaded, 0)[:25] if len(line.split()) <= 8]
    for phrase in org_phrases("\n".join([*cover, *loaded.running_lines]), gazetteer):
        if phrase.kind == "gemeente":
            return phrase.text
    for line in loaded.running_lines:
        if phrases := [p for p in org_phrases(line, gazetteer) if p.kind != "gemeente"]:
            return phrases[0].text
        if _is_org_line(line):
            return line
    if found := address_organisation([*_page_lines(loaded, 0), *_page_lines(loaded, 1)]):
        return found
    if found := author_organisation(loaded.properties.get("author", ""), gazetteer):
        return found
    first = _first_pages(loaded, COVER_PAGES)
    folded = fold(" ".join(first))
    town = dominant_municipality([title, *_first_pages(loaded)], gazetteer)
    if town and any(cue in folded for cue in MUNICIPAL_CUES):
        return f"Gemeente {town}"
    counts = Counter(p.text for text in [title, *first] for p in org_phrases(text, gazetteer))
    ranked = [text for text, n in counts.most_common() if n >= 2 or text.startswith("Regio ")]
    return ranked[0] if ranked else ""


def describe_municipality(loaded: LoadedDocument, title: str, organisation: str, gazetteer: Gazetteer) -> str:
    author = loaded.properties.get("author", "")
    if regions := _phrases(title, gazetteer, "regio"):
        return regions[0]
    for mention in gazetteer.find(title):
        if mention.place.kind == KIND_MUNICIPALITY:
            return mention.place.name
    for source in (organisation, author):
        for phrase in org_phrases(source, gazetteer):
            if phrase.kind == "gemeente":
                return phrase.place
    first = _first_pages(loaded)
    if town := dominant_municipality([title, *first], gazetteer):
        return town
    if regions := _phrases(organisation, gazetteer, "regio") + _phrases(author, gazetteer, "regio"):
        return regions[0]
    if regions := [r for text in first for r in _phrases(text, gazetteer, "regio")]:
        return Counter(regions).most_common(1)[0][0]
    for source in (title, organisation):
        for mention in gazetteer.find(source):
            if mention.place.kind == KIND_PROVINCE:
                return mention.place.name
    return ""


def _phrases(text: str, gazetteer: Gazetteer, kind: str) -> list[str]:
    return [p.text for p in org_phrases(text, gazetteer) if p.kind == kind]


# --- year ---------------------------------------------------------------------------------------------------

def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def date_years(lines: Iterable[str], max_length: int = 60) -> list[int]:
    """Years of the dates ("28 mei 2024", "februari 2022", "14-10-2025") on short lines."""
    found = []
    for line in lines:
        if len(line) <= max_length:
            folded = fold(line)
            for pattern in _DATES:
                found += [int(y) for y in pattern.findall(folded)]
    return found


def creation_year(value: str) -> int | None:
    """The year of an ISO creation date, unless it is a 1 January 00:00:00 placeholder or before 1990."""
    try:
        created = datetime.fromisoformat(value)
    except ValueError:
        return None
    placeholder = (created.month, created.day, created.hour, created.minute, created.second) == (1, 1, 0, 0, 0)
    return None if placeholder or created.year < 1990 else created.year


def describe_year(name: str, title: str, loaded: LoadedDocument) -> int | None:
    title_years = sorted(set(years_in(title)))
    if len(title_years) == 1:
        return title_years[0]
    for lines in (_page_lines(loaded, 0), loaded.running_lines, _page_lines(loaded, 1)):
        if found := date_years(lines):
            return max(found)
    if year := creation_year(loaded.properties.get("creation_date", "")):
        return year
    name_years = sorted(set(years_in(re.sub(r"[_\-]+", " ", Path(name).stem))))
    if len(name_years) == 1:
        return name_years[0]
    return (title_years or name_years or [None])[0]


# --- all together -------------------------------------------------------------------------------------------

def describe(
    name: str, loaded: LoadedDocument, gazetteer: Gazetteer, doc_types: Sequence[DocTypeRule] | None = None
) -> DocumentDescription:
    """Title, type, organisation, municipality and year of one document (see the module docstring)."""
    title = describe_title(name, loaded, gazetteer)
    organisation = describe_organisation(loaded, title, gazetteer)
    return DocumentDescription(
        title=title,
        doc_type=describe_doc_type(name, title, loaded, doc_types if doc_types is not None else default_doc_types()),
        organisation=organisation,
        municipality=describe_municipality(loaded, title, organisation, gazetteer),
        year=describe_year(name, title, loaded),
    )
