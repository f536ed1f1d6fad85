"""Glossary and guided tour: domain terms explained from the corpus, and what each document is.

Everything here is extractive and deterministic: an explanation is one or two sentences copied verbatim from
an indexed chunk, each with a citation, chosen because it reads like a definition ("LTA (Landelijk Transitie
Arrangement)", "Het instellen van een budgetplafond houdt in dat ...", "OTS = ondertoezichtstelling"). A term
the documents do not contain gets the refusal sentinel.

Terms come from a curated list of social-domain vocabulary plus acronyms discovered in the corpus from
definition patterns ("Long Term Arrangement (LTA)", "LTA (Long Term Arrangement)", "LTA = Long Term
Arrangement"); only terms that occur in the indexed chunks are listed.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.extract import split_sentences
from assistant.index.keyword import tokenize
from assistant.models import Answer, Chunk, Citation, DocumentSummary, GlossaryEntry, Passage
from assistant.texts import REFUSAL

# Dutch note shown above an explanation when the documents only mention a term without defining it.
NO_DEFINITION_NOTE = "De documenten geven geen definitie; de term wordt wel genoemd:"


@dataclass(frozen=True)
class Term:
    """A glossary term and the other ways the documents write it."""

    term: str
    forms: tuple[str, ...] = ()  # other spellings; for a discovered acronym its long form

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.term, *self.forms)


# Curated social-domain vocabulary (Jeugdwet, Wmo, regional purchasing). `forms` are other spellings or the
# written-out form; lower-case words also match inflections and compounds ("budgetplafonds", "wijkteams").
CURATED: tuple[Term, ...] = (
    Term("verevening", ("risicoverevening", "verevend")),
    Term("percelen", ("perceel", "inkooppercelen")),
    Term("BSA"),
    Term("LTA", ("Landelijk Transitie Arrangement",)),
    Term("SAVE", ("Samen Veilig Midden-Nederland",)),
    Term("RISB"),
    Term("POH-GGZ", ("praktijkondersteuner huisartsen",)),
    Term("GGZ", ("geestelijke gezondheidszorg",)),
    Term("Wlz", ("Wet langdurige zorg", "WLZ")),
    Term("Wmo", ("Wet maatschappelijke ondersteuning", "WMO")),
    Term("Zvw", ("Zorgverzekeringswet", "ZVW")),
    Term("Jeugdwet"),
    Term("Participatiewet"),
    Term("JIM", ("Jouw Ingebrachte Mentor",)),
    Term("ZRM", ("Zelfredzaamheid-Maxtrix", "Zelfredzaamheidsmatrix", "Zelfredzaamheid-Matrix")),
    Term("gedwongen kader",),
    Term("gecertificeerde instelling", ("GI",)),
    Term("budgetplafond",),
    Term("prestatiebekostiging", ("P*Q",)),
    Term("populatiebekostiging",),
    Term("resultaatbekostiging",),
    Term("taakgerichte bekostiging",),
    Term("inspanningsgerichte bekostiging",),
    Term("SES", ("sociaal-economische status",)),
    Term("wijkteam", ("sociaal team", "lokaal team")),
    Term("hbh", ("hulp bij huishouden",)),
    Term("OTS", ("ondertoezichtstelling",)),
    Term("pgb", ("persoonsgebonden budget", "PGB")),
    Term("zorg in natura", ("ZIN",)),
    Term("Veilig Thuis",),
    Term("AMHK",),
    Term("LVB", ("licht verstandelijke beperking",)),
    Term("KPI", ("kritieke prestatie-indicator",)),
    Term("pleegzorg",),
    Term("Essentiële Functies",),
    Term("poortwachtersfunctie",),
    Term("voorliggend veld",),
    Term("normaliseren",),
    Term("e-health",),
    Term("resultaatgericht indiceren",),
    Term("indexatie",),
    Term("eigen bijdrage",),
)

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


def form_pattern(form: str) -> re.Pattern[str]:
    """Regex for one surface form: whole words; words also match inflections/compounds at the end."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    if _is_acronym(form):
        return re.compile(rf"(?<![\w*\-]){body}(?!{_WORD})")
    return re.compile(rf"(?<!{_WORD}){body}{_WORD}*", re.IGNORECASE)


def _matchers(term: Term) -> list[re.Pattern[str]]:
    return [form_pattern(f) for f in term.surface_forms]


def _find(term: Term, text: str) -> re.Match[str] | None:
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


# --- the corpus view: sentences per chunk, cached per chunk set ------------------------------------------


@dataclass
class _Corpus:
    chunks: Mapping[str, Chunk]
    ids: list[str]
    sentences: dict[str, list[str]]
    lowered: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    explained: dict[str, Answer] = field(default_factory=dict)


# One view per retriever (weakly held), rebuilt when the retriever's chunk set changes after an ingest.
_views: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _corpus(retriever) -> _Corpus:
    """Sentence splits and the term list of a retriever's chunks, computed once per chunk set."""
    chunks = retriever.chunks
    view = _views.get(retriever)
    if view is None or view.chunks is not chunks:
        ids = sorted(chunks, key=lambda cid: (chunks[cid].document, chunks[cid].page, chunks[cid].index))
        sentences = {cid: sentences_of(chunks[cid].text, chunks[cid].section) for cid in ids}
        view = _Corpus(chunks, ids, sentences, {cid: chunks[cid].text.casefold() for cid in ids})
        view.terms = _terms_in(chunks)
        _views[retriever] = view
    return view


def _needles(term: Term) -> list[str]:
    """Cheap lower-case substrings, one per form, that any match of the form contains."""
    return [f.split()[0].casefold() for f in term.surface_forms]


def _may_contain(term: Term, lowered: str) -> bool:
    return any(n in lowered for n in _needles(term))


def _terms_in(chunks: Mapping[str, Chunk]) -> list[Term]:
    texts = [c.text for c in chunks.values()]
    joined = "\n\n".join(texts)
    lowered = joined.casefold()
    terms: list[Term] = [t for t in CURATED if _may_contain(t, lowered) and _find(t, joined)]
    known = {f.casefold() for t in CURATED for f in t.surface_forms}
    for short, long in discover_acronyms(texts).items():
        if short.casefold() in known:
            continue
        known.add(short.casefold())
        terms.append(Term(short, (long,)))
    return sorted(terms, key=lambda t: t.term.casefold())


def find_terms(chunks: Iterable[Chunk] | Mapping[str, Chunk]) -> list[str]:
    """The glossary terms (curated and discovered acronyms) that occur in `chunks`, sorted."""
    if not isinstance(chunks, Mapping):
        chunks = {c.id: c for c in chunks}
    return [t.term for t in _terms_in(chunks)]


def _lookup(term: str, corpus: _Corpus) -> Term:
    """The known `Term` for user input (case-insensitive on any form), else an ad-hoc term."""
    wanted = " ".join(term.split()).casefold()
    for t in (*corpus.terms, *CURATED):
        if wanted in {f.casefold() for f in t.surface_forms}:
            return t
    return Term(" ".join(term.split()))


# --- explaining a term --------------------------------------------------------------------------------------

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
                         r"heet\b|bestaat uit\b)", re.IGNORECASE)
_DEFINING = re.compile(r"\b(?:houdt in|wordt verstaan|staat voor|oftewel|ook wel|dat wil zeggen)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:[\W\d]*\s*)?(?:[a-z]\)\s*)?(?:(?:de|het|een|onder)\s+)?(?:\w+e\s+)?", re.IGNORECASE)
_TABLE_NOISE = re.compile(r"\d")
_URL = re.compile(r"https?://|www\.")


@dataclass(frozen=True)
class _Candidate:
    score: float
    order: int
    chunk_id: str
    position: int
    text: str
    defining: bool


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


def _score_sentence(term: Term, sentence: str, section: str) -> tuple[float, bool] | None:
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
    if section and _find(term, section):
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
    return score, defining


def _candidates(term: Term, corpus: _Corpus) -> list[_Candidate]:
    out: list[_Candidate] = []
    order = 0
    for cid in corpus.ids:
        chunk = corpus.chunks[cid]
        if not _may_contain(term, corpus.lowered[cid]) or not _find(term, chunk.text):
            continue
        for j, sentence in enumerate(corpus.sentences[cid]):
            order += 1
            scored = _score_sentence(term, sentence, chunk.section)
            if scored is not None:
                out.append(_Candidate(scored[0], order, cid, j, sentence, scored[1]))
    return sorted(out, key=lambda c: (-c.score, c.order))


_ANAPHORA = re.compile(r"^(?:het|dit|deze|die|dat|zij|ze|hierbij|daarbij|daarmee|hiermee|zo|ook|daarnaast)\b",
                       re.IGNORECASE)


def _content_stems(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) >= 5}


def _continues(term: Term, sentence: str, nxt: str) -> bool:
    """Whether `nxt` (the next sentence) continues the explanation in `sentence`."""
    n = len(nxt)
    if len(sentence) >= 220 or len(sentence) + n > 480 or n < 30 or is_fragment(nxt) or nxt.endswith(":"):
        return False
    if len(_TABLE_NOISE.findall(nxt)) > 0.15 * n or _URL.search(nxt):
        return False
    if _ANAPHORA.match(nxt) or _find(term, nxt):
        return True
    own = set(tokenize(term.term))
    return bool((_content_stems(sentence) & _content_stems(nxt)) - own)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def explain_term(term: str, retriever) -> Answer:
    """Explain `term` from the corpus: the most definition-like sentence(s), verbatim, with citations.

    Refuses (REFUSAL) when no indexed chunk contains the term.
    """
    corpus = _corpus(retriever)
    spec = _lookup(term, corpus)
    cache_key = spec.term.casefold() if spec.term.casefold() == " ".join(term.split()).casefold() else term
    if cache_key in corpus.explained:
        return corpus.explained[cache_key].model_copy(deep=True)
    answer = _explain(spec, corpus)
    corpus.explained[cache_key] = answer
    return answer.model_copy(deep=True)


def _explain(spec: Term, corpus: _Corpus) -> Answer:
    question = f"Wat betekent '{spec.term}'?"
    candidates = _candidates(spec, corpus) if spec.term else []
    if not candidates:
        names = [t.term for t in corpus.terms]
        close = difflib.get_close_matches(spec.term, names, n=3, cutoff=0.6)
        return Answer(question=question, text=REFUSAL, refused=True,
                      refusal_reason="de term komt niet voor in de geïndexeerde documenten", suggestions=close)
    best = candidates[0]
    chosen = [best]
    sentences = corpus.sentences[best.chunk_id]
    # The sentence after a short definition often carries its substance ("Het is een instrument dat ...").
    if best.position + 1 < len(sentences) and _continues(spec, best.text, sentences[best.position + 1]):
        chosen.append(_Candidate(best.score, best.order + 1, best.chunk_id, best.position + 1,
                                 sentences[best.position + 1], False))
    # A second, independent definition from another document (e.g. the acronym written out elsewhere).
    if len(chosen) == 1:
        best_doc = corpus.chunks[best.chunk_id].document
        other = next((c for c in candidates[1:] if c.defining and c.score >= 3.0
                      and corpus.chunks[c.chunk_id].document != best_doc
                      and _key(c.text) != _key(best.text)), None)
        if other:
            chosen.append(other)
    citations: list[Citation] = []
    passages: list[Passage] = []
    parts: list[str] = []
    for cand in chosen:
        chunk = corpus.chunks[cand.chunk_id]
        n = len(citations) + 1
        citations.append(Citation(n=n, document=chunk.document, title=chunk.title, page=chunk.page,
                                  section=chunk.section, quote=cand.text))
        if all(p.chunk.id != chunk.id for p in passages):
            passages.append(Passage(chunk=chunk, score=cand.score))
        parts.append(f"{cand.text} [{n}]")
    text = " ".join(parts)
    if not best.defining:
        text = f"{NO_DEFINITION_NOTE} {text}"
    return Answer(question=question, text=text, citations=citations, passages=passages)


def build_glossary(retriever) -> list[GlossaryEntry]:
    """Every glossary term found in the corpus, explained from the documents, sorted by term."""
    corpus = _corpus(retriever)
    return [GlossaryEntry(term=t.term, answer=explain_term(t.term, retriever)) for t in corpus.terms]


# --- guided tour ----------------------------------------------------------------------------------------------

# Sentences in which a document says what it is ("Deze memo informeert u over ...", "Voor u ligt ...").
_SELF = re.compile(
    r"\b(?:(?:deze|dit) (?:memo|rapportage|voortgangsrapportage|rapport|notitie|bestand|document|bundel|brief|"
    r"onderzoek|quick scan|analyse)\b|voor u ligt|hierbij presenteren|in deze (?:rapportage|memo|notitie|bundel))",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"\b(?:informeert|beschrijft|geeft een (?:overzicht|beeld|eerste aanzet)|geeft inzicht|"
                      r"presenteren|richt zich op|gaan we in op|heeft als doel|bevat)\b", re.IGNORECASE)
_AIM = re.compile(r"\b(?:doel|aanleiding|overzicht|stand van zaken|voortgang|resultaat|verklaring|inzicht)\b",
                  re.IGNORECASE)
# A heading glued to the first sentence of a chunk ("Aanleiding Naast de ...", "Voorwoord Hierbij ...").
_HEADING_WORD = re.compile(r"^(?:Aanleiding|Inleiding|Voorwoord|Samenvatting|Doel|Achtergrond)\s+(?=[A-Z])")


def _description(chunks: list[Chunk], max_page: int = 4) -> str:
    """One or two sentences, verbatim from the first pages, that say what the document is about."""
    best: tuple[float, int, str, str] | None = None
    order = 0
    for chunk in chunks:
        if chunk.page > max_page:
            continue
        sentences = [_HEADING_WORD.sub("", s) for s in sentences_of(chunk.text, chunk.section)]
        for j, s in enumerate(sentences):
            order += 1
            n = len(s)
            if n < 30 or n > 400 or is_fragment(s) or len(_TABLE_NOISE.findall(s)) > 0.1 * n:
                continue
            score = (3.0 * bool(_SELF.search(s)) + 2.0 * bool(_PURPOSE.search(s)) + 0.5 * bool(_AIM.search(s))
                     - 0.3 * (chunk.page - 1))
            if score <= 1.0:
                continue
            nxt = sentences[j + 1] if j + 1 < len(sentences) else ""
            if best is None or score > best[0]:
                best = (score, order, s, nxt)
    if best is None:
        return ""
    _, _, sentence, nxt = best
    if nxt and len(sentence) < 120 and len(sentence) + len(nxt) < 360 and not is_fragment(nxt) \
            and (_SELF.search(nxt) or _PURPOSE.search(nxt)) and not nxt.rstrip().endswith(":"):
        return f"{sentence} {nxt}"
    return sentence


def document_summaries(retriever, *, with_description: bool = False) -> list[DocumentSummary]:
    """One summary per indexed document (sorted by title), from the chunks and the file on disk."""
    from assistant.status import page_count

    by_doc: dict[str, list[Chunk]] = {}
    for chunk in retriever.chunks.values():
        by_doc.setdefault(chunk.document, []).append(chunk)
    out: list[DocumentSummary] = []
    for document, chunks in by_doc.items():
        chunks.sort(key=lambda c: (c.page, c.index))
        first = chunks[0]
        out.append(DocumentSummary(
            document=document, title=first.title, doc_type=first.doc_type, municipality=first.municipality,
            year=first.year, pages=page_count(chunks), chunks=len(chunks),
            description=_description(chunks) if with_description else "",
        ))
    return sorted(out, key=lambda d: (d.title.casefold(), d.document))


def document_tour(retriever) -> list[DocumentSummary]:
    """What each indexed document is: metadata plus an opening sentence or two from the document itself."""
    return document_summaries(retriever, with_description=True)


def glossary_terms_in(text: str, retriever) -> list[str]:
    """Glossary terms (found in the corpus) that `text` names, longest first (e.g. for a memo topic)."""
    corpus = _corpus(retriever)
    hits = [t for t in corpus.terms if _find(t, text)]
    return [t.term for t in sorted(hits, key=lambda t: -len(t.term))]
