"""Figure rows as retrievable facts: a keyword index over what each row says it is.

Each row is indexed by its row label (subject), column label / measure, table title, section, group and
document (title, organisation, municipality), with weights: the row's own labels count most. A question
is scored against it BM25-like (idf-weighted term weights); rows printed on the pages that passage
retrieval found for the question get a boost (the dense and keyword evidence of the text side), so the
search is hybrid without embedding every label. Words of the question that are not in the labels but
close to one (a misspelling: "apparetementen") are matched to it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

import pandas as pd
from rapidfuzz import fuzz, process

from assistant.text import tokenize

# Field -> weight of its words (the row's own labels first).
FIELDS: dict[str, float] = {
    "subject": 1.0, "row_label": 1.0, "measure": 0.9, "column_label": 0.9, "group": 0.6, "table_title": 0.6,
    "section": 0.5, "table": 0.4, "note": 0.25,
}
DOCUMENT_WEIGHT = 0.3
FUZZY_CUTOFF = 88  # rapidfuzz ratio for a misspelled question word
FUZZY_MIN_LENGTH = 6
COMPOUND_MIN_LENGTH = 5  # "opvang" in "winteropvang"; shorter words are too often part of others
COMPOUND_WEIGHT = 0.5
MAX_COMPOUNDS = 20


def _words(value: object) -> list[str]:
    text = str(value or "").replace("_", " ")
    return tokenize(text)


class FigureSearch:
    """Keyword index over the labels of figure rows (positions in the figure frame)."""

    def __init__(self, frame: pd.DataFrame, document_text: Callable[[str], str] | None = None):
        self.size = len(frame)
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        doc_words: dict[str, list[str]] = {}
        pages: dict[tuple[str, int], list[int]] = defaultdict(list)
        for position, row in enumerate(frame.itertuples(index=False)):
            pages[(row.document, int(row.page))].append(position)
            weights: dict[str, float] = {}
            for name, weight in FIELDS.items():
                for token in _words(getattr(row, name, "")):
                    weights[token] = max(weights.get(token, 0.0), weight)
            if document_text is not None:
                if row.document not in doc_words:
                    doc_words[row.document] = _words(document_text(row.document))
                for token in doc_words[row.document]:
                    weights.setdefault(token, DOCUMENT_WEIGHT)
            for token, weight in weights.items():
                postings[token][position] = weight
        self._postings = dict(postings)
        self._idf = {t: math.log(1 + self.size / len(rows)) for t, rows in postings.items()}
        self._vocabulary = list(self._postings)
        self._pages = dict(pages)
        self._document_words = {d: frozenset(w) for d, w in doc_words.items()}

    @property
    def words(self) -> frozenset[str]:
        """Every indexed label word."""
        return frozenset(self._vocabulary)

    def document_words(self, document: str) -> frozenset[str]:
        """The indexed words of a document's title, organisation and place."""
        return self._document_words.get(document, frozenset())

    def on_page(self, document: str, page: int) -> list[int]:
        """Positions of the rows printed on a page."""
        return self._pages.get((document, page), [])

    def known(self, token: str) -> str | None:
        """The indexed word for a question word: itself, or a close spelling of a long word."""
        if token in self._postings:
            return token
        if len(token) < FUZZY_MIN_LENGTH or not self._vocabulary:
            return None
        match = process.extractOne(token, self._vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return match[0] if match else None

    def compounds(self, token: str) -> list[str]:
        """Indexed compound words that end or start with a question word ("opvang" -> "winteropvang")."""
        if len(token) < COMPOUND_MIN_LENGTH:
            return []
        return [w for w in self._vocabulary if w != token and len(w) > len(token) + 2
                and (w.endswith(token) or w.startswith(token))][:MAX_COMPOUNDS]

    def search(self, tokens: Iterable[str], boost: dict[int, float] | None = None) -> dict[int, float]:
        """Row position -> score for the question's word tokens (stemmed), raised by a relative `boost` per
        position (0.5 = 50% more). A word no label uses counts through the compounds that contain it, at
        half weight."""
        scores: dict[int, float] = defaultdict(float)
        for token in set(tokens):
            known = self.known(token)
            matches = [(known, 1.0)] if known is not None else [(w, COMPOUND_WEIGHT) for w in self.compounds(token)]
            for word, factor in matches:
                idf = self._idf[word]
                for position, weight in self._postings[word].items():
                    scores[position] += idf * weight * factor
        for position, factor in (boost or {}).items():
            if position in scores:
                scores[position] *= 1.0 + factor  # relative: rows of one table keep their order
        return dict(scores)

    def idf(self, token: str) -> float:
        known = self.known(token)
        return self._idf.get(known, 0.0) if known else 0.0
