"""Text helpers shared by ingest and answering (a leaf module: it imports nothing from the project).

- `tokenize`: the one tokenizer of the keyword index, the corpus statistics and sentence scoring: lower-case
  word tokens, Dutch stop words removed, Snowball-stemmed with PyStemmer (C). Each distinct word is stemmed
  once per process (a bounded word -> stem cache); safe to call from many threads at once.
- `fold`: lower case without accents, for name matching.
- `normalise_for_match` / `contains_quote`: whitespace- and hyphenation-insensitive quote matching.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

_TOKEN = re.compile(r"(?u)\b[^\W_][^\W_]+\b")
_EXTRA_STOP = {"welke", "wat", "hoeveel", "waarom", "hoe", "wie", "waar", "wanneer", "the", "what", "which", "how"}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | _EXTRA_STOP

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """One PyStemmer instance per thread (the C stemmer keeps state while it stems a word)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("dutch")
    return stemmer


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one lower-case word (cached: each distinct word is stemmed once)."""
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Lower-case word tokens of at least two characters, stop words removed (not stemmed)."""
    return [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, Dutch stop words removed, stemmed. Numbers are kept as tokens."""
    return [stem(w) for w in words(text)]


def fold(text: str) -> str:
    """Lower case without accents: 'Cliënten' -> 'clienten'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def normalise_for_match(text: str) -> str:
    """Whitespace- and hyphenation-insensitive form, for finding a quote in a page or passage."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑–]+", "", text)


def contains_quote(haystack: str, quote: str) -> bool:
    needle = normalise_for_match(quote)
    return bool(needle) and needle in normalise_for_match(haystack)
