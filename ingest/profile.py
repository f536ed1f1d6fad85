"""What ingest learns about one document (pure): terms, names, periods and a description, kept in the catalog.

The corpus statistics (document frequencies, which documents name a place, which years they cover) are sums
over these per-document profiles, so adding or removing a document never walks the rest of the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from assistant.lexicon import (
    Term,
    curated_terms,
    definition_candidates,
    discover_acronyms,
    find_term,
    may_contain,
)
from assistant.models import Chunk, DocumentInfo, DocumentProfile, GlossaryCandidate, Mention, Page
from assistant.names import acronyms, periods, proper_names
from assistant.sentences import split_sentences
from assistant.text import tokenize

PlaceFinder = Callable[[str], list[str]]

# Sentences in which a document says what it is ("Deze memo informeert u over ...", "Voor u ligt ...").
_SELF = re.compile(
    r"\b(?:(?:deze|dit|het voorliggende) (?:memo|rapportage|voortgangsrapportage|rapport|notitie|bestand|document|"
    r"bundel|brief|onderzoek|quick scan|analyse|begroting|beleidsplan|plan|kader|agenda|programma|"
    r"uitvoeringsprogramma|monitor|evaluatie|raadsvoorstel|voorstel|visie|nota)\b|voor u ligt|hierbij presenteren|"
    r"in deze (?:rapportage|memo|notitie|bundel|begroting|nota))",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"\b(?:informeert|beschrijft|geeft een (?:overzicht|beeld|eerste aanzet)|geeft inzicht|"
                      r"presenteren|richt zich op|gaan we in op|heeft als doel|bevat|schetst|legt .{0,30}vast)\b",
                      re.IGNORECASE)
_AIM = re.compile(r"\b(?:doel|aanleiding|overzicht|stand van zaken|voortgang|resultaat|verklaring|inzicht)\b",
                  re.IGNORECASE)
_HEADING_WORD = re.compile(r"^(?:Aanleiding|Inleiding|Voorwoord|Samenvatting|Doel|Achtergrond)\s+(?=[A-Z])")
_DIGITS = re.compile(r"\d")


def describe_opening(pages: Sequence[Page], max_page: int = 4) -> str:
    """One or two sentences, verbatim from the first pages, that say what the document is about."""
    best: tuple[float, str, str] | None = None
    for page in pages:
        if page.number > max_page:
            break
        sentences = [_HEADING_WORD.sub("", s) for s in split_sentences(page.text)]
        for j, s in enumerate(sentences):
            n = len(s)
            if n < 30 or n > 400 or s[:1].islower() or len(_DIGITS.findall(s)) > 0.1 * n:
                continue
            score = (3.0 * bool(_SELF.search(s)) + 2.0 * bool(_PURPOSE.search(s)) + 0.5 * bool(_AIM.search(s))
                     - 0.3 * (page.number - 1))
            if score <= 1.0 or (best is not None and score <= best[0]):
                continue
            best = (score, s, sentences[j + 1] if j + 1 < len(sentences) else "")
    if best is None:
        return ""
    _, sentence, nxt = best
    if (nxt and len(sentence) < 120 and len(sentence) + len(nxt) < 360 and not nxt[:1].islower()
            and (_SELF.search(nxt) or _PURPOSE.search(nxt)) and not nxt.rstrip().endswith(":")):
        return f"{sentence} {nxt}"
    return sentence


def glossary_candidates(chunks: Sequence[Chunk], per_term: int = 3) -> list[GlossaryCandidate]:
    """Definition-like sentences for the curated terms and the acronyms this document defines."""
    texts = [c.text for c in chunks]
    joined = "\n\n".join(texts)
    lowered = joined.casefold()
    terms = [t for t in curated_terms() if may_contain(t, lowered) and find_term(t, joined)]
    known = {f.casefold() for t in curated_terms() for f in t.surface_forms}
    terms += [Term(short, (long,)) for short, long in discover_acronyms(texts).items() if short.casefold() not in known]
    triples = [(c.index, c.text, c.section) for c in chunks]
    out: list[GlossaryCandidate] = []
    for term in terms:
        for cand in definition_candidates(term, triples, per_term):
            out.append(GlossaryCandidate(term=cand.term, forms=list(cand.forms), chunk_index=cand.chunk_index,
                                         position=cand.position, sentence=cand.sentence, score=cand.score,
                                         defining=cand.defining))
    return out


def build_profile(info: DocumentInfo, pages: Sequence[Page], chunks: Sequence[Chunk],
                  find_places: PlaceFinder, warnings: Sequence[str] = ()) -> DocumentProfile:
    """Terms, mentions (places, names, acronyms), periods and a description of one document."""
    terms: set[str] = set()
    for chunk in chunks:
        terms.update(tokenize(chunk.embed_text))
    places: Counter[str] = Counter()
    names: Counter[str] = Counter()
    shorts: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for page in pages:
        text = page.text
        places.update(find_places(text))
        names.update(proper_names(text))
        shorts.update(acronyms(text))
        named.update(periods(text))
    head = " ".join(p for p in (info.title, info.organisation, info.municipality) if p)
    places.update(find_places(head))
    if info.year:
        named[str(info.year)] += 1
    mentions = [Mention(name=n, kind="place", count=c) for n, c in places.items()]
    taken = set(places)
    mentions += [Mention(name=n, kind="acronym", count=c) for n, c in shorts.items() if n not in taken]
    taken |= set(shorts)
    mentions += [Mention(name=n, kind="name", count=c) for n, c in names.items() if n not in taken]
    return DocumentProfile(terms=sorted(terms), mentions=mentions, periods=dict(named),
                           description=describe_opening(pages), glossary=glossary_candidates(chunks),
                           warnings=list(warnings))
