"""Figures stated in running text, read conservatively: a number with its unit, period and subject.

Three sentence patterns are read; anything else is left alone (precision first):

- a change between two years: "de uitgaven stegen van € 1,2 miljoen in 2020 naar € 1,9 miljoen in 2022",
  "van 13% (2016) tot 21% (2018)" -> one figure per year;
- a count of something per year: "28 cliënten in 2018; 35 in 2017 en 28 in 2016";
- an amount or percentage in a year: "de totale kosten voor jeugdhulp zijn € 1,1 miljoen in 2018",
  "In 2023 bedroegen de kosten € 4,2 miljoen";
- counts per place (with a place finder, e.g. the gazetteer): "1.000 appartementen in Zwolle en 2.500
  Deventer in 2030" -> subject the place, measure the noun, period the sentence's one year.

The subject is the noun phrase of the clause (simple rules: the words before the verb, or the noun after
the count). `table` is "tekst_" + the section's slug and `table_title` the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.figures.schema import normalise_period
from assistant.models import FigureRow
from assistant.numbers import parse_dutch_number
from assistant.sentences import split_sentences
from ingest.labels import caption_text, slug

_YEAR = r"(?:19[5-9]\d|20\d\d)(?![\d.,]\d)"
_SCALE = r"(?:\s?(?:miljoen|mln\.?|miljard|mld\.?|duizend))"
# an amount or percentage with its unit, or a plain count
_AMOUNT = rf"(?:€\s?-?\d[\d.]*(?:,\d+)?(?:,-)?{_SCALE}?|-?\d[\d.]*(?:,\d+)?\s?%|-?\d[\d.]*(?:,\d+)?{_SCALE}?\s?euro)"
_NUMBER = r"(?:-?\d{1,3}(?:\.\d{3})+|-?\d+)(?:,\d+)?"
_WHEN = rf"(?:(?:in|over|per|eind|ultimo|begin)\s+({_YEAR})|\(({_YEAR})\))"

_FROM_TO = re.compile(
    rf"\bvan\s+(?:(?:ruim|circa|ca\.|bijna|ongeveer|zo'n)\s+)?(?P<a>{_AMOUNT}|{_NUMBER})\s+{_WHEN.replace('(' + _YEAR + ')', '(?P<ya>' + _YEAR + ')', 1).replace('(' + _YEAR + ')', '(?P<yb>' + _YEAR + ')', 1)}"
    rf"\s*(?:,\s*)?(?:naar|tot|in)\s+(?:(?:ruim|circa|ca\.|bijna|ongeveer|zo'n)\s+)?(?P<c>{_AMOUNT}|{_NUMBER})\s+"
    rf"{_WHEN.replace('(' + _YEAR + ')', '(?P<yc>' + _YEAR + ')', 1).replace('(' + _YEAR + ')', '(?P<yd>' + _YEAR + ')', 1)}",
    re.IGNORECASE,
)
# "28 cliënten in 2018; 35 in 2017 en 28 in 2016"
_COUNT_LIST = re.compile(
    rf"(?<![\w.,€-])(?P<n>{_NUMBER})\s+(?P<noun>[^\W\d_][\w’'-]+(?:\s+[^\W\d_][\w’'-]+)?)\s+in\s+(?P<y>{_YEAR})"
    rf"(?P<rest>(?:\s*(?:[;,]|en)\s*(?:en\s+)?{_NUMBER}\s+in\s+{_YEAR})*)",
    re.IGNORECASE,
)
_REST_ITEM = re.compile(rf"(?P<n>{_NUMBER})\s+in\s+(?P<y>{_YEAR})")
# "€ 1,1 miljoen in 2018", "12% in 2023"
_AMOUNT_YEAR = re.compile(rf"(?P<a>{_AMOUNT})\s+{_WHEN.replace('(' + _YEAR + ')', '(?P<y1>' + _YEAR + ')', 1).replace('(' + _YEAR + ')', '(?P<y2>' + _YEAR + ')', 1)}",
                          re.IGNORECASE)
# "In 2023 bedroegen de kosten € 4,2 miljoen"
_YEAR_FIRST = re.compile(rf"^(?:In|Over|Eind|Ultimo)\s+(?P<y>{_YEAR})\s+(?P<verb>\w+)\s+(?P<np>[^,;:]{{3,60}}?)\s+(?P<a>{_AMOUNT})(?=[\s.,;:)]|$)")

_VERBS = {
    "is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "bedraagt", "bedragen", "bedroeg", "bedroegen",
    "stijgt", "stijgen", "steeg", "stegen", "gestegen", "daalt", "dalen", "daalde", "daalden", "gedaald", "groeit",
    "groeien", "groeide", "groeiden", "gegroeid", "neemt", "nemen", "nam", "namen", "toegenomen", "afgenomen", "ligt",
    "liggen", "lag", "lagen", "loopt", "lopen", "liep", "liepen", "opgelopen", "heeft", "hebben", "had", "hadden", "kost", "kosten_verb", "kwam", "kwamen", "komt",
    "komen", "ontvingen", "ontving", "ontvangen", "gaat", "gingen", "ging", "blijft", "bleef", "bleven", "betreft",
    "betroffen", "betrof", "maakt", "maken", "maakte", "maakten", "telt", "tellen", "telde", "telden",
}
_LEADING = {"de", "het", "een", "deze", "dit", "die", "dat", "er", "ook", "wel", "nog", "zoals", "aangegeven", "al"}
_TRAILING = {"wel", "ook", "nog", "al", "er", "dan", "circa", "ca.", "ongeveer", "ruim", "bijna", "zo'n", "maar",
             "sterk", "fors", "flink", "licht", "met", "totaal", "in", "van", "naar", "tot", "op"}
_NOT_NOUN = {"jaar", "jaren", "procent", "euro", "keer", "maal", "en", "of", "per", "van", "tot", "in", "op",
             "miljoen", "miljard", "duizend", "mln", "mld", "mln.", "mld.", "procentpunt", "procentpunten"}
# "In 2023 ontvingen 1.113 klanten hulp bij het huishouden"
_YEAR_COUNT = re.compile(rf"^(?:In|Over|Eind|Ultimo)\s+(?P<y>{_YEAR})\s+(?P<verb>\w+)\s+(?:er\s+)?(?P<n>{_NUMBER})\s+"
                         r"(?P<np>[^\W\d_][^,;:.()\d]{2,60}?)(?=[,;:.(]|$)")


def _value(printed: str) -> tuple[float, str] | None:
    text = printed.strip()
    unit = "%" if "%" in text else "EUR" if ("€" in text or "euro" in text.lower()) else "aantal"
    core = re.sub(r"\s*euro$", "", text, flags=re.IGNORECASE)
    try:
        return parse_dutch_number(core), unit
    except ValueError:
        return None


def _period(*years: str | None) -> str:
    for y in years:
        if y:
            try:
                return normalise_period(y)
            except ValueError:
                return ""
    return ""


def _clean_np(words: list[str]) -> str:
    while words and words[0].lower().strip(",:") in _LEADING:
        words = words[1:]
    while words and (words[-1].lower().strip(",:") in _TRAILING or words[-1].lower().strip(",:") in _VERBS):
        words = words[:-1]
    text = " ".join(w.strip(",:;") for w in words).strip()
    if re.search(r"\b(?:sprake|stijging|daling|toename|afname|groei)\b", text, re.IGNORECASE):
        return ""  # a change, not the quantity itself
    return text


def _place(sentence: str) -> str:
    """A leading place qualifier: "In Zuidstad liepen ..." -> "Zuidstad" (not "In 2018")."""
    m = re.match(r"^(?:[a-z]\)\s*)?In\s+((?:[A-ZÀ-Þ][\w’'-]+)(?:\s+[A-ZÀ-Þ][\w’'-]+)?)\s", sentence)
    return m[1] if m else ""


def _subject_before(text: str) -> str:
    """The noun phrase of a clause before its figure: the words after the last verb (or the clause start)."""
    clause = re.split(r"[;:()]|,\s|\.\s", text)[-1]
    words = clause.split()
    verb_at = [i for i, w in enumerate(words) if w.lower().strip(",:") in _VERBS]
    if verb_at:
        after = words[verb_at[-1] + 1:]
        before = words[:verb_at[0]]
        np_ = _clean_np(after) or _clean_np(before)
        if np_ and len(np_.split()) <= 8:
            return np_
        np_ = _clean_np(before)
        return np_ if np_ and len(np_.split()) <= 8 else ""
    np_ = _clean_np(words[-8:])
    return np_ if len(np_.split()) >= 1 and not re.search(r"\d", np_) else ""


def _subject_of_sentence(sentence: str, end: int) -> str:
    """Subject of a sentence whose figures start at `end`: the words before the verb group."""
    head = sentence[:end]
    place = _place(head)
    if place:
        head = head[head.index(place) + len(place):]
        subject = _subject_of_sentence(head, len(head))
        return f"{subject} ({place})" if subject else ""
    words = head.split()
    verb_at = [i for i, w in enumerate(words) if w.lower().strip(",:") in _VERBS]
    if verb_at:
        np_ = _clean_np(words[:verb_at[0]])
        if np_ and len(np_.split()) <= 8 and not re.match(r"^(in|op|per|voor|na)\b", np_.lower()):
            return np_
        np_ = _clean_np(words[verb_at[-1] + 1:])
        if np_ and len(np_.split()) <= 8:
            return np_
    return _subject_before(head)


def _row(value: tuple[float, str], printed: str, subject: str, period: str, sentence: str, document: str,
         page: int, table: str, measure: str) -> FigureRow:
    return FigureRow(
        table=table, subject=subject, measure=measure, period=period, value=value[0], unit=value[1],
        printed=printed.strip(), document=document, page=page, origin="extracted", note="running text",
        table_title=sentence[:300], row_label=subject, column_label="",
    )


def _measure(subject: str, unit: str) -> str:
    if unit == "%":
        return "percentage"
    if unit == "EUR":
        return "bedrag"
    return slug(subject, 40) or "aantal"


# Finds places in a text: (name, start, end) per mention.
PlaceFinder = Callable[[str], list[tuple[str, int, int]]]
# "1.000 appartementen in " / "2.500 " right before a place name
_COUNT_BEFORE_PLACE = re.compile(
    rf"(?<![\w.,€-])(?P<n>{_NUMBER})(?P<noun>(?:\s+[a-zà-ÿ][\w’'-]+){{0,3}}?)\s+(?:(?:in|voor|te|bij)\s+)?$")


def _counts_per_place(sentence: str, places: PlaceFinder) -> list[tuple[str, str, str]]:
    """(printed count, noun, place) for counts written right before a place: the noun carries over to the
    next count of the same enumeration ("1.000 appartementen in Zwolle en 2.500 Deventer")."""
    out: list[tuple[str, str, str]] = []
    noun = ""
    for name, start, _ in places(sentence):
        m = _COUNT_BEFORE_PLACE.search(sentence[:start])
        if m is None or re.fullmatch(_YEAR, m["n"]):
            continue
        words = [w for w in m["noun"].split() if w.lower() not in _VERBS]
        if words and (words[0].lower() in _NOT_NOUN or words[-1].lower() in _NOT_NOUN):
            continue
        noun = " ".join(words) or noun
        if noun:
            out.append((m["n"], noun, name))
    return out


def figures_from_text(text: str, document: str, page: int, section: str = "",
                      table_lines: list[str] | None = None, places: PlaceFinder | None = None) -> list[FigureRow]:
    """Figures in the sentences of one page's text. Sentences that are table rows are skipped."""
    name = slug(caption_text(section), 40) if section else ""
    table = f"tekst_{name}" if name else "tekst"
    skip = {re.sub(r"\s+", " ", line).strip() for line in table_lines or [] if line.strip()}
    out: list[FigureRow] = []
    seen: set[tuple[str, str, str]] = set()

    def add(value: tuple[float, str] | None, printed: str, subject: str, period: str, sentence: str) -> None:
        if value is None or not subject or not period:
            return
        key = (printed.strip(), period, subject.lower())
        if key in seen:
            return
        seen.add(key)
        out.append(_row(value, printed, subject, period, sentence, document, page, table,
                        _measure(subject, value[1])))

    for sentence in split_sentences(text):
        sentence = re.sub(r"\s+", " ", sentence).strip()
        if not re.search(_YEAR, sentence) or sentence in skip or len(sentence) > 600:
            continue
        taken: list[tuple[int, int]] = []
        for m in _FROM_TO.finditer(sentence):
            subject = _subject_of_sentence(sentence, m.start())
            a, c = m["a"], m["c"]
            va, vc = _value(a), _value(c)
            if va is None or vc is None or va[1] != vc[1] and "aantal" not in (va[1], vc[1]):
                continue
            unit = va[1] if va[1] != "aantal" else vc[1]
            add((va[0], unit), a, subject, _period(m["ya"], m["yb"]), sentence)
            add((vc[0], unit), c, subject, _period(m["yc"], m["yd"]), sentence)
            taken.append(m.span())
        for m in _COUNT_LIST.finditer(sentence):
            if any(s <= m.start() < e for s, e in taken):
                continue
            noun = m["noun"].strip()
            first = noun.split()[0]
            before = sentence[:m.start()].split()
            if first.lower() in _NOT_NOUN or first.lower() in _VERBS or not first.isalpha() or first[0].isupper() \
                    or (before and before[-1] == "€") or (len(before) > 1 and before[-1][:1].isupper()):
                continue
            if noun.split()[-1].lower() in _NOT_NOUN:
                noun = noun.split()[0]
            place = _place(sentence)
            noun = f"{noun} ({place})" if place else noun
            add(_value(m["n"]), m["n"], noun, _period(m["y"]), sentence)
            for item in _REST_ITEM.finditer(m["rest"] or ""):
                add(_value(item["n"]), item["n"], noun, _period(item["y"]), sentence)
            taken.append(m.span())
        for m in _AMOUNT_YEAR.finditer(sentence):
            if any(s <= m.start() < e for s, e in taken):
                continue
            subject = _subject_before(sentence[:m.start()])
            if not subject or re.search(r"\d", subject):
                continue
            add(_value(m["a"]), m["a"], subject, _period(m["y1"], m["y2"]), sentence)
            taken.append(m.span())
        m = _YEAR_COUNT.match(sentence)
        if m and m["verb"].lower() in _VERBS and not any(s <= m.start("n") < e for s, e in taken):
            words = m["np"].split()
            if words and words[0].lower() not in _NOT_NOUN and len(words) <= 6:
                add(_value(m["n"]), m["n"], _clean_np(words), _period(m["y"]), sentence)
                taken.append(m.span())
        m = _YEAR_FIRST.match(sentence)
        if m and not any(s <= m.start("a") < e for s, e in taken) and m["verb"].lower() in _VERBS:
            subject = _clean_np(m["np"].split())
            if subject and not re.search(r"\d", subject):
                add(_value(m["a"]), m["a"], subject, _period(m["y"]), sentence)
        years = set(re.findall(_YEAR, sentence))
        if places is not None and len(years) == 1:
            for printed, noun, place in _counts_per_place(sentence, places):
                value = _value(printed)
                if value is not None and not any(printed.strip() == r.printed and r.table_title == sentence[:300]
                                                 for r in out):
                    out.append(_row(value, printed, place, _period(*years), sentence, document, page, table,
                                    slug(noun, 40) or "aantal"))
    return out
